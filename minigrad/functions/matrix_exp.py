"""The matrix exponential e^A = sum of A^k / k! (linalg.matrix_exp, torch.matrix_exp), by scaling and squaring:
e^A = (e^(A / 2^s))^(2^s), with s chosen per matrix so that A / 2^s has a 1-norm of at most 1/2, where a Taylor
series of 18 terms is exact to double precision."""
from .matrices import check_matrix, on_tensors, saved
from .shape import cat
from .table import export
from ..autograd.function import Op
from ..backend import get_array_module

TERMS = 18      # (1/2)^19 / 19! < 1e-22: the series' remainder is far below float64's rounding


def expm(A):
    """e^A of a batch of square arrays."""
    xp = get_array_module(A)
    if A.size == 0:
        return A.copy()
    norm = xp.abs(A).sum(axis=-2).max(axis=-1)                  # the 1-norm of each matrix
    s = xp.maximum(0, xp.ceil(xp.log2(xp.maximum(norm, 1e-300)) + 1)).astype(int)
    s = xp.where(xp.isfinite(norm), s, 0)
    X = A / (2.0 ** s)[..., None, None]
    eye = xp.broadcast_to(xp.eye(A.shape[-1], dtype=A.dtype), A.shape)
    result, term = eye.copy(), eye
    for k in range(1, TERMS + 1):
        term = term @ X / k
        result = result + term
    for k in range(int(s.max())):
        result = xp.where((k < s)[..., None, None], result @ result, result)
    return result.astype(A.dtype, copy=False)


class LinalgMatrixExpBackward0(Op):
    """out = e^A;  dA = the top right block of e^M, M = [[A^T, g], [0, A^T]] (the derivative of e^A in direction
    E is the top right block of e^[[A, E], [0, A]]; PyTorch's backward for analytic functions of a matrix)"""

    @staticmethod
    def forward(ctx, A):
        ctx.save_for_backward(A)
        return expm(A)

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        A, = saved(ctx)
        n = A.shape[-1]
        top, bottom = cat([A.mT, g], -1), cat([A.new_zeros(A.shape), A.mT], -1)
        return linalg_matrix_exp(cat([top, bottom], -2)).narrow(-2, 0, n).narrow(-1, n, n)


def linalg_matrix_exp(A):
    check_matrix('linalg.matrix_exp', A)
    return LinalgMatrixExpBackward0.apply(A)


@export()
def matrix_exp(input):
    return linalg_matrix_exp(input)
