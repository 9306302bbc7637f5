"""Histograms with their bin edges: histogram (1-d data) and histogramdd (points in D dims, one per row of the
last dim), with equal bins over a range or given edges, optional weights and density. No gradient: a result of a
tensor that requires grad gets PyTorch's node that refuses backward."""
import math

from .nodiff import NotImplemented
from .operands import write_outs
from .table import export
from .. import return_types
from ..dtypes import not_implemented
from ..tensor import Tensor


def edges_of(x, bins, lo, hi, d):
    """The bin edges of dim d: the given 1-d edges, or bins + 1 equal steps from lo to hi (the data's range when no
    range is given; an empty range widened by 0.5 each side)."""
    xp = x.xp
    if isinstance(bins, Tensor):
        if bins.ndim != 1:
            raise RuntimeError(f'torch.histogramdd: bins tensor should have one dimension, but got {bins.ndim} '
                               f'dimensions in the bins tensor for dimension {d}')
        return bins._data
    if bins <= 0:
        raise RuntimeError(f'torch.histogram(): bins must be > 0, but got {bins} for dimension {d}')
    if lo is None:
        column = x._data.reshape(-1, x.shape[-1])[:, d]
        lo, hi = (column.min(), column.max()) if column.size else (0.0, 1.0)
    if lo > hi:
        raise RuntimeError(f'torch.histogramdd: min should not exceed max, but got min {lo:g} max {hi:g} for '
                           f'dimension {d}')
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError(f"torch.histogramdd: dimension {d}'s range [{lo:g}, {hi:g}] is not finite")
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    return xp.linspace(lo, hi, bins + 1, dtype=x._data.dtype)


def counts(x, bins, limits, weight, density, aten):
    """(hist, [edges of each dim]) of the points x (..., D)."""
    if x._data.dtype.kind != 'f':
        not_implemented('histogramdd', x._data.dtype)
    D = x.shape[-1]
    bins = list(bins) if isinstance(bins, (list, tuple)) else [bins] * D
    if len(bins) != D:
        raise RuntimeError('histogramdd: The size of bins must be equal to the innermost dimension of the input.')
    if weight is not None and tuple(weight.shape) != tuple(x.shape[:-1]):
        raise RuntimeError('torch.histogramdd: if weight tensor is provided it should have the same shape as the input '
                           'tensor excluding its innermost dimension, but got input with shape '
                           f'{list(x.shape)} and weight with shape {list(weight.shape)}')
    ranges = [(None, None)] * D if limits is None else list(zip(limits[::2], limits[1::2]))
    edges = [edges_of(x, b, lo, hi, d) for d, (b, (lo, hi)) in enumerate(zip(bins, ranges))]
    points = x._data.reshape(-1, D)
    w = None if weight is None else weight._data.reshape(-1)
    if all((e[1:] >= e[:-1]).all() for e in edges):
        hist = x.xp.histogramdd(points, bins=edges, weights=w, density=density)[0].astype(x._data.dtype)
    else:       # decreasing edges hold no value (PyTorch counts nothing there either)
        hist = x.xp.zeros([len(e) - 1 for e in edges], x._data.dtype)
    results = [hist] + edges
    if x.requires_grad:
        return [NotImplemented.apply(x, out=r, aten=aten) for r in results]
    return [Tensor._make(r) for r in results]


@export()
def histogram(input, bins=100, *, range=None, weight=None, density=False, out=None):
    if isinstance(bins, Tensor) and bins.ndim != 1:
        raise RuntimeError(f'torch.histogramdd: bins tensor should have one dimension, but got {bins.ndim} dimensions '
                           'in the bins tensor for dimension 0')
    if weight is not None and tuple(weight.shape) == tuple(input.shape):
        weight = weight.reshape(-1)
    hist, edges = counts(input.reshape(-1, 1), [bins], range, weight, density, 'histogram')
    return write_outs(return_types.histogram(hist, edges), out, 'histogram')


@export(method=False)
def histogramdd(input, bins, *, range=None, weight=None, density=False):
    if input.ndim == 0:
        raise IndexError('Dimension specified as -1 but tensor has no dimensions')
    if input.ndim < 2:
        raise RuntimeError('torch.histogramdd: input tensor should have at least 2 dimensions')
    given = isinstance(bins, (list, tuple)) and isinstance(bins[0], Tensor)
    aten = '_histogramdd_from_bin_tensors' if given else '_histogramdd_from_bin_cts'
    hist, *edges = counts(input, bins, range, weight, density, aten)
    if given:       # edges given as tensors come back as copies, without a node
        edges = [Tensor._make(e._data.copy()) if isinstance(b, Tensor) else e for b, e in zip(bins, edges)]
    return return_types.histogramdd(hist, tuple(edges))
