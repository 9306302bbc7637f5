"""unique and unique_consecutive: the distinct elements (or slices along dim), with where each element went
(return_inverse) and how many there were (return_counts). NaNs are all distinct, as in PyTorch. No derivative: the
values get PyTorch's node that refuses backward."""
from .compare import constant
from .nodiff import Unique2Backward0, UniqueConsecutiveBackward0, UniqueDimBackward0
from .table import export
from ..backend import get_array_module
from ..dims import normalize_dim


def as_rows(a, dim):
    """a's elements (dim None) or its slices along dim (each flattened) as the rows of a 2-d array."""
    if dim is None:
        return a.reshape(-1, 1)
    d = normalize_dim(dim, a.ndim)
    if any(n == 0 for k, n in enumerate(a.shape) if k != d):
        raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied")
    return get_array_module(a).moveaxis(a, d, 0).reshape(a.shape[d] if a.ndim else 1, -1)


def from_rows(rows, a, dim):
    """The rows back in a's layout: 1-d for elements, slices along dim."""
    if dim is None:
        return rows.reshape(-1)
    d = normalize_dim(dim, a.ndim)
    xp = get_array_module(a)
    rest = xp.moveaxis(a, d, 0).shape[1:]
    return xp.moveaxis(rows.reshape((rows.shape[0],) + rest), 0, d)


def results(node, input, values, inverse, counts, return_inverse, return_counts, dim):
    out = node.apply(input, out=from_rows(values, input._data, dim))
    inverse = inverse.reshape(input.shape if dim is None else -1)
    extra = [constant(input, x) for x, wanted in ((inverse, return_inverse), (counts, return_counts)) if wanted]
    return tuple([out] + extra) if extra else out


@export()
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct elements (dim: slices along dim), in order (sorted=False gives them in order too: PyTorch's
    CPU kernels sort as well)."""
    a = input._data
    xp = get_array_module(a)
    rows = as_rows(a, dim)
    if dim is None:
        values, inverse, counts = xp.unique(rows[:, 0], return_inverse=True, return_counts=True, equal_nan=False)
        values = values[:, None]
    else:
        values, inverse, counts = xp.unique(rows, return_inverse=True, return_counts=True, axis=0)
    node = Unique2Backward0 if dim is None else UniqueDimBackward0
    return results(node, input, values, inverse, counts, return_inverse, return_counts, dim)


@export()
def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """The elements (dim: slices along dim) without consecutive repeats."""
    a = input._data
    xp = get_array_module(a)
    rows = as_rows(a, dim)
    starts = xp.ones(rows.shape[0], bool)
    starts[1:] = (rows[1:] != rows[:-1]).any(axis=1)
    first = xp.flatnonzero(starts)
    counts = xp.diff(xp.append(first, rows.shape[0]))
    inverse = xp.cumsum(starts) - 1
    return results(UniqueConsecutiveBackward0, input, rows[first], inverse, counts, return_inverse, return_counts,
                   dim)
