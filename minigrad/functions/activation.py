"""Activations (torch.nn.functional's, and those PyTorch also has at top level: selu, celu, rrelu, prelu, hardshrink,
threshold, with their in-place forms). Each node is PyTorch's, its math in the docstring; its backward is written
with operations that work on arrays and Tensors alike, so create_graph gives second derivatives; where PyTorch's
formula is a kernel of its own (leaky_relu_backward, gelu_backward, ...), the gradient is that kernel's node
(grad_utils.GradKernel, named <Op>BackwardBackward0 as PyTorch's), whose backward is PyTorch's double-backward
formula. The in-place nodes PyTorch names ...Backward1 (elu_, celu_, selu_, leaky_relu_, threshold_, rrelu_) take the
derivative from the result, since the input is overwritten."""
import math
import struct

from . import nodiff
from .elementwise import MulBackward1, SigmoidBackwardBackward0, threshold_backward, where
from .grad_utils import (GradKernel, call, data, exp, fixed, is_tensor, masked, run, sigmoid, softplus_neg,
                         zeros_like)
from .operands import kernel_takes
from .shape import cat
from .table import export
from .. import dtypes
from ..autograd import views
from ..autograd.function import MultiOutputOp, Op
from ..backend import get_array_module, special
from ..dims import normalize_dim
from ..random import uniform

SELU_ALPHA, SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
SQRT_2, SQRT_2_PI, TANH_K = math.sqrt(2), math.sqrt(2 * math.pi), math.sqrt(2 / math.pi)
GELU_C = 0.044715   # gelu's tanh approximation: tanh(TANH_K (a + GELU_C a^3))


def pick(mask, a, b):
    """a where mask (an array) is True, else b, for arrays, Tensors and numbers (a Tensor branch stays in the graph)."""
    if is_tensor(a) or is_tensor(b):
        return where(mask, a, b)
    return get_array_module(mask).where(mask, a, b)


def as_float32(v):
    """The Python float v rounded to float32 (as C++'s Scalar.toFloat())."""
    return struct.unpack('f', struct.pack('f', v))[0]


def times(g, factor):
    """g * factor (arrays); a bool factor selects, so an inf in g stays out of the zeros."""
    return masked(g, factor) if factor.dtype.kind == 'b' else g * factor


class PiecewiseLinearGrad(GradKernel):
    """The gradient of a piecewise linear activation (PyTorch's leaky_relu_backward, hardtanh_backward, ...):
    out = g * factor(x), a constant on each piece;  dg = gg * factor(x) (this node again),  dx = 0.
    A subclass gives `factor(x, **params)` on the array."""

    @classmethod
    def da(cls, g, x, **params):
        return times(g, cls.factor(x, **params))

    @staticmethod
    def ddx(gg, g, x, **params):
        return zeros_like(gg)


class LeakyReluBackwardBackward0(PiecewiseLinearGrad):
    """leaky_relu's gradient: out = g if x > 0 else slope * g;  dg = gg if x > 0 else slope * gg,  dx = 0"""

    @staticmethod
    def factor(x, slope):
        return get_array_module(x).where(x > 0, 1, slope).astype(x.dtype)


class HardshrinkBackwardBackward0(PiecewiseLinearGrad):
    """hardshrink's gradient: out = g unless -lambd <= x <= lambd, else 0;  dg = gg likewise,  dx = 0"""

    @staticmethod
    def factor(x, lambd):
        return ~((x >= -lambd) & (x <= lambd))


class SoftshrinkBackwardBackward0(HardshrinkBackwardBackward0):
    """softshrink's gradient (hardshrink's): out = g unless -lambd <= x <= lambd, else 0;  dg = gg likewise,  dx = 0"""


class HardtanhBackwardBackward0(PiecewiseLinearGrad):
    """hardtanh's (relu6's) gradient: out = g where min_val < x < max_val, else 0;  dg = gg likewise,  dx = 0"""

    @staticmethod
    def factor(x, min_val, max_val):
        return (x > min_val) & (x < max_val)


