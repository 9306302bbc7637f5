"""Ops that index one dim with a vector of indices: index_select (those slices), index_add, index_copy, index_fill
(into those slices); index_put (x[indices] = values as a function, accumulate= adds); take (from the flattened
input). Each one's key reaches the slices: (:, ..., :, index) with `index` at dim."""
from .arguments import must_be
from .elementwise import MulBackward1
from .grad_utils import as_tensor, broadcast_to, is_tensor, run, zeros
from .index import IndexPutBackward0, index_key
from .operands import write_out
from .scatter import check_range, first_outside
from .table import export
from .. import dtypes
from ..autograd import views
from ..autograd.function import Op
from ..backend import get_array_module, scatter_add as add_at
from ..dims import normalize_dim
from ..tensor import Tensor


def dim_key(ndim, dim, index):
    """The key of the slices `index` names along dim (a 0-d tensor is seen as 1-d, a 0-d index as a 1-vector)."""
    return (slice(None),) * normalize_dim(dim, ndim) + (index.reshape(-1),)


def as_1d(a):
    return a.reshape(a.shape or (1,))


class IndexSelectBackward0(Op):
    """out = the slices of a at index along dim;  da = zeros(a.shape) with g added at those slices (repeats add up)"""
    tensor_params = ('index',)

    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.save_for_backward(index)
        ctx.shape, ctx.dim, ctx.key = a.shape, dim, dim_key(a.ndim, dim, index)
        out = as_1d(a)[ctx.key]
        return out if a.ndim else out.reshape(())

    @staticmethod
    def backward(ctx, g):
        index, = ctx.saved_tensors
        if is_tensor(g):     # create_graph: PyTorch's index_select_backward, zeros.index_add(dim, index, g)
            return g.new_zeros(ctx.shape).index_add(ctx.dim, as_tensor(index), g)
        return views.scatter_add(as_1d(g), ctx.shape or (1,), ctx.key).reshape(ctx.shape)


def source_grad(g, dim, index, source_shape):
    """The gradient of index_add's and index_copy's source, as PyTorch's: g.index_select(dim, index).expand_as(source)
    (a 0-d source: the one slice itself)."""
    gs = run(IndexSelectBackward0, g, dim=dim, index=index)
    return broadcast_to(gs, source_shape) if source_shape else gs


def unfilled(g, dim, index):
    """g with zeros in the slices index names along dim, as PyTorch's g.index_fill(dim, index, 0)."""
    return run(IndexFillBackward0, g, dim=dim, index=index, value=0)


class IndexAddBackward0(Op):
    """out = a with alpha * source added at the slices index names along dim (repeats add up);  da = g,
    dsource = alpha * g.index_select(dim, index)"""
    tensor_params = ('index',)

    @staticmethod
    def forward(ctx, a, source, dim, index, alpha):
        ctx.save_for_backward(index)
        ctx.dim, ctx.alpha, ctx.source_shape = dim, alpha, source.shape
        out = as_1d(a).copy()
        add_at(out, dim_key(a.ndim, dim, index), as_1d(source) * alpha if alpha != 1 else as_1d(source))
        return out.reshape(a.shape)

    @staticmethod
    def backward(ctx, g):
        if not ctx.needs_input_grad[1]:     # (index is read only for source's gradient, as PyTorch's)
            return g, None
        index, = ctx.saved_tensors
        gs = source_grad(g, ctx.dim, index, ctx.source_shape)
        return g, (MulBackward1.of(gs, ctx.alpha) if ctx.alpha != 1 else gs)


class IndexCopyBackward0(Op):
    """out = a with the slices index names along dim replaced by source's;  da = g.index_fill(dim, index, 0),
    dsource = g.index_select(dim, index)"""
    tensor_params = ('index',)

    @staticmethod
    def forward(ctx, a, source, dim, index):
        ctx.save_for_backward(index)
        ctx.dim, ctx.source_shape = dim, source.shape
        out = as_1d(a).copy()
        out[dim_key(a.ndim, dim, index)] = as_1d(source)
        return out.reshape(a.shape)

    @staticmethod
    def backward(ctx, g):
        index, = ctx.saved_tensors
        return unfilled(g, ctx.dim, index), source_grad(g, ctx.dim, index, ctx.source_shape)


