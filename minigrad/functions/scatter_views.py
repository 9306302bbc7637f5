"""A tensor with one of its views replaced: select_scatter, slice_scatter and diagonal_scatter (out-of-place, the
input is not changed). Where the view's elements sit is found by taking the same view of a tensor of positions."""
from .grad_utils import cast, is_tensor, run, zeros
from .index import SliceBackward0, select
from .table import export
from .triangle import diagonal
from ..autograd import views
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import normalize_dim
from ..tensor import Tensor


class SelectScatterBackward0(Op):
    """out = a with a.select(dim, index) replaced by src (its elements at key; `view` takes that view of a Tensor);
    da = g with zeros at key,  dsrc = g.select(dim, index)"""

    @staticmethod
    def forward(ctx, a, src, key, view):
        ctx.key, ctx.view, ctx.src_dtype, ctx.src_shape = key, view, src.dtype, src.shape
        out = a.copy()
        out[key] = src
        return out

    @staticmethod
    def backward(ctx, g):
        return (run(type(ctx), g, zeros(ctx.src_shape, g), key=ctx.key, view=ctx.view),
                cast(ctx.view(g) if is_tensor(g) else g[ctx.key], ctx.src_dtype))


class SliceScatterBackward0(SelectScatterBackward0):
    """out = a with the slice start:end:step of dim replaced by src (its elements at key);  da = g with zeros at key,
    dsrc = g[key], the same slice of g"""


class DiagonalScatterBackward0(SelectScatterBackward0):
    """out = a with a.diagonal(offset, dim1, dim2) replaced by src (its elements at key);  da = g with zeros at key,
    dsrc = g.diagonal(offset, dim1, dim2)"""


def scatter_into(op, input, src, view):
    """input with the elements of view(input) replaced by src: `view` is taken of a tensor holding each element's
    position, which gives where the view's elements sit (and PyTorch's errors of the view itself)."""
    xp = get_array_module(input._data)
    shape = input._data.shape
    where = view(Tensor._make(xp.arange(input._data.size).reshape(shape)))._data
    if where.shape != src._data.shape:
        raise RuntimeError('expected src to have a size equal to the slice of self. src size = '
                           f'{list(src._data.shape)}, slice size = {list(where.shape)}')
    return op.apply(input, src, key=xp.unravel_index(where, shape), view=view)


@export()
def select_scatter(input, src, dim, index):
    return scatter_into(SelectScatterBackward0, input, src, lambda t: select(t, dim, index))


@export()
def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    return scatter_into(SliceScatterBackward0, input, src, lambda t: sliced(t, dim, start, end, step))


def sliced(t, dim=0, start=None, end=None, step=1):
    """aten's slice: t[start:end:step] along dim, a view (a slice node even where it keeps all, as PyTorch's)."""
    if t.ndim == 0:
        raise IndexError('slice() cannot be applied to a 0-dim tensor.')
    if step <= 0:
        raise RuntimeError('slice step must be positive')
    key = (slice(None),) * normalize_dim(dim, t.ndim) + (slice(start, end, step),)
    return views.view_of(SliceBackward0, t, key=key)


@export()
def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    return scatter_into(DiagonalScatterBackward0, input, src, lambda t: diagonal(t, offset, dim1, dim2))
