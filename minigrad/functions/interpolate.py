"""Interpolation (F.interpolate's kernels): resizing the last 1, 2 or 3 axes of (N, C, ...) by nearest neighbour,
linear or cubic interpolation. Each is separable: along each axis, output position i reads a few input positions
(its taps) with weights, as resample.py's nodes compute them. This file works out PyTorch's taps and weights, with
PyTorch's arithmetic (the source position in float32 for nearest, in the input's precision for linear and cubic),
so that the same pixels are picked. uint8 images go as PyTorch's uint8 kernels go: the last axis first, each pass
rounded back to uint8, with the weights rounded to PyTorch's 16-bit fixed point (uint8_taps)."""
import math

from .. import dtypes
from ..backend import get_array_module
from .adaptive_pool import adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d
from .resample import Resample, ResampleTransposed, Taps, pair


# -- the nodes: one per PyTorch name (each with the node of its backward, for create_graph) -------------------------

class UpsampleNearest1DBackward0(Resample):
    """out[i] = x[floor(i * scale)], scale = in / out (or 1 / scale_factor);  dx = g added at the taken positions."""


class UpsampleNearest1DBackwardBackward0(ResampleTransposed):
    """out = g added at the positions nearest-neighbour upsampling took;  dg = the same upsampling of gg."""


class UpsampleNearest2DBackward0(Resample):
    """out[i, j] = x[floor(i * scale_h), floor(j * scale_w)];  dx = g added at the taken pixels."""


class UpsampleNearest2DBackwardBackward0(ResampleTransposed):
    """out = g added at the pixels nearest-neighbour upsampling took;  dg = the same upsampling of gg."""


class UpsampleNearest3DBackward0(Resample):
    """out[d, i, j] = x at floor(position * scale) along each axis;  dx = g added at the taken voxels."""


class UpsampleNearest3DBackwardBackward0(ResampleTransposed):
    """out = g added at the voxels nearest-neighbour upsampling took;  dg = the same upsampling of gg."""


class UpsampleNearestExact1DBackward0(Resample):
    """out[i] = x[floor((i + 0.5) * scale)] (pixel centres);  dx = g added at the taken positions."""


class UpsampleNearestExact1DBackwardBackward0(ResampleTransposed):
    """out = g added at the positions nearest-exact upsampling took;  dg = the same upsampling of gg."""


class UpsampleNearestExact2DBackward0(Resample):
    """out[i, j] = x[floor((i + 0.5) * scale_h), floor((j + 0.5) * scale_w)];  dx = g added at the taken pixels."""


class UpsampleNearestExact2DBackwardBackward0(ResampleTransposed):
    """out = g added at the pixels nearest-exact upsampling took;  dg = the same upsampling of gg."""


class UpsampleNearestExact3DBackward0(Resample):
    """out[d, i, j] = x at floor((position + 0.5) * scale) along each axis;  dx = g added at the taken voxels."""


class UpsampleNearestExact3DBackwardBackward0(ResampleTransposed):
    """out = g added at the voxels nearest-exact upsampling took;  dg = the same upsampling of gg."""


class UpsampleLinear1DBackward0(Resample):
    """out[i] = (1 - l) x[k] + l x[k + 1], where k + l is the source position of i (linear_taps);
    dx = g (1 - l) added at k and g l at k + 1."""


class UpsampleLinear1DBackwardBackward0(ResampleTransposed):
    """out = linear upsampling's dx of g;  dg = the linear upsampling of gg."""


class UpsampleBilinear2DBackward0(Resample):
    """out[i, j] = the linear interpolation along the height of the linear interpolations along the width (the 2x2
    neighbours of the source position, weighted by (1 - distance) per axis);  dx = g spread back with those weights."""


class UpsampleBilinear2DBackwardBackward0(ResampleTransposed):
    """out = bilinear upsampling's dx of g;  dg = the bilinear upsampling of gg."""


class UpsampleTrilinear3DBackward0(Resample):
    """out = linear interpolation along depth, height and width in turn (2x2x2 neighbours);
    dx = g spread back with the same weights."""


class UpsampleTrilinear3DBackwardBackward0(ResampleTransposed):
    """out = trilinear upsampling's dx of g;  dg = the trilinear upsampling of gg."""


