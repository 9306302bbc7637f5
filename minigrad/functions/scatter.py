"""Gathering and scattering along a dim with an index tensor of the input's rank: gather, take_along_dim, scatter,
scatter_add, scatter_reduce. Element i of the index names a position along `dim`; i's own position names the
others (dim 0: out[i][j] = a[index[i][j]][j]). Both directions go through one numpy key (along_key), so a gather's
backward is a scatter-add and a scatter's backward a gather, each differentiable again."""
import warnings

from .grad_utils import as_tensor, is_tensor, run
from .nodiff import NotImplemented
from .arguments import NotAnOperand
from .operands import write_out
from .table import export
from .. import dtypes
from ..dtypes import not_implemented
from ..autograd.function import Op
from ..autograd import views
from ..backend import get_array_module, scatter_add as add_at
from ..dims import check_broadcast, normalize_dim
from ..tensor import Tensor


def as_1d(shape):
    """A 0-d tensor gathers and scatters as a 1-d tensor of one element."""
    return tuple(shape) or (1,)


def along_key(a_shape, dim, index):
    """The numpy key that reaches a[..., index[i], ...] (index[i] at `dim`, i's own coordinates elsewhere) for every
    element i of `index`, on the arrays seen as at least 1-d."""
    xp = get_array_module(index)
    index = index.reshape(as_1d(index.shape))
    d = normalize_dim(dim, len(a_shape))
    return tuple(index if k == d else xp.arange(n).reshape((n,) + (1,) * (index.ndim - 1 - k))
                 for k, n in enumerate(index.shape))


def check_index(name, a, dim, index, src=None):
    """PyTorch's checks of gather's and scatter's arguments: an integer index of a's rank, no larger than a (and
    than src) in the other dims, its values in range along dim."""
    if index.dtype.kind not in 'iu' or index.dtype.itemsize < 4:
        raise RuntimeError(f'{name}(): Expected dtype int32/int64 for index')
    d = normalize_dim(dim, a.ndim)
    if index.size == 0:
        return
    if max(index.ndim, 1) != max(a.ndim, 1):
        raise RuntimeError(f'Index tensor must have the same number of dimensions as {"input" if src is None else "self"}'
                           ' tensor')
    ishape, ashape = as_1d(index.shape), as_1d(a.shape)
    sshape = None if src is None or not hasattr(src, 'shape') else as_1d(src.shape)
    for k, n in enumerate(ishape):
        if sshape is not None and (n > sshape[k] or (k != d and n > ashape[k])):
            raise RuntimeError(f'Expected index {list(ishape)} to be no larger than self {list(ashape)} apart from '
                               f'dimension {d} and to be no larger size than src {list(sshape)}')
        if sshape is None and k != d and n > ashape[k]:
            raise RuntimeError(f'Size does not match at dimension {k} expected index {list(ishape)} to be no larger '
                               f'than self {list(ashape)} apart from dimension {d}')
    check_range(index, ashape[d], d)


def check_range(index, n, d, prefix='', error=RuntimeError, negative=False):
    """PyTorch's error for the first index outside [0, n) ([-n, n) if `negative` ones count from the end):
    'index 5 is out of bounds for dimension 0 with size 3'."""
    bad = first_outside(index, -n if negative else 0, n)
    if bad is not None:
        raise error(f'{prefix}index {bad} is out of bounds for dimension {d} with size {n}')


def first_outside(index, low, high):
    """The first element of index (in C order) outside [low, high), or None."""
    xp = get_array_module(index)
    bad = ((index < low) | (index >= high)).reshape(-1)
    return int(index.reshape(-1)[xp.argmax(bad)]) if bad.any() else None


def src_region(src, index):
    """The elements of src that the index's positions take (src may be larger than index in every dim)."""
    return src[tuple(slice(0, n) for n in as_1d(index.shape))] if src.ndim else src.reshape(1)


