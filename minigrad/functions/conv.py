"""2-D convolution as im2col plus one matmul, with the window helpers that pooling shares.

    windows(x)  a strided view (N, C, KH, KW, OH, OW) of every sliding window of x: no copy
    im2col      that view reshaped to (N, C*KH*KW, OH*OW): the one copy, laid out so the matmul is contiguous
    col2im      the adjoint of windows: add each window's values back where they came from (overlaps add up)
    wide_windows, wide_col2im   the same for stride 1, on output rows as wide as the input (faster to copy and add)
"""
from ..autograd.function import Op
from ..backend import device_of, get_array_module
from ..dtypes import title


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


CACHE_FLOATS = 2 ** 18   # 1 MiB of float32: about what a core's L2 cache holds


def batch_chunks(x, floats_per_item):
    """Slices of x's batch to im2col one at a time. On the CPU each chunk's columns fit in the L2 cache: the
    full im2col of a batch is 25x its input (60 MB for CIFAR's conv1 at batch 256) and ran at memory speed,
    3x slower; the GPU takes the whole batch at once."""
    n = x.shape[0]
    step = n if device_of(x).type != 'cpu' else max(1, min(n, CACHE_FLOATS // max(1, floats_per_item)))
    return [slice(i, min(i + step, n)) for i in range(0, n, step)]


# Stride 1 (every conv of the tutorials) gets a faster layout: output row oh is computed as a "wide" row, as wide as
# the padded input (Wp), so that output (oh, ow) sits at oh*Wp + ow of a run of L = (OH-1)*Wp + OW positions (the
# columns past OW are computed and thrown away). Then a window entry (i, j) at every position is one contiguous run
# of the flattened input plane: im2col copies long runs instead of rows of OW pixels, and col2im is KH*KW adds of
# contiguous runs. Conv's forward+backward in the CIFAR LeNet at batch 64 ran ~25% faster.

def wide_windows(x, kernel, dilation, out_size):
    """view[..., i, j, q] = x[..., i*dh*W + j*dw + q] on x's flattened (H, W) planes, for q < L: the windows of a
    stride-1 conv on wide rows, no copy (x must be contiguous in its last two axes)."""
    xp = get_array_module(x)
    W, (OH, OW), s = x.shape[-1], out_size, x.strides[-1]
    return xp.lib.stride_tricks.as_strided(
        x, x.shape[:-2] + tuple(kernel) + ((OH - 1) * W + OW,),
        x.strides[:-2] + (s * W * dilation[0], s * dilation[1], s))


def narrow(a, width, out_size):
    """(..., L) wide rows -> (..., OH, OW), the real outputs: a view."""
    xp, s = get_array_module(a), a.strides[-1]
    return xp.lib.stride_tricks.as_strided(a, a.shape[:-1] + tuple(out_size), a.strides[:-1] + (s * width, s))


def widen(g, width):
    """(..., OH, OW) -> (..., L) wide rows, zeros in the thrown-away columns (the adjoint of narrow)."""
    xp = get_array_module(g)
    OH, OW = g.shape[-2:]
    out = xp.zeros(g.shape[:-2] + (OH, width), g.dtype)
    out[..., :OW] = g
    return out.reshape(g.shape[:-2] + (-1,))[..., :(OH - 1) * width + OW]


def wide_col2im(cols, shape, dilation):
    """The adjoint of wide_windows: out (of `shape` (..., H, W)) gets cols[..., i, j, q] added at flat position
    i*dh*W + j*dw + q of its plane."""
    xp = get_array_module(cols)
    KH, KW, L = cols.shape[-3:]
    W = shape[-1]
    out = xp.zeros(shape, cols.dtype)
    flat = out.reshape(shape[:-2] + (-1,))
    for i in range(KH):
        for j in range(KW):
            start = i * dilation[0] * W + j * dilation[1]
            flat[..., start:start + L] += cols[..., i, j, :]
    return out


class ConvolutionBackward0(Op):
    """out[n, o] = b[o] + sum_{c, i, j} w[o, c, i, j] * xpad[n, g*Cg + c, y*sh + i*dh, x*sw + j*dw]  (g: o's group)
    As matrices, per batch item and group: out = W @ cols, with W (O/G, Cg*KH*KW) and cols = im2col(xpad).
    dW = sum_n g @ cols^T,   dx = col2im(W^T @ g) without the padding,   db = sum of g over n, y, x.
    The batch goes through in chunks whose columns stay in cache (batch_chunks); backward makes them again
    from the saved input instead of keeping all of them (25x the input for a 5x5 kernel). With stride 1 the
    columns are laid out on wide rows (wide_windows)."""
    differentiable_backward = False

    @staticmethod
    def forward(ctx, x, w, b=None, stride=(1, 1), padding=((0, 0), (0, 0)), dilation=(1, 1), groups=1):
        xp = get_array_module(x)
        N, C, _, _ = x.shape
        O, Cg, KH, KW = w.shape
        ctx.stride, ctx.padding, ctx.dilation, ctx.groups = stride, padding, dilation, groups
        ctx.out_size = OH, OW = conv_out_size(x.shape[2:], padding, (KH, KW), stride, dilation)
        ctx.wide = tuple(stride) == (1, 1)
        xpad = ctx.pad(x)
        ctx.padded_width = xpad.shape[-1]
        wg = w.reshape(groups, O // groups, Cg * KH * KW)
        out = xp.empty((N, O, OH, OW), x.dtype)
        parts = batch_chunks(x, C * KH * KW * ctx.positions())
        for part in parts:
            # one batched matmul per chunk: (G, O/G, Cg*KH*KW) @ (n, G, Cg*KH*KW, positions)
            cols = ctx.im2col(xpad[part], w.shape)
            out[part] = ctx.outputs(wg @ cols)
        ctx.cols = cols if len(parts) == 1 else None   # a batch in one chunk keeps its columns: backward's copy saved
        if b is not None:
            out += b.reshape(O, 1, 1)
        ctx.save_for_backward(x, w)
        return out

    def pad(self, x):
        """x padded; on wide rows also contiguous, so that its planes can be flattened."""
        xpad = pad2d(x, self.padding)
        return get_array_module(x).ascontiguousarray(xpad) if self.wide else xpad

    def positions(self):
        """The columns of cols per batch item and channel: OH*OW, or L on wide rows."""
        OH, OW = self.out_size
        return (OH - 1) * self.padded_width + OW if self.wide else OH * OW

    def im2col(self, xpad, w_shape):
        """(n, C, H, W) -> (n, G, Cg*KH*KW, positions): the one copy."""
        O, Cg, KH, KW = w_shape
        if self.wide:
            view = wide_windows(xpad, (KH, KW), self.dilation, self.out_size)
        else:
            view = windows(xpad, (KH, KW), self.stride, self.dilation, self.out_size)
        return view.reshape(xpad.shape[0], self.groups, Cg * KH * KW, -1)

    def outputs(self, prod):
        """The matmul's (n, G, O/G, positions) as the outputs (n, O, OH, OW)."""
        out = prod.reshape(prod.shape[0], -1, prod.shape[-1])
        if self.wide:
            return narrow(out, self.padded_width, self.out_size)
        return out.reshape(out.shape[:2] + self.out_size)

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        xp = get_array_module(g)
        N, O, OH, OW = g.shape
        G, (pt, pl), (H, W) = ctx.groups, (ctx.padding[0][0], ctx.padding[1][0]), x.shape[2:]
        need_x, need_w = ctx.needs_input_grad[0], ctx.needs_input_grad[1]
        wg = w.reshape(G, O // G, -1)
        xpad = ctx.pad(x)
        gxpad = xp.empty(xpad.shape, g.dtype) if need_x else None
        gw = xp.zeros(wg.shape, g.dtype) if need_w else None
        for part in batch_chunks(x, x.shape[1] * w.shape[2] * w.shape[3] * ctx.positions()):
            gp = widen(g[part], ctx.padded_width) if ctx.wide else g[part].reshape(*g[part].shape[:2], -1)
            gp = gp.reshape(gp.shape[0], G, O // G, -1)                   # (n, G, O/G, positions)
            if need_w:
                cols = ctx.cols if ctx.cols is not None else ctx.im2col(xpad[part], w.shape)
                gw += (gp @ cols.transpose(0, 1, 3, 2)).sum(0)
            if need_x:
                gcols = (wg.transpose(0, 2, 1) @ gp).reshape(gp.shape[0], -1, *w.shape[2:], gp.shape[-1])
                if ctx.wide:
                    gxpad[part] = wide_col2im(gcols, gxpad[part].shape, ctx.dilation)
                else:
                    gcols = gcols.reshape(gcols.shape[:-1] + (OH, OW))
                    gxpad[part] = col2im(gcols, gxpad[part].shape, ctx.stride, ctx.dilation)
        gx = gxpad[:, :, pt:pt + H, pl:pl + W] if need_x else None                # crop the padding
        gb = g.sum(axis=(0, 2, 3)) if len(ctx.needs_input_grad) > 2 and ctx.needs_input_grad[2] else None
        return gx, None if gw is None else gw.reshape(w.shape), gb


def _padding(padding, kernel, stride, dilation):
    """PyTorch's padding argument as ((top, bottom), (left, right)): an int, a pair, 'valid' or 'same'."""
    if not isinstance(padding, str):
        return tuple((p, p) for p in padding)
    if padding == 'valid':
        return ((0, 0), (0, 0))
    if padding != 'same':
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    if stride != (1, 1):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    # total padding d*(k-1) keeps the size; an odd total puts the extra row/column at the bottom/right, as PyTorch
    return tuple((d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2) for k, d in zip(kernel, dilation))


def _type_name(t):
    return t.dtype.name.replace('float32', 'float').replace('float64', 'double')


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """torch.nn.functional.conv2d: input (N, C, H, W) or (C, H, W), weight (O, C/groups, KH, KW), bias (O,)."""
    if input.ndim not in (3, 4):
        raise RuntimeError('Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: '
                           f'{list(input.shape)}')
    if input.ndim == 3:                             # unbatched: a batch of one, as PyTorch does
        return conv2d(input.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0)
    if weight.ndim < 3:
        raise RuntimeError('weight should have at least three dimensions')
    args = dict(stride=pair(stride), dilation=pair(dilation))
    if not isinstance(padding, str):
        args['padding'] = pair(padding)
    for name, v in args.items():
        if len(v) != weight.ndim - 2:
            raise RuntimeError(f'expected {name} to be a single integer value or a list of {weight.ndim - 2} values '
                               f'to match the convolution dimensions, but got {name}={list(v)}')
    stride, dilation, kernel = args['stride'], args['dilation'], tuple(weight.shape[2:])
    if groups <= 0:
        raise RuntimeError('non-positive groups is not supported')
    if min(args.get('padding', (0,))) < 0:
        raise RuntimeError('negative padding is not supported')
    if min(stride) <= 0:
        raise RuntimeError('non-positive stride is not supported')
    if min(dilation) <= 0:
        raise RuntimeError(f'dilation should be greater than zero, but got {list(dilation)}')
    pads = _padding(args.get('padding', padding), kernel, stride, dilation)
    w_size, x_size = list(weight.shape), list(input.shape)
    if w_size[0] < groups:
        raise RuntimeError(f'Given groups={groups}, expected weight to be at least {groups} at dimension 0, '
                           f'but got weight of size {w_size} instead')
    if w_size[0] % groups:
        raise RuntimeError(f'Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, '
                           f'but got weight of size [{w_size}] instead')
    if x_size[1] != w_size[1] * groups:
        raise RuntimeError(f'Given groups={groups}, weight of size {w_size}, expected input{x_size} to have '
                           f'{w_size[1] * groups} channels, but got {x_size[1]} channels instead')
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != w_size[0]):
        raise RuntimeError(f'Given weight of size {w_size}, expected bias to be 1-dimensional with {w_size[0]} '
                           f'elements, but got bias of size {list(bias.shape)} instead')
    padded = [n + p0 + p1 for n, (p0, p1) in zip(x_size[2:], pads)]
    dilated = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
    if any(p < k for p, k in zip(padded, dilated)):
        raise RuntimeError(f'Calculated padded input size per channel: ({" x ".join(map(str, padded))}). Kernel size: '
                           f'({" x ".join(map(str, dilated))}). Kernel size can\'t be greater than actual input size')
    if weight.dtype != input.dtype:
        raise RuntimeError(f'expected scalar type {title(input.dtype)} but found {title(weight.dtype)}')
    if bias is not None and bias.dtype != input.dtype:
        raise RuntimeError(f'Input type ({_type_name(input)}) and bias type ({_type_name(bias)}) should be the same')
    tensors = (input, weight) if bias is None else (input, weight, bias)
    return ConvolutionBackward0.apply(*tensors, stride=stride, padding=pads, dilation=dilation, groups=groups)
