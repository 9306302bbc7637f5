"""Batch normalisation: each channel (dim 1) normalised over the batch and spatial dims; and the gradient math that
batch, layer (layer_norm.py) and group norm (group_norm.py) share: x normalised over some axes, scaled by w."""
from . import grad_utils
from .grad_utils import as_tensor, fixed
from ..autograd import grad_mode, views
from ..autograd.function import MultiOutputOp, Op
from ..backend import get_array_module


class NativeBatchNormBackward0(Op):
    """Per channel c, over the m values of the batch and spatial dims:
        xhat = (x - mean) / sqrt(var + eps)        out = w xhat + b
    training: mean, var (biased) of this batch; running_mean/var (if given) move towards them in place:
        running = (1 - momentum) running + momentum batch_stat   (the variance unbiased: var m / (m - 1))
    eval: mean, var are running_mean, running_var.
    Backward (sums and means over the m values of a channel):
        db = sum(g),  dw = sum(g xhat)
        training: dx = w / sqrt(var + eps) * (g - mean(g) - xhat mean(g xhat))
        eval:     dx = w / sqrt(var + eps) * g
    Under create_graph the gradients come from a NativeBatchNormBackwardBackward0 node, as in PyTorch."""

    @staticmethod
    def forward(ctx, x, *affine, running_mean=None, running_var=None, training=True, momentum=0.1, eps=1e-5):
        xp = get_array_module(x)
        ctx.axes = (0,) + tuple(range(2, x.ndim))
        shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
        if training:
            mean, var = x.mean(axis=ctx.axes), x.var(axis=ctx.axes)
            if running_mean is not None:
                for running in (running_mean, running_var):   # (PyTorch writes through one, its order's value)
                    views.check_no_repeats(running)
                m = x.size // x.shape[1]
                running_mean *= 1 - momentum
                running_mean += momentum * mean
                running_var *= 1 - momentum
                running_var += momentum * m / max(m - 1, 1) * var
        else:
            mean, var = running_mean, running_var
        ctx.training, ctx.eps, ctx.mean = training, eps, mean.reshape(shape)
        ctx.inv_std = (1 / xp.sqrt(var + eps)).astype(x.dtype).reshape(shape)
        ctx.xhat = (x - ctx.mean) * ctx.inv_std
        ctx.save_for_backward(x, *affine[:1])  # checked: x or a frozen weight changed in place before backward is an error
        ctx.w = None
        if not affine:
            return ctx.xhat.copy()      # not xhat itself: an in-place op on the output (ReLU(inplace=True)) would change it
        w, b = affine
        ctx.w = w.reshape(shape)
        return ctx.xhat * ctx.w + b.reshape(shape)

    @staticmethod
    def backward(ctx, g):
        if grad_mode._enabled:      # create_graph: the gradients must be differentiable again
            return ctx.backward_as_node(g)
        ctx.saved_tensors           # raises if x or the weight changed in place since forward
        return batch_norm_grads(g, ctx.xhat, ctx.inv_std, ctx.w, ctx.training, ctx.axes)

    def backward_as_node(self, g):
        """create_graph: the gradients as the outputs of a NativeBatchNormBackwardBackward0 node, as in PyTorch."""
        return NativeBatchNormBackwardBackward0.apply(as_tensor(g), *self.saved_tensors, mean=self.mean,
                                                      inv_std=self.inv_std, training=self.training, eps=self.eps)


def batch_norm_grads(g, xhat, inv_std, w, training, axes):
    """(dx,) without affine, (dx, dw, db) with: NativeBatchNormBackward0's backward (w, inv_std shaped (1, C, 1..))."""
    gx = g if w is None else g * w
    dx = normalized_grad(gx, xhat, inv_std, axes) if training else gx * inv_std
    if w is None:
        return (dx,)
    return dx, (g * xhat).sum(axis=axes), g.sum(axis=axes)


# -- shared by batch, layer and group norm: x normalised over `axes`, xhat = (x - M(x)) s, s = 1/sqrt(var + eps) --
def accurate(x):
    """x in float32 if it is float16 (PyTorch's kernels compute a float16 norm in float32 and round once)."""
    xp = get_array_module(x)
    return x.astype(xp.promote_types(x.dtype, xp.float32), copy=False)


def statistics(x, axes, eps):
    """(xhat, s) of x over `axes` (s keeps those axes as size 1); on arrays and on Tensors (recorded)."""
    centred = x - x.mean(axis=axes, keepdims=True)
    inv_std = ((centred * centred).mean(axis=axes, keepdims=True) + eps) ** -0.5
    return centred * inv_std, inv_std


