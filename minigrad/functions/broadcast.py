"""Broadcasting made explicit: broadcast_tensors and meshgrid (expanded views, no copy) and its reverse,
sum_to_size (a sum over the dims a broadcast would have added). Their nodes are expand's, view's and sum's."""
import warnings

from .reduce import sum as sum_
from .shape import expand, reshape
from .table import export
from ..dims import check_broadcast, sizes_arg


@export(method=False)
def broadcast_tensors(*tensors):
    """The tensors expanded to their common broadcast shape (each one of that shape already: itself)."""
    shape = check_broadcast(*[t.shape for t in tensors])
    return tuple(t if t.shape == shape else expand(t, shape) for t in tensors)


@export(method=False)
def meshgrid(*tensors, indexing=None):
    """Grids of coordinates from 1-D tensors: out_i[j_0, j_1, ...] = tensors[i][j_i] ('ij' indexing), or with the
    first two dims swapped ('xy', as numpy's default)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn('torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.',
                      UserWarning, stacklevel=2)
        indexing = 'ij'
    if indexing not in ('ij', 'xy'):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    if not tensors:
        raise RuntimeError('meshgrid expects a non-empty TensorList')
    for t in tensors:
        if t.ndim > 1:
            raise RuntimeError(f'torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}')
        if t.dtype != tensors[0].dtype:
            raise RuntimeError('meshgrid expects all tensors to have the same dtype')
    dims = list(range(len(tensors)))      # the dim along which each tensor lies in the grids
    if indexing == 'xy' and len(dims) > 1:
        dims[0], dims[1] = 1, 0
    shape = [0] * len(dims)
    for t, d in zip(tensors, dims):
        shape[d] = t.numel()
    grids = [expand(reshape(t, *[-1 if j == d else 1 for j in range(len(shape))]), shape)
             for t, d in zip(tensors, dims)]
    return tuple(grids)


@export(function=False)
def sum_to_size(input, *args, size=None):
    """The sum of input down to `size`, the shape it could have been expanded from: over the leading dims and the
    dims where size has 1 (itself when it has that shape already)."""
    size, shape = sizes_arg('sum_to_size', args, 'size', size), input.shape
    if not size:        # as PyTorch's sum_to: a 0-d size is the sum of everything
        return sum_(input)
    lead = input.ndim - len(size)
    if lead < 0 or any(n != 1 and n != m for n, m in zip(size, shape[lead:])):
        raise RuntimeError(f'size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.')
    dims = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(size) if n == 1 and shape[lead + i] != 1)
    if not dims:
        return input
    out = sum_(input, dims, keepdim=True)
    return reshape(out, size) if lead else out
