"""Activations (torch.nn.functional's, and those PyTorch also has at top level: selu, celu, rrelu, prelu, hardshrink,
threshold, with their in-place forms). Each node is PyTorch's, its math in the docstring; its backward is written
with operations that work on arrays and Tensors alike, so create_graph gives second derivatives. The in-place nodes
PyTorch names ...Backward1 (elu_, celu_, selu_, leaky_relu_, threshold_, rrelu_) take the derivative from the result,
since the input is overwritten."""
import math
import struct

from .elementwise import where
from .grad_utils import call, data, exp, fixed, is_tensor, masked, sigmoid, zeros_like
from .loss import softplus_neg
from .operands import kernel_takes
from .shape import cat
from .table import export
from .. import dtypes
from ..autograd import views
from ..autograd.function import Op
from ..backend import get_array_module, special
from ..dims import normalize_dim
from ..random import uniform

SELU_ALPHA, SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
SQRT_2, SQRT_2_PI, TANH_K = math.sqrt(2), math.sqrt(2 * math.pi), math.sqrt(2 / math.pi)


def pick(mask, a, b):
    """a where mask (an array) is True, else b, for arrays, Tensors and numbers (a Tensor branch stays in the graph)."""
    if is_tensor(a) or is_tensor(b):
        return where(mask, a, b)
    return get_array_module(mask).where(mask, a, b)


def as_float32(v):
    """The Python float v rounded to float32 (as C++'s Scalar.toFloat())."""
    return struct.unpack('f', struct.pack('f', v))[0]


def erf(x):
    return x.erf() if is_tensor(x) else special(x).erf(x)


def scaled(g, x, factor):
    """g * factor for a constant array `factor` (a piecewise linear activation's derivative); under create_graph
    recorded as ScaledGrad(g, x), so the gradient is in x's graph as PyTorch's (its own derivative in x is 0)."""
    if is_tensor(g):
        return ScaledGrad.apply(g, x, factor=factor)
    return times(g, factor)


def times(g, factor):
    """g * factor (an array or a Tensor g); a bool factor selects, so an inf in g stays out of the zeros."""
    return masked(g, factor) if factor.dtype.kind == 'b' else g * factor


class ScaledGrad(Op):
    """The gradient of a piecewise linear activation as an op of its own, so that create_graph records it (PyTorch's
    leaky_relu_backward, hardtanh_backward, softshrink_backward, ...): out = g * factor, a constant per element;
    dg = gg * factor,  dx = 0"""

    @staticmethod
    def forward(ctx, g, x, factor):
        ctx.factor = factor
        return times(g, factor)

    @staticmethod
    def backward(ctx, gg):
        return times(gg, ctx.factor), zeros_like(gg)


class EluBackwardBackward0(Op):
    """elu's (selu's, celu's) gradient as a node of its own under create_graph, as PyTorch's elu_backward: with
    slope = f'(x) (EluBackward0.slope) and c = input_scale,
        out = g * slope;  dg = gg * slope,  dx = gg * g * c * slope * (x < 0)  (from the result x = out: gg * g * c *
    (x < 0)): products, as PyTorch's elu_double_backward, so a NaN stays NaN and the slope of f' is 0 at x = 0."""

    @staticmethod
    def forward(ctx, g, x, slope, input_scale, from_result):
        ctx.slope, ctx.curve = slope, (x < 0) * (input_scale if from_result else slope * input_scale)
        ctx.save_for_backward(g, x)
        return g * slope

    @staticmethod
    def backward(ctx, gg):
        g, _ = ctx.saved_tensors
        return gg * ctx.slope, gg * g * ctx.curve


class Activation(Op):
    """out = f(a) elementwise, with the op's constants (alpha, lambd, ...) as params;  da = g * f'(a).
    A subclass gives `f(xp, a, **params)` on the array and `da(g, x, **params)` on arrays and Tensors alike, with
    x = a, or x = out when `from_result` is set (the in-place nodes). `kernel` is PyTorch's kernel in its error for
    integer and bool input (None: the op takes integers)."""
    kernel = None
    from_result = False

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


