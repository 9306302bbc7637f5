"""Helpers that backward formulas share. Each works on arrays (a plain backward) and on Tensors
(backward with create_graph=True), so one formula serves both."""
from ..autograd import grad_mode
from ..backend import get_array_module
from ..tensor import Tensor


def is_tensor(x):
    return hasattr(x, '_data')


def broadcast_to(g, shape):
    """`g` expanded to `shape` (the backward of a sum)."""
    if is_tensor(g):
        return g.expand(shape)
    return get_array_module(g).broadcast_to(g, shape)


def zeros_like(x):
    """Zeros in the shape and dtype of an array or a Tensor."""
    return x.new_zeros(x.shape) if is_tensor(x) else get_array_module(x).zeros_like(x)


def log(x):
    """Natural log of an array or a Tensor."""
    return x.log() if is_tensor(x) else get_array_module(x).log(x)


def exp(x):
    """e^x of an array or a Tensor."""
    return x.exp() if is_tensor(x) else get_array_module(x).exp(x)


def call(name, x):
    """The elementwise function `name` of an array or a Tensor, for the names numpy and PyTorch share
    ('sin', 'cos', 'sinh', 'cosh', 'sqrt', 'trunc', ...)."""
    return getattr(x, name)() if is_tensor(x) else getattr(get_array_module(x), name)(x)


def permute(x, dims):
    """x with its axes reordered."""
    return x.permute(*dims) if is_tensor(x) else x.transpose(dims)


def unsqueeze(x, axis):
    """x with a new size-1 axis."""
    return x.unsqueeze(axis) if is_tensor(x) else get_array_module(x).expand_dims(x, axis)


def run(op, *inputs, **params):
    """An op inside a backward formula: under create_graph, op.apply on Tensors (an array among the inputs wrapped),
    so that it is recorded and can be differentiated again; in a plain backward, op.forward alone on the arrays."""
    if grad_mode.is_grad_enabled():
        return op.apply(*[as_tensor(x) for x in inputs], **params)
    ctx = op()
    ctx.needs_input_grad = (False,) * len(inputs)
    return op.forward(ctx, *inputs, **params)


def as_tensor(x):
    """An array as a Tensor with no graph (a gradient that came from outside the graph); a Tensor as it is."""
    return x if is_tensor(x) else Tensor._make(x)
