"""Layer normalisation: each sample normalised over its last dims (normalized_shape), then scaled and shifted
elementwise. The gradient math is normalization.py's, over the last dims instead of the batch."""
from . import grad_utils
from .grad_utils import as_tensor
from .normalization import accurate, normalized_grad, normalized_second_grads, statistics, sum_over
from ..autograd import grad_mode
from ..autograd.function import MultiOutputOp, Op


class NativeLayerNormBackward0(Op):
    """Over the last k dims (the m values of one sample), mean and var (biased) of x:
        xhat = (x - mean) / sqrt(var + eps)        out = w xhat + b      (w, b of shape normalized_shape, optional)
    Backward (M: the mean over a sample's m values; sums over the leading, batch dims):
        dx = s (h - M(h) - xhat M(h xhat)),  h = g w,  s = 1/sqrt(var + eps)
        dw = sum(g xhat),  db = sum(g)
    float16 is computed in float32 and rounded once, as PyTorch's CPU kernel does.
    Under create_graph the gradients come from a NativeLayerNormBackwardBackward0 node, as in PyTorch."""

    @staticmethod
    def forward(ctx, x, *affine, k=1, has_weight=True, has_bias=True, eps=1e-5):
        ctx.axes, ctx.batch_axes = tuple(range(x.ndim - k, x.ndim)), tuple(range(x.ndim - k))
        ctx.has_weight, ctx.has_bias, ctx.eps = has_weight, has_bias, eps
        ctx.xhat, ctx.inv_std = statistics(accurate(x), ctx.axes, eps)
        ctx.save_for_backward(x, *affine[:has_weight])  # checked: x or the weight changed in place is an error
        w = affine[0] if has_weight else None
        out = ctx.xhat if w is None else ctx.xhat * w
        out = out + affine[-1] if has_bias else out.copy()     # a copy: an in-place op on out must not change xhat
        return out.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        if grad_mode._enabled:      # create_graph: the gradients must be differentiable again
            return ctx.backward_as_node(g)
        x, *w = ctx.saved_tensors   # raises if x or the weight changed in place since forward
        return layer_norm_grads(g, ctx.xhat, ctx.inv_std, w[0] if w else None, ctx.has_bias, ctx.axes,
                                ctx.batch_axes, x.dtype)

    def backward_as_node(self, g):
        """create_graph: the gradients as the outputs of a NativeLayerNormBackwardBackward0 node, as in PyTorch."""
        return NativeLayerNormBackwardBackward0.apply(as_tensor(g), *self.saved_tensors, axes=self.axes,
                                                      batch_axes=self.batch_axes, has_bias=self.has_bias,
                                                      eps=self.eps)


def layer_norm_grads(g, xhat, inv_std, w, has_bias, axes, batch_axes, dtype):
    """(dx, [dw], [db]): NativeLayerNormBackward0's backward, in xhat's dtype, returned in `dtype`."""
    g = g.astype(xhat.dtype, copy=False)
    grads = [normalized_grad(g if w is None else g * w, xhat, inv_std, axes)]
    if w is not None:
        grads.append(sum_over(g * xhat, batch_axes))
    if has_bias:
        grads.append(sum_over(g, batch_axes))
    return tuple(d.astype(dtype, copy=False) for d in grads)


class NativeLayerNormBackwardBackward0(MultiOutputOp):
    """Layer norm's backward as an op (PyTorch's node of that name), so that create_graph can differentiate it:
        out = (dx, [dw], [db]) = layer_norm_grads(g, x, w)
    With ggx, ggw, ggb the gradients of dx, dw, db (missing ones 0), from normalized_second_grads:
        dg = w v + ggw xhat + ggb,   v = s (ggx - M(ggx) - xhat M(ggx xhat))
        dx = s (a - M(a) - xhat M(a xhat)) - s^2 xhat (m3 - m1 m2),  dw = sum(g v)
    (a, m1, m2, m3 as normalization.py states them, with h = g w)."""

    @staticmethod
    def forward(ctx, g, x, *w, axes=(), batch_axes=(), has_bias=True, eps=1e-5):
        ctx.axes, ctx.batch_axes, ctx.has_bias, ctx.eps = axes, batch_axes, has_bias, eps
        ctx.save_for_backward(g, x, *w)
        xhat, inv_std = statistics(accurate(x), axes, eps)
        return layer_norm_grads(g, xhat, inv_std, w[0] if w else None, has_bias, axes, batch_axes, x.dtype)

    @staticmethod
    def backward(ctx, ggx, *rest):
        g, x, *w = ctx.saved_tensors
        ggw = rest[0] if w else None
        ggb = rest[-1] if ctx.has_bias else None
        ggx = grad_utils.zeros_like(g) if ggx is None else ggx
        dg, dx, gv = normalized_second_grads(g, x, w[0] if w else 1, ggx, 0 if ggw is None else ggw,
                                              ctx.eps, ctx.axes)
        if ggb is not None:
            dg = dg + ggb
        return (dg, dx, sum_over(gv, ctx.batch_axes)) if w else (dg, dx)