class LeakyReluBackward0(Activation):
    """out = a if a > 0 else slope * a;  da = g if a > 0 else slope * g"""
    kernel = 'leaky_relu_cpu'

    def f(self, xp, a, slope):
        return xp.where(a > 0, a, a * slope)

    def da(self, g, x, slope):
        a = data(x)
        return scaled(g, x, get_array_module(a).where(a > 0, 1, slope).astype(a.dtype))


class LeakyReluBackward1(LeakyReluBackward0):
    """leaky_relu_ in place: out = a if a > 0 else slope * a;  da = g if out > 0 else slope * g"""
    from_result = True


class EluBackward0(Activation):
    """elu, selu and celu: with s = scale, c = input_scale,
        out = s a if a > 0 else alpha s (e^(c a) - 1);  da = g s if a > 0 else g alpha s c e^(c a)
    (elu: s = c = 1;  selu: alpha = 1.6733, s = 1.0507, c = 1;  celu: s = 1, c = 1 / alpha)"""
    kernel = 'elu_cpu'

    def f(self, xp, a, alpha, scale, input_scale):
        return xp.where(a > 0, a * scale, xp.expm1(a * input_scale) * (alpha * scale))

    def da(self, g, x, alpha, scale, input_scale):
        slope = self.slope(data(x), alpha, scale, input_scale)
        if is_tensor(g):
            return EluBackwardBackward0.apply(g, x, slope=slope, input_scale=input_scale, from_result=self.from_result)
        return g * slope

    def slope(self, a, alpha, scale, input_scale):
        xp = get_array_module(a)
        positive = ~(a <= 0)      # NaN counts as positive, as PyTorch's kernel tests x <= 0
        return xp.where(positive, scale, xp.exp(xp.minimum(a, 0) * input_scale) * (alpha * scale * input_scale))


class EluBackward1(EluBackward0):
    """elu_ and selu_ in place, from the result: out = s a if a > 0 else alpha s (e^(c a) - 1);
    da = g s if out > 0 else g c (min(out, 0) + alpha s)"""
    from_result = True

    def slope(self, a, alpha, scale, input_scale):
        return get_array_module(a).where(~(a <= 0), scale, (a + alpha * scale) * input_scale)


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


class GeluBackward0(Activation):
    """'none': out = a Phi(a), Phi(a) = (1 + erf(a / sqrt 2)) / 2;  da = g (Phi(a) + a e^(-a^2/2) / sqrt(2 pi))
    'tanh': out = a (1 + t) / 2, t = tanh(k (a + 0.044715 a^3)), k = sqrt(2 / pi);
            da = g ((1 + t) / 2 + a (1 - t^2) k (1 + 3 * 0.044715 a^2) / 2)"""
    kernel = 'GeluKernelImpl'

    def f(self, xp, a, approximate):
        if approximate == 'tanh':
            return a * (xp.tanh((a + 0.044715 * a ** 3) * TANH_K) + 1) * 0.5
        self.cdf = (special(a).erf(a / SQRT_2) + 1) * 0.5     # Phi(a), kept for backward: erf is the slow part
        return a * self.cdf

    def da(self, g, x, approximate):
        if approximate == 'tanh':
            t = call('tanh', (x + x * x * x * 0.044715) * TANH_K)
            return g * ((t + 1) * 0.5 + x * (1 - t * t) * (x * x * (3 * 0.044715) + 1) * (0.5 * TANH_K))
        cdf = (erf(x / SQRT_2) + 1) * 0.5 if is_tensor(x) else self.cdf     # create_graph: Phi(x) in the graph
        return g * (cdf + x * exp(x * x * -0.5) / SQRT_2_PI)


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


