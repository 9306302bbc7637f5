"""Batch normalisation: each channel (dim 1) normalised over the batch and spatial dims."""
from ..autograd.function import Op
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
    The batch statistics are kept as constants, so double backward is not supported."""
    differentiable_backward = False

    @staticmethod
    def forward(ctx, x, *affine, running_mean=None, running_var=None, training=True, momentum=0.1, eps=1e-5):
        xp = get_array_module(x)
        ctx.axes = (0,) + tuple(range(2, x.ndim))
        shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
        if training:
            mean, var = x.mean(axis=ctx.axes), x.var(axis=ctx.axes)
            if running_mean is not None:
                m = x.size // x.shape[1]
                running_mean *= 1 - momentum
                running_mean += momentum * mean
                running_var *= 1 - momentum
                running_var += momentum * m / max(m - 1, 1) * var
        else:
            mean, var = running_mean, running_var
        ctx.training = training
        ctx.inv_std = (1 / xp.sqrt(var + eps)).astype(x.dtype).reshape(shape)
        ctx.xhat = (x - mean.reshape(shape)) * ctx.inv_std
        ctx.shape = shape
        if not affine:
            return ctx.xhat.copy()      # not xhat itself: an in-place op on the output (ReLU(inplace=True)) would change it
        w, b = affine
        ctx.save_for_backward(w)        # checked: a frozen weight changed in place before backward is an error
        return ctx.xhat * w.reshape(shape) + b.reshape(shape)

    @staticmethod
    def backward(ctx, g):
        xhat, axes = ctx.xhat, ctx.axes
        w, = ctx.saved_tensors or (None,)
        gx = g if w is None else g * w.reshape(ctx.shape)
        if ctx.training:
            gx = gx - gx.mean(axis=axes, keepdims=True) - xhat * (gx * xhat).mean(axis=axes, keepdims=True)
        dx = gx * ctx.inv_std
        if w is None:
            return dx
        return dx, (g * xhat).sum(axis=axes), g.sum(axis=axes)
