"""F.pad: constant padding, and reflect, replicate and circular padding as indexing with the positions numpy's
pad sends to each output element (so their backward is indexing's: a border element copied to several places adds
up their gradients). A negative pad crops."""
import math

from .grad_utils import is_tensor, zeros
from .index import SelectBackward0
from ..autograd.function import Op
from ..autograd.views import SliceBackwardBackward0, scatter_add
from ..backend import get_array_module


def pad_widths(pad, shape):
    """PyTorch's pad (left, right of the last dim, then of the dim before, ...) as, per dim of `shape`, the slice of
    the input that stays (a negative pad crops) and the (before, after) widths added around it."""
    if len(pad) % 2 or len(pad) // 2 > len(shape):
        raise RuntimeError(f'Padding length must be divisible by 2 and at most twice the number of dims '
                           f'({len(shape)}), got {len(pad)}')
    pairs = [(0, 0)] * (len(shape) - len(pad) // 2) + [(pad[i], pad[i + 1]) for i in range(len(pad) - 2, -1, -2)]
    keep = tuple(slice(max(0, -lo), n - max(0, -hi)) for (lo, hi), n in zip(pairs, shape))
    return keep, [(max(0, lo), max(0, hi)) for lo, hi in pairs]


class ConstantPadNdBackward0(Op):
    """out = a (cropped where a pad is negative) padded with a constant;
    da = g padded with every pad negated: the padding cropped off, zeros where a was cropped"""

    @staticmethod
    def forward(ctx, a, pad, value=0):
        ctx.pad = pad
        keep, widths = pad_widths(pad, a.shape)
        if not widths:      # (a 0-d input: numpy's pad takes no empty widths)
            return a.copy()
        return get_array_module(a).pad(a[keep], widths, constant_values=value)

    @staticmethod
    def backward(ctx, g):
        unpad = tuple(-p for p in ctx.pad)
        if is_tensor(g):        # create_graph: recorded, as PyTorch's backward is itself a constant pad
            return ConstantPadNdBackward0.apply(g, pad=unpad)
        return ConstantPadNdBackward0.forward(ConstantPadNdBackward0(), g, unpad)


class PadByPositions(SelectBackward0):
    """F.pad(a, pad, mode) for reflect and replicate: out = a at the positions the mode sends to each output element;
    da = zeros(a.shape) with g added at those positions. a is saved, as PyTorch's backward takes it, so that under
    create_graph the backward is recorded as an op of a and g (node `backward_node`; a gets a zero gradient)."""
    backward_node = None

    @staticmethod
    def forward(ctx, a, key):
        ctx.save_for_backward(a)
        return SelectBackward0.forward(ctx, a, key)

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        if is_tensor(g):
            return ctx.backward_node.apply(g, a, key=ctx.key)
        return ctx.backward_node.forward(ctx.backward_node(), g, a, ctx.key)


class ReflectionPad1DBackwardBackward0(Op):
    """The backward of reflect (and replicate) padding as an op of its own:
    out = zeros(a.shape) with g added at the positions;  dg = gg at the positions (gg padded),  da = 0"""

    @staticmethod
    def forward(ctx, g, a, key):
        ctx.key, ctx.a_shape = key, a.shape
        return scatter_add(g, a.shape, key)

    @staticmethod
    def backward(ctx, gg):
        return gg[ctx.key], zeros(ctx.a_shape, gg)


class ReflectionPad2DBackwardBackward0(ReflectionPad1DBackwardBackward0):
    """The backward of 2-D reflect padding: out = zeros(a.shape) with g added at the positions;  dg = gg at them"""


class ReflectionPad3DBackwardBackward0(ReflectionPad1DBackwardBackward0):
    """The backward of 3-D reflect padding: out = zeros(a.shape) with g added at the positions;  dg = gg at them"""


class ReplicationPad1DBackwardBackward0(ReflectionPad1DBackwardBackward0):
    """The backward of 1-D replicate padding: out = zeros(a.shape) with g added at the positions;  dg = gg at them"""


class ReplicationPad2DBackwardBackward0(ReflectionPad1DBackwardBackward0):
    """The backward of 2-D replicate padding: out = zeros(a.shape) with g added at the positions;  dg = gg at them"""


class ReplicationPad3DBackwardBackward0(ReflectionPad1DBackwardBackward0):
    """The backward of 3-D replicate padding: out = zeros(a.shape) with g added at the positions;  dg = gg at them"""


class ReflectionPad1DBackward0(PadByPositions):
    """F.pad(a, (l, r), 'reflect'): out = a at the mirrored positions (the edge not repeated);
    da = g added back at those positions"""
    backward_node = ReflectionPad1DBackwardBackward0


class ReflectionPad2DBackward0(PadByPositions):
    """F.pad of the last 2 dims, 'reflect': out = a at the mirrored positions;  da = g added back at them"""
    backward_node = ReflectionPad2DBackwardBackward0


class ReflectionPad3DBackward0(PadByPositions):
    """F.pad of the last 3 dims, 'reflect': out = a at the mirrored positions;  da = g added back at them"""
    backward_node = ReflectionPad3DBackwardBackward0


class ReplicationPad1DBackward0(PadByPositions):
    """F.pad(a, (l, r), 'replicate'): out = a with its edge values repeated;  da = g added back at the edges"""
    backward_node = ReplicationPad1DBackwardBackward0


class ReplicationPad2DBackward0(PadByPositions):
    """F.pad of the last 2 dims, 'replicate': out = a with its edges repeated;  da = g added back at the edges"""
    backward_node = ReplicationPad2DBackwardBackward0


class ReplicationPad3DBackward0(PadByPositions):
    """F.pad of the last 3 dims, 'replicate': out = a with its edges repeated;  da = g added back at the edges"""
    backward_node = ReplicationPad3DBackwardBackward0


class CopySlices(Op):
    """F.pad(a, pad, 'circular'), a CopySlices node in PyTorch (it copies the wrapped slices into place):
    out = a[keep] (cropped where a pad is negative) wrapped around, its elements at key;  da = zeros(a[keep].shape)
    with g added back at key, then put back into zeros(a.shape) one padded dim after the other, as the backward of
    PyTorch's slices a[keep] (the last dim's last)"""

    @staticmethod
    def forward(ctx, a, key, keep, dims):
        cropped = a[keep]
        ctx.shape, ctx.cropped_shape, ctx.key, ctx.keep, ctx.dims = a.shape, cropped.shape, key, keep, dims
        return cropped[key]

    @staticmethod
    def backward(ctx, g):
        g = scatter_add(g, ctx.cropped_shape, ctx.key)
        shape = list(ctx.cropped_shape)
        for d in range(len(shape) - ctx.dims, len(shape)):
            shape[d] = ctx.shape[d]
            g = scatter_add(g, tuple(shape), (slice(None),) * d + (ctx.keep[d],), SliceBackwardBackward0)
        return g


def pad_positions(a, pad, mode):
    """The index arrays (one per dim) of the element of `a` that numpy's pad(mode) puts at each output position.
    A negative pad crops: as PyTorch, 'reflect' and 'edge' pad the whole input first and crop after (so a
    reflection may show elements the crop removes); 'wrap' (circular) crops first and wraps what is left (see
    wrap_positions)."""
    xp = get_array_module(a)
    keep, widths = pad_widths(pad, a.shape)
    crop = tuple(slice(k.start, lo + k.stop + hi) for k, (lo, hi) in zip(keep, widths))
    positions = xp.pad(xp.arange(a.size).reshape(a.shape), widths, mode=mode)[crop]
    return xp.unravel_index(positions, a.shape)


def wrap_positions(a, pad):
    """Circular padding: the slices `keep` of `a` that stay (a negative pad crops), and the index arrays (one per
    dim) of the element of a[keep] that numpy's pad(mode='wrap') puts at each output position."""
    xp = get_array_module(a)
    keep, widths = pad_widths(pad, a.shape)
    shape = a[keep].shape
    return xp.unravel_index(xp.pad(xp.arange(math.prod(shape)).reshape(shape), widths, mode='wrap'), shape), keep


# PyTorch's mode -> numpy's pad mode, the node (by the number of padded dims); 'circular' is CopySlices
PAD_MODES = {'reflect': ('reflect', (ReflectionPad1DBackward0, ReflectionPad2DBackward0, ReflectionPad3DBackward0)),
             'replicate': ('edge', (ReplicationPad1DBackward0, ReplicationPad2DBackward0, ReplicationPad3DBackward0))}


def pad(input, pad, mode='constant', value=None):
    """Pad the last len(pad)/2 dims: pad = (left, right) for the last dim, then the one before, ...; a negative
    entry crops. mode 'constant' (with value), 'reflect', 'replicate' or 'circular'."""
    pad = tuple(pad)
    if mode == 'constant':
        return ConstantPadNdBackward0.apply(input, pad=pad, value=0 if value is None else value)
    if mode not in PAD_MODES and mode != 'circular':
        raise NotImplementedError(f'Unrecognised padding mode {mode}')
    if value is not None:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    n = len(pad) // 2
    if len(pad) % 2 or n > 3 or not n + 1 <= input.ndim <= n + 2:
        raise NotImplementedError(
            f'Padding size {len(pad)} is not supported for {input.ndim}D input tensor.\n'
            'Supported combinations for non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last '
            'dimension)\n  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding '
            'size = 6 (pads last 3 dimensions)')
    for i in range(n):      # pad[2i], pad[2i+1] pad dim -1-i
        d, size, left, right = input.ndim - 1 - i, input.shape[-1 - i], pad[2 * i], pad[2 * i + 1]
        if mode == 'reflect' and max(left, right) >= size:
            raise RuntimeError(f'Argument #{4 + 2 * i}: Padding size should be less than the corresponding input '
                               f'dimension, but got: padding ({left}, {right}) at dimension {d} of input '
                               f'{list(input.shape)}')
        if mode == 'circular' and max(left, right) > size:
            raise RuntimeError('Padding value causes wrapping around more than once.')
    if mode == 'circular':
        key, keep = wrap_positions(input._data, pad)
        return CopySlices.apply(input, key=key, keep=keep, dims=n)
    numpy_mode, nodes = PAD_MODES[mode]
    return nodes[n - 1].apply(input, key=pad_positions(input._data, pad, numpy_mode))