class SoftplusBackward0(Activation):
    """out = log(1 + e^(beta a)) / beta, or a where beta a > threshold;
    da = g sigmoid(beta a), or g where beta a > threshold"""
    kernel = 'softplus_cpu'

    def f(self, xp, a, beta, threshold):
        return xp.where(a * beta > threshold, a, softplus_neg(-a * beta) / beta)

    def da(self, g, x, beta, threshold):
        s, z = sigmoid(x * beta), data(x) * beta    # (PyTorch's second derivative takes beta a < threshold: at
        return g * pick(z > threshold, 1, pick(z == threshold, fixed(data(s), s), s))   # the threshold, s fixed)


class SoftshrinkBackward0(Activation):
    """out = a - lambd if a > lambd, a + lambd if a < -lambd, else 0 (a * 0 + 0: nan stays nan, and the 0 is +0, as
    PyTorch's vectorized loop gives; its scalar loop, for a few elements, gives a * 0, -0 for a negative a);
    da = g unless -lambd <= a <= lambd, else 0"""
    kernel = 'softshrink_check'

    def f(self, xp, a, lambd):
        return xp.where(a > lambd, a - lambd, xp.where(a < -lambd, a + lambd, a * 0 + 0))

    def da(self, g, x, lambd):
        return scaled(g, x, ~((data(x) >= -lambd) & (data(x) <= lambd)))


class HardshrinkBackward0(Activation):
    """out = a where |a| > lambd, else 0;  da = g where |a| > lambd, else 0"""
    kernel = 'hardshrink_cpu'

    def f(self, xp, a, lambd):
        return xp.where((a >= -lambd) & (a <= lambd), 0, a)

    def da(self, g, x, lambd):
        return scaled(g, x, ~((data(x) >= -lambd) & (data(x) <= lambd)))


class HardtanhBackward0(Activation):
    """out = min(max(a, min_val), max_val);  da = g where min_val < a < max_val, else 0 (integers too)"""

    def f(self, xp, a, min_val, max_val):
        if a.dtype.kind == 'b':
            raise views.comes_first(RuntimeError('Bool inputs not supported for hardtanh'))
        return xp.clip(a, min_val, max_val)

    def da(self, g, x, min_val, max_val):
        return scaled(g, x, (data(x) > min_val) & (data(x) < max_val))


class HardsigmoidBackward0(Activation):
    """out = min(max(a + 3, 0), 6) / 6;  da = g / 6 where -3 < a < 3, else 0 (1/6 in float32, as PyTorch's kernel)"""
    kernel = 'hardsigmoid_cpu'

    def f(self, xp, a):
        return xp.clip(a + 3, 0, 6) / 6

    def da(self, g, x):
        value = masked(data(g) * as_float32(1 / 6), (data(x) > -3) & (data(x) < 3))
        if is_tensor(g):
            return NotDifferentiable.apply(g, x, value=value, error=not_implemented('hardsigmoid_backward'))
        return value


class NotDifferentiable(Op):
    """A gradient PyTorch cannot differentiate again (hardsigmoid's), recorded under create_graph:
    out = the gradient `value`, computed from the arrays;  dg = the exception `error`, PyTorch's ('derivative for
    aten::hardsigmoid_backward is not implemented')"""

    @staticmethod
    def forward(ctx, g, x, value, error):
        ctx.error = error
        return value

    @staticmethod
    def backward(ctx, gg):
        raise ctx.error


def not_implemented(aten):
    """PyTorch's error for the derivative of the backward op `aten` that it does not have."""
    return RuntimeError(f'derivative for aten::{aten} is not implemented')


class HardswishBackward0(Activation):
    """out = a min(max(a + 3, 0), 6) / 6;  da = 0 if a <= -3, g (a / 3 + 1/2) if a < 3, else g"""
    kernel = 'hardswish_cpu'

    def f(self, xp, a):
        return a * xp.clip(a + 3, 0, 6) / 6

    def da(self, g, x):
        a = data(x)
        return g * pick(a <= -3, 0, pick(a < 3, x / 3 + 0.5, 1))


