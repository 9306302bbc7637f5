"""Cumulative ops along a dim (out_i from a_0 ... a_i): cumsum, cumprod, cummax, cummin, logcumsumexp; and diff,
their inverse (out_i = a_(i+1) - a_i). A scan also
runs from the other end (reverse=True): the backward of cumsum and logcumsumexp is the same scan of g from the end."""
from . import grad_utils
from .along import GatherBackward0
from .compare import constant
from .operands import kernel_takes, numpy_names, write_out, write_outs
from .reduce import accumulated
from .shape import cat
from .table import export
from .. import dtypes, return_types
from ..autograd import grad_mode, views
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import normalize_dim
from ..dtypes import np_dtype


def scan(a, dim, reverse, fn):
    """fn(x, dim), a cumulative op, on a along dim, from the end when reverse (a 0-d a is one element long)."""
    xp = get_array_module(a)
    x = a.reshape(1) if a.ndim == 0 else a
    if reverse:
        return xp.flip(fn(xp.flip(x, dim), dim), dim).reshape(a.shape)
    return fn(x, dim).reshape(a.shape)


def accumulate(ufunc, x, axis):
    """ufunc.accumulate(x, axis) for maximum, minimum, logaddexp (cupy's ufuncs have no accumulate): log2(n) steps,
    each combining every element with the one 2^k places before it (a Hillis-Steele scan)."""
    xp = get_array_module(x)
    out = xp.moveaxis(x, axis, -1).copy()
    step = 1
    while step < out.shape[-1]:
        out[..., step:] = ufunc(out[..., step:], out[..., :-step])     # the right side is read before it is written
        step *= 2
    return xp.moveaxis(out, -1, axis)


class CumsumBackward0(Op):
    """out_i = a_0 + ... + a_i along dim;  da_j = g_j + ... + g_n-1 (g summed from the other end, with g in a's dtype:
    PyTorch's cumsum_backward, g itself where dim has one element)"""

    @staticmethod
    def forward(ctx, a, dim, dtype=None):
        ctx.dim, ctx.input_dtype, ctx.trivial = dim, a.dtype, a.size <= 1 or a.shape[dim] == 1   # out is a: da = g
        return scan(a, dim, False, lambda x, d: x.cumsum(axis=d, dtype=accumulated(a, dtype)))

    @staticmethod
    def backward(ctx, g):
        g = grad_utils.cast(g, ctx.input_dtype)
        return g if ctx.trivial else reversed_cumsum(g, ctx.dim)


class CumprodBackward0(Op):
    """out_i = a_0 * ... * a_i along dim (in dtype, when given);  da_j = sum over i >= j of g_i * (the product of
    a_0 ... a_i without a_j), with g in a's dtype (PyTorch's cumprod_backward): (the sum of out * g from the end) / a_j
    where a holds no zero; else that before the first zero of a slice, the products around it at the first zero, 0
    after it"""

    @staticmethod
    def forward(ctx, a, dim, dtype=None):
        ctx.dim, ctx.trivial = dim, a.size <= 1 or a.shape[dim] == 1     # out is a: da = g
        out = scan(a, dim, False, lambda x, d: x.cumprod(axis=d, dtype=accumulated(a, dtype)))
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        if ctx.trivial:
            return g
        g = grad_utils.cast(g, grad_utils.dtype_of(a))
        if not (grad_utils.data(a) == 0).any():     # PyTorch's formula, also under create_graph
            return reversed_cumsum(out * g, ctx.dim) / a
        if grad_mode._enabled:      # create_graph: from recorded ops, so that it differentiates again
            return ctx.grad_recorded(g, a)
        return ctx.grad_arrays(g, a, out)

    def grad_arrays(self, g, a, out):
        """O(n) per slice, on arrays: up to the first zero the sum of g * out from the end, divided by a; at the first
        zero, the product of the elements before it times the sum of g_i * (the product of the elements after it up
        to i), up to the second zero; after the first zero nothing depends on the element."""
        xp, d = get_array_module(a), self.dim
        zeros_so_far = (a == 0).cumsum(axis=d)
        before, first_run = zeros_so_far == 0, zeros_so_far == 1
        from_end = reversed_cumsum(xp.where(before, g * out, 0), d)
        grad = xp.where(before, from_end / xp.where(before, a, 1), 0)
        prefix = xp.where(before, a, 1).prod(axis=d, keepdims=True)
        after_zero = xp.cumprod(xp.where(first_run & (a != 0), a, 1), axis=d)
        at_zero = prefix * (after_zero * xp.where(first_run, g, 0)).sum(axis=d, keepdims=True)
        return xp.where(first_run & (a == 0), at_zero, grad)

    def grad_recorded(self, g, a):
        """O(n^2) per slice, from recorded ops on the Tensors (as PyTorch's double-backward path): row j of an n x n
        table is a with a_j replaced by 1; its cumprod along the row holds the products without a_j; the sum over
        i >= j of g_i times them is da_j."""
        x, gx = a.transpose(self.dim, -1), g.transpose(self.dim, -1)
        n, xp = x.shape[-1], a.xp
        table = x.unsqueeze(-2).expand(*x.shape[:-1], n, n).where(~xp.eye(n, dtype=bool), 1.0)
        later = xp.triu(xp.ones((n, n), dtype=bool))     # [j, i]: i >= j
        return (table.cumprod(-1) * gx.unsqueeze(-2)).where(later, 0.0).sum(-1).transpose(self.dim, -1)


def reversed_cumsum(x, dim):
    """The sums of x from the end along dim, of an array or a Tensor (recorded as PyTorch's: flip, cumsum, flip)."""
    if grad_utils.is_tensor(x):
        return x.flip(dim).cumsum(dim).flip(dim)
    return scan(x, dim, True, lambda y, d: y.cumsum(axis=d))