class RreluWithNoiseBackwardBackward0(PiecewiseLinearGrad):
    """rrelu's gradient, with the slopes r it drew (1 where x > 0):  out = g r;  dg = gg r,  dx = 0"""

    @staticmethod
    def factor(x, noise):
        return noise


class EluBackwardBackward0(GradKernel):
    """elu's (selu's, celu's) gradient, PyTorch's elu_backward: with s = scale, c = input_scale and x the input
    (or, from_result, the result),
        out = g * slope,  slope = s if x > 0 else alpha s c e^(c x)  (from the result: c (x + alpha s));
        dg = this node on gg;  dx = elu_backward(gg g c, x) * (x < 0)  (from the result: gg g c (x < 0)),
    PyTorch's elu_double_backward: products, so a NaN stays NaN and f'' is 0 at x = 0."""

    @staticmethod
    def da(g, x, alpha, scale, input_scale, from_result):
        xp = get_array_module(x)
        positive = ~(x <= 0)      # NaN counts as positive, as PyTorch's kernel tests x <= 0
        if from_result:
            return g * xp.where(positive, scale, (x + alpha * scale) * input_scale)
        return g * xp.where(positive, scale, xp.exp(xp.minimum(x, 0) * input_scale) * (alpha * scale * input_scale))

    @classmethod
    def ddx(cls, gg, g, x, alpha, scale, input_scale, from_result):
        if from_result:
            return gg * g * input_scale * (x < 0)
        return cls.of(gg * g * input_scale, x, alpha=alpha, scale=scale, input_scale=input_scale,
                      from_result=from_result) * (x < 0)


class Activation(Op):
    """out = f(a) elementwise, with the op's constants (alpha, lambd, ...) as params;  da = g * f'(a).
    A subclass gives `f(xp, a, **params)` on the array and, for da, either `gradient`, the node of PyTorch's kernel
    for it (a GradKernel, recorded under create_graph), or `da(g, x, **params)` on arrays and Tensors alike, with
    x = a, or x = out when `from_result` is set (the in-place nodes). `kernel` is PyTorch's kernel in its error for
    integer and bool input (None: the op takes integers)."""
    kernel = None
    from_result = False
    gradient = None

    @staticmethod
    def forward(ctx, a, **params):
        if ctx.kernel:
            kernel_takes(a, ctx.kernel, 'f')
        ctx.params = params
        out = ctx.f(get_array_module(a), a, **params).astype(a.dtype, copy=False)
        ctx.save_for_backward(out if ctx.from_result else a)
        return out

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return ctx.da(g, x, **ctx.params)

    def da(self, g, x, **params):
        return self.gradient.of(g, x, **params)


class LeakyReluBackward0(Activation):
    """out = a if a > 0 else slope * a;  da = g if a > 0 else slope * g (the node LeakyReluBackwardBackward0)"""
    kernel = 'leaky_relu_cpu'
    gradient = LeakyReluBackwardBackward0

    def f(self, xp, a, slope):
        return xp.where(a > 0, a, a * slope)


class LeakyReluBackward1(LeakyReluBackward0):
    """leaky_relu_ in place: out = a if a > 0 else slope * a;  da = g if out > 0 else slope * g
    (LeakyReluBackwardBackward0 of the result)"""
    from_result = True


class EluBackward0(Activation):
    """elu, selu and celu: with s = scale, c = input_scale,
        out = s a if a > 0 else alpha s (e^(c a) - 1);  da = g s if a > 0 else g alpha s c e^(c a)
    (elu: s = c = 1;  selu: alpha = 1.6733, s = 1.0507, c = 1;  celu: s = 1, c = 1 / alpha)"""
    kernel = 'elu_cpu'

    def f(self, xp, a, alpha, scale, input_scale):
        return xp.where(a > 0, a * scale, xp.expm1(a * input_scale) * (alpha * scale))

    def da(self, g, x, alpha, scale, input_scale):
        return EluBackwardBackward0.of(g, x, alpha=alpha, scale=scale, input_scale=input_scale,
                                       from_result=self.from_result)


