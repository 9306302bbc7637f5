"""index_reduce: source's slices along dim reduced (prod, mean, amax, amin) into input's slices at index[j]. It is
scatter_reduce with index[j] spread over source's j-th slice, so it shares its forward and gradients."""
import warnings

from .grad_utils import as_tensor
from .scatter import ScatterReduceBackward0
from .table import export
from .. import dtypes
from ..dims import normalize_dim


class IndexReduceBackward0(ScatterReduceBackward0):
    """out = a with source[..., j, ...] reduced into a[..., index[j], ...] (prod, mean, amax, amin; a's own slice
    too if include_self);  da = g / count (mean), g * out / a (prod), g shared by the values equal to the result
    (amax, amin), 0 in the slices at index without include_self; dsource likewise at index (scatter_reduce's
    gradients, index spread over source's slices; `vector`: the index itself)"""

    @staticmethod
    def forward(ctx, a, src, dim, index, reduce, include_self, vector):
        ctx.vector = vector
        return ScatterReduceBackward0.forward(ctx, a, src, dim, index, reduce, include_self)

    def excluded(self, ga, index):
        """ga with 0 in the slices at index, as PyTorch's index_fill(dim, index, 0)."""
        return ga.index_fill(self.dim, as_tensor(self.vector), 0)


@export(inplace=True)
def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    warnings.warn('index_reduce() is in beta and the API may change at any time.', UserWarning, stacklevel=2)
    if reduce not in ('prod', 'mean', 'amax', 'amin'):
        raise RuntimeError(f'index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}.')
    d = normalize_dim(dim, input.ndim)
    if index._data.dtype.name not in ('int32', 'int64'):
        raise RuntimeError('index_reduce_(): Expected dtype int32/int64 for index but got: '
                           f'{dtypes.title(index._data.dtype)}')
    if index.ndim > 1:
        raise IndexError(f'index_reduce_(): Index is supposed to be a vector, but got dim: {index.ndim} with type: '
                         f'{dtypes.title(index._data.dtype)} and size: {list(index.shape)}')
    n = source.shape[d] if source.ndim else 1
    if index.numel() != n:
        raise RuntimeError(f'index_reduce_(): Number of indices ({index.numel()}) should be equal to '
                           f'source.size(dim): ({n}), for dim: {d}')
    if source._data.dtype != input._data.dtype:
        raise RuntimeError(f'index_reduce_(): self ({dtypes.title(input._data.dtype)}) and source '
                           f'({dtypes.title(source._data.dtype)}) must have the same scalar type')
    if source.ndim != input.ndim or any(s != i for k, (s, i) in enumerate(zip(source.shape, input.shape)) if k != d):
        raise RuntimeError('source tensor shape must match self tensor shape, excluding the specified dimension. Got '
                           f'self.shape = {list(input.shape)} source.shape = {list(source.shape)}')
    size = input.shape[d] if input.ndim else 1
    if ((index._data < 0) | (index._data >= size)).any():      # no negative index, unlike index_select
        raise IndexError('index out of range in self')
    shape = [1] * source.ndim
    shape[d] = -1
    spread = index.long().reshape(shape).expand(*source.shape)
    return IndexReduceBackward0.apply(input, source, dim=d, index=spread, reduce=reduce, include_self=include_self,
                                      vector=index.long()._data)
