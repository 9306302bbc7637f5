"""Reorderings of channels: pixel_shuffle moves channels into space (r*r channels become an r x r block of pixels),
pixel_unshuffle moves space back into channels, channel_shuffle interleaves the channels of its groups. Each is a
reshape, a transpose and a reshape of the array; each one's gradient is the reverse reordering of g."""
from ..autograd.function import Op
from .grad_utils import is_tensor


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
        n, c, *rest = a.shape
        ctx.other = c // groups
        return a.reshape(n, groups, c // groups, *rest).swapaxes(1, 2).reshape(a.shape)

    @staticmethod
    def backward(ctx, g):
        return reordered(ChannelShuffleBackward0, g, groups=ctx.other)