class UpsampleBicubic2DBackward0(Resample):
    """out[i, j] = sum over the 4x4 neighbours of the source position of w_a(t_h) w_b(t_w) x (Keys' cubic
    convolution, A = -0.75, positions clamped to the edge);  dx = g spread back with those weights."""


class UpsampleBicubic2DBackwardBackward0(ResampleTransposed):
    """out = bicubic upsampling's dx of g;  dg = the bicubic upsampling of gg."""


class UpsampleBilinear2DAaBackward0(Resample):
    """Antialiased bilinear resize: out_i = sum over the input positions j within the support of
    w((j + 0.5 - centre_i) / max(scale, 1)) x_j / (sum of those w), w(x) = max(0, 1 - |x|) (a triangle filter
    widened by the scale when shrinking), per axis;  dx = g spread back with the same weights."""


class UpsampleBilinear2DAaBackwardBackward0(ResampleTransposed):
    """out = antialiased bilinear resizing's dx of g;  dg = the same resizing of gg."""


class UpsampleBicubic2DAaBackward0(Resample):
    """Antialiased bicubic resize: out_i = the normalised sum of w((j + 0.5 - centre_i) / max(scale, 1)) x_j over the
    support, w the cubic filter with a = -0.5 (as PIL), per axis;  dx = g spread back with the same weights."""


class UpsampleBicubic2DAaBackwardBackward0(ResampleTransposed):
    """out = antialiased bicubic resizing's dx of g;  dg = the same resizing of gg."""


class UpsampleLanczos2DAaBackward0(Resample):
    """Lanczos resize (antialiased): out_i = the normalised sum of w((j + 0.5 - centre_i) / max(scale, 1)) x_j over
    the support, w(x) = sinc(x) sinc(x / 3) for |x| < 3, per axis;  dx = g spread back with the same weights."""


class UpsampleLanczos2DAaBackwardBackward0(ResampleTransposed):
    """out = Lanczos resizing's dx of g;  dg = the same resizing of gg."""


for _forward, _backward in [(UpsampleNearest1DBackward0, UpsampleNearest1DBackwardBackward0),
                            (UpsampleNearest2DBackward0, UpsampleNearest2DBackwardBackward0),
                            (UpsampleNearest3DBackward0, UpsampleNearest3DBackwardBackward0),
                            (UpsampleNearestExact1DBackward0, UpsampleNearestExact1DBackwardBackward0),
                            (UpsampleNearestExact2DBackward0, UpsampleNearestExact2DBackwardBackward0),
                            (UpsampleNearestExact3DBackward0, UpsampleNearestExact3DBackwardBackward0),
                            (UpsampleLinear1DBackward0, UpsampleLinear1DBackwardBackward0),
                            (UpsampleBilinear2DBackward0, UpsampleBilinear2DBackwardBackward0),
                            (UpsampleTrilinear3DBackward0, UpsampleTrilinear3DBackwardBackward0),
                            (UpsampleBicubic2DBackward0, UpsampleBicubic2DBackwardBackward0),
                            (UpsampleBilinear2DAaBackward0, UpsampleBilinear2DAaBackwardBackward0),
                            (UpsampleBicubic2DAaBackward0, UpsampleBicubic2DAaBackwardBackward0),
                            (UpsampleLanczos2DAaBackward0, UpsampleLanczos2DAaBackwardBackward0)]:
    pair(_forward, _backward)

# (mode, spatial dims): the node, and the kernel PyTorch names when a dtype has no loop (NCHW inputs go through its
# channels-last 2-d kernels)
KINDS = {('nearest', 1): (UpsampleNearest1DBackward0, 'compute_indices_weights_nearest'),
         ('nearest', 2): (UpsampleNearest2DBackward0, 'upsample_nearest2d_channels_last'),
         ('nearest', 3): (UpsampleNearest3DBackward0, 'compute_indices_weights_nearest'),
         ('nearest-exact', 1): (UpsampleNearestExact1DBackward0, 'compute_indices_weights_nearest'),
         ('nearest-exact', 2): (UpsampleNearestExact2DBackward0, 'upsample_nearest2d_channels_last'),
         ('nearest-exact', 3): (UpsampleNearestExact3DBackward0, 'compute_indices_weights_nearest'),
         ('linear', 1): (UpsampleLinear1DBackward0, 'compute_indices_weights_linear'),
         ('bilinear', 2): (UpsampleBilinear2DBackward0, 'upsample_bilinear2d_channels_last'),
         ('trilinear', 3): (UpsampleTrilinear3DBackward0, 'compute_indices_weights_linear'),
         ('bicubic', 2): (UpsampleBicubic2DBackward0, 'compute_indices_weights_cubic'),
         ('bilinear-aa', 2): (UpsampleBilinear2DAaBackward0, 'compute_index_ranges_weights'),
         ('bicubic-aa', 2): (UpsampleBicubic2DAaBackward0, 'compute_index_ranges_weights'),
         ('lanczos-aa', 2): (UpsampleLanczos2DAaBackward0, 'compute_index_ranges_weights')}


