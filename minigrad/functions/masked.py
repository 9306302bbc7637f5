"""Ops with a boolean mask: masked_fill (a value where the mask is True), masked_select (the elements there, in a
1-d tensor) and masked_scatter (a source's elements written there, in order). The input and the mask broadcast."""
import numbers

from .arguments import NotAnOperand, overloads
from .binary import C_TYPE_NAMES
from .grad_utils import masked, run, zeroed, zeros
from .operands import write_out
from .table import export
from .. import dtypes
from ..autograd.function import Op
from ..autograd.views import expanded_warning
from ..backend import get_array_module
from ..dims import check_broadcast
from ..tensor import Tensor


def where_set(mask):
    """The key of the elements where `mask` (at least 1-d) is True: one index array per dim, in C order."""
    return get_array_module(mask).nonzero(mask.reshape(mask.shape or (1,)))


class MaskedFillBackward0(Op):
    """out = value where mask, else a (value a number);  da = g where not mask"""
    tensor_params = ('mask',)

    @staticmethod
    def forward(ctx, a, mask, value):
        ctx.mask = mask
        return get_array_module(a).where(mask, get_array_module(a).asarray(value).astype(a.dtype), a)

    @staticmethod
    def backward(ctx, g):
        return zeroed(g, ctx.mask)


class MaskedFillBackward1(Op):
    """out = value where mask, else a (value a 0-d tensor);  da = g where not mask,  dvalue = sum of g where mask"""
    tensor_params = ('mask',)

    @staticmethod
    def forward(ctx, a, value, mask):
        ctx.mask = mask
        return get_array_module(a).where(mask, value.astype(a.dtype), a)

    @staticmethod
    def backward(ctx, g):
        return zeroed(g, ctx.mask), masked(g, ctx.mask)


def picked(a, mask):
    """The elements of a (broadcast with mask) where mask is True, in order, 1-d; and the shape they broadcast to."""
    xp = get_array_module(a)
    shape = check_broadcast(mask.shape, a.shape)
    return xp.broadcast_to(a, shape).reshape(shape or (1,))[where_set(xp.broadcast_to(mask, shape))], shape


def put_back(g, shape, mask):
    """zeros(shape) with g's elements written where mask is True, in order, as PyTorch's masked_select_backward:
    zeros.masked_scatter(mask, g) (MaskedScatterBackward0 under create_graph)."""
    return run(MaskedScatterBackward0, zeros(shape, g), g, mask=mask)


class MaskedSelectBackward0(Op):
    """out = the elements of a (broadcast with mask) where mask, in order, 1-d;
    da = zeros(shape).masked_scatter(mask, g): g put back there"""
    tensor_params = ('mask',)

    @staticmethod
    def forward(ctx, a, mask):
        ctx.save_for_backward(mask)
        out, ctx.shape = picked(a, mask)
        return out

    @staticmethod
    def backward(ctx, g):
        mask, = ctx.saved_tensors
        return put_back(g, ctx.shape, mask)


class MaskedScatterBackward0(Op):
    """out = a (broadcast with mask) with its elements where mask replaced, in order, by the first elements of
    source;  da = g.masked_fill(mask, 0),  dsource = masked_scatter_backward(g, mask): g where mask, in order, then
    zeros (a node of its own, MaskedScatterBackwardBackward0)"""
    tensor_params = ('mask',)

    @staticmethod
    def forward(ctx, a, source, mask):
        xp = get_array_module(a)
        ctx.save_for_backward(mask)
        ctx.source_shape = source.shape
        shape = check_broadcast(mask.shape, a.shape)
        key = where_set(xp.broadcast_to(mask, shape))
        n = len(key[0])
        if source.size < n:
            raise RuntimeError('Number of elements of source < number of ones in mask')
        out = xp.broadcast_to(a, shape).reshape(shape or (1,)).copy()
        out[key] = source.reshape(-1)[:n]
        return out.reshape(shape)

    @staticmethod
    def backward(ctx, g):
        mask, = ctx.saved_tensors
        return zeroed(g, mask), run(MaskedScatterBackwardBackward0, g, mask=mask, shape=ctx.source_shape)


class MaskedScatterBackwardBackward0(Op):
    """masked_scatter's gradient for its source as an op (PyTorch's masked_scatter_backward): out = the elements of
    g where mask, in order, then zeros, in `shape`;  dg = zeros(g.shape).masked_scatter(mask, gg)"""
    tensor_params = ('mask',)

    @staticmethod
    def forward(ctx, g, mask, shape):
        ctx.save_for_backward(mask)
        ctx.shape = g.shape
        selected, _ = picked(g, mask)
        out = get_array_module(g).zeros(shape, g.dtype)
        out.reshape(-1)[:len(selected)] = selected
        return out

    @staticmethod
    def backward(ctx, gg):
        mask, = ctx.saved_tensors
        return put_back(gg, ctx.shape, mask)


def bool_mask(mask, message):
    if mask._data.dtype.kind != 'b':
        raise RuntimeError(message(mask._data.dtype))
    return mask


@export(inplace=True)
@overloads(('Tensor input, Tensor mask, Tensor value', 'Tensor input, Tensor mask, Number value'),
           ('Tensor mask, Tensor value', 'Tensor mask, Number value'), keywords=None)
def masked_fill(input, mask, value):
    if not isinstance(value, (Tensor, numbers.Number)):
        raise NotAnOperand(value)
    bool_mask(mask, lambda d: 'masked_fill_ only supports boolean masks, but got mask with dtype '
                              f'{C_TYPE_NAMES[d.name]}')
    if isinstance(value, Tensor) and value.ndim:
        raise RuntimeError('masked_fill_ only supports a 0-dimensional value tensor, but got tensor with '
                           f'{value.ndim} dimension(s).')
    check_broadcast(mask.shape, input.shape)
    if isinstance(value, Tensor):
        return MaskedFillBackward1.apply(input, value, mask=mask)
    return MaskedFillBackward0.apply(input, mask=mask, value=dtypes.checked_value(value, input._data.dtype))


def masked_fill_written(input, mask, value):
    """The elements masked_fill_ writes (into an expanded input, with PyTorch's warning): where mask is True."""
    expanded_warning('masked_fill_', 'tensor[mask] = scalar')
    return input.xp.broadcast_to(mask._data, input.shape)


masked_fill.written = masked_fill_written


@export()
def masked_select(input, mask, *, out=None):
    bool_mask(mask, lambda d: 'masked_select: expected BoolTensor for mask')
    return write_out(MaskedSelectBackward0.apply(input, mask=mask), out, 'masked_select')


@export(inplace=True)
def masked_scatter(input, mask, source):
    bool_mask(mask, lambda d: f'masked_scatter_ only supports boolean masks, but got mask with dtype '
                              f'{dtypes.title(d)}')
    if source._data.dtype != input._data.dtype:
        raise RuntimeError('masked_scatter: expected self and source to have same dtypes but got'
                           f'{dtypes.title(input.dtype)} and {dtypes.title(source.dtype)}')
    return MaskedScatterBackward0.apply(input, source, mask=mask)
