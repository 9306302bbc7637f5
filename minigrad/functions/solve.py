"""Inverses, determinants, linear systems and the Cholesky factor (torch.linalg's inv, inv_ex, det, slogdet, solve,
cholesky, cholesky_ex, matrix_power; torch's det, logdet, slogdet, inverse, cholesky). Batched over the leading
dims; the gradients are PyTorch's (FunctionsManual.cpp), written on Tensors so that they differentiate again."""
import math
import warnings

from .matrices import LOW_PRECISION, LinAlgError, batch_prefix, check_matrix, eye_like, on_tensors, saved, tril, zero_pivot
from .elementwise import where
from .operands import write_out
from .pivoting import lu_substitute
from .table import export
from .. import return_types
from ..autograd import grad_mode
from ..autograd.function import MultiOutputOp, Op
from ..backend import get_array_module, lapack_layout
from ..dtypes import not_implemented, title
from ..tensor import Tensor


def invert(A, name='linalg.inv'):
    """A^-1 of a batch of arrays, or PyTorch's error naming the first zero pivot of the first singular matrix."""
    xp = get_array_module(A)
    try:
        return lapack_layout(xp.linalg.inv(A))
    except ValueError:      # numpy's LinAlgError: an exactly zero pivot
        flat = A.reshape((-1,) + A.shape[-2:])
        pivots = [zero_pivot(m) for m in flat]
        k = next(i for i, p in enumerate(pivots) if p)
        raise LinAlgError(f'{name}: {batch_prefix(k, A.ndim > 2)}The diagonal element {pivots[k]} is zero, the '
                          'inversion could not be completed because the input matrix is singular.') from None


class LinalgInvExBackward0(Op):
    """out = A^-1;  dA = -A^-T g A^-T"""

    @staticmethod
    def forward(ctx, A):
        out = invert(A)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        inverse, = saved(ctx)
        return -(inverse.mT @ g @ inverse.mT)


class LinalgDetBackward0(Op):
    """out = det(A);  dA = g det(A) A^-T (the cofactors), through the SVD A = U S V^T where A is singular:
    dA = U diag(g det(U) det(V^T) prod_{j != i} S_j) V^T"""

    @staticmethod
    def forward(ctx, A):
        out = get_array_module(A).linalg.det(A)
        ctx.save_for_backward(A, out)
        return out

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        A, det = saved(ctx)
        if A.numel() == 0:
            return A.new_zeros(A.shape)
        scale = (g * det).unsqueeze(-1).unsqueeze(-1)
        if not bool((det == 0).any()):
            return linalg_solve(A.mT, scale * eye_like(A))
        xp = get_array_module(A._data)
        U, S, Vh = xp.linalg.svd(A._data)
        alpha = xp.linalg.det(U) * xp.linalg.det(Vh)
        n = S.shape[-1]
        others = xp.stack([xp.prod(xp.delete(S, i, axis=-1), axis=-1) for i in range(n)], -1)
        D = (g._data * alpha)[..., None] * others
        return Tensor._make((U * D[..., None, :]) @ Vh)


class LinalgSlogdetBackward0(MultiOutputOp):
    """out = (sign, logabsdet) = (sign of det(A), log |det(A)|);  dA = g_logabsdet A^-T (the sign has no gradient)"""

    @staticmethod
    def forward(ctx, A):
        ctx.save_for_backward(A)
        sign, logabs = get_array_module(A).linalg.slogdet(A)
        return sign, logabs

    @staticmethod
    @on_tensors
    def backward(ctx, g_sign, g_logabs):
        A, = saved(ctx)
        if g_logabs is None:
            return None
        return linalg_solve(A.mT, g_logabs.unsqueeze(-1).unsqueeze(-1) * eye_like(A))


