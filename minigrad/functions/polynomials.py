"""torch.special's orthogonal polynomials P_n(x): Chebyshev (T, U, V, W and their shifted forms on [0, 1]), Hermite
(physicists' H, probabilists' He), Laguerre L and Legendre P, for a tensor x and a degree n (a tensor or a number,
read as an integer: static_cast<int64_t>, so 2.7 is 2 and NaN, inf or a negative n gives 0). PyTorch has no
derivative for them: the result never requires grad.

Each is computed as PyTorch's kernel computes it, so that the same floats come out: the three-term recurrence
from P_0 = 1 and P_1, step by step in the dtype of the result (stopping at a NaN), except where the kernel takes a
closed form first: the Chebyshev polynomials' ends y = +-1 and, for |y| < 1 above a degree, their trigonometric
forms (T_n(cos t) = cos(n t), U_n(cos t) = sin((n + 1) t) / sin(t), ...)."""
import numbers

from .arguments import invalid_arguments
from .operands import common_dtype, operands, write_out
from .. import dtypes
from ..backend import get_array_module
from ..dims import check_broadcast
from ..tensor import Tensor

HERMITE_LIMIT = {'float32': 128, 'float64': 512}    # PyTorch's kernel gives NaN above these degrees


def recurrence(n, p, q, step):
    """P_n from P_0 = p and P_1 = q by P_(j+1) = step(j, P_j, P_(j-1)) for j = 1 .. n - 1, each element to its own
    degree n (elements with n < 2 keep q)."""
    xp = get_array_module(q)
    active, j = n >= 2, 1
    while active.any():
        r = step(j, q, p)
        p, q = xp.where(active, q, p), xp.where(active, r, q)
        j += 1
        active &= (n > j) & ~xp.isnan(q)
    return q


def branches(conditions, choices, n, first, step):
    """PyTorch's kernel's branches in its order: where a condition holds first, its choice; elsewhere the recurrence
    P_(j+1) = step(j, P_j, P_(j-1)) from P_0 = 1 and P_1 = first up to the degree n."""
    xp = get_array_module(first)
    taken = conditions[0]
    for c in conditions[1:]:
        taken = taken | c
    values = recurrence(xp.where(taken, 0, n), xp.ones_like(first), first, step)
    return xp.select(conditions, choices, values)


def sign(n):
    """(-1)^n"""
    return 1 - 2 * (n % 2)


def chebyshev(y, n, first, ends, above, trig):
    """A Chebyshev polynomial of y (x, or 2x - 1 for the shifted ones): n < 0: 0;  y = 1 or -1: ends(n) = (P_n(1),
    P_n(-1));  |y| < 1 and n > above: trig(acos(y), n as a float);  n = 0: 1;  n = 1: first;  else the recurrence
    P_(k+1) = 2y P_k - P_(k-1)."""
    xp = get_array_module(y)
    closed = trig(xp.arccos(y), n.astype(y.dtype))
    at_one, at_minus_one = ends(n)
    return branches([n < 0, y == 1, y == -1, (n > above) & (xp.abs(y) < 1), n == 0, n == 1],
                    [0, at_one, at_minus_one, closed, 1, first], n, first, lambda j, q, p: (y + y) * q - p)


def chebyshev_t(y, n, shifted):
    """T_0 = 1, T_1 = y;  T_n(1) = 1, T_n(-1) = (-1)^n;  T_n(cos t) = cos(n t)"""
    xp = get_array_module(y)
    return chebyshev(y, n, y, lambda n: (1, sign(n)), 6, lambda t, nf: xp.cos(nf * t))


def chebyshev_u(y, n, shifted):
    """U_0 = 1, U_1 = 2y;  U_n(1) = n + 1, U_n(-1) = (-1)^n (n + 1);  U_n(cos t) = sin((n + 1) t) / sin(t)
    ((n + 1) cos((n + 1) t) / y where sin(t) is 0)"""
    xp = get_array_module(y)

    def trig(t, nf):
        s = xp.sin(t)
        return xp.where(s != 0, xp.sin((nf + 1) * t) / s, (nf + 1) * xp.cos((nf + 1) * t) / y)
    return chebyshev(y, n, y + y, lambda n: (n + 1, sign(n) * (n + 1)), 6 if shifted else 8, trig)


def chebyshev_v(y, n, shifted):
    """V_0 = 1, V_1 = 2y - 1;  V_n(1) = 1, V_n(-1) = (-1)^n (2n + 1);  V_n(cos t) = cos((n + 1/2) t) / cos(t / 2)
    ((-1)^n (2n + 1) where sin(t / 2) is 1)"""
    xp = get_array_module(y)

    def trig(t, nf):
        return xp.where(xp.sin(t / 2) != 1, xp.cos((nf + 0.5) * t) / xp.cos(t / 2), sign(nf) * (nf + nf + 1))
    return chebyshev(y, n, y + y - 1, lambda n: (1, sign(n) * (n + n + 1)), 6 if shifted else 8, trig)


