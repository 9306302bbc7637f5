"""The LU factorization with partial pivoting, A = P L U, and solving with it (torch.linalg's lu, lu_factor,
lu_factor_ex, lu_solve, solve_ex; torch's lu, lu_unpack, lu_solve). Batched over the leading dims, for square and
rectangular A (m x n, k = min(m, n): L is m x k with a unit diagonal, U is k x n). The factors are packed as LAPACK's
getrf packs them: LU holds U on and above its diagonal and L below it; pivots (int32, 1-based) say that row j was
swapped with row pivots[j] at step j. The gradients are PyTorch's (FunctionsManual.cpp), written on Tensors so that
they differentiate again."""
import warnings

from .decompositions import factors
from .pivoting import factor, permutation, permutation_matrix, solve_left, unpack
from .matrices import LinAlgError, batch_prefix, check_matrix, on_tensors, saved, tril, triu
from .operands import write_out, write_outs
from .shape import cat
from .solve import solved
from .table import export
from .triangular_solve import linalg_solve_triangular
from .. import return_types
from ..autograd.function import MultiOutputOp, Op
from ..backend import get_array_module, lapack_layout
from ..dtypes import not_implemented, title
from ..tensor import Tensor


def unpack_tensors(LU):
    """(L, U) of a packed LU Tensor, recorded (for the gradients of lu_solve)."""
    m, n = LU.shape[-2:]
    k = min(m, n)
    eye = Tensor._make(get_array_module(LU._data).eye(m, k, dtype=LU._data.dtype))
    return tril(LU[..., :, :k], -1) + eye, triu(LU[..., :k, :])


def lu_backward(gL, gU, P, L, U):
    """dA of A = P L U from the factors' gradients (None: zero), k = min(m, n). Split L = [L1; L2] (L1: k x k) and
    U = [U1 U2] (U1: k x k); with X = L1^-1 (P^T dA)_1 U1^-1 the top-left block gives dL1 = L1 tril_-1(X),
    dU1 = triu(X) U1, and the extra rows and columns dL2 = ((P^T dA)_21 - L2 dU1) U1^-1, dU2 = L1^-1 ((P^T dA)_12 -
    dL1 U2). So with C = tril_-1(L1^T gL1 - gU2 U2^T) + triu(gU1 U1^T - L2^T gL2):
    P^T dA = [[L1^-T C U1^-T, L1^-T gU2], [gL2 U1^-T, 0]]  (PyTorch's linalg_lu_backward, all shapes at once)"""
    m, n = L.shape[-2], U.shape[-1]
    k = min(m, n)
    gL = L.new_zeros(L.shape) if gL is None else gL
    gU = U.new_zeros(U.shape) if gU is None else gU
    L1, L2, gL1, gL2 = L[..., :k, :], L[..., k:, :], gL[..., :k, :], gL[..., k:, :]
    U1, U2, gU1, gU2 = U[..., :, :k], U[..., :, k:], gU[..., :, :k], gU[..., :, k:]
    C = tril(L1.mT @ gL1 - gU2 @ U2.mT, -1) + triu(gU1 @ U1.mT - L2.mT @ gL2)
    G = linalg_solve_triangular(U1.mT, C, upper=False, left=False)
    G = linalg_solve_triangular(L1.mT, G, upper=True, unitriangular=True)
    if n > k:
        G = cat([G, linalg_solve_triangular(L1.mT, gU2, upper=True, unitriangular=True)], -1)
    if m > k:
        G = cat([G, linalg_solve_triangular(U1.mT, gL2, upper=False, left=False)], -2)
    return P @ G


