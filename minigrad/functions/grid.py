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

from . import grad_utils, shape
from ..autograd import grad_mode
from ..autograd.function import MultiOutputOp, Op
from ..autograd.functional import grad as autograd_grad
from ..backend import get_array_module, scatter_add
from ..dtypes import not_implemented, title
from ..tensor import Tensor

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
    dtheta = for each n, the sum over points p of g[n, p] base[p]^T = (base^T @ g[n])^T"""

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
        return (base.T @ flat).swapaxes(1, 2)


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


def tap_weights(mode, t):
    """The weights of one axis's taps at t (an array, or a Tensor under create_graph), and their derivatives in t
    (nearest's constant 1 and 0 written in t on Tensors, so that its gradients are functions of the grid, as PyTorch
    records them; plain numbers on arrays, so that a NaN point reads 0 outside the input, as PyTorch's)."""
    if mode == 'nearest':
        return ([t * 0 + 1], [t * 0]) if grad_utils.is_tensor(t) else ([1.0], [0.0])
    if mode == 'bilinear':
        return [1 - t, t], [-1.0, 1.0]
    return cubic_weights(t)


def axis_taps(xp, coord, n, mode, padding_mode, align_corners):
    """Along one axis of n pixels, each point's taps: (indices, t, dt/dcoord): the taps' pixel indices (one outside
    0..n-1 reads zero) and the point's place t past its first inner tap, of which the weights are functions."""
    x, scale = unnormalize(xp, coord, n, align_corners)
    if mode == 'bicubic':      # the taps around the unpadded point, each tap's index then padded (PyTorch's order)
        first = xp.floor(x)
        indices = [pad_coordinate(xp, first + j - 1, n, padding_mode, align_corners)[0] for j in range(4)]
        return indices, x - first, xp.full_like(x, scale)
    x, slope = pad_coordinate(xp, x, n, padding_mode, align_corners)
    first = xp.rint(x) if mode == 'nearest' else xp.floor(x)
    indices = [first] if mode == 'nearest' else [first, first + 1]
    return indices, x - first, slope * scale


def flat_index(xp, indices, sizes, dtype):
    """The place of the pixel at `indices` (one array per axis) in the flattened spatial dims, and 1 where it is
    inside them, else 0 (such a tap reads zero; its place is 0, any in-range one)."""
    valid = xp.ones(indices[0].shape, bool)
    for i, n in zip(indices, sizes):
        valid &= (i >= 0) & (i <= n - 1)
    flat = xp.zeros(indices[0].shape, xp.int64)
    for i, n in zip(indices, sizes):
        flat = flat * n + xp.where(valid, i, 0).astype(xp.int64)
    return flat, valid.astype(dtype)


def gather(values, flat):
    """values (N, C, S) at the places flat (N, 1, P) of each point: (N, C, P)."""
    if grad_utils.is_tensor(values):
        return values.gather(2, grad_utils.as_tensor(flat).expand(values.shape[:2] + flat.shape[2:]))
    return get_array_module(values).take_along_axis(values, flat, axis=2)


def scatter(out, flat, src):
    """out (N, C, S) with src (N, C, P) added at the places flat (N, 1, P) (gather's backward)."""
    if grad_utils.is_tensor(src):
        return out.scatter_add(2, grad_utils.as_tensor(flat).expand(src.shape), src)
    xp = get_array_module(out)
    scatter_add(out, (xp.arange(out.shape[0])[:, None, None], xp.arange(out.shape[1])[None, :, None],
                      flat), src)
    return out


class GridSampler(Op):
    """out[n, c, p] = sum over taps k of w_k(grid[n, p]) input[n, c, i_k(grid[n, p])]   (F.grid_sample)
    dinput = g[n, c, p] w_k added at [n, c, i_k], for every tap;
    dgrid = at [n, p], the sum over taps k and channels c of g[n, c, p] input[n, c, i_k] dw_k/dgrid"""

    @staticmethod
    def forward(ctx, a, grid, mode, padding_mode, align_corners):
        xp = get_array_module(a)
        spatial, k = a.shape[2:], len(a.shape) - 2
        N, C, P = a.shape[0], a.shape[1], math.prod(grid.shape[1:-1])
        coords = grid.reshape(N, 1, P, k)     # each array about a point below is (N, 1, P), beside (N, C, P)
        # axis d of the input (of size spatial[d]) is grid coordinate k - 1 - d: x runs along the last axis
        ctx.axes = [axis_taps(xp, coords[..., k - 1 - d], n, mode, padding_mode, align_corners)
                    for d, n in enumerate(spatial)]
        ctx.taps = [flat_index(xp, combo, spatial, a.dtype)
                    for combo in itertools.product(*[indices for indices, _, _ in ctx.axes])]
        ctx.mode, ctx.shapes = mode, (a.shape, grid.shape)
        ctx.save_for_backward(a, grid)
        out = 0
        for (flat, valid), weights, _ in ctx.tap_weights([t for _, t, _ in ctx.axes]):
            out = out + gather(a.reshape(N, C, math.prod(spatial)), flat) * valid * math.prod(weights)
        return out.reshape((N, C) + grid.shape[1:-1])

    def tap_weights(self, ts):
        """Each tap's (flat place, inside), its weight along each axis and their derivatives in t, from the axes'
        t (arrays, or Tensors to record the weights' dependence on the grid)."""
        per_axis = [tap_weights(self.mode, t) for t in ts]
        numbers = itertools.product(*[range(len(weights)) for weights, _ in per_axis])
        for tap, js in zip(self.taps, numbers):
            yield tap, [per_axis[d][0][j] for d, j in enumerate(js)], [per_axis[d][1][j] for d, j in enumerate(js)]

    @staticmethod
    def backward(ctx, g):
        a, grid = ctx.saved_tensors
        if grad_utils.is_tensor(g):     # create_graph: both gradients from a node of their own, as PyTorch's
            return ctx.backward_node.apply(g, a, grid, sampler=ctx)
        return ctx.gradients(g, a, grid, *ctx.needs_input_grad)

    def gradients(self, g, a, grid, need_a, need_grid):
        """(dinput, dgrid) (None for one not needed): on arrays, or on Tensors with recorded ops (the double
        backward differentiates them: GridSamplerBackward)."""
        a_shape, grid_shape = self.shapes
        N, C, k = a_shape[0], a_shape[1], len(a_shape) - 2
        ts = [t for _, t, _ in self.axes]
        scales = [grad_utils.fixed(slope, g) for _, _, slope in self.axes]
        if grad_utils.is_tensor(g):     # t as a Tensor of the grid: t + (grid - grid) * dt/dgrid
            coords = grid.reshape(N, 1, math.prod(grid_shape[1:-1]), k)
            ts = [grad_utils.fixed(t, g) + (coords[..., k - 1 - d] - coords[..., k - 1 - d].detach()) * scales[d]
                  for d, t in enumerate(ts)]
        g, values = g.reshape(N, C, math.prod(grid_shape[1:-1])), a.reshape(N, C, math.prod(a_shape[2:]))
        da = grad_utils.zeros(values.shape, g) if need_a else None
        # d(out)/d(grid coordinate) for each coordinate, (N, C or 1, P); recorded zeros of the grid on Tensors
        components = [t * 0 if grad_utils.is_tensor(t) else get_array_module(t).zeros_like(t) for t in ts]
        for (flat, valid), weights, slopes in self.tap_weights(ts):
            valid = grad_utils.fixed(valid, g)
            if da is not None:
                da = scatter(da, flat, g * valid * math.prod(weights))
            if need_grid and self.mode != 'nearest':     # nearest's weights are flat: 0
                gv = g * gather(values, flat) * valid
                for d in range(k):
                    others = math.prod(w for e, w in enumerate(weights) if e != d)
                    components[k - 1 - d] = components[k - 1 - d] + gv * slopes[d] * others * scales[d]
        dgrid = stack(components, -1).sum(1).reshape(grid_shape) if need_grid else None
        return None if da is None else da.reshape(a_shape), dgrid


class GridSamplerBackward(MultiOutputOp):
    """grid_sample's gradients as a node of their own under create_graph (PyTorch's grid_sampler_2d_backward):
        out = (dinput, dgrid) = GridSampler.gradients(g, input, grid);
        dg, dinput, dgrid = the gradient of those formulas recorded on Tensors, for (gg_input, gg_grid)
    (autograd.grad through them, as PyTorch's grid_sampler_2d_double_backward)."""

    @staticmethod
    def forward(ctx, g, a, grid, sampler):
        ctx.sampler = sampler
        ctx.save_for_backward(g, a, grid)
        return sampler.gradients(g, a, grid, *sampler.needs_input_grad)

    @staticmethod
    def backward(ctx, gg_a, gg_grid):
        create_graph = grad_mode._enabled
        wanted = [k for k, need in enumerate(ctx.needs_input_grad) if need]
        inputs = ctx.saved_tensors
        if not create_graph:        # a plain backward: the formulas recorded on Tensors of the arrays
            inputs = [Tensor._make(x, requires_grad=k in wanted) for k, x in enumerate(inputs)]
        with grad_mode.enable_grad():
            outs = ctx.sampler.gradients(*inputs, gg_a is not None, gg_grid is not None)
        given = [(out, grad_utils.as_tensor(gg)) for out, gg in zip(outs, (gg_a, gg_grid))
                 if gg is not None and out.requires_grad]
        result = [None] * 3
        if given and wanted:
            found = autograd_grad([out for out, _ in given], [inputs[k] for k in wanted], [gg for _, gg in given],
                                  create_graph=create_graph, allow_unused=True)
            for k, grad in zip(wanted, found):
                result[k] = grad if create_graph or grad is None else grad._data
        return tuple(result)


class GridSampler2DBackwardBackward0(GridSamplerBackward):
    """grid_sample's (4-d) gradients under create_graph: out = (dinput, dgrid) = GridSampler.gradients(g, input,
    grid);  dg, dinput, dgrid = the gradient of those formulas recorded on Tensors (GridSamplerBackward)"""


class GridSampler3DBackwardBackward0(GridSamplerBackward):
    """grid_sample's (5-d) gradients under create_graph: out = (dinput, dgrid) = GridSampler.gradients(g, input,
    grid);  dg, dinput, dgrid = the gradient of those formulas recorded on Tensors (GridSamplerBackward)"""


def stack(parts, dim):
    """The arrays or Tensors `parts` stacked along a new dim."""
    if grad_utils.is_tensor(parts[0]):
        return shape.stack(parts, dim)
    return get_array_module(parts[0]).stack(parts, dim)


class GridSampler2DBackward0(GridSampler):
    """out[n, c, p] = sum over taps k of w_k(grid[n, p]) input[n, c, i_k(grid[n, p])]   (4-d F.grid_sample)
    dinput = g[n, c, p] w_k added at [n, c, i_k], for every tap;
    dgrid = at [n, p], the sum over taps k and channels c of g[n, c, p] input[n, c, i_k] dw_k/dgrid"""
    backward_node = GridSampler2DBackwardBackward0


class GridSampler3DBackward0(GridSampler):
    """out[n, c, p] = sum over taps k of w_k(grid[n, p]) input[n, c, i_k(grid[n, p])]   (5-d F.grid_sample)
    dinput = g[n, c, p] w_k added at [n, c, i_k], for every tap;
    dgrid = at [n, p], the sum over taps k and channels c of g[n, c, p] input[n, c, i_k] dw_k/dgrid"""
    backward_node = GridSampler3DBackwardBackward0


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
    k = 2 if input.dim() == 4 else 3        # PyTorch's 2-d kernel takes 4-d inputs, its 3-d kernel all others
    if input.dim() != k + 2 or grid.dim() != k + 2:
        raise RuntimeError(f'grid_sampler(): expected {k + 2}D input and grid with same number of dimensions, but got '
                           f'input with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}')
    if mode == 'bicubic' and k == 3:
        raise RuntimeError('grid_sampler(): bicubic interpolation only supports 4D input')
    if not input.is_floating_point():
        not_implemented('grid_sampler_2d_cpu_kernel_impl' if k == 2 else 'grid_sampler3d_cpu', input.dtype)
    if grid.dtype != input.dtype:
        raise RuntimeError(f'expected scalar type {title(input.dtype)} but found {title(grid.dtype)}')
