"""Multi-class margin losses on scores x of shape (C) or (N, C), with class-index targets: multi_margin_loss and
multilabel_margin_loss. PyTorch cannot differentiate their backward again: under create_graph the gradient is PyTorch's
node NotImplemented (nodiff.py), whose own backward is PyTorch's error."""
from . import nodiff
from .grad_utils import data, is_tensor
from .loss import _reduce
from .operands import kernel_takes
from ..autograd.function import Op
from ..backend import get_array_module
from ..dtypes import title


def as_batch(x):
    """x as (N, C): PyTorch's error for other shapes."""
    if x.ndim > 2 or (x.ndim == 2 and x.shape[1] == 0) or (x.ndim == 1 and x.shape[0] == 0):
        raise RuntimeError(f'Expected non-empty vector or matrix with optional 0-dim batch size, but got: '
                           f'{list(x.shape)}')
    return x.reshape(1, -1) if x.ndim < 2 else x


def check_long(target):
    if target.dtype.name != 'int64':
        raise RuntimeError(f'expected scalar type Long but found {title(target.dtype)}')


class MarginLoss(Op):
    """out = reduce(loss_i), from the scores x (N, C);  dx = g' dloss_i/dx, g' = g (/ N for 'mean').
    A subclass gives `losses(x2, target, **params)` -> (per-sample losses, d(loss_i)/dx) on the (N, C) arrays, and
    `none_shape(x, target)`, the shape of the losses for reduction='none'."""
    tensor_params = ('target', 'weight')
    kernel = None

    @staticmethod
    def forward(ctx, x, target, reduction='mean', **params):
        kernel_takes(x, ctx.kernel, 'f', half=False)
        check_long(target)
        ctx.reduction, ctx.shape = reduction, x.shape
        losses, ctx.dx = ctx.losses(as_batch(x), target, **params)
        ctx.n = losses.size
        ctx.save_for_backward(x)
        return _reduce(losses.reshape(ctx.none_shape(x, target)), reduction)

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        value = ctx.gradient(data(g))
        if is_tensor(g):
            return nodiff.NotImplemented.apply(g, x, out=value, aten=ctx.aten)
        return value

    def gradient(self, g):
        if self.reduction == 'none':
            g = g.reshape(-1, 1)
        elif self.reduction == 'mean':
            g = g / self.n
        return (g * self.dx).reshape(self.shape)


class MultiMarginLossBackward0(MarginLoss):
    """loss_i = sum over j != t_i of w[t_i] max(0, margin - x[i, t_i] + x[i, j])^p / C   (p = 1 or 2);
    dx = g w[t_i] p h^(p-1) / C at each (i, j), j != t_i, where h = margin - x[i, t_i] + x[i, j] > 0,
    and minus their sum at (i, t_i)"""
    kernel, aten = 'multi_margin_loss_cpu_kernel', 'multi_margin_loss_backward'

    def losses(self, x, target, p, margin, weight=None):
        xp = get_array_module(x)
        n, c = x.shape
        t = target.reshape(-1)
        if t.shape != (n,) or target.ndim > 1:
            raise RuntimeError(f'multi_margin_loss: target tensor should be 1-D with size equal to the number of '
                               f'input samples (batch size). Expected target size [{n}], but got '
                               f'{list(target.shape)}. Input has shape {list(self.shape)}.')
        if weight is not None and weight.shape != (c,):
            raise RuntimeError(f'inconsistent weight size, expected {c} but got {list(weight.shape)}')
        if ((t < 0) | (t >= c)).any():
            raise RuntimeError('target out of range')
        others = xp.arange(c) != t[:, None]
        h = (margin - xp.take_along_axis(x, t[:, None], 1) + x) * others
        active = h > 0
        w = xp.ones((n, 1), x.dtype) if weight is None else weight[t][:, None]
        losses = (w * xp.where(active, h ** p, 0)).sum(1) / c
        d = w * xp.where(active, h if p == 2 else 1, 0) * (p / c)
        d = d - (t[:, None] == xp.arange(c)) * d.sum(1, keepdims=True)
        return losses.astype(x.dtype), d.astype(x.dtype)

    def none_shape(self, x, target):
        return target.shape if x.ndim < 2 else x.shape[:1]


class MultilabelMarginLossBackward0(MarginLoss):
    """With T_i the target classes of sample i (its target row up to the first -1):
    loss_i = sum over j in T_i, k not in T_i of max(0, 1 - (x[i, j] - x[i, k])) / C;
    dx = g (number of j with a positive term) / C at each (i, k), and -g (number of such k) / C at each (i, j)"""
    kernel, aten = 'multilabel_margin_loss_forward_out_frame', 'multilabel_margin_loss_backward'

    def losses(self, x, target):
        xp = get_array_module(x)
        n, c = x.shape
        if target.shape != self.shape:
            raise RuntimeError(f'inconsistent target size: {list(target.shape)} for input of size: '
                               f'{list(self.shape)}')
        t = target.reshape(n, -1)
        valid = xp.cumprod(t != -1, axis=1).astype(bool)
        if (valid & ((t < 0) | (t >= c))).any():
            raise RuntimeError("argument #2 'target' is out of range")
        t0 = xp.where(valid, t, 0)
        onehot = (t0[:, :, None] == xp.arange(c)) & valid[:, :, None]            # (N, K, C)
        is_target = onehot.any(1)                                                # (N, C)
        h = 1 - xp.take_along_axis(x, t0, 1)[:, :, None] + x[:, None, :]         # (N, K, C)
        active = (h > 0) & valid[:, :, None] & ~is_target[:, None, :]
        losses = xp.where(active, h, 0).sum((1, 2)) / c
        d = active.sum(1) - (onehot * active.sum(2)[:, :, None]).sum(1)
        return losses.astype(x.dtype), (d / c).astype(x.dtype)

    def none_shape(self, x, target):
        return x.shape[:1] if x.ndim == 2 else ()