class LogSigmoidBackward0(Activation):
    """out = log(sigmoid(a)) = min(a, 0) - log(1 + e^-|a|);  da = g sigmoid(-a)"""
    kernel = 'log_sigmoid_cpu'

    def f(self, xp, a):
        return -softplus_neg(a)

    def da(self, g, x):
        return g * sigmoid(-x)


class ThresholdBackward0(Activation):
    """out = value if a <= threshold else a;  da = 0 where a <= threshold, else g (integers too; a NaN a keeps a
    and g, as PyTorch's kernel tests a <= threshold)"""

    def f(self, xp, a, threshold, value):
        if a.dtype.kind == 'b':
            raise views.comes_first(NotImplementedError('"threshold_cpu" not implemented for \'Bool\''))
        return xp.where(a <= threshold, value, a)

    def da(self, g, x, threshold, value):
        return scaled(g, x, ~(data(x) <= threshold))


class ThresholdBackward1(ThresholdBackward0):
    """threshold_ in place: out = value if a <= threshold else a;  da = 0 where a <= threshold, else g (the mask
    of the input as it was, as PyTorch's)"""


class RreluWithNoiseBackward0(Op):
    """out = a r, with r = 1 where a > 0 and, where a <= 0, r drawn from U(lower, upper) in training and
    r = (lower + upper) / 2 in evaluation;  da = g r"""

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
        return scaled(g, x, ctx.noise)


class RreluWithNoiseBackward1(RreluWithNoiseBackward0):
    """rrelu_ in place: out = a r (r as rrelu's);  da = g r"""


class GluBackward0(Op):
    """With a, b the two halves of x along dim: out = a sigmoid(b);
    dx = (g sigmoid(b), g a sigmoid(b) (1 - sigmoid(b))), joined along dim"""

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
        a, b = halves(x, ctx.dim)
        s = sigmoid(b)
        da, db = g * s, g * a * s * (1 - s)
        return cat([da, db], ctx.dim) if is_tensor(da) else get_array_module(da).concatenate([da, db], ctx.dim)


def halves(x, dim):
    """The two halves of x along dim (an array or a Tensor)."""
    n = x.shape[dim] // 2
    if is_tensor(x):
        return x.narrow(dim, 0, n), x.narrow(dim, n, n)
    return get_array_module(x).split(x, 2, axis=dim)


class PreluKernelBackward0(Op):
    """out = a if a > 0 else w a, with w one weight, or one per channel (dim 1);
    da = g if a > 0 else g w,  dw = sum over all but the channel dim of g a where a <= 0"""

    @staticmethod
    def forward(ctx, a, w):
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
        ctx.shape = (-1,) + (1,) * (a.ndim - 2) if a.ndim >= 2 else ()
        ctx.axes = tuple(d for d in range(a.ndim) if d != 1 or w.size == 1)
        ctx.save_for_backward(a, w)
        return get_array_module(a).where(a > 0, a, a * w.reshape(ctx.shape))

    @staticmethod
    def backward(ctx, g):
        a, w = ctx.saved_tensors
        pos = data(a) > 0
        da = None
        if ctx.needs_input_grad[0] and is_tensor(w) and w.requires_grad:     # (create_graph: in w's graph)
            da = pick(pos, g, g * w.reshape(ctx.shape))
        elif ctx.needs_input_grad[0]:   # a constant slope: in a's graph under create_graph, as PyTorch's
            da = scaled(g, a, get_array_module(pos).where(pos, 1, data(w).reshape(ctx.shape)))
        dw = None
        if ctx.needs_input_grad[1]:
            dw = masked(g * a, ~pos)
            dw = (dw.sum(axis=ctx.axes) if ctx.axes else dw).reshape(w.shape)
        return da, dw


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
