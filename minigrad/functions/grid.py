"""Sampling grids (the spatial transformer's two halves): F.affine_grid turns a batch of affine matrices into a grid of
sampling points in [-1, 1] coordinates, and F.grid_sample reads an input at such points, interpolating between its
pixels (bilinear, nearest or bicubic) and padding outside it (zeros, border or reflection).

grid_sample is written once for any number of spatial dims: along each spatial axis a point has a few taps (an index
and a weight: 2 for bilinear, 1 for nearest, 4 for bicubic); a point's taps are the products of its axes' taps, and
its value is the weighted sum of the input at them. The gradient adds g * weight back at each tap (the input's), and
g * input at the tap times the derivative of the weight (the grid's)."""
import itertools
import math
import warnings

from . import grad_utils
from .activation import NotDifferentiable
from ..autograd.function import Op
from ..backend import get_array_module, scatter_add
from ..dtypes import title

CUBIC_A = -0.75      # the bicubic convolution's parameter (Keys' kernel), as PyTorch's


def base_grid(xp, sizes, align_corners, dtype):
    """The grid of the identity transform, (*sizes, k + 1): [x, y, (z,) 1] at each point, x along the last size.
    Each axis runs over -1..1: through the corner pixels' centres (align_corners) or their outer edges."""
    axes = []
    for n in sizes:
        line = xp.linspace(-1, 1, n, dtype=dtype) if n > 1 else xp.zeros(n, dtype)
        axes.append(line if align_corners else line * ((n - 1) / n))
    mesh = xp.meshgrid(*axes, indexing='ij')
    return xp.stack(list(mesh[::-1]) + [xp.ones(sizes, dtype)], axis=-1)


class AffineGridGeneratorBackward0(Op):
    """out[n, p] = theta[n] @ base[p]   (base[p] = [x, y, (z,) 1], the identity grid at point p; F.affine_grid)
    dtheta[n] = sum over p of g[n, p] base[p]^T"""

    @staticmethod
    def forward(ctx, theta, size, align_corners):
        xp = get_array_module(theta)
        ctx.base = base_grid(xp, tuple(size[2:]), align_corners, theta.dtype).reshape(-1, theta.shape[2])
        out = ctx.base @ theta.transpose(0, 2, 1)        # (N, points, k)
        return out.reshape((size[0],) + tuple(size[2:]) + (theta.shape[1],))

    @staticmethod
    def backward(ctx, g):
        base = grad_utils.as_tensor(ctx.base) if grad_utils.is_tensor(g) else ctx.base
        flat = g.reshape(g.shape[0], -1, g.shape[-1])
        return grad_utils.permute(flat, (0, 2, 1)) @ base


def warn_align_corners(align_corners):
    if align_corners is None:
        warnings.warn('Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. '
                      'Please specify align_corners=True if the old behavior is desired. See the documentation of '
                      'grid_sample for details.', UserWarning, stacklevel=3)
    return bool(align_corners)


def affine_grid(theta, size, align_corners=None):
    """F.affine_grid: the sampling grid (N, H, W, 2) or (N, D, H, W, 3) of the affine matrices theta (N, 2, 3) or
    (N, 3, 4), for an output of `size` (N, C, H, W) or (N, C, D, H, W)."""
    align_corners = warn_align_corners(align_corners)
    if not theta.is_floating_point():
        raise ValueError(f'Expected theta to have floating point type, but got {theta.dtype}')
    if len(size) in (4, 5):
        k = len(size) - 2
        if theta.dim() != 3 or theta.shape[-2] != k or theta.shape[-1] != k + 1:
            raise ValueError(f'Expected a batch of {k}D affine matrices of shape Nx{k}x{k + 1} for size '
                             f'{size}. Got {theta.shape}.')
    else:
        raise NotImplementedError('affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, '
                                  f'respectively. Got size {size}.')
    if align_corners and min(size[2:]) == 1:
        warnings.warn('Since version 1.3.0, affine_grid behavior has changed for unit-size grids when '
                      'align_corners=True. This is not an intended use case of affine_grid. See the documentation '
                      'of affine_grid for details.', UserWarning, stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f'Expected non-zero, positive output size. Got {size}')
    return AffineGridGeneratorBackward0.apply(theta, size=tuple(size), align_corners=align_corners)


# -- grid_sample ---

def unnormalize(xp, coord, n, align_corners):
    """A grid coordinate in [-1, 1] as a pixel coordinate along an axis of n pixels, and d(pixel)/d(coord)."""
    if align_corners:
        return (coord + 1) / 2 * (n - 1), (n - 1) / 2
    return ((coord + 1) * n - 1) / 2, n / 2


