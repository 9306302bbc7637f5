"""Exponentials, logarithms and special functions: exp2 expm1 log2 log10 log1p logit rsqrt reciprocal erf erfc erfinv
sinc, nan_to_num, and the two-tensor xlogy logaddexp logaddexp2. Integer and bool inputs give the default float dtype, as
in PyTorch. Each derivative is PyTorch's (derivatives.yaml); erf and its kin come from scipy.special (cupyx's on a
GPU, backend.special)."""
import fractions
import math

from . import grad_utils
from .grad_utils import call, data, fixed, masked
from .arguments import EITHER_A_NUMBER, METHOD_OTHER, overloads
from .operands import common_dtype, floating, kernel_takes, overload_node, write_out
from .elementwise import MulBackward1
from .pointwise import BinaryPointwiseBackward, PointwiseBackward
from .table import export
from .trig import tensors
from .. import dtypes
from ..autograd import views
from ..autograd.function import Op
from ..backend import get_array_module, special

LN2, LN10, PI = math.log(2), math.log(10), math.pi


class Exp2Backward0(PointwiseBackward):
    """out = 2^a;  da = g * out * ln 2 (power_of_two_grad)"""
    from_result = True
    f = staticmethod(lambda xp, a: xp.exp2(a))

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return power_of_two_grad(g, out)


def power_of_two_grad(g, out):
    """g * out * ln 2: the derivative of out = 2^x (of ldexp's out = a * 2^e) in x, multiplied in PyTorch's order,
    the number last (MulBackward1 under create_graph)."""
    return MulBackward1.of(g * out, LN2)


class Expm1Backward0(PointwiseBackward):
    """out = e^a - 1 (exact for small a);  da = g * (out + 1)"""
    from_result = True
    f = staticmethod(lambda xp, a: xp.expm1(a))
    df = staticmethod(lambda out: out + 1)


class Log2Backward0(PointwiseBackward):
    """out = log2(a);  da = g / (a ln 2)"""
    f = staticmethod(lambda xp, a: xp.log2(a))
    denominator = staticmethod(lambda a: a * LN2)


class Log10Backward0(PointwiseBackward):
    """out = log10(a);  da = g / (a ln 10)"""
    f = staticmethod(lambda xp, a: xp.log10(a))
    denominator = staticmethod(lambda a: a * LN10)


class Log1PBackward0(PointwiseBackward):
    """out = ln(1 + a) (exact for small a);  da = g / (1 + a)"""
    f = staticmethod(lambda xp, a: xp.log1p(a))
    denominator = staticmethod(lambda a: a + 1)


class RsqrtBackward0(PointwiseBackward):
    """out = 1 / sqrt(a);  da = -g * out^3 / 2"""
    from_result = True
    f = staticmethod(lambda xp, a: 1 / xp.sqrt(a))
    df = staticmethod(lambda out: -0.5 * out * out * out)


class ReciprocalBackward0(PointwiseBackward):
    """out = 1 / a;  da = -g * out^2"""
    from_result = True
    f = staticmethod(lambda xp, a: 1 / a)
    df = staticmethod(lambda out: -out * out)


class ErfBackward0(PointwiseBackward):
    """out = erf(a) = 2/sqrt(pi) * integral from 0 to a of e^(-t^2) dt;  da = g * 2/sqrt(pi) * e^(-a^2)"""
    f = staticmethod(lambda xp, a: special(a).erf(a))
    df = staticmethod(lambda a: 2 / math.sqrt(PI) * grad_utils.exp(-(a ** 2)))   # (PyTorch's formula, op for op)


class ErfcBackward0(PointwiseBackward):
    """out = erfc(a) = 1 - erf(a);  da = -g * 2/sqrt(pi) * e^(-a^2)"""
    f = staticmethod(lambda xp, a: special(a).erfc(a))
    df = staticmethod(lambda a: -2 / math.sqrt(PI) * grad_utils.exp(-(a ** 2)))


class ErfinvBackward0(PointwiseBackward):
    """out = erfinv(a), the x with erf(x) = a;  da = g * sqrt(pi)/2 * e^(erfinv(a)^2)
    (recomputed from a, which PyTorch keeps rather than the result)"""
    f = staticmethod(lambda xp, a: special(a).erfinv(a))

    @staticmethod
    def df(a):
        out = a.erfinv() if grad_utils.is_tensor(a) else special(a).erfinv(a)
        return math.sqrt(PI) / 2 * grad_utils.exp(out * out)


