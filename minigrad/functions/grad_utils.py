"""Helpers that backward formulas share. Each works on arrays (a plain backward) and on Tensors
(backward with create_graph=True), so one formula serves both."""
from ..backend import get_array_module


def is_tensor(x):
    return hasattr(x, '_data')


def sum_to_shape(g, shape):
    """Undo broadcasting: sum `g` over the axes that forward broadcast to reach g.shape from `shape`."""
    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1 and g.shape[lead + i] != 1)
    return g.sum(axis=axes, keepdims=True).reshape(shape)  # Tensor.sum takes numpy's axis/keepdims too


def broadcast_to(g, shape):
    """`g` expanded to `shape` (the backward of a sum)."""
    if is_tensor(g):
        return g.expand(shape)
    return get_array_module(g).broadcast_to(g, shape)


def fit_grad(g, shape, dtype):
    """A gradient in the shape and (numpy) dtype of the input it belongs to."""
    g = sum_to_shape(g, shape)
    if is_tensor(g):
        return g if g._data.dtype == dtype else g.to(dtype)
    if not g.ndim:      # numpy gives scalars for 0-d results: a gradient, like a Tensor, is an array
        g = get_array_module(g).asarray(g)
    return g if g.dtype == dtype else g.astype(dtype)


def zeros_like(x):
    """Zeros in the shape and dtype of an array or a Tensor."""
    return x.new_zeros(x.shape) if is_tensor(x) else get_array_module(x).zeros_like(x)


def log(x):
    """Natural log of an array or a Tensor."""
    return x.log() if is_tensor(x) else get_array_module(x).log(x)


def exp(x):
    """e^x of an array or a Tensor."""
    return x.exp() if is_tensor(x) else get_array_module(x).exp(x)


def permute(x, dims):
    """x with its axes reordered."""
    return x.permute(*dims) if is_tensor(x) else x.transpose(dims)
