"""The gamma function's family: lgamma, digamma, polygamma, mvlgamma, the Hurwitz zeta function (special.zeta), and
the modified Bessel function i0, from scipy.special (cupyx's on a GPU: backend.special). Each derivative is the next
member of the family, run as a recorded op under create_graph (grad_utils.run), so every order can be differentiated,
as in PyTorch. Integer and bool inputs give the default float dtype."""
import math

from .arguments import EITHER_A_NUMBER, overloads
from .grad_utils import run
from .operands import floating, overload_node, write_out
from .pointwise import PointwiseBackward
from .table import export
from .. import dtypes
from ..autograd import views
from ..autograd.function import Op
from ..backend import get_array_module, special


class LgammaBackward0(PointwiseBackward):
    """out = ln|Γ(a)|;  da = g * ψ(a), the digamma function"""

    @staticmethod
    def f(xp, a):
        out = xp.where(xp.isneginf(a), xp.inf, special(a).gammaln(a))    # PyTorch: +inf at -inf
        tiny = (xp.abs(a) < xp.finfo(a.dtype).tiny) & (a != 0)
        if tiny.any():      # scipy gives inf for a subnormal a; ln|Γ(a)| is -ln|a| there to the last bit
            out = xp.where(tiny, -xp.log(xp.abs(a)), out)
        return out

    @staticmethod
    def df(a):
        return run(DigammaBackward0, a)


class DigammaBackward0(PointwiseBackward):
    """out = ψ(a) = d/da ln Γ(a);  da = g * ψ'(a) = g * polygamma(1, a)"""
    f = staticmethod(lambda xp, a: special(a).psi(a))
    df = staticmethod(lambda a: run(PolygammaBackward0, a, n=1))


class PolygammaBackward0(Op):
    """out = ψ^(n)(a), the n-th derivative of the digamma function;  da = g * ψ^(n+1)(a)"""

    @staticmethod
    def forward(ctx, a, n):
        ctx.n = n
        ctx.save_for_backward(a)
        xp = get_array_module(a)
        if n == 1:
            return trigamma(xp, a)
        out = special(a).polygamma(n, a).astype(a.dtype, copy=False)
        return out if n == 0 else xp.where(a == xp.inf, xp.nan, out)    # (PyTorch's zeta(n + 1, inf) is NaN)

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        return g * run(PolygammaBackward0, a, n=ctx.n + 1)


def trigamma(xp, a):
    """ψ'(a) as PyTorch computes it (so the values agree to the last bits): the reflection
    ψ'(a) + ψ'(1 - a) = π² / sin²(π a) below 1/2, six steps of ψ'(x) = 1/x² + ψ'(x + 1), then the asymptotic series."""
    x = a.astype(xp.float64 if a.dtype.itemsize > 4 else xp.float32, copy=True)
    small = x < 0.5
    result = xp.where(small, -(math.pi * math.pi) / xp.sin(math.pi * x) ** 2, 0).astype(x.dtype)
    x = xp.where(small, 1 - x, x)
    for _ in range(6):
        result += 1 / (x * x)
        x = x + 1
    ixx = 1 / (x * x)
    result += (1 + 1 / (2 * x) + ixx * (1 / 6 - ixx * (1 / 30 - ixx * (1 / 42)))) / x
    return xp.where(small, -result, result).astype(a.dtype, copy=False)


class PolygammaBackward1(PolygammaBackward0):
    """x.polygamma_(n): out = polygamma(n, a), written into a;  da = g * polygamma(n + 1, a)"""


class SpecialZetaBackward0(Op):
    """out = ζ(x, q) = Σ_k (k + q)^-x, the Hurwitz zeta function;  dq = -g x ζ(x + 1, q),  dx = an error: PyTorch
    has no derivative in x"""
    promotes = True

    @staticmethod
    def forward(ctx, x, q):
        if x.dtype.itemsize == 2:
            dtypes.not_implemented('zeta_cpu', x.dtype)
        ctx.save_for_backward(q, x)
        xp = get_array_module(x, q)
        return xp.where(q == xp.inf, xp.nan, special(x).zeta(x, q)).astype(x.dtype, copy=False)   # PyTorch: NaN

    @staticmethod
    def backward(ctx, g):
        q, x = ctx.saved_tensors
        if ctx.needs_input_grad[0]:
            raise NotImplementedError("the derivative for 'zeta' is not implemented.")
        return None, g * -x * run(SpecialZetaBackward0, x + 1, q)