def src_grad(node, g_at_index, src_shape, index_shape):
    """The gradient of a scatter's src, g at the index's positions (in src's shape: no view recorded where it is
    already): PyTorch's error when src is larger than index."""
    if tuple(src_shape) != tuple(index_shape):
        raise RuntimeError(f'Function {node} returned an invalid gradient at index 1 - got {list(index_shape)} but '
                           f'expected shape compatible with {list(src_shape)}')
    return g_at_index if tuple(g_at_index.shape) == tuple(src_shape) else g_at_index.reshape(src_shape)


class GatherBackward0(Op):
    """out[i][j] = a[index[i][j]][j] (dim 0; likewise along any dim);  da = zeros(a.shape) with g added at index
    (repeated indices add up)"""
    tensor_params = ('index',)

    @staticmethod
    def forward(ctx, a, dim, index, shape=None):
        """`shape`: the output's, when it is not index's (the ops that select with gather: kthvalue's drops dim)."""
        ctx.save_for_backward(index)
        ctx.shape, ctx.dim, ctx.key = a.shape, dim, along_key(a.shape, dim, index)
        return a.reshape(as_1d(a.shape))[ctx.key].reshape(index.shape if shape is None else shape)

    @staticmethod
    def backward(ctx, g):
        index, = ctx.saved_tensors    # raises if the index changed in place since forward
        if is_tensor(g):    # create_graph: PyTorch's gather_backward, zeros.scatter_add(dim, index, g)
            return g.new_zeros(ctx.shape).scatter_add(ctx.dim, as_tensor(index), g)
        return views.scatter_add(g.reshape(as_1d(index.shape)), as_1d(ctx.shape), ctx.key).reshape(ctx.shape)


def value_selecting_grad(g, dim, index, shape):
    """The gradient of an op that picks values at indices along dim (sort, topk, kthvalue, max(dim), median(dim),
    mode), under create_graph, as PyTorch's value_selecting_reduction_backward: zeros(shape).scatter(dim, index, g),
    with index and g in the input's number of dims (ScatterBackward0)."""
    index = as_tensor(index)
    return g.new_zeros(shape).scatter(dim, index, g.reshape(index.shape))


def unscattered(g, dim, index):
    """g with zeros at index, as PyTorch's g.scatter(dim, index, 0) (ScatterBackward1 under create_graph)."""
    return run(ScatterBackward1, g, dim=dim, index=index, value=0)


def gathered(node, g, dim, index, src_shape):
    """The gradient of a scatter's src, as PyTorch's g.gather(dim, index) (GatherBackward0 under create_graph)."""
    return src_grad(node, run(GatherBackward0, g, dim=dim, index=index), src_shape, index.shape)


class ScatterBackward0(Op):
    """out = a with out[index[i][j]][j] = src[i][j] (dim 0; the last write wins);  da = g.scatter(dim, index, 0),
    dsrc = g.gather(dim, index) (src's shape must be index's)"""
    tensor_params = ('index',)

    @staticmethod
    def forward(ctx, a, src, dim, index):
        ctx.save_for_backward(index)
        ctx.dim, ctx.src_shape = dim, src.shape
        out = a.reshape(as_1d(a.shape)).copy()
        out[along_key(a.shape, dim, index)] = src_region(src, index)
        return out.reshape(a.shape)

    @staticmethod
    def backward(ctx, g):
        index, = ctx.saved_tensors
        ga = unscattered(g, ctx.dim, index)
        if not ctx.needs_input_grad[1]:
            return ga, None
        return ga, gathered('ScatterBackward0', g, ctx.dim, index, ctx.src_shape)


class ScatterBackward1(Op):
    """out = a with out[index[i][j]][j] = value (dim 0; value a number);  da = g.scatter(dim, index, 0)"""
    tensor_params = ('index',)

    @staticmethod
    def forward(ctx, a, dim, index, value):
        ctx.save_for_backward(index)
        ctx.dim = dim
        out = a.reshape(as_1d(a.shape)).copy()
        out[along_key(a.shape, dim, index)] = value
        return out.reshape(a.shape)

    @staticmethod
    def backward(ctx, g):
        index, = ctx.saved_tensors
        return unscattered(g, ctx.dim, index)