class EluBackward1(EluBackward0):
    """elu_ and selu_ in place, from the result: out = s a if a > 0 else alpha s (e^(c a) - 1);
    da = g s if out > 0 else g c (min(out, 0) + alpha s)"""
    from_result = True


class CeluBackward0(EluBackward0):
    """out = a if a > 0 else alpha (e^(a / alpha) - 1);  da = g if a > 0 else g e^(a / alpha)
    (in da, 1 / alpha with alpha rounded to float32, as PyTorch's derivatives.yaml: 1.0/alpha.toFloat())"""

    def da(self, g, x, alpha, scale, input_scale):
        return super().da(g, x, alpha, scale, 1 / as_float32(alpha))


class CeluBackward1(EluBackward1):
    """celu_ in place: out = a if a > 0 else alpha (e^(a / alpha) - 1);  da = g if out > 0 else g (out / alpha + 1)
    (1 / alpha with alpha rounded to float32, as CeluBackward0)"""

    def da(self, g, x, alpha, scale, input_scale):
        return super().da(g, x, alpha, scale, 1 / as_float32(alpha))


class GeluBackwardBackward0(GradKernel):
    """gelu's gradient (PyTorch's gelu_backward, and gelu_double_backward for dx), with cdf = Phi(x) when forward
    kept it:
    'none': out = g (Phi(x) + x p),  p = e^(-x^2/2) / sqrt(2 pi);  dx = gg g (2 p - x^2 p)
    'tanh': out = g ((1 + t) / 2 + x (1 - t^2) h / 2),  t = tanh(u), u = k (x + c x^3), h = k (1 + 3 c x^2),
            k = sqrt(2 / pi), c = 0.044715;
            dx = gg g (2 (1 - t^2) h / 2 + (x / 2) h (2 sech(u)) (-sech(u) t) h + (x / 2) (1 - t^2) 6 c x k)
    dg = gg * the same factor (this node again)"""

    @staticmethod
    def da(g, x, approximate, cdf):
        if approximate == 'tanh':
            t = call('tanh', (x + x * x * x * GELU_C) * TANH_K)
            return g * ((t + 1) * 0.5 + x * (1 - t * t) * (x * x * (3 * GELU_C) + 1) * (0.5 * TANH_K))
        return g * (cdf + x * exp(x * x * -0.5) / SQRT_2_PI)

    @staticmethod
    def ddx(gg, g, x, approximate, cdf):
        if approximate == 'tanh':
            u = (x + x ** 3 * GELU_C) * TANH_K
            t, sech = call('tanh', u), 1 / call('cosh', u)
            half_x, slope, h = x * 0.5, 1 - t * t, (x * (3 * GELU_C) * x + 1) * TANH_K
            slope_of_slope = sech * 2 * (-sech * t) * h
            h_of_x = x * (6 * GELU_C) * TANH_K
            return gg * g * (slope * 0.5 * h * 2 + half_x * h * slope_of_slope + half_x * slope * h_of_x)
        square = x * x
        pdf = exp(square * -0.5) * (1 / SQRT_2_PI)
        return gg * g * (pdf * 2 - square * pdf)


class GeluBackward0(Activation):
    """'none': out = a Phi(a), Phi(a) = (1 + erf(a / sqrt 2)) / 2;  da = g (Phi(a) + a e^(-a^2/2) / sqrt(2 pi))
    'tanh': out = a (1 + t) / 2, t = tanh(k (a + 0.044715 a^3)), k = sqrt(2 / pi);
            da = g ((1 + t) / 2 + a (1 - t^2) k (1 + 3 * 0.044715 a^2) / 2)
    (da: the node GeluBackwardBackward0, given Phi(a) from forward)"""
    kernel = 'GeluKernelImpl'

    def f(self, xp, a, approximate):
        if approximate == 'tanh':
            return a * (xp.tanh((a + GELU_C * a ** 3) * TANH_K) + 1) * 0.5
        self.cdf = (special(a).erf(a / SQRT_2) + 1) * 0.5     # Phi(a), kept for backward: erf is the slow part
        return a * self.cdf

    def da(self, g, x, approximate):
        return GeluBackwardBackward0.of(g, x, approximate=approximate, cdf=self.cdf if approximate == 'none' else None)