class SincBackward0(PointwiseBackward):
    """out = sin(pi a) / (pi a), and 1 at a = 0;  da = g * (pi a cos(pi a) - sin(pi a)) / (pi a^2), and 0 where
    a^2 pi is 0 (a = 0, and |a| < 1e-162, where it underflows, as PyTorch's)"""
    f = staticmethod(lambda xp, a: xp.sinc(a))

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        x, squared = a * PI, a * a * PI     # divided by 0 where squared is 0, then selected away, as PyTorch's
        return masked(g * (x * call('cos', x) - call('sin', x)) / squared, data(squared) != 0)   # (where last, as
                                                                                                # PyTorch's: NaN
                                                                                                # second derivatives)


class NanToNumBackward0(Op):
    """out = a with nan, +inf and -inf replaced by the given numbers (or 0 and the dtype's largest and smallest);
    da = g where a is finite, else 0"""

    @staticmethod
    def forward(ctx, a, nan=0.0, posinf=None, neginf=None):
        xp = get_array_module(a)
        ctx.finite = xp.isfinite(a)
        ctx.save_for_backward(a)    # as PyTorch: an in-place change to a before backward is its error
        return xp.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf)

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors
        return g * fixed(ctx.finite, g)


class LogitBackward0(Op):
    """out = ln(x / (1 - x)), x = a clamped to [eps, 1 - eps] when eps is given;
    da = g / (a (1 - a)) inside [eps, 1 - eps] and 0 outside it, or, without eps, inside [0, 1] and NaN outside"""

    @staticmethod
    def forward(ctx, a, eps):
        x = a if eps is None else get_array_module(a).clip(a, eps, 1 - eps)
        ctx.eps = eps
        ctx.save_for_backward(a)
        return get_array_module(a).log(x / (1 - x))

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        low, high, outside = (0, 1, math.nan) if ctx.eps is None else (ctx.eps, 1 - ctx.eps, 0.0)
        # + 0.0 makes a -0.0 denominator +0.0: at a = 0 or 1 PyTorch's kernel gives g * inf, whatever 0's sign
        return grad_utils.where((a >= low) & (a <= high), g / (a * (1 - a) + 0.0), outside)


class XlogyBackward0(Op):
    """out = a * ln(b), and 0 where a = 0 (unless b is nan);  da = xlogy(g, b) (0 where g = 0), set to 0 where a = 0
    and b <= 0 (PyTorch's formula: xlogy(g, b).masked_fill(...)),  db = g * a / b"""
    promotes = True
    log = 'log'     # special.xlog1py's subclasses: log1p, of 1 + b

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(b, a)
        return xlogy_of(a, b, ctx.log)

    @staticmethod
    def backward(ctx, g):
        b, a = ctx.saved_tensors
        da = db = None
        if ctx.needs_input_grad[0]:
            zero = ctx.zero_slope(a, ctx.argument(b))
            if grad_utils.is_tensor(g):     # create_graph: PyTorch's ops, recorded
                of_g = (special_xlog1py if ctx.log == 'log1p' else xlogy)(g, ctx.operand(b))
                da = of_g if zero is None else of_g.masked_fill(zero, 0.0)
            else:
                of_g = xlogy_of(g, b, ctx.log)
                da = of_g if zero is None else grad_utils.where(~zero, of_g, 0.0)
        if ctx.needs_input_grad[1]:
            db = g * a / ctx.argument(b)
        return da, db

    @staticmethod
    def argument(b):
        """What the log is taken of: b (1 + b for log1p)."""
        return b

    @staticmethod
    def operand(b):
        """b as da's xlogy(g, b) takes it: a tensor (a number for XlogyBackward2)."""
        return b

    @staticmethod
    def zero_slope(a, x):
        """Where da is 0 by PyTorch's formula, not the nan of a log of a negative: a = 0 and x = b <= 0 (None: nowhere,
        no masked_fill)."""
        return (a == 0) & (x <= 0)


def xlogy_of(a, b, log='log'):
    """a * ln(b) (`log`: log1p, a * ln(1 + b)) on arrays, 0 where a = 0 unless b is nan; ln(b) in the common dtype
    (backward's xlogy(g, b) of a float64 g and a float32 b takes the log in float64, as PyTorch's)."""
    xp = get_array_module(a, b)
    log_b = getattr(xp, log)(b.astype(xp.result_type(a, b), copy=False))
    return xp.where((a == 0) & ~xp.isnan(b), 0, a * log_b).astype(a.dtype, copy=False)