class LinalgLuFactorExBackward0(Op):
    """out = LU, L and U of A = P L U packed in one matrix;  dA = linalg.lu's dA with gL = tril_-1(g) (its first k
    columns), gU = triu(g) (its first k rows)"""
    tensor_params = ('pivots',)

    @staticmethod
    def forward(ctx, A, LU, pivots):
        ctx.save_for_backward(LU, pivots)      # factored by the caller, which also returns the pivots
        return LU

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        LU, pivots = saved(ctx)
        m, n = LU.shape[-2:]
        k = min(m, n)
        L, U = unpack_tensors(LU)
        P = Tensor._make(permutation_matrix(pivots._data, m, LU._data.dtype))
        return lu_backward(tril(g[..., :, :k], -1), triu(g[..., :k, :]), P, L, U)


class LinalgLuBackward0(MultiOutputOp):
    """out = (L, U) of A = P L U (P has no gradient);  dA = P [[L1^-T C U1^-T, L1^-T gU2], [gL2 U1^-T, 0]]
    (lu_backward)"""

    @staticmethod
    def forward(ctx, A, factors, P):
        ctx.save_for_backward(A)
        ctx.P, ctx.factors = P, factors     # factored by the caller, which also returns P
        return factors

    @staticmethod
    @on_tensors
    def backward(ctx, gL, gU):
        L, U = factors(ctx, lambda A: linalg_lu(A)[1:])
        return lu_backward(gL, gU, Tensor._make(ctx.P), L, U)


class LuUnpackBackward0(MultiOutputOp):
    """out = (L, U): the strict lower triangle of LU with a unit diagonal (m x k), and its upper triangle (k x n);
    dLU = tril_-1(gL) + triu(gU), each in its own corner of the m x n gradient"""

    @staticmethod
    def forward(ctx, LU, unpack_data=True):
        L, U = unpack(LU)
        ctx.shapes, ctx.unpack_data = (L.shape, U.shape), unpack_data
        if not unpack_data:     # empty L and U, still this node's outputs, as in PyTorch
            return LU[..., :0].reshape(0), LU[..., :0].reshape(0)
        return L, U

    @staticmethod
    @on_tensors
    def backward(ctx, gL, gU):
        given = gU if gL is None else gL
        if not ctx.unpack_data:     # PyTorch's error: its formula takes the triangles of the empty gradients
            raise RuntimeError('triu: input tensor must have at least 2 dimensions')
        gL, gU = (given.new_zeros(shape) if g is None else g for g, shape in zip((gL, gU), ctx.shapes))
        gL, gU = tril(gL, -1), triu(gU)
        m, k = gL.shape[-2:]
        n = gU.shape[-1]
        if n > k:
            return cat([gL + gU[..., :, :k], gU[..., :, k:]], -1)
        return cat([gL[..., :k, :] + gU, gL[..., k:, :]], -2)


class LinalgLuSolveBackward0(Op):
    """out = X = A^-1 B with A = P L U packed in LU (adjoint: A^-T B; left=False: B A^-1, B A^-T);
    dB = lu_solve(LU, pivots, g) with the adjoint flipped, and for left, not adjoint (the others alike, PyTorch's
    linalg_lu_solve_LU): R = -U^-T g X^T, dLU = tril_-1(L^-T R U^T) + triu(R)"""
    tensor_params = ('pivots',)

    @staticmethod
    def forward(ctx, LU, B, pivots, left=True, adjoint=False):
        xp = get_array_module(LU)
        batch = xp.broadcast_shapes(LU.shape[:-2], B.shape[:-2], pivots.shape[:-1])
        LU_ = xp.broadcast_to(LU, batch + LU.shape[-2:])
        perm = permutation(xp.broadcast_to(pivots, batch + pivots.shape[-1:]), LU.shape[-1])
        B_ = xp.broadcast_to(B, batch + B.shape[-2:])
        if left:
            X = lapack_layout(solve_left(LU_, perm, B_, adjoint))
        else:       # X A = B is A^T X^T = B^T
            X = lapack_layout(solve_left(LU_, perm, B_.swapaxes(-1, -2), not adjoint)).swapaxes(-1, -2)
        ctx.left, ctx.adjoint = left, adjoint
        ctx.save_for_backward(LU, pivots, X)
        return X

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        LU, pivots, X = saved(ctx)
        left, adjoint = ctx.left, ctx.adjoint
        gB = linalg_lu_solve(LU, pivots, g, left=left, adjoint=not adjoint)
        L, U = unpack_tensors(LU)
        if left != adjoint:
            R = linalg_solve_triangular(U.mT, -(g if left else g.mT) @ (X.mT if left else X), upper=False)
            gL = linalg_solve_triangular(L.mT, R @ U.mT, upper=True, unitriangular=True)
            gLU = tril(gL, -1) + triu(R)
        else:
            P = Tensor._make(permutation_matrix(pivots._data, LU.shape[-1], LU._data.dtype))
            R = -(P.mT @ (X if left else X.mT) @ (g.mT if left else g) @ P)
            R = linalg_solve_triangular(L.mT, R, upper=True, left=False, unitriangular=True)
            gU = linalg_solve_triangular(U.mT, L.mT @ R, upper=False, left=False)
            gLU = tril(R, -1) + triu(gU)
        return sum_to(gLU, LU.shape), sum_to(gB, ctx.input_metas[1][0])