class ScatterAddBackward0(Op):
    """out = a with src[i][j] added at out[index[i][j]][j] (dim 0; repeated indices add up);  da = g,
    dsrc = g.gather(dim, index)"""
    tensor_params = ('index',)

    @staticmethod
    def forward(ctx, a, src, dim, index):
        ctx.save_for_backward(index)
        ctx.dim, ctx.src_shape = dim, src.shape
        out = a.reshape(as_1d(a.shape)).copy()
        add_at(out, along_key(a.shape, dim, index), src_region(src, index))
        return out.reshape(a.shape)

    @staticmethod
    def backward(ctx, g):
        if not ctx.needs_input_grad[1]:     # (index is read only for src's gradient, as PyTorch's)
            return g, None
        index, = ctx.saved_tensors
        return g, gathered('ScatterAddBackward0', g, ctx.dim, index, ctx.src_shape)


REDUCTIONS = ('sum', 'prod', 'mean', 'amax', 'amin')
LEGACY = {'max': 'amax', 'min': 'amin'}     # scatter_reduce's forward takes these too; its backward refuses them
UFUNCS = {'sum': 'add', 'prod': 'multiply', 'mean': 'add', 'amax': 'maximum', 'amin': 'minimum', 'add': 'add',
          'multiply': 'multiply'}


def reduce_at(a, dim, index, src, reduce, include_self=True):
    """a with src reduced into it at index (scatter_reduce's forward): the positions index reaches start from the
    reduction's identity unless include_self; 'mean' divides by how many values met (floor division for
    integers)."""
    xp = get_array_module(a)
    reduce = LEGACY.get(reduce, reduce)
    out = a.reshape(as_1d(a.shape)).copy()
    key, src = along_key(a.shape, dim, index), src_region(src, index)
    if not include_self:
        out[key] = identity(reduce, xp, a.dtype)
    if UFUNCS[reduce] == 'add':
        add_at(out, key, src)
    else:
        apply_at(getattr(xp, UFUNCS[reduce]), out, key, src)
    if reduce == 'mean':
        count = xp.full(out.shape, 1 if include_self else 0, out.dtype)
        add_at(count, key, 1)
        count[count == 0] = 1
        out = out / count if out.dtype.kind == 'f' else out // count
    return out.reshape(a.shape)


def apply_at(ufunc, out, key, values):
    """out[key] = ufunc(out[key], values) one value at a time, in order, repeated positions too (numpy's ufunc.at,
    which cupy has only for add): in rounds, the k-th value for each position in round k."""
    xp = get_array_module(out)
    key = xp.broadcast_arrays(*key)
    if not key[0].size:
        return
    pos = xp.ravel_multi_index(tuple(k.reshape(-1) for k in key), out.shape)
    values = xp.broadcast_to(values, key[0].shape).reshape(-1)
    order = xp.argsort(pos, kind='stable')
    ranked = pos[order]
    starts = xp.ones(len(pos), bool)
    starts[1:] = ranked[1:] != ranked[:-1]
    at = xp.arange(len(pos))
    rank = xp.empty_like(at)
    rank[order] = at - at[starts][xp.cumsum(starts) - 1]
    flat = out.reshape(-1)
    for r in range(int(rank.max()) + 1):
        now = rank == r
        flat[pos[now]] = ufunc(flat[pos[now]], values[now])


def identity(reduce, xp, dtype):
    """The value a reduction starts from: 0 for sums, 1 for products, the lowest/highest value for max/min."""
    if reduce not in ('amax', 'amin'):
        return 1 if reduce == 'prod' else 0
    if dtype.kind == 'b':
        return reduce == 'amin'
    low, high = (-xp.inf, xp.inf) if dtype.kind == 'f' else (xp.iinfo(dtype).min, xp.iinfo(dtype).max)
    return low if reduce == 'amax' else high


