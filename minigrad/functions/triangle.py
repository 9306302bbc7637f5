"""Triangles and diagonals of matrices (the last two dims, or dim1 and dim2): tril/triu (and the index pairs they
keep), diagonal (a view), diag, diag_embed and trace."""
from . import grad_utils
from .operands import write_out
from .table import export
from .. import backend, dtypes
from ..autograd import views
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import as_int, normalize_dim
from ..tensor import Tensor


class TrilBackward0(Op):
    """out = a with the elements above diagonal k of each matrix set to 0;  da = g with the same elements set to 0"""
    side = 'tril'

    @staticmethod
    def forward(ctx, a, diagonal=0):
        if a.ndim < 2:
            raise views.comes_first(RuntimeError(f'{ctx.side}: input tensor must have at least 2 dimensions'))
        ctx.k = diagonal
        return getattr(get_array_module(a), ctx.side)(a, diagonal)

    @staticmethod
    def backward(ctx, g):
        return grad_utils.run(type(ctx), g, diagonal=ctx.k)


class TriuBackward0(TrilBackward0):
    """out = a with the elements below diagonal k of each matrix set to 0;  da = g with the same elements set to 0"""
    side = 'triu'


class DiagonalBackward0(Op):
    """out = the diagonal `offset` of the matrices in dims (dim1, dim2), as a last dim (a view: out[..., i] =
    a[..., i, i + offset]);  da = zeros(a.shape) with g on that diagonal"""

    @staticmethod
    def forward(ctx, a, offset=0, dim1=0, dim2=1):
        d1, d2 = normalize_dim(dim1, a.ndim), normalize_dim(dim2, a.ndim)
        if d1 == d2:
            raise RuntimeError(f'diagonal dimensions cannot be identical {dim1}, {dim2}')
        ctx.shape, ctx.params = a.shape, dict(offset=offset, dim1=d1, dim2=d2)
        n = max(0, min(a.shape[d1] + min(offset, 0), a.shape[d2] - max(offset, 0)))
        start = [0] * a.ndim
        start[d1 if offset < 0 else d2] = min(abs(offset), a.shape[d1 if offset < 0 else d2])
        corner = a[tuple(slice(s, None) for s in start)]    # the diagonal starts at its [0, 0]
        rest = [i for i in range(a.ndim) if i not in (d1, d2)]
        shape = tuple(a.shape[i] for i in rest) + (n,)
        strides = tuple(a.strides[i] for i in rest) + (a.strides[d1] + a.strides[d2],)
        return get_array_module(a).lib.stride_tricks.as_strided(corner, shape, strides)

    @staticmethod
    def backward(ctx, g):
        return grad_utils.run(DiagonalBackwardBackward0, g, shape=ctx.shape, **ctx.params)


class DiagonalBackwardBackward0(Op):
    """diagonal_backward, the gradient of diagonal as an op: out = zeros(shape) with g on the diagonal `offset` of
    dims (dim1, dim2);  dg = gout.diagonal(offset, dim1, dim2)"""

    @staticmethod
    def forward(ctx, g, shape, offset, dim1, dim2):
        ctx.params = dict(offset=offset, dim1=dim1, dim2=dim2)
        return on_diagonal(g, shape, ctx.params)

    @staticmethod
    def backward(ctx, gout):
        return diagonal_of(gout, ctx.params)


def on_diagonal(a, shape, params):
    """An array of zeros(shape) with a written on its diagonal(**params)."""
    out = get_array_module(a).zeros(shape, a.dtype)
    DiagonalBackward0.forward(DiagonalBackward0(), out, **params)[...] = a
    return out


def diagonal_of(g, params):
    """g.diagonal(**params): a view of a Tensor (create_graph), a copy of an array."""
    return g.diagonal(**params) if grad_utils.is_tensor(g) else DiagonalBackward0_copy.forward(
        DiagonalBackward0_copy(), g, **params)


class DiagonalBackward0_copy(DiagonalBackward0):  # noqa: N801 (PyTorch's name)
    """diag(matrix): out = the diagonal `offset` of a, a copy;  da = zeros(a.shape) with g on that diagonal"""

    @staticmethod
    def forward(ctx, a, offset=0, dim1=0, dim2=1):
        return DiagonalBackward0.forward(ctx, a, offset, dim1, dim2).copy()


