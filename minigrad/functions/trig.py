"""Trigonometric and hyperbolic functions and their inverses (tanh is in elementwise.py), atan2, hypot, deg2rad and
rad2deg. Integer and bool inputs give the default float dtype, as in PyTorch. Each derivative is PyTorch's
(derivatives.yaml)."""
import math

from .elementwise import MulBackward1, NegBackward0
from .grad_utils import call, data, is_tensor, masked
from .operands import common_dtype, float_operands, floating, kernel_takes, operands, require_tensor_inplace, require_tensors, write_out
from .pointwise import BinaryPointwiseBackward, PointwiseBackward
from .table import export
from ..autograd import views
from ..autograd.function import Op
from ..backend import get_array_module


def rsqrt(x):
    """1 / sqrt(x) of an array, or of a Tensor its rsqrt (one node, as in PyTorch's formulas: under create_graph
    the graph of a formula decides where an efficient zero stays 0)."""
    return x.rsqrt() if is_tensor(x) else 1 / get_array_module(x).sqrt(x)


class SinBackward0(PointwiseBackward):
    """out = sin(a);  da = g * cos(a)"""
    f = staticmethod(lambda xp, a: xp.sin(a))
    df = staticmethod(lambda a: call('cos', a))


class CosBackward0(PointwiseBackward):
    """out = cos(a);  da = -g * sin(a)"""
    f = staticmethod(lambda xp, a: xp.cos(a))
    df = staticmethod(lambda a: -call('sin', a))


class TanBackward0(PointwiseBackward):
    """out = tan(a);  da = g * (1 + out^2)"""
    from_result = True
    f = staticmethod(lambda xp, a: xp.tan(a))
    df = staticmethod(lambda out: 1 + out * out)


class AsinBackward0(PointwiseBackward):
    """out = asin(a);  da = g * rsqrt(1 - a^2)"""
    f = staticmethod(lambda xp, a: xp.arcsin(a))
    df = staticmethod(lambda a: rsqrt(1 - a * a))


class AcosBackward0(PointwiseBackward):
    """out = acos(a);  da = g * -rsqrt(1 - a^2)"""
    f = staticmethod(lambda xp, a: xp.arccos(a))
    df = staticmethod(lambda a: -rsqrt(1 - a * a))


class AtanBackward0(PointwiseBackward):
    """out = atan(a);  da = g / (1 + a^2)"""
    f = staticmethod(lambda xp, a: xp.arctan(a))
    denominator = staticmethod(lambda a: a * a + 1)


class SinhBackward0(PointwiseBackward):
    """out = sinh(a);  da = g * cosh(a)"""
    f = staticmethod(lambda xp, a: xp.sinh(a))
    df = staticmethod(lambda a: call('cosh', a))


class CoshBackward0(PointwiseBackward):
    """out = cosh(a);  da = g * sinh(a)"""
    f = staticmethod(lambda xp, a: xp.cosh(a))
    df = staticmethod(lambda a: call('sinh', a))


class AsinhBackward0(PointwiseBackward):
    """out = asinh(a);  da = g * rsqrt(a^2 + 1)"""
    f = staticmethod(lambda xp, a: xp.arcsinh(a))
    df = staticmethod(lambda a: rsqrt(a * a + 1))


class AcoshBackward0(PointwiseBackward):
    """out = acosh(a);  da = g * rsqrt(a^2 - 1)"""
    f = staticmethod(lambda xp, a: xp.arccosh(a))
    df = staticmethod(lambda a: rsqrt(a * a - 1))


class AtanhBackward0(PointwiseBackward):
    """out = atanh(a);  da = g / (1 - a^2)"""
    f = staticmethod(lambda xp, a: xp.arctanh(a))
    denominator = staticmethod(lambda a: 1 - a ** 2)


class Deg2RadBackward0(Op):
    """out = a pi / 180 (degrees to radians);  da = g pi / 180 (nothing kept, as PyTorch)"""
    scale = math.pi / 180

    @staticmethod
    def forward(ctx, a):
        return a * ctx.scale

    @staticmethod
    def backward(ctx, g):
        return MulBackward1.of(g, ctx.scale)


class Rad2DegBackward0(Deg2RadBackward0):
    """out = a 180 / pi (radians to degrees);  da = g 180 / pi"""
    scale = 180 / math.pi


class AsinhBackward1(AsinhBackward0):
    """x.asinh_(): out = asinh(a), written into a;  da = an error (PyTorch has no derivative for asinh_)"""

    @staticmethod
    def backward(ctx, g):
        raise NotImplementedError("the derivative for 'inplace version of asinh' is not implemented.")


class AcoshBackward1(AcoshBackward0):
    """x.acosh_(): out = acosh(a), written into a;  da = an error (PyTorch has no derivative for acosh_)"""

    @staticmethod
    def backward(ctx, g):
        raise NotImplementedError("the derivative for 'inplace version of acosh' is not implemented.")