class ScatterReduceBackward0(Op):
    """out = a with src reduced in at index (sum, prod, mean, amax, amin; a's own value too if include_self);
    da = g (sum), g / count (mean), g * out / a (prod), g shared by the values equal to the result: (a == out) * share
    (amax, amin);  dsrc likewise, gathered at index"""
    tensor_params = ('index',)

    @staticmethod
    def forward(ctx, a, src, dim, index, reduce, include_self):
        ctx.dim, ctx.reduce, ctx.include_self = dim, reduce, include_self
        out = reduce_at(a, dim, index, src, reduce, include_self)
        ctx.save_for_backward(a, src, index, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, src, index, out = ctx.saved_tensors
        return on_tensors(scatter_reduce_grads, g, a, src, index, out, dim=ctx.dim, reduce=ctx.reduce,
                          include_self=ctx.include_self, excluded=ctx.excluded)

    def excluded(self, ga, index):
        """ga with 0 where src went in (include_self=False: a's own values took no part), as PyTorch's
        scatter(dim, index, 0)."""
        return ga.scatter(self.dim, index, 0)


def on_tensors(formula, *xs, **params):
    """A backward formula written with Tensor ops: recorded on the Tensors of a create_graph backward, or run on
    arrays (wrapped without a graph, unwrapped after) in a plain backward."""
    if any(is_tensor(x) for x in xs):
        return formula(*[as_tensor(x) for x in xs], **params)
    return tuple(None if r is None else r._data for r in formula(*[Tensor._make(x) for x in xs], **params))


def scatter_reduce_grads(g, a, src, index, out, dim, reduce, include_self, excluded):
    """PyTorch's gradients of scatter_reduce (scatter_reduce_backward; index_reduce's, with its node's `excluded`)."""
    if reduce not in REDUCTIONS:
        raise RuntimeError(f"Expected 'reduce' to be one of 'sum', 'prod', 'mean', 'amax', 'amin' but got {reduce}.")
    if reduce == 'sum':
        ga, gs = g, g.gather(dim, index)
    elif reduce == 'mean':
        n = (a.new_ones if include_self else a.new_zeros)(a.shape).scatter_add(dim, index, src.new_ones(src.shape))
        n = n.masked_fill(n == 0, 1)
        ga = g / n
        gs = g.gather(dim, index) / n.gather(dim, index)
    elif reduce == 'prod':
        a1 = a.masked_fill(a == 0, 1)
        ga = g * a1.scatter_reduce(dim, index, src, 'prod', include_self=include_self) / a1
        src_zero = src == 0
        zeros_there = a.new_zeros(a.shape).scatter_add(dim, index, src_zero.to(a.dtype)).gather(dim, index)
        single_zero = src_zero & (zeros_there == 1)
        others = a.scatter_reduce(dim, index, src.masked_fill(single_zero, 1), 'prod', include_self=include_self)
        gs = (g * others).gather(dim, index).where(single_zero, (g * out).gather(dim, index) /
                                                   src.masked_fill(src_zero, 1))
    else:   # amax, amin: g shared evenly by the values equal to the result
        value = out.gather(dim, index)
        a_is, src_is = a == out, src == value
        share = g / a_is.to(a.dtype).scatter_add(dim, index, src_is.to(a.dtype))
        ga, gs = a_is * share, src_is * share.gather(dim, index)
    if not include_self:
        ga = excluded(ga, index)
    return ga, src_grad('ScatterReduceBackward0', gs, src.shape, index.shape)


def same_dtype(input, src):
    if src._data.dtype != input._data.dtype:
        raise RuntimeError('scatter(): Expected self.dtype to be equal to src.dtype')


def scatter_reduced(input, src, dim, index, reduce):
    """scatter(..., reduce='add' or 'multiply'): a result PyTorch records but cannot differentiate."""
    out = reduce_at(input._data, dim, index._data, src._data, reduce)
    return NotImplemented.apply(input, src, out=out, aten='scatter')


@export()
def gather(input, dim, index, *, sparse_grad=False, out=None):
    if sparse_grad:
        raise NotImplementedError('minigrad: gather(sparse_grad=True) is not supported (no sparse tensors)')
    check_index('gather', input._data, dim, index._data)
    return write_out(GatherBackward0.apply(input, dim=dim, index=index), out, 'gather')


@export(inplace=True)
def scatter(input, dim, index, src=None, value=None, *, reduce=None, out=None):
    """scatter(dim, index, src) or scatter(dim, index, value) (a number); reduce='add' or 'multiply'."""
    if not isinstance(src, Tensor):
        src, value = None, src if value is None else value
    check_index('scatter', input._data, dim, index._data, src._data if src is not None else None)
    if reduce is not None and reduce not in ('add', 'multiply'):
        raise RuntimeError('reduce argument must be either add or multiply.')
    if src is None:
        value = dtypes.checked_value(value, input._data.dtype)
        if reduce:
            result = scatter_reduced(input, Tensor._make(input.xp.full(index.shape, value, input._data.dtype)), dim,
                                     index, reduce)
        else:
            result = ScatterBackward1.apply(input, dim=dim, index=index, value=value)
    else:
        same_dtype(input, src)
        if reduce:
            warnings.warn('The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in '
                          'a future PyTorch release. Use torch.scatter_reduce instead for more reduction options.')
            result = scatter_reduced(input, src, dim, index, reduce)
        else:
            result = ScatterBackward0.apply(input, src, dim=dim, index=index)
    return write_out(result, out, 'scatter')


@export(inplace=True)
def scatter_add(input, dim, index, src, *, out=None):
    if not isinstance(src, Tensor):
        raise NotAnOperand(src, 'src', 4)
    check_index('scatter', input._data, dim, index._data, src._data)
    same_dtype(input, src)
    return write_out(ScatterAddBackward0.apply(input, src, dim=dim, index=index), out, 'scatter_add')


@export(inplace=True)
def scatter_reduce(input, dim, index, src, reduce, *, include_self=True, out=None):
    if reduce not in REDUCTIONS + tuple(LEGACY):
        raise RuntimeError(f'reduce argument must be either sum, prod, mean, amax or amin, got {reduce}')
    check_index('scatter', input._data, dim, index._data, src._data)
    same_dtype(input, src)
    if reduce == 'mean' and input._data.dtype.kind == 'b':
        not_implemented('scatter_gather_tensor_cpu_reduce_mean', input._data.dtype)
    return write_out(ScatterReduceBackward0.apply(input, src, dim=dim, index=index, reduce=reduce,
                                                  include_self=include_self), out, 'scatter_reduce')


@export()
def take_along_dim(input, indices, dim=None, *, out=None):
    """gather with indices broadcast against input in the other dims; no dim: along the flattened input."""
    if indices._data.dtype.kind not in 'iu' or indices._data.itemsize != 8:
        raise RuntimeError(f'torch.take_along_dim(): dtype of indices should be Long but got '
                           f'{dtypes.title(indices.dtype)}')
    if dim is None:
        return gather(input.reshape(-1), 0, indices.reshape(-1), out=out)
    if input.ndim != indices.ndim:
        raise RuntimeError(f'torch.take_along_dim(): input and indices should have the same number of dimensions, '
                           f'but got {input.ndim} dimensions for input, and {indices.ndim} dimensions for indices')
    d = normalize_dim(dim, input.ndim)
    shape = list(check_broadcast(input.shape[:d] + (1,) + input.shape[d + 1:],
                                 indices.shape[:d] + (1,) + indices.shape[d + 1:]))
    if list(input.shape[:d] + input.shape[d + 1:]) != shape[:d] + shape[d + 1:]:
        input = input.expand(*shape[:d], input.shape[d], *shape[d + 1:])
    if list(indices.shape[:d] + indices.shape[d + 1:]) != shape[:d] + shape[d + 1:]:
        indices = indices.expand(*shape[:d], indices.shape[d], *shape[d + 1:])
    return gather(input, d, indices, out=out)
