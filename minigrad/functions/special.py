"""Exponentials, logarithms and special functions: exp2 expm1 log2 log10 log1p logit rsqrt reciprocal erf erfc erfinv
sinc, nan_to_num, and the two-tensor xlogy logaddexp logaddexp2. Integer and bool inputs give the default float dtype, as
in PyTorch. Each derivative is PyTorch's (derivatives.yaml); erf and its kin come from scipy.special (cupyx's on a
GPU, backend.special)."""
import math

from . import grad_utils
from .grad_utils import call, masked
from .operands import common_dtype, float_operands, floating, invalid_arguments, kernel_takes, write_out
from .pointwise import BinaryPointwiseBackward, PointwiseBackward
from .table import export
from .trig import tensors
from ..autograd.function import Op
from ..backend import get_array_module, special
from ..tensor import Tensor

LN2, LN10, PI = math.log(2), math.log(10), math.pi


class Exp2Backward0(PointwiseBackward):
    """out = 2^a;  da = g * out * ln 2"""
    from_result = True
    f = staticmethod(lambda xp, a: xp.exp2(a))
    df = staticmethod(lambda out: out * LN2)


class Expm1Backward0(PointwiseBackward):
    """out = e^a - 1 (exact for small a);  da = g * (out + 1)"""
    from_result = True
    f = staticmethod(lambda xp, a: xp.expm1(a))
    df = staticmethod(lambda out: out + 1)


class Log2Backward0(PointwiseBackward):
    """out = log2(a);  da = g / (a ln 2)"""
    f = staticmethod(lambda xp, a: xp.log2(a))
    df = staticmethod(lambda a: 1 / (a * LN2))


class Log10Backward0(PointwiseBackward):
    """out = log10(a);  da = g / (a ln 10)"""
    f = staticmethod(lambda xp, a: xp.log10(a))
    df = staticmethod(lambda a: 1 / (a * LN10))


class Log1PBackward0(PointwiseBackward):
    """out = ln(1 + a) (exact for small a);  da = g / (1 + a)"""
    f = staticmethod(lambda xp, a: xp.log1p(a))
    df = staticmethod(lambda a: 1 / (a + 1))


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
    df = staticmethod(lambda a: 2 / math.sqrt(PI) * grad_utils.exp(-a * a))


class ErfcBackward0(PointwiseBackward):
    """out = erfc(a) = 1 - erf(a);  da = -g * 2/sqrt(pi) * e^(-a^2)"""
    f = staticmethod(lambda xp, a: special(a).erfc(a))
    df = staticmethod(lambda a: -2 / math.sqrt(PI) * grad_utils.exp(-a * a))


class ErfinvBackward0(PointwiseBackward):
    """out = erfinv(a), the x with erf(x) = a;  da = g * sqrt(pi)/2 * e^(erfinv(a)^2)
    (recomputed from a, which PyTorch keeps rather than the result)"""
    f = staticmethod(lambda xp, a: special(a).erfinv(a))

    @staticmethod
    def df(a):
        out = a.erfinv() if grad_utils.is_tensor(a) else special(a).erfinv(a)
        return math.sqrt(PI) / 2 * grad_utils.exp(out * out)


class SincBackward0(PointwiseBackward):
    """out = sin(pi a) / (pi a), and 1 at a = 0;  da = g * (pi a cos(pi a) - sin(pi a)) / (pi a^2), and 0 at a = 0"""
    f = staticmethod(lambda xp, a: xp.sinc(a))

    @staticmethod
    def df(a):
        x = a * PI      # divided by 0 at a = 0, then selected away, as PyTorch's masked_fill (NaN second derivatives)
        return masked((x * call('cos', x) - call('sin', x)) / (x * a), a != 0)


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
        return g * ctx.finite


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
    """out = a * ln(b), and 0 where a = 0 (unless b is nan);  da = xlogy(g, b) (0 where g = 0, and where a = 0 and
    b <= 0, as PyTorch's formula),  db = g * a / b"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(b, a)
        return xlogy_of(a, b)

    @staticmethod
    def backward(ctx, g):
        b, a = ctx.saved_tensors
        da = db = None
        if ctx.needs_input_grad[0]:
            da = grad_utils.where(~ctx.zero_slope(a, b), g.xlogy(b) if grad_utils.is_tensor(g) else xlogy_of(g, b),
                                  0.0)
        if ctx.needs_input_grad[1]:
            db = g * a / b
        return da, db

    @staticmethod
    def zero_slope(a, b):
        """Where da is 0 by PyTorch's formula, not the nan of a log of a negative: a = 0 and b <= 0."""
        return (a == 0) & (b <= 0)


def xlogy_of(a, b):
    """a * ln(b) on arrays, 0 where a = 0 unless b is nan; ln(b) in the common dtype (backward's xlogy(g, b) of a
    float64 g and a float32 b takes the log in float64, as PyTorch's)."""
    xp = get_array_module(a, b)
    log_b = xp.log(b.astype(xp.result_type(a, b), copy=False))
    return xp.where((a == 0) & ~xp.isnan(b), 0, a * log_b).astype(a.dtype, copy=False)


class XlogyBackward1(XlogyBackward0):
    """xlogy(number, tensor): out = a * ln(b) for the number a;  db = g * a / b"""


class XlogyBackward2(XlogyBackward0):
    """xlogy(tensor, number): out = a * ln(b) for the number b;  da = g * ln(b) (0 where a = 0 unless b > 0: a
    NaN b too, as PyTorch's formula for a number)"""

    @staticmethod
    def zero_slope(a, b):
        return (a == 0) & ~(b > 0)


class LogaddexpBackward0(BinaryPointwiseBackward):
    """out = ln(e^a + e^b);  da = g / (1 + e^(b - a)),  db = g / (1 + e^(a - b)) (from a and b, as PyTorch's, which
    keeps no result)"""
    uses_out = False
    f = staticmethod(lambda xp, a, b: xp.logaddexp(a, b))
    da = staticmethod(lambda a, b, out: 1 / (1 + grad_utils.exp(grad_utils.subtract(b, a))))
    db = staticmethod(lambda a, b, out: 1 / (1 + grad_utils.exp(grad_utils.subtract(a, b))))


class Logaddexp2Backward0(BinaryPointwiseBackward):
    """out = log2(2^a + 2^b);  da = g / (1 + 2^(b - a)),  db = g / (1 + 2^(a - b))"""
    uses_out = False
    f = staticmethod(lambda xp, a, b: xp.logaddexp2(a, b))
    da = staticmethod(lambda a, b, out: 1 / (1 + 2 ** grad_utils.subtract(b, a)))
    db = staticmethod(lambda a, b, out: 1 / (1 + 2 ** grad_utils.subtract(a, b)))


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


@export(inplace=True)
def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    if input._data.dtype.kind != 'f':       # nothing to replace: a copy, as PyTorch
        return write_out(input.clone(), out, 'nan_to_num')
    return write_out(NanToNumBackward0.apply(input, nan=nan, posinf=posinf, neginf=neginf), out, 'nan_to_num')


@export(inplace=True)
def xlogy(input, other, *, out=None):
    """input * log(other), 0 where input is 0; either may be a number (not both)."""
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise invalid_arguments('xlogy', (input, other), ('Tensor input, Tensor other', 'Number self, Tensor other',
                                                          'Tensor input, Number other'))
    node = (XlogyBackward0 if isinstance(input, Tensor) and isinstance(other, Tensor)
            else XlogyBackward2 if isinstance(input, Tensor) else XlogyBackward1)
    return write_out(node.apply(*float_operands(input, other)), out, 'xlogy')


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
