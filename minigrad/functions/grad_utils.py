"""Helpers that backward formulas share. Each works on arrays (a plain backward) and on Tensors
(backward with create_graph=True), so one formula serves both."""
from .operands import check_sub
from ..autograd import grad_mode, views
from ..autograd.function import Op
from ..backend import expand_view, get_array_module
from ..tensor import Tensor


def is_tensor(x):
    return hasattr(x, '_data')


def broadcast_to(g, shape):
    """`g` expanded to `shape` (the backward of a sum)."""
    if is_tensor(g):
        return g.expand(shape)
    return expand_view(g, shape)


def zeros_like(x):
    """Zeros in the shape and dtype of an array or a Tensor."""
    return x.new_zeros(x.shape) if is_tensor(x) else get_array_module(x).zeros_like(x)


def zeros(shape, like):
    """Zeros of `shape` in the dtype (and kind: array or Tensor) of `like`."""
    return like.new_zeros(shape) if is_tensor(like) else get_array_module(like).zeros(shape, like.dtype)


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
    return x.permute(tuple(dims)) if is_tensor(x) else x.transpose(dims)


def unsqueeze(x, axis):
    """x with a new size-1 axis."""
    return x.unsqueeze(axis) if is_tensor(x) else get_array_module(x).expand_dims(x, axis)


def run(op, *inputs, **params):
    """An op inside a backward formula: under create_graph, op.apply on Tensors (an array among the inputs or the
    op's tensor_params wrapped), so that it is recorded and can be differentiated again; in a plain backward,
    op.forward alone on the arrays."""
    if grad_mode.is_grad_enabled():
        params = {k: as_tensor(v) if k in op.tensor_params and v is not None else v for k, v in params.items()}
        return op.apply(*[as_tensor(x) for x in inputs], **params)
    ctx = op()
    ctx.needs_input_grad = (False,) * len(inputs)
    return op.forward(ctx, *inputs, **params)


def as_tensor(x):
    """An array as a Tensor with no graph (a gradient that came from outside the graph); a Tensor as it is."""
    return x if is_tensor(x) else Tensor._make(x)


def fixed(array, like):
    """An array a formula holds fixed (a mask, a count, saved statistics) beside the gradient `like`: a Tensor with
    no graph when like is one (backward under create_graph), else the array itself. (A Tensor meets no array: an
    array is no operand of Tensor ops, as in PyTorch.)"""
    return Tensor._make(array) if is_tensor(like) and not is_tensor(array) else array


def data(x):
    """The array of a Tensor (an array as it is): masks and constant derivatives need no graph."""
    return x._data if is_tensor(x) else x


def masked(g, mask):
    """g where mask is True, else 0: a selection, not the product g * mask, so an inf or NaN in g stays out of the
    zeros (inf * 0 would be NaN), as PyTorch's backward formulas select with where()."""
    if is_tensor(g):
        return g.where(mask, 0.0)
    xp = get_array_module(g)
    if xp.isfinite(g.sum()):    # no inf or NaN in g: the product is the same, and 5x faster than where() (relu's
        return g * mask         # backward on 2M floats: 6 ms against 31 ms; the sum costs 1.6 ms)
    return xp.where(mask, g, 0)


def zeroed(g, drop):
    """g with 0 where the array `drop` is True, as PyTorch's formulas write it, grad.masked_fill(drop, 0): under
    create_graph recorded as that (MaskedFillBackward0); on arrays the selection `masked`."""
    if is_tensor(g):
        return g.masked_fill(fixed(drop, g), 0)
    return masked(g, ~drop)


def softplus_neg(x):
    """log(1 + e^-x) = max(-x, 0) + log(1 + e^-|x|), for arrays and Tensors."""
    return (-x).clip(0) + log(exp(-abs(x)) + 1)