class SiluBackward0(Activation):
    """out = a sigmoid(a);  da = g s (1 + a (1 - s)),  s = sigmoid(a)"""
    kernel = 'silu_cpu'

    def f(self, xp, a):
        return a * sigmoid(a)

    def da(self, g, x):
        s = sigmoid(x)
        return g * s * (x * (1 - s) + 1)


class MishBackward0(Activation):
    """out = a tanh(softplus(a));  da = g (t + a sigmoid(a) (1 - t^2)),  t = tanh(softplus(a))"""
    kernel = 'mish_cpu'

    def f(self, xp, a):
        return a * xp.tanh(softplus_neg(-a))

    def da(self, g, x):
        # under create_graph through log1p(exp(a)), PyTorch's formula: its second derivative is NaN where exp
        # overflows (a > 709 in float64), and softplus_neg's max(a, 0) part would have derivative 1 at 0, not 1/2
        t = call('tanh', x.exp().log1p() if is_tensor(x) else softplus_neg(-x))
        return g * (t + x * sigmoid(x) * (1 - t * t))


class SoftplusBackwardBackward0(GradKernel):
    """softplus's gradient (PyTorch's softplus_backward, softplus_double_backward): with z = beta x,
    out = g sigmoid(z), or g where z > threshold;  dg = gg likewise (this node again);
    dx = sigmoid_backward(gg g, sigmoid(z)) * (z < threshold) * beta  (= gg g s (1 - s) beta below the threshold)"""

    @staticmethod
    def da(g, x, beta, threshold):
        z = x * beta
        return g * get_array_module(z).where(z > threshold, 1, sigmoid(z))

    @staticmethod
    def ddx(gg, g, x, beta, threshold):
        z = x * beta
        below = fixed((data(z) < threshold).astype(data(z).dtype), gg)
        return MulBackward1.of(SigmoidBackwardBackward0.of(gg * g, sigmoid(z)) * below, beta)


class SoftplusBackward0(Activation):
    """out = log(1 + e^(beta a)) / beta, or a where beta a > threshold;
    da = g sigmoid(beta a), or g where beta a > threshold (the node SoftplusBackwardBackward0)"""
    kernel = 'softplus_cpu'
    gradient = SoftplusBackwardBackward0

    def f(self, xp, a, beta, threshold):
        return xp.where(a * beta > threshold, a, softplus_neg(-a * beta) / beta)


class SoftshrinkBackward0(Activation):
    """out = a - lambd if a > lambd, a + lambd if a < -lambd, else 0 (a * 0 + 0: nan stays nan, and the 0 is +0, as
    PyTorch's vectorized loop gives; its scalar loop, for a few elements, gives a * 0, -0 for a negative a);
    da = g unless -lambd <= a <= lambd, else 0 (the node SoftshrinkBackwardBackward0)"""
    kernel = 'softshrink_check'
    gradient = SoftshrinkBackwardBackward0

    def f(self, xp, a, lambd):
        return xp.where(a > lambd, a - lambd, xp.where(a < -lambd, a + lambd, a * 0 + 0))


class HardshrinkBackward0(Activation):
    """out = a where |a| > lambd, else 0;  da = g where |a| > lambd, else 0 (the node HardshrinkBackwardBackward0)"""
    kernel = 'hardshrink_cpu'
    gradient = HardshrinkBackwardBackward0

    def f(self, xp, a, lambd):
        return xp.where((a >= -lambd) & (a <= lambd), 0, a)


