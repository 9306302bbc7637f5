"""Elementwise ops: arithmetic, powers, exp/log, activations, clamp, maximum/minimum, where, sign, and their
in-place forms. Broadcasting in forward is undone by the engine (sum_to_shape), so each backward returns
gradients in the output's shape. `g` is dL/d(output)."""
import numbers

from . import grad_utils
from .grad_utils import fixed, is_tensor, masked, zeros_like
from .nodiff import NotImplemented as Underivable
from .arguments import METHOD_OTHER, NUMBER_SELF_OTHER, POW_SIGNATURES, NotAnOperand, invalid_arguments, overloads
from .operands import (as_operand, cast, check_number_bounds_inplace, check_sub, common_dtype, float_operands, floating,
                       kernel_takes, operands, promoted, require_tensors, write_out)
from .table import export
from .. import dtypes
from ..autograd import views
from ..autograd.function import Op
from ..autograd.gradients import EfficientZero
from ..backend import get_array_module, quiet_floats
from ..dims import check_broadcast, check_inplace_shape
from ..tensor import Tensor


class AddBackward0(Op):
    """out = a + alpha*b;  da = g,  db = alpha*g"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha = alpha if alpha.__class__ is int and alpha == 1 else dtypes.checked_alpha(alpha, a.dtype)
        return a + b if alpha == 1 else (a + alpha * b).astype(a.dtype, copy=False)    # bool + alpha * bool is bool

    @staticmethod
    def backward(ctx, g):
        if not ctx.needs_input_grad[1]:
            return g, None
        return g, g if ctx.alpha == 1 else MulBackward1.of(g, ctx.alpha)


class SubBackward0(Op):
    """out = a - alpha*b;  da = g,  db = -alpha*g"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha = alpha if alpha.__class__ is int and alpha == 1 else dtypes.checked_alpha(alpha, a.dtype)
        return a - b if alpha == 1 else a - alpha * b

    @staticmethod
    def backward(ctx, g):
        if not ctx.needs_input_grad[1]:
            return g, None
        return g, -g if ctx.alpha == 1 else MulBackward1.of(-g, ctx.alpha)     # (PyTorch's -g * alpha)


class RsubBackward1(SubBackward0):
    """number - tensor (rsub(tensor, number)): out = a - alpha*b for the number a;  db = -alpha*g"""


class RsubBackward0(SubBackward0):
    """rsub(a, b): out = b - alpha*a;  da = -alpha*g,  db = g"""

    @staticmethod
    def forward(ctx, a, b, alpha=1):
        return SubBackward0.forward(ctx, b, a, alpha)

    @staticmethod
    def backward(ctx, g):
        return (-g if ctx.alpha == 1 else MulBackward1.of(-g, ctx.alpha)) if ctx.needs_input_grad[0] else None, g