class AtanhBackward1(AtanhBackward0):
    """x.atanh_(): out = atanh(a), written into a;  da = an error (PyTorch has no derivative for atanh_)"""

    @staticmethod
    def backward(ctx, g):
        raise NotImplementedError("the derivative for 'inplace version of atanh' is not implemented.")


class Atan2Backward0(Op):
    """out = atan2(a, b), the angle of the point (b, a);  da = g * b / (a^2 + b^2),  db = -g * a / (a^2 + b^2)
    (both 0 at the origin, as PyTorch, whose second derivatives there are NaN; db of a bool a is PyTorch's error:
    its formula negates a)"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(b, a)
        return get_array_module(a, b).arctan2(a, b)

    @staticmethod
    def backward(ctx, g):
        b, a = ctx.saved_tensors
        r2 = a * a + b * b      # 1 / (a^2 + b^2), 0 at the origin: PyTorch's reciprocal, masked there (so its
        recip = masked(1 / r2, data(r2) != 0)   # second derivative at the origin is NaN, through the reciprocal's)
        return (g * b * recip if ctx.needs_input_grad[0] else None,
                g * NegBackward0.forward(ctx, a) * recip if ctx.needs_input_grad[1] else None)   # -a


class HypotBackward0(BinaryPointwiseBackward):
    """out = sqrt(a^2 + b^2);  da = (g * a) / out,  db = (g * b) / out  (in PyTorch's order: under create_graph its
    second derivative at tiny a and b is 0, where g * (a / out) leaves the rounding of terms of 1e299)"""
    separate = True
    f = staticmethod(lambda xp, a, b: xp.hypot(a, b))

    @staticmethod
    def backward(ctx, g):
        b, a, out = ctx.saved_tensors
        return (g * a / out if ctx.needs_input_grad[0] else None,
                g * b / out if ctx.needs_input_grad[1] else None)


def tensors(name, input, other):
    """The two tensor operands of hypot/logaddexp (PyTorch takes no number there)."""
    require_tensors(input, other)
    return operands(input, other)


# -- the public ops ---------------------------------------------------------------------------------------
@export(inplace=True)
def sin(input, *, out=None):
    return write_out(SinBackward0.apply(floating(input)), out, 'sin')


@export(inplace=True)
def cos(input, *, out=None):
    return write_out(CosBackward0.apply(floating(input)), out, 'cos')


@export(inplace=True)
def tan(input, *, out=None):
    return write_out(TanBackward0.apply(floating(input)), out, 'tan')


@export('arcsin', inplace=True)
def asin(input, *, out=None):
    return write_out(AsinBackward0.apply(floating(input)), out, 'asin')


@export('arccos', inplace=True)
def acos(input, *, out=None):
    return write_out(AcosBackward0.apply(floating(input)), out, 'acos')


@export('arctan', inplace=True)
def atan(input, *, out=None):
    return write_out(AtanBackward0.apply(floating(input)), out, 'atan')


@export(inplace=True)
def sinh(input, *, out=None):
    return write_out(SinhBackward0.apply(floating(input)), out, 'sinh')


@export(inplace=True)
def cosh(input, *, out=None):
    return write_out(CoshBackward0.apply(floating(input)), out, 'cosh')


@export('arcsinh')
def asinh(input, *, out=None):
    return write_out(AsinhBackward0.apply(floating(input)), out, 'asinh')


@export('arccosh')
def acosh(input, *, out=None):
    return write_out(AcoshBackward0.apply(floating(input)), out, 'acosh')


@export('arctanh')
def atanh(input, *, out=None):
    return write_out(AtanhBackward0.apply(floating(input)), out, 'atanh')


@export('arctan2', inplace=require_tensor_inplace)
def atan2(input, other, *, out=None):
    require_tensors(input, other)
    return write_out(Atan2Backward0.apply(*float_operands(input, other)), out, 'atan2')


@export(inplace=require_tensor_inplace)
def hypot(input, other, *, out=None):
    a, b = tensors('hypot', input, other)
    kernel_takes(common_dtype(a, b), 'hypot_cpu', 'f')
    return write_out(HypotBackward0.apply(a, b), out, 'hypot')


# asinh_, acosh_, atanh_: recorded by nodes whose backward is PyTorch's error
@export(inplace=True)
def deg2rad(input, *, out=None):
    return write_out(Deg2RadBackward0.apply(floating(input)), out, 'deg2rad')


@export(inplace=True)
def rad2deg(input, *, out=None):
    return write_out(Rad2DegBackward0.apply(floating(input)), out, 'rad2deg')


@export('arcsinh_', function=False)
def asinh_(input):
    return views.inplace(input, lambda t: AsinhBackward1.apply(floating(t)))


@export('arccosh_', function=False)
def acosh_(input):
    return views.inplace(input, lambda t: AcoshBackward1.apply(floating(t)))


@export('arctanh_', function=False)
def atanh_(input):
    return views.inplace(input, lambda t: AtanhBackward1.apply(floating(t)))