class HardtanhBackward0(Activation):
    """out = min(max(a, min_val), max_val) (integers too);  da = g where min_val < a < max_val, else 0
    (the node HardtanhBackwardBackward0)"""
    gradient = HardtanhBackwardBackward0

    def f(self, xp, a, min_val, max_val):
        if a.dtype.kind == 'b':
            raise views.comes_first(RuntimeError('Bool inputs not supported for hardtanh'))
        return xp.clip(a, min_val, max_val)


class HardsigmoidBackward0(Activation):
    """out = min(max(a + 3, 0), 6) / 6;  da = g / 6 where -3 < a < 3, else 0 (1/6 in float32, as PyTorch's kernel)"""
    kernel = 'hardsigmoid_cpu'

    def f(self, xp, a):
        return xp.clip(a + 3, 0, 6) / 6

    def da(self, g, x):
        value = masked(data(g) * as_float32(1 / 6), (data(x) > -3) & (data(x) < 3))
        if is_tensor(g):    # PyTorch cannot differentiate hardsigmoid_backward: its node NotImplemented
            return nodiff.NotImplemented.apply(g, x, out=value, aten='hardsigmoid_backward')
        return value


class HardswishBackwardBackward0(GradKernel):
    """hardswish's gradient (PyTorch's hardswish_backward):
    out = 0 if x <= -3, g (x / 3 + 1/2) if x < 3, else g;  dg = gg likewise (this node again);
    dx = gg g / 3 where -3 < x < 3, else 0"""

    @staticmethod
    def da(g, x):
        xp = get_array_module(x)
        return xp.where(x <= -3, 0, g * xp.where(x < 3, x / 3 + 0.5, 1))     # (0, not g * 0: an inf g too)

    @staticmethod
    def ddx(gg, g, x):
        return pick((-3 < data(x)) & (data(x) < 3), gg * g / 3.0, 0)


class HardswishBackward0(Activation):
    """out = a min(max(a + 3, 0), 6) / 6;  da = 0 if a <= -3, g (a / 3 + 1/2) if a < 3, else g
    (the node HardswishBackwardBackward0)"""
    kernel = 'hardswish_cpu'
    gradient = HardswishBackwardBackward0

    def f(self, xp, a):
        return a * xp.clip(a + 3, 0, 6) / 6


class LogSigmoidBackwardBackward0(GradKernel):
    """logsigmoid's gradient (PyTorch's log_sigmoid_backward, log_sigmoid_double_backward):
    out = g sigmoid(-x);  dg = gg sigmoid(-x) (this node again),  dx = gg g (sigmoid(x) - 1) sigmoid(x)"""

    @staticmethod
    def da(g, x):
        return g * sigmoid(-x)

    @staticmethod
    def ddx(gg, g, x):
        s = sigmoid(x)
        return gg * g * (s - 1) * s


class LogSigmoidBackward0(Activation):
    """out = log(sigmoid(a)) = min(a, 0) - log(1 + e^-|a|);  da = g sigmoid(-a)
    (the node LogSigmoidBackwardBackward0)"""
    kernel = 'log_sigmoid_cpu'
    gradient = LogSigmoidBackwardBackward0

    def f(self, xp, a):
        return -softplus_neg(a)


class ThresholdBackward0(Activation):
    """out = value if a <= threshold else a (integers too);  da = 0 where a <= threshold, else g: relu's
    ThresholdBackwardBackward0 (a NaN a keeps g, as PyTorch's kernel tests a <= threshold)"""

    def f(self, xp, a, threshold, value):
        if a.dtype.kind == 'b':
            raise views.comes_first(NotImplementedError('"threshold_cpu" not implemented for \'Bool\''))
        return xp.where(a <= threshold, value, a)

    def da(self, g, x, threshold, value):
        return threshold_backward(g, x, threshold)