# -- taps and weights along one axis of n inputs resized to o outputs ------------------------------------------------

def nearest_taps(xp, n, o, scale_factor, exact, shortcut):
    """PyTorch's nearest source index: in float32, floor(i * scale) or (exact) floor((i + 0.5) * scale), at most
    n - 1; scale = 1 / scale_factor when one was given, else n / o. With `shortcut` (PyTorch's nearest_idx, which its
    2-d nearest kernel uses) an axis that keeps its size is copied and one that doubles takes i // 2, whatever the
    scale_factor says."""
    i = xp.arange(o)
    if shortcut and o in (n, 2 * n):
        return Taps((i if o == n else i >> 1)[:, None])
    f32 = xp.float32
    scale = f32(1.0 / scale_factor) if scale_factor else f32(n) / f32(o)
    # exact: (i + 0.5) * scale in double, rounded to float32 (floorf's argument); else all in float32
    position = ((i + 0.5) * float(scale)).astype(f32) if exact else i.astype(f32) * scale
    return Taps(xp.minimum(xp.floor(position).astype(xp.int64), n - 1)[:, None])


def source_positions(xp, n, o, scale_factor, align_corners, cubic, dtype):
    """PyTorch's area_pixel_compute_source_index, in `dtype`: align_corners maps the corner pixels' centres onto
    each other (i (n - 1) / (o - 1)); else pixel centres: (i + 0.5) scale - 0.5 (at least 0 unless cubic)."""
    i = xp.arange(o).astype(dtype)
    if align_corners:
        return i * (dtype(n - 1) / dtype(o - 1) if o > 1 else dtype(0))
    scale = dtype(1.0 / scale_factor) if scale_factor else dtype(n) / dtype(o)
    src = scale * (i + dtype(0.5)) - dtype(0.5)
    return src if cubic else xp.maximum(src, dtype(0))


def split(xp, src, n):
    """A source position as its left neighbour k (at most n - 1) and the fraction l in [0, 1] past it."""
    k = xp.minimum(xp.floor(src).astype(xp.int64), n - 1)
    return k, xp.clip(src - k, 0, 1).astype(src.dtype)


def linear_taps(xp, n, o, scale_factor, align_corners, dtype):
    """Linear interpolation: taps k and k + 1 (k again at the last position), weights 1 - l and l. An axis that
    keeps its size is copied whatever the scale (PyTorch's separable kernel skips it)."""
    if o == n:
        return Taps(xp.arange(n)[:, None])
    k, lam = split(xp, source_positions(xp, n, o, scale_factor, align_corners, False, dtype), n)
    return Taps(xp.stack([k, k + (k < n - 1)], axis=1), xp.stack([1 - lam, lam], axis=1))


def cubic_taps(xp, n, o, scale_factor, align_corners, dtype):
    """Keys' cubic convolution (A = -0.75): taps k - 1 .. k + 2 clamped into [0, n - 1], with weights
    w(1 + t), w(t), w(1 - t), w(2 - t) where w(x) = ((A + 2) x - (A + 3)) x^2 + 1 for |x| <= 1 and
    ((A x - 5A) x + 8A) x - 4A for 1 < |x| < 2."""
    A = -0.75
    k, t = split(xp, source_positions(xp, n, o, scale_factor, align_corners, True, dtype), n)

    def near(x):
        return ((A + 2) * x - (A + 3)) * x * x + 1

    def far(x):
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A
    weights = xp.stack([far(t + 1), near(t), near(1 - t), far(2 - t)], axis=1).astype(dtype)
    index = xp.clip(k[:, None] + xp.arange(-1, 3), 0, n - 1)
    return Taps(index, weights)