class XlogyBackward1(XlogyBackward0):
    """xlogy(number, tensor): out = a * ln(b) for the number a;  db = g * a / b"""


class XlogyBackward2(XlogyBackward0):
    """xlogy(tensor, number): out = a * ln(b) for the number b;  da = xlogy(g, b), set to 0 where a = 0 unless b > 0
    (a NaN b too, as PyTorch's formula for a number)"""
    operand = staticmethod(lambda b: data(b).item())

    @staticmethod
    def zero_slope(a, x):
        return None if data(x) > 0 else a == 0


class SpecialXlog1PyBackward0(XlogyBackward0):
    """special.xlog1py: out = a * ln(1 + b), and 0 where a = 0 (unless b is nan);  da = xlog1py(g, b), set to 0 where
    a = 0 and b <= -1,  db = g * a / (1 + b)"""
    log = 'log1p'
    argument = staticmethod(lambda b: b + 1)


class SpecialXlog1PyBackward1(SpecialXlog1PyBackward0):
    """xlog1py(number, tensor): out = a * ln(1 + b) for the number a;  db = g * a / (1 + b)"""


class SpecialXlog1PyBackward2(SpecialXlog1PyBackward0):
    """xlog1py(tensor, number): out = a * ln(1 + b) for the number b;  da = xlog1py(g, b), set to 0 where a = 0
    unless b > -1"""
    operand = staticmethod(XlogyBackward2.operand)
    zero_slope = staticmethod(XlogyBackward2.zero_slope)


class LogaddexpBackward0(BinaryPointwiseBackward):
    """out = ln(e^a + e^b);  da = g / (1 + e^(b - a)),  db = g / (1 + e^(a - b)) (from a and b, as PyTorch's, which
    keeps no result)"""
    uses_out = False
    divides = True
    f = staticmethod(lambda xp, a, b: xp.logaddexp(a, b))
    da = staticmethod(lambda a, b, out: 1 + grad_utils.exp(grad_utils.subtract(b, a)))
    db = staticmethod(lambda a, b, out: 1 + grad_utils.exp(grad_utils.subtract(a, b)))


class Logaddexp2Backward0(BinaryPointwiseBackward):
    """out = log2(2^a + 2^b);  da = g / (1 + 2^(b - a)),  db = g / (1 + 2^(a - b))"""
    uses_out = False
    divides = True
    f = staticmethod(lambda xp, a, b: xp.where(a == b, fused_one_added(a), xp.logaddexp2(a, b)))
    da = staticmethod(lambda a, b, out: 1 + 2 ** grad_utils.subtract(b, a))
    db = staticmethod(lambda a, b, out: 1 + 2 ** grad_utils.subtract(a, b))


def fused_one_added(a):
    """logaddexp2(a, a) as PyTorch's kernel gives it: max + log1p(2^-|a - b|) * (1/ln 2), a fused multiply-add, is
    a + ln 2 * (1/ln 2) with both constants rounded to the dtype (float32 for float16), so a + 1 - 4.8e-17 in float64
    (logaddexp2(-1, -1) is -4.8e-17, not numpy's 0). The product's exact excess over 1 is added to a + 1."""
    wide = a.astype('float32' if a.dtype.itemsize == 2 else a.dtype, copy=False)
    t = wide.dtype.type
    ln2, inv = t(math.log(2)), t(1 / math.log(2))
    excess = t(float(fractions.Fraction(float(ln2)) * fractions.Fraction(float(inv)) - 1))
    return ((wide + t(1)) + excess).astype(a.dtype, copy=False)


# -- the public ops ---------------------------------------------------------------------------------------
@export(inplace=True)
def exp2(input, *, out=None):
    return write_out(Exp2Backward0.apply(floating(input)), out, 'exp2')


@export(inplace=True)
def expm1(input, *, out=None):
    return write_out(Expm1Backward0.apply(floating(input)), out, 'expm1')


@export(inplace=True)
def log2(input, *, out=None):
    return write_out(Log2Backward0.apply(floating(input)), out, 'log2')


@export(inplace=True)
def log10(input, *, out=None):
    return write_out(Log10Backward0.apply(floating(input)), out, 'log10')


@export(inplace=True)
def log1p(input, *, out=None):
    return write_out(Log1PBackward0.apply(floating(input)), out, 'log1p')


@export(inplace=True)
def rsqrt(input, *, out=None):
    return write_out(RsqrtBackward0.apply(floating(input)), out, 'rsqrt')