class ThresholdBackward1(ThresholdBackward0):
    """threshold_ in place: out = value if a <= threshold else a;  da = 0 where a <= threshold, else g (the mask
    of the input as it was, as PyTorch's)"""


class RreluWithNoiseBackward0(Op):
    """out = a r, with r = 1 where a > 0 and, where a <= 0, r drawn from U(lower, upper) in training and
    r = (lower + upper) / 2 in evaluation;  da = g r (the node RreluWithNoiseBackwardBackward0)"""

    @staticmethod
    def forward(ctx, a, lower, upper, training, generator=None):
        xp = get_array_module(a)
        kernel_takes(a, 'rrelu_with_noise_out_cpu' if training else 'leaky_relu_cpu', 'f', half=not training)
        if training:
            slope = xp.asarray(uniform(a.shape, lower, upper, a.dtype, generator=generator))   # drawn on the host
        else:
            slope = (lower + upper) / 2
        ctx.noise = xp.where(a > 0, 1, slope).astype(a.dtype)
        ctx.save_for_backward(a)
        return a * ctx.noise

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return RreluWithNoiseBackwardBackward0.of(g, x, noise=ctx.noise)


class RreluWithNoiseBackward1(RreluWithNoiseBackward0):
    """rrelu_ in place: out = a r (r as rrelu's);  da = g r (RreluWithNoiseBackwardBackward0)"""


class GluBackward0(Op):
    """With a, b the two halves of x along dim: out = a sigmoid(b);
    dx = (g sigmoid(b), g a sigmoid(b) (1 - sigmoid(b))), joined along dim (the node GluBackwardBackward0)"""

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim = normalize_dim(dim, x.ndim)
        if x.shape[dim] % 2:    # checked before the dtype, as PyTorch
            raise RuntimeError(f'Halving dimension must be even, but dimension {dim} is size {x.shape[dim]}')
        kernel_takes(x, 'glu_cpu', 'f')
        ctx.save_for_backward(x)
        a, b = halves(x, dim)
        return a * sigmoid(b)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return GluBackwardBackward0.of(g, x, dim=ctx.dim)


class GluBackwardBackward0(GradKernel):
    """glu's gradient (PyTorch's glu_backward), with a, b the halves of x along dim, s = sigmoid(b), and
    gga, ggb the halves of gg:
        out = (g s, g a s (1 - s)) joined along dim;
        dg = gga s + ggb a s (1 - s): the sum of the halves of gg * glu_backward(1, x) (this node again);
        dx = (ggb g s (1 - s),  ggb a g (s (1 - s) (1 - s) - s s (1 - s)) + gga g s (1 - s))  (glu_double_backward)"""

    @staticmethod
    def da(g, x, dim):
        a, b = halves(x, dim)
        s = sigmoid(b)
        return joined(g * s, g * a * s * (1 - s), dim)

    @classmethod
    def dg(cls, gg, x, dim):
        shape = list(x.shape)
        shape[dim] //= 2
        first, second = halves(gg * run(cls, get_array_module(data(x)).ones(shape, data(x).dtype), x, dim=dim), dim)
        return first + second

    @staticmethod
    def ddx(gg, g, x, dim):
        a, b = halves(x, dim)
        gga, ggb = halves(gg, dim)
        s = sigmoid(b)
        one_minus_s = 1 - s
        slope = s * one_minus_s
        curve = slope * one_minus_s - s * slope
        first = ggb * g * slope
        second = ggb * a * g * curve + gga * g * slope
        return joined(first, second, dim)


def halves(x, dim):
    """The two halves of x along dim (an array or a Tensor)."""
    n = x.shape[dim] // 2
    if is_tensor(x):
        return x.narrow(dim, 0, n), x.narrow(dim, n, n)
    return get_array_module(x).split(x, 2, axis=dim)


def joined(a, b, dim):
    """a and b joined along dim (arrays or Tensors)."""
    return cat([a, b], dim) if is_tensor(a) else get_array_module(a).concatenate([a, b], dim)


