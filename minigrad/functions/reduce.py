"""Reductions and normalisations along dims: sum, mean, prod, max/min, var/std, norm, softmax, log_softmax.
Backward spreads g back over the reduced axes (keepdim shape, then broadcast)."""
import builtins
import math
import warnings

from . import grad_utils
from .compare import constant
from .decompositions import of_singular_values
from .elementwise import DivBackward1, MulBackward1, maximum, minimum
from .grad_utils import broadcast_to, masked
from .operands import kernel_takes, numpy_names, write_out
from .scatter import value_selecting_grad
from .shape import cat
from .table import export
from .. import return_types
from ..autograd import grad_mode
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import keepdim_shape, normalize_dim, normalize_dims, reduced_dim
from ..dtypes import get_default_dtype, not_implemented, np_dtype, title
from ..tensor import Tensor


def accumulated(a, dtype=None):
    """The dtype a sum or product of a accumulates in: `dtype` (a numpy dtype) if given, else a's, int64 for integers
    and bools, as PyTorch."""
    if dtype is not None:
        return dtype
    return 'int64' if a.dtype.kind in 'biu' else a.dtype


class SumBackward0(Op):
    """out = sum of a over dims;  da = g broadcast back over those dims"""
    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        axes = normalize_dims(dim, a.ndim)
        ctx.shape, ctx.kshape = a.shape, keepdim_shape(a.shape, axes)
        out = a.sum(axis=axes, keepdims=keepdim)
        return out.astype('int64') if a.dtype.kind in 'biu' else out

    @staticmethod
    def backward(ctx, g):
        return broadcast_to(g.reshape(ctx.kshape), ctx.shape)


class SumBackward1(SumBackward0):
    """sum(dim): out = sum of a over dim;  da = g broadcast back over dim"""