@export(inplace=True)
def reciprocal(input, *, out=None):
    return write_out(ReciprocalBackward0.apply(floating(input)), out, 'reciprocal')


@export(inplace=True)
def erf(input, *, out=None):
    return write_out(ErfBackward0.apply(floating(input)), out, 'erf')


@export(inplace=True)
def erfc(input, *, out=None):
    return write_out(ErfcBackward0.apply(floating(input)), out, 'erfc')


@export(inplace=True)
def erfinv(input, *, out=None):
    return write_out(ErfinvBackward0.apply(floating(input)), out, 'erfinv')


@export(inplace=True)
def sinc(input, *, out=None):
    return write_out(SincBackward0.apply(floating(input)), out, 'sinc')


@export(inplace=True)
def logit(input, eps=None, *, out=None):
    return write_out(LogitBackward0.apply(floating(input), eps=eps), out, 'logit')


@export()
def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    if input._data.dtype.kind != 'f':       # nothing to replace: a copy, as PyTorch
        return write_out(input.clone(), out, 'nan_to_num')
    return write_out(NanToNumBackward0.apply(input, nan=nan, posinf=posinf, neginf=neginf), out, 'nan_to_num')


@export(function=False)
def nan_to_num_(input, nan=0.0, posinf=None, neginf=None):
    if input._data.dtype.kind != 'f':       # PyTorch copies the tensor onto itself: nothing written, no memory check
        input._vc[0] += 1
        return input
    return views.inplace(input, nan_to_num, nan, posinf, neginf)


@export(inplace=True)
@overloads(EITHER_A_NUMBER, METHOD_OTHER)
def xlogy(input, other, *, out=None):
    """input * log(other), 0 where input is 0; either may be a number (not both)."""
    return write_out(overload_node(input, other, (XlogyBackward0, XlogyBackward1, XlogyBackward2)), out, 'xlogy')


@export()
def logaddexp(input, other, *, out=None):
    a, b = tensors('logaddexp', input, other)
    kernel_takes(common_dtype(a, b), 'logaddexp_cpu', 'f')
    return write_out(LogaddexpBackward0.apply(a, b), out, 'logaddexp')


@export()
def logaddexp2(input, other, *, out=None):
    a, b = tensors('logaddexp2', input, other)
    kernel_takes(common_dtype(a, b), 'logaddexp2_cpu', 'f')
    return write_out(Logaddexp2Backward0.apply(a, b), out, 'logaddexp2')


# -- torch.special's own functions (minigrad.special names them; they are no Tensor methods) -------------------
SQRT_2PI = math.sqrt(2 * PI)


class SpecialNdtriBackward0(PointwiseBackward):
    """out = ndtri(a), the x with ndtr(x) = a (the standard normal's quantile);  da = g * sqrt(2 pi) e^(out^2 / 2)"""
    from_result = True
    f = staticmethod(lambda xp, a: special(a).ndtri(a))
    df = staticmethod(lambda out: SQRT_2PI * grad_utils.exp(out * out / 2))


class SpecialEntrBackward0(PointwiseBackward):
    """out = -a ln a (0 at a = 0, -inf for a < 0);  da = -g * (1 + ln a)"""
    f = staticmethod(lambda xp, a: special(a).entr(a))
    df = staticmethod(lambda a: -(grad_utils.log(a) + 1))


class WithResult(Op):
    """out = f(a) elementwise;  da = g * df(a, out): a derivative that uses both a and out, kept in that order
    (PyTorch's self, result). A subclass gives `f(sp, a)` (sp: scipy.special, or cupyx's) and `df(a, out)`."""

    @staticmethod
    def forward(ctx, a):
        out = ctx.f(special(a), a).astype(a.dtype, copy=False)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        return g * ctx.df(a, out)


def of(name, x):
    """special.<name>(x) on a Tensor (differentiable, for create_graph) or on an array (scipy.special's)."""
    return globals()['special_' + name](x) if grad_utils.is_tensor(x) else getattr(special(x), name)(x)


def tiny_selected(a, formula, at_zero, kernel):
    """formula(a) where |a| > eps, `at_zero` where not: PyTorch's i1 and i1e backward (`kernel`, which has no
    float16), whose formula divides by a (taken at eps there, so that no NaN reaches a second derivative)."""
    if grad_utils.dtype_of(a) == dtypes.float16.np:
        dtypes.not_implemented(kernel, dtypes.float16)
    eps = float(dtypes.finfo(dtypes.from_numpy_dtype(grad_utils.dtype_of(a))).eps)
    big = abs(a) > eps
    return grad_utils.where(big, formula(grad_utils.where(big, a, eps)), at_zero)