def triangle(x):
    """The bilinear filter: 1 - |x| within 1."""
    return get_array_module(x).maximum(1 - abs(x), 0)


def cubic_pil(x, a=-0.5):
    """The bicubic filter of PIL (and of PyTorch's antialiasing): Keys' cubic with a = -0.5, within 2."""
    x = abs(x)
    return ((x < 1) * (((a + 2) * x - (a + 3)) * x * x + 1)
            + ((x >= 1) & (x < 2)) * ((((x - 5) * x + 8) * x - 4) * a))


def lanczos3(x):
    """The Lanczos filter: sinc(x) sinc(x / 3) within 3 (numpy's sinc is sin(pi x) / (pi x))."""
    xp = get_array_module(x)
    return (abs(x) < 3) * xp.sinc(x) * xp.sinc(x / 3)


FILTERS = {'bilinear': (triangle, 1), 'bicubic': (cubic_pil, 2), 'lanczos': (lanczos3, 3)}     # filter, half-width


def antialias_taps(xp, n, o, scale_factor, align_corners, dtype, mode, skip_kept=True):
    """PyTorch's antialiased weights (_compute_indices_min_size_weights_aa): output i is centred on
    c = scale (i + 0.5) and reads the inputs j in [int(c - support + 0.5), int(c + support + 0.5)), support = the
    filter's half-width times max(scale, 1), with weights filter((j - c + 0.5) / max(scale, 1)), normalised to sum
    to 1. An axis that keeps its size is copied (PyTorch's separable forward skips it; its backward does not:
    skip_kept=False)."""
    if o == n and skip_kept:
        return Taps(xp.arange(n)[:, None])
    if align_corners:
        scale = dtype(n - 1) / dtype(o - 1) if o > 1 else dtype(0)
    else:
        scale = dtype(1.0 / scale_factor) if scale_factor else dtype(n) / dtype(o)
    stretch = scale if scale >= 1 else dtype(1)
    filter_fn, half_width = FILTERS[mode]
    support = half_width * stretch
    T = int(math.ceil(support)) * 2 + 1
    centre = scale * (xp.arange(o).astype(dtype) + dtype(0.5))
    start = xp.maximum((centre - support + 0.5).astype(xp.int64), 0)
    length = xp.clip(xp.minimum((centre + support + 0.5).astype(xp.int64), n) - start, 0, T)
    at = start[:, None] + xp.arange(T)
    inside = xp.arange(T) < length[:, None]
    weights = xp.where(inside, filter_fn((at - centre[:, None] + 0.5) / stretch), 0)
    total = weights.sum(axis=1, keepdims=True)
    weights = (weights / xp.where(total != 0, total, 1)).astype(dtype)
    return Taps(xp.minimum(at, n - 1), weights, inside)


def uint8_taps(xp, n, o, scale_factor, align_corners, mode, antialias):
    """The weights of PyTorch's uint8 kernels (_compute_index_ranges_int16_weights): the antialiasing scheme of
    antialias_taps for every linear and cubic mode (without antialias: no widening, Keys' a = -0.75, and
    align_corners shifting the centres by half a pixel), each weight then rounded to a multiple of 2^-p, the finest p
    at which the largest weight still fits 15 bits (so that a sum over uint8 values is the integer sum PyTorch
    shifts back)."""
    if o == n:
        return Taps(xp.arange(n)[:, None])
    if mode == 'bicubic' and not antialias:     # the float kernel's taps (edges repeated), repeated taps merged
        taps = cubic_taps(xp, n, o, scale_factor, align_corners, xp.float64)
        start = taps.index[:, :1]
        at = start + xp.arange(4)
        merged = (taps.weight[:, None, :] * (taps.index[:, None, :] == at[:, :, None])).sum(axis=2)
        return quantized(xp, Taps(xp.minimum(at, n - 1), merged, at < n))
    f64 = xp.float64
    delta = 0.5 if align_corners and not antialias else 0.0
    if align_corners:
        scale = (n - 1) / (o - 1) if o > 1 else 0.0
    else:
        scale = 1.0 / scale_factor if scale_factor else n / o
    stretch = scale if scale >= 1 and antialias else 1.0
    if mode == 'bicubic':
        filter_fn, half_width = (cubic_pil if antialias else (lambda x: cubic_pil(x, -0.75))), 2
    else:
        filter_fn, half_width = FILTERS[mode]
    support = half_width * stretch
    T = int(math.ceil(support)) * 2 + 1
    centre = scale * (xp.arange(o).astype(f64) + 0.5 - delta)
    start = xp.maximum((centre - support + 0.5 + delta).astype(xp.int64), 0)
    length = xp.clip(xp.minimum((centre + support + 0.5 + delta).astype(xp.int64), n) - start, 0, T)
    at = start[:, None] + xp.arange(T)
    inside = xp.arange(T) < length[:, None]
    weights = xp.where(inside, filter_fn((at - centre[:, None] + 0.5 - delta) / stretch), 0)
    total = weights.sum(axis=1, keepdims=True)
    return quantized(xp, Taps(xp.minimum(at, n - 1), weights / xp.where(total != 0, total, 1), inside))