class MulBackward0(Op):
    """out = a*b;  da = g*b,  db = g*a"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(b if need_a else None, a if need_b else None)  # only what backward uses, as PyTorch
        return a * b

    @staticmethod
    def backward(ctx, g):
        b, a = ctx.saved_tensors
        return (g * b if ctx.needs_input_grad[0] else None,
                g * a if ctx.needs_input_grad[1] else None)


class DivBackward0(Op):
    """out = a/b;  da = g/b,  db = -g * (a/b)/b (PyTorch's order of operations)"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(b, a if ctx.needs_input_grad[1] else None)
        return a / b

    @staticmethod
    def backward(ctx, g):
        b, a = ctx.saved_tensors
        return (g / b if ctx.needs_input_grad[0] else None,
                -g * (a / b / b) if ctx.needs_input_grad[1] else None)


class DivBackward1(Op):
    """a / a number, as PyTorch's own code divides (cross_entropy's mean over class-probability targets):
    out = a / b;  da = g / b"""
    @staticmethod
    def forward(ctx, a, b):
        ctx.b = b
        return (a / b).astype(dtypes.with_scalars(a.dtype, b), copy=False)   # integers / 2.0: float32, as PyTorch

    @staticmethod
    def backward(ctx, g):
        return g / ctx.b


class MulBackward1(Op):
    """a * a number, as PyTorch's own code multiplies (trapezoid's half ends, exp2's formula g * out * ln 2):
    out = a * b;  da = g * b (itself a product by the number: MulBackward1 again under create_graph)"""
    @staticmethod
    def forward(ctx, a, b):
        ctx.b = b
        return (a * b).astype(dtypes.with_scalars(a.dtype, b), copy=False)   # integers * 0.5: float32, as PyTorch

    @staticmethod
    def backward(ctx, g):
        return MulBackward1.of(g, ctx.b)

    @staticmethod
    def of(a, b):
        """a * the number b in a backward formula: the product of an array, or of a Tensor (create_graph) recorded
        as this node, as PyTorch's formulas record Tensor * Scalar; an efficient zero times b stays one, as
        PyTorch's ZeroTensor (zero_product)."""
        if not is_tensor(a):
            return a * b
        out = MulBackward1.apply(a, b=b)
        if a._zero:
            zero_product(out, (False,))
        return out


class NegBackward0(Op):
    """out = -a;  da = -g"""
    @staticmethod
    def forward(ctx, a):
        try:
            return -a
        except TypeError:   # numpy refuses -bool
            raise views.comes_first(RuntimeError(
                'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, '
                'use the `~` or `logical_not()` operator instead.')) from None

    @staticmethod
    def backward(ctx, g):
        return -g


class PowBackward0(Op):
    """out = a^p for a number p;  da = g * p * a^(p-1)"""
    @staticmethod
    def forward(ctx, a, exponent):
        ctx.save_for_backward(a)
        ctx.p = exponent
        if exponent == -0.5 and a.dtype.kind == 'f':     # PyTorch's kernel is rsqrt: nan at -inf (a ** -0.5 gives 0)
            return 1 / get_array_module(a).sqrt(a)
        return (a ** exponent).astype(a.dtype, copy=False)     # numpy gives int8 for bool ** True

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        if ctx.p == 0:
            return zeros_like(g)
        if ctx.p == 2 and not is_tensor(g):   # the common square: one multiply instead of a power
            return g * (2 * a)
        return g * (ctx.p * a ** (ctx.p - 1))   # (create_graph: PyTorch's ops, a ** 1 recorded as a power too)


class PowBackward1(Op):
    """out = a^b for a tensor b;  da = g * b * a^(b-1), taken as 0 where b == 0;
    db = g * out * log(a), taken as 0 where a == 0 and b >= 0 (PyTorch's rules; selected, so 0^0 gives 0, not NaN)"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b):
        xp = get_array_module(a, b)
        if a.dtype.kind == 'b':
            dtypes.not_implemented('pow', a.dtype)
        if a.dtype.kind in 'iu' and (b < 0).any():
            # numpy refuses integers to negative powers; PyTorch's integer power gives 1 for 1, +-1 for -1, else 0
            neg = b < 0
            out = xp.where(neg, xp.where(a == 1, 1, xp.where(a == -1, 1 - 2 * (b % 2), 0)), a ** xp.where(neg, 0, b))
            out = out.astype(xp.result_type(a, b))
        else:
            out = a ** b
        ctx.save_for_backward(b, a, out)     # PyTorch's order: an in-place change to a and out names a
        return out

    @staticmethod
    def backward(ctx, g):
        b, a, out = ctx.saved_tensors
        da = db = None
        if ctx.needs_input_grad[0]:
            da = masked(g * b * a ** grad_utils.subtract(b, 1), b != 0)    # b - 1: PyTorch's error for a bool b
        if ctx.needs_input_grad[1]:
            zero = (a == 0) & (b >= 0)
            log_a = grad_utils.log(grad_utils.cast(a, grad_utils.dtype_of(out)))   # in out's dtype, as PyTorch's
            db = g * masked(out * log_a, ~zero)
        return da, db


class PowBackward2(PowBackward1):
    """number ** tensor: out = a^b for the number a;  db = g * out * log(a)"""


class ExpBackward0(Op):
    """out = e^a;  da = g * out"""
    @staticmethod
    def forward(ctx, a):
        out = get_array_module(a).exp(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g * out


class LogBackward0(Op):
    """out = ln a;  da = g / a"""
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return get_array_module(a).log(a)

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        return g / a


class SqrtBackward0(Op):
    """out = sqrt(a);  da = g / (2 out)"""
    @staticmethod
    def forward(ctx, a):
        out = get_array_module(a).sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return g / (2 * out)


class AbsBackward0(Op):
    """out = |a|;  da = g * sgn(a)"""
    @staticmethod
    def forward(ctx, a):
        if a.dtype.kind == 'b':
            dtypes.not_implemented('abs_cpu', a.dtype)
        ctx.save_for_backward(a)
        return get_array_module(a).abs(a)

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        return g * grad_utils.sgn(a)


class SigmoidBackward0(Op):
    """out = 1 / (1 + e^-a);  da = g * out * (1 - out)"""
    @staticmethod
    def forward(ctx, a):
        out = grad_utils.sigmoid(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return SigmoidBackwardBackward0.of(g, out)


class SigmoidBackwardBackward0(grad_utils.GradKernel):
    """sigmoid's gradient from its result y (PyTorch's sigmoid_backward): out = g * y * (1 - y);
    dg = gg * y * (1 - y) (this node again),  dy = gg * g * (-2 * y + 1)"""
    @staticmethod
    def da(g, y):
        return g * y * (1 - y)

    @staticmethod
    def ddx(gg, g, y):
        return gg * g * (-2 * y + 1)


class TanhBackward0(Op):
    """out = tanh(a);  da = g * (1 - out^2)"""
    @staticmethod
    def forward(ctx, a):
        out = get_array_module(a).tanh(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return TanhBackwardBackward0.of(g, out)


class TanhBackwardBackward0(grad_utils.GradKernel):
    """tanh's gradient from its result y (PyTorch's tanh_backward): out = g * (1 - y^2);
    dg = gg * (1 - y^2) (this node again),  dy = gg * (-2 * y * g)"""
    @staticmethod
    def da(g, y):
        return g * (1 - y * y)

    @staticmethod
    def ddx(gg, g, y):
        return gg * (-2 * y * g)


class ReluBackward0(Op):
    """out = max(a, 0);  da = g where out > 0, else 0"""
    @staticmethod
    def forward(ctx, a):
        if a.dtype.kind == 'b':
            raise views.comes_first(RuntimeError('Boolean inputs not supported for relu'))
        out = clamp_floats(a, 0, None) if a.dtype.kind == 'f' else get_array_module(a).maximum(a, 0)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return threshold_backward(g, out, 0)


class ThresholdBackwardBackward0(Op):
    """relu's backward as an op of its own, so that create_graph records it (PyTorch's threshold_backward):
    out = g where a > threshold, else 0;  dg = gg where a > threshold, else 0,  da = 0
    (as PyTorch: 0 where a <= threshold, so a NaN passes g)"""
    @staticmethod
    def forward(ctx, g, a, threshold):
        ctx.mask = ~(a <= threshold)
        return get_array_module(g).where(ctx.mask, g, 0)

    @staticmethod
    def backward(ctx, gg):
        return masked(gg, ctx.mask), zeros_like(gg)


def threshold_backward(g, a, threshold):
    """g where a > threshold (or NaN), else 0, for arrays, and for Tensors through ThresholdBackwardBackward0."""
    if is_tensor(g):
        return ThresholdBackwardBackward0.apply(g, a, threshold=threshold)
    return masked(g, ~(a <= threshold))


class ClampBackward1(Op):
    """out = min(max(a, lo), hi);  da = g where lo <= a <= hi, else 0"""

    @staticmethod
    def forward(ctx, a, min=None, max=None):
        xp = get_array_module(a)
        ctx.save_for_backward(a)
        if max is None:   # one-sided clamps skip the second comparison
            ctx.mask = a >= min
            return clamp_floats(a, min, None) if a.dtype.kind == 'f' else xp.maximum(a, xp.asarray(min, a.dtype))
        if min is None:
            ctx.mask = a <= max
            return clamp_floats(a, None, max) if a.dtype.kind == 'f' else xp.minimum(a, xp.asarray(max, a.dtype))
        ctx.mask = (a >= min) & (a <= max)
        return xp.clip(a, min, max)

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors       # raises if a changed in place since forward (PyTorch keeps it)
        return masked(g, ctx.mask)


def clamp_floats(a, low, high):
    """A float array clamped to [low, high] (a bound of None: none) by clip between two scalars of a's dtype: bit for
    bit PyTorch's clamp and relu (maximum(a, 0) turns -0 into +0), and twice as fast as maximum(a, 0), whose
    broadcast scalar numpy does not vectorise (64x512 floats: 6.7 us against 13)."""
    inf = float('inf')     # (the method: np.clip's Python wrappers cost 1.4 us more per call)
    return a.clip(a.dtype.type(-inf if low is None else low), a.dtype.type(inf if high is None else high))


class MaximumBackward0(Op):
    """out = max(a, b);  da = g (g / 2 where a == b) except where a < b,  db = the same except where a > b
    (ties split in half; where a NaN is involved neither comparison holds, so both get g, as PyTorch)"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.a_share, ctx.b_share = shares(a, b, a < b, a > b)
        ctx.save_for_backward(b, a)     # as PyTorch: both saved, so an in-place change to either is its error
        return get_array_module(a).maximum(a, b)

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors       # raises if a or b changed in place since forward
        if is_tensor(g):        # create_graph: PyTorch's where(a == b, g / 2, g).masked_fill_(loses, 0)
            half = where(fixed(ctx.a_share == 0.5, g), DivBackward1.apply(g, b=2), g)
            return half.masked_fill(fixed(ctx.a_share == 0, g), 0), half.masked_fill(fixed(ctx.b_share == 0, g), 0)
        a_share, b_share = fixed(ctx.a_share, g), fixed(ctx.b_share, g)
        return masked(g * a_share, ctx.a_share > 0), masked(g * b_share, ctx.b_share > 0)