def sum_to(g, shape):
    """g summed over the batch dims it gained by broadcasting, to `shape`."""
    extra = g.ndim - len(shape)
    if extra:
        g = g.sum(tuple(range(extra)))
    dims = tuple(i for i, (a, b) in enumerate(zip(g.shape, shape)) if a != b)
    return g.sum(dims, keepdim=True) if dims else g


# -- the public ops ------------------------------------------------------------------------------------------------
def check_lu_input(A, pivot):
    """PyTorch's checks of an input to factor, in its words (the same for linalg.lu, lu_factor and lu_factor_ex)."""
    if A.ndim < 2:
        raise RuntimeError(f'torch.lu_factor: Expected tensor with 2 or more dimensions. Got size: {list(A.shape)} '
                           'instead')
    if A._data.dtype.kind != 'f' or A._data.dtype == 'float16':
        not_implemented('lu_cpu', A._data.dtype)
    if not pivot:
        raise RuntimeError('linalg.lu_factor: LU without pivoting is not implemented on the CPU')


def linalg_lu_factor_ex(A, *, pivot=True, check_errors=False, out=None, name='torch.linalg.lu_factor_ex'):
    check_lu_input(A, pivot)
    LU, pivots, info = factor(A._data)
    if check_errors and bool((info != 0).any()):
        flat = info.reshape(-1)
        b = int((flat != 0).argmax())
        i = int(flat[b])
        raise RuntimeError(f'{name}: {batch_prefix(b, A.ndim > 2)}U[{i},{i}] is zero and using it on lu_solve would '
                          'result in a division by zero. If you still want to perform the factorization, consider '
                          'calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)')
    pivots = Tensor._make(pivots)
    result = return_types.linalg_lu_factor_ex(LinalgLuFactorExBackward0.apply(A, LU=LU, pivots=pivots), pivots,
                                              Tensor._make(info))
    return write_outs(result, out, 'linalg_lu_factor_ex')


def linalg_lu_factor(A, *, pivot=True, out=None):
    LU, pivots, _ = linalg_lu_factor_ex(A, pivot=pivot, check_errors=True, name='torch.linalg.lu_factor')
    return write_outs(return_types.linalg_lu_factor(LU, pivots), out, 'linalg_lu_factor')


def linalg_lu(A, *, pivot=True, out=None):
    check_lu_input(A, pivot)
    LU, pivots, _ = factor(A._data)
    P = permutation_matrix(pivots, A.shape[-2], LU.dtype)
    L, U = LinalgLuBackward0.apply(A, factors=unpack(LU), P=P)
    return write_outs(return_types.linalg_lu(Tensor._make(P), L, U), out, 'linalg_lu')


