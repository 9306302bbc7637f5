"""Sorting and selecting by order along a dim: sort, argsort, msort, topk, kthvalue. Each finds the indices first
(a stable argsort, or PyTorch's quickselect for kthvalue, so that ties pick PyTorch's element) and gathers the values
at them: the gradient goes back to the picked elements (GatherBackward0's, with the node named for the op)."""
from .compare import constant
from .operands import write_out
from .scatter import GatherBackward0
from .table import export
from .. import return_types
from ..backend import get_array_module
from ..dims import normalize_dim, reduced_dim
from ..dtypes import not_implemented


class SortBackward0(GatherBackward0):
    """values = a sorted along dim, out[i] = a[indices[i]];  da = zeros with g put back at indices"""


class SortBackward1(SortBackward0):
    """sort(stable=...): values = a sorted along dim, out[i] = a[indices[i]];  da = zeros with g put back at indices"""


class TopkBackward0(GatherBackward0):
    """values = the k largest (smallest) of a along dim, out[i] = a[indices[i]];  da = zeros with g put back at
    indices"""


class KthvalueBackward0(GatherBackward0):
    """values = the k-th smallest of a along dim, out = a[index];  da = zeros with g put back at index"""


def order(a, dim, descending=False):
    """The stable argsort of a along dim; descending keeps equal elements in their order too (and NaN, the
    largest, comes first), as PyTorch's sort does."""
    xp = get_array_module(a)
    if a.ndim == 0:
        return xp.zeros((), xp.int64)
    d = normalize_dim(dim, a.ndim)
    if not descending:
        return xp.argsort(a, axis=d, kind='stable')
    return a.shape[d] - 1 - xp.flip(xp.argsort(xp.flip(a, d), axis=d, kind='stable'), d)


def picked(node, input, dim, indices, shape=None):
    """(values, indices): the input's values at the indices along dim, recorded as `node`; both in `shape` if given
    (kthvalue's without keepdim)."""
    index = constant(input, indices)
    values = node.apply(input, dim=dim, index=index, shape=shape)
    return values, index if shape is None else constant(input, indices.reshape(shape))


def returned(result_type, values, indices, out, name):
    """The named tuple of values and indices, or with out=(values, indices) written into them."""
    if out is None:
        return result_type(values, indices)
    return getattr(return_types, result_type.__name__ + '_out')(write_out(values, out[0], name),
                                                               write_out(indices, out[1], None))


@export()
def sort(input, dim=-1, descending=False, *, stable=None, out=None):
    indices = order(input._data, dim, descending)
    node = SortBackward0 if stable is None else SortBackward1
    return returned(return_types.sort, *picked(node, input, dim, indices), out, 'sort')


@export()
def argsort(input, dim=-1, descending=False, *, stable=False, out=None):
    return write_out(constant(input, order(input._data, dim, descending)), out, None)


@export()
def msort(input, *, out=None):
    return write_out(sort(input, 0).values, out, 'msort')


@export()
def topk(input, k, dim=-1, largest=True, sorted=True, *, out=None):
    """The k largest (smallest) elements along dim, in order (sorted=False gives them in order too: PyTorch leaves
    that order unspecified)."""
    if input._data.dtype.kind == 'b':
        raise RuntimeError('topk does not support bool dtypes on CPU')
    a = input._data
    n = a.shape[normalize_dim(dim, a.ndim)] if a.ndim else 1
    if not 0 <= k <= n:
        raise RuntimeError('selected index k out of range')
    indices = order(a, dim, largest)
    if a.ndim:
        indices = indices[(slice(None),) * normalize_dim(dim, a.ndim) + (slice(0, k),)]
    return returned(return_types.topk, *picked(TopkBackward0, input, dim, indices), out, 'topk')


@export()
def kthvalue(input, k, dim=-1, keepdim=False, *, out=None):
    """The k-th smallest element along dim and its index (of equal elements, the one PyTorch's quickselect picks)."""
    a = input._data
    if a.dtype.kind == 'b':
        not_implemented('kthvalue_cpu', a.dtype)
    xp = get_array_module(a)
    d = reduced_dim('kthvalue', a.shape, dim)
    n = a.shape[d] if a.ndim else 1
    if not 1 <= k <= n:
        raise RuntimeError(f'kthvalue(): selected number k out of range for dimension {d}')
    if a.ndim == 0:
        return returned(return_types.kthvalue, *picked(KthvalueBackward0, input, dim, xp.zeros((), xp.int64)),
                        out, 'kthvalue')
    rows = xp.moveaxis(a, d, -1).reshape(-1, n)
    chosen = xp.asarray([quickselect(row, k - 1) for row in rows.tolist()], dtype=xp.int64)
    indices = xp.expand_dims(chosen.reshape(xp.moveaxis(a, d, -1).shape[:-1]), d)
    shape = indices.shape if keepdim else indices.shape[:d] + indices.shape[d + 1:]
    return returned(return_types.kthvalue, *picked(KthvalueBackward0, input, d, indices, shape),
                    out, 'kthvalue')


def quickselect(values, k):
    """The index of the k-th smallest (from 0) of `values`, a list, by PyTorch's CPU quickselect
    (quick_select_template in aten/src/ATen/native/SortingUtils.h: median of three pivot, NaN the largest), so that
    of equal values the same one is picked."""
    arr, idx = list(values), list(range(len(values)))

    def gt(x, y):
        return (x != x and y == y) or x > y

    def swap(i, j):
        arr[i], arr[j] = arr[j], arr[i]
        idx[i], idx[j] = idx[j], idx[i]
    lo, hi = 0, len(arr) - 1
    while hi > lo:
        if hi == lo + 1:
            if gt(arr[lo], arr[hi]):
                swap(lo, hi)
            break
        mid = lo + (hi - lo) // 2
        swap(mid, lo + 1)
        if gt(arr[lo + 1], arr[hi]):
            swap(lo + 1, hi)
        if gt(arr[lo], arr[hi]):
            swap(lo, hi)
        if gt(arr[lo + 1], arr[lo]):
            swap(lo + 1, lo)
        i, j, pivot = lo + 1, hi, arr[lo]
        while True:
            i += 1
            while gt(pivot, arr[i]):
                i += 1
            j -= 1
            while gt(arr[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(lo, j)
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1
    return idx[k]
