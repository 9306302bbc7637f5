"""Loss functions. Each computes a loss per element, then reduces it:
    'none' keeps the per-element losses,  'sum' adds them up,  'mean' divides the sum by the count.
So backward first scales g (a scalar for 'sum'/'mean') and then applies the per-element derivative.
Targets, class weights and pos_weight are constants: they come in as keyword arrays, not as graph inputs,
except the target of the pointwise losses, which PyTorch differentiates too."""
from ..autograd import grad_mode
from ..autograd.function import Op
from ..backend import get_array_module
from ..dtypes import check_cast, not_implemented, promote_types, title
from .grad_utils import exp, fixed, is_tensor, log, masked, sigmoid, zeros_like


def _size(shape):
    return 'minigrad.Size(' + str(list(shape)) + ')'


def _reduce(losses, reduction):
    if reduction == 'none':
        return losses
    xp = get_array_module(losses)
    return xp.asarray(losses.sum() if reduction == 'sum' else losses.mean())


def check_constant_weights(aten, params):
    """PyTorch's error, in grad mode, for a weight or pos_weight that requires grad: the loss (its function `aten`)
    has no derivative for it."""
    if grad_mode._enabled:
        for name in ('weight', 'pos_weight'):
            if getattr(params.get(name), 'requires_grad', False):
                raise RuntimeError(f"The function '{aten}' is not differentiable with respect to argument '{name}'. "
                                   'This input cannot have requires_grad True.')


class PointwiseLoss(Op):
    """out = reduce(loss(x, y)), loss per element;  dx = g' dloss/dx,  dy = g' dloss/dy,  where g' is g
    (divided by the count for 'mean'). A subclass gives `elementwise(x, y)` and the derivatives
    `input_grad(x, y)`, `target_grad(x, y)` of one element's loss; the engine sums over broadcast dims.
    weight and pos_weight are saved too: an in-place change to one before backward is PyTorch's error."""
    tensor_params = ('weight', 'pos_weight')
    aten = None     # PyTorch's function, named in its error for a weight that requires grad

    @classmethod
    def apply(cls, *inputs, **params):
        check_constant_weights(cls.aten, params)
        return super().apply(*inputs, **params)

    @staticmethod
    def forward(ctx, x, y, reduction='mean', weight=None, **params):
        ctx.check_sizes(x.shape, y.shape)
        ctx.reduction, ctx.params = reduction, params
        ctx.save_for_backward(x, y, weight, params.get('pos_weight'))
        losses = ctx.elementwise(x, y)
        if weight is not None:
            losses = losses * weight
        ctx.n = losses.size
        return _reduce(losses, reduction)

    def check_sizes(self, x_shape, y_shape):
        """The sizes must broadcast (PyTorch's message when they do not)."""
        for i, (a, b) in enumerate(zip(reversed(x_shape), reversed(y_shape))):
            if a != b and a != 1 and b != 1:
                dim = max(len(x_shape), len(y_shape)) - 1 - i
                raise RuntimeError(f'The size of tensor a ({a}) must match the size of tensor b ({b}) '
                                   f'at non-singleton dimension {dim}')

    @staticmethod
    def backward(ctx, g):
        x, y, weight, _ = ctx.saved_tensors
        if ctx.reduction == 'mean':
            g = g / ctx.n
        if weight is not None:
            g = g * weight
        return (g * ctx.input_grad(x, y) if ctx.needs_input_grad[0] else None,
                g * ctx.target_grad(x, y) if ctx.needs_input_grad[1] else None)


class MseLossBackward0(PointwiseLoss):
    """loss = (x - y)^2;  dx = 2 (x - y),  dy = -2 (x - y)"""
    def elementwise(self, x, y):
        if x.dtype.kind != 'f' and y.dtype.kind != 'f':
            not_implemented('mse_cpu', promote_types(x.dtype, y.dtype))
        d = x - y
        return d * d

    def input_grad(self, x, y):
        return (x - y) * 2

    def target_grad(self, x, y):
        return (y - x) * 2


