"""2-D convolution as im2col plus one matmul per group.

Read ConvolutionBackward0 first: forward copies every window of the padded input into columns, one column per output
position (im2col), and multiplies them by the weights; backward runs the two matmuls back and adds the columns'
gradients onto the pixels they came from (col2im). Two speed-ups sit behind named pieces, chosen at the top of forward:
    Columns        the plain layout: windows() reshaped to (n, groups, Cg*KH*KW, OH*OW); col2im back
    WideColumns    stride 1 (every conv of the tutorials): the same on rows as wide as the input, ~25% faster
    batch_chunks   on the CPU, the batch in chunks whose columns fit in the L2 cache, 3x faster at batch 256
"""
import functools
import operator

from . import grad_utils
from .grad_utils import as_tensor
from ..autograd import grad_mode
from ..autograd.function import MultiOutputOp, Op
from ..backend import device_of, get_array_module
from ..dtypes import not_implemented, title
from .pad import pad
from .windows import col2im, pad2d, pair, windows


class ConvolutionBackward0(Op):
    """out[n, o] = b[o] + sum_{c, i, j} w[o, c, i, j] * xpad[n, g*Cg + c, y*sh + i*dh, x*sw + j*dw]  (g: o's group)
    As matrices, per batch item and group: out = W @ cols, with W (O/G, Cg*KH*KW) and cols = im2col(xpad).
    dW = sum_n g @ cols^T,   dx = col2im(W^T @ g) without the padding,   db = sum of g over n, y, x.
    Backward makes the columns again from the saved input instead of keeping them (25x the input for a 5x5 kernel),
    unless the whole batch went through in one chunk. Under create_graph the gradients come from a node of their own,
    ConvolutionBackwardBackward0, as in PyTorch."""

    @staticmethod
    def forward(ctx, x, w, b=None, stride=(1, 1), padding=((0, 0), (0, 0)), dilation=(1, 1), groups=1):
        xp = get_array_module(x)
        layout = WideColumns if tuple(stride) == (1, 1) else Columns       # the fast layout where it applies
        ctx.columns = cols_of = layout(x.shape, w.shape, stride, padding, dilation, groups)
        xpad = cols_of.pad(x)
        wg = w.reshape(groups, w.shape[0] // groups, -1)                   # (G, O/G, Cg*KH*KW)
        out = xp.empty((x.shape[0], w.shape[0]) + cols_of.out_size, x.dtype)
        parts = batch_chunks(xpad, cols_of.floats_per_item)
        for part in parts:
            cols = cols_of.im2col(xpad[part])                               # (n, G, Cg*KH*KW, positions)
            out[part] = cols_of.outputs(wg @ cols)                          # one batched matmul per chunk
        ctx.cols = cols if len(parts) == 1 else None    # the whole batch in one chunk: backward reuses its columns
        if b is not None:
            out += b.reshape(-1, 1, 1)
        ctx.save_for_backward(x, w)
        return out

    @staticmethod
    def backward(ctx, g):
        if grad_mode._enabled:      # create_graph: the gradients must be differentiable again
            return ctx.backward_as_node(g)
        x, w = ctx.saved_tensors
        return conv_grads(g, x, w, ctx.columns, ctx.wanted(), ctx.cols)

    def wanted(self):
        """Which of (gx, gw, gb) to compute: the inputs that need a gradient (False for a missing bias)."""
        return (self.needs_input_grad + (False,))[:3]

    def backward_as_node(self, g):
        """create_graph: (gx, gw, gb) as the outputs of a ConvolutionBackwardBackward0 node, as in PyTorch."""
        x, w = self.saved_tensors
        return ConvolutionBackwardBackward0.apply(as_tensor(g), x, w, columns=self.columns, need=self.wanted())


def conv_grads(g, x, w, cols_of, need, cols=None):
    """conv2d's gradients (gx, gw, gb) for the output's gradient g, each None unless `need` asks for it; `cols` are
    forward's columns of x, if it kept them."""
    xp = get_array_module(g)
    need_x, need_w, need_b = need
    wg = w.reshape(cols_of.groups, w.shape[0] // cols_of.groups, -1)
    xpad = cols_of.pad(x)
    gxpad = xp.empty(xpad.shape, g.dtype) if need_x else None
    gw = xp.zeros(wg.shape, g.dtype) if need_w else None
    for part in batch_chunks(xpad, cols_of.floats_per_item):
        gp = cols_of.grad_rows(g[part])                                     # (n, G, O/G, positions)
        if need_w:
            part_cols = cols if cols is not None else cols_of.im2col(xpad[part])
            gw += (gp @ part_cols.transpose(0, 1, 3, 2)).sum(0)
        if need_x:
            gxpad[part] = cols_of.col2im(wg.transpose(0, 2, 1) @ gp, gxpad[part].shape)
    (pt, _), (pl, _) = cols_of.padding
    gx = gxpad[:, :, pt:pt + x.shape[2], pl:pl + x.shape[3]] if need_x else None     # crop the padding
    gb = g.sum(axis=(0, 2, 3)) if need_b else None
    return gx, None if gw is None else gw.reshape(w.shape), gb


class ConvolutionBackwardBackward0(MultiOutputOp):
    """conv2d's backward as an op, so that create_graph can differentiate it (PyTorch's node of that name):
        out = (gx, gw, gb) = conv_grads(g, x, w):  gx = conv_transpose(g, w),  gw = x correlated with g,  gb = sum g
    gx is linear in g and in w, gw in g and in x, gb in g; so, with ggx, ggw, ggb the gradients of gx, gw, gb:
        dg = conv2d(ggx, w, ggb) + conv2d(x, ggw),   dx = the gx of (g, ggw),   dw = the gw of (g, ggx)"""

    @staticmethod
    def forward(ctx, g, x, w, columns=None, need=(True, True, True)):
        ctx.columns = columns
        ctx.save_for_backward(g, x, w)
        return conv_grads(g, x, w, columns, need)

    @staticmethod
    def backward(ctx, ggx, ggw, ggb):
        g, x, w = ctx.saved_tensors
        cols_of, (need_g, need_x, need_w) = ctx.columns, ctx.needs_input_grad
        dg = ctx.grad_of_g(ggx, ggw, ggb) if need_g else None
        dx = dw = None
        if need_x and ggw is not None:
            dx = grad_utils.run(ConvolutionBackwardBackward0, g, x, ggw, columns=cols_of, need=(True, False, False))[0]
        if need_w and ggx is not None:
            dw = grad_utils.run(ConvolutionBackwardBackward0, g, ggx, w, columns=cols_of, need=(False, True, False))[1]
        return dg, dx, dw

    def grad_of_g(self, ggx, ggw, ggb):
        """dg = conv2d(ggx, w, ggb) + conv2d(x, ggw), the terms whose gradient came (None if none did)."""
        g, x, w = self.saved_tensors
        params, terms = self.columns.params(), []
        if ggx is not None:
            terms.append(grad_utils.run(ConvolutionBackward0, ggx, w, *[b for b in (ggb,) if b is not None], **params))
        elif ggb is not None:
            terms.append(grad_utils.broadcast_to(ggb.reshape(1, -1, 1, 1), tuple(g.shape)))
        if ggw is not None:
            terms.append(grad_utils.run(ConvolutionBackward0, x, ggw, **params))
        return functools.reduce(operator.add, terms) if terms else None


class Columns:
    """The plain im2col layout: cols[n, g, (c, i, j), (y, x)] = xpad[n, g*Cg + c, y*sh + i*dh, x*sw + j*dw]."""

    def __init__(self, x_shape, w_shape, stride, padding, dilation, groups):
        self.kernel, self.stride, self.padding, self.dilation = w_shape[2:], stride, padding, dilation
        self.groups = groups
        self.out_size = conv_out_size(x_shape[2:], padding, self.kernel, stride, dilation)
        self.width = x_shape[3] + sum(padding[1])                          # of the padded input
        self.positions = self.count_positions()
        self.floats_per_item = x_shape[1] * self.kernel[0] * self.kernel[1] * self.positions

    def params(self):
        """The arguments of ConvolutionBackward0.forward that made these columns."""
        return dict(stride=self.stride, padding=self.padding, dilation=self.dilation, groups=self.groups)

    def count_positions(self):
        """Columns per batch item and channel: one per output pixel."""
        return self.out_size[0] * self.out_size[1]

    def pad(self, x):
        return pad2d(x, self.padding)

    def im2col(self, xpad):
        """(n, C, H, W) -> (n, G, Cg*KH*KW, positions): the one copy."""
        view = windows(xpad, self.kernel, self.stride, self.dilation, self.out_size)   # (n, C, KH, KW, OH, OW)
        return view.reshape(xpad.shape[0], self.groups, -1, self.positions)

    def outputs(self, prod):
        """The matmul's (n, G, O/G, positions) as the outputs (n, O, OH, OW)."""
        return prod.reshape((prod.shape[0], -1) + self.out_size)

    def grad_rows(self, g):
        """g (n, O, OH, OW) laid out as the matmul's result: (n, G, O/G, positions)."""
        return g.reshape(g.shape[0], self.groups, g.shape[1] // self.groups, -1)

    def col2im(self, gcols, shape):
        """The columns' gradient (n, G, Cg*KH*KW, positions) added back onto an input of `shape`."""
        gcols = gcols.reshape(tuple(shape[:2]) + tuple(self.kernel) + self.out_size)
        return col2im(gcols, shape, self.stride, self.dilation)


class WideColumns(Columns):
    """Stride 1 on "wide" rows: output row y is computed as wide as the padded input (Wp), so output (y, x) sits at
    y*Wp + x of a run of L = (OH-1)*Wp + OW positions (the columns past OW are computed and thrown away). A window
    entry (i, j) at every position is then one contiguous run of the flattened input plane: im2col copies long runs
    instead of rows of OW pixels, and col2im is KH*KW adds of contiguous runs. Conv's forward and backward in the
    CIFAR LeNet at batch 64 ran ~25% faster."""

    def count_positions(self):
        return (self.out_size[0] - 1) * self.width + self.out_size[1]

    def pad(self, x):
        """x padded, and contiguous, so that its planes can be flattened."""
        return get_array_module(x).ascontiguousarray(pad2d(x, self.padding))

    def im2col(self, xpad):
        """view[n, c, i, j, q] = xpad[n, c].flat[i*dh*Wp + j*dw + q] for q < L: a view; then the one copy."""
        s = xpad.strides[-1]
        view = get_array_module(xpad).lib.stride_tricks.as_strided(
            xpad, xpad.shape[:2] + tuple(self.kernel) + (self.positions,),
            xpad.strides[:2] + (s * self.width * self.dilation[0], s * self.dilation[1], s))
        return view.reshape(xpad.shape[0], self.groups, -1, self.positions)

    def outputs(self, prod):
        """(n, G, O/G, L) wide rows -> (n, O, OH, OW), the real outputs: a view."""
        out = prod.reshape(prod.shape[0], -1, self.positions)
        s = out.strides[-1]
        return get_array_module(out).lib.stride_tricks.as_strided(
            out, out.shape[:2] + self.out_size, out.strides[:2] + (s * self.width, s))

    def grad_rows(self, g):
        """(n, O, OH, OW) -> (n, G, O/G, L) wide rows, zeros in the thrown-away columns (the adjoint of outputs)."""
        (OH, OW), (n, O) = self.out_size, g.shape[:2]
        wide = get_array_module(g).zeros((n, O, OH, self.width), g.dtype)
        wide[..., :OW] = g
        return wide.reshape(n, self.groups, O // self.groups, -1)[..., :self.positions]

    def col2im(self, gcols, shape):
        """out[n, c].flat[i*dh*Wp + j*dw + q] += gcols[n, (c, i, j), q]: the adjoint of im2col, KH*KW adds of runs."""
        (KH, KW), L = self.kernel, self.positions
        gcols = gcols.reshape(tuple(shape[:2]) + (KH, KW, L))
        out = get_array_module(gcols).zeros(shape, gcols.dtype)
        flat = out.reshape(tuple(shape[:2]) + (-1,))
        for i in range(KH):
            for j in range(KW):
                start = i * self.dilation[0] * self.width + j * self.dilation[1]
                flat[..., start:start + L] += gcols[..., i, j, :]
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
    extra = [hi - lo for lo, hi in pads]
    if any(extra):      # 'same' with an even kernel: as PyTorch, the extra bottom/right zeros padded onto a copy
        input, pads = pad(input, (0, extra[1], 0, extra[0])), tuple((lo, lo) for lo, _ in pads)
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
    if input._data.dtype.kind == 'b':     # PyTorch's CPU kernels have no bool loop
        not_implemented('slow_conv2d_cpu' if set(dilation) == {1} else 'slow_conv_dilated<>', input.dtype)
    if weight.dtype != input.dtype:
        raise RuntimeError(f'expected scalar type {title(input.dtype)} but found {title(weight.dtype)}')
    if bias is not None and bias.dtype != input.dtype:
        raise RuntimeError(f'Input type ({_type_name(input)}) and bias type ({_type_name(bias)}) should be the same')
    tensors = (input, weight) if bias is None else (input, weight, bias)
    return ConvolutionBackward0.apply(*tensors, stride=stride, padding=pads, dilation=dilation, groups=groups)
