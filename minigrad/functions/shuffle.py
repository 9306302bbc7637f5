"""Reorderings of channels: pixel_shuffle moves channels into space (r*r channels become an r x r block of pixels),
pixel_unshuffle moves space back into channels, channel_shuffle interleaves the channels of its groups. Each is a
reshape, a transpose and a reshape of the array; each one's gradient is the reverse reordering of g. minigrad.X and
nn.functional.X are the same function, as in PyTorch."""
from .nodiff import NotImplemented as Underivable
from .grad_utils import is_tensor
from .table import export
from ..autograd.function import Op


def reordered(op, g, **params):
    """op applied to g: recorded under create_graph (g a Tensor), on the array otherwise."""
    return op.apply(g, **params) if is_tensor(g) else op.forward(op(), g, **params)


def to_space(a, r):
    """(*, C r r, H, W) -> (*, C, H r, W r): channel c r r + i r + j goes to pixel (h r + i, w r + j) of channel c."""
    *batch, c, h, w = a.shape
    n = len(batch)
    blocks = a.reshape(*batch, c // (r * r), r, r, h, w)
    order = tuple(range(n)) + tuple(n + k for k in (0, 3, 1, 4, 2))
    return blocks.transpose(order).reshape(*batch, c // (r * r), h * r, w * r)


def to_channels(a, r):
    """(*, C, H r, W r) -> (*, C r r, H, W): the inverse of to_space."""
    *batch, c, h, w = a.shape
    n = len(batch)
    blocks = a.reshape(*batch, c, h // r, r, w // r, r)
    order = tuple(range(n)) + tuple(n + k for k in (0, 2, 4, 1, 3))
    return blocks.transpose(order).reshape(*batch, c * r * r, h // r, w // r)


class PixelShuffleBackward0(Op):
    """out[..., c, h r + i, w r + j] = a[..., c r^2 + i r + j, h, w]  (a permutation of the elements);
    da = pixel_unshuffle(g, r)"""

    @staticmethod
    def forward(ctx, a, upscale_factor):
        ctx.r = upscale_factor
        return to_space(a, upscale_factor)

    @staticmethod
    def backward(ctx, g):
        return reordered(PixelUnshuffleBackward0, g, downscale_factor=ctx.r)


class PixelUnshuffleBackward0(Op):
    """out[..., c r^2 + i r + j, h, w] = a[..., c, h r + i, w r + j]  (a permutation of the elements);
    da = pixel_shuffle(g, r)"""

    @staticmethod
    def forward(ctx, a, downscale_factor):
        ctx.r = downscale_factor
        return to_channels(a, downscale_factor)

    @staticmethod
    def backward(ctx, g):
        return reordered(PixelShuffleBackward0, g, upscale_factor=ctx.r)


class ChannelShuffleBackward0(Op):
    """out[:, j groups + i] = a[:, i (C / groups) + j]  (channel j of group i goes to place j groups + i);
    da = channel_shuffle(g, C / groups)"""

    @staticmethod
    def forward(ctx, a, groups):
        ctx.other = a.shape[1] // groups
        return shuffled(a, groups)

    @staticmethod
    def backward(ctx, g):
        return reordered(ChannelShuffleBackward0, g, groups=ctx.other)


def shuffled(a, groups):
    """The array a (N, C, *) with its channels shuffled: channel j of group i goes to j groups + i."""
    n, c, *rest = a.shape
    return a.reshape(n, groups, c // groups, *rest).swapaxes(1, 2).reshape(a.shape)


def check_factor(name, what, factor, input):
    """pixel_shuffle's and pixel_unshuffle's checks of the factor and the input's rank, in PyTorch's words."""
    if not isinstance(factor, int) or isinstance(factor, bool):
        raise TypeError(f"{name}(): argument '{what}' (position 2) must be int, not {type(factor).__name__}")
    if factor <= 0:
        raise RuntimeError(f'{name} expects a positive {what}, but got {factor}')
    if input.ndim < 3:
        raise RuntimeError(f'{name} expects input to have at least 3 dimensions, but got input with {input.ndim} '
                           'dimension(s)')


@export(method=False)
def pixel_shuffle(input, upscale_factor):
    """(*, C r^2, H, W) -> (*, C, H r, W r): each group of r^2 channels becomes an r x r block of pixels."""
    check_factor('pixel_shuffle', 'upscale_factor', upscale_factor, input)
    if input.shape[-3] % (upscale_factor * upscale_factor):
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           f'upscale_factor, but input.size(-3)={input.shape[-3]} is not divisible by '
                           f'{upscale_factor * upscale_factor}')
    return PixelShuffleBackward0.apply(input, upscale_factor=upscale_factor)


@export(method=False)
def pixel_unshuffle(input, downscale_factor):
    """(*, C, H r, W r) -> (*, C r^2, H, W): each r x r block of pixels becomes r^2 channels."""
    check_factor('pixel_unshuffle', 'downscale_factor', downscale_factor, input)
    for dim, name in ((-2, 'height'), (-1, 'width')):
        if input.shape[dim] % downscale_factor:
            raise RuntimeError(f'pixel_unshuffle expects {name} to be divisible by downscale_factor, but '
                               f'input.size({dim})={input.shape[dim]} is not divisible by {downscale_factor}')
    return PixelUnshuffleBackward0.apply(input, downscale_factor=downscale_factor)


@export(method=False)
def channel_shuffle(input, groups):
    """(N, C, *) with the channels of `groups` groups interleaved: channel j of group i goes to j groups + i."""
    check_channel_shuffle(input, groups)
    return ChannelShuffleBackward0.apply(input, groups=groups)


@export(method=False)
def native_channel_shuffle(input, groups):
    """channel_shuffle with no derivative: PyTorch defines none (its node, NotImplemented, raises in backward)."""
    check_channel_shuffle(input, groups)
    return Underivable.apply(input, out=shuffled(input._data, groups), aten='native_channel_shuffle')


def check_channel_shuffle(input, groups):
    """channel_shuffle's checks of the input's rank and the groups, in PyTorch's words."""
    if input.ndim <= 2:
        raise RuntimeError(f'channel_shuffle expects input with > 2 dims, but got input with sizes {list(input.shape)}')
    if groups <= 0:
        raise RuntimeError(f'Number of groups to divide channels in must be positive. Value of groups:{groups}')
    if input.shape[1] % groups:
        raise RuntimeError(f'Number of channels must be divisible by groups. Got {input.shape[1]} channels and '
                           f'{groups} groups.')