class IndexFillBackward0(Op):
    """out = a with value (a number) in the slices index names along dim;  da = g.index_fill(dim, index, 0)"""
    tensor_params = ('index',)

    @staticmethod
    def forward(ctx, a, dim, index, value):
        ctx.save_for_backward(index)
        ctx.dim = dim
        out = as_1d(a).copy()
        out[dim_key(a.ndim, dim, index)] = value
        return out.reshape(a.shape)

    @staticmethod
    def backward(ctx, g):
        index, = ctx.saved_tensors
        return unfilled(g, ctx.dim, index)


class IndexFillBackward1(IndexFillBackward0):
    """out = a with value (a 0-d tensor) in the slices index names along dim;  da = g.index_fill(dim, index, 0),
    dvalue = g.index_select(dim, unique(index)).sum(): the sum of g there, each slice once (a negative index counted
    from the end, which PyTorch's index_select there refuses)"""

    @staticmethod
    def forward(ctx, a, value, dim, index):
        return IndexFillBackward0.forward(ctx, a, dim, index, value.astype(a.dtype))

    @staticmethod
    def backward(ctx, g):
        index, = ctx.saved_tensors
        n = g.shape[normalize_dim(ctx.dim, g.ndim)] if g.ndim else 1
        once = get_array_module(index).unique(index % n)
        return unfilled(g, ctx.dim, index), run(IndexSelectBackward0, g, dim=ctx.dim, index=once).sum()


class TakeBackward0(Op):
    """out = a flattened, at index (negative indices count from the end);  da = zeros(a.shape).put(index, g,
    accumulate=True): g added at index"""
    tensor_params = ('index',)

    @staticmethod
    def forward(ctx, a, index):
        ctx.save_for_backward(index)
        ctx.shape = a.shape
        return a.reshape(-1)[index % max(a.size, 1)]

    @staticmethod
    def backward(ctx, g):
        index, = ctx.saved_tensors
        return run(PutBackward0, zeros(ctx.shape, g), g, index=index, accumulate=True)


class PutBackward0(Op):
    """out = a with its elements at the flat positions `index` set to source (added to: accumulate);
    da = g with those positions zeroed (g itself: accumulate),  dsource = g flattened, at index"""
    tensor_params = ('index',)

    @staticmethod
    def forward(ctx, a, source, index, accumulate):
        ctx.save_for_backward(index)
        ctx.index, ctx.accumulate, ctx.source_shape = index, accumulate, source.shape
        if accumulate:      # da = g keeps an efficient zero (autograd.gradients.MATERIALIZE: not so without)
            ctx.zero_rule = (False, False)
        out = a.copy()      # C order: its flat view is out itself
        if accumulate:
            add_at(out.reshape(-1), (index.reshape(-1),), source.reshape(-1))
        else:
            out.reshape(-1)[index.reshape(-1)] = source.reshape(-1)
        return out

    @staticmethod
    def backward(ctx, g):
        index, = ctx.saved_tensors
        if is_tensor(g):    # create_graph: through the graph
            da = g if ctx.accumulate else put(g, index, g.new_zeros(index.shape))
            return da, take(g, index).reshape(ctx.source_shape)
        da = g if ctx.accumulate else g.copy()
        if not ctx.accumulate:
            da.reshape(-1)[index.reshape(-1)] = 0
        return da, g.reshape(-1)[index].reshape(ctx.source_shape)


def vector(index, kinds, dtype_error, dim_error):
    """The index as PyTorch's index_* ops take it: an integer vector (or a 0-d tensor, one index)."""
    if index._data.dtype.kind not in 'iu' or index._data.dtype.itemsize < kinds:
        raise dtype_error
    if index.ndim > 1:
        raise dim_error
    return index