def sigmoid(x):
    """1 / (1 + e^-x) for arrays and Tensors, as PyTorch's kernel computes it: a few ulps, also near 0 (e^-x
    overflows to inf below -88 in float32: 1 / inf = 0, as PyTorch). (tanh(x / 2) + 1) / 2 never overflows but
    loses the small values: 0 at x = -20 in float32, -40 in float64."""
    if is_tensor(x):
        return x.sigmoid()
    xp = get_array_module(x)
    out = xp.negative(x, out=xp.empty_like(x))     # (an array for a 0-d x too, for the in-place steps)
    xp.exp(out, out=out)
    out += 1
    return xp.reciprocal(out, out=out)


def sign(x):
    """-1, 0 or 1 for each element of an array or a Tensor, 0 for NaN as PyTorch's sign (recorded under
    create_graph: its derivative is 0)."""
    if is_tensor(x):
        return x.sign()
    xp = get_array_module(x)
    return xp.where(xp.isnan(x), 0, xp.sign(x)).astype(x.dtype, copy=False) if x.dtype.kind == 'f' else xp.sign(x)


def sgn(x):
    """sign(x), recorded as sgn under create_graph: where PyTorch's formula says self.sgn() (abs), the second
    derivative is sgn's efficient zero (autograd/gradients.py), not sign's plain 0."""
    return x.sgn() if is_tensor(x) else sign(x)


def placed(g, shape, steps):
    """zeros(shape) with g added where the view ops `steps` ((class, params), ...) take their elements from a tensor
    of that shape (elements a view repeats add up): the backward of a view such as diagonal or unfold."""
    xp = get_array_module(data(g))
    return views.scatter_add(g, shape, views.view_key(xp.empty(shape, bool), steps))


def dtype_of(x):
    """The numpy dtype of an array or a Tensor."""
    return x._data.dtype if is_tensor(x) else x.dtype


def cast(x, np_dtype):
    """x in the numpy dtype np_dtype (itself when it already is), for an array or a Tensor (recorded)."""
    if x.dtype == np_dtype or is_tensor(x) and x._data.dtype == np_dtype:
        return x
    if is_tensor(x):
        from ..dtypes import from_numpy_dtype
        return x.to(from_numpy_dtype(np_dtype))
    return x.astype(np_dtype)


def subtract(a, b):
    """a - b of arrays or Tensors, for a formula that subtracts its inputs as they came: a bool one is PyTorch's
    error there, as in Tensor subtraction (numpy would subtract it as 0 and 1)."""
    check_sub(a, b)
    return a - b


def where(condition, x, y):
    """x where condition (a bool array) is True, else y (a number), for an array or a Tensor x."""
    return x.where(condition, y) if is_tensor(x) else get_array_module(x).where(condition, x, y)



class GradKernel(Op):
    """An op's gradient as a node of its own, PyTorch's <op>_backward kernel (sigmoid_backward, gelu_backward, ...),
    recorded under create_graph so that it can be differentiated again: with x the tensor the formula reads (the
    op's input, or its result),
        out = da(g, x),  linear in g;   dg = dg(gg, x): the node itself on gg, by default;   dx = ddx(gg, g, x)
    A subclass gives `da` on arrays and `ddx` (PyTorch's double-backward formula) on arrays and Tensors alike, each
    with the op's constants as keywords."""

    @classmethod
    def of(cls, g, x, **params):
        """da: this node under create_graph (a Tensor g), the arrays' formula alone in a plain backward."""
        return cls.apply(g, x, **params) if is_tensor(g) else cls.da(g, x, **params)

    @staticmethod
    def forward(ctx, g, x, **params):
        ctx.params = params
        ctx.save_for_backward(g, x)
        return ctx.da(g, x, **params)

    @staticmethod
    def backward(ctx, gg):
        g, x = ctx.saved_tensors
        need_g, need_x = ctx.needs_input_grad
        return (ctx.dg(gg, x, **ctx.params) if need_g else None,
                ctx.ddx(gg, g, x, **ctx.params) if need_x else None)

    @classmethod
    def dg(cls, gg, x, **params):
        return cls.of(gg, x, **params)
