"""torch.linalg.cond: the condition number of a (batch of) matrices, composed as PyTorch composes it (so its gradient
and node names are those of the ops it is made of): for p = 2 (the default) and -2 the ratio of the largest and
smallest singular values, for 'nuc' sum(S) sum(1/S), for the others ||A||_p ||A^-1||_p, inf where A is singular."""
import math

from .decompositions import linalg_svdvals
from .matrices import check_matrix, eye_like
from .norms import linalg_matrix_norm
from .operands import write_out
from .solve import linalg_inv, linalg_inv_ex
from .elementwise import where


def invalid_ord(p):
    raise RuntimeError(f'linalg.cond got an invalid norm type: {p}')


def ord_name(p):
    """p as PyTorch prints it in its square-matrix error (a C++ std::to_string of an int or a double)."""
    if isinstance(p, str) or isinstance(p, int):
        return str(p)
    return 'inf' if p == math.inf else '-inf' if p == -math.inf else f'{p:.6f}'


def inverse_or_inf(A):
    """A^-1, inf where A is singular (PyTorch: linalg.inv_ex, then masked_fill with inf where info > 0)."""
    singular = (linalg_inv_ex(A.detach()).info > 0).unsqueeze(-1).unsqueeze(-1)
    return where(singular, A.new_full((), math.inf), linalg_inv(where(singular, eye_like(A), A)))


def linalg_cond(A, p=None, *, out=None):
    p = 2 if p is None else p
    if A.ndim < 2 and not isinstance(p, str):
        raise RuntimeError('linalg.cond: The input tensor must have at least 2 dimensions.')
    if isinstance(p, str) and p not in ('fro', 'nuc') or not isinstance(p, str) and p not in (2, -2, 1, -1, math.inf,
                                                                                            -math.inf):
        invalid_ord(p)
    if not isinstance(p, str) and abs(p) == 2:
        if A.numel() == 0:
            check_matrix('linalg.cond', A, square=False)
            return write_out(A.new_zeros(A.shape[:-2]), out, 'linalg_cond')
        S = linalg_svdvals(A)
        largest, smallest = S[..., :1], S[..., -1:]
        ratio = smallest / largest if p == -2 else largest / smallest
        return write_out(ratio.squeeze(-1), out, 'linalg_cond')
    check_matrix(f'linalg.cond(ord={ord_name(p)})', A, floating=False)
    if A.numel() == 0:
        return write_out(A.new_zeros(A.shape[:-2]), out, 'linalg_cond')
    if p == 'nuc':      # the definition, not matrix_norm, which refuses infinities
        S = linalg_svdvals(A)
        return write_out(S.sum(-1) * S.reciprocal().sum(-1), out, 'linalg_cond')
    inverse = inverse_or_inf(A)
    result = linalg_matrix_norm(A, p) * linalg_matrix_norm(inverse, p)
    return write_out(result.nan_to_num(math.inf, math.inf, -math.inf), out, 'linalg_cond')
