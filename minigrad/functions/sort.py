"""Sorting and selecting by order along a dim: sort, argsort, msort, topk, kthvalue. Each finds the indices first
(a stable argsort; for topk and kthvalue, rows with equal values go through PyTorch's own selection algorithms, see
stdlib_select.py, so that ties pick PyTorch's elements) and gathers the values at them: the gradient goes back to the
picked elements (GatherBackward0's, with the node named for the op)."""
from .compare import constant
from .operands import write_out
from .grad_utils import is_tensor
from .scatter import GatherBackward0, value_selecting_grad
from .stdlib_select import quickselect, topk_order
from .table import export
from .. import return_types
from ..backend import get_array_module
from ..dims import as_int, normalize_dim, reduced_dim
from ..dtypes import not_implemented


class ValueSelecting(GatherBackward0):
    """values = a at the indices along dim (an op that selects them);  da = zeros with g put back at the indices
    (under create_graph as PyTorch's value_selecting_reduction_backward: a scatter)"""

    @staticmethod
    def backward(ctx, g):
        if is_tensor(g):
            index, = ctx.saved_tensors
            return value_selecting_grad(g, ctx.dim, index, ctx.shape)
        return GatherBackward0.backward(ctx, g)


class SortBackward0(ValueSelecting):
    """values = a sorted along dim, out[i] = a[indices[i]];  da = zeros with g put back at indices"""


class SortBackward1(SortBackward0):
    """sort(stable=...): values = a sorted along dim, out[i] = a[indices[i]];  da = zeros with g put back at indices"""


class TopkBackward0(ValueSelecting):
    """values = the k largest (smallest) of a along dim, out[i] = a[indices[i]];  da = zeros with g put back at
    indices"""


class KthvalueBackward0(ValueSelecting):
    """values = the k-th smallest of a along dim, out = a[index];  da = zeros with g put back at index"""


def order(a, dim, descending=False):
    """The stable argsort of a along dim; descending keeps equal elements in their order too (and NaN, the
    largest, comes first), as PyTorch's sort does."""
    xp = get_array_module(a)
    d = normalize_dim(dim, a.ndim)
    if a.ndim == 0:
        return xp.zeros((), xp.int64)
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


def by_rows(a, d, indices, sorted, pytorch):
    """`indices` (picked along dim d from a stable argsort), with the rows along d that hold equal values (all rows
    when not `sorted`: PyTorch leaves them in its algorithm's order) replaced by `pytorch(row)`, PyTorch's own
    choice among the ties."""
    xp = get_array_module(a)
    if a.size == 0:
        return indices
    rows = xp.moveaxis(a, d, -1).reshape(-1, a.shape[d])
    ordered = xp.sort(rows, axis=1)
    nan = ordered != ordered
    tied = ((ordered[:, 1:] == ordered[:, :-1]) | (nan[:, 1:] & nan[:, :-1])).any(1) if sorted else \
        xp.ones(len(rows), bool)
    if not tied.any():
        return indices
    picked = xp.moveaxis(indices, d, -1).reshape(len(rows), -1).copy()
    for r in xp.flatnonzero(tied).tolist():
        picked[r] = xp.asarray(pytorch(rows[r].tolist()))
    return xp.moveaxis(picked.reshape(xp.moveaxis(indices, d, -1).shape), -1, d)


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
    """The k largest (smallest) elements along dim, in order (sorted=False: in the order PyTorch's kernel leaves
    them)."""
    if input._data.dtype.kind == 'b':
        raise RuntimeError('topk does not support bool dtypes on CPU')
    a, k = input._data, as_int(k)
    n = a.shape[normalize_dim(dim, a.ndim)] if a.ndim else 1
    if not 0 <= k <= n:
        raise RuntimeError('selected index k out of range')
    indices = order(a, dim, largest)
    if a.ndim:
        d = normalize_dim(dim, a.ndim)
        indices = by_rows(a, d, indices[(slice(None),) * d + (slice(0, k),)], sorted,
                          lambda row: topk_order(row, k, largest, sorted))
    return returned(return_types.topk, *picked(TopkBackward0, input, dim, indices), out, 'topk')


@export()
def kthvalue(input, k, dim=-1, keepdim=False, *, out=None):
    """The k-th smallest element along dim and its index (of equal elements, the one PyTorch's quickselect picks)."""
    a, k = input._data, as_int(k)
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
    indices = by_rows(a, d, order(a, d)[(slice(None),) * d + (slice(k - 1, k),)], True,
                      lambda row: [quickselect(row, k - 1)])
    shape = indices.shape if keepdim else indices.shape[:d] + indices.shape[d + 1:]
    return returned(return_types.kthvalue, *picked(KthvalueBackward0, input, d, indices, shape),
                    out, 'kthvalue')