class PreluKernelBackward0(Op):
    """out = a if a > 0 else w a, with w broadcast to a (prelu views its weight so: one weight, or one per channel,
    dim 1);  da = g if a > 0 else g w,  dw = 0 if a > 0 else g a (summed to w's shape by the engine, as a broadcast
    input's gradient is);  under create_graph both from PreluKernelBackwardBackward0"""

    @staticmethod
    def forward(ctx, a, w):
        ctx.save_for_backward(a, w)
        return get_array_module(a).where(a > 0, a, a * w)

    @staticmethod
    def backward(ctx, g):
        a, w = ctx.saved_tensors
        if is_tensor(g):
            return PreluKernelBackwardBackward0.apply(g, a, w)
        pos = a > 0
        need_a, need_w = ctx.needs_input_grad
        return g * get_array_module(a).where(pos, 1, w) if need_a else None, masked(g * a, ~pos) if need_w else None


class PreluKernelBackwardBackward0(MultiOutputOp):
    """prelu's two gradients as one node (PyTorch's _prelu_kernel_backward), w broadcast to a:
        out = (ga, gw) = (g if a > 0 else g w,  0 if a > 0 else g a);
    with gga, ggw the gradients of ga and gw, PyTorch's formula (it tests a >= 0):
        dg = gga if a >= 0 else gga w + ggw a,  da = 0 if a >= 0 else g ggw,  dw = 0 if a >= 0 else g gga"""

    @staticmethod
    def forward(ctx, g, a, w):
        ctx.save_for_backward(g, a, w)
        xp, pos = get_array_module(a), a > 0
        return xp.where(pos, g, g * w), xp.where(pos, 0, a * g)

    @staticmethod
    def backward(ctx, gga, ggw):
        g, a, w = ctx.saved_tensors
        nonneg = data(a) >= 0
        need_g, need_a, need_w = ctx.needs_input_grad
        dg = da = dw = None
        if need_g and gga is None:
            dg = pick(nonneg, 0, ggw * a)
        elif need_g:
            dg = pick(nonneg, gga, gga * w if ggw is None else gga * w + ggw * a)
        if need_a:
            da = zeros_like(a) if ggw is None else pick(nonneg, 0, g * ggw)
        if need_w:
            dw = zeros_like(a) if gga is None else pick(nonneg, 0, g * gga)
        return dg, da, dw


def check_prelu(a, w):
    """PyTorch's errors for prelu's input array a and weight array w."""
    if a.dtype != w.dtype:
        raise RuntimeError(f'prelu: Type promoting not supported. Got {dtypes.title(a.dtype)} and '
                           f'{dtypes.title(w.dtype)}')
    kernel_takes(a, 'prelu_cpu', 'f')
    if w.ndim > 1:
        raise RuntimeError(f'prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {w.ndim}')
    channels = a.shape[1] if a.ndim >= 2 else 1
    if w.size != 1 and w.size != channels:
        raise RuntimeError(f'Mismatch of parameter numbers and input channel size. Found parameter numbers = '
                           f'{w.size} and channel size = {channels}.')


# -- the public ops -------------------------------------------------------------------------------------------
def leaky_relu(input, negative_slope=0.01):
    return LeakyReluBackward0.apply(input, slope=negative_slope)


def leaky_relu_(input, negative_slope=0.01):
    return views.inplace(input, lambda t: LeakyReluBackward1.apply(t, slope=negative_slope))


def elu(input, alpha=1.0, scale=1.0, input_scale=1.0):
    """nn.functional.elu's op, as torch._C._nn.elu (selu and celu are it with other constants)"""
    return EluBackward0.apply(input, alpha=alpha, scale=scale, input_scale=input_scale)


def elu_(input, alpha=1.0, scale=1.0, input_scale=1.0):
    return views.inplace(input, lambda t: EluBackward1.apply(t, alpha=alpha, scale=scale, input_scale=input_scale))


