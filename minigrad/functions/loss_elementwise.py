"""Losses computed element by element and then reduced (PointwiseLoss in loss.py): smooth L1, Huber and soft margin.
Their derivatives are written with operations on arrays and Tensors alike, so create_graph gives second derivatives."""
from .activation import data, pick
from .grad_utils import sign
from .grad_utils import sigmoid
from .loss import PointwiseLoss, softplus_neg
from ..dims import check_broadcast
from ..dtypes import not_implemented, promote_types, title


def float_only(x, y, kernel):
    """PyTorch's error when neither operand is floating point (the loss kernel has no integer loop)."""
    if x.dtype.kind != 'f' and y.dtype.kind != 'f':
        not_implemented(kernel, promote_types(x.dtype, y.dtype))


class SmoothL1LossBackward0(PointwiseLoss):
    """With d = x - y:  loss = d^2 / (2 beta) if |d| < beta, else |d| - beta / 2;
    dx = d / beta if |d| < beta, else sign(d),  dy = -dx"""
    def elementwise(self, x, y):
        float_only(x, y, 'smooth_l1_cpu')
        d = abs(x - y)
        beta = self.params['beta']
        return pick(d < beta, d * d * (0.5 / beta), d - 0.5 * beta)

    def input_grad(self, x, y):
        d = x - y
        beta = self.params['beta']
        return pick(abs(data(d)) < beta, d / beta, sign(d))

    def target_grad(self, x, y):
        return -self.input_grad(x, y)


class HuberLossBackward0(PointwiseLoss):
    """With d = x - y:  loss = d^2 / 2 if |d| < delta, else delta (|d| - delta / 2);
    dx = d if |d| < delta, else delta sign(d),  dy = -dx"""
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
        return pick(abs(data(d)) < delta, d, sign(d) * delta)

    def target_grad(self, x, y):
        return -self.input_grad(x, y)


class SoftMarginLossBackward0(PointwiseLoss):
    """loss = log(1 + e^(-y x));  dx = -y sigmoid(-y x)  (the target gets no gradient: PyTorch refuses one)"""
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
        return -y * sigmoid(-y * x)
