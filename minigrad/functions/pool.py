"""2-D max and average pooling over the last two axes of (N, C, H, W) or (C, H, W), on the window view
that conv2d's im2col uses (functions/windows.py: windows, col2im); the 1-d pools and power-average pooling composed
of them, as PyTorch composes them."""
from math import prod

from . import grad_utils
from .arguments import must_be
from .grad_utils import as_tensor
from ..autograd import grad_mode
from ..autograd.function import Op
from .. import dtypes
from ..backend import get_array_module
from ..tensor import Tensor
from .grad_utils import masked
from .windows import col2im, pad2d, windows


def _pair_arg(v, what, name):
    v = (v, v) if isinstance(v, int) else tuple(v)
    if len(v) == 1:
        v = v * 2
    if len(v) != 2:
        raise RuntimeError(f'{name}: {what}')
    return v


def _out_size(n, k, p, s, d, ceil_mode):
    """PyTorch's pooling_output_shape: floor (or ceil) of (n + 2p - d(k-1) - 1) / s, + 1; in ceil mode the
    last window must start inside the input or the left padding, else it is dropped."""
    if s == 0:
        raise RuntimeError('stride should not be zero')
    if p < 0:
        raise RuntimeError(f'pad must be non-negative, but got pad: {p}')
    if p > ((k - 1) * d + 1) // 2:
        raise RuntimeError(f'pad should be at most half of effective kernel size, but got pad={p}, kernel_size={k} '
                           f'and dilation={d}')
    out = (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    return out - 1 if ceil_mode and (out - 1) * s >= n + p else out


def pool_geometry(name, x, kernel_size, stride, padding, dilation, ceil_mode):
    """Check the arguments as PyTorch does; return kernel, stride, dilation, the output size and the padding
    ((top, bottom), (left, right)) that windows() needs (ceil mode may need more on the bottom/right)."""
    if x.ndim not in (3, 4) and name == 'max_pool2d':
        raise RuntimeError('non-empty 3D or 4D (batch mode) tensor expected for input')
    k = _pair_arg(kernel_size, 'kernel_size must either be a single int, or a tuple of two ints', name)
    s = _pair_arg(k if stride in (None, (), []) else stride,
                  'stride must either be omitted, a single int, or a tuple of two ints', name)
    p = _pair_arg(padding, 'padding must either be a single int, or a tuple of two ints', name)
    d = _pair_arg(dilation, 'dilation must be either a single int, or a tuple of two ints', name)
    size = tuple(x.shape[-2:])
    out = tuple(_out_size(*args, ceil_mode) for args in zip(size, k, p, s, d))
    if min(k) <= 0:
        raise RuntimeError(f'kernel size should be greater than zero, but got kH: {k[0]} kW: {k[1]}')
    if min(s) <= 0:
        raise RuntimeError(f'stride should be greater than zero, but got dH: {s[0]} dW: {s[1]}')
    if min(d) <= 0:
        raise RuntimeError(f'dilation should be greater than zero, but got dilationH: {d[0]} dilationW: {d[1]}')
    if x.ndim not in (3, 4) or 0 in x.shape[-3:]:
        raise RuntimeError('Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but '
                           f'got:{list(x.shape)}')
    if k[0] // 2 < p[0] or k[1] // 2 < p[1]:
        raise RuntimeError(f'pad should be smaller than or equal to half of kernel size, but got padW = {p[1]}, '
                           f'padH = {p[0]}, kW = {k[1]}, kH = {k[0]}')
    if min(out) < 1:
        C, (H, W) = x.shape[-3], size
        raise RuntimeError(f'Given input size: ({C}x{H}x{W}). Calculated output size: ({C}x{out[0]}x{out[1]}). '
                           'Output size is too small')
    # the last window ends at (out-1)*s + d(k-1) + 1 in padded coordinates: pad the bottom/right that far
    pads = tuple((pi, max(0, (o - 1) * si + di * (ki - 1) + 1 - n - pi))
                 for n, ki, pi, si, di, o in zip(size, k, p, s, d, out))
    return dict(kernel=k, stride=s, dilation=d, out_size=out, pads=pads)


def tiles(shape, kernel, stride, dilation, out_size, pads):
    """Whether the windows tile an input of `shape` exactly: stride == kernel, no dilation or padding
    (the tutorials' 2x2 pooling). Then a reshape gathers them, with no overlaps to add up in backward."""
    (KH, KW), (OH, OW) = kernel, out_size
    return (tuple(stride) == tuple(kernel) and tuple(dilation) == (1, 1) and not any(pads[0] + pads[1])
            and tuple(shape[-2:]) == (OH * KH, OW * KW))


def window_argmax(x, kernel, stride, dilation, out_size, pads):
    """The index inside its window (i * KW + j) of each window's first maximum (padding counts as -inf), and,
    when the windows tile x, the maxima themselves (else None)."""
    xp = get_array_module(x)
    (KH, KW), (OH, OW) = kernel, out_size
    if tiles(x.shape, kernel, stride, dilation, out_size, pads):
        # each window entry (i, j) is a strided view of x (no copy); scanning the KH*KW views elementwise is 2x
        # faster than copying the windows out for argmax. PyTorch's rule: a later entry wins if larger, or NaN
        v = x.reshape(*x.shape[:-2], OH, KH, OW, KW)
        entries = [v[..., i, :, j] for i in range(KH) for j in range(KW)]
        # the entry numbers in the smallest integers that hold them: a fifth faster than int64 at batch 256
        k = xp.zeros(entries[0].shape, xp.int8 if KH * KW <= 127 else xp.int64)
        maxima, wins = entries[0].copy(), xp.empty(k.shape, bool)
        for i, e in enumerate(entries[1:], 1):       # (greater, maximum and a masked copy: 2x faster than where())
            xp.greater(e, maxima, out=wins)          # larger: wins (on a tie the first maximum stays)
            xp.maximum(maxima, e, out=maxima)        # NaN wins too: maximum propagates it
            xp.copyto(k, i, where=wins)
        if x.dtype.kind == 'f' and xp.isnan(maxima).any():   # a window with NaNs points at its last NaN
            for i, e in enumerate(entries):
                k[xp.isnan(e)] = i
        return k, maxima
    low = -xp.inf if x.dtype.kind == 'f' else xp.iinfo(x.dtype).min
    view = windows(pad2d(x, pads, low), kernel, stride, dilation, out_size)
    cols = view.reshape(*x.shape[:-2], KH * KW, OH, OW)      # the copy (im2col)
    k = cols.argmax(axis=-3)                                 # the first maximum wins, as in PyTorch
    if any(pads[0] + pads[1]):      # a window with nothing above the padding: its first element inside x, as PyTorch
        at_low = xp.take_along_axis(cols, k[..., None, :, :], axis=-3)[..., 0, :, :] == low
        if at_low.any():
            inside = windows(pad2d(xp.ones(x.shape[-2:], bool), pads, False), kernel, stride, dilation, out_size)
            k = xp.where(at_low, inside.reshape(KH * KW, OH, OW).argmax(axis=0), k)
    nans = xp.isnan(cols) if x.dtype.kind == 'f' else None
    if nans is not None and nans.any():                      # but the last NaN, where argmax takes the first
        k = xp.where(nans.any(axis=-3), KH * KW - 1 - nans[..., ::-1, :, :].argmax(axis=-3), k)
    return k, None


def flat_index(k, width, kernel, stride, dilation, out_size, pads):
    """The flat index into H*W (PyTorch's return_indices) of the window entries k (window_argmax's)."""
    xp = get_array_module(k)
    (_, KW), (sh, sw), (dh, dw), (OH, OW) = kernel, stride, dilation, out_size
    rows = xp.arange(OH).reshape(OH, 1) * sh - pads[0][0] + (k // KW) * dh
    cols = xp.arange(OW) * sw - pads[1][0] + (k % KW) * dw
    return rows * width + cols


class MaxPool2DWithIndicesBackward0(Op):
    """out = x at `indices`, the first max of each window (padding is -inf; ties go to the first, as PyTorch);
    dx = g added at those indices (bincount adds repeated indices up, so overlapping windows accumulate).
    The indices are saved (the ones max_pool2d returns too): an in-place change to them before backward is an error.
    Under create_graph dx comes from a MaxPool2DWithIndicesBackwardBackward0 node, as in PyTorch.
    `dims`: the number of pooled axes (the indices are flat into them; the 3-d and adaptive pools reuse this)."""
    tensor_params = ('indices',)
    dims = 2

    @staticmethod
    def forward(ctx, x, indices, maxima=None, in_window=None, kernel=None):
        ctx.indices, ctx.in_window, ctx.kernel = indices, in_window, kernel
        ctx.save_for_backward(x, indices)
        if maxima is not None:                      # window_argmax found them already
            return maxima
        lead = x.shape[:-ctx.dims]
        flat = x.reshape(*lead, prod(x.shape[-ctx.dims:]))
        return get_array_module(x).take_along_axis(flat, indices.reshape(*lead, -1), axis=-1).reshape(indices.shape)

    @staticmethod
    def backward(ctx, g):
        if grad_mode._enabled:      # create_graph: dx must be differentiable again
            return ctx.backward_as_node(g)
        xp = get_array_module(g)
        shape, dtype = ctx.input_metas[0]
        ctx.saved_tensors               # raises if the indices changed in place since forward
        if ctx.in_window is not None:
            # windows that tile the input: each g lands on one pixel (no overlaps), so g where each window entry
            # held the maximum, else 0, replaces bincount (which adds in float64, one by one)
            (KH, KW), (OH, OW) = ctx.kernel, g.shape[-2:]
            gx = xp.empty(shape, dtype)
            entries = gx.reshape(*shape[:-2], OH, KH, OW, KW)
            finite = xp.isfinite(g.sum())            # then g * mask is the selection PyTorch makes (inf * 0 is NaN)
            for i in range(KH * KW):                 # one strided write per window entry: 7x faster than a one-hot
                entry, mask = entries[..., i // KW, :, i % KW], ctx.in_window == i
                if finite:
                    xp.multiply(g, mask, out=entry)
                else:
                    entry[...] = masked(g, mask)
            return gx
        return add_at(g, ctx.indices, shape, dtype, ctx.dims)

    def backward_as_node(self, g):
        """create_graph: dx as the output of a MaxPool2DWithIndicesBackwardBackward0 node, as in PyTorch."""
        x, _ = self.saved_tensors
        indices = self.indices
        if indices is None:         # tiled windows kept only the entry inside each window
            indices = flat_index(self.in_window, x.shape[-1], self.kernel, self.kernel, (1, 1),
                                 tuple(self.in_window.shape[-2:]), ((0, 0), (0, 0)))
        return self.backward_node.apply(as_tensor(g), x, indices=indices)


def add_at(g, indices, shape, dtype, dims=2):
    """Zeros of `shape` with g added at the flat indices into each (n, c) plane (its last `dims` axes)."""
    xp = get_array_module(g)
    plane = prod(shape[-dims:])
    offsets = xp.arange(prod(shape[:-dims])).reshape(*shape[:-dims], *(1,) * dims) * plane    # each plane's start
    gx = xp.bincount((indices + offsets).ravel(), weights=g.ravel(), minlength=prod(shape))
    return gx.reshape(shape).astype(dtype, copy=False)


class MaxPool2DWithIndicesBackwardBackward0(Op):
    """Max pooling's backward as an op (PyTorch's node of that name), so that create_graph can differentiate it:
        out = zeros like x with g added at the max's indices (max pooling's dx)
    out is linear in g and does not depend on x's values, so with ggx the gradient of out:
        dg = ggx at the indices (ggx through max pooling with the same indices),  dx = 0"""

    dims = 2

    @staticmethod
    def forward(ctx, g, x, indices=None):
        ctx.indices = indices
        return add_at(g, indices, x.shape, x.dtype, ctx.dims)

    @staticmethod
    def backward(ctx, ggx):
        dg = grad_utils.run(ctx.forward_node, ggx, indices=ctx.indices)
        return dg, grad_utils.zeros_like(ggx)


def pair_max(forward_node, backward_node):
    """Tie a max-pooling node to the node of its backward (each names the other: the 3-d and adaptive max pools
    reuse both classes under PyTorch's names)."""
    forward_node.backward_node, backward_node.forward_node = backward_node, forward_node


pair_max(MaxPool2DWithIndicesBackward0, MaxPool2DWithIndicesBackwardBackward0)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """torch.nn.functional.max_pool2d; with return_indices also the int64 flat index into H*W of each max."""
    geometry = pool_geometry('max_pool2d', input, kernel_size, stride, padding, dilation, ceil_mode)
    if input._data.dtype.kind == 'b':
        dtypes.not_implemented('max_pool2d', input.dtype)
    k, maxima = window_argmax(input._data, **geometry)
    tiled = maxima is not None
    # tiled windows need no flat indices unless asked for (saves five small array ops per call)
    indices = Tensor._make(flat_index(k, input.shape[-1], **geometry)) if return_indices or not tiled else None
    out = MaxPool2DWithIndicesBackward0.apply(input, indices=indices, maxima=maxima, in_window=k if tiled else None,
                                              kernel=geometry['kernel'])
    return (out, indices) if return_indices else out


class AvgPool2DBackward0(Op):
    """out = (sum of the window, padding counted as 0) / divisor, where divisor is the window's size clipped to the
    padded input (count_include_pad), or to the input (not count_include_pad), or divisor_override;
    dx = g / divisor spread over each window, added up where windows overlap (col2im).
    Under create_graph dx comes from an AvgPool2DBackwardBackward0 node, as in PyTorch."""

    @staticmethod
    def forward(ctx, x, kernel, stride, dilation, out_size, pads, count_include_pad, divisor_override):
        xp = get_array_module(x)
        if divisor_override:
            ctx.divisor = divisor_override
        else:                                       # per axis: the window [start, end) clipped as PyTorch clips it
            sizes = []
            for n, k, (p, _), s, o in zip(x.shape[-2:], kernel, pads, stride, out_size):
                start = xp.arange(o) * s - p
                end = xp.minimum(start + k, n + p)
                sizes.append(end - start if count_include_pad else xp.minimum(end, n) - xp.maximum(start, 0))
            ctx.divisor = (sizes[0].reshape(-1, 1) * sizes[1]).astype(x.dtype)
        ctx.pooling = dict(kernel=kernel, stride=stride, dilation=dilation, out_size=out_size, pads=pads,
                           count_include_pad=count_include_pad, divisor_override=divisor_override)
        ctx.save_for_backward(x)
        total = windows(pad2d(x, pads), kernel, stride, dilation, out_size).sum(axis=(-4, -3))
        if total.dtype.kind != 'f':     # int64: C's integer division, rounded toward zero
            return xp.sign(total) * (abs(total) // ctx.divisor)
        return total / ctx.divisor

    @staticmethod
    def backward(ctx, g):
        if grad_mode._enabled:      # create_graph: dx must be differentiable again
            return ctx.backward_as_node(g)
        return spread(g, ctx.divisor, ctx.input_metas[0][0], ctx.pooling)

    def backward_as_node(self, g):
        """create_graph: dx as the output of an AvgPool2DBackwardBackward0 node, as in PyTorch."""
        x, = self.saved_tensors
        return AvgPool2DBackwardBackward0.apply(as_tensor(g), x, divisor=self.divisor, pooling=self.pooling)


def spread(g, divisor, shape, pooling):
    """Average pooling's dx for an input of `shape`: g / divisor added onto every pixel of its window."""
    xp = get_array_module(g)
    kernel, (pt, pb), (pl, pr) = pooling['kernel'], *pooling['pads']
    cols = xp.broadcast_to((g / divisor)[..., None, None, :, :], g.shape[:-2] + kernel + g.shape[-2:])
    H, W = shape[-2:]
    gxpad = col2im(cols, tuple(shape[:-2]) + (H + pt + pb, W + pl + pr), pooling['stride'], (1, 1))
    return gxpad[..., pt:pt + H, pl:pl + W]


class AvgPool2DBackwardBackward0(Op):
    """Average pooling's backward as an op (PyTorch's node of that name), so that create_graph can differentiate it:
        out = g / divisor spread over each window (average pooling's dx)
    out is linear in g and does not depend on x's values, so with ggx the gradient of out:
        dg = avg_pool2d(ggx) with the same windows,  dx = 0"""

    @staticmethod
    def forward(ctx, g, x, divisor=None, pooling=None):
        ctx.pooling = pooling
        return spread(g, divisor, x.shape, pooling)

    @staticmethod
    def backward(ctx, ggx):
        return grad_utils.run(AvgPool2DBackward0, ggx, **ctx.pooling), grad_utils.zeros_like(ggx)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """torch.nn.functional.avg_pool2d."""
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError('divisor must be not zero')
    geometry = pool_geometry('avg_pool2d', input, kernel_size, stride, padding, 1, ceil_mode)
    if input._data.dtype.kind != 'f' and input.dtype != dtypes.int64:     # PyTorch's kernel: floats and int64 only
        dtypes.not_implemented('avg_pool2d', input.dtype)
    return AvgPool2DBackward0.apply(input, **geometry, count_include_pad=count_include_pad,
                                    divisor_override=divisor_override)


# -- 1-d pooling: the 2-d pools on a unit height (unsqueeze, pool, squeeze), as PyTorch composes them ---------------

def _single(v, what):
    """A 1-d pool's int argument given as an int or a 1-element sequence; else `what` (PyTorch's message)."""
    if isinstance(v, int):
        return v
    if len(v) != 1:
        raise RuntimeError(what.format(len(v)))
    return v[0]


def check_max_pool1d(x, kernel_size, stride, padding, dilation, ceil_mode):
    """PyTorch's checks of max_pool1d without indices (its own kernel, max_pool1d_impl)."""
    if x.ndim not in (2, 3) or 0 in x.shape[1:]:
        raise RuntimeError('max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for '
                           f'input, but got:{list(x.shape)}')
    for v, argument, position in ((kernel_size, 'kernel_size', 2), (padding, 'padding', 4), (dilation, 'dilation', 5)):
        if v is None:
            raise TypeError(f"max_pool1d(): argument '{argument}' (position {position}) must be tuple of ints, not "
                            'NoneType')
    k = _single(kernel_size, 'max_pool1d() kernel_size must be an int, list of ints or tuple of ints of size 1 but '
                             'got size {}')
    s = _single(stride, 'max_pool1d() stride must be None, an int, list of ints, or tuple of ints of size 1 but got '
                        'size {}') if stride not in (None, (), []) else k
    p = _single(padding, 'max_pool1d() padding must be an int, list of ints, or tuple of ints of size 1 but got '
                         'size {}')
    d = _single(dilation, 'max_pool1d() dilation must be an int, list of ints or tuple of ints of size 1 but got '
                          'size {}')
    for value, what in ((k, 'kernel_size'), (s, 'stride')):
        if value <= 0:
            raise RuntimeError(f'max_pool1d() {what} must be greater than zero, but got {value}')
    if p < 0:
        raise RuntimeError(f'max_pool1d() padding must be non-negative, but got {p}')
    if p > k // 2:
        raise RuntimeError(f'max_pool1d() padding should be at most half of kernel size, but got padding={p} and '
                           f'kernel_size={k}')
    if d <= 0:
        raise RuntimeError(f'max_pool1d() dilation must be greater than zero, but got {d}')
    width = _out_size(x.shape[-1], k, p, s, d, ceil_mode)
    if width <= 0:
        raise RuntimeError(f'max_pool1d() Invalid computed output size: {width}')
    if x._data.dtype.kind != 'f':
        dtypes.not_implemented('max_pool1d_impl', x.dtype)


def check_1d(name, x):
    """The rank check of PyTorch's argument parser for the 1-d ops: (C, L) or (N, C, L)."""
    if x.ndim not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {x.ndim}-dimensional tensor for argument #1 'self' "
                           f"(while checking arguments for {name})")


def one_int(name, argument, v, position=None):
    """A 1-d op's size argument, checked as PyTorch's argument parser checks it: an int or one int in a sequence."""
    if v is None:
        at = f' (position {position})' if position else ''
        raise TypeError(f"{name}(): argument '{argument}'{at} must be tuple of ints, not NoneType")
    return _single(v, f"{name}() argument '{argument}' should contain one int (got {{}})")


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """torch.nn.functional.max_pool1d: max_pool2d over a unit height (indices into the length)."""
    if not return_indices:
        check_max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode)
    else:
        check_1d('max_pool1d', input)
    k = one_int('max_pool1d_with_indices', 'kernel_size', kernel_size, 2)
    p, d = one_int('max_pool1d', 'padding', padding), one_int('max_pool1d', 'dilation', dilation)
    s = k if stride in (None, (), []) else one_int('max_pool1d', 'stride', stride)
    out = max_pool2d(input.unsqueeze(-2), (1, k), (1, s), (0, p), (1, d), ceil_mode, return_indices)
    return (out[0].squeeze(-2), out[1].squeeze(-2)) if return_indices else out.squeeze(-2)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """torch.nn.functional.avg_pool1d: avg_pool2d over a unit height."""
    check_1d('avg_pool1d', input)
    k, p = one_int('avg_pool1d', 'kernel_size', kernel_size, 2), one_int('avg_pool1d', 'padding', padding)
    s = k if stride in (None, (), []) else one_int('avg_pool1d', 'stride', stride)
    return avg_pool2d(input.unsqueeze(-2), (1, k), (1, s), (0, p), ceil_mode, count_include_pad).squeeze(-2)


# -- power-average pooling: (sum of x^p over the window)^(1/p), composed as PyTorch's Python composes it ------------

def _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, max_pool, avg_pool, window):
    """(window * mean of x^p)^(1/p) per window, a negative mean clipped to 0 (relu) as PyTorch clips it; p = +-inf
    is the max (min) of |x|. `window` is the kernel's number of elements."""
    if norm_type == float('inf'):
        return max_pool(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if norm_type == -float('inf'):
        return -max_pool(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    out = avg_pool(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return (out.sign() * out.abs().relu()).mul(window).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """torch.nn.functional.lp_pool1d: (sum over each window of x^p)^(1/p); p = inf is the max of |x|."""
    if isinstance(kernel_size, (tuple, list)):      # PyTorch's scales by kernel_size itself: a sequence fails there
        raise TypeError(must_be('mul', 'other', 1, kernel_size))
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, max_pool1d, avg_pool1d, kernel_size)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """torch.nn.functional.lp_pool2d: (sum over each window of x^p)^(1/p); p = inf is the max of |x|."""
    kh, kw = tuple(kernel_size) if isinstance(kernel_size, (tuple, list)) else (kernel_size, kernel_size)
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, max_pool2d, avg_pool2d, kh * kw)