def reflect(xp, x, twice_low, twice_high):
    """x reflected into [low, high] (as often as it takes), and d(result)/dx (+1 or -1)."""
    if twice_low == twice_high:
        return xp.zeros_like(x), xp.zeros_like(x)
    low, span = twice_low / 2, (twice_high - twice_low) / 2
    shifted = x - low
    slope = xp.where(shifted < 0, -1, 1).astype(x.dtype)
    shifted = xp.abs(shifted)
    extra, flips = xp.fmod(shifted, span), xp.floor(shifted / span)
    even = flips % 2 == 0
    return xp.where(even, extra + low, span - extra + low), xp.where(even, slope, -slope)


def pad_coordinate(xp, x, n, padding_mode, align_corners):
    """A pixel coordinate moved inside the axis as padding_mode says, and d(result)/dx: 'zeros' leaves it (points
    outside read zeros), 'border' clamps it to [0, n - 1], 'reflection' reflects it at the edges, then clamps."""
    slope = xp.ones_like(x)
    if padding_mode == 'zeros':
        return x, slope
    if padding_mode == 'reflection':
        x, slope = reflect(xp, x, 0, 2 * (n - 1)) if align_corners else reflect(xp, x, -1, 2 * n - 1)
    inside = (x > 0) & (x < n - 1)
    return xp.clip(x, 0, n - 1), xp.where(inside, slope, 0)


def cubic_weights(t):
    """Keys' cubic kernel at the 4 taps floor(x) - 1 .. floor(x) + 2 of a point t = x - floor(x) past the first
    inner one, and the weights' derivatives in t."""
    A = CUBIC_A

    def near(s):        # |s| <= 1
        return ((A + 2) * s - (A + 3)) * s * s + 1, (3 * (A + 2) * s - 2 * (A + 3)) * s

    def far(s):         # 1 < |s| < 2
        return ((A * s - 5 * A) * s + 8 * A) * s - 4 * A, (3 * A * s - 10 * A) * s + 8 * A
    (w0, d0), (w1, d1), (w2, d2), (w3, d3) = far(t + 1), near(t), near(1 - t), far(2 - t)
    return [w0, w1, w2, w3], [d0, d1, -d2, -d3]


def axis_taps(xp, coord, n, mode, padding_mode, align_corners):
    """The taps of each point along one axis of n pixels: [(index, weight, d(weight)/d(coord)), ...], an index
    outside 0..n-1 reading zero."""
    x, scale = unnormalize(xp, coord, n, align_corners)
    if mode == 'bicubic':      # the taps around the unpadded point, each tap's index then padded (PyTorch's order)
        first = xp.floor(x)
        weights, slopes = cubic_weights(x - first)
        return [(pad_coordinate(xp, first + j - 1, n, padding_mode, align_corners)[0], w, d * scale)
                for j, (w, d) in enumerate(zip(weights, slopes))]
    x, slope = pad_coordinate(xp, x, n, padding_mode, align_corners)
    if mode == 'nearest':
        return [(xp.rint(x), xp.ones_like(x), xp.zeros_like(x))]
    first = xp.floor(x)
    t, slope = x - first, slope * scale
    return [(first, 1 - t, -slope), (first + 1, t, slope)]


class GridSampler(Op):
    """out[n, c, p] = sum over taps k of w_k(grid[n, p]) input[n, c, i_k(grid[n, p])]   (F.grid_sample)
    dinput[n, c, i_k] += g[n, c, p] w_k;   dgrid[n, p] = sum over k, c of g[n, c, p] input[n, c, i_k] dw_k/dgrid"""

    @staticmethod
    def forward(ctx, a, grid, mode, padding_mode, align_corners):
        xp = get_array_module(a)
        spatial, points = a.shape[2:], grid.shape[1:-1]
        N, C, P = a.shape[0], a.shape[1], math.prod(points)
        coords = grid.reshape(N, P, -1)
        # axis d of the input (of size spatial[d]) is grid coordinate k - 1 - d (x is the last axis)
        per_axis = [axis_taps(xp, coords[..., len(spatial) - 1 - d], n, mode, padding_mode, align_corners)
                    for d, n in enumerate(spatial)]
        taps = []
        for combo in itertools.product(*per_axis):
            index = [i for i, _, _ in combo]
            valid = xp.ones(index[0].shape, bool)
            for i, n in zip(index, spatial):
                valid &= (i >= 0) & (i <= n - 1)
            flat = xp.zeros(index[0].shape, xp.int64)
            for i, n in zip(index, spatial):
                flat = flat * n + xp.where(valid, i, 0).astype(xp.int64)
            taps.append((flat, valid, [w for _, w, _ in combo], [d for _, _, d in combo]))
        values = a.reshape(N, C, -1)
        out = xp.zeros((N, C, P), a.dtype)
        read = []
        for flat, valid, weights, _ in taps:
            v = xp.take_along_axis(values, flat[:, None, :], axis=2) * valid[:, None, :]
            read.append(v)
            out += v * math.prod(weights)[:, None, :]
        ctx.taps, ctx.read, ctx.shape = taps, read, (a.shape, grid.shape)
        return out.reshape((N, C) + points)

    @staticmethod
    def backward(ctx, g):
        value = ctx.gradients(g._data if grad_utils.is_tensor(g) else g)
        if grad_utils.is_tensor(g):
            error = RuntimeError(f'derivative for aten::{ctx.aten}_backward is not implemented')
            return tuple(None if v is None else NotDifferentiable.apply(g, g, value=v, error=error) for v in value)
        return value

    def gradients(self, g):
        xp = get_array_module(g)
        a_shape, grid_shape = self.shape
        N, C = a_shape[:2]
        g = g.reshape(N, C, -1)
        da = dgrid = None
        if self.needs_input_grad[0]:
            da = xp.zeros((N, C, math.prod(a_shape[2:])), g.dtype)
            n_index, c_index = xp.arange(N)[:, None, None], xp.arange(C)[None, :, None]
            for flat, valid, weights, _ in self.taps:
                scatter_add(da, (n_index, c_index, flat[:, None, :]), g * (math.prod(weights) * valid)[:, None, :])
            da = da.reshape(a_shape)
        if self.needs_input_grad[1]:
            k = len(a_shape) - 2
            dgrid = xp.zeros((N, g.shape[2], k), g.dtype)
            for (_, _, weights, slopes), v in zip(self.taps, self.read):
                gv = (g * v).sum(1)
                for d in range(k):
                    others = math.prod(w for e, w in enumerate(weights) if e != d)
                    dgrid[..., k - 1 - d] += gv * slopes[d] * others
            dgrid = dgrid.reshape(grid_shape)
        return da, dgrid


