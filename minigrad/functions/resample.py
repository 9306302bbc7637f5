"""Separable linear resampling of the last axes: along each axis, output position i is a weighted sum of a few input
positions (its taps). Adaptive average pooling and interpolation (nearest, linear, cubic) are all of this form, so
one pair of node classes does their forward, backward and double backward; each PyTorch node name is a subclass.

An axis is described by Taps: `index` (out, T) the input positions of each output's T taps, `weight` (out, T) their
weights (None: every weight is 1, a selection), `mask` (out, T) which taps exist (None: all; adaptive pooling's
windows differ in length, so shorter ones have taps masked off, which add 0, not 0 * x: an inf stays out)."""
from collections import namedtuple

from . import grad_utils
from .grad_utils import as_tensor
from ..autograd import grad_mode
from ..autograd.function import Op
from ..backend import get_array_module, scatter_add

Taps = namedtuple('Taps', 'index weight mask', defaults=(None, None))


def _along(v, axis):
    """A per-output-position array v (out,) shaped to broadcast along `axis` (negative)."""
    return v.reshape(v.shape + (1,) * (-axis - 1))


def resample(x, axes):
    """out = x with each of its last len(axes) axes replaced by the weighted sums of its taps (axes[0] is the
    first of them). The sums are in the weights' dtype (float32 for float16, as PyTorch's opmath), rounded back to
    x's at the end; uint8 goes as PyTorch's separable uint8 kernels go, the last axis first, rounded to an integer
    (halves up) after each axis (with weights that are multiples of 2^-p the float64 sums are exact)."""
    xp = get_array_module(x)
    dtype = x.dtype
    order = list(zip(range(-len(axes), 0), axes))
    for axis, taps in (order if dtype.kind == 'f' else order[::-1]):
        out = None
        for t in range(taps.index.shape[1]):
            part = xp.take(x, taps.index[:, t], axis=axis)
            if taps.weight is not None:
                part = part * _along(taps.weight[:, t], axis)
            if taps.mask is not None:
                part = xp.where(_along(taps.mask[:, t], axis), part, 0)
            out = part if out is None else out + part
        x = out
        if x.dtype != dtype and dtype.kind != 'f':
            x = xp.clip(xp.floor(x + 0.5), xp.iinfo(dtype).min, xp.iinfo(dtype).max).astype(dtype)
    return x.astype(dtype, copy=False)


def resample_transposed(g, axes, shape):
    """The transpose of resample (its dx for an input of `shape`): each output's g, times each tap's weight, added
    back at the tap's input position (added up in the weights' dtype, float32 for float16 as PyTorch's opmath)."""
    xp = get_array_module(g)
    dtype = g.dtype
    for axis, taps, n in reversed(list(zip(range(-len(axes), 0), axes, shape[-len(axes):]))):
        sums = g.dtype if taps.weight is None else xp.result_type(g, taps.weight)
        dx = xp.zeros(g.shape[:axis] + (n,) + g.shape[axis:][1:], sums)
        for t in range(taps.index.shape[1]):
            part = g
            if taps.weight is not None:
                part = part * _along(taps.weight[:, t], axis)
            if taps.mask is not None:
                part = xp.where(_along(taps.mask[:, t], axis), part, 0)
            scatter_add(dx, (Ellipsis, taps.index[:, t]) + (slice(None),) * (-axis - 1), part)
        g = dx
    return g.astype(dtype, copy=False)


class Resample(Op):
    """The base of the resampling nodes (each subclass is one of PyTorch's names):
        out = resample(x): along each resampled axis, out_i = sum over taps t of weight_it * x[index_it]
        dx = resample_transposed(g): g_i * weight_it added at index_it
    Under create_graph dx comes from the subclass's `transposed` node (PyTorch's ...BackwardBackward0), which
    takes x too where PyTorch's backward does (adaptive pooling), so that dx requires grad as there.
    `backward_axes`, where given, are the taps backward spreads g with instead: PyTorch's backward kernels of a few
    modes pick their source positions by other rules than their forward in edge cases (interpolate.py says which)."""
    transposed = None

    @staticmethod
    def forward(ctx, x, axes=None, backward_axes=None):
        ctx.axes = backward_axes or axes
        if ctx.transposed.takes_input:
            ctx.save_for_backward(x)
        return resample(x, axes)

    @staticmethod
    def backward(ctx, g):
        shape = ctx.input_metas[0][0]
        if grad_mode._enabled:      # create_graph: dx must be differentiable again
            inputs = ctx.saved_tensors if ctx.transposed.takes_input else ()
            return ctx.transposed.apply(as_tensor(g), *inputs, axes=ctx.axes, shape=shape)
        return resample_transposed(g, ctx.axes, shape)


class ResampleTransposed(Op):
    """The base of the resampling nodes' backward as an op (PyTorch's ...BackwardBackward0), for create_graph:
        out = resample_transposed(g), linear in g and independent of x's values, so with gg the gradient of out:
        dg = resample(gg) (the forward node again),  dx = 0 (where x is an input: takes_input)"""
    resampled, takes_input = None, False

    @staticmethod
    def forward(ctx, g, *x, axes=None, shape=None):
        ctx.axes = axes
        return resample_transposed(g, axes, shape)

    @staticmethod
    def backward(ctx, gg):
        dg = grad_utils.run(ctx.resampled, gg, axes=ctx.axes)
        return (dg, grad_utils.zeros_like(gg)) if ctx.takes_input else dg


def pair(forward_node, backward_node):
    """Tie a resampling node to the node of its backward (each names the other)."""
    forward_node.transposed, backward_node.resampled = backward_node, forward_node
    return forward_node
