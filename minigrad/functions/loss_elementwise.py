"""Losses computed element by element and then reduced (PointwiseLoss in loss.py): smooth L1, Huber and soft margin.
Under create_graph each gradient is a node of its own, as PyTorch's <loss>_backward kernel (LossBackward in loss.py),
whose derivatives are written with operations on arrays and Tensors alike."""
from .activation import data, pick
from .grad_utils import dtype_of, exp, fixed, sign, softplus_neg
from .loss import KernelLoss, LossBackward, divided
from ..dims import check_broadcast
from ..dtypes import not_implemented, promote_types, title


def float_only(x, y, kernel):
    """PyTorch's error when neither operand is floating point (the loss kernel has no integer loop)."""
    if x.dtype.kind != 'f' and y.dtype.kind != 'f':
        not_implemented(kernel, promote_types(x.dtype, y.dtype))


def inside(x, y, bound, like, dtype=bool):
    """|x - y| < bound as a constant (bool, or 0 and 1 in `dtype`) beside the gradient `like` (PyTorch's double
    backward of smooth L1 and Huber)."""
    return fixed((abs(data(x) - data(y)) < bound).astype(dtype, copy=False), like)


class SmoothL1LossBackwardBackward0(LossBackward):
    """smooth_l1_loss's gradient under create_graph, with d = x - y:
        out = g' d / beta if |d| < beta, else g' sign(d);
    dg = gg d / beta or gg sign(d) (/ n),  dx = gg g (|d| < beta) / beta (/ n),  dy = -dx"""

    def curvature(self, h, x, y):
        beta = self.loss.params['beta']
        return divided(h * inside(x, y, beta, h, dtype_of(h)), beta)


class SmoothL1LossBackward0(KernelLoss):
    """With d = x - y:  loss = d^2 / (2 beta) if |d| < beta, else |d| - beta / 2;
    dx = d / beta if |d| < beta, else sign(d),  dy = -dx"""
    kernel = SmoothL1LossBackwardBackward0

    def elementwise(self, x, y):
        float_only(x, y, 'smooth_l1_cpu')
        d = abs(x - y)
        beta = self.params['beta']
        return pick(d < beta, d * d * (0.5 / beta), d - 0.5 * beta)

    def input_grad(self, x, y):
        d = x - y
        beta = self.params['beta']
        return pick(~(abs(data(d)) >= beta), d / beta, sign(d))     # a NaN d: NaN, as PyTorch's kernel


class HuberLossBackwardBackward0(LossBackward):
    """huber_loss's gradient under create_graph, with d = x - y:
        out = g' d if |d| < delta, else g' delta sign(d);
    dg = gg d or gg delta sign(d) (for a reduced loss: sum(that with g = 1) ),  dx = gg g (|d| < delta) (/ n),
    dy = -dx"""
    sums_grad_output = True

    def curvature(self, h, x, y):
        return h * inside(x, y, self.loss.params['delta'], h)


class HuberLossBackward0(KernelLoss):
    """With d = x - y:  loss = d^2 / 2 if |d| < delta, else delta (|d| - delta / 2);
    dx = d if |d| < delta, else delta sign(d),  dy = -dx"""
    kernel = HuberLossBackwardBackward0

    def elementwise(self, x, y):
        float_only(x, y, 'huber_cpu')
        if x.dtype.kind != 'f':     # PyTorch's output takes the input's dtype
            raise RuntimeError(f"result type Float can't be cast to the desired output type {title(x.dtype)}")
        d = abs(x - y)
        delta = self.params['delta']
        return pick(d < delta, d * d * 0.5, (d - 0.5 * delta) * delta)

    def input_grad(self, x, y):
        d = x - y
        delta = self.params['delta']
        return pick(~(abs(data(d)) >= delta), d, sign(d) * delta)   # a NaN d: NaN, as PyTorch's kernel


class SoftMarginLossBackwardBackward0(LossBackward):
    """soft_margin_loss's gradient under create_graph, with z = e^(-x y): out = -g' y z / (1 + z);
    dg = -gg y z / (1 + z) (for a reduced loss: sum(that with g = 1) ),
    dx = gg g y^2 z / (z + 1)^2 (/ n)  (the target gets none)"""
    sums_grad_output = True

    def curvature(self, h, x, y):
        z = exp(x * -y)
        z_plus_1 = z + 1
        return h * (y * y) * z / (z_plus_1 * z_plus_1)


class SoftMarginLossBackward0(KernelLoss):
    """loss = log(1 + e^(-y x));  dx = -y z / (1 + z) = -y sigmoid(-y x) with z = e^(-y x)  (the target gets no
    gradient: PyTorch refuses one)"""
    kernel = SoftMarginLossBackwardBackward0

    def check_sizes(self, x_shape, y_shape):
        """The target broadcasts to the input's shape (PyTorch writes the losses into an output shaped as it)."""
        shape = check_broadcast(x_shape, y_shape)
        if shape != tuple(x_shape):
            raise RuntimeError(f"output with shape {list(x_shape)} doesn't match the broadcast shape {list(shape)}")

    def elementwise(self, x, y):
        if x.dtype.kind == 'b':     # PyTorch negates the input first
            raise RuntimeError('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to '
                               'invert a mask, use the `~` or `logical_not()` operator instead.')
        if x.dtype.kind != 'f':
            raise RuntimeError(f"result type Float can't be cast to the desired output type {title(x.dtype)}")
        return softplus_neg(x * y)

    def input_grad(self, x, y):
        z = exp(-y * x)
        return -y * z / (z + 1)     # PyTorch's kernel: NaN where z overflows
