"""A real number's parts: angle (its argument as a complex number: pi for a negative number, else 0) and frexp (the
mantissa in [0.5, 1) and the power of 2, x = mantissa * 2^exponent)."""
import math

from . import grad_utils
from .operands import floating, write_out, write_outs
from .table import export
from .. import return_types
from ..autograd.function import Op
from ..backend import get_array_module
from ..tensor import Tensor


class AngleBackward0(Op):
    """out = pi where a < 0, else 0 (NaN stays NaN);  da = 0 (a step function: flat almost everywhere)"""

    @staticmethod
    def forward(ctx, a):
        xp = get_array_module(a)
        ctx.shape, ctx.dtype = a.shape, a.dtype
        return xp.where(a < 0, math.pi, xp.where(xp.isnan(a), a, 0)).astype(a.dtype)

    @staticmethod
    def backward(ctx, g):
        return grad_utils.zeros(ctx.shape, g)


class FrexpBackward0(Op):
    """out = mantissa = a / 2^exponent, |mantissa| in [0.5, 1) (0, inf and NaN as they are);  da = g / 2^exponent
    (2^exponent in a's dtype: exact, also for a subnormal a)"""

    @staticmethod
    def forward(ctx, a, exponent):
        ctx.power = get_array_module(a).ldexp(a.dtype.type(1), exponent).astype(a.dtype)
        return get_array_module(a).frexp(a)[0]

    @staticmethod
    def backward(ctx, g):
        return g / grad_utils.fixed(ctx.power, g)


@export()
def angle(input, *, out=None):
    return write_out(AngleBackward0.apply(floating(input)), out, 'angle')


@export()
def frexp(input, *, out=None):
    if input._data.dtype.kind != 'f':
        raise RuntimeError('torch.frexp() only supports floating-point dtypes')
    exponent = get_array_module(input._data).frexp(input._data)[1].astype('int32')
    mantissa = FrexpBackward0.apply(input, exponent=exponent)
    return write_outs(return_types.frexp(mantissa, Tensor._make(exponent)), out, 'frexp')