class CummaxBackward0(GatherBackward0):
    """values_i = a at indices_i = the largest of a_0 ... a_i along dim (its last position);  da = g added back at
    those indices (for an empty a, a itself: PyTorch's rule)"""

    @staticmethod
    def forward(ctx, a, dim, index):
        out = GatherBackward0.forward(ctx, a, dim, index)
        ctx.save_for_backward(a)    # as PyTorch, which keeps a (an in-place change to it is its error)
        return out

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        return a if 0 in ctx.shape else GatherBackward0.backward(ctx, g)


class CumminBackward0(CummaxBackward0):
    """values_i = a at indices_i = the smallest of a_0 ... a_i along dim (its last position);  da = g added back at
    those indices"""


class LogcumsumexpBackward0(Op):
    """out_i = log(e^a_0 + ... + e^a_i) along dim (reverse: from the end);  da_j = sum over i >= j of
    g_i e^(a_j - out_i), taken in log space for the positive and the negative g apart (no overflow)"""

    @staticmethod
    def forward(ctx, a, dim, reverse=False):
        kernel_takes(a, 'logcumsumexp_out_cpu', 'f')
        ctx.dim, ctx.reverse = dim, reverse
        out = scan(a, dim, reverse, lambda x, d: accumulate(get_array_module(x).logaddexp, x, d))
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        if g.ndim == 0 or 0 in g.shape:
            return g
        data = a._data if grad_utils.is_tensor(a) else a
        lowest = -float(get_array_module(data).finfo(data.dtype).max)     # not -inf: -inf - (-inf) would be NaN
        log_abs = grad_utils.log(grad_utils.where(g != 0, abs(g), 1.0))

        def from_end(log_g):
            return grad_utils.run(LogcumsumexpBackward0, log_g - out, dim=ctx.dim, reverse=not ctx.reverse)
        return (grad_utils.exp(from_end(grad_utils.where(g > 0, log_abs, lowest)) + a)
                - grad_utils.exp(from_end(grad_utils.where(g < 0, log_abs, lowest)) + a))


# -- the public ops ---------------------------------------------------------------------------------------
@export()
@numpy_names
def cumsum(input, dim, *, dtype=None, out=None):
    return write_out(CumsumBackward0.apply(input, dim=normalize_dim(dim, input.ndim), dtype=np_dtype(dtype)), out,
                     'cumsum')


@export()
@numpy_names
def cumprod(input, dim, *, dtype=None, out=None):
    return write_out(CumprodBackward0.apply(input, dim=normalize_dim(dim, input.ndim), dtype=np_dtype(dtype)), out,
                     'cumprod')


@export(function=False)
def cumsum_(input, dim, *, dtype=None):
    return scan_in_place(input, cumsum, dim, dtype)


@export(function=False)
def cumprod_(input, dim, *, dtype=None):
    return scan_in_place(input, cumprod, dim, dtype)


def scan_in_place(input, op, dim, dtype):
    """x.cumsum_(dim) / x.cumprod_(dim): the scan written into x (PyTorch has no bool kernel for them)."""
    kernel_takes(input._data, f'{op.__name__}_out_cpu', 'iuf')
    return views.inplace(input, op, dim, dtype=dtype)


@export()
@numpy_names
def cummax(input, dim, *, out=None):
    return running(input, dim, 'maximum', CummaxBackward0, return_types.cummax, out)


@export()
@numpy_names
def cummin(input, dim, *, out=None):
    return running(input, dim, 'minimum', CumminBackward0, return_types.cummin, out)


def running(input, dim, ufunc, node, result, out):
    """(values, indices) of the running max or min (`ufunc`): indices_i is the last position of values_i among
    a_0 ... a_i (a NaN is the max and the min from where it stands on)."""
    a, xp = input._data, input.xp
    d = normalize_dim(dim, a.ndim)
    values = scan(a, d, False, lambda x, k: accumulate(getattr(xp, ufunc), x, k))
    hit = (a == values) | xp.isnan(a) if a.dtype.kind == 'f' else a == values
    positions = xp.arange(a.shape[d] if a.ndim else 1).reshape((-1,) + (1,) * (a.ndim - d - 1))
    indices = scan(xp.where(hit, positions, 0).reshape(a.shape), d, False,
                   lambda x, k: accumulate(xp.maximum, x, k))
    values = node.apply(input, dim=d, index=indices)
    return write_outs(result(values, constant(input, indices)), out, result.__name__)


@export()
@numpy_names
def logcumsumexp(input, dim, *, out=None):
    return write_out(LogcumsumexpBackward0.apply(input, dim=normalize_dim(dim, input.ndim)), out, 'logcumsumexp')


@export()
def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The n-th forward difference along dim, after joining `prepend` before and `append` after input: out_i =
    a_(i+1) - a_i, n times (a bool tensor: a_(i+1) xor a_i)."""
    if input.ndim == 0:
        raise RuntimeError('diff expects input to be at least one-dimensional')
    if n < 0:
        raise RuntimeError(f'order must be non-negative but got {n}')
    parts = [t for t in (prepend, input, append) if t is not None]
    if any(t.ndim != input.ndim for t in parts):
        raise RuntimeError('diff expects prepend or append to be the same dimension as input')
    x = cat(parts, dim) if len(parts) > 1 else input
    for _ in range(n):
        length = x.shape[dim]
        if length == 0:
            break
        later, earlier = x.narrow(dim, 1, length - 1), x.narrow(dim, 0, length - 1)
        x = later.logical_xor(earlier) if x.dtype is dtypes.bool else later - earlier
    return x