class BinaryCrossEntropyBackward0(PointwiseLoss):
    """loss = -(y log x + (1 - y) log(1 - x)), each log clamped at -100 as PyTorch does;
    dx = (x - y) / max(x (1 - x), 1e-12),  dy = log(1 - x) - log x"""
    aten = 'binary_cross_entropy'

    def check_sizes(self, x_shape, y_shape):
        if x_shape != y_shape:
            raise ValueError(f'Using a target size ({_size(y_shape)}) that is different to the input size '
                             f'({_size(x_shape)}) is deprecated. Please ensure they have the same size.')

    def elementwise(self, x, y):
        if y.dtype != x.dtype:
            raise RuntimeError(f'Found dtype {title(y.dtype)} but expected {title(x.dtype)}')
        if x.dtype.kind != 'f':
            not_implemented('binary_cross_entropy', x.dtype)
        if ((x < 0) | (x > 1)).any():
            raise RuntimeError('all elements of input should be between 0 and 1')
        return -(y * clamped_log(x) + (1 - y) * clamped_log(1 - x))

    def input_grad(self, x, y):
        return (x - y) / (x * (1 - x)).clip(1e-12)

    def target_grad(self, x, y):
        return log(1 - x) - log(x)


class BinaryCrossEntropyWithLogitsBackward0(PointwiseLoss):
    """With x a logit and p = pos_weight (1 when not given), l = 1 + (p - 1) y:
        loss = (1 - y) x + l softplus(-x),   softplus(-x) = log(1 + e^-x) = max(-x, 0) + log(1 + e^-|x|)
    (that last form never overflows: finite for logits of +-1e4). For p = 1 it is max(x, 0) - x y + log(1 + e^-|x|).
        dx = (1 - y) - l sigmoid(-x),   dy = -x + (p - 1) softplus(-x)"""
    aten = 'binary_cross_entropy_with_logits'

    def check_sizes(self, x_shape, y_shape):
        if x_shape != y_shape:
            raise ValueError(f'Target size ({_size(y_shape)}) must be the same as input size ({_size(x_shape)})')

    def log_weight(self, y):
        pos_weight = self.params.get('pos_weight')
        return 1 if pos_weight is None else 1 + (fixed(pos_weight, y) - 1) * y

    def elementwise(self, x, y):
        if x.dtype.kind != 'f':
            not_implemented('log_sigmoid_cpu', x.dtype)
        if y.dtype.kind == 'b':     # PyTorch's errors, from 1 - y and from its in-place steps
            raise RuntimeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or '
                               '`logical_xor()` operator instead.')
        check_cast(x.dtype, y.dtype)
        return (1 - y) * x + self.log_weight(y) * softplus_neg(x)

    def input_grad(self, x, y):
        return (1 - y) - self.log_weight(y) * sigmoid(-x)

    def target_grad(self, x, y):
        pos_weight = self.params.get('pos_weight')
        return -x if pos_weight is None else -x + (fixed(pos_weight, x) - 1) * softplus_neg(x)


def clamped_log(x):
    """max(log x, -100) for x in [0, 1] (log 0 is -100, computed without a divide-by-zero warning)"""
    xp = get_array_module(x)
    zero = x == 0
    return xp.where(zero, -100, xp.maximum(xp.log(x + zero), -100))


def softplus_neg(x):
    """log(1 + e^-x) = max(-x, 0) + log(1 + e^-|x|), for arrays and Tensors."""
    return (-x).clip(0) + log(exp(-abs(x)) + 1)