def chebyshev_w(y, n, shifted):
    """W_0 = 1, W_1 = 2y + 1;  W_n(1) = 2n + 1, W_n(-1) = (-1)^n;  W_n(cos t) = sin((n + 1/2) t) / sin(t / 2)
    (where cos(t / 2) is 1: 2n + 1, and (-1)^n in PyTorch's shifted kernel)"""
    xp = get_array_module(y)

    def trig(t, nf):
        return xp.where(xp.cos(t / 2) != 1, xp.sin((nf + 0.5) * t) / xp.sin(t / 2),
                        sign(nf) if shifted else nf + nf + 1)
    return chebyshev(y, n, y + y + 1, lambda n: (n + n + 1, sign(n)), 4 if shifted else 8, trig)


def hermite(x, n, first, step):
    """A Hermite polynomial: n < 0: 0;  n = 0: 1;  n = 1: first;  above HERMITE_LIMIT: NaN;  else the recurrence."""
    return branches([n < 0, n == 0, n == 1, n > HERMITE_LIMIT[x.dtype.name]], [0, 1, first, float('nan')], n,
                    first, step)


def hermite_h(x, n):
    """H_0 = 1, H_1 = 2x,  H_(j+1) = 2x H_j - 2j H_(j-1)"""
    return hermite(x, n, x + x, lambda j, q, p: (x + x) * q - (j + j) * p)


def hermite_he(x, n):
    """He_0 = 1, He_1 = x,  He_(j+1) = x He_j - j He_(j-1)"""
    return hermite(x, n, x, lambda j, q, p: x * q - j * p)


def laguerre_l(x, n):
    """L_0 = 1, L_1 = 1 - x,  L_(j+1) = ((2j + 1 - x) L_j - j L_(j-1)) / (j + 1);  L_n(0) = 1"""
    first = 1 - x
    return branches([n < 0, x == 0, n == 0, n == 1], [0, 1, 1, first], n, first,
                    lambda j, q, p: (((j + j) + (1 - x)) * q - j * p) / (j + 1))


def legendre_p(x, n):
    """P_0 = 1, P_1 = x,  P_(j+1) = ((2j + 1) x P_j - j P_(j-1)) / (j + 1);  P_n(1) = 1, P_n(-1) = (-1)^n"""
    return branches([n < 0, x == 1, x == -1, n == 0, n == 1], [0, 1, sign(n), 1, x], n, x,
                    lambda j, q, p: ((j + j + 1) * x * q - j * p) / (j + 1))


def polynomial(name, of_x):
    """special.<name>(x, n, *, out=None): of_x(x, n) on x and n's common float dtype, n read as an integer."""
    def fn(x, n, *, out=None):
        if not (isinstance(x, Tensor) and isinstance(n, (Tensor, numbers.Number)) or
                isinstance(x, numbers.Number) and isinstance(n, Tensor)):
            raise invalid_arguments(f'special_{name}', (x, n), ('Tensor x, Tensor n', 'Number x, Tensor n',
                                                                'Tensor x, Number n'))
        x, n = operands(x, n)
        dtype = common_dtype(x, n)
        if dtype.kind != 'f':
            dtype = dtypes.get_default_dtype().np
        if dtype.name not in HERMITE_LIMIT:
            dtypes.not_implemented(f'{name}_cpu', dtype)
        shape = check_broadcast(x.shape, n.shape)
        xp = get_array_module(x._data)
        xs, ns = (xp.broadcast_to(t._data.astype(dtype), shape) for t in (x, n))
        with xp.errstate(all='ignore'):
            degree = ns.astype(xp.int64)        # static_cast<int64_t>: NaN and inf become the most negative int64
            result = xp.asarray(of_x(xs, degree), dtype=dtype)
        return write_out(Tensor._make(result), out, None)
    fn.__name__ = fn.__qualname__ = name
    return fn


def shifted(chebyshev_kind):
    """The shifted Chebyshev polynomial of that kind, on [0, 1]: P*_n(x) = P_n(2x - 1)."""
    return lambda x, n: chebyshev_kind(x + x - 1, n, True)


chebyshev_polynomial_t = polynomial('chebyshev_polynomial_t', lambda x, n: chebyshev_t(x, n, False))
chebyshev_polynomial_u = polynomial('chebyshev_polynomial_u', lambda x, n: chebyshev_u(x, n, False))
chebyshev_polynomial_v = polynomial('chebyshev_polynomial_v', lambda x, n: chebyshev_v(x, n, False))
chebyshev_polynomial_w = polynomial('chebyshev_polynomial_w', lambda x, n: chebyshev_w(x, n, False))
shifted_chebyshev_polynomial_t = polynomial('shifted_chebyshev_polynomial_t', shifted(chebyshev_t))
shifted_chebyshev_polynomial_u = polynomial('shifted_chebyshev_polynomial_u', shifted(chebyshev_u))
shifted_chebyshev_polynomial_v = polynomial('shifted_chebyshev_polynomial_v', shifted(chebyshev_v))
shifted_chebyshev_polynomial_w = polynomial('shifted_chebyshev_polynomial_w', shifted(chebyshev_w))
hermite_polynomial_h = polynomial('hermite_polynomial_h', hermite_h)
hermite_polynomial_he = polynomial('hermite_polynomial_he', hermite_he)
laguerre_polynomial_l = polynomial('laguerre_polynomial_l', laguerre_l)
legendre_polynomial_p = polynomial('legendre_polynomial_p', legendre_p)