@export()
def index_select(input, dim, index, *, out=None):
    vector(index, 4, RuntimeError('index_select(): Expected dtype int32 or int64 for index'),
           IndexError('index_select(): Index is supposed to be a vector'))
    d = normalize_dim(dim, input.ndim)
    n = input.shape[d] if input.ndim else 1
    if first_outside(index._data, 0, n) is not None:
        raise IndexError('index out of range in self')
    return write_out(IndexSelectBackward0.apply(input, dim=dim, index=index), out, 'index_select')


def check_source(name, input, dim, index, source, count_error):
    """index_add's and index_copy's checks that source has index's length along dim."""
    d = normalize_dim(dim, input.ndim)
    src_n = source.shape[d] if source.ndim > d else 1
    if index.numel() != src_n:
        raise count_error(index.numel(), src_n)
    return d


@export(inplace=True)
def index_add(input, dim, index, source, *, alpha=1, out=None):
    vector(index, 4, RuntimeError(f'index_add_(): Expected dtype int32/int64 for index but got: '
                                  f'{dtypes.title(index.dtype)}'),
           IndexError(f'index_add_(): Index is supposed to be a vector, but got dim: {index.ndim} with type: '
                      f'{dtypes.title(index.dtype)} and size: {list(index.shape)}'))
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f'index_add_(): self ({dtypes.title(input.dtype)}) and source '
                           f'({dtypes.title(source.dtype)}) must have the same scalar type')
    d = check_source('index_add_', input, dim, index, source, lambda n, m: RuntimeError(
        f'index_add_(): Number of indices ({n}) should be equal to source.size(dim): ({m}), for dim: {dim}'))
    if input.ndim and (source.ndim != input.ndim or any(s != n for k, (s, n) in enumerate(zip(source.shape,
                                                                                           input.shape)) if k != d)):
        raise RuntimeError(f'source tensor shape must match self tensor shape, excluding the specified dimension. '
                           f'Got self.shape = {list(input.shape)} source.shape = {list(source.shape)}')
    check_range(index._data, input.shape[d] if input.ndim else 1, d)
    return write_out(IndexAddBackward0.apply(input, source, dim=dim, index=index, alpha=alpha), out, 'index_add')


@export(inplace=True)
def index_copy(input, dim, index, source, *, out=None):
    vector(index, 8, RuntimeError(f'index_copy_(): Expected a long tensor for index, but got '
                                  f'{dtypes.title(index.dtype)}'),
           IndexError(f'index_copy_(): Index should have dimension 1 or 0 (got {index.ndim})'))
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f'index_copy_(): self and source expected to have the same dtype, but got (self) '
                           f'{dtypes.title(input.dtype)} and (source) {dtypes.title(source.dtype)}')
    d = check_source('index_copy_', input, dim, index, source, lambda n, m: IndexError(
        f'index_copy_(): Number of indices ({n}) should be equal to source.size(dim) ({m})'))
    rest = [n for k, n in enumerate(input.shape) if k != d]
    src_rest = [n for k, n in enumerate(source.shape) if k != d]
    if input.ndim and rest != src_rest:
        raise RuntimeError(f'index_copy_(): Source/destination tensor must have same slice shapes. Destination slice '
                           f'shape: {" ".join(map(str, rest))} at dimension {d} and source slice shape: '
                           f'{" ".join(map(str, src_rest))} at dimension 0.')
    check_range(index._data, input.shape[d] if input.ndim else 1, d, 'index_copy_(): ', IndexError)
    return write_out(IndexCopyBackward0.apply(input, source, dim=dim, index=index), out, 'index_copy')


@export(inplace=True)
def index_fill(input, dim, index, value):
    vector(index, 8, IndexError('index_fill_(): Expected dtype int64 for index.'),
           RuntimeError('Index has to be a vector/scalar'))
    d = normalize_dim(dim, input.ndim)
    check_range(index._data, input.shape[d] if input.ndim else 1, d, error=IndexError, negative=True)
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError('index_fill_ only supports a 0-dimensional value tensor, but got tensor with '
                               f'{value.ndim} dimension(s).')
        return IndexFillBackward1.apply(input, value, dim=dim, index=index)
    return IndexFillBackward0.apply(input, dim=dim, index=index, value=dtypes.checked_value(value, input._data.dtype))


