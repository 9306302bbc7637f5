"""torch.linalg's functions that PyTorch composes of other ops: vecdot (a dot product along a dim), vander (the
Vandermonde matrix: powers 0 .. N-1 of each element) and diagonal (torch.diagonal over the last two dims)."""
from .reduce import sum as sum_
from .scan import cumprod
from .shape import cat
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
