"""Rounding: floor ceil round trunc (fix) frac, and fmod, the remainder of truncated division. Integer inputs stay
integers (rounding them changes nothing); the step functions have derivative 0, as PyTorch defines it."""
from .elementwise import check_integer_divisor, rounded_quotient
from .grad_utils import zeros_like
from .arguments import METHOD_OTHER, TENSOR_OR_NUMBER_OTHER, invalid_arguments, overloads
from .operands import common_dtype, kernel_takes, operands, write_out
from .table import export
from ..autograd.function import Op
from ..backend import get_array_module
from ..tensor import Tensor


class StepBackward(Op):
    """out = f(a), a step function of a (floor, ceil, round, trunc);  da = 0 (PyTorch's gradient, also at the steps)
    A subclass gives `f(xp, a)` on the array."""

    @staticmethod
    def forward(ctx, a, **params):
        return ctx.f(get_array_module(a), a, **params).astype(a.dtype, copy=False)   # cupy floors integers to floats

    @staticmethod
    def backward(ctx, g):
        return zeros_like(g)


class FloorBackward0(StepBackward):
    """out = floor(a), the largest integer <= a;  da = 0"""
    f = staticmethod(lambda xp, a: xp.floor(a))


class CeilBackward0(StepBackward):
    """out = ceil(a), the smallest integer >= a;  da = 0"""
    f = staticmethod(lambda xp, a: xp.ceil(a))


class TruncBackward0(StepBackward):
    """out = trunc(a), a rounded toward 0;  da = 0"""
    f = staticmethod(lambda xp, a: xp.trunc(a))


class RoundBackward0(StepBackward):
    """out = a rounded to the nearest integer, halves to even;  da = 0"""
    f = staticmethod(lambda xp, a: xp.round(a))


class RoundBackward1(StepBackward):
    """out = a rounded to `decimals` decimal places (tens, hundreds, ... for negative decimals), halves to even;
    da = 0"""
    f = staticmethod(lambda xp, a, decimals: xp.round(a, decimals))


class FracBackward0(Op):
    """out = a - trunc(a), the fractional part with a's sign;  da = g"""

    @staticmethod
    def forward(ctx, a):
        return a - get_array_module(a).trunc(a)

    @staticmethod
    def backward(ctx, g):
        return g


class FmodBackward0(Op):
    """fmod(a, b) for a number b: out = a - b * trunc(a / b), with the sign of a (C's fmod);  da = g"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b):
        check_integer_divisor(a, b, 'fmod_cpu')
        return get_array_module(a, b).fmod(a, b)

    @staticmethod
    def backward(ctx, g):
        return g, None


class FmodBackward1(Op):
    """fmod(a, b) for tensors: out = a - b * trunc(a / b);  da = g,  db = -g * trunc(a / b)"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b):
        check_integer_divisor(a, b, 'fmod_cpu')
        ctx.save_for_backward(*(b, a) if ctx.needs_input_grad[1] else ())    # db's alone, as PyTorch's
        return get_array_module(a, b).fmod(a, b)

    @staticmethod
    def backward(ctx, g):
        if not ctx.needs_input_grad[1]:
            return g, None
        b, a = ctx.saved_tensors
        return g, -g * rounded_quotient(a, b, 'trunc')


def rounded(node, input, kernel, out, **params):
    """A step function of input: integers as they are (PyTorch's rounding of an integer is itself), bool refused."""
    kernel_takes(input._data, kernel, 'iuf')
    return write_out(node.apply(input, **params), out, kernel.removesuffix('_vml_cpu'))


# -- the public ops ---------------------------------------------------------------------------------------
@export(inplace=True)
def floor(input, *, out=None):
    return rounded(FloorBackward0, input, 'floor_vml_cpu', out)


@export(inplace=True)
def ceil(input, *, out=None):
    return rounded(CeilBackward0, input, 'ceil_vml_cpu', out)


@export('fix', inplace=True)
def trunc(input, *, out=None):
    return rounded(TruncBackward0, input, 'trunc_vml_cpu', out)


@export(inplace=True)
def round(input, *, decimals=None, out=None):
    """Halves to even, as PyTorch and numpy; with decimals, to that many decimal places (floats only)."""
    if decimals is None:
        return rounded(RoundBackward0, input, 'round_vml_cpu', out)
    kernel_takes(input._data, 'round_cpu', 'f')
    return write_out(RoundBackward1.apply(input, decimals=decimals), out, 'round')


@export(inplace=True)
def frac(input, *, out=None):
    kernel_takes(input._data, 'frac_cpu', 'f')
    return write_out(FracBackward0.apply(input), out, 'frac')


@export(inplace=True)
@overloads(TENSOR_OR_NUMBER_OTHER, METHOD_OTHER)
def fmod(input, other, *, out=None):
    """The remainder of input / other rounded toward zero: the sign of input (C's fmod; % has other's sign)."""
    if not isinstance(input, Tensor):
        raise invalid_arguments('fmod', (input, other), TENSOR_OR_NUMBER_OTHER)
    a, b = operands(input, other)
    kernel_takes(common_dtype(a, b), 'fmod_cpu', 'iuf')
    node = FmodBackward1 if isinstance(other, Tensor) else FmodBackward0
    return write_out(node.apply(a, b), out, 'fmod')