class SpecialErfcxBackward0(WithResult):
    """out = erfcx(a) = e^(a^2) erfc(a), without its overflow;  da = g * (2 a out - 2/sqrt(pi))"""
    f = staticmethod(lambda sp, a: sp.erfcx(a))
    df = staticmethod(lambda a, out: 2 * a * out - 2 / math.sqrt(PI))


class SpecialLogNdtrBackward0(WithResult):
    """out = ln(ndtr(a)), accurate far in the left tail;  da = g * e^(-(out + a^2 / 2)) / sqrt(2 pi)"""
    f = staticmethod(lambda sp, a: sp.log_ndtr(a))
    df = staticmethod(lambda a, out: grad_utils.exp(-(out + a * a / 2)) / SQRT_2PI)


class SpecialI0EBackward0(WithResult):
    """out = e^-|a| I0(a) (the scaled modified Bessel function of order 0);  da = g * (i1e(a) - sgn(a) out)"""
    f = staticmethod(lambda sp, a: sp.i0e(a))
    df = staticmethod(lambda a, out: of('i1e', a) - grad_utils.sgn(a) * out)


class SpecialI1Backward0(WithResult):
    """out = I1(a) (the modified Bessel function of order 1);  da = g * (i0(a) - out / a), 1/2 at |a| <= eps"""
    f = staticmethod(lambda sp, a: sp.i1(a))
    df = staticmethod(lambda a, out: tiny_selected(a, lambda x: grad_utils.call('i0', x) - out / x, 0.5, 'i1_backward'))


class SpecialI1EBackward0(WithResult):
    """out = e^-|a| I1(a);  da = g * (i0e(a) - out (sgn(a) + 1/a)), 1/2 at |a| <= eps"""
    f = staticmethod(lambda sp, a: sp.i1e(a))
    df = staticmethod(lambda a, out: tiny_selected(a, lambda x: of('i0e', x) - out * (grad_utils.sgn(x) + 1 / x),
                                                   0.5, 'i1e_backward'))


def special_ndtr(input, *, out=None):
    """The standard normal's CDF, (1 + erf(a / sqrt 2)) / 2, composed as PyTorch composes it (its products by
    numbers: MulBackward1)."""
    erf_part = MulBackward1.apply(floating(input), b=1 / math.sqrt(2)).erf()
    result = MulBackward1.apply(1 + erf_part, b=0.5)
    if out is None:
        return result
    dtypes.check_cast(result._data.dtype, out._data.dtype)  # PyTorch's out= of a composite: out resized, its dtype
    if out.shape != result.shape:                           # checked, then a copy (CopyBackwards, not refused with
        write_out(result.detach(), out, None)               # a gradient)
    return out.copy_(result)


def pointwise(node, name, half=True):
    """special.<name>(input, *, out=None): node applied to input (in the default float dtype for integers);
    half=False: PyTorch's kernel refuses float16."""
    def fn(input, *, out=None):
        if not half and input.dtype is dtypes.float16:
            dtypes.not_implemented(f'{name}_cpu', input.dtype)
        return write_out(node.apply(floating(input)), out, 'special_' + name)
    fn.__name__ = fn.__qualname__ = 'special_' + name
    fn.__doc__ = node.__doc__.split(';')[0].strip().removeprefix('out = ')
    return fn


special_ndtri = pointwise(SpecialNdtriBackward0, 'ndtri', half=False)
special_entr = pointwise(SpecialEntrBackward0, 'entr')
special_erfcx = pointwise(SpecialErfcxBackward0, 'erfcx', half=False)
special_log_ndtr = pointwise(SpecialLogNdtrBackward0, 'log_ndtr', half=False)
special_i0e = pointwise(SpecialI0EBackward0, 'i0e')
special_i1 = pointwise(SpecialI1Backward0, 'i1')
special_i1e = pointwise(SpecialI1EBackward0, 'i1e')


@overloads(EITHER_A_NUMBER, None)
def special_xlog1py(input, other, *, out=None):
    """input * log1p(other), 0 where input is 0; either may be a number (not both)."""
    nodes = (SpecialXlog1PyBackward0, SpecialXlog1PyBackward1, SpecialXlog1PyBackward2)
    return write_out(overload_node(input, other, nodes), out, 'special_xlog1py')