def index_fill_written(input, dim, index, value):
    """The elements index_fill_ writes (into an expanded input, with PyTorch's warning): the slices at index along
    dim."""
    views.expanded_warning('index_fill_', 'tensor[mask] = scalar')
    written = as_1d(input.xp.zeros(input.shape, bool))
    written[dim_key(input.ndim, dim, index._data)] = True
    return written.reshape(input.shape)


index_fill.written = index_fill_written


@export()
def index_put(input, indices, values, accumulate=False):
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"index_put(): argument 'indices' (position 1) must be tuple of Tensors, not "
                        f"{type(indices).__name__}")
    for k, i in enumerate(indices):
        if not isinstance(i, Tensor):
            raise TypeError(f'expected Tensor as element {k} in argument 0, but got {type(i).__name__}')
    if values._data.dtype != input._data.dtype:
        raise RuntimeError(f'Index put requires the source and destination dtypes match, got '
                           f'{dtypes.title(input.dtype)} for the destination and {dtypes.title(values.dtype)} for '
                           f'the source.')
    key = index_key(tuple(indices), input.device)
    arrays = [k._data for k in key if k._data.dtype.kind != 'b']
    try:
        get_array_module(input._data).broadcast_shapes(*[a.shape for a in arrays])
    except ValueError:
        raise IndexError('shape mismatch: indexing tensors could not be broadcast together with shapes '
                         + ', '.join(str(list(a.shape)) for a in arrays)) from None
    return IndexPutBackward0.apply(input, values, key=key, accumulate=accumulate)


@export(function=False)
def index_put_(input, indices, values, accumulate=False):
    if accumulate or not views.has_repeats(input._data) or input.requires_grad or values.requires_grad:
        return views.inplace(input, index_put, indices, values, accumulate)
    index_put(input, indices, values)   # (its checks) into an expanded tensor PyTorch writes as x[indices] = values
    input[tuple(indices)] = values      # does, in the order of the indices, with its warning
    return input


@export()
def take(input, index, *, out=None):
    if index._data.dtype.kind not in 'iu' or index._data.dtype.itemsize != 8:
        raise RuntimeError(f'take(): Expected a long tensor for index, but got {dtypes.title(index.dtype)}')
    n = input.numel()
    bad = first_outside(index._data, -n, n)
    if bad is not None:
        raise IndexError(f'out of range: tried to access index {bad} on a tensor of {n} elements.')
    return write_out(TakeBackward0.apply(input, index=index), out, 'take')


def tensor_arguments(name, input, index, source, *args, **kwargs):
    """PyTorch's TypeError for a put index or source that is not a Tensor (x.put_(...): counted after x)."""
    for position, (arg, value) in enumerate((('index', index), ('source', source)), 1 if name.endswith('_') else 2):
        if not isinstance(value, Tensor):
            raise TypeError(must_be(name, arg, position, value))


@export(inplace=tensor_arguments)
def put(input, index, source, accumulate=False):
    """input with the elements at the flat positions `index` (negative ones from the end) set to source's, or
    added to (accumulate=True: repeated positions add up)."""
    tensor_arguments('put', input, index, source)
    if index._data.dtype.kind not in 'iu' or index._data.dtype.itemsize != 8:
        raise RuntimeError(f'put_(): Expected a long tensor for index, but got {dtypes.title(index.dtype)}')
    if input.dtype != source.dtype:
        raise RuntimeError(f'put_(): self and source expected to have the same dtype, but got self.dtype = '
                           f'{dtypes.title(input.dtype)} and source.dtype = {dtypes.title(source.dtype)}')
    if index.numel() != source.numel():
        raise IndexError(f'put_(): Expected source and index to have the same number of elements, but got '
                         f'source.numel() = {source.numel()}, index.numel() = {index.numel()}')
    n = input.numel()
    bad = first_outside(index._data, -n, n)
    if bad is not None:
        raise IndexError(f'out of range: tried to access index {bad} on a tensor of {n} elements.')
    return PutBackward0.apply(input, source, index=index, accumulate=accumulate)