@export()
def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True, *, out=None):  # noqa: N803 (PyTorch's names)
    LU, pivots = LU_data, LU_pivots
    if LU.ndim < 2:
        raise IndexError(f'Dimension out of range (expected to be in range of [{-max(LU.ndim, 1)}, '
                         f'{max(LU.ndim, 1) - 1}], but got -2)')
    if pivots._data.dtype != 'int32':
        raise RuntimeError('torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype.\n'
                           'Note: this function is intended to be used with the output produced by '
                           'torch.linalg.lu_factor')
    L, U = LuUnpackBackward0.apply(LU, unpack_data=unpack_data)
    P = Tensor._make(permutation_matrix(pivots._data, LU.shape[-2], LU._data.dtype)) if unpack_pivots else \
        LU.new_empty((0,))
    return write_outs(return_types.lu_unpack(P, L, U), out, 'lu_unpack')


@export()
def lu(A, pivot=True, get_infos=False, out=None):     # noqa: N803
    """torch.lu (deprecated): (LU, pivots), with get_infos (LU, pivots, infos)"""
    warnings.warn('torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex and will be '
                  'removed in a future PyTorch release.', UserWarning, stacklevel=2)
    LU, pivots, info = linalg_lu_factor_ex(A, pivot=pivot)     # PyTorch's never checks for a zero pivot
    result = return_types._lu_with_info(LU, pivots, info) if get_infos else (LU, pivots)
    return write_outs(result, out, None) if get_infos else result


def linalg_lu_solve(LU, pivots, B, *, left=True, adjoint=False, out=None):
    name = 'linalg.lu_solve'
    check_matrix('torch.' + name, LU, half='lu_cpu')
    if B.ndim < 2:
        raise RuntimeError(f'{name}: The input tensor B must have at least 2 dimensions.')
    if pivots._data.dtype != 'int32':
        raise RuntimeError(f'{name}: pivots should be a Tensor of scalar type torch.int32')
    if LU._data.dtype != B._data.dtype:
        raise RuntimeError(f'{name}: Expected LU and B to have the same dtype, but found LU of type '
                           f'{title(LU._data.dtype)} and B of type {title(B._data.dtype)} instead')
    if (B.shape[-2] if left else B.shape[-1]) != LU.shape[-1]:
        raise RuntimeError(f'{name}: Incompatible shapes of A and B for the equation {"AX = B" if left else "XA = B"} '
                           f'({LU.shape[-2]}x{LU.shape[-1]} and {B.shape[-2]}x{B.shape[-1]})')
    X = LinalgLuSolveBackward0.apply(LU, B, pivots=pivots, left=left, adjoint=adjoint)
    return write_out(X, out, 'linalg_lu_solve')


@export()
def lu_solve(input, LU_data, LU_pivots, *, out=None):      # noqa: N803
    warnings.warn('torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand will be removed in a future '
                  'PyTorch release.\nNote that torch.linalg.lu_solve has its arguments reversed.\nX = '
                  'torch.lu_solve(B, LU, pivots)\nshould be replaced with\nX = torch.linalg.lu_solve(LU, pivots, B)',
                  UserWarning, stacklevel=2)
    return linalg_lu_solve(LU_data, LU_pivots, input, out=out)


def linalg_solve_ex(A, B, *, left=True, check_errors=False, out=None):
    """linalg.solve with info: the first zero pivot of A's LU (0: none), as linalg.lu_factor_ex gives it. A singular
    A without check_errors gives what substituting with its LU gives (inf and nan)."""
    check_matrix('linalg.solve', A, half='lu_cpu')
    info = linalg_lu_factor_ex(A).info
    if check_errors and bool((info._data != 0).any()):
        raise LinAlgError('torch.linalg.solve_ex: The solver failed because the input matrix is singular.')
    result = solved(A, B, left, singular=True)
    return write_outs(return_types.linalg_solve_ex(result, info), out, 'linalg_solve_ex')
