"""Sums of other kinds over dims: logsumexp (in log space), nansum and nanmean (NaNs left out), count_nonzero."""
from . import grad_utils
from .compare import constant
from .grad_utils import broadcast_to, fixed
from .operands import floating, numpy_names, write_out
from .reduce import accumulated
from .table import export
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import keepdim_shape, normalize_dims
from ..dtypes import title


class LogsumexpBackward0(Op):
    """out = log(sum(e^a)) over dims, as m + log(sum(e^(a - m))) with m the max (0 where it is infinite);
    da = g * e^(a - out)"""

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        xp = get_array_module(a)
        axes = normalize_dims(dim, a.ndim)
        ctx.kshape = keepdim_shape(a.shape, axes)
        peak = a.max(axis=axes, keepdims=True) if a.size else xp.zeros(ctx.kshape, a.dtype)
        peak = xp.where(xp.isinf(peak), 0, peak)
        out = xp.log(xp.exp(a - peak).sum(axis=axes, keepdims=True)) + peak
        out = out if keepdim else out.reshape(tuple(n for i, n in enumerate(a.shape) if i not in axes))
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        return g.reshape(ctx.kshape) * grad_utils.exp(a - out.reshape(ctx.kshape))


class NansumBackward0(Op):
    """out = the sum of the elements of a that are not NaN, over dims;  da = g * (a is not NaN), a product as
    PyTorch's formula: an inf g gives NaN at a NaN (nanmean of all NaN divides by a count of 0)"""

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        axes = normalize_dims(dim, a.ndim)
        ctx.shape, ctx.kshape = a.shape, keepdim_shape(a.shape, axes)
        if a.dtype.kind == 'f':
            ctx.number = ~get_array_module(a).isnan(a)
        ctx.save_for_backward(a)    # as PyTorch: an in-place change to a before backward is its error
        return get_array_module(a).nansum(a, axis=axes, keepdims=keepdim, dtype=accumulated(a))

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors
        return broadcast_to(g.reshape(ctx.kshape), ctx.shape) * fixed(ctx.number, g)


@export()
@numpy_names
def logsumexp(input, dim, keepdim=False, *, out=None):
    return write_out(LogsumexpBackward0.apply(floating(input), dim=dim, keepdim=keepdim), out, 'logsumexp')


@export()
@numpy_names
def nansum(input, dim=None, keepdim=False, *, dtype=None, out=None):
    src = input if dtype is None else input.to(dtype)
    return write_out(NansumBackward0.apply(src, dim=dim, keepdim=keepdim), out, 'nansum')


@export()
@numpy_names
def nanmean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    """nansum / the count of elements that are not NaN (PyTorch's composite: its node is DivBackward0)."""
    if input._data.dtype.kind != 'f':
        raise RuntimeError('nanmean(): expected input to have floating point or complex dtype but got '
                           f'{title(input._data.dtype)}')
    counted = ~input.xp.isnan(input._data)
    count = constant(input, counted.sum(axis=normalize_dims(dim, input.ndim), keepdims=keepdim))
    return write_out(nansum(input, dim, keepdim, dtype=dtype) / count, out, 'nanmean')


@export()
@numpy_names
def count_nonzero(input, dim=None):
    return constant(input, (input._data != 0).sum(axis=normalize_dims(dim, input.ndim)).astype('int64'))
