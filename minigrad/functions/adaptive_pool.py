"""Adaptive pooling: the output size is given and the windows follow from it. Along an axis of n inputs pooled to
o outputs, output i pools the window [floor(i n / o), ceil((i + 1) n / o)), so windows differ in length by at most
one and may overlap. The 1-d forms are the 2-d ones on a unit height (unsqueeze, pool, squeeze), as in PyTorch."""
from math import prod

from .. import dtypes
from ..backend import get_array_module
from ..tensor import Tensor
from .pool import MaxPool2DWithIndicesBackward0, MaxPool2DWithIndicesBackwardBackward0, check_1d, one_int, pair_max
from .resample import Resample, ResampleTransposed, Taps, pair


def window_taps(xp, n, o):
    """Each output's window along an axis of n inputs pooled to o outputs, as Taps: the positions start, start+1,
    ... (the longest window's length T of them, the last position repeated past a shorter window's end), and
    which of them are inside the window."""
    i = xp.arange(o)
    start, end = i * n // o, ((i + 1) * n + o - 1) // o
    T = int((end - start).max()) if o else 1
    at = start[:, None] + xp.arange(T)
    return Taps(xp.minimum(at, end[:, None] - 1), None, at < end[:, None]), end - start


def window_maxima(x, axes):
    """Each window's first maximum over the last len(axes) axes (a NaN wins: the window's last, as PyTorch's kernels
    scan), the windows given by their Taps along each axis (taps masked off count as -inf, or the dtype's least):
    (the flat index of each maximum into those axes, the maxima). Taps a window repeats come after the values they
    repeat, so the first max and the last NaN are the window's own."""
    xp = get_array_module(x)
    dims, lead = len(axes), x.shape[:-len(axes)]
    out_size, taps_per = [t.index.shape[0] for t in axes], [t.index.shape[1] for t in axes]

    def spread(a, array):       # array (out, T) placed along output axis a and tap axis dims + a
        shape = [1] * (2 * dims)
        shape[a], shape[dims + a] = array.shape
        return array.reshape(shape)
    values = x[(Ellipsis, *[spread(a, t.index) for a, t in enumerate(axes)])]      # (..., O1..Od, T1..Td)
    if any(t.mask is not None for t in axes):
        low = -xp.inf if x.dtype.kind == 'f' else xp.iinfo(x.dtype).min
        inside = xp.ones(values.shape[-2 * dims:], bool)
        for a, t in enumerate(axes):
            if t.mask is not None:
                inside = inside & spread(a, t.mask)
        values = xp.where(inside, values, low)
    values = values.reshape(*lead, *out_size, prod(taps_per))
    k = values.argmax(axis=-1) if values.size else xp.zeros(values.shape[:-1], xp.int64)
    if x.dtype.kind == 'f':
        nans = xp.isnan(values)
        if nans.any():
            k = xp.where(nans.any(axis=-1), values.shape[-1] - 1 - nans[..., ::-1].argmax(axis=-1), k)
    flat = 0
    for a, t in enumerate(axes):
        tap = k // prod(taps_per[a + 1:]) % taps_per[a]
        out_at = xp.arange(out_size[a]).reshape([-1 if b == a else 1 for b in range(dims)])
        flat = flat * x.shape[a - dims] + t.index[out_at, tap]
    return flat, xp.take_along_axis(values, k[..., None], axis=-1)[..., 0]


def with_defaults(x, output_size, dims):
    """F's _list_with_default: an int is that size on every axis, a None entry keeps that size of the input."""
    if isinstance(output_size, int):
        return (output_size,) * dims
    if x.ndim <= len(output_size):
        raise ValueError(f'Input dimension should be at least {len(output_size) + 1}')
    return tuple(n if o is None else o for o, n in zip(output_size, x.shape[-len(output_size):]))


def check_length(name, size, dims):
    if len(size) != dims:
        raise RuntimeError(f'{name}(): internal error: output_size.size() must be {dims}' if 'max' in name else
                           f'{name}: output_size must be {dims}')


def check_input(name, x, dims=2):
    """PyTorch's checks: (dims + 1)-d or (dims + 2)-d (unbatched or batched), the non-batch axes non-empty. Which axes
    count differs by kernel, as in PyTorch: adaptive_avg_pool2d checks the last two only, and adaptive_avg_pool3d
    looks for an empty axis before it checks the rank."""
    checked = range(max(x.ndim - 2, 0), x.ndim) if name == 'adaptive_avg_pool2d' else range(1, x.ndim)
    empty = next((d for d in checked if x.shape[d] == 0), None)
    if x.ndim not in (dims + 1, dims + 2) and (empty is None or name != 'adaptive_avg_pool3d'):
        sep = ':' if 'max' in name else ''
        raise RuntimeError(f'{name}(): Expected {dims + 1}D or {dims + 2}D tensor, but got{sep} {list(x.shape)}')
    if empty is not None:
        raise RuntimeError(f'{name}(): Expected input to have non-zero size for non-batch dimensions, but input '
                           f'has sizes {list(x.shape)} with dimension {empty} being empty')


class AdaptiveAvgPool2DBackward0(Resample):
    """out[i, j] = the mean of x over the window rows [floor(i H / OH), ceil((i + 1) H / OH)) and columns
    [floor(j W / OW), ceil((j + 1) W / OW)) (a separable resampling: weights 1 / window length per axis);
    dx = g / window size added onto every pixel of its window (overlapping windows add up)."""


