"""torch.gradient: the derivative of sampled values along each dim by finite differences, second-order accurate
central differences inside and one-sided ones (first or second order, edge_order) at the two ends. Composed of
slices, arithmetic and cat as PyTorch composes it, so its graph and gradient are those of these ops."""
import numbers

from .index import narrow
from .shape import cat
from .table import export
from ..dims import normalize_dim
from ..tensor import Tensor


def part(t, d, start, stop=None):
    """t's elements start:stop along dim d (negative counts from the end; stop None: to the end)."""
    n = t.shape[d]
    start = start + n if start < 0 else start
    stop = n if stop is None else stop + n if stop < 0 else stop
    return narrow(t, d, start, stop - start)


def uniform(t, d, h, edge_order):
    """d t / dx along dim d for samples h apart: (t[i+1] - t[i-1]) / 2h inside, one-sided at the ends."""
    center = (part(t, d, 2) - part(t, d, 0, -2)) / h
    if edge_order == 1:
        first = (part(t, d, 1, 2) - part(t, d, 0, 1)) / h
        last = (part(t, d, -1) - part(t, d, -2, -1)) / h
    else:
        first = (part(t, d, 0, 1) * -1.5 + part(t, d, 1, 2) * 2 - part(t, d, 2, 3) * 0.5) / h
        last = (part(t, d, -3, -2) * 0.5 + part(t, d, -2, -1) * -2 + part(t, d, -1) * 1.5) / h
    return cat([first, center / 2, last], d)


def at_coordinates(t, d, x, edge_order):
    """d t / dx along dim d for samples at the coordinates x (a 1-d tensor): the second-order weights of uneven
    steps dx1 = x[i] - x[i-1], dx2 = x[i+1] - x[i] inside, one-sided at the ends."""
    shape = [1] * t.ndim
    shape[d] = -1
    dx = x.diff()
    dx1, dx2 = dx[:-1], dx[1:]
    a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shape)
    b = ((dx2 - dx1) / (dx1 * dx2)).reshape(shape)
    c = (dx1 / (dx2 * (dx1 + dx2))).reshape(shape)
    center = a * part(t, d, 0, -2) + b * part(t, d, 1, -1) + c * part(t, d, 2)
    if edge_order == 1:
        first = (part(t, d, 1, 2) - part(t, d, 0, 1)) / dx[0]
        last = (part(t, d, -1) - part(t, d, -2, -1)) / dx[-1]
    else:
        h0, h1, g1, g2 = dx[0], dx[1], dx[-1], dx[-2]
        first = (-(2.0 * h0 + h1) / (h0 * (h0 + h1)) * part(t, d, 0, 1) + (h0 + h1) / (h0 * h1) * part(t, d, 1, 2)
                 + -h0 / (h1 * (h0 + h1)) * part(t, d, 2, 3))
        last = (g1 / (g2 * (g1 + g2)) * part(t, d, -3, -2) + -(g1 + g2) / (g1 * g2) * part(t, d, -2, -1)
                + (2 * g1 + g2) / (g1 * (g1 + g2)) * part(t, d, -1))
    return cat([first, center, last], d)


@export(method=False)
def gradient(input, *, spacing=1, dim=None, edge_order=1):
    if isinstance(spacing, Tensor):
        raise TypeError('gradient() received an invalid combination of arguments - got (Tensor, spacing=Tensor), '
                        'but expected one of:\n * (Tensor input, *, tuple of ints dim, int edge_order = 1)\n'
                        ' * (Tensor input, *, Number spacing, tuple of ints dim, int edge_order = 1)\n'
                        ' * (Tensor input, *, Number spacing = None, int dim = None, int edge_order = 1)\n'
                        ' * (Tensor input, *, tuple of Scalars spacing, int dim = None, int edge_order = 1)\n'
                        ' * (Tensor input, *, tuple of Scalars spacing, tuple of ints dim, int edge_order = 1)\n'
                        ' * (Tensor input, *, tuple of Tensors spacing, int dim = None, int edge_order = 1)\n'
                        ' * (Tensor input, *, tuple of Tensors spacing, tuple of ints dim, int edge_order = 1)\n')
    dims = range(input.ndim) if dim is None else [dim] if isinstance(dim, int) else list(dim)
    dims = [normalize_dim(d, input.ndim) for d in dims]
    spacing = [spacing] * len(dims) if spacing is None or isinstance(spacing, numbers.Number) else list(spacing)
    if len(spacing) not in (1, len(dims)):
        if dim is None:
            raise RuntimeError("torch.gradient expected spacing to be unspecified, a scalar, or a list of length "
                               f"equal to 'self.dim() = {input.ndim}', since dim argument was not given, but got a "
                               f'list of length {len(spacing)}')
        raise RuntimeError("torch.gradient expected spacing to be unspecified, a scalar or it's spacing and dim "
                           'arguments to have the same length, but got a spacing argument of length '
                           f'{len(spacing)} and a dim argument of length {len(dims)}.')
    spacing = spacing * len(dims) if len(spacing) == 1 else spacing
    if input._data.dtype == 'uint8':
        raise RuntimeError('torch.gradient does not support uint8 input.')
    if edge_order not in (1, 2):
        raise RuntimeError('torch.gradient only supports edge_order=1 and edge_order=2.')
    if any(input.shape[d] < edge_order + 1 for d in dims):
        raise RuntimeError('torch.gradient expected each dimension size to be at least edge_order+1')
    return tuple(at_coordinates(input, d, h, edge_order) if isinstance(h, Tensor)
                 else uniform(input, d, 1 if h is None else h, edge_order) for d, h in zip(dims, spacing))