def quantized(xp, taps):
    """The weights rounded (half away from 0) to multiples of 2^-p, p the largest (up to 22) at which the largest
    weight times 2^(p+1) still fits 15 bits: PyTorch's int16 weights, as exact float64 values."""
    largest = float(taps.weight.max())
    p = 0
    while p < 22 and int(0.5 + largest * 2 ** (p + 1)) < 2 ** 15:
        p += 1
    scaled = taps.weight * 2 ** p
    return taps._replace(weight=xp.trunc(scaled + xp.where(scaled < 0, -0.5, 0.5)) / 2 ** p)


# -- F.interpolate -----------------------------------------------------------------------------------------------------

def _check_sizes(x, size):
    """PyTorch's upsample_Nd_common_check: a non-empty input, every input and output size above 0."""
    spatial = tuple(x.shape[2:])
    if min(spatial + tuple(size)) <= 0:
        names = 'DHW'[-len(size):]
        def sizes(s):
            return ', '.join(f'{a}: {b}' for a, b in zip(names, s))
        joint = ' and output' if len(size) == 1 else ' output'
        raise RuntimeError(f'Input and output sizes should be greater than 0, but got input ({sizes(spatial)}){joint} '
                           f'({sizes(size)})')
    if 0 in x.shape[1:]:
        raise RuntimeError(f'Non-empty {x.ndim}D data tensor expected but got a tensor with sizes {list(x.shape)}')


def upsample(input, mode, size, scale_factors, align_corners, antialias=False):
    """One of PyTorch's upsample kernels: `mode` over the last len(size) axes, as its node."""
    dims = len(size)
    node, kernel = KINDS[mode + ('-aa' if antialias else ''), dims]
    _check_sizes(input, size)
    x = input._data
    xp = get_array_module(x)
    uint8_ok = mode.startswith('nearest') or dims == 2       # PyTorch's uint8 kernels: nearest and the 2-d modes
    if x.dtype.kind != 'f' and not (x.dtype == xp.uint8 and uint8_ok) or antialias and x.dtype == xp.float16:
        dtypes.not_implemented(kernel, input.dtype)
    dtype = x.dtype.type if x.dtype.kind == 'f' and x.dtype.itemsize >= 4 else xp.float32    # PyTorch's opmath
    axes, backward_axes = [], []
    for n, o, s in zip(x.shape[2:], size, scale_factors or (None,) * dims):
        if mode.startswith('nearest'):
            axes.append(nearest_taps(xp, n, o, s, mode == 'nearest-exact', mode == 'nearest' and dims == 2))
            # PyTorch's nearest backward (1-d and 3-d too) takes the shortcut its 2-d forward takes
            backward_axes.append(nearest_taps(xp, n, o, s, mode == 'nearest-exact', mode == 'nearest'))
        elif x.dtype == xp.uint8:
            axes.append(uint8_taps(xp, n, o, s, align_corners, mode, antialias))
        elif antialias:
            axes.append(antialias_taps(xp, n, o, s, align_corners, dtype, mode))
            backward_axes.append(antialias_taps(xp, n, o, s, align_corners, dtype, mode, skip_kept=False))
        elif mode == 'bicubic':
            axes.append(cubic_taps(xp, n, o, s, align_corners, dtype))
        else:
            axes.append(linear_taps(xp, n, o, s, align_corners, dtype))
    if mode == 'bicubic' and not antialias and tuple(size) == tuple(x.shape[2:]):
        # PyTorch's bicubic backward copies g when no axis changes size (its forward still interpolates by the scale)
        backward_axes = [Taps(xp.arange(n)[:, None]) for n in size]
    return node.apply(input, axes=tuple(axes), backward_axes=tuple(backward_axes) or None)


