"""torch.linalg's functions that PyTorch composes of other ops: vecdot (a dot product along a dim), vander (the
Vandermonde matrix: powers 0 .. N-1 of each element), diagonal (torch.diagonal over the last two dims), tensorinv
and tensorsolve (inv and solve of the tensor reshaped to a square matrix)."""
from .reduce import sum as sum_
from .scan import cumprod
from .shape import cat
from .solve import linalg_inv, linalg_solve
from .triangle import diagonal
from ..dtypes import title


def linalg_vecdot(x, y, *, dim=-1):
    """sum over dim of x * y (broadcast)."""
    if x._data.dtype != y._data.dtype:
        raise RuntimeError(f'linalg.vecdot: Expected x and y to have the same dtype, but found x of type '
                           f'{title(x._data.dtype)} and y of type {title(y._data.dtype)} instead')
    if x._data.dtype.kind != 'f':
        raise RuntimeError(f'linalg.vecdot: Expected a floating point or complex tensor as input. Got '
                           f'{title(x._data.dtype)}')
    return sum_(x * y, dim)


def linalg_vander(x, *, N=None):
    """out[..., i, j] = x[..., i]^j for j < N (N: x's last size): a column of ones, then the running products."""
    if x._data.dtype.kind == 'b' or x._data.dtype == 'float16':
        raise RuntimeError('linalg.vander supports floating point, complex, and integer tensors, but got '
                           f'{title(x._data.dtype)}')
    n = N if N is not None else x.shape[-1] if x.ndim else 0
    if n <= 1:
        raise RuntimeError('N must be greater than 1.')
    powers = cumprod(x.unsqueeze(-1).expand(*x.shape, n - 1), -1)
    return cat([powers.new_ones(*x.shape, 1), powers], -1)


def linalg_diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    return diagonal(A, offset, dim1, dim2)


def prod(sizes):
    n = 1
    for s in sizes:
        n *= s
    return n


def linalg_tensorinv(A, ind=2):
    """The tensor X with tensordot(A, X, ind) = identity: A reshaped to a square matrix, inverted, reshaped to
    A.shape[ind:] + A.shape[:ind]."""
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    end, start = tuple(A.shape[ind:]), tuple(A.shape[:ind])
    if prod(end) != prod(start):
        raise RuntimeError('Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]), '
                           f'but got {prod(end)} != {prod(start)}')
    return linalg_inv(A.reshape(prod(end), prod(end))).reshape((*end, *start))


def linalg_tensorsolve(A, B, dims=None):
    """X with tensordot(A, X, X.ndim) = B (dims of A moved to the end first): A reshaped to a square matrix, the
    system solved for B flattened, reshaped to A.shape[B.ndim:]."""
    if dims is not None:
        A = A.movedim(list(dims), list(range(A.ndim - len(dims), A.ndim)))
    shape = tuple(A.shape[B.ndim:])
    if prod(shape) != prod(B.shape):
        raise RuntimeError('Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == '
                           f'prod(self.shape[:other.ndim]), but got {prod(shape)} != {prod(B.shape)}')
    return linalg_solve(A.reshape(prod(shape), prod(shape)), B.flatten()).reshape(shape)