class NllLossBackward0(Op):
    """Negative log-likelihood of class indices t, on log-probabilities x of shape (C), (N, C) or (N, C, d1, ...):
        loss_i = -w[t_i] x[i, t_i]   (and w_i = 0 where t_i == ignore_index; w = 1 without weights)
        'mean': sum_i loss_i / sum_i w[t_i]
    dx = -w[t_i] g at (i, t_i) and 0 elsewhere (g divided by sum_i w[t_i] for 'mean')"""
    tensor_params = ('target', 'weight')

    @classmethod
    def apply(cls, *inputs, **params):
        check_constant_weights('nll_loss_forward', params)
        return super().apply(*inputs, **params)

    @staticmethod
    def forward(ctx, x, target, weight=None, reduction='mean', ignore_index=-100):
        xp = get_array_module(x)
        ctx.cdim = cdim = 0 if x.ndim == 1 else 1
        n_classes = x.shape[cdim]
        check_class_target(x.shape, target, weight)
        if x.dtype.kind != 'f':
            not_implemented('nll_loss_out_frame', x.dtype)
        if weight is not None and weight.dtype != x.dtype:
            raise RuntimeError(f'expected scalar type {title(x.dtype)} but found {title(weight.dtype)}')
        if x.ndim == 2 and weight is None and reduction == 'mean' and ctx.plain_targets(target, n_classes, ignore_index):
            return ctx.mean_of_picked(x, target)
        keep = target != ignore_index
        bad = keep & ((target < 0) | (target >= n_classes))
        if bad.any():
            raise IndexError(f'Target {int(target[bad].ravel()[0])} is out of bounds.')
        t = xp.expand_dims(xp.where(keep, target, 0), cdim)         # the class axis kept, size 1
        w = (weight[t] if weight is not None else xp.ones(t.shape, x.dtype)) * xp.expand_dims(keep, cdim)
        losses = -w * xp.take_along_axis(x, t, axis=cdim)
        ctx.onehot = xp.arange(n_classes).reshape((n_classes,) + (1,) * (x.ndim - 1 - cdim)) == t
        ctx.save_for_backward(x, target, weight)    # as PyTorch: an in-place change to one before backward is an error
        ctx.reduction = reduction
        if reduction == 'none':
            ctx.dx = ctx.onehot * -w
            return losses.squeeze(cdim)
        scale = w.sum() if reduction == 'mean' else 1
        ctx.dx = ctx.onehot * (-w / scale)
        return xp.asarray(losses.sum() / scale)

    @staticmethod
    def plain_targets(target, n_classes, ignore_index):
        """Whether every target is a class (none out of range, none ignored): the case of a training loop."""
        return target.size and ignore_index < 0 and 0 <= target.min() and target.max() < n_classes

    def mean_of_picked(self, x, target):
        """The fast path for (N, C) log-probabilities, no weights, 'mean', every target a class: the same loss
        -sum_i x[i, t_i] / N in a third of the small numpy calls (about half the time for a batch of 4)."""
        xp, n = get_array_module(x), target.shape[0]
        self.reduction = 'mean'     # (forward set self.cdim = 1 already)
        self.onehot = xp.arange(x.shape[1]) == target[:, None]
        self.dx = self.onehot * x.dtype.type(-1 / n)
        self.save_for_backward(x, target, None)
        return xp.asarray(-x[xp.arange(n), target].sum() / x.dtype.type(n))

    @staticmethod
    def backward(ctx, g):
        x, _, _ = ctx.saved_tensors
        if is_tensor(g):        # create_graph: recorded as an op of its own, as PyTorch's nll_loss_backward
            return NllLossBackwardBackward0.apply(g, x, dx=ctx.dx, onehot=ctx.onehot, cdim=ctx.cdim,
                                                  reduction=ctx.reduction)
        return NllLossBackwardBackward0.forward(NllLossBackwardBackward0(), g, x, ctx.dx, ctx.onehot, ctx.cdim,
                                                ctx.reduction)


class NllLossBackwardBackward0(Op):
    """nll_loss's backward as an op of its own, so that create_graph records it: out = g * dx at (i, t_i), 0 elsewhere
    (a selection: an inf in g stays out of the zeros), with dx = -w[t_i] (divided by sum w for 'mean');
    dg = sum over the class dim of gg * dx (nll_loss of gg),  dx_input = 0"""

    @staticmethod
    def forward(ctx, g, x, dx, onehot, cdim, reduction):
        ctx.dx, ctx.cdim, ctx.reduction = dx, cdim, reduction
        if reduction == 'none':    # one g per target: put the class axis back
            g = get_array_module(g).expand_dims(g, cdim)
        return masked(g * dx, onehot)

    @staticmethod
    def backward(ctx, gg):
        dg = (gg * ctx.dx).sum(axis=ctx.cdim) if ctx.reduction == 'none' else (gg * ctx.dx).sum()
        return dg, zeros_like(gg)


def check_class_target(x_shape, target, weight):
    """Class-index targets: integers, one per sample, shaped like the input without its class dim."""
    cdim = 0 if len(x_shape) == 1 else 1
    if len(x_shape) <= 2:
        if len(x_shape) == 2 and target.shape[:1] != x_shape[:1]:
            raise ValueError(f'Expected input batch_size ({x_shape[0]}) to match target batch_size '
                             f'({target.shape[0] if target.ndim else 1}).')
        if target.ndim > 1:
            raise RuntimeError('0D or 1D target tensor expected, multi-target not supported')
    elif target.shape != x_shape[:1] + x_shape[2:]:
        raise RuntimeError(f'Expected target size {list(x_shape[:1] + x_shape[2:])}, got {list(target.shape)}')
    if weight is not None and weight.shape != (x_shape[cdim],):
        raise RuntimeError(f'weight tensor should be defined either for all {x_shape[cdim]} classes or no classes '
                           f'but got weight tensor of shape: {list(weight.shape)}')
    if (target.dtype.kind, target.dtype.itemsize) not in (('i', 8), ('u', 1)):     # Long or Byte (dtype.name is slow)
        raise RuntimeError(f'expected target dtype to be Long or Byte, but got {title(target.dtype)}')