class MeanBackward0(Op):
    """out = sum(a) / n over dims;  da = g / n broadcast back"""
    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False):
        if a.dtype.kind != 'f':
            raise RuntimeError(f'mean(): could not infer output dtype. Input dtype must be either a floating point '
                               f'or complex dtype. Got: {title(a.dtype)}')
        axes = normalize_dims(dim, a.ndim)
        ctx.shape, ctx.kshape = a.shape, keepdim_shape(a.shape, axes)
        ctx.n = builtins.max(1, a.size // builtins.max(1, math.prod(ctx.kshape)))
        return a.mean(axis=axes, keepdims=keepdim)

    @staticmethod
    def backward(ctx, g):
        if grad_utils.is_tensor(g):     # create_graph: PyTorch's mean_backward, g expanded, then divided by n
            return DivBackward1.apply(broadcast_to(g.reshape(ctx.kshape), ctx.shape), b=ctx.n)
        return broadcast_to(g.reshape(ctx.kshape) / ctx.n, ctx.shape)


class MeanBackward1(MeanBackward0):
    """mean(dim): out = sum(a) / n over dim;  da = g / n broadcast back"""


class MaxBackward1(Op):
    """out = max(a);  da = g shared evenly by the elements equal to the max (PyTorch's rule for ties)"""
    pick = 'max'

    @staticmethod
    def forward(ctx, a):
        out = ctx.value(a)
        ctx.mask = a == out if out == out else get_array_module(a).isnan(a)   # a NaN is the max: it gets g
        ctx.count = ctx.mask.sum()
        ctx.save_for_backward(a, out)   # as PyTorch: both saved, so an in-place change to either is its error
        return out

    def value(self, a):
        return getattr(a, self.pick)()

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors       # raises if a or out changed in place since forward
        if grad_utils.is_tensor(g):     # create_graph: PyTorch's evenly_distribute_backward
            return g.new_zeros(ctx.mask.shape).masked_fill(grad_utils.fixed(ctx.mask, g), g / int(ctx.count))
        return masked(g / ctx.count, ctx.mask)


class MinBackward1(MaxBackward1):
    """out = min(a);  da = g shared evenly by the elements equal to the min"""
    pick = 'min'


class MaxBackward0(Op):
    """values = max(a, dim) at the given indices;  da = g at the chosen index of each slice (one-hot), else 0"""

    @staticmethod
    def forward(ctx, a, dim, keepdim, indices):
        xp = get_array_module(a)
        if a.ndim == 0:     # a 0-d tensor is its own max along dim 0
            ctx.shape = ctx.kshape = ()
            ctx.onehot, ctx.dim, ctx.index = xp.ones((), bool), 0, xp.zeros((), xp.int64)
            return a.copy()
        d = normalize_dim(dim, a.ndim)
        idx = xp.expand_dims(indices, d)
        ctx.shape, ctx.kshape, ctx.dim, ctx.index = a.shape, keepdim_shape(a.shape, (d,)), d, idx
        ctx.onehot = xp.arange(a.shape[d]).reshape(keepdim_shape(a.shape, set(range(a.ndim)) - {d})) == idx
        out = xp.take_along_axis(a, idx, axis=d)
        return out if keepdim else out.squeeze(d)

    @staticmethod
    def backward(ctx, g):
        if grad_utils.is_tensor(g):     # create_graph: PyTorch's value_selecting_reduction_backward
            return value_selecting_grad(g, ctx.dim, ctx.index, ctx.shape)
        return masked(broadcast_to(g.reshape(ctx.kshape), ctx.shape), ctx.onehot)


class MinBackward0(MaxBackward0):
    """values = min(a, dim) at the given indices;  da = g at the chosen index of each slice, else 0"""


class VarBackward0(Op):
    """out = sum((a - mean)^2) / (n - correction);  da = 2 / (n - correction) * g * (a - mean)
    (n - correction <= 0 divides by 0, giving inf or nan, with PyTorch's warning; then, as PyTorch, da over all
    elements is g * (nan where a == mean, else inf), a constant, and da along dims keeps the negative n - correction)"""
    op = 'var'
    ops = 'std and var'     # as PyTorch's error for integers names them

    @staticmethod
    def forward(ctx, a, dim=None, correction=1, keepdim=False):
        if a.dtype.kind != 'f':
            raise RuntimeError(f'{ctx.ops} only support floating point and complex dtypes')
        axes = normalize_dims(dim, a.ndim)
        ctx.axes, ctx.shape, ctx.kshape = axes, a.shape, keepdim_shape(a.shape, axes)
        ctx.dof = a.size // builtins.max(1, math.prod(ctx.kshape)) - correction
        ctx.denom, ctx.whole = builtins.max(0, ctx.dof), dim is None or a.ndim == 0
        if ctx.denom == 0:
            warnings.warn(f'{ctx.op}(): degrees of freedom is <= 0. Correction should be '
                          'strictly less than the reduction factor (input numel divided by output numel).',
                          stacklevel=4)
        ctx.save_for_backward(a)
        return ctx.reduce(a, keepdim)

    def reduce(self, a, keepdim):
        diff = a - a.mean(axis=self.axes, keepdims=True)
        return (diff * diff).sum(axis=self.axes, keepdims=keepdim) / self.denom

    def centered(self, a):
        return a - a.mean(axis=self.axes, keepdims=True)

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        return ctx.var_grad(g, a)

    def var_grad(self, g, a):
        """PyTorch's var_backward, with g in out's shape (or kshape)."""
        if self.whole and self.dof <= 0:
            return g * self.infinite_slope(a)
        g = broadcast_to(g.reshape(self.kshape), self.shape)
        return MulBackward1.of(g, 2 / self.dof if self.dof else math.inf) * self.centered(a)

    def infinite_slope(self, a):
        """PyTorch's derivative where n - correction <= 0 over all elements: nan where a == mean, else inf (not
        recorded: a constant under create_graph too), in the default dtype as PyTorch's where() of two numbers (times
        a 0-d g, the gradient is in it, then cast back to a's dtype)."""
        x = a._data if grad_utils.is_tensor(a) else a
        xp = get_array_module(x)
        slope = xp.where(x == (x.mean() if x.size else 0), xp.nan, xp.inf).astype(get_default_dtype().np)
        return grad_utils.as_tensor(slope) if grad_utils.is_tensor(a) else slope


class StdBackward0(VarBackward0):
    """out = sqrt(var(a));  da = var's da for the gradient g / (2 out), taken as 0 where out == 0 (constant input:
    PyTorch's std_backward)"""
    op = 'std'

    def reduce(self, a, keepdim):
        out = get_array_module(a).sqrt(super().reduce(a, keepdim))
        self.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        return ctx.spread(g, a, out)

    def spread(self, g, a, out):
        return self.var_grad(masked(g / (out * 2), ~(out == 0)), a)    # selected: an inf g at a zero std gives 0


class SoftmaxBackward0(Op):
    """out = e^a / sum(e^a) along dim (max subtracted first, so it never overflows);
    da = out * (g - sum(g * out)) (the node SoftmaxBackwardDataBackward0)"""
    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = normalize_dim(dim, a.ndim)
        if a.size == 0:       # PyTorch runs no kernel on no elements: any dtype passes through
            return ctx.empty_result(a)
        kernel_takes(a, 'softmax_lastdim_kernel_impl', 'f')   # no integer softmax
        e = get_array_module(a).exp(a - peak(a, ctx.dim))
        out = e / e.sum(axis=ctx.dim, keepdims=True)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return SoftmaxBackwardDataBackward0.of(g, out, dim=ctx.dim)

    def empty_result(self, a):
        """The result of no elements, saved as PyTorch saves it (an in-place change to it is an error at backward)."""
        out = a.copy()
        self.save_for_backward(out)
        return out


class SoftmaxBackwardDataBackward0(grad_utils.GradKernel):
    """softmax's gradient from its result y (PyTorch's _softmax_backward_data), sums along dim:
    out = y * (g - sum(g * y));  dg = y * (gg - sum(gg * y)) (this node again);
    dy = g * gg - sum(y * g) * gg - g * sum(y * gg)  (softmax_double_backward)"""

    @staticmethod
    def da(g, y, dim):
        return y * (g - (g * y).sum(axis=dim, keepdims=True))

    @staticmethod
    def ddx(gg, g, y, dim):
        return g * gg - (y * g).sum(axis=dim, keepdims=True) * gg - g * (y * gg).sum(axis=dim, keepdims=True)


class LogSoftmaxBackward0(Op):
    """out = a - max - log(sum(e^(a - max))) along dim;  da = g - e^out * sum(g) (the node
    LogSoftmaxBackwardDataBackward0)"""
    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = normalize_dim(dim, a.ndim)
        if a.size == 0:
            return SoftmaxBackward0.empty_result(ctx, a)
        kernel_takes(a, 'log_softmax_lastdim_kernel_impl', 'f')
        xp = get_array_module(a)
        shifted = a - peak(a, ctx.dim)
        out = shifted - xp.log(xp.exp(shifted).sum(axis=ctx.dim, keepdims=True))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        return LogSoftmaxBackwardDataBackward0.of(g, out, dim=ctx.dim)


class LogSoftmaxBackwardDataBackward0(grad_utils.GradKernel):
    """log_softmax's gradient from its result y (PyTorch's _log_softmax_backward_data), sums along dim:
    out = g - e^y * sum(g);  dg = gg - sum(gg * e^y),  dy = -sum(g) * e^y * gg"""

    @staticmethod
    def da(g, y, dim):
        return g - grad_utils.exp(y) * g.sum(axis=dim, keepdims=True)

    @staticmethod
    def dg(gg, y, dim):
        return gg - (gg * grad_utils.exp(y)).sum(axis=dim, keepdims=True)

    @staticmethod
    def ddx(gg, g, y, dim):
        return -g.sum(axis=dim, keepdims=True) * grad_utils.exp(y) * gg


class LinalgVectorNormBackward0(Op):
    """out = (sum |a|^p)^(1/p) over dims; p = inf: max |a|, p = -inf: min |a|, p = 0: the count of nonzeros.
    da = g * sgn(a) |a|^(p-1) / out^(p-1)  (p = 2: g a / out;  p = 1: g sgn(a);  p = 0: none), taken as 0 where
    out == 0 (and, for p < 1, where a == 0);  p = +-inf: g sgn(a) shared evenly by the elements where |a| == out
    (PyTorch's norm_backward)"""

    @staticmethod
    def forward(ctx, a, ord=2, dim=None, keepdim=False):
        axes = normalize_dims(dim, a.ndim)
        ctx.p, ctx.axes, ctx.kshape = ord, axes, keepdim_shape(a.shape, axes)
        x = get_array_module(a).abs(a)
        if ord == math.inf:
            out = x.max(axis=axes, keepdims=keepdim)
        elif ord == -math.inf:
            out = x.min(axis=axes, keepdims=keepdim)
        elif ord == 0:
            out = (x != 0).sum(axis=axes, keepdims=keepdim).astype(a.dtype)
        elif ord == 1:
            out = x.sum(axis=axes, keepdims=keepdim)
        elif ord == 2:
            out = get_array_module(a).sqrt((x * x).sum(axis=axes, keepdims=keepdim))
        else:
            out = ((x ** ord).sum(axis=axes, keepdims=keepdim) ** (1 / ord)).astype(a.dtype)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        p, g, out = ctx.p, g.reshape(ctx.kshape), out.reshape(ctx.kshape)
        if p == 0:
            return None         # no gradient at all (PyTorch's undefined gradient: .grad stays None)
        if p == 1:
            return grad_utils.sgn(a) * g
        if p in (math.inf, -math.inf):
            top = builtins.abs(a) == out
            return grad_utils.sgn(a) * ((g / top.sum(axis=ctx.axes, keepdims=True)) * top)
        zero = out == 0                 # divided by, then selected away at a zero norm, as PyTorch's masked_fill
        if p == 2:
            return g * masked(a / out, ~zero)
        scale = masked(g / out ** (p - 1), ~zero)
        if p < 1:
            at_zero = a == 0
            return grad_utils.sgn(a) * masked((builtins.abs(a) + at_zero) ** (p - 1), ~at_zero) * g * out ** (1 - p)
        if p < 2:
            return grad_utils.sgn(a) * builtins.abs(a) ** (p - 1) * scale
        return a * builtins.abs(a) ** (p - 2) * scale


def peak(a, dim):
    """The max along dim, kept as a size-1 dim (0 for an empty a, which has none)."""
    return a.max(axis=dim, keepdims=True) if a.size else 0


def _floats_only(a, kernel):
    """PyTorch has no integer softmax: refuse rather than silently compute in float64."""
    if a.dtype.kind != 'f':
        not_implemented(kernel, a.dtype)


class ProdBackward0(Op):
    """out = the product of all elements of a;  da = g * (the product of the other elements)
    (out / a where a has no zeros; with zeros, from the products left and right of each element)"""

    @staticmethod
    def forward(ctx, a, dim=None, keepdim=False, dtype=None):
        ctx.axis = None if dim is None else normalize_dim(dim, a.ndim)
        ctx.keepdim = keepdim
        out = a.prod(axis=ctx.axis, keepdims=keepdim, dtype=accumulated(a, dtype))
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        if a.ndim == 0:     # as PyTorch: g itself (no product of others to record)
            return g
        if ctx.axis is not None and not ctx.keepdim:    # the reduced axis back, to broadcast against a
            g, out = grad_utils.unsqueeze(g, ctx.axis), grad_utils.unsqueeze(out, ctx.axis)
        if not (a == 0).any():
            return g * (out / a)
        if grad_mode._enabled:      # create_graph: the products of the others must be differentiable again
            return ctx.grad_recorded(g, a)
        return g * ctx.others(a)

    def others(self, a):
        """The product of every other element along the reduced axis: exclusive cumulative products from the left
        and from the right, multiplied (no division, so zeros are exact)."""
        xp = get_array_module(a)
        axis = -1 if self.axis is None else self.axis
        x = a.reshape(-1) if self.axis is None else a
        x = xp.moveaxis(x, axis, -1)
        ones = xp.ones(x.shape[:-1] + (1,), x.dtype)
        left = xp.cumprod(xp.concatenate([ones, x[..., :-1]], axis=-1), axis=-1)
        right = xp.flip(xp.cumprod(xp.flip(xp.concatenate([x[..., 1:], ones], axis=-1), -1), axis=-1), -1)
        return xp.moveaxis(left * right, -1, axis).reshape(a.shape)

    def grad_recorded(self, g, a):
        """g * others() from recorded ops on the Tensor a (create_graph), so that its derivatives are those of the
        product of the others: the exclusive products from both sides, as PyTorch's prod_safe_zeros_backward (which
        gives g itself along an axis of one element: no product, so nothing that depends on a)."""
        if (a.numel() if self.axis is None else a.shape[self.axis]) == 1:
            return g.reshape(a.shape)
        if self.axis is None:
            flat = a.reshape(-1)
            return (g * (exclusive_products(flat) * exclusive_products(flat, from_right=True))).reshape(a.shape)
        x = a.transpose(self.axis, -1)
        return g * (exclusive_products(x) * exclusive_products(x, from_right=True)).transpose(self.axis, -1)


def exclusive_products(x, from_right=False):
    """p[..., i] = the product of x[..., j] for j < i (j > i from the right) along the last axis, from recorded ops:
    a Hillis-Steele scan, x shifted one place, then log2(n) steps p = p * (p shifted 1, 2, 4, ... places), ones
    shifted in. Only products, so every derivative is exact, zeros included."""
    n = x.shape[-1]
    ones = x.new_ones(tuple(x.shape[:-1]) + (n,))

    def shifted(p, d):
        return cat([p[..., d:], ones[..., :d]], -1) if from_right else cat([ones[..., :d], p[..., :n - d]], -1)

    p, d = shifted(x, 1), 1
    while d < n:
        p, d = p * shifted(p, d), 2 * d
    return p


class ProdBackward1(ProdBackward0):
    """prod(dim): out = the product along dim;  da = g * (the product of the other elements along dim)"""


# -- the public ops ---------------------------------------------------------------------------------------
@export()
@numpy_names
def sum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum over `dim` (all dims by default). numpy's axis/keepdims are accepted too."""
    src = input if dtype is None else input.to(dtype)
    return (SumBackward0 if dim is None else SumBackward1).apply(src, dim=dim, keepdim=keepdim)


@export()
@numpy_names
def mean(input, dim=None, keepdim=False, *, dtype=None):
    src = input if dtype is None else input.to(dtype)
    return (MeanBackward0 if dim is None else MeanBackward1).apply(src, dim=dim, keepdim=keepdim)


@export()
@numpy_names
def prod(input, dim=None, keepdim=False, *, dtype=None):
    """The product over dim (all elements by default); dtype=: a in that dtype first (its gradient then in it too,
    as PyTorch's)."""
    src = input if dtype is None else input.to(dtype)
    if dim is None:
        return ProdBackward0.apply(src, dtype=np_dtype(dtype))
    return ProdBackward1.apply(src, dim=dim, keepdim=keepdim, dtype=np_dtype(dtype))


@export()
@numpy_names
def max(input, dim=None, keepdim=False):
    """max() -> the largest value; max(dim) -> (values, indices); max(other) -> elementwise maximum."""
    return extreme(input, dim, keepdim, MaxBackward1, MaxBackward0, maximum, input._data.argmax, return_types.max)


@export()
@numpy_names
def min(input, dim=None, keepdim=False):
    return extreme(input, dim, keepdim, MinBackward1, MinBackward0, minimum, input._data.argmin, return_types.min)


def extreme(input, dim, keepdim, all_op, dim_op, elementwise, arg, result):
    if isinstance(dim, Tensor):
        return elementwise(input, dim)
    if dim is None:
        if input._data.size == 0:
            raise RuntimeError(f'{all_op.pick}(): Expected reduction dim to be specified for input.numel() == 0. '
                               "Specify the reduction dim with the 'dim' argument.")
        return all_op.apply(input)
    d = reduced_dim(all_op.pick, input.shape, dim)
    indices = arg(axis=d)
    values = dim_op.apply(input, dim=d, keepdim=keepdim, indices=indices)
    return result(values, constant(input, input.xp.expand_dims(indices, d) if keepdim and input.ndim else indices))


def variance_args(dim, unbiased, correction):
    """(dim, correction) from var/std's overloads: (dim, unbiased), (unbiased) alone as a bool, or correction=."""
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    if correction is not None:
        return dim, correction
    return dim, 0 if unbiased is False else 1


@export()
@numpy_names
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    dim, correction = variance_args(dim, unbiased, correction)
    return write_out(VarBackward0.apply(input, dim=dim, correction=correction, keepdim=keepdim), out, 'var')


@export()
@numpy_names
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, out=None):
    dim, correction = variance_args(dim, unbiased, correction)
    return write_out(StdBackward0.apply(input, dim=dim, correction=correction, keepdim=keepdim), out, 'std')


@export()
def softmax(input, dim, dtype=None):
    return SoftmaxBackward0.apply(input if dtype is None else input.to(dtype), dim=dim)


@export()
def log_softmax(input, dim, dtype=None):
    return LogSoftmaxBackward0.apply(input if dtype is None else input.to(dtype), dim=dim)


@export()
def norm(input, p='fro', dim=None, keepdim=False, dtype=None):
    """The p-norm of the elements over `dim` (all by default); 'fro' is the 2-norm of the elements."""
    if input._data.dtype.kind != 'f':
        raise RuntimeError(f'linalg.vector_norm: Expected a floating point or complex tensor as input. Got '
                           f'{title(input._data.dtype)}')
    if p == 'nuc':      # the sum of the singular values, as linalg.matrix_norm(ord='nuc')
        dims = tuple(normalize_dim(d, input.ndim) for d in ((-2, -1) if dim is None else dim))
        return of_singular_values(input if dtype is None else input.to(dtype), dims, keepdim, lambda S: S.sum(-1))
    src = input if dtype is None else input.to(dtype)
    return LinalgVectorNormBackward0.apply(src, ord=2 if p == 'fro' or p is None else p, dim=dim, keepdim=keepdim)
