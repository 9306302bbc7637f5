"""F.unfold and F.fold: a convolution's im2col and col2im on their own (windows.py holds the two, shared with conv and
pooling). unfold copies every sliding block of a padded (N, C, H, W) input into a column, (N, C*KH*KW, L); fold adds
such columns back onto an image, summing where blocks overlap. Each is the other's adjoint, so each one's gradient
is the other op, at every order."""
import math

from . import grad_utils
from ..autograd.function import Op
from ..backend import get_array_module
from ..dtypes import not_implemented
from .windows import col2im, conv_out_size, pad2d, windows


class Im2ColBackward0(Op):
    """out[n, (c, i, j), y*OW + x] = xpad[n, c, y*sh + i*dh, x*sw + j*dw]   (F.unfold; an unbatched input as n = 1)
    da = fold(g): col2im, each input element gets the sum of the gradients of the places it was copied to."""

    @staticmethod
    def forward(ctx, a, kernel_size, dilation, padding, stride):
        ctx.params = dict(kernel_size=kernel_size, dilation=dilation, padding=padding, stride=stride)
        ctx.output_size = a.shape[-2:]
        batch = a if a.ndim == 4 else a[None]
        pads = tuple((p, p) for p in padding)
        out_size = conv_out_size(a.shape[-2:], pads, kernel_size, stride, dilation)
        view = windows(pad2d(batch, pads), kernel_size, stride, dilation, out_size)   # (n, C, KH, KW, OH, OW)
        out = get_array_module(a).empty(view.shape, a.dtype)
        out[...] = view                                                                # the one copy
        out = out.reshape(batch.shape[0], batch.shape[1] * math.prod(kernel_size), math.prod(out_size))
        return out if a.ndim == 4 else out[0]

    @staticmethod
    def backward(ctx, g):
        return grad_utils.run(Col2ImBackward0, g, output_size=ctx.output_size, **ctx.params)


class Col2ImBackward0(Op):
    """out[n, c, y*sh + i*dh - ph, x*sw + j*dw - pw] += a[n, (c, i, j), y*OW + x]   (F.fold; unbatched as n = 1)
    da = unfold(g): each column entry's gradient is the gradient of the element it was added to."""

    @staticmethod
    def forward(ctx, a, output_size, kernel_size, dilation, padding, stride):
        ctx.params = dict(kernel_size=kernel_size, dilation=dilation, padding=padding, stride=stride)
        batch = a if a.ndim == 3 else a[None]
        pads = tuple((p, p) for p in padding)
        padded = tuple(n + 2 * p for n, p in zip(output_size, padding))
        channels = batch.shape[1] // math.prod(kernel_size)
        blocks = conv_out_size(output_size, pads, kernel_size, stride, dilation)
        cols = batch.reshape((batch.shape[0], channels) + tuple(kernel_size) + blocks)
        out = col2im(cols, (batch.shape[0], channels) + padded, stride, dilation)
        (ph, pw), (H, W) = padding, output_size
        out = out[..., ph:ph + H, pw:pw + W]
        out = out if out.base is None else out.copy()   # never a view of the input (col2im's tiling case is one)
        return out if a.ndim == 3 else out[0]

    @staticmethod
    def backward(ctx, g):
        return grad_utils.run(Im2ColBackward0, g, **ctx.params)


def _expect_two(**values):
    """PyTorch's _pair of each argument, then the check that each has two entries."""
    pairs = {}
    for name, v in values.items():
        pairs[name] = (v, v) if isinstance(v, int) else tuple(v)
        if len(pairs[name]) != 2:
            raise RuntimeError(f'It is expected {name} equals to 2, but got size {len(pairs[name])}')
    return pairs


def _check_positive(checks):
    """(name, values, lowest allowed value, message names) in PyTorch's order of checks."""
    for name, (h, w), low, (h_name, w_name) in checks:
        if h < low or w < low:
            rule = 'be non-negative' if low == 0 else 'be greater than zero'
            raise RuntimeError(f'{name} should {rule}, but got {h_name}: {h} {w_name}: {w}')


