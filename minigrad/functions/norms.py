"""Norms: linalg.vector_norm, matrix_norm, norm and torch.dist. The vector norm is torch.norm's node
(LinalgVectorNormBackward0 in reduce.py); the matrix norms are PyTorch's compositions of it, of sums of absolute
values and of the singular values."""
import math

from . import grad_utils
from .arguments import NotAnOperand
from .decompositions import of_singular_values
from .reduce import LinalgVectorNormBackward0, norm
from .operands import write_out
from .table import export
from ..autograd.function import Op
from ..dims import as_int, as_ints, normalize_dim
from ..dtypes import title, to_dtype
from ..tensor import Tensor


def linalg_vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None, out=None):
    if x._data.dtype.kind != 'f':
        raise RuntimeError(f'linalg.vector_norm: Expected a floating point or complex tensor as input. Got '
                           f'{title(x._data.dtype)}')
    return write_out(norm(x, ord, dim, keepdim, dtype=dtype), out, 'linalg_vector_norm')


class NormBackward0(LinalgVectorNormBackward0):
    """at::norm(a, p), the node of ATen's own C++ calls (norm_except_dim over all dims): out = (sum |a|^p)^(1/p);
    da = g * sign(a) |a|^(p-1) / out^(p-1), as linalg.vector_norm's"""


class NormBackward1(NormBackward0):
    """at::norm(a, p, dim, keepdim), the node of ATen's own C++ calls (pairwise_distance): out = (sum over dim of
    |a|^p)^(1/p);  da = g * sign(a) |a|^(p-1) / out^(p-1), as linalg.vector_norm's"""


def aten_norm(input, p=2, dim=None, keepdim=False):
    """The p-norm as ATen's C++ code computes it (at::norm, where Python's torch.norm is linalg.vector_norm): the
    same math, the node named NormBackward0 (all dims) or NormBackward1 (over dim)."""
    return (NormBackward0 if dim is None else NormBackward1).apply(input, ord=p, dim=dim, keepdim=keepdim)


MATRIX_ORDS = ('fro', 'nuc', 2, -2, 1, -1, math.inf, -math.inf)


def linalg_matrix_norm(A, ord='fro', dim=(-2, -1), keepdim=False, *, dtype=None, out=None):
    """'fro': the 2-norm of the elements; 'nuc' / 2 / -2: the sum / largest / smallest singular value; 1 / -1 and
    inf / -inf: the largest / smallest column / row sum of absolute values."""
    if A.ndim < 2:
        raise RuntimeError('linalg.matrix_norm: The input tensor A must have at least 2 dimensions.')
    if A._data.dtype.kind != 'f':
        raise RuntimeError(f'linalg.matrix_norm: Expected a floating point or complex tensor as input. Got '
                           f'{title(A._data.dtype)}')
    if ord not in MATRIX_ORDS:
        raise RuntimeError(f'linalg.matrix_norm: Order {ord} not supported.')
    if dtype is not None:
        A = A.to(to_dtype(dtype))
    d0, d1 = (normalize_dim(d, A.ndim) for d in as_ints(dim))
    if ord == 'fro':
        return norm(A, 2, (d0, d1), keepdim)
    if ord in ('nuc', 2, -2):
        return of_singular_values(A, (d0, d1), keepdim, lambda S: S.sum(-1) if ord == 'nuc' else
                                  extreme(S, -1, False, ord > 0))
    if ord in (math.inf, -math.inf):
        d0, d1 = d1, d0
    sums = A.abs().sum(d0, keepdim=keepdim)
    if not keepdim and d1 > d0:
        d1 -= 1
    return extreme(sums, d1, keepdim, ord > 0)


class AmaxBackward0(Op):
    """out = max of a over dim;  da = g shared evenly by the elements equal to the max"""
    reduce = 'max'

    @staticmethod
    def forward(ctx, a, dim=-1, keepdim=False):
        out = getattr(a, ctx.reduce)(axis=dim, keepdims=keepdim)
        ctx.dim, ctx.keepdim = dim, keepdim
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        if not ctx.keepdim:
            g, out = grad_utils.unsqueeze(g, ctx.dim), grad_utils.unsqueeze(out, ctx.dim)
        hit = a == out
        return g * hit / hit.sum(ctx.dim, keepdims=True)


class AminBackward0(AmaxBackward0):
    """out = min of a over dim;  da = g shared evenly by the elements equal to the min"""
    reduce = 'min'


def extreme(x, dim, keepdim, largest):
    """amax / amin of x over one dim (PyTorch's nodes: ties share the gradient evenly)."""
    return (AmaxBackward0 if largest else AminBackward0).apply(x, dim=dim, keepdim=keepdim)


def linalg_norm(A, ord=None, dim=None, keepdim=False, *, dtype=None, out=None):
    """A vector norm over one dim (or all of them when dim and ord are None), a matrix norm over two."""
    if dim is not None:
        dims = as_ints(dim) if isinstance(dim, (tuple, list)) else (as_int(dim),)
        if len(dims) == 1:
            return linalg_vector_norm(A, 2 if ord is None else ord, dims, keepdim, dtype=dtype)
        return linalg_matrix_norm(A, 'fro' if ord is None else ord, dims, keepdim, dtype=dtype)
    if ord is None:
        return linalg_vector_norm(A, 2, None, keepdim, dtype=dtype)
    if A.ndim not in (1, 2):
        raise RuntimeError(f'linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got '
                           f'{A.ndim}D.')
    if A.ndim == 1:
        return linalg_vector_norm(A, ord, None, keepdim, dtype=dtype)
    return linalg_matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype)


class DistBackward0(LinalgVectorNormBackward0):
    """out = dist(a, b) = the p-norm of a - b;  dx = the vector norm's gradient at x = a - b"""


@export()
def dist(input, other, p=2):
    if not isinstance(other, Tensor):
        raise NotAnOperand(other)
    difference = input - other
    if difference._data.dtype.kind != 'f':
        raise RuntimeError(f'norm(): input dtype should be either floating point or complex. Got '
                           f'{title(difference._data.dtype)} instead.')
    return DistBackward0.apply(difference, ord=p)