class GridSampler2DBackward0(GridSampler):
    """out[n, c, p] = sum over taps k of w_k(grid[n, p]) input[n, c, i_k(grid[n, p])]   (4-d F.grid_sample)
    dinput[n, c, i_k] += g[n, c, p] w_k;   dgrid[n, p] = sum over k, c of g[n, c, p] input[n, c, i_k] dw_k/dgrid"""
    aten = 'grid_sampler_2d'


class GridSampler3DBackward0(GridSampler):
    """out[n, c, p] = sum over taps k of w_k(grid[n, p]) input[n, c, i_k(grid[n, p])]   (5-d F.grid_sample)
    dinput[n, c, i_k] += g[n, c, p] w_k;   dgrid[n, p] = sum over k, c of g[n, c, p] input[n, c, i_k] dw_k/dgrid"""
    aten = 'grid_sampler_3d'


MODES = ('bilinear', 'nearest', 'bicubic')
PADDINGS = ('zeros', 'border', 'reflection')


def grid_sample(input, grid, mode='bilinear', padding_mode='zeros', align_corners=None):
    """F.grid_sample: input (N, C, H, W) read at grid (N, H_out, W_out, 2) (x, y in [-1, 1]), or (N, C, D, H, W) at
    (N, D_out, H_out, W_out, 3)."""
    if mode not in MODES:
        raise ValueError("nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but "
                         f"got: '{mode}'")
    if padding_mode not in PADDINGS:
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    align_corners = warn_align_corners(align_corners)
    check_grid_sampler(input, grid, mode)
    node = GridSampler2DBackward0 if input.dim() == 4 else GridSampler3DBackward0
    return node.apply(input, grid, mode=mode, padding_mode=padding_mode, align_corners=align_corners)


def check_grid_sampler(input, grid, mode):
    """PyTorch's checks of grid_sampler's arguments, in its order and words."""
    if input.device != grid.device:
        raise RuntimeError('grid_sampler(): expected input and grid to be on same device, but input is on '
                           f'{input.device} and grid is on {grid.device}')
    if input.dtype != grid.dtype:
        raise RuntimeError('grid_sampler(): expected input and grid to have same dtype, but input has '
                           f'{title(input.dtype)} and grid has {title(grid.dtype)}')
    if input.dim() != grid.dim() or input.dim() not in (4, 5):
        raise RuntimeError('grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, but '
                           f'got input with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}')
    if input.shape[0] != grid.shape[0]:
        raise RuntimeError('grid_sampler(): expected grid and input to have same batch size, but got input with '
                           f'sizes {list(input.shape)} and grid with sizes {list(grid.shape)}')
    if grid.shape[-1] != input.dim() - 2:
        raise RuntimeError(f'grid_sampler(): expected grid to have size {input.dim() - 2} in last dimension, but got '
                           f'grid with sizes {list(grid.shape)}')
    for i in range(2, input.dim()):
        if input.shape[i] <= 0:
            raise RuntimeError('grid_sampler(): expected input to have non-empty spatial dimensions, but input has '
                               f'sizes {list(input.shape)} with dimension {i} being empty')
    if mode == 'bicubic' and input.dim() != 4:
        raise RuntimeError('grid_sampler(): bicubic interpolation only supports 4D input')