class MinimumBackward0(MaximumBackward0):
    """out = min(a, b);  da = g (g / 2 where a == b) except where a > b,  db = the same except where a < b
    (ties split in half; where a NaN is involved both get g, as PyTorch)"""
    @staticmethod
    def forward(ctx, a, b):
        ctx.a_share, ctx.b_share = shares(a, b, a > b, a < b)
        ctx.save_for_backward(b, a)
        return get_array_module(a).minimum(a, b)


def shares(a, b, a_loses, b_loses):
    """The part of max/min's gradient each side gets: 1, 1/2 at a tie, 0 where it loses."""
    half = get_array_module(a).where(a == b, 0.5, 1.0).astype(a.dtype)
    return half * ~a_loses, half * ~b_loses


class WhereBackward0(Op):
    """out = a where cond else b;  da = g where cond, else 0,  db = g where not cond, else 0"""
    promotes = True
    tensor_params = ('cond',)

    @staticmethod
    def forward(ctx, a, b, cond):
        ctx.save_for_backward(cond)
        return get_array_module(a).where(cond, a, b)

    @staticmethod
    def backward(ctx, g):
        cond, = ctx.saved_tensors
        return masked(g, cond), masked(g, ~cond)


class DivBackward2(Op):
    """div(a, b, rounding_mode='floor' or 'trunc'): out = a / b rounded down or toward zero;  da = 0,  db = 0
    (the result is a step function of a and b)"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b, rounding_mode):
        check_integer_divisor(a, b, f'div_{rounding_mode}_cpu')
        xp = get_array_module(a, b)
        if rounding_mode == 'floor':
            return xp.floor_divide(a, b)
        if a.dtype.kind == 'f':
            return xp.trunc(a / b)
        # integers: from the floor, in integer arithmetic (through a float64 quotient, large int64s lose digits)
        q = xp.floor_divide(a, b)
        return q + ((q * b != a) & ((a < 0) != (b < 0)))

    @staticmethod
    def backward(ctx, g):
        return zeros_like(g), zeros_like(g)


class RemainderBackward0(Op):
    """a % b for a number b (the sign of b, as Python's %): out = a - b * floor(a / b);  da = g"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b):
        check_integer_divisor(a, b, 'remainder_cpu')
        return remainder_of(a, b)

    @staticmethod
    def backward(ctx, g):
        return g, None


class RemainderBackward1(Op):
    """a % b for tensors: out = a - b * floor(a / b);  da = g,  db = -g * floor(a / b)"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b):
        check_integer_divisor(a, b, 'remainder_cpu')
        ctx.save_for_backward(*(b, a) if ctx.needs_input_grad[1] else ())    # db's alone, as PyTorch's
        return remainder_of(a, b)

    @staticmethod
    def backward(ctx, g):
        if not ctx.needs_input_grad[1]:
            return g, None
        b, a = ctx.saved_tensors
        return g, -g * rounded_quotient(a, b, 'floor')


def remainder_of(a, b):
    """a % b with the sign of b, as Python's and numpy's, but a zero takes a's sign, as PyTorch's (its fmod, then b
    added to a nonzero result of the other sign): 2 % -0.5 is +0, where numpy gives -0."""
    r = a % b
    if r.dtype.kind != 'f':
        return r
    xp = get_array_module(r)
    return xp.where(r == 0, xp.copysign(r, a), r)


def rounded_quotient(a, b, mode):
    """floor or trunc (`mode`) of a / b for arrays or Tensors; on Tensors div(rounding_mode=mode), whose derivative
    is 0 (even where a / b is NaN), as in PyTorch's formulas for remainder and fmod."""
    if is_tensor(a):
        return a.div(b, rounding_mode=mode)
    xp = get_array_module(a, b)
    return xp.floor_divide(a, b) if mode == 'floor' else xp.trunc(a / b)     # (-inf for 0.5 // -0.0, as PyTorch)


class NotImplemented(Underivable):  # noqa: A001  (PyTorch's name for this node)
    """An op PyTorch records but cannot differentiate (floor division, number % tensor): out = the op's result;
    da = an error, as PyTorch's 'derivative for aten::floor_divide is not implemented'"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b, aten):
        ctx.aten = aten
        ufunc = aten.rstrip('_')     # numpy's floor_divide or remainder (aten: floor_divide_ in place)
        check_integer_divisor(a, b, 'div_floor_cpu' if ufunc == 'floor_divide' else 'remainder_cpu')
        return get_array_module(a, b).floor_divide(a, b) if ufunc == 'floor_divide' else remainder_of(a, b)


class SignBackward0(Op):
    """out = sign(a), -1, 0 or 1 (0 for NaN, as PyTorch);  da = 0"""

    @staticmethod
    def forward(ctx, a):
        if a.dtype.kind == 'b':
            return a.copy()
        xp = get_array_module(a)
        return xp.where(xp.isnan(a), 0, xp.sign(a)).astype(a.dtype) if a.dtype.kind == 'f' else xp.sign(a)

    @staticmethod
    def backward(ctx, g):
        return zeros_like(g)


class SgnBackward0(SignBackward0):
    """out = sgn(a): sign(a) for a real a (a / |a| for a complex one);  da = 0, PyTorch's efficient zero tensor,
    which stays 0 where backward later multiplies it by inf or nan (sign's da is a plain 0)"""

    @staticmethod
    def forward(ctx, a):
        out = SignBackward0.forward(ctx, a)
        ctx.save_for_backward(a, out)   # as PyTorch (for a complex a): an in-place change to either is its error
        return out

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors
        if is_tensor(g):            # create_graph: zeros in no graph
            return EfficientZero(g.shape, g._data.dtype, g.xp, g.detach())
        return EfficientZero(g.shape, g.dtype, get_array_module(g))


def check_integer_divisor(x, y, kernel):
    """PyTorch has no rounded division or remainder of bools (its `kernel` says so), and raises for an integer one
    by 0, where numpy gives 0 with a warning (a result with no elements divides nothing)."""
    if x.dtype.kind == 'b':
        dtypes.not_implemented(kernel, x.dtype)
    if x.dtype.kind != 'f' and not y.all() and x.size and y.size:
        raise RuntimeError('ZeroDivisionError')


# -- the public ops ---------------------------------------------------------------------------------------
@export('__add__')
def add(input, other, *, alpha=1, out=None):
    a, b = operands(input, other)
    result = AddBackward0.apply(a, b, alpha=alpha)
    result._zero = a._zero and b._zero     # a sum of two efficient zeros is one (zero_product)
    return write_out(result, out, 'add')


@export('subtract', '__sub__')
def sub(input, other, *, alpha=1, out=None):
    check_sub(input, other)
    a, b = operands(input, other)
    result = SubBackward0.apply(a, b, alpha=alpha)
    result._zero = a._zero and b._zero
    return write_out(result, out, 'sub')


@export('multiply', '__mul__')
def mul(input, other, *, out=None):
    a, b = operands(input, other)
    result = MulBackward0.apply(a, b)
    if a._zero or b._zero:
        zero_product(result, (b._zero, a._zero))
    return write_out(result, out, 'mul')


@export('divide', 'true_divide', '__truediv__')
def div(input, other, *, rounding_mode=None, out=None):
    if rounding_mode is not None:
        if rounding_mode not in ('floor', 'trunc'):
            raise ValueError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                             f"'{rounding_mode}'")
        return write_out(DivBackward2.apply(*operands(input, other), rounding_mode=rounding_mode), out, 'div')
    a, b = float_operands(input, other)     # integers give floats
    result = DivBackward0.apply(a, b)
    if a._zero or b._zero:
        zero_quotient(result, a._zero, b._zero)
    return write_out(result, out, 'div')


def zero_quotient(result, zero_a, zero_b):
    """a / b where either is an efficient zero: as PyTorch's ZeroTensor, 0 / x is one (zero_product), x / 0 is inf
    and 0 / 0 nan everywhere, whatever x holds."""
    if not zero_b:
        return zero_product(result, (False, True))
    result._data = result.xp.full_like(result._data, result.xp.nan if zero_a else result.xp.inf)


def zero_product(result, zero_grads):
    """result = a * b, or a / b, where a factor, or the dividend, is an efficient zero (a gradient known to be 0:
    autograd/gradients.py): as PyTorch's ZeroTensor, result is 0 even where the other operand is inf or nan, and is
    itself an efficient zero; its node sends an efficient zero to each input in `zero_grads` (d(z * b)/db = z)."""
    result._data, result._zero = result.xp.zeros_like(result._data), True
    if result._grad_fn is not None:
        result._grad_fn.zero_grads = zero_grads


@export('__floordiv__')
def floor_divide(input, other, *, out=None):
    """input // other, rounded down; recorded as PyTorch records it, by a node whose backward raises."""
    return write_out(floor_division(input, other), out, None)


def floor_division(input, other, aten='floor_divide'):
    """floor_divide's node, which names the op as `aten` in its error ('floor_divide_' in place)."""
    a, b = operands(input, other)
    kernel_takes(common_dtype(a, b), 'div_floor_cpu', 'iuf')
    return NotImplemented.apply(a, b, aten=aten)


@export('__mod__')
@overloads(NUMBER_SELF_OTHER, METHOD_OTHER, keywords=None)
def remainder(input, other, *, out=None):
    """input % other, with the sign of other (Python's %)."""
    a, b = operands(input, other)
    kernel_takes(common_dtype(a, b), 'remainder_cpu', 'iuf')
    if not isinstance(input, Tensor):     # number % tensor: PyTorch records it but has no derivative
        return write_out(NotImplemented.apply(a, b, aten='remainder'), out, 'remainder')
    node = RemainderBackward1 if isinstance(other, Tensor) else RemainderBackward0
    return write_out(node.apply(a, b), out, 'remainder')


@export('__pow__')
@overloads(POW_SIGNATURES, ('Tensor exponent', 'Number exponent'))
def pow(input, exponent, *, out=None):
    if not isinstance(input, Tensor) or isinstance(exponent, Tensor):   # number ** tensor, tensor ** tensor
        a, b = operands(input, exponent)
        kernel_takes(common_dtype(a, b), 'pow', 'iuf')
        return write_out((PowBackward1 if isinstance(input, Tensor) else PowBackward2).apply(a, b), out, 'pow')
    if not isinstance(exponent, numbers.Number):
        raise NotAnOperand(exponent)
    if exponent < 0 and input._data.dtype.kind in 'biu' and not isinstance(exponent, float):
        raise RuntimeError('Integers to negative integer powers are not allowed.')
    dtype = dtypes.with_scalars(input._data.dtype, exponent)
    dtypes.check_int64(exponent)
    if dtype.kind != 'f':   # (PyTorch checks an integer power's exponent against its dtype, not a float one's)
        exponent = dtypes.checked_value(exponent, dtype)
    return write_out(PowBackward0.apply(cast(input, dtype), exponent=exponent), out, 'pow')


@export(inplace=True)
def square(input, *, out=None):
    """input * input, as PyTorch's pow(input, 2)."""
    return pow(input, 2, out=out)


@export('negative', '__neg__', inplace=True)
def neg(input, *, out=None):
    return write_out(NegBackward0.apply(input), out, 'neg')


@export()
def positive(input):
    """input itself (unary +)."""
    if input.dtype is dtypes.bool:
        raise RuntimeError('The `+` operator, on a bool tensor is not supported.')
    return input


@export(method=True, function=False)
def __radd__(input, other):
    return add(as_operand(other, input), input)


@export(function=False)
def __rsub__(input, other):
    return rsub(input, other)


@export(method=False)
@overloads(('Tensor input, Tensor other, *, Number alpha = 1', 'Tensor input, Number other, Number alpha = 1'), None,
           keywords=None)
def rsub(input, other, *, alpha=1):
    """other - alpha * input."""
    if not isinstance(other, (Tensor, numbers.Number)):
        raise NotAnOperand(other)
    check_sub(other, input)
    if isinstance(other, Tensor):
        check_broadcast(other.shape, input.shape)   # (PyTorch computes other - alpha * input: other is its a)
        return RsubBackward0.apply(*operands(input, other), alpha=alpha)
    b, a = operands(input, other)
    return RsubBackward1.apply(a, b, alpha=alpha)


@export(function=False)
def __rmul__(input, other):
    return mul(as_operand(other, input), input)


@export(function=False)
def __rtruediv__(input, other):
    """number / tensor is reciprocal(tensor) * number, as PyTorch records it (ReciprocalBackward0, MulBackward0)."""
    if not isinstance(other, (Tensor, numbers.Number)):
        raise NotAnOperand(other)
    return input.reciprocal() * other


@export(function=False)
def __rpow__(input, other):
    return pow(other, input)


@export(function=False)
def __rfloordiv__(input, other):
    return floor_divide(as_operand(other, input), input)


@export(function=False)
def __rmod__(input, other):
    return remainder(other, input)


@export(function=False)
def __pos__(input):
    if input._data.dtype.kind == 'b':
        raise RuntimeError('The `+` operator, on a bool tensor is not supported.')
    return input


@export(inplace=True)
def exp(input, *, out=None):
    return write_out(ExpBackward0.apply(floating(input)), out, 'exp')


@export(inplace=True)
def log(input, *, out=None):
    return write_out(LogBackward0.apply(floating(input)), out, 'log')


@export(inplace=True)
def sqrt(input, *, out=None):
    return write_out(SqrtBackward0.apply(floating(input)), out, 'sqrt')


@export('absolute', '__abs__', inplace=True)
def abs(input, *, out=None):
    return write_out(AbsBackward0.apply(input), out, 'abs')


@export(inplace=True)
def sigmoid(input, *, out=None):
    return write_out(SigmoidBackward0.apply(floating(input)), out, 'sigmoid')


@export(inplace=True)
def tanh(input, *, out=None):
    return write_out(TanhBackward0.apply(floating(input)), out, 'tanh')


@export(inplace=True)
def relu(input):
    return ReluBackward0.apply(input)


@export(inplace=True)
def sign(input, *, out=None):
    return write_out(SignBackward0.apply(input), out, 'sign')


@export(inplace=True)
def sgn(input, *, out=None):
    return write_out(SgnBackward0.apply(input), out, 'sgn')


@export('clip', inplace=check_number_bounds_inplace)
def clamp(input, min=None, max=None, *, out=None):
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):   # tensor bounds get gradients too: two where()s
        result = input if min is None else where(input < min, min, input)
        return write_out(result if max is None else where(result > max, max, result), out, 'clamp')
    # number bounds take part in the dtype by category: a float bound makes an integer tensor float, an int one a bool
    # tensor int64
    dtype = dtypes.with_scalars(input._data.dtype, min, max)
    min, max = (None if b is None else dtypes.checked_value(b, dtype) for b in (min, max))
    return write_out(ClampBackward1.apply(cast(input, dtype), min=min, max=max), out, 'clamp', exact=True)


