"""Fractional max pooling (Graham, 2014): windows of a fixed size whose starts step by a fractional stride, placed
at a random offset per (sample, channel) plane: F.fractional_max_pool2d and 3d. The windows' maxima and their
gradient are max pooling's (pool.py's nodes under PyTorch's names); only the windows differ."""
from .adaptive_pool import Taps, window_maxima
from .pool import MaxPool2DWithIndicesBackward0, MaxPool2DWithIndicesBackwardBackward0, pair_max
from .. import factories
from ..autograd import grad_mode
from ..backend import get_array_module
from ..dtypes import not_implemented
from ..tensor import Tensor


class FractionalMaxPool2DBackward0(MaxPool2DWithIndicesBackward0):
    """out = x at `indices`, the first max of each fractional window (a NaN wins: the last one, as in PyTorch);
    dx = g added at those indices."""


class FractionalMaxPool2DBackwardBackward0(MaxPool2DWithIndicesBackwardBackward0):
    """Fractional max pooling's backward as an op: out = zeros like x with g added at the max's indices;
    dg = gg at the indices,  dx = 0."""


class FractionalMaxPool3DBackward0(MaxPool2DWithIndicesBackward0):
    """out = x at `indices`, the first max of each fractional window over (T, H, W);  dx = g added at them."""
    dims = 3


class FractionalMaxPool3DBackwardBackward0(MaxPool2DWithIndicesBackwardBackward0):
    """Its backward as an op: out = zeros like x with g added at the max's indices;  dg = gg at them,  dx = 0."""
    dims = 3


pair_max(FractionalMaxPool2DBackward0, FractionalMaxPool2DBackwardBackward0)
pair_max(FractionalMaxPool3DBackward0, FractionalMaxPool3DBackwardBackward0)


def window_starts(xp, sample, n, o, k):
    """The starts of o windows of k along an axis of n, for a plane's sample u in [0, 1): the i-th is
    int((i + u) a) - int(u a) with a = (n - k) / (o - 1), the last n - k (PyTorch's generate_intervals, in the
    sample's dtype)."""
    dtype = sample.dtype.type
    starts = xp.full(o, n - k, xp.int64)
    if o > 1:
        alpha = dtype(n - k) / dtype(o - 1)
        i = xp.arange(o - 1).astype(sample.dtype)
        starts[:-1] = ((i + sample) * alpha).astype(xp.int64) - int(sample * alpha)
    return starts


def fractional_max_pool(name, node, input, kernel_size, output_size, output_ratio, return_indices, samples, dims):
    """The max of each fractional window over input's last `dims` axes, as `node`; with return_indices also the
    int64 flat index of each max into those axes."""
    if output_size is None and output_ratio is None:
        raise ValueError(f'{name} requires specifying either an output_size or an output_ratio')
    if output_size is None:
        if len(output_ratio) > dims:       # a bare float has no len(): PyTorch's TypeError too
            raise ValueError(f'{name} requires output_ratio to either be a single Int or tuple of Ints.')
        output_size = [int(input.size(a - dims) * tuple(output_ratio)[a]) for a in range(dims)]
    if samples is None:
        if not input.is_floating_point():
            not_implemented('check_uniform_bounds', input.dtype)     # the draw fails first, as in PyTorch
        n_batch = 1 if input.dim() == dims + 1 else input.size(0)
        samples = factories.rand(n_batch, input.size(-dims - 1), dims, dtype=input.dtype, device=input.device)
    if samples.requires_grad and grad_mode.is_grad_enabled():
        raise RuntimeError(f"The function '{name}' is not differentiable with respect to argument 'random_samples'. "
                           'This input cannot have requires_grad True.')
    kernel = (kernel_size,) * dims if isinstance(kernel_size, int) else tuple(kernel_size)
    size = (output_size,) * dims if isinstance(output_size, int) else tuple(output_size)
    if len(kernel) != dims:
        raise RuntimeError(f'{name}: kernel_size must either be a single Int or tuple of Ints')
    if len(size) != dims:
        raise RuntimeError(f'{name}: output_size must either be a single Int or tuple of Ints')
    if input.dim() not in (dims + 1, dims + 2):
        raise RuntimeError(f'{name}(): Expected {dims + 1}D or {dims + 2}D tensor, but got: {list(input.shape)}')
    for i in range(input.dim() - dims - 1, input.dim()):
        if input.shape[i] <= 0:
            raise RuntimeError(f'{name}(): Expected input to have non-zero size for non-batch dimensions, but got'
                               f'{list(input.shape)} with dimension {i} being empty.')
    axes = ('height', 'width') if dims == 2 else ('time', 'height', 'width')
    where = name + '()' if dims == 2 else name + '_out()'
    for axis, k, o, n in zip(axes, kernel, size, input.shape[-dims:]):
        if o + k - 1 > n:
            raise RuntimeError(f'{where}: pool {axis} {k} too large relative to input {axis} {n}')
    if samples.shape[-1] != dims:
        raise RuntimeError(f'Expect _random_samples.size(2) equals to {dims}; got {samples.shape[-1]}.')
    if samples.dtype != input.dtype:
        raise RuntimeError('Expect _random_samples to have the same dtype as input')
    if not input.is_floating_point():
        not_implemented(name + '_out_frame', input.dtype)
    x, u = input._data, samples._data
    xp = get_array_module(x)
    batch = x.reshape((-1,) + x.shape[-dims - 1:])
    # the 2-d kernel reads a plane's samples as (w, h), the 3-d one as (t, h, w)
    order = (1, 0) if dims == 2 else (0, 1, 2)
    flats, maxima = [], []
    for b in range(batch.shape[0]):
        for c in range(batch.shape[1]):
            taps = [Taps(window_starts(xp, u[b, c, order[a]], n, o, k)[:, None] + xp.arange(k), None, None)
                    for a, (n, o, k) in enumerate(zip(x.shape[-dims:], size, kernel))]
            flat, top = window_maxima(batch[b, c], taps)
            flats.append(flat)
            maxima.append(top)
    shape = x.shape[:-dims] + size
    indices = Tensor._make(xp.stack(flats).reshape(shape))
    out = node.apply(input, indices=indices, maxima=xp.stack(maxima).reshape(shape))
    return (out, indices) if return_indices else out


def fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                          _random_samples=None):
    """torch.nn.functional.fractional_max_pool2d: input (N, C, H, W) or (C, H, W); _random_samples (N, C, 2), each
    plane's offsets (w, h) in [0, 1), drawn uniformly when None."""
    return fractional_max_pool('fractional_max_pool2d', FractionalMaxPool2DBackward0, input, kernel_size,
                               output_size, output_ratio, return_indices, _random_samples, 2)


def fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                          _random_samples=None):
    """torch.nn.functional.fractional_max_pool3d: input (N, C, T, H, W) or (C, T, H, W); _random_samples (N, C, 3),
    each plane's offsets (t, h, w) in [0, 1), drawn uniformly when None."""
    return fractional_max_pool('fractional_max_pool3d', FractionalMaxPool3DBackward0, input, kernel_size,
                               output_size, output_ratio, return_indices, _random_samples, 3)