class LinalgSolveExBackward0(Op):
    """out = X = A^-1 B (left=False: X = B A^-1);  dB = A^-T g,  dA = -dB X^T (left=False: dB = g A^-T,
    dA = -X^T dB); a vector B solved as a column, and its gradient squeezed back (PyTorch's linalg_solve_backward).
    `singular`: a singular A gives what substituting with its LU factors gives (inf and nan, solve_ex without
    check_errors), in forward and in a plain backward; else (and under create_graph, as PyTorch's) an error"""

    @staticmethod
    def forward(ctx, A, B, vector=False, left=True, singular=False):
        xp = get_array_module(A)
        ctx.left, ctx.singular = left, singular
        A_, B_ = (A, B) if left else (A.swapaxes(-1, -2), B.swapaxes(-1, -2))     # X A = B is A^T X^T = B^T
        B_ = B_[..., None] if vector else B_
        try:
            X = xp.linalg.solve(A_, B_)
        except ValueError as e:
            if 'ingular' not in str(e):
                raise
            if not singular:
                raise LinAlgError('minigrad.linalg.solve: The solver failed because the input matrix is singular.') \
                    from None
            X = lu_substitute(A_, B_)
        X = X[..., 0] if vector else X
        ctx.vector = vector
        X = X if vector else lapack_layout(X)
        X = X if left else X.swapaxes(-1, -2)
        ctx.save_for_backward(A, X)
        return X

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        A, X = saved(ctx)
        if ctx.vector:
            g, X = g.unsqueeze(-1), X.unsqueeze(-1)
        gB = LinalgSolveExBackward0.apply(A.mT, g, left=ctx.left,
                                          singular=ctx.singular and not grad_mode.is_grad_enabled())
        gA = (-(gB @ X.mT) if ctx.left else -(X.mT @ gB)) if ctx.needs_input_grad[0] else None
        return gA, gB.squeeze(-1) if ctx.vector else gB


def cholesky_failure(A, name):
    """PyTorch's error for a matrix that is not positive-definite: the first leading minor that is not."""
    xp = get_array_module(A)
    flat = A.reshape((-1,) + A.shape[-2:])
    for k, m in enumerate(flat):
        for order in range(1, m.shape[-1] + 1):
            try:
                xp.linalg.cholesky(m[:order, :order])
            except ValueError:
                raise LinAlgError(f'{name}: {batch_prefix(k, A.ndim > 2)}The factorization could not be completed '
                                  f'because the input is not positive-definite (the leading minor of order {order} '
                                  'is not positive-definite).') from None


class LinalgCholeskyExBackward0(Op):
    """out = L = cholesky(A) (A = L L^T, from A's lower triangle; upper: U = L^T);
    dA = L^-T Phi L^-1 with Phi = tril(L^T g) made self-adjoint off the diagonal (PyTorch's cholesky_backward)"""
    name = 'linalg.cholesky'

    @staticmethod
    def forward(ctx, A, upper=False):
        try:
            L = get_array_module(A).linalg.cholesky(A)
        except ValueError:
            cholesky_failure(A, ctx.name)
            raise
        ctx.upper = upper
        out = lapack_layout(L.swapaxes(-1, -2) if upper else L)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        L, = saved(ctx)
        if ctx.upper:
            L, g = L.mT, g.mT
        gA = tril(L.mT @ g)
        gA = 0.5 * (gA + tril(gA, -1).mT)
        gA = linalg_solve(L.mT, linalg_solve(L.mT, gA).mT).mT
        return gA.mT if ctx.upper else gA


class CholeskyBackward0(LinalgCholeskyExBackward0):
    """torch.cholesky (deprecated): out = L = cholesky(A);  dA = as linalg.cholesky's"""
    name = 'cholesky'


# -- the public ops ------------------------------------------------------------------------------------------------
def linalg_inv(A, *, out=None):
    check_matrix('linalg.inv', A, half=LOW_PRECISION)
    return write_out(LinalgInvExBackward0.apply(A), out, 'linalg_inv_ex')


def linalg_inv_ex(A, *, check_errors=False, out=None):
    check_matrix('linalg.inv', A, half=LOW_PRECISION)
    xp = A.xp
    pivots = xp.asarray([zero_pivot(m) for m in A._data.reshape((-1,) + A.shape[-2:])], dtype='int32')
    info = Tensor._make(pivots.reshape(A.shape[:-2]))
    if bool((info._data == 0).all()) or check_errors:
        inverse = LinalgInvExBackward0.apply(A)
    else:
        inverse = Tensor._make(xp.full(A.shape, math.nan, A._data.dtype))
    return return_types.linalg_inv_ex(inverse, info)


@export()
def inverse(input, *, out=None):
    return linalg_inv(input, out=out)


