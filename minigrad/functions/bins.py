"""Counting into bins and finding bins: bincount (occurrences of each non-negative integer, or their weights'
sums), histc (a histogram of equal-width bins), searchsorted and bucketize (where values fall among sorted
boundaries). Results carry no gradient (bincount's weights get PyTorch's node that refuses backward)."""
import math
import numbers

from .arguments import NotAnOperand, overloads
from .compare import constant
from .nodiff import NotImplemented
from .operands import write_out
from .table import export
from .. import dtypes
from ..backend import get_array_module, scatter_add as add_at
from ..dtypes import not_implemented
from ..tensor import Tensor


@export()
def bincount(input, weights=None, minlength=0):
    a = input._data
    if a.dtype.kind not in 'iu':
        not_implemented('bincount_cpu', a.dtype)
    if a.ndim != 1 or (a.size and a.min() < 0):
        raise RuntimeError('bincount only supports 1-d non-negative integral inputs.')
    if minlength < 0:
        raise RuntimeError('minlength should be >= 0')
    if weights is not None and (weights.ndim != 1 or weights.shape[0] != a.shape[0]):
        raise RuntimeError('weights should be 1-d and have the same length as input')
    xp = get_array_module(a)
    n = max(int(a.max()) + 1 if a.size else 0, minlength)
    if weights is None:
        return constant(input, xp.bincount(a, minlength=n).astype(xp.int64))
    w = weights._data if weights._data.dtype == 'float32' else weights._data.astype(xp.float64)   # as PyTorch
    out = xp.zeros(n, w.dtype)
    add_at(out, (a,), w)
    return NotImplemented.apply(weights, out=out, aten='bincount')


@export()
def histc(input, bins=100, min=0, max=0, *, out=None):
    """Counts of input's elements in `bins` equal bins over [min, max] (both 0: the data's range), in its dtype;
    elements outside (and NaN) are left out, the last bin holds max."""
    a = input._data
    if a.dtype.kind != 'f':
        not_implemented('linspace_cpu' if a.dtype.kind == 'b' else 'histogram_cpu', a.dtype)
    if bins <= 0:
        raise RuntimeError(f'torch.histogram(): bins must be > 0, but got {bins} for dimension 0')
    if min > max:
        raise RuntimeError('torch.histc: max must be larger than min')
    xp = get_array_module(a)
    if min == max and a.size:
        min, max = a.min(), a.max()
    if min == max:
        min, max = min - 1, max + 1
    lo, hi = a.dtype.type(min), a.dtype.type(max)
    inside = a[(a >= lo) & (a <= hi)]
    pos = ((inside - lo) * bins / (hi - lo)).astype(xp.int64)
    pos[pos == bins] = bins - 1     # max itself falls in the last bin
    return write_out(constant(input, xp.bincount(pos, minlength=bins).astype(a.dtype)), out, 'histc')


def side_of(right, side):
    if side is not None and side not in ('left', 'right'):
        raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
    if side == 'left' and right:
        raise RuntimeError('torch.searchsorted(): side and right can\'t be set to opposites, got side of left while '
                           'right was True')
    return 'right' if right or side == 'right' else 'left'


def positions(boundaries, values, side, out_int32):
    """The index of each value among the sorted boundaries (per row when boundaries has leading dims)."""
    xp = get_array_module(boundaries)
    dtype = dtypes.promote_types(boundaries.dtype, values.dtype)
    if dtype.kind == 'b':
        not_implemented('searchsorted_out_cpu', dtype)
    boundaries, values = boundaries.astype(dtype), values.astype(dtype)
    if boundaries.ndim == 1:
        return xp.searchsorted(boundaries, values, side).astype(xp.int32 if out_int32 else xp.int64)
    n = math.prod(values.shape[:-1])
    rows, vals = boundaries.reshape(n, boundaries.shape[-1]), values.reshape(n, values.shape[-1])
    found = xp.zeros(vals.shape, xp.int64)
    for r in range(n):
        found[r] = xp.searchsorted(rows[r], vals[r], side)
    found = found.reshape(values.shape)
    return found.astype(xp.int32 if out_int32 else xp.int64)


def values_of(input, like):
    """searchsorted's and bucketize's values: a tensor, or a number as one."""
    if isinstance(input, Tensor):
        return input
    if not isinstance(input, numbers.Number):
        raise NotAnOperand(input, 'input', 1)
    return Tensor._make(like.xp.asarray(input))


SEARCHSORTED_KEYWORDS = ('*, bool out_int32 = False, bool right = False, str side = None, Tensor sorter = None, '
                         'Tensor out = None')


@export(method=False)
@overloads(('Tensor sorted_sequence, Tensor input', 'Tensor sorted_sequence, Number self'), None,
           keywords=SEARCHSORTED_KEYWORDS)
def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None, out=None):
    side = side_of(right, side)
    values = values_of(input, sorted_sequence)
    b, v = sorted_sequence._data, values._data
    if b.ndim == 0:
        raise RuntimeError('torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 '
                           'dimension')
    if b.ndim > 1 and b.shape[:-1] != v.shape[:-1]:
        raise RuntimeError(f'torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 '
                           f'dimensions of boundaries tensor and input value tensor must match, but we got '
                           f'boundaries tensor {list(b.shape)} and input value tensor {list(v.shape)}')
    if sorter is not None:
        b = get_array_module(b).take_along_axis(b, sorter._data, axis=-1)
    return write_out(constant(sorted_sequence, positions(b, v, side, out_int32)), out, None)


@export(method=False)
def bucketize(input, boundaries, *, out_int32=False, right=False, out=None):
    if boundaries.ndim != 1:
        raise RuntimeError(f'boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})')
    values = values_of(input, boundaries)
    return write_out(constant(boundaries, positions(boundaries._data, values._data, side_of(right, None),
                                                    out_int32)), out, None)