class AdaptiveAvgPool2DBackwardBackward0(ResampleTransposed):
    """Adaptive average pooling's backward as an op: out = g / window size spread over each window;
    dg = adaptive_avg_pool2d(gg) with the same windows,  dx = 0 (x is an input, as in PyTorch)."""
    takes_input = True


pair(AdaptiveAvgPool2DBackward0, AdaptiveAvgPool2DBackwardBackward0)


def adaptive_avg_pool(name, node, input, output_size, dims):
    """The mean of each adaptive window over the last `dims` axes; an output of all 1s is the mean over them
    (MeanBackward1), as in PyTorch."""
    size = with_defaults(input, output_size, dims)
    check_length(name, size, dims)
    if min(size) < 0:
        raise RuntimeError(f'{name}: elements of output_size must be greater than or equal to 0 but received '
                           f'{{{size[0]}, ' + ','.join(map(str, size[1:])) + '}')
    if set(size) == {1}:
        return input.mean(tuple(range(-1, -dims - 1, -1)), keepdim=True)
    check_input(name, input, dims)
    if input._data.dtype.kind != 'f':
        dtypes.not_implemented(name if dims == 2 else name + '_cpu', input.dtype)
    xp = get_array_module(input._data)
    opmath = input._data.dtype if input._data.dtype.itemsize >= 4 else xp.float32   # float16 sums in float32
    axes = []
    for n, o in zip(input.shape[-dims:], size):
        taps, length = window_taps(xp, n, o)
        axes.append(taps._replace(weight=xp.broadcast_to((1 / length).astype(opmath)[:, None], taps.index.shape)))
    return node.apply(input, axes=tuple(axes))


def adaptive_avg_pool2d(input, output_size):
    """torch.nn.functional.adaptive_avg_pool2d."""
    return adaptive_avg_pool('adaptive_avg_pool2d', AdaptiveAvgPool2DBackward0, input, output_size, 2)


class AdaptiveAvgPool3DBackward0(Resample):
    """out[d, i, j] = the mean of x over the adaptive window along each of depth, height and width;
    dx = g / window size added onto every voxel of its window."""


class AdaptiveAvgPool3DBackwardBackward0(ResampleTransposed):
    """Adaptive 3-d average pooling's backward as an op: out = g / window size spread over each window;
    dg = adaptive_avg_pool3d(gg) with the same windows,  dx = 0 (x is an input, as in PyTorch)."""
    takes_input = True


pair(AdaptiveAvgPool3DBackward0, AdaptiveAvgPool3DBackwardBackward0)


def adaptive_avg_pool3d(input, output_size):
    """torch.nn.functional.adaptive_avg_pool3d."""
    return adaptive_avg_pool('adaptive_avg_pool3d', AdaptiveAvgPool3DBackward0, input, output_size, 3)


class AdaptiveMaxPool2DBackward0(MaxPool2DWithIndicesBackward0):
    """out = x at `indices`, the first max of each adaptive window (a NaN wins: the last one, as in PyTorch);
    dx = g added at those indices (overlapping windows accumulate)."""


class AdaptiveMaxPool2DBackwardBackward0(MaxPool2DWithIndicesBackwardBackward0):
    """Adaptive max pooling's backward as an op: out = zeros like x with g added at the max's indices;
    dg = gg at the indices,  dx = 0."""


pair_max(AdaptiveMaxPool2DBackward0, AdaptiveMaxPool2DBackwardBackward0)


def adaptive_max_pool(name, node, input, output_size, dims, return_indices, kernel):
    """The max of each adaptive window over the last `dims` axes, as `node`; with return_indices also the int64
    flat index of each max into those axes. `kernel`: the name PyTorch's dtype error gives."""
    size = with_defaults(input, output_size, dims)
    check_input(name, input, dims)
    check_length(name, size, dims)
    if min(size) < 0:
        raise RuntimeError(f'Trying to create tensor with negative dimension {min(size)}: '
                           f'{list(input.shape[:-dims] + size)}')
    x = input._data
    if x.dtype.kind != 'f':
        dtypes.not_implemented(kernel, input.dtype)
    xp = get_array_module(x)
    flat, maxima = window_maxima(x, [window_taps(xp, n, o)[0] for n, o in zip(x.shape[-dims:], size)])
    indices = Tensor._make(flat)
    out = node.apply(input, indices=indices, maxima=maxima)
    return (out, indices) if return_indices else out


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """torch.nn.functional.adaptive_max_pool2d; with return_indices also the int64 flat index into H*W of each
    max."""
    return adaptive_max_pool('adaptive_max_pool2d', AdaptiveMaxPool2DBackward0, input, output_size, 2,
                             return_indices, 'adaptive_max_pool2d')


def adaptive_avg_pool1d(input, output_size):
    """torch.nn.functional.adaptive_avg_pool1d: adaptive_avg_pool2d on a unit height."""
    check_1d('adaptive_avg_pool1d', input)
    size = one_int('adaptive_avg_pool1d', 'output_size', output_size, 2)
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """torch.nn.functional.adaptive_max_pool1d: adaptive_max_pool2d on a unit height (indices into the length)."""
    check_1d('adaptive_max_pool1d', input)
    size = one_int('adaptive_max_pool1d', 'output_size', output_size, 2)
    if 0 in input.shape[1:]:
        check_input('adaptive_max_pool1d', input, 1)
    out, indices = adaptive_max_pool2d(input.unsqueeze(-2), (1, size), return_indices=True)
    return (out.squeeze(-2), indices.squeeze(-2)) if return_indices else out.squeeze(-2)
