"""Elementwise ops. Broadcasting in forward is undone by the engine (sum_to_shape), so each backward
returns gradients in the output's shape. `g` is dL/d(output)."""
from ..autograd.function import Function
from ..backend import get_array_module
from .grad_utils import log


class Add(Function):
    """out = a + alpha*b;  da = g,  db = alpha*g"""
    def forward(self, a, b, alpha=1):
        self.alpha = alpha
        return a + b if alpha == 1 else a + alpha * b

    def backward(self, g):
        if not self.needs_input_grad[1]:
            return g, None
        return g, g if self.alpha == 1 else g * self.alpha


class Sub(Function):
    """out = a - alpha*b;  da = g,  db = -alpha*g"""
    def forward(self, a, b, alpha=1):
        self.alpha = alpha
        try:
            return a - b if alpha == 1 else a - alpha * b
        except TypeError:   # numpy refuses bool - bool
            raise RuntimeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` '
                               'or `logical_xor()` operator instead.') from None

    def backward(self, g):
        if not self.needs_input_grad[1]:
            return g, None
        return g, -g if self.alpha == 1 else g * -self.alpha


class Rsub(Sub):
    """number - tensor: out = a - b for the number a;  db = -g"""
    grad_fn_name = 'RsubBackward1'


class Mul(Function):
    """out = a*b;  da = g*b,  db = g*a"""
    def forward(self, a, b):
        need_a, need_b = self.needs_input_grad
        self.save_for_backward(a if need_b else None, b if need_a else None)  # only what backward uses, as PyTorch
        return a * b

    def backward(self, g):
        a, b = self.saved_tensors
        return (g * b if self.needs_input_grad[0] else None,
                g * a if self.needs_input_grad[1] else None)


class Div(Function):
    """out = a/b;  da = g/b,  db = -g*a/b^2"""
    def forward(self, a, b):
        self.save_for_backward(a if self.needs_input_grad[1] else None, b)
        return a / b

    def backward(self, g):
        a, b = self.saved_tensors
        return (g / b if self.needs_input_grad[0] else None,
                -g * a / (b * b) if self.needs_input_grad[1] else None)


class Neg(Function):
    """out = -a;  da = -g"""
    def forward(self, a):
        try:
            return -a
        except TypeError:   # numpy refuses -bool
            raise RuntimeError('Negation, the `-` operator, on a bool tensor is not supported. If you are trying to '
                               'invert a mask, use the `~` or `logical_not()` operator instead.') from None

    def backward(self, g):
        return -g


class Pow(Function):
    """out = a^p for a number p;  da = g * p * a^(p-1)"""
    def forward(self, a, exponent):
        self.save_for_backward(a)
        self.p = exponent
        return a ** exponent

    def backward(self, g):
        a, = self.saved_tensors
        if self.p == 2:   # the common square: one multiply instead of a power
            return g * (2 * a)
        return g * self.p * a ** (self.p - 1) if self.p != 0 else g * 0


class PowTensor(Function):
    """out = a^b for a tensor b;  da = g * b * a^(b-1),  db = g * out * log(a)"""
    grad_fn_name = 'PowBackward1'

    def forward(self, a, b):
        xp = get_array_module(a, b)
        if a.dtype.kind in 'iu' and (b < 0).any():
            # numpy refuses integers to negative powers; PyTorch's integer power gives 1 for 1, +-1 for -1, else 0
            neg = b < 0
            out = xp.where(neg, xp.where(a == 1, 1, xp.where(a == -1, 1 - 2 * (b % 2), 0)), a ** xp.where(neg, 0, b))
            out = out.astype(xp.result_type(a, b))
        else:
            out = a ** b
        self.save_for_backward(a, b, out)
        return out

    def backward(self, g):
        a, b, out = self.saved_tensors
        db = None
        if self.needs_input_grad[1]:  # d(a^b)/db = a^b log a, taken as 0 where a == 0 and b >= 0 (PyTorch's rule)
            zero = (a == 0) * (b >= 0)
            db = g * out * log(a + zero) * ~zero
        return (g * b * a ** (b - 1) if self.needs_input_grad[0] else None), db


class Exp(Function):
    """out = e^a;  da = g * out"""
    def forward(self, a):
        out = get_array_module(a).exp(a)
        self.save_for_backward(out)
        return out

    def backward(self, g):
        out, = self.saved_tensors
        return g * out


class Log(Function):
    """out = ln a;  da = g / a"""
    def forward(self, a):
        self.save_for_backward(a)
        return get_array_module(a).log(a)

    def backward(self, g):
        a, = self.saved_tensors
        return g / a


class Sqrt(Function):
    """out = sqrt(a);  da = g / (2 out)"""
    def forward(self, a):
        out = get_array_module(a).sqrt(a)
        self.save_for_backward(out)
        return out

    def backward(self, g):
        out, = self.saved_tensors
        return g / (2 * out)


class Abs(Function):
    """out = |a|;  da = g * sign(a)"""
    def forward(self, a):
        xp = get_array_module(a)
        self.sign = xp.sign(a)
        return xp.abs(a)

    def backward(self, g):
        return g * self.sign


class Sigmoid(Function):
    """out = 1 / (1 + e^-a);  da = g * out * (1 - out)"""
    def forward(self, a):
        xp = get_array_module(a)
        out = (xp.tanh(a * 0.5) + 1) * 0.5  # the tanh form never overflows, for large |a| too
        self.save_for_backward(out)
        return out

    def backward(self, g):
        out, = self.saved_tensors
        return g * out * (1 - out)


class Tanh(Function):
    """out = tanh(a);  da = g * (1 - out^2)"""
    def forward(self, a):
        out = get_array_module(a).tanh(a)
        self.save_for_backward(out)
        return out

    def backward(self, g):
        out, = self.saved_tensors
        return g * (1 - out * out)


class Relu(Function):
    """out = max(a, 0);  da = g where out > 0, else 0"""
    def forward(self, a):
        out = get_array_module(a).maximum(a, 0)
        self.save_for_backward(out)
        return out

    def backward(self, g):
        out, = self.saved_tensors
        return g * (out > 0)


class Clamp(Function):
    """out = min(max(a, lo), hi);  da = g where lo <= a <= hi, else 0"""
    grad_fn_name = 'ClampBackward1'   # PyTorch's name for clamp with number bounds (0 is the Tensor-bounds form)

    def forward(self, a, min=None, max=None):
        xp = get_array_module(a)
        if max is None:   # one-sided clamps skip clip's checks and the second comparison
            self.mask = a >= min
            return xp.maximum(a, xp.asarray(min, a.dtype))
        if min is None:
            self.mask = a <= max
            return xp.minimum(a, xp.asarray(max, a.dtype))
        self.mask = (a >= min) & (a <= max)
        return xp.clip(a, min, max)

    def backward(self, g):
        return g * self.mask


class Maximum(Function):
    """out = max(a, b);  da = g * ([a > b] + [a == b] / 2),  db = g - da  (ties split in half, as PyTorch)"""
    def forward(self, a, b):
        self.a_share = ((a > b) + (a == b) * 0.5).astype(a.dtype)
        return get_array_module(a).maximum(a, b)

    def backward(self, g):
        return g * self.a_share, g * (1 - self.a_share)


class Minimum(Function):
    """out = min(a, b);  da = g * ([a < b] + [a == b] / 2),  db = g - da  (ties split in half, as PyTorch)"""
    def forward(self, a, b):
        self.a_share = ((a < b) + (a == b) * 0.5).astype(a.dtype)
        return get_array_module(a).minimum(a, b)

    def backward(self, g):
        return g * self.a_share, g * (1 - self.a_share)


class Where(Function):
    """out = a where cond else b;  da = g where cond,  db = g where not cond"""
    def forward(self, a, b, cond):
        self.cond = cond
        return get_array_module(a).where(cond, a, b)

    def backward(self, g):
        return g * self.cond, g * ~self.cond