@export()
def maximum(input, other, *, out=None):
    require_tensors(input, other)
    return write_out(MaximumBackward0.apply(*operands(input, other)), out, 'maximum')


@export()
def minimum(input, other, *, out=None):
    require_tensors(input, other)
    return write_out(MinimumBackward0.apply(*operands(input, other)), out, 'minimum')


WHERE_SIGNATURES = ('Tensor condition', 'Tensor condition, Tensor input, Tensor other, *, Tensor out = None',
                    'Tensor condition, Number self, Tensor other', 'Tensor condition, Tensor input, Number other',
                    'Tensor condition, Number self, Number other')


@export(method=False)
@overloads(WHERE_SIGNATURES, None, keywords=None)
def where(condition, input=None, other=None):
    """where(cond, a, b): a where cond is True, else b (differentiable in a and b; either may be a number).
    where(cond) is cond.nonzero(as_tuple=True)."""
    if input is None and other is None:
        return condition.nonzero(as_tuple=True)
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):   # two numbers: a tensor from the first
        dtypes.check_int64(input)
        input = Tensor._make(dtypes.as_array(input, device=condition.device))
    try:
        a, b = operands(*[dtypes.checked_value(x, dtypes.scalar_dtype(t._data.dtype, x))
                          if isinstance(x, numbers.Number) else x for x, t in ((input, other), (other, input))])
    except NotAnOperand:
        raise invalid_arguments('where', (condition, input, other), WHERE_SIGNATURES, None) from None
    cond = condition if isinstance(condition, Tensor) else Tensor._make(condition)
    if cond._data.dtype.kind != 'b':
        raise RuntimeError('where expected condition to be a boolean tensor, but got a tensor with dtype '
                           f'{dtypes.title(cond.dtype)}')
    check_broadcast(cond.shape, a.shape, b.shape)     # PyTorch's error, in its order: condition first
    return WhereBackward0.apply(a, b, cond=cond)