class SpecialZetaBackward1(SpecialZetaBackward0):
    """special.zeta(number x, tensor q): out = ζ(x, q);  dq = -g x ζ(x + 1, q)"""


class SpecialZetaBackward2(SpecialZetaBackward0):
    """special.zeta(tensor x, number q): out = ζ(x, q);  dx = an error: PyTorch has no derivative in x"""


class MvlgammaBackward0(Op):
    """out = sum over i < p of ln Γ(a - i/2) + p (p - 1)/4 ln π, the log multivariate gamma function;
    da = g * sum over i < p of ψ(a - i/2)"""

    @staticmethod
    def forward(ctx, a, p):
        xp = get_array_module(a)
        ctx.p = p
        ctx.save_for_backward(a)
        terms = special(a).gammaln(a[..., None] - xp.arange(p, dtype=a.dtype) / 2)
        return (terms.sum(-1) + p * (p - 1) / 4 * math.log(math.pi)).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        return g * sum(run(DigammaBackward0, a - i / 2) for i in range(ctx.p))


class I0Backward0(PointwiseBackward):
    """out = I0(a), the modified Bessel function of the first kind of order 0;  da = g * I1(a)"""
    f = staticmethod(lambda xp, a: special(a).i0(a))
    df = staticmethod(lambda a: run(SpecialI1Backward0, a))


class SpecialI1Backward0(PointwiseBackward):
    """out = I1(a), the modified Bessel function of order 1 (i0's derivative);  da = g * (I0(a) - I1(a) / a), 1/2
    at a = 0"""
    f = staticmethod(lambda xp, a: special(a).i1(a))

    @staticmethod
    def df(a):
        safe = a + (a == 0)           # 1 where a is 0, so the quotient stays finite; the limit there is 1/2
        return (run(I0Backward0, a) - run(SpecialI1Backward0, a) / safe) * (a != 0) + 0.5 * (a == 0)


# -- the public ops ---------------------------------------------------------------------------------------------
@export(inplace=True)
def lgamma(input, *, out=None):
    return write_out(LgammaBackward0.apply(floating(input)), out, 'lgamma')


@export(inplace=True)
def digamma(input, *, out=None):
    return write_out(DigammaBackward0.apply(floating(input)), out, 'digamma')


@export(method=False)
def polygamma(n, input, *, out=None):
    return write_out(PolygammaBackward0.apply(floating(input), n=order(n)), out, 'polygamma')


def order(n):
    """polygamma's n, refused when negative as PyTorch does."""
    if n < 0:
        raise RuntimeError('polygamma(n, x) does not support negative n.')
    return n


@export(name='polygamma', function=False)
def polygamma_method(input, n):
    """x.polygamma(n): the tensor first, as PyTorch's method."""
    return polygamma(n, input)


@export(function=False)
def polygamma_(input, n):
    return views.inplace(input, lambda t: PolygammaBackward1.apply(floating(t), n=order(n)))


@export(inplace=True)
def mvlgamma(input, p, *, out=None):
    if input.dtype is dtypes.bool:
        raise RuntimeError('The input tensor may not be a boolean tensor.')
    if p < 1:
        raise RuntimeError('p has to be greater than or equal to 1')
    return write_out(MvlgammaBackward0.apply(floating(input), p=p), out, 'mvlgamma')


@export(inplace=True)
def i0(input, *, out=None):
    return write_out(I0Backward0.apply(floating(input)), out, 'i0')


@overloads(EITHER_A_NUMBER, None)
def special_zeta(input, other, *, out=None):
    """ζ(input, other), the Hurwitz zeta function; either may be a number (not both)."""
    nodes = (SpecialZetaBackward0, SpecialZetaBackward1, SpecialZetaBackward2)
    return write_out(overload_node(input, other, nodes), out, 'special_zeta')
