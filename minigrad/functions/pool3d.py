"""3-d pooling over the last three axes of (N, C, D, H, W) or (C, D, H, W): max pooling by gathering each window's
taps (adaptive_pool.window_maxima), average pooling as a separable resampling (a box filter per axis: resample.py),
and adaptive max pooling."""
from .. import dtypes
from ..backend import get_array_module
from ..tensor import Tensor
from .adaptive_pool import adaptive_max_pool, window_maxima
from .pool import MaxPool2DWithIndicesBackward0, MaxPool2DWithIndicesBackwardBackward0, _lp_pool, _out_size, pair_max
from .resample import Resample, ResampleTransposed, Taps, pair


def _triple(v, what, name):
    v = (v, v, v) if isinstance(v, int) else tuple(v)
    if len(v) == 1:
        v = v * 3
    if len(v) != 3:
        raise RuntimeError(f'{name}: {what}')
    return v


def pool3d_geometry(name, x, kernel_size, stride, padding, dilation, ceil_mode):
    """PyTorch's checks of the 3-d pools' arguments, in its order; kernel, stride, padding, dilation and the output
    size, per axis."""
    either = ' either' if name == 'max_pool3d' else ''
    k = _triple(kernel_size, f'kernel_size must{either} be a single int, or a tuple of three ints', name)
    s = _triple(k if stride in (None, (), []) else stride,
                f'stride must{either} be omitted, a single int, or a tuple of three ints', name)
    p = _triple(padding, f'padding must{either} be a single int, or a tuple of three ints', name)
    d = _triple(dilation, 'dilation must be either a single int, or a tuple of three ints', name)
    if x.ndim not in (4, 5):
        raise RuntimeError('non-empty 4D or 5D (batch mode) tensor expected for input')
    out = tuple(_out_size(n, *args, ceil_mode) for n, args in zip(x.shape[-3:], zip(k, p, s, d)))
    if min(d) <= 0:
        raise RuntimeError(f'dilation should be greater than zero, but got dilationT: {d[0]} dilationH: {d[1]} '
                           f'dilationW: {d[2]}')
    if 0 in x.shape[-4:]:
        where = 'max_pool3d_with_indices_out_cpu_template' if name == 'max_pool3d' else name
        raise RuntimeError(f"{where}(): Expected input's non-batch dimensions to have positive length, but input has "
                           f'a shape of {list(x.shape)} and non-batch dimension 0 has length zero!')
    if name == 'avg_pool3d' and any(n < ki for n, ki in zip(x.shape[-3:], k)):
        (T, H, W), (kT, kH, kW) = x.shape[-3:], k
        raise RuntimeError(f'input image (T: {T} H: {H} W: {W}) smaller than kernel size (kT: {kT} kH: {kH} '
                           f'kW: {kW})')
    if min(out) < 1:
        raise RuntimeError(f'Given input size: ({"x".join(map(str, x.shape[-4:]))}). Calculated output size: '
                           f'({"x".join(map(str, (x.shape[-4],) + out))}). Output size is too small')
    return k, s, p, d, out


def strided_taps(xp, n, k, s, p, d, o):
    """Each output's window along an axis: positions i s - p + t d (t < k), masked off outside [0, n)."""
    at = (xp.arange(o) * s - p)[:, None] + xp.arange(k) * d
    return Taps(xp.clip(at, 0, n - 1), None, (at >= 0) & (at < n))


class MaxPool3DWithIndicesBackward0(MaxPool2DWithIndicesBackward0):
    """out = x at `indices`, the first max of each (D, H, W) window (padding is -inf; a NaN wins, the last);
    dx = g added at those indices (overlapping windows accumulate)."""
    dims = 3


class MaxPool3DWithIndicesBackwardBackward0(MaxPool2DWithIndicesBackwardBackward0):
    """3-d max pooling's backward as an op: out = zeros like x with g added at the max's indices;
    dg = gg at the indices,  dx = 0."""
    dims = 3


