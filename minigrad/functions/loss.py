"""Loss functions. Each computes a loss per element, then reduces it:
    'none' keeps the per-element losses,  'sum' adds them up,  'mean' divides the sum by the count.
So backward first scales g (a scalar for 'sum'/'mean') and then applies the per-element derivative.
Targets, class weights and pos_weight are constants: they come in as keyword arrays, not as graph inputs,
except the target of the pointwise losses, which PyTorch differentiates too."""
from ..autograd import grad_mode
from ..autograd.function import Op
from ..backend import get_array_module
from ..dtypes import check_cast, not_implemented, promote_types, title
from .activation import LogSigmoidBackward0
from .elementwise import DivBackward1, MulBackward1
from .grad_utils import data, fixed, is_tensor, log, masked, run, sigmoid, softplus_neg, zeros_like

BCE_EPS = 1e-12     # binary_cross_entropy's floor under x (1 - x) in its gradient, for all dtypes as PyTorch


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
    `input_grad(x, y)`, `target_grad(x, y)` of one element's loss; the engine sums over broadcast dims. Under
    create_graph its `recorded_grads` gives them as PyTorch's formulas, recorded op for op (KernelLoss: PyTorch's
    <loss>_backward kernel as a node of its own).
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
        x, y, weight, pos_weight = ctx.saved_tensors
        if is_tensor(g):        # create_graph: PyTorch's formulas, recorded
            return ctx.recorded_grads(g, x, y, weight, pos_weight)
        g = ctx.scaled(g, weight)
        return (g * ctx.input_grad(x, y) if ctx.needs_input_grad[0] else None,
                g * ctx.target_grad(x, y) if ctx.needs_input_grad[1] else None)

    def scaled(self, g, weight=None):
        """g' = g (divided by the count for 'mean'), times the weight."""
        if self.reduction == 'mean':
            g = g / self.n
        return g if weight is None else g * weight

    def per_mean(self, t):
        """t divided by the count for 'mean' (PyTorch's formulas end so: div_(numel), DivBackward1), else t."""
        return divided(t, self.n) if self.reduction == 'mean' else t


def divided(t, number):
    """t / a number in a formula, recorded under create_graph as PyTorch's Tensor / Scalar (DivBackward1)."""
    return DivBackward1.apply(t, b=number) if is_tensor(t) else t / number


class KernelLoss(PointwiseLoss):
    """A loss whose gradient PyTorch computes with a kernel of its own (mse_loss_backward, ...), symmetric in x and
    y: loss = reduce(f(x, y));  dx = kernel(g, x, y) = g' f'(x, y),  dy = kernel(g, y, x), under create_graph each
    a `kernel` node (LossBackward)."""
    kernel = None

    def recorded_grads(self, g, x, y, weight, pos_weight):
        need_x, need_y = self.needs_input_grad
        return (self.kernel.apply(g, x, y, loss=self) if need_x else None,
                self.kernel.apply(g, y, x, loss=self) if need_y else None)

    def target_grad(self, x, y):
        return self.input_grad(y, x)


class LossBackward(Op):
    """The gradient in x of a KernelLoss as an op of its own, as PyTorch records its <loss>_backward kernel: with
    `loss` the loss's node (its reduction, count n and params), f' = loss.input_grad and g' = g (/ n for 'mean'),
        out = g' f'(x, y);  dg = the kernel on gg (`grad_output_grad`),  dx = curvature(gg g, x, y) (/ n for 'mean'),
        dy = -dx
    A subclass is PyTorch's node of one loss and gives `curvature(h, x, y)` = h df'/dx, as PyTorch's
    <loss>_double_backward (x and y are the kernel's own: swapped for the target's gradient)."""
    sums_grad_output = False    # dg = sum(kernel(1) * gg) for a reduced loss (huber, soft margin), else kernel(gg)

    @staticmethod
    def forward(ctx, g, x, y, loss):
        ctx.loss = loss
        ctx.save_for_backward(g, x, y)
        return loss.scaled(g) * loss.input_grad(x, y)

    @staticmethod
    def backward(ctx, gg):
        g, x, y = ctx.saved_tensors
        need_g, need_x, need_y = ctx.needs_input_grad
        loss = ctx.loss
        return (ctx.grad_output_grad(gg, g, x, y) if need_g else None,
                loss.per_mean(ctx.curvature(gg * g, x, y)) if need_x else None,
                -loss.per_mean(ctx.curvature(gg * g, x, y)) if need_y else None)

    def grad_output_grad(self, gg, g, x, y):
        """The gradient of g: the kernel is linear in it."""
        if self.sums_grad_output and self.loss.reduction != 'none':
            ones = fixed(get_array_module(data(g)).ones_like(data(g)), gg)
            return (run(type(self), ones, x, y, loss=self.loss) * gg).sum()
        return run(type(self), gg, x, y, loss=self.loss)


