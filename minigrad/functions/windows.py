"""Sliding windows of an image as a strided view, and its adjoint: the pieces conv's im2col and pooling share.
Each works on as many trailing (spatial) axes as the kernel has: two for images, three for volumes.

    windows(x)  a view (..., KH, KW, OH, OW) of every sliding window of x (..., H, W): no copy
    col2im      the adjoint of windows: add each window's values back where they came from (overlaps add up)
"""
import itertools

from ..backend import get_array_module


def pair(v):
    """An int, or a pair of ints, as a tuple (PyTorch's _pair)."""
    return (v, v) if isinstance(v, int) else tuple(v)


def pad2d(x, pads, value=0):
    """x with pads ((top, bottom), (left, right)) of `value` around its last two axes (around its last three for
    three pairs of pads: ((front, back), (top, bottom), (left, right)))."""
    if not any(p for pair in pads for p in pair):
        return x                                    # no padding: no copy
    xp = get_array_module(x)
    return xp.pad(x, ((0, 0),) * (x.ndim - len(pads)) + tuple(pads), constant_values=value)


def windows(x, kernel, stride, dilation, out_size):
    """view[..., i, j, oh, ow] = x[..., oh*sh + i*dh, ow*sw + j*dw]: a view of x (..., H, W), no copy
    (view[..., i, j, k, od, oh, ow] of x (..., D, H, W) for a kernel of three sizes)."""
    xp = get_array_module(x)                        # numpy and cupy both have lib.stride_tricks.as_strided
    k = len(kernel)
    steps = x.strides[-k:]
    return xp.lib.stride_tricks.as_strided(
        x, x.shape[:-k] + tuple(kernel) + tuple(out_size),
        x.strides[:-k] + tuple(s * d for s, d in zip(steps, dilation)) + tuple(s * t for s, t in zip(steps, stride)))


def col2im(cols, shape, stride, dilation):
    """The adjoint of windows(): out (of `shape` (..., H, W)) gets cols[..., i, j, oh, ow] added at
    [..., oh*sh + i*dh, ow*sw + j*dw]; elements that lie in several windows add up (the same over three axes for
    cols (..., KD, KH, KW, OD, OH, OW))."""
    xp = get_array_module(cols)
    k = len(stride)
    kernel, out_size = cols.shape[-2 * k:-k], cols.shape[-k:]
    if tuple(stride) == kernel and set(dilation) == {1} and tuple(shape[-k:]) == tuple(
            o * s for o, s in zip(out_size, stride)):
        # the windows tile the input exactly (pooling's stride == kernel): no overlaps, so a transpose does it
        # (axes (K1, K2, O1, O2) to (O1, K1, O2, K2), and so on for three axes)
        order = tuple(a for i in range(k) for a in (1 + k + i, 1 + i))
        return cols.reshape((-1,) + kernel + out_size).transpose((0,) + order).reshape(shape)
    out = xp.zeros(shape, cols.dtype)
    for offset in itertools.product(*map(range, kernel)):     # one strided add per kernel offset (as Chainer does);
        where = tuple(slice(i * d, i * d + s * o, s)         # batch, channels and pixels stay vectorised
                      for i, d, s, o in zip(offset, dilation, stride, out_size))
        out[(Ellipsis,) + where] += cols[(Ellipsis,) + offset + (slice(None),) * k]
    return out


def conv_out_size(size, pads, kernel, stride, dilation):
    """floor((H + top + bottom - dilation*(K-1) - 1) / stride) + 1, per axis."""
    return tuple((n + p0 + p1 - d * (k - 1) - 1) // s + 1
                 for n, (p0, p1), k, s, d in zip(size, pads, kernel, stride, dilation))