def linalg_det(A, *, out=None):
    check_matrix('linalg.det', A, half='lu_cpu')
    return write_out(LinalgDetBackward0.apply(A), out, '_linalg_det')


@export()
def det(input):
    return linalg_det(input)


def linalg_slogdet(A, *, out=None, name='linalg.slogdet', kind=return_types.linalg_slogdet):
    check_matrix(name, A, half=LOW_PRECISION)
    return kind(*LinalgSlogdetBackward0.apply(A))


@export()
def slogdet(input):
    return linalg_slogdet(input, kind=return_types.slogdet)


@export()
def logdet(input):
    """log det(A): nan where det(A) < 0 (PyTorch: where(sign == -1, nan, logabsdet))"""
    sign, logabs = linalg_slogdet(input, name='logdet')
    return where(sign == -1, logabs.new_full((), math.nan), logabs)


def linalg_solve(A, B, *, left=True, out=None):
    return write_out(solved(A, B, left), out, '_linalg_solve_ex')


def solved(A, B, left, singular=False):
    """linalg.solve's checks and node (`singular`: solve_ex's without check_errors, see LinalgSolveExBackward0)."""
    check_matrix('linalg.solve', A, half='lu_cpu')
    if B._data.dtype.kind != 'f':
        check_matrix('linalg.solve', B, square=False)
    vector = left and (B.ndim == 1 or (B.ndim == A.ndim - 1 and tuple(B.shape) == tuple(A.shape[:-1])))
    rows = B.shape[-1] if vector or not left else B.shape[-2]
    if rows != A.shape[-1]:
        cols = 1 if vector else B.shape[-1] if left else B.shape[-2]
        equation = 'AX = B' if left else 'XA = B'
        raise RuntimeError(f'linalg.solve: Incompatible shapes of A and B for the equation {equation} '
                           f'({A.shape[-2]}x{A.shape[-1]} and {rows if left else cols}x{cols if left else rows})')
    if A._data.dtype != B._data.dtype:
        raise RuntimeError(f'linalg.solve: Expected A and B to have the same dtype, but found A of type '
                           f'{title(A._data.dtype)} and B of type {title(B._data.dtype)} instead')
    return LinalgSolveExBackward0.apply(A, B, vector=vector, left=left, singular=singular)


def linalg_cholesky(A, *, upper=False, out=None):
    check_matrix('linalg.cholesky', A, half='cholesky_cpu')
    return write_out(LinalgCholeskyExBackward0.apply(A, upper=upper), out, 'linalg_cholesky_ex')


def linalg_cholesky_ex(A, *, upper=False, check_errors=False, out=None):
    check_matrix('linalg.cholesky', A, half='cholesky_cpu')
    try:
        L = LinalgCholeskyExBackward0.apply(A, upper=upper)
        info = A.xp.zeros(A.shape[:-2], dtype='int32')
    except LinAlgError:
        if check_errors:
            raise
        L = Tensor._make(A.xp.full(A.shape, math.nan, A._data.dtype))
        info = A.xp.ones(A.shape[:-2], dtype='int32')
    return return_types.linalg_cholesky_ex(L, Tensor._make(info))


@export()
def cholesky(input, upper=False, *, out=None):
    warnings.warn('torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a future '
                  'PyTorch release.', UserWarning, stacklevel=2)
    check_matrix('cholesky', input, floating=False, half='cholesky_cpu')
    if input._data.dtype.kind != 'f':
        not_implemented('cholesky_cpu', input._data.dtype)
    return write_out(CholeskyBackward0.apply(input, upper=upper), out, 'cholesky')


@export()
def matrix_power(input, n):
    """A^n by repeated squaring (n < 0: of A^-1), with PyTorch's matmuls: n = 0 is I copied into a clone of A (no
    gradient), n = 1 a clone."""
    check_matrix('linalg.matrix_power', input, floating=n < 0)
    if n == 0:
        return input.clone().copy_(eye_like(input).to(input.dtype).expand(input.shape))
    if n < 0:
        input, n = linalg_inv(input), -n
    if n == 1:
        return input.clone()
    if n == 2:
        return input @ input
    if n == 3:
        return (input @ input) @ input
    z = result = None
    while n > 0:
        bit, n = n % 2, n // 2
        z = input if z is None else z @ z
        if bit:
            result = z if result is None else result @ z
    return result