class MseLossBackwardBackward0(LossBackward):
    """mse_loss's gradient under create_graph: out = 2 g' (x - y);  dg = 2 gg (x - y) (/ n),  dx = 2 gg g (/ n),
    dy = -dx"""

    def curvature(self, h, x, y):
        return MulBackward1.of(h, 2)


class MseLossBackward0(KernelLoss):
    """loss = (x - y)^2;  dx = 2 (x - y),  dy = -2 (x - y)"""
    kernel = MseLossBackwardBackward0

    def elementwise(self, x, y):
        if x.dtype.kind != 'f' and y.dtype.kind != 'f':
            not_implemented('mse_cpu', promote_types(x.dtype, y.dtype))
        d = x - y
        return d * d

    def input_grad(self, x, y):
        return (x - y) * 2


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
        return (x - y) / (x * (1 - x)).clip(BCE_EPS)

    def target_grad(self, x, y):
        return log(1 - x) - log(x)

    def recorded_grads(self, g, x, y, weight, pos_weight):
        """PyTorch's binary_cross_entropy_backward (a node of its own) and binary_cross_entropy_target_backward:
        dy = -logit(x) g w (/ n)"""
        need_x, need_y = self.needs_input_grad
        return (BinaryCrossEntropyBackwardBackward0.apply(g, x, y, loss=self, weight=weight) if need_x else None,
                self.per_mean(weighted(-x.logit() * g, weight)) if need_y else None)


class BinaryCrossEntropyBackwardBackward0(Op):
    """binary_cross_entropy's gradient in x under create_graph, as PyTorch's binary_cross_entropy_backward: with w
    the weight (1 without), e = 1e-12 and g' = g w (/ n for 'mean'),
        out = g' (x - y) / max(x (1 - x), e);
        dg = gg (x - y) / ((x + e) (1 - x + e)) w (/ n),
        dx = (x^2 - 2 x y + y) / ((x + e)^2 (1 - x + e)^2) gg g w (/ n),
        dy = -gg g w / max((1 - x) x, e) (/ n)   (the max leaves the graph of (1 - x) x as it is, as PyTorch's
    clamp_min_ under no_grad)"""
    tensor_params = ('weight',)

    @staticmethod
    def forward(ctx, g, x, y, loss, weight=None):
        ctx.loss = loss
        ctx.save_for_backward(g, x, y, weight)
        return loss.scaled(g, weight) * loss.input_grad(x, y)

    @staticmethod
    def backward(ctx, gg):
        g, x, y, weight = ctx.saved_tensors
        need_g, need_x, need_y = ctx.needs_input_grad
        loss = ctx.loss
        dg = dx = dy = None
        if need_g:
            dg = loss.per_mean(weighted((x - y) / ((x + BCE_EPS) * (1 - x + BCE_EPS)) * gg, weight))
        if need_x:
            curve = (x * x - 2 * x * y + y) / ((x + BCE_EPS) ** 2 * (1 - x + BCE_EPS) ** 2)
            dx = loss.per_mean(weighted(curve * (gg * g), weight))
        if need_y:
            dy = loss.per_mean(weighted(-gg * g, weight) / floored((1 - x) * x, BCE_EPS))
        return dg, dx, dy


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

    def recorded_grads(self, g, x, y, weight, pos_weight):
        """PyTorch's binary_cross_entropy_with_logits_backward and _target_backward, with t = p y:
        dx = ((t + 1 - y) sigmoid(x) - t) g w (/ n)  (sigmoid(x) - y without p),
        dy = (log_sigmoid(-x) - log_sigmoid(x) p) g w (/ n)  (-x g w without p)"""
        need_x, need_y = self.needs_input_grad
        dx = dy = None
        if need_x:
            if pos_weight is None:
                slope = x.sigmoid() - y
            else:
                t = pos_weight * y
                slope = (t + 1 - y) * x.sigmoid() - t
            dx = self.per_mean(weighted(slope * g, weight))
        if need_y:
            slope = -x if pos_weight is None else log_sigmoid(-x) - log_sigmoid(x) * pos_weight
            dy = self.per_mean(weighted(slope * g, weight))
        return dx, dy


