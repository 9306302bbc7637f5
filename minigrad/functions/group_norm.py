"""Group normalisation: the channels of each sample split into groups, each group normalised over its channels and
spatial positions, then each channel scaled and shifted. The gradient math is normalization.py's, on x viewed as
(N, groups, channels per group, spatial positions), normalised over the last two dims."""
import math

from .normalization import accurate, normalized_grad, statistics
from ..autograd import grad_mode
from ..autograd.function import Op

AXES = (2, 3)       # of the grouped view (N, G, C / G, L)


class NativeGroupNormBackward0(Op):
    """Per sample and group (the m = C / G * L values of a group's channels and positions), mean and var (biased):
        xhat = (x - mean) / sqrt(var + eps)        out = w_c xhat + b_c      (w, b per channel, optional)
    Backward (M: the mean over a group's m values; s = 1/sqrt(var + eps)):
        dx = s (h - M(h) - xhat M(h xhat)),  h = g w
        dw_c = sum over n and positions of g xhat,  db_c = sum over n and positions of g
    float16 is computed in float32 and rounded once, as PyTorch's CPU kernel does. Under create_graph the same
    formula runs on Tensors, as recorded ops (PyTorch's double backward is composite too)."""

    @staticmethod
    def forward(ctx, x, *affine, groups=1, has_weight=True, has_bias=True, eps=1e-5):
        ctx.groups, ctx.has_weight, ctx.has_bias, ctx.eps = groups, has_weight, has_bias, eps
        ctx.xhat, ctx.inv_std = statistics(grouped(accurate(x), groups), AXES, eps)
        ctx.save_for_backward(x, *affine[:has_weight])  # checked: x or the weight changed in place is an error
        out = ctx.xhat * per_channel(affine[0], groups) if has_weight else ctx.xhat.copy()
        if has_bias:
            out = out + per_channel(affine[-1], groups)
        return out.reshape(x.shape).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, *w = ctx.saved_tensors   # raises if x or the weight changed in place since forward
        xhat, inv_std = ctx.xhat, ctx.inv_std
        if grad_mode._enabled:      # create_graph: the statistics again, recorded, so that x's second derivative flows
            xhat, inv_std = statistics(grouped(x, ctx.groups), AXES, ctx.eps)
        else:
            g = g.astype(xhat.dtype, copy=False)
        w = w[0] if w else None
        gg = grouped(g, ctx.groups)
        dx = normalized_grad(gg if w is None else gg * per_channel(w, ctx.groups), xhat, inv_std, AXES)
        grads = [dx.reshape(x.shape)]
        if w is not None:
            grads.append((gg * xhat).sum(axis=(0, 3)).reshape(x.shape[1]))
        if ctx.has_bias:
            grads.append(gg.sum(axis=(0, 3)).reshape(x.shape[1]))
        return tuple(d if grad_mode._enabled else d.astype(x.dtype, copy=False) for d in grads)


def grouped(a, groups):
    """a (N, C, *) viewed as (N, groups, C / groups, L), L the number of spatial positions."""
    n, c = a.shape[:2]
    return a.reshape(n, groups, c // groups, math.prod(a.shape[2:]))


def per_channel(p, groups):
    """A per-channel weight or bias shaped (1, groups, C / groups, 1), to broadcast against a grouped view."""
    return p.reshape(1, groups, -1, 1)