def _check_dims(input):
    """The IndexError PyTorch's shape check gives an input with too few dims (it reads dims 1 and 2 first)."""
    if input.ndim == 0:
        raise IndexError('Dimension specified as 1 but tensor has no dimensions')
    if input.ndim < 3:
        raise IndexError(f'Dimension out of range (expected to be in range of [-{input.ndim}, {input.ndim - 1}], '
                         f'but got {input.ndim})')


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """torch.nn.functional.unfold: every sliding block of input (N, C, H, W) or (C, H, W) as a column of
    (N, C*KH*KW, L), L the number of blocks."""
    p = _expect_two(kernel_size=kernel_size, dilation=dilation, padding=padding, stride=stride)
    _check_positive([('kernel size', p['kernel_size'], 1, ('kernel_height', 'kernel_width')),
                     ('dilation', p['dilation'], 1, ('dilation_height', 'dilation_width')),
                     ('padding', p['padding'], 0, ('pad_height', 'pad_width')),
                     ('stride', p['stride'], 1, ('stride_height', 'stride_width'))])
    _check_dims(input)
    if input.ndim not in (3, 4) or 0 in input.shape[-3:]:
        raise RuntimeError('Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero '
                           f'dimensions for input, but got: {list(input.shape)}')
    pads = tuple((q, q) for q in p['padding'])
    blocks = conv_out_size(input.shape[-2:], pads, p['kernel_size'], p['stride'], p['dilation'])
    if min(blocks) < 1:
        raise RuntimeError(f'Given input with spatial size {tuple(input.shape[-2:])}, kernel_size={p["kernel_size"]}, '
                           f'dilation={p["dilation"]}, padding={p["padding"]}, calculated shape of the array of '
                           f'sliding blocks as {tuple(max(0, b) for b in blocks)}, but its components must be at '
                           'least one.')
    if input._data.dtype.kind in 'iu':
        not_implemented('im2col_out_cpu', input.dtype)
    return Im2ColBackward0.apply(input, **p)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """torch.nn.functional.fold: columns (N, C*KH*KW, L) or (C*KH*KW, L) added back onto an image of output_size,
    (N, C, H, W): the adjoint of unfold (overlapping blocks add up)."""
    p = _expect_two(output_size=output_size, kernel_size=kernel_size, dilation=dilation, padding=padding,
                    stride=stride)
    _check_positive([('kernel size', p['kernel_size'], 1, ('kernel_height', 'kernel_width')),
                     ('stride', p['stride'], 1, ('stride_height', 'stride_width')),
                     ('dilation', p['dilation'], 1, ('dilation_height', 'dilation_width')),
                     ('padding', p['padding'], 0, ('pad_height', 'pad_width'))])
    if input.ndim not in (2, 3) or 0 in input.shape[-2:]:
        raise RuntimeError('Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero '
                           f'dimensions for input, but got: {list(input.shape)}')
    kernel = p['kernel_size']
    if input.shape[-2] % math.prod(kernel):
        raise RuntimeError("Expected size of input's dimension 1 to be divisible by the product of kernel_size, but "
                           f'got input.size(1)={input.shape[-2]} and kernel_size={kernel}.')
    pads = tuple((q, q) for q in p['padding'])
    blocks = [max(0, b) for b in conv_out_size(p['output_size'], pads, kernel, p['stride'], p['dilation'])]
    if blocks[0] * blocks[1] != input.shape[-1]:
        raise RuntimeError(f'Given output_size={p["output_size"]}, kernel_size={kernel}, dilation={p["dilation"]}, '
                           f'padding={p["padding"]}, stride={p["stride"]}, expected size of input\'s dimension 2 to '
                           f'match the calculated number of sliding blocks {blocks[0]} * {blocks[1]} = '
                           f'{blocks[0] * blocks[1]}, but got input.size(2)={input.shape[-1]}.')
    if input._data.dtype.kind in 'iu':
        not_implemented('col2im_out_cpu', input.dtype)
    return Col2ImBackward0.apply(input, **p)
