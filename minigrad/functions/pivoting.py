"""Gaussian elimination with partial pivoting on arrays, as LAPACK's getrf and getrs: the packed factors A = P L U
and pivots, the row permutation they make, and solving with them (inf and nan where A is singular, no error). The
ops on Tensors that use them are in lu.py (lu_factor, lu_solve, ...) and solve.py (solve_ex of a singular A)."""
import math

from .triangular_solve import substitute
from ..backend import get_array_module, lapack_layout


def factor(A):
    """(LU, pivots, info) of a batch of arrays (..., m, n) by Gaussian elimination with partial pivoting, one column
    at a time for the whole batch: at step j the row with the largest |entry| in column j (LAPACK's choice: the
    first of equals) is swapped up, the column below the pivot divided by it, and the trailing block updated.
    info is the 1-based step of the first exactly zero pivot (0: none); that step divides nothing, as getrf."""
    xp = get_array_module(A)
    *batch, m, n = A.shape
    k = min(m, n)
    LU = A.reshape((math.prod(batch), m, n)).copy()
    rows = xp.arange(LU.shape[0])
    pivots = xp.zeros((LU.shape[0], k), dtype='int32')
    info = xp.zeros(LU.shape[0], dtype='int32')
    for j in range(k):
        p = j + xp.abs(LU[:, j:, j]).argmax(-1)
        pivots[:, j] = p + 1
        row = LU[rows, p].copy()
        LU[rows, p] = LU[:, j]
        LU[:, j] = row
        pivot = LU[:, j, j]
        zero = pivot == 0
        info = xp.where((info == 0) & zero, j + 1, info).astype('int32')
        LU[:, j + 1:, j] /= xp.where(zero, 1, pivot)[:, None]
        LU[:, j + 1:, j + 1:] -= LU[:, j + 1:, j, None] * LU[:, j, None, j + 1:]
    return lapack_layout(LU.reshape(A.shape)), pivots.reshape(tuple(batch) + (k,)), info.reshape(tuple(batch))


def permutation(pivots, m):
    """perm (..., m) with P^T A = A[perm] (row i of P^T A is row perm[i] of A), from the pivots' row swaps."""
    xp = get_array_module(pivots)
    flat = pivots.reshape((math.prod(pivots.shape[:-1]), pivots.shape[-1])).astype('int64') - 1
    rows = xp.arange(flat.shape[0])
    perm = xp.broadcast_to(xp.arange(m), (flat.shape[0], m)).copy()
    for j in range(flat.shape[-1]):
        p = flat[:, j]
        swapped = perm[rows, p].copy()
        perm[rows, p] = perm[:, j]
        perm[:, j] = swapped
    return perm.reshape(pivots.shape[:-1] + (m,))


def permutation_matrix(pivots, m, dtype):
    """P (..., m, m) with A = P L U: P[perm[i], i] = 1."""
    xp = get_array_module(pivots)
    perm = permutation(pivots, m)
    return xp.ascontiguousarray((perm[..., :, None] == xp.arange(m)).swapaxes(-1, -2), dtype=dtype)


def unpack(LU):
    """(L, U) of a packed LU array: L (..., m, k) with a unit diagonal, U (..., k, n)."""
    xp = get_array_module(LU)
    m, n = LU.shape[-2:]
    k = min(m, n)
    L = xp.tril(LU[..., :, :k], -1) + xp.eye(m, k, dtype=LU.dtype)
    return L, xp.triu(LU[..., :k, :])


def solve_left(LU, perm, B, adjoint):
    """X with A X = B (adjoint: A^T X = B) on arrays, A = P L U: X = U^-1 L^-1 P^T B (adjoint: P L^-T U^-T B)."""
    xp = get_array_module(LU)
    L, U = unpack(LU)
    if adjoint:
        Y = substitute(L.swapaxes(-1, -2), substitute(U.swapaxes(-1, -2), B, False, False), True, True)
        rows_of = xp.argsort(perm, axis=-1)       # X = P Y: row perm[i] of X is row i of Y
        return xp.take_along_axis(Y, xp.broadcast_to(rows_of[..., None], Y.shape), -2)
    PtB = xp.take_along_axis(B, xp.broadcast_to(perm[..., None], B.shape[:-2] + perm.shape[-1:] + B.shape[-1:]), -2)
    return substitute(U, substitute(L, PtB, False, True), True, False)


def lu_substitute(A, B, adjoint=False):
    """X with A X = B (adjoint: A^T X = B) through A's LU factors, batch dims broadcast: inf and nan where A is
    singular, as LAPACK's getrs gives them."""
    xp = get_array_module(A, B)
    LU, pivots, _ = factor(A)
    batch = xp.broadcast_shapes(A.shape[:-2], B.shape[:-2])
    perm = permutation(xp.broadcast_to(pivots, batch + pivots.shape[-1:]), A.shape[-1])
    return lapack_layout(solve_left(xp.broadcast_to(LU, batch + LU.shape[-2:]), perm,
                                    xp.broadcast_to(B, batch + B.shape[-2:]), adjoint))