@export(name='where', function=False)
@overloads(None, ('Tensor condition, Tensor other', 'Tensor condition, Number other'))
def where_method(input, condition, other):
    """x.where(cond, y) is where(cond, x, y)."""
    if not isinstance(other, (Tensor, numbers.Number)):
        raise NotAnOperand(other)
    return where(condition, input, other)


# -- in place -------------------------------------------------------------------------------------------
@quiet_floats
def arith_(target, op, ufunc, other, alpha=1):
    """add_/sub_/mul_/div_. With no graph to record, the ufunc writes straight into the tensor's memory
    (one pass, no temporary: this is what an optimizer step pays for every parameter)."""
    if views.records(target, *([other] if isinstance(other, Tensor) else [])):
        kwargs = {} if alpha.__class__ is int and alpha == 1 else {'alpha': alpha}
        return views.set_inplace(target, op(views.snapshot(target), other, **kwargs))
    a, b = promoted(target, other)
    b = b._data if alpha.__class__ is int and alpha == 1 else b._data * dtypes.checked_alpha(alpha, b._data.dtype)
    result = dtypes.promote_types(a._data.dtype, b.dtype)
    if ufunc == 'divide' and result.kind != 'f':     # true division of integers gives floats
        result = dtypes.get_default_dtype().np
    views.check_writeable(target)       # PyTorch's order: memory overlap, shape, dtype
    check_inplace_shape(target._data.shape, b.shape)
    dtypes.check_cast(result, target._data.dtype)
    if target._data.size:
        getattr(target.xp, ufunc)(target._data, b, out=target._data)    # xp.add(a, b, out=a) ...
    target._vc[0] += 1
    return target


@export('__iadd__', function=False)
def add_(input, other, *, alpha=1):
    return arith_(input, add, 'add', other, alpha)


@export('__isub__', 'subtract_', function=False)
def sub_(input, other, *, alpha=1):
    views.check_inplace(input, other)   # PyTorch's autograd errors (a leaf that requires grad) come first
    check_sub(input, other)
    return arith_(input, sub, 'subtract', other, alpha)


@export('__imul__', 'multiply_', function=False)
def mul_(input, other):
    return arith_(input, mul, 'multiply', other)


@export('__itruediv__', 'divide_', 'true_divide_', function=False)
def div_(input, other, *, rounding_mode=None):
    if rounding_mode is not None:
        return views.inplace(input, div, other, rounding_mode=rounding_mode)
    return arith_(input, div, 'divide', other)


@export('__ipow__', function=False)
@overloads(None, ('Tensor exponent', 'Number exponent'))
def pow_(input, exponent):
    return views.inplace(input, pow, exponent)


@export('__ifloordiv__', function=False)
def floor_divide_(input, other):
    return views.inplace(input, floor_division, other, 'floor_divide_')


@export('__imod__', function=False)
def remainder_(input, other):
    return views.inplace(input, remainder, other)