pair_max(MaxPool3DWithIndicesBackward0, MaxPool3DWithIndicesBackwardBackward0)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """torch.nn.functional.max_pool3d; with return_indices also the int64 flat index into D*H*W of each max."""
    k, s, p, d, out = pool3d_geometry('max_pool3d', input, kernel_size, stride, padding, dilation, ceil_mode)
    x = input._data
    if x.dtype.kind == 'b':
        dtypes.not_implemented('max_pool3d', input.dtype)
    xp = get_array_module(x)
    flat, maxima = window_maxima(x, [strided_taps(xp, *args) for args in zip(x.shape[-3:], k, s, p, d, out)])
    indices = Tensor._make(flat)
    result = MaxPool3DWithIndicesBackward0.apply(input, indices=indices, maxima=maxima)
    return (result, indices) if return_indices else result


class AvgPool3DBackward0(Resample):
    """out = (sum of the window, padding counted as 0) / divisor, the divisor the product of the window's length
    along each axis (clipped to the padded input with count_include_pad, to the input without), or
    divisor_override;  dx = g / divisor spread over each window (overlapping windows add up)."""


class AvgPool3DBackwardBackward0(ResampleTransposed):
    """3-d average pooling's backward as an op: out = g / divisor spread over each window;
    dg = avg_pool3d(gg) with the same windows,  dx = 0 (x is an input, as in PyTorch)."""
    takes_input = True


pair(AvgPool3DBackward0, AvgPool3DBackwardBackward0)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """torch.nn.functional.avg_pool3d: a box filter per axis, its weights 1 / the window's length there."""
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError('divisor must be not zero')
    k, s, p, _, out = pool3d_geometry('avg_pool3d', input, kernel_size, stride, padding, 1, ceil_mode)
    x = input._data
    if x.dtype.kind != 'f' and input.dtype != dtypes.int64 or x.dtype.itemsize < 4:
        dtypes.not_implemented('avg_pool3d_out_frame', input.dtype)
    xp = get_array_module(x)
    axes, lengths = [], []
    for n, ki, si, pi, o in zip(x.shape[-3:], k, s, p, out):
        start = xp.arange(o) * si - pi
        end = xp.minimum(start + ki, n + pi)
        lengths.append(end - start if count_include_pad else xp.minimum(end, n) - xp.maximum(start, 0))
        axes.append(strided_taps(xp, n, ki, si, pi, 1, o))
    if x.dtype.kind != 'f':     # int64: the window's integer sum, divided as C divides (toward zero)
        total = AvgPool3DBackward0.apply(input, axes=tuple(axes))._data
        divisor = divisor_override or lengths[0][:, None, None] * lengths[1][:, None] * lengths[2]
        return Tensor._make(xp.sign(total) * (abs(total) // divisor))
    weights = [(1 / n).astype(x.dtype) for n in lengths]
    if divisor_override:
        weights = [xp.full(out[0], 1 / divisor_override, x.dtype), xp.ones(out[1], x.dtype), xp.ones(out[2], x.dtype)]
    axes = [t._replace(weight=xp.broadcast_to(w[:, None], t.index.shape)) for t, w in zip(axes, weights)]
    return AvgPool3DBackward0.apply(input, axes=tuple(axes))


class AdaptiveMaxPool3DBackward0(MaxPool3DWithIndicesBackward0):
    """out = x at `indices`, the first max of each adaptive (D, H, W) window (a NaN wins: the last);
    dx = g added at those indices (overlapping windows accumulate)."""


class AdaptiveMaxPool3DBackwardBackward0(MaxPool3DWithIndicesBackwardBackward0):
    """Adaptive 3-d max pooling's backward as an op: out = zeros like x with g added at the max's indices;
    dg = gg at the indices,  dx = 0."""


pair_max(AdaptiveMaxPool3DBackward0, AdaptiveMaxPool3DBackwardBackward0)


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """torch.nn.functional.adaptive_max_pool3d; with return_indices also the int64 flat index into D*H*W."""
    return adaptive_max_pool('adaptive_max_pool3d', AdaptiveMaxPool3DBackward0, input, output_size, 3,
                             return_indices, 'adaptive_max_pool3d_cpu')


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """torch.nn.functional.lp_pool3d: (sum over each window of x^p)^(1/p); p = inf is the max of |x|."""
    kd, kh, kw = tuple(kernel_size) if isinstance(kernel_size, (tuple, list)) else (kernel_size,) * 3
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, max_pool3d, avg_pool3d, kd * kh * kw)