def weighted(t, weight):
    """t times the loss's weight, if it has one."""
    return t if weight is None else t * weight


def floored(t, low):
    """t with its values raised to at least `low`, its graph left as it is (PyTorch's clamp_min_ under no_grad)."""
    if not is_tensor(t):
        return t.clip(low)
    with grad_mode.no_grad():
        return t.clamp_min_(low)


def log_sigmoid(x):
    """log(sigmoid(x)) of a Tensor, recorded as PyTorch's log_sigmoid."""
    return LogSigmoidBackward0.apply(x)


def clamped_log(x):
    """max(log x, -100) for x in [0, 1] (log 0 is -100, computed without a divide-by-zero warning)"""
    xp = get_array_module(x)
    zero = x == 0
    return xp.where(zero, -100, xp.maximum(xp.log(x + zero), -100))


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
        ctx.check_target(x.shape, target, weight)
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
    def check_target(x_shape, target, weight):
        check_class_target(x_shape, target, weight)

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
            return ctx.kernel_node.apply(g, x, dx=ctx.dx, onehot=ctx.onehot, cdim=ctx.cdim, reduction=ctx.reduction)
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
        product = gg * fixed(ctx.dx, gg)
        return (product.sum(ctx.cdim) if ctx.reduction == 'none' else product.sum()), zeros_like(gg)


NllLossBackward0.kernel_node = NllLossBackwardBackward0


class NllLoss2DBackwardBackward0(NllLossBackwardBackward0):
    """nll_loss2d's backward as an op of its own (create_graph): out = g * dx at (i, t_i), 0 elsewhere;
    dg = sum over the class dim of gg * dx,  dx_input = 0 (as NllLossBackwardBackward0)"""


class NllLoss2DBackward0(NllLossBackward0):
    """nll_loss of a 4-D input (N, C, H, W) and a target (N, H, W), PyTorch's nll_loss2d (F.nll_loss takes inputs of
    3 or more than 4 dims through it, seen as (N, C, 1, -1)): out = loss_i = -w[t_i] x[i, t_i] (reduced as
    NllLossBackward0's);  dx = -w[t_i] g at (i, t_i), 0 elsewhere"""
    kernel_node = NllLoss2DBackwardBackward0

    @staticmethod
    def check_target(x_shape, target, weight):
        """nll_loss2d's checks, in its order and words."""
        if target.shape[:1] != x_shape[:1]:
            raise ValueError(f'Expected input batch_size ({x_shape[0]}) to match target batch_size '
                             f'({target.shape[0] if target.ndim else 1}).')
        if target.ndim != 3:
            raise RuntimeError(f'only batches of spatial targets supported (3D tensors) but got targets of '
                               f'dimension: {target.ndim}')
        if weight is not None and weight.size != x_shape[1]:
            raise RuntimeError('weight tensor should be defined either for all or no classes')
        if target.shape[1:] != x_shape[2:]:
            raise RuntimeError(f'size mismatch (got input: {list(x_shape)} , target: {list(target.shape)}')
        check_target_dtype(target)


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
    check_target_dtype(target)


def check_target_dtype(target):
    if (target.dtype.kind, target.dtype.itemsize) not in (('i', 8), ('u', 1)):     # Long or Byte (dtype.name is slow)
        raise RuntimeError(f'expected target dtype to be Long or Byte, but got {title(target.dtype)}')
