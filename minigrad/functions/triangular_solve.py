"""Triangular systems: linalg.solve_triangular(A, B, upper=, left=, unitriangular=) and the older
triangular_solve(b, A) (which also returns a copy of A). Only A's triangle is read; a zero on its diagonal gives
inf or NaN, as LAPACK's trtrs does, rather than an error."""
import warnings

from .matrices import check_matrix, on_tensors, saved
from .operands import write_out, write_outs
from .table import export
from .triangle import tril, triu
from .. import return_types
from ..autograd.function import MultiOutputOp, Op
from ..backend import get_array_module, lapack_layout
from ..dtypes import not_implemented, title


def substitute(A, B, upper, unitriangular):
    """X with A X = B, A triangular, by substitution one row of X at a time (batch dims broadcast)."""
    xp = get_array_module(A, B)
    n = A.shape[-1]
    batch = xp.broadcast_shapes(A.shape[:-2], B.shape[:-2])
    X = xp.zeros(batch + B.shape[-2:], xp.result_type(A, B))
    for i in reversed(range(n)) if upper else range(n):
        known = slice(i + 1, n) if upper else slice(0, i)
        row = B[..., i, :] - (A[..., i:i + 1, known] @ X[..., known, :])[..., 0, :]
        X[..., i, :] = row if unitriangular else row / A[..., i, i, None]
    return X


def triangle(A, upper, unitriangular):
    """The triangle of A a triangular solve reads (without its diagonal when unitriangular)."""
    return triu(A, int(unitriangular)) if upper else tril(A, -int(unitriangular))


class LinalgSolveTriangularBackward0(Op):
    """out = X = A^-1 B for triangular A (left=False: X = B A^-1);  dB = A^-T g (left=False: g A^-T),
    dA = the triangle of -dB X^T (left=False: -X^T dB)"""

    @staticmethod
    def forward(ctx, A, B, upper, left=True, unitriangular=False):
        ctx.upper, ctx.left, ctx.unitriangular = upper, left, unitriangular
        if left:
            X = lapack_layout(substitute(A, B, upper, unitriangular))
        else:       # X A = B is A^T X^T = B^T, with the other triangle
            X = lapack_layout(substitute(A.swapaxes(-1, -2), B.swapaxes(-1, -2), not upper, unitriangular))
            X = X.swapaxes(-1, -2)
        ctx.save_for_backward(A, X)
        return X

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        A, X = saved(ctx)
        gB = linalg_solve_triangular(A.mT, g, upper=not ctx.upper, left=ctx.left,
                                     unitriangular=ctx.unitriangular)
        gA = -(gB @ X.mT) if ctx.left else -(X.mT @ gB)
        return triangle(gA, ctx.upper, ctx.unitriangular), gB


class TriangularSolveBackward0(MultiOutputOp):
    """out = (solution, cloned_coefficient) = (X = A^-1 b (transpose: A^-T b), a copy of A);
    db = A^-T g_X (transpose: A^-1 g_X),  dA = the triangle of -db X^T (transpose: -X db^T), plus g_A whole"""

    @staticmethod
    def forward(ctx, b, A, upper, transpose, unitriangular):
        ctx.params = dict(upper=upper, transpose=transpose, unitriangular=unitriangular)
        A_ = A.swapaxes(-1, -2) if transpose else A
        ctx.save_for_backward(b, A)
        X = lapack_layout(substitute(A_, b, upper != transpose, unitriangular))
        return X, get_array_module(A).broadcast_to(A, X.shape[:-2] + A.shape[-2:]).copy()

    @staticmethod
    @on_tensors
    def backward(ctx, g_x, g_a):
        b, A = saved(ctx)
        if g_x is None:         # as PyTorch, zeros for b (a constant) and zeros + g_a for A when only the copy
            return b.new_zeros(b.shape), A.new_zeros(A.shape) + g_a     # of A is used
        p = ctx.params
        X = TriangularSolveBackward0.apply(b, A, **p)[0]       # recomputed: a node with several outputs saves inputs
        gb = TriangularSolveBackward0.apply(g_x, A, **dict(p, transpose=not p['transpose']))[0]
        gA = triangle(-(X @ gb.mT) if p['transpose'] else -(gb @ X.mT), p['upper'], p['unitriangular'])
        return gb, gA if g_a is None else gA + g_a


def check_b_and_A(name, b, A):  # noqa: N802 (PyTorch's names)
    """PyTorch's errors of triangular_solve and cholesky_solve for b and A (their dtypes and shapes)."""
    if b._data.dtype != A._data.dtype:
        raise RuntimeError(f'Expected b and A to have the same dtype, but found b of type {title(b._data.dtype)} '
                           f'and A of type {title(A._data.dtype)} instead.')
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f'A must be batches of square matrices, but they are {A.shape[-2]} by {A.shape[-1]} '
                           'matrices')
    if A.shape[-1] != b.shape[-2]:
        raise RuntimeError(f'Incompatible matrix sizes for {name}: each A matrix is {A.shape[-2]} by '
                           f'{A.shape[-1]} but each b matrix is {b.shape[-2]} by {b.shape[-1]}')
    if A._data.dtype.kind != 'f' or A._data.dtype == 'float16':
        not_implemented(f'{name}_cpu', A._data.dtype)


def linalg_solve_triangular(A, B, *, upper, left=True, unitriangular=False, out=None):
    name = 'linalg.solve_triangular'
    check_matrix(name, A, floating=False)
    if B.ndim < 2:
        raise RuntimeError(f'{name}: The input tensor B must have at least 2 dimensions.')
    if A._data.dtype.kind != 'f' or A._data.dtype == 'float16':
        not_implemented('triangular_solve_cpu', A._data.dtype)
    rows = B.shape[-2] if left else B.shape[-1]
    if rows != A.shape[-1]:
        other = B.shape[-1] if left else B.shape[-2]
        sizes = f'{rows}x{other}' if left else f'{other}x{rows}'
        raise RuntimeError(f'{name}: Incompatible shapes of A and B for the equation {"AX = B" if left else "XA = B"} '
                           f'({A.shape[-2]}x{A.shape[-1]} and {sizes})')
    B = B if B._data.dtype == A._data.dtype else B.to(A.dtype)
    node = LinalgSolveTriangularBackward0.apply(A, B, upper=upper, left=left, unitriangular=unitriangular)
    return write_out(node, out, 'linalg_solve_triangular')


@export()
def triangular_solve(input, A, upper=True, transpose=False, unitriangular=False, *, out=None):
    warnings.warn('torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangularand will be removed '
                  'in a future PyTorch release.\ntorch.linalg.solve_triangular has its arguments reversed and does not '
                  'return a copy of one of the inputs.\nX = torch.triangular_solve(B, A).solution\nshould be replaced '
                  'with\nX = torch.linalg.solve_triangular(A, B).', UserWarning, stacklevel=2)
    if input.ndim < 2:
        raise RuntimeError('torch.triangular_solve: Expected b to have at least 2 dimensions, but it has '
                           f'{input.ndim} dimensions instead')
    if A.ndim < 2:
        raise RuntimeError('torch.triangular_solve: Expected A to have at least 2 dimensions, but it has '
                           f'{A.ndim} dimensions instead')
    check_b_and_A('triangular_solve', input, A)
    solution, clone = TriangularSolveBackward0.apply(input, A, upper=upper, transpose=transpose,
                                                     unitriangular=unitriangular)
    return write_outs(return_types.triangular_solve(solution, clone), out, 'triangular_solve')