def sum_over(a, axes):
    """a summed over `axes` (none: a itself; Tensor.sum over () would sum everything)."""
    return a.sum(axis=axes) if axes else a


def normalized_grad(h, xhat, s, axes):
    """dL/dx for dL/dxhat = h, where mean and s depend on x (M: the mean over `axes`):
        dx = s (h - M(h) - xhat M(h xhat))"""
    return s * (h - h.mean(axis=axes, keepdims=True) - xhat * (h * xhat).mean(axis=axes, keepdims=True))


def normalized_second_grads(g, x, w, ggx, ggw, eps, axes):
    """The second derivatives of a normalisation over `axes` whose first gradient is
        dx = normalized_grad(h, xhat, s),  h = g w,  dw = sum(g xhat)   (w broadcast against x, or 1)
    given ggx, ggw, the gradients of dx and dw (ggw broadcast against x, or 0). With u = ggx,
    m1 = M(h xhat), m2 = M(u xhat), m3 = M(u h) - M(u) M(h):
        v = s (u - M(u) - xhat m2)                               (dL/dh)
        dg = w v + ggw xhat
        a = ggw g - s (u m1 + h m2)                              (dL/dxhat, s held fixed)
        dx = s (a - M(a) - xhat M(a xhat)) - s^2 xhat (m3 - m1 m2)
    Returns (dg, dx, g v): dw is g v summed over the axes w is broadcast along."""
    def M(a):
        return a.mean(axis=axes, keepdims=True)

    xhat, s = statistics(x, axes, eps)
    h, u = g * w, ggx
    m1, m2, m3 = M(h * xhat), M(u * xhat), M(u * h) - M(u) * M(h)
    v = s * (u - M(u) - xhat * m2)
    a = ggw * g - s * (u * m1 + h * m2)
    dx = s * (a - M(a) - xhat * M(a * xhat)) - s * s * xhat * (m3 - m1 * m2)
    return w * v + ggw * xhat, dx, g * v


class NativeBatchNormBackwardBackward0(MultiOutputOp):
    """Batch norm's backward as an op (PyTorch's node of that name), so that create_graph can differentiate it:
        out = (gx, gw, gb) = batch_norm_grads(g, x, w)   (s = 1/sqrt(var + eps), M = the mean over a channel's m values)
    With ggx, ggw, ggb the gradients of gx, gw, gb (missing ones 0):
        training, where xhat and s are functions of x: normalized_second_grads (h = g w), plus ggb in dg
        eval, where mean and s are constants:
            dg = w s ggx + ggw xhat + ggb,   dx = ggw g s,   dw = sum(ggx s g)"""

    @staticmethod
    def forward(ctx, g, x, *w, mean=None, inv_std=None, training=True, eps=1e-5):
        ctx.mean, ctx.inv_std, ctx.training, ctx.eps = mean, inv_std, training, eps
        ctx.axes = (0,) + tuple(range(2, x.ndim))
        ctx.save_for_backward(g, x, *w)
        shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
        return batch_norm_grads(g, (x - mean) * inv_std, inv_std, w[0].reshape(shape) if w else None, training,
                                ctx.axes)

    @staticmethod
    def backward(ctx, ggx, ggw=None, ggb=None):
        g, x, *w = ctx.saved_tensors
        axes = ctx.axes
        shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
        wv = w[0].reshape(shape) if w else 1
        ggx = grad_utils.zeros_like(g) if ggx is None else ggx
        dx_none = ggw is None and not ctx.training      # eval: x's gradient comes from ggw alone
        ggw = 0 if ggw is None else ggw.reshape(shape)
        ggb = 0 if ggb is None else ggb.reshape(shape)
        if ctx.training:            # the batch statistics depend on x
            dg, dx, gv = normalized_second_grads(g, x, wv, ggx, ggw, ctx.eps, axes)
            dg, dw = dg + ggb, gv.sum(axis=axes)
        else:                       # mean and s are constants
            s = fixed(ctx.inv_std, g)
            xhat = (x - fixed(ctx.mean, g)) * s
            dg = wv * s * ggx + ggw * xhat + ggb
            dx = None if dx_none else ggw * g * s       # as PyTorch: no gradient (not zeros) without ggw
            dw = (ggx * s * g).sum(axis=axes)
        return (dg, dx, dw) if w else (dg, dx)
