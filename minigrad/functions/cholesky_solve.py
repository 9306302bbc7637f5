"""Solving with a Cholesky factor: cholesky_solve(B, L) = (L L^T)^-1 B and cholesky_inverse(L) = (L L^T)^-1 (upper:
the factor is U, A = U^T U). Two triangular substitutions; only the factor's triangle is read."""
from .matrices import check_matrix, on_tensors, saved
from .operands import write_out
from .table import export
from .triangular_solve import check_b_and_A, substitute
from ..autograd.function import Op
from ..backend import get_array_module, lapack_layout
from ..dtypes import not_implemented


def solve_with_factor(B, L, upper):
    """(L L^T)^-1 B (upper: (U^T U)^-1 B) on arrays: L Y = B, then L^T X = Y."""
    Lt = L.swapaxes(-1, -2)
    first, second = (Lt, L) if upper else (L, Lt)
    return substitute(second, substitute(first, B, False, False), True, False)


class CholeskySolveBackward0(Op):
    """out = X = (L L^T)^-1 B (upper: (U^T U)^-1 B);  dB = (L L^T)^-1 g,  dL = -(C L) with C = dB X^T + X dB^T
    (upper: dU = -(U C))"""

    @staticmethod
    def forward(ctx, B, L, upper=False):
        ctx.upper = upper
        X = lapack_layout(solve_with_factor(B, L, upper))
        ctx.save_for_backward(L, X)
        return X

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        L, X = saved(ctx)
        gB = cholesky_solve(g, L, ctx.upper)
        common = gB @ X.mT
        common = common + common.mT
        return gB, -(L @ common) if ctx.upper else -(common @ L)


class CholeskyInverseBackward0(Op):
    """out = A^-1 = (L L^T)^-1 (upper: (U^T U)^-1);  dL = -(C L) with C = A^-1 (g + g^T) A^-1 (upper: dU = -(U C))"""

    @staticmethod
    def forward(ctx, L, upper=False):
        ctx.upper = upper
        xp = get_array_module(L)
        eye = xp.broadcast_to(xp.eye(L.shape[-1], dtype=L.dtype), L.shape)
        inverse = lapack_layout(solve_with_factor(eye, L, upper))
        ctx.save_for_backward(L, inverse)
        return inverse

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        L, inverse = saved(ctx)
        common = inverse @ ((g + g.mT) @ inverse)
        return -(L @ common) if ctx.upper else -(common @ L)


@export()
def cholesky_solve(input, input2, upper=False, *, out=None):
    B, L = input, input2
    if B.ndim < 2:
        raise RuntimeError(f'b should have at least 2 dimensions, but has {B.ndim} dimensions instead')
    if L.ndim < 2:
        raise RuntimeError(f'u should have at least 2 dimensions, but has {L.ndim} dimensions instead')
    check_b_and_A('cholesky_solve', B, L)
    return write_out(CholeskySolveBackward0.apply(B, L, upper=upper), out, 'cholesky_solve')


@export()
def cholesky_inverse(input, upper=False, *, out=None):
    check_matrix('cholesky_inverse', input, floating=False)
    if input._data.dtype.kind != 'f' or input._data.dtype == 'float16':
        not_implemented('cholesky_inverse_out_cpu', input._data.dtype)
    return write_out(CholeskyInverseBackward0.apply(input, upper=upper), out, 'cholesky_inverse')
