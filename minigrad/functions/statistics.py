"""Order statistics and moments over a dim: median, nanmedian, mode, quantile, nanquantile, var_mean, std_mean; the
covariance and correlation matrices of variables (rows) over observations (columns): cov, corrcoef.
The sorted order is numpy's stable argsort; a median or mode is then one element of a, and its gradient goes to
that element (or, over all elements, is shared by the elements equal to it, as for max())."""
import math
import warnings

from . import grad_utils
from .along import gather
from .binary import lerp
from .compare import constant
from .grad_utils import broadcast_to, masked
from .operands import kernel_takes, numpy_names, write_out, write_outs
from .reduce import MaxBackward0, MaxBackward1, StdBackward0, VarBackward0, variance_args
from .scan import accumulate
from .shape import SqueezeBackward4
from .table import export
from .. import dtypes, return_types
from ..autograd.function import MultiOutputOp
from ..backend import get_array_module
from ..dims import normalize_dim, reduced_dim
from ..tensor import Tensor


def lower_median(xp, a, axis, skip_nan):
    """The position (along axis, in a) of the lower median of each slice: the ((n - 1) // 2)-th in stable sorted
    order, n counting the elements that are not NaN when skip_nan; else a slice with a NaN gives its first NaN."""
    order = xp.argsort(a, axis=axis, kind='stable')      # NaNs sort last
    nans = (xp.isnan(a) if a.dtype.kind == 'f' else xp.zeros(a.shape, bool)).sum(axis=axis, keepdims=True)
    numbers = a.shape[axis] - nans                        # the elements that are not NaN, before the NaNs
    if skip_nan:
        k = xp.maximum((numbers - 1) // 2, 0)
    else:
        k = xp.where(nans > 0, numbers, (a.shape[axis] - 1) // 2)
    return xp.take_along_axis(order, k, axis=axis)


class MedianBackward0(MaxBackward1):
    """out = the lower median of all elements of a (NaN if there is one);  da = g shared evenly by the elements
    equal to it"""
    skip_nan = False

    def value(self, a):
        if a.size == 0:
            return get_array_module(a).asarray(math.nan, a.dtype)
        flat = a.reshape(-1)
        return flat[lower_median(get_array_module(a), flat, 0, self.skip_nan)[0]]


class NanmedianBackward0(MedianBackward0):
    """out = the lower median of the elements of a that are not NaN;  da = g shared evenly by the elements equal to
    it"""
    skip_nan = True


class MedianBackward1(MaxBackward0):
    """values = the lower median of a along dim, at indices;  da = g at those indices, else 0"""


class NanmedianBackward1(MaxBackward0):
    """values = the lower median of the elements that are not NaN along dim, at indices;  da = g at those indices"""


class ModeBackward0(MaxBackward0):
    """values = the most frequent value along dim (the smallest of those as frequent), at indices;  da = g at those
    indices, else 0"""


def by_dim(name, input, dim, keepdim, indices_of, node, result):
    """(values, indices) of a value-selecting reduction along dim: indices_of(xp, a, axis) gives the chosen position
    of each slice, kept as a size-1 axis."""
    a, xp = input._data, input.xp
    d = reduced_dim(name.removeprefix('nan'), input.shape, dim)     # nanmedian's error says median()
    indices = indices_of(xp, a.reshape(1) if a.ndim == 0 else a, d).reshape(a.shape[:d] + a.shape[d + 1:])
    values = node.apply(input, dim=d, keepdim=keepdim, indices=indices)
    return result(values, constant(input, xp.expand_dims(indices, d) if keepdim and a.ndim else indices))


def median_of(name, input, dim, keepdim, all_node, dim_node, result):
    if input._data.dtype.kind == 'b':
        kernel_takes(input._data, 'median_cpu' if dim is None else 'median_out', 'iuf')
    if dim is None:
        return all_node.apply(input)
    return by_dim(name, input, dim, keepdim, lambda xp, a, d: lower_median(xp, a, d, all_node.skip_nan),
                  dim_node, result)


@export()
@numpy_names
def median(input, dim=None, keepdim=False, *, out=None):
    return write_outs(median_of('median', input, dim, keepdim, MedianBackward0, MedianBackward1,
                                return_types.median), out, 'median')


@export()
@numpy_names
def nanmedian(input, dim=None, keepdim=False, *, out=None):
    return write_outs(median_of('nanmedian', input, dim, keepdim, NanmedianBackward0, NanmedianBackward1,
                                return_types.nanmedian), out, 'nanmedian')


def most_frequent(xp, a, axis):
    """The position of the mode of each slice along axis: in stable sorted order, the last element of the longest
    run of equal values (the first such run: the smallest value), as PyTorch's sort-and-count. (Its sort is stable
    up to 16 elements only: in longer slices its index among tied copies of the mode can differ.)"""
    x = xp.moveaxis(a, axis, -1)
    order = xp.argsort(x, axis=-1, kind='stable')
    ordered = xp.take_along_axis(x, order, axis=-1)
    differ = ordered[..., 1:] != ordered[..., :-1]
    edge = xp.ones(differ.shape[:-1] + (1,), bool)
    starts, ends = xp.concatenate([edge, differ], -1), xp.concatenate([differ, edge], -1)
    position = xp.arange(x.shape[-1])
    length = xp.where(ends, position - accumulate(xp.maximum, xp.where(starts, position, 0), -1) + 1, 0)
    best = length.argmax(axis=-1)[..., None]
    return xp.moveaxis(xp.take_along_axis(order, best, axis=-1), -1, axis)


@export()
@numpy_names
def mode(input, dim=-1, keepdim=False, *, out=None):
    return write_outs(by_dim('mode', input, dim, keepdim, most_frequent, ModeBackward0, return_types.mode),
                      out, 'mode')


# -- quantiles --------------------------------------------------------------------------------------------
INTERPOLATIONS = ('linear', 'lower', 'higher', 'midpoint', 'nearest')


def quantile_of(input, q, dim, keepdim, interpolation, ignore_nan):
    """PyTorch's composite: the values sorted along dim (the input flattened for no dim; dim moved last by
    unsqueeze(-1).transpose(dim, -1) unless it is last), viewed in the output's shape with the sorted dim last, the
    ranks q * (n - 1) (n: the elements that are not NaN for nanquantile; a slice with a NaN gives NaN for
    quantile), the values at the ranks below and above gathered and lerp'ed by the fractional part (linear; 0.5 for
    midpoint), the quantiles moved first, the last dim squeezed."""
    a, xp = input._data, input.xp
    check_quantile(input, q, interpolation)
    qs = xp.asarray(q._data if isinstance(q, Tensor) else q, dtype=a.dtype)
    if dim is None:
        x, kept = input.flatten(), (1,) * a.ndim if keepdim else ()
    else:
        d = normalize_dim(dim, a.ndim)
        x = input if d == a.ndim - 1 else input.unsqueeze(-1).transpose(d, -1)
        kept = tuple(1 if i == d else n for i, n in enumerate(a.shape) if keepdim or i != d)
    ordered = x.sort(-1).values.view(kept + x.shape[-1:])
    nan = xp.isnan(ordered._data)
    last = x.shape[-1] - 1
    shape = kept + (qs.size,)
    if ignore_nan:
        ranks = xp.maximum(qs.reshape(-1) * ((~nan).sum(axis=-1, keepdims=True) - 1).astype(a.dtype), 0)
    else:
        ranks = xp.where(nan.any(axis=-1, keepdims=True), a.dtype.type(last), qs.reshape(-1) * a.dtype.type(last))
    ranks = xp.broadcast_to(ranks, shape)
    ranks = {'lower': xp.floor, 'higher': xp.ceil, 'nearest': xp.round}.get(interpolation, lambda r: r)(ranks)
    below = ranks.astype('int64')
    values = gather(ordered, -1, below)
    if interpolation in ('linear', 'midpoint'):
        weights = xp.full(shape, 0.5, a.dtype) if interpolation == 'midpoint' else (ranks - below).astype(a.dtype)
        values = lerp(values, gather(ordered, -1, xp.ceil(ranks).astype('int64')), constant(input, weights))
    if qs.ndim:     # the quantiles first
        values = values.unsqueeze(0).transpose(0, -1)
    return SqueezeBackward4.apply(values, dim=-1)


def check_quantile(input, q, interpolation):
    if input._data.size == 0:
        raise RuntimeError('quantile() input tensor must be non-empty')
    if isinstance(q, Tensor) and q.ndim > 1:
        raise RuntimeError('quantile() q must be a scalar or 1D tensor')
    if input._data.dtype not in ('float32', 'float64'):
        raise RuntimeError('quantile() input tensor must be either float or double dtype')
    if isinstance(q, Tensor):
        if q._data.dtype != input._data.dtype:
            raise RuntimeError('quantile() q tensor must be same dtype as the input tensor')
        if not ((q._data >= 0) & (q._data <= 1)).all():
            raise RuntimeError('quantile() q values must be in the range [0, 1]')
    elif not 0 <= q <= 1:
        raise RuntimeError(f'quantile() q must be in the range [0, 1] but got {q:g}')
    if interpolation not in INTERPOLATIONS:
        raise RuntimeError('quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, '
                           f'but got {interpolation}')


@export()
def quantile(input, q, dim=None, keepdim=False, *, interpolation='linear', out=None):
    return write_out(quantile_of(input, q, dim, keepdim, interpolation, False), out, 'quantile')


@export()
def nanquantile(input, q, dim=None, keepdim=False, *, interpolation='linear', out=None):
    return write_out(quantile_of(input, q, dim, keepdim, interpolation, True), out, 'nanquantile')


# -- moments ----------------------------------------------------------------------------------------------
class VarMeanBackward0(MultiOutputOp, VarBackward0):
    """out = (var, mean) over dims: var = sum((a - mean)^2) / (n - correction), mean = sum(a) / n;
    da = g_var * 2 (a - mean) / (n - correction) + g_mean / n"""
    op = ops = 'var_mean'

    @staticmethod
    def forward(ctx, a, dim=None, correction=1, keepdim=False):
        first = VarBackward0.forward(ctx, a, dim, correction, keepdim)
        ctx.n = max(1, a.size // max(1, math.prod(ctx.kshape)))
        return first, a.mean(axis=ctx.axes, keepdims=keepdim)

    @staticmethod
    def backward(ctx, g_first, g_mean):
        parts = [broadcast_to(g_mean.reshape(ctx.kshape) / ctx.n, ctx.shape)] if g_mean is not None else []
        if g_first is not None:
            parts.append(ctx.first_grad(g_first))
        return parts[0] + parts[1] if len(parts) == 2 else parts[0]

    def first_grad(self, g):
        return VarBackward0.backward(self, g)


class StdMeanBackward0(VarMeanBackward0, StdBackward0):
    """out = (std, mean) over dims: std = sqrt(var), mean = sum(a) / n;
    da = g_std * (a - mean) / ((n - correction) std) (0 where std == 0) + g_mean / n"""
    op = ops = 'std_mean'

    def reduce(self, a, keepdim):      # the std is not saved (a node of several outputs saves inputs only)
        return grad_utils.call('sqrt', VarBackward0.reduce(self, a, keepdim))

    def first_grad(self, g):
        a, = self.saved_tensors
        var = VarBackward0.reduce(self, a, True).reshape(g.shape)     # in the std's shape, as PyTorch's result
        zero = var == 0     # sqrt at 0 selected away, so that its infinite slope gives no NaN
        return self.spread(g, a, masked(grad_utils.call('sqrt', var + zero), ~zero))


@export(method=False)
@numpy_names
def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    dim, correction = variance_args(dim, unbiased, correction)
    return VarMeanBackward0.apply(input, dim=dim, correction=correction, keepdim=keepdim)


@export(method=False)
@numpy_names
def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    dim, correction = variance_args(dim, unbiased, correction)
    return StdMeanBackward0.apply(input, dim=dim, correction=correction, keepdim=keepdim)


@export()
def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of input's rows (variables) over its columns (observations), each observation weighted
    by fweights (integer counts) times aweights; divided by sum(w) - correction (with aweights, by sum(w) -
    correction * sum(w * aweights) / sum(w)). As PyTorch composes it: mean, centre, mm, divide, squeeze."""
    if input.ndim > 2:
        raise RuntimeError(f'cov(): expected input to have two or fewer dimensions but got an input with {input.ndim} '
                           'dimensions')
    if input.dtype is dtypes.bool:
        raise RuntimeError('cov(): bool dtype is not supported for input')
    x = input.view(1, -1) if input.ndim < 2 else input
    n = x.shape[1]
    w = None
    for name, weights, kind, what in (('fweights', fweights, 'iu', 'integral'), ('aweights', aweights, 'f',
                                                                                  'floating point')):
        if weights is None:
            continue
        if weights.ndim > 1:
            raise RuntimeError(f'cov(): expected {name} to have one or fewer dimensions but got {name} with '
                               f'{weights.ndim} dimensions')
        if weights._data.dtype.kind not in kind:
            raise RuntimeError(f'cov(): expected {name} to have {what} dtype but got {name} with '
                               f'{dtypes.title(weights.dtype)} dtype')
        if weights.numel() != n:
            raise RuntimeError(f'cov(): expected {name} to have the same numel as there are observations in the input '
                               f'but got {weights.numel()} != {n}')
        if n and bool((weights < 0).any()):
            raise RuntimeError(f'cov(): {name} cannot be negative')
        w = weights if w is None else w * weights
    w_sum = w.sum() if w is not None else constant(x, x.xp.asarray(n, 'int64'))
    if w is not None and not bool(w_sum != 0):
        raise RuntimeError("cov(): weights sum to zero, can't be normalized")
    avg = (x * w if w is not None else x).sum(1) / w_sum
    if w is not None and aweights is not None and correction != 0:
        norm = w_sum - correction * (w * aweights).sum() / w_sum
    else:
        norm = w_sum - correction
    if bool(norm <= 0):
        warnings.warn('cov(): degrees of freedom is <= 0. Correction should be strictly less than the number of '
                      'observations.')
        norm = norm * 0
    centred = x - avg.unsqueeze(1)
    return (centred.mm((centred * w if w is not None else centred).t()) / norm).squeeze()


@export()
def corrcoef(input):
    """The Pearson correlation matrix of input's rows: cov / (std_i std_j), clipped to [-1, 1]."""
    if input.ndim > 2:
        raise RuntimeError(f'corrcoef(): expected input to have two or fewer dimensions but got an input with '
                           f'{input.ndim} dimensions')
    c = cov(input)
    if c.ndim == 0:         # one variable: 1, or nan where its variance is 0, inf or nan
        return c / c
    std = c.diagonal().sqrt()
    c = c / std.view(-1, 1)
    c = c / std.view(1, -1)
    return c.clip(-1, 1)