class DiagEmbedBackward0(Op):
    """out = zeros with a's last dim written on the diagonal `offset` of new dims (dim1, dim2):
    out.diagonal(offset, dim1, dim2) = a;  da = g.diagonal(offset, dim1, dim2)"""

    @staticmethod
    def forward(ctx, a, offset=0, dim1=-2, dim2=-1):
        ndim = a.ndim + 1
        d1, d2 = normalize_dim(dim1, ndim), normalize_dim(dim2, ndim)
        if d1 == d2:
            raise RuntimeError(f'diagonal dimensions cannot be identical {dim1}, {dim2}')
        n = a.shape[-1] + abs(offset)
        rest = iter(a.shape[:-1])
        ctx.params = dict(offset=offset, dim1=d1, dim2=d2)
        return on_diagonal(a, [n if i in (d1, d2) else next(rest) for i in range(ndim)], ctx.params)

    @staticmethod
    def backward(ctx, g):
        return diagonal_of(g, ctx.params)


class TraceBackward0(Op):
    """out = sum_i a[i, i];  da = zeros(n * m).index_fill(0, [0, m + 1, ..., (min(n, m) - 1) (m + 1)], g).view(n, m):
    g on the diagonal"""

    @staticmethod
    def forward(ctx, a):
        if a.ndim != 2:
            raise RuntimeError(f'trace: expected a matrix, but got tensor with dim {a.ndim}')
        if a.dtype == bool:
            dtypes.not_implemented('trace', a.dtype)
        ctx.shape = a.shape
        return a.trace(dtype=a.dtype if a.dtype.kind == 'f' else 'int64')

    @staticmethod
    def backward(ctx, g):
        n, m = ctx.shape
        index = get_array_module(grad_utils.data(g)).arange(min(n, m)) * (m + 1)
        flat = grad_utils.zeros((n * m,), g)
        if grad_utils.is_tensor(g):
            flat = flat.index_fill(0, grad_utils.fixed(index, g), g)
        else:
            flat[index] = g
        return flat.reshape(ctx.shape)


# -- the public ops ---------------------------------------------------------------------------------------
@export(inplace=True)
def tril(input, diagonal=0, *, out=None):
    return write_out(TrilBackward0.apply(input, diagonal=as_int(diagonal)), out, 'tril')


@export(inplace=True)
def triu(input, diagonal=0, *, out=None):
    return write_out(TriuBackward0.apply(input, diagonal=as_int(diagonal)), out, 'triu')


def zeroed(input, keeps_lower, diagonal):
    """The elements tril_ (keeps_lower) or triu_ zero: those on the other side of the diagonal, in every matrix."""
    lower = input.xp.tri(*input.shape[-2:], diagonal if keeps_lower else diagonal - 1, bool)
    return input.xp.broadcast_to(~lower if keeps_lower else lower, input.shape)


tril.written = lambda input, diagonal=0: zeroed(input, True, diagonal)
triu.written = lambda input, diagonal=0: zeroed(input, False, diagonal)


def triangle_indices(side, row, col, offset, dtype, device):
    """The (row, col) pairs that tril (side 'tril') or triu keeps in a row x col matrix, row by row: a 2 x N
    tensor."""
    row, col, offset = as_int(row), as_int(col), as_int(offset)
    for name, n in (('row', row), ('col', col)):
        if n < 0:
            raise RuntimeError(f'{name} must be non-negative, got{n}')
    dtype = dtypes.to_dtype(dtype) if dtype is not None else dtypes.int64
    if dtype not in (dtypes.int32, dtypes.int64):
        dtypes.not_implemented(f'{side}_indices', dtype)
    xp = backend.module_for(device)
    pairs = getattr(xp, f'{side}_indices')(row, offset, col)
    return Tensor._make(xp.stack(pairs).astype(dtype.np).reshape(2, -1))


@export(method=False)
def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    return triangle_indices('tril', row, col, offset, dtype, device)


@export(method=False)
def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None):
    return triangle_indices('triu', row, col, offset, dtype, device)


@export()
def diagonal(input, offset=0, dim1=0, dim2=1):
    return views.view_of(DiagonalBackward0, input, offset=as_int(offset), dim1=dim1, dim2=dim2)


@export()
def diag(input, diagonal=0, *, out=None):
    """A 1-D input: the matrix with it on diagonal `diagonal`; a matrix: that diagonal (a copy)."""
    diagonal = as_int(diagonal)
    if input.ndim == 1:
        result = DiagEmbedBackward0.apply(input, offset=diagonal, dim1=0, dim2=1)
    elif input.ndim == 2:
        result = DiagonalBackward0_copy.apply(input, offset=diagonal)
    else:
        raise RuntimeError(f'diag(): Supports 1D or 2D tensors. Got {input.ndim}D')
    return write_out(result, out, 'diag')


@export()
def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    return DiagEmbedBackward0.apply(input, offset=offset, dim1=dim1, dim2=dim2)


@export()
def trace(input):
    return TraceBackward0.apply(input)