@export(method=False)
def selu(input):
    return elu(input, SELU_ALPHA, SELU_SCALE)


@export(method=False)
def selu_(input):
    return elu_(input, SELU_ALPHA, SELU_SCALE)


def check_celu(alpha):
    if alpha == 0:
        raise RuntimeError('ZeroDivisionError: alpha cannot be 0 for CELU')


@export(method=False)
def celu(input, alpha=1.0):
    check_celu(alpha)
    return CeluBackward0.apply(input, alpha=alpha, scale=1.0, input_scale=1 / alpha)


@export(method=False)
def celu_(input, alpha=1.0):
    check_celu(alpha)
    return views.inplace(input, lambda t: CeluBackward1.apply(t, alpha=alpha, scale=1.0, input_scale=1 / alpha))


def gelu(input, approximate='none'):
    if approximate not in ('none', 'tanh'):
        raise RuntimeError('approximate argument must be either none or tanh.')
    return GeluBackward0.apply(input, approximate=approximate)


def silu(input):
    return SiluBackward0.apply(input)


def mish(input):
    return MishBackward0.apply(input)


def softplus(input, beta=1.0, threshold=20.0):
    return SoftplusBackward0.apply(input, beta=beta, threshold=threshold)


def softshrink(input, lambd=0.5):
    if input._data.dtype.kind == 'f' and lambd < 0:
        raise RuntimeError(f'lambda must be in range [0, 1.79769e+308] for input dtype {dtypes.title(input.dtype)}, '
                           f'but found {lambd:g}')
    return SoftshrinkBackward0.apply(input, lambd=lambd)


@export()
def hardshrink(input, lambd=0.5):
    return HardshrinkBackward0.apply(input, lambd=lambd)


def hardtanh(input, min_val=-1.0, max_val=1.0):
    return HardtanhBackward0.apply(input, min_val=min_val, max_val=max_val)


def hardsigmoid(input):
    return HardsigmoidBackward0.apply(input)


def hardswish(input):
    return HardswishBackward0.apply(input)


def logsigmoid(input):
    return LogSigmoidBackward0.apply(input)


@export(method=False)
def threshold(input, threshold, value):
    return ThresholdBackward0.apply(input, threshold=threshold, value=value)


@export(method=False)
def threshold_(input, threshold, value):
    return views.inplace(input, lambda t: ThresholdBackward1.apply(t, threshold=threshold, value=value))


def check_rrelu(lower, upper):
    if lower > upper:
        raise RuntimeError('Lower bound should be less than or equal to the upper bound')


@export(method=False)
def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    check_rrelu(lower, upper)
    return RreluWithNoiseBackward0.apply(input, lower=lower, upper=upper, training=training,
                                         generator=generator)


@export(method=False)
def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    check_rrelu(lower, upper)
    return views.inplace(input, lambda t: RreluWithNoiseBackward1.apply(t, lower=lower, upper=upper,
                                                                        training=training, generator=generator))


@export()
def prelu(input, weight):
    check_prelu(input._data, weight._data)
    if input.ndim != weight.ndim:   # the weight viewed to broadcast over input, one per channel (dim 1), as PyTorch's
        weight = weight.reshape(tuple(weight.numel() if d == 1 else 1 for d in range(input.ndim)))
    return PreluKernelBackward0.apply(input, weight)


def glu(input, dim=-1):
    if input.ndim == 0:
        raise RuntimeError('glu does not support scalars because halving size must be even')
    return GluBackward0.apply(input, dim=dim)


# minigrad.relu_(x), sigmoid_ and tanh_, as torch's top-level in-place forms: the Tensor methods
@export(name='relu_', method=False)
def relu_function_(input):
    return input.relu_()


@export(name='sigmoid_', method=False)
def sigmoid_function_(input):
    return input.sigmoid_()


@export(name='tanh_', method=False)
def tanh_function_(input):
    return input.tanh_()
