"""Sliding windows of an image as a strided view, and its adjoint: the pieces conv's im2col and pooling share.

    windows(x)  a view (..., KH, KW, OH, OW) of every sliding window of x (..., H, W): no copy
    col2im      the adjoint of windows: add each window's values back where they came from (overlaps add up)
"""
from ..backend import get_array_module


def pair(v):
    """An int, or a pair of ints, as a tuple (PyTorch's _pair)."""
    return (v, v) if isinstance(v, int) else tuple(v)


def pad2d(x, pads, value=0):
    """x with pads ((top, bottom), (left, right)) of `value` around its last two axes."""
    if not any(pads[0] + pads[1]):
        return x                                    # no padding: no copy
    xp = get_array_module(x)
    return xp.pad(x, ((0, 0),) * (x.ndim - 2) + tuple(pads), constant_values=value)


def windows(x, kernel, stride, dilation, out_size):
    """view[..., i, j, oh, ow] = x[..., oh*sh + i*dh, ow*sw + j*dw]: a view of x (..., H, W), no copy."""
    xp = get_array_module(x)                        # numpy and cupy both have lib.stride_tricks.as_strided
    sh, sw = x.strides[-2:]
    return xp.lib.stride_tricks.as_strided(
        x, x.shape[:-2] + tuple(kernel) + tuple(out_size),
        x.strides[:-2] + (sh * dilation[0], sw * dilation[1], sh * stride[0], sw * stride[1]))


def col2im(cols, shape, stride, dilation):
    """The adjoint of windows(): out (of `shape` (..., H, W)) gets cols[..., i, j, oh, ow] added at
    [..., oh*sh + i*dh, ow*sw + j*dw]; elements that lie in several windows add up."""
    xp = get_array_module(cols)
    KH, KW, OH, OW = cols.shape[-4:]
    (sh, sw), (dh, dw) = stride, dilation
    if (sh, sw, dh, dw) == (KH, KW, 1, 1) and shape[-2:] == (OH * KH, OW * KW):
        # the windows tile the input exactly (pooling's stride == kernel): no overlaps, so a transpose does it
        return cols.reshape(-1, KH, KW, OH, OW).transpose(0, 3, 1, 4, 2).reshape(shape)
    out = xp.zeros(shape, cols.dtype)
    for i in range(KH):                             # one strided add per kernel offset (as Chainer does);
        for j in range(KW):                         # batch, channels and pixels stay vectorised
            out[..., i * dh:i * dh + sh * OH:sh, j * dw:j * dw + sw * OW:sw] += cols[..., i, j, :, :]
    return out


def conv_out_size(size, pads, kernel, stride, dilation):
    """floor((H + top + bottom - dilation*(K-1) - 1) / stride) + 1, per axis."""
    return tuple((n + p0 + p1 - d * (k - 1) - 1) // s + 1
                 for n, (p0, p1), k, s, d in zip(size, pads, kernel, stride, dilation))