def check_size_list(input, size):
    if len(size) != input.ndim - 2:
        raise ValueError('Input and output must have the same number of spatial dimensions, but got input with '
                         f'spatial dimensions of {list(input.shape[2:])} and output size of {size}. Please provide '
                         'input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.')
    if not all(isinstance(s, int) for s in size):
        raise TypeError('expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int], '
                        f'but got size with types {[type(s) for s in size]}')


def output_size_of(input, size, scale_factor, mode, recompute_scale_factor):
    """F.interpolate's size arguments as PyTorch reads them: (the output size, the scale factors the kernel uses for
    its source positions, None when it works from the sizes alone)."""
    dim = input.ndim - 2
    if size is not None and scale_factor is not None:
        raise ValueError('only one of size or scale_factor should be defined')
    if size is not None:
        if isinstance(size, (list, tuple)):
            check_size_list(input, size)
        if recompute_scale_factor:
            raise ValueError('recompute_scale_factor is not meaningful with an explicit size.')
        return list(size) if isinstance(size, (list, tuple)) else [size] * dim, None
    if scale_factor is None:
        raise ValueError('either size or scale_factor should be defined')
    if not isinstance(scale_factor, (list, tuple)):
        scale_factor = [scale_factor] * dim
    elif len(scale_factor) != dim:
        raise ValueError('Input and scale_factor must have the same number of spatial dimensions, but got input with '
                         f'spatial dimensions of {list(input.shape[2:])} and scale_factor of shape {scale_factor}. '
                         'Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in '
                         '(s1, s2, ...,sK) format.')
    # the size is n * scale truncated, in double (as PyTorch's compute_output_size); area, and recompute, then forget
    # the scale
    output_size = [int(n * s) for n, s in zip(input.shape[2:], scale_factor)]
    return output_size, None if recompute_scale_factor or mode == 'area' else list(scale_factor)


def interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None,
                antialias=False):
    """torch.nn.functional.interpolate: resize the spatial axes of (N, C, d1, ..., dK) (K = 1, 2, 3) to `size` or
    by `scale_factor`."""
    if mode in ('nearest', 'area', 'nearest-exact'):
        if align_corners is not None:
            raise ValueError('align_corners option can only be set with the interpolating modes: '
                             'linear | bilinear | bicubic | trilinear')
    elif align_corners is None:
        align_corners = False
    output_size, scale_factors = output_size_of(input, size, scale_factor, mode, recompute_scale_factor)
    dim = input.ndim - 2
    if antialias and not (mode in ('bilinear', 'bicubic', 'lanczos') and input.ndim == 4):
        raise ValueError('Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D '
                         'tensor as input')
    if mode == 'area' and dim in (1, 2, 3):
        return (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[dim - 1](input, output_size)
    if mode == 'lanczos' and dim == 2:
        if align_corners:
            raise ValueError('Lanczos mode does not support align_corners=True')
        if not antialias:
            raise ValueError('Lanczos mode requires antialias=True')
    wants = {'linear': 1, 'bilinear': 2, 'trilinear': 3, 'bicubic': 2, 'lanczos': 2}
    if mode in ('nearest', 'nearest-exact') and dim in (1, 2, 3) or wants.get(mode) == dim:
        return upsample(input, mode, output_size, scale_factors, align_corners, antialias)
    if mode in ('linear', 'bilinear', 'trilinear') and dim in (1, 2, 3):
        raise NotImplementedError(f'Got {input.ndim}D input, but {mode} mode needs {wants[mode] + 2}D input')
    raise NotImplementedError(f'Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) for the '
                              'modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | '
                              f'nearest-exact (got {mode})')
