"""Convolution (1-d, 2-d and 3-d, plain and transposed) as im2col plus one matmul per group.

Read ConvolutionBackward0 first: forward copies every window of the padded input into columns, one column per output
position (im2col), and multiplies them by the weights; backward runs the two matmuls back and adds the columns'
gradients onto the pixels they came from (col2im). Three generalisations reuse that code unchanged:
    1-d            a 2-d convolution of height 1 (Columns.as_2d adds the unit height, as_given takes it off)
    3-d            the same code over three spatial axes: windows, col2im and the padding take as many axes as the
                   kernel has, a column is (c, i, j, k) and a position (z, y, x)
    transposed     conv_transpose(x, w) is conv's input gradient for the output gradient x (col2im(W^T @ x));
                   its gradients are conv's forward (for x) and conv's weight gradient with x and g swapped
Speed-ups sit behind named pieces (plan() picks the layout):
    Columns        the plain layout: windows() reshaped to (n, groups, Cg*KH*KW, OH*OW); col2im back
    WideColumns    stride 1 (every conv of the tutorials): the same on rows as wide as the input, ~25% faster
    batch_chunks   on the CPU, the batch in chunks whose columns fit in the L2 cache, 3x faster at batch 256
"""
import functools
import math
import operator

from . import grad_utils
from .grad_utils import as_tensor
from ..autograd import grad_mode
from ..autograd.function import MultiOutputOp, Op
from ..backend import device_of, get_array_module
from ..dtypes import not_implemented, title
from .pad import pad
from .table import export
from .windows import col2im, conv_out_size, pad2d, windows


class ConvolutionBackward0(Op):
    """out[n, o] = b[o] + sum_{c, i, j} w[o, c, i, j] * xpad[n, g*Cg + c, y*sh + i*dh, x*sw + j*dw]  (g: o's group)
    As matrices, per batch item and group: out = W @ cols, with W (O/G, Cg*KH*KW) and cols = im2col(xpad).
    dW = sum_n g @ cols^T,   dx = col2im(W^T @ g) without the padding,   db = sum of g over n, y, x.
    transposed=True: out = b + col2im(W^T @ x) without the padding (conv's dx for the gradient x), so that
    dx = conv(g, w),   dW = sum_n x @ cols(g)^T,   db = sum of g.
    Backward makes the columns again from the saved input instead of keeping them (25x the input for a 5x5 kernel),
    unless the whole batch went through in one chunk. Under create_graph the gradients come from a node of their own,
    ConvolutionBackwardBackward0, as in PyTorch."""

    @staticmethod
    def forward(ctx, x, w, b=None, stride=(1, 1), padding=((0, 0), (0, 0)), dilation=(1, 1), groups=1,
                transposed=False, output_padding=(0, 0)):
        ctx.columns = cols_of = plan(x.shape, w.shape, stride, padding, dilation, groups, transposed, output_padding)
        out, ctx.cols = convolve(cols_of.as_2d(x), cols_of.as_2d(w), cols_of)
        if b is not None:
            out += b.reshape((-1,) + (1,) * len(cols_of.out_size))
        ctx.save_for_backward(x, w)
        return cols_of.as_given(out)

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


def convolve(x, w, cols_of):
    """The forward on (n, C, H, W) arrays: (out without the bias, the columns of x if they can be kept, else None)."""
    if cols_of.transposed:
        return plain_grads(x, None, w, cols_of, True, False)[0], None
    return correlate(x, w, cols_of)


def correlate(x, w, cols_of):
    """The plain convolution out = W @ im2col(xpad), chunk by chunk; also the columns when there was one chunk."""
    xp = get_array_module(x)
    xpad = cols_of.pad(x)
    wg = w.reshape(cols_of.groups, w.shape[0] // cols_of.groups, -1)        # (G, O/G, Cg*KH*KW)
    out = xp.empty((x.shape[0], w.shape[0]) + cols_of.out_size, x.dtype)
    parts = batch_chunks(xpad, cols_of.floats_per_item)
    for part in parts:
        cols = cols_of.im2col(xpad[part])                                   # (n, G, Cg*KH*KW, positions)
        out[part] = cols_of.outputs(wg @ cols)                              # one batched matmul per chunk
        if len(parts) > 1:
            cols = None     # freed before the next chunk makes its columns: one chunk's at a time in memory
    return out, cols


def plain_grads(g, x, w, cols_of, need_x, need_w, cols=None):
    """The plain convolution's input and weight gradients (gx, gw; None unless asked for) for its output's gradient
    g, in one pass over the batch chunks: each chunk's rows of g are laid out once for both products.
        gx = col2im(W^T @ g), cropped         gw = sum over the batch of g @ im2col(xpad)^T
    `cols` are forward's columns of x, if it kept them (one chunk)."""
    xp, groups = get_array_module(g), cols_of.groups
    wg = w.reshape(groups, w.shape[0] // groups, -1)                        # (G, O/G, Cg*KH*KW)
    gxpad = xp.empty((g.shape[0], w.shape[1] * groups) + cols_of.padded_size, g.dtype) if need_x else None
    xpad = cols_of.pad(x) if need_w else None
    gw = xp.zeros(wg.shape, g.dtype) if need_w else None
    for part in batch_chunks(g, cols_of.floats_per_item):
        rows = cols_of.grad_rows(g[part])                                   # (n, G, O/G, positions)
        if need_x:
            gxpad[part] = cols_of.col2im(wg.transpose(0, 2, 1) @ rows, gxpad[part].shape)
        if need_w:
            part_cols = cols if cols is not None else cols_of.im2col(xpad[part])
            gw += (rows @ part_cols.transpose(0, 1, 3, 2)).sum(0)
        rows = part_cols = None     # freed before the next chunk makes its own
    if need_x:
        crop = tuple(slice(p0, p0 + n) for (p0, _), n in zip(cols_of.padding, cols_of.in_size))
        gxpad = gxpad[(slice(None), slice(None)) + crop]                    # crop the padding
    return gxpad, (gw.reshape(w.shape) if need_w else None)


def conv_grads(g, x, w, cols_of, need, cols=None):
    """The convolution's gradients (gx, gw, gb) for the output's gradient g, each None unless `need` asks for it;
    `cols` are forward's columns of x, if it kept them."""
    need_x, need_w, need_b = need
    g, x, w = (cols_of.as_2d(a) for a in (g, x, w))
    if cols_of.transposed:      # the plain convolution's input and output gradient, swapped
        gx = correlate(g, w, cols_of)[0] if need_x else None
        gw = plain_grads(x, g, w, cols_of, False, True)[1] if need_w else None
    else:
        gx, gw = plain_grads(g, x, w, cols_of, need_x, need_w, cols)
    gb = g.sum(axis=(0,) + tuple(range(2, g.ndim))) if need_b else None
    return cols_of.as_given(gx), cols_of.as_given(gw), gb


class ConvolutionBackwardBackward0(MultiOutputOp):
    """The convolution's backward as an op, so that create_graph can differentiate it (PyTorch's node of that name):
        out = (gx, gw, gb) = conv_grads(g, x, w)
    gx is linear in g and in w, gw in g and in x, gb in g; so, with ggx, ggw, ggb the gradients of gx, gw, gb:
        dg = conv(ggx, w, ggb) + conv(x, ggw),   dx = the gx of (g, ggw),   dw = the gw of (g, ggx)
    (conv is the same convolution, plain or transposed: the identities hold for any bilinear out(x, w))."""

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
        if need_x and ggw is not None:      # (x gives its shape alone: a constant, as in PyTorch's formula)
            dx = grad_utils.run(ConvolutionBackwardBackward0, g, grad_utils.data(x), ggw, columns=cols_of,
                                need=(True, False, False))[0]
        if need_w and ggx is not None:      # (w likewise)
            dw = grad_utils.run(ConvolutionBackwardBackward0, g, ggx, grad_utils.data(w), columns=cols_of,
                                need=(False, True, False))[1]
        return dg, dx, dw

    def grad_of_g(self, ggx, ggw, ggb):
        """dg = conv(ggx, w, ggb) + conv(x, ggw), the terms whose gradient came (None if none did)."""
        g, x, w = self.saved_tensors
        params, terms = self.columns.params(), []
        if ggx is not None:
            terms.append(grad_utils.run(ConvolutionBackward0, ggx, w, *[b for b in (ggb,) if b is not None], **params))
        elif ggb is not None:
            terms.append(grad_utils.broadcast_to(ggb.reshape((1, -1) + (1,) * (g.ndim - 2)), tuple(g.shape)))
        if ggw is not None:
            terms.append(grad_utils.run(ConvolutionBackward0, x, ggw, **params))
        return functools.reduce(operator.add, terms) if terms else None


def plan(x_shape, w_shape, stride, padding, dilation, groups, transposed=False, output_padding=(0, 0)):
    """The layout of the convolution of an input of x_shape ((n, C, L), (n, C, H, W) or (n, C, D, H, W)) with a
    weight of w_shape, in terms of the plain convolution: for a transposed one, the convolution whose input gradient
    it is (its input, of in_size, is the transposed convolution's output; its output, of out_size, the transposed
    one's input)."""
    unit_height = len(x_shape) == 3
    if unit_height:
        x_shape, w_shape = unit_height_shape(x_shape), unit_height_shape(w_shape)
    kernel = w_shape[2:]
    if transposed:
        in_size = transposed_out_size(x_shape[2:], padding, kernel, stride, dilation, output_padding)
        out_size = tuple(x_shape[2:])
    else:
        in_size, out_size = tuple(x_shape[2:]), conv_out_size(x_shape[2:], padding, kernel, stride, dilation)
    layout = WideColumns if tuple(stride) == (1, 1) else Columns       # the fast layout where it applies (2-d)
    return layout(in_size, out_size, w_shape, stride, padding, dilation, groups, transposed=transposed,
                  output_padding=output_padding, unit_height=unit_height)


def unit_height_shape(shape):
    """(n, C, L) as (n, C, 1, L)."""
    return tuple(shape[:2]) + (1,) + tuple(shape[2:])


def transposed_out_size(size, pads, kernel, stride, dilation, output_padding):
    """(H - 1)*stride - top - bottom + dilation*(K-1) + output_padding + 1, per axis: the input size of the
    convolution whose output has `size`."""
    return tuple((n - 1) * s - p0 - p1 + d * (k - 1) + op + 1
                 for n, (p0, p1), k, s, d, op in zip(size, pads, kernel, stride, dilation, output_padding))


class Columns:
    """The plain im2col layout: cols[n, g, (c, i, j), (y, x)] = xpad[n, g*Cg + c, y*sh + i*dh, x*sw + j*dw]
    (for 3-d: cols[n, g, (c, i, j, k), (z, y, x)] = xpad[n, g*Cg + c, z*sd + i*dd, y*sh + j*dh, x*sw + k*dw])."""

    def __init__(self, in_size, out_size, w_shape, stride, padding, dilation, groups, transposed=False,
                 output_padding=(0, 0), unit_height=False):
        self.kernel, self.stride, self.padding, self.dilation = w_shape[2:], stride, padding, dilation
        self.groups, self.transposed, self.output_padding = groups, transposed, output_padding
        self.in_size, self.out_size, self.unit_height = in_size, out_size, unit_height
        self.padded_size = tuple(n + p0 + p1 for n, (p0, p1) in zip(in_size, padding))
        self.width = self.padded_size[-1]
        self.positions = self.count_positions()
        self.floats_per_item = w_shape[1] * groups * math.prod(self.kernel) * self.positions

    def params(self):
        """The arguments of ConvolutionBackward0.forward that made these columns."""
        return dict(stride=self.stride, padding=self.padding, dilation=self.dilation, groups=self.groups,
                    transposed=self.transposed, output_padding=self.output_padding)

    def as_2d(self, a):
        """An array (n, C, L) of a 1-d convolution as (n, C, 1, L); 2-d ones as they are."""
        return a[:, :, None] if self.unit_height else a

    def as_given(self, a):
        """The inverse of as_2d (None stays None)."""
        return a[:, :, 0] if self.unit_height and a is not None else a

    def count_positions(self):
        """Columns per batch item and channel: one per output pixel."""
        return math.prod(self.out_size)

    def pad(self, x):
        return pad2d(x, self.padding)

    def im2col(self, xpad):
        """(n, C, H, W) -> (n, G, Cg*KH*KW, positions) (and (n, C, D, H, W) alike): the one copy."""
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


CACHE_FLOATS = 2 ** 18   # 1 MiB of float32: about what a core's L2 cache holds


def batch_chunks(x, floats_per_item):
    """Slices of x's batch to im2col one at a time. On the CPU each chunk's columns fit in the L2 cache: the
    full im2col of a batch is 25x its input (60 MB for CIFAR's conv1 at batch 256) and ran at memory speed,
    3x slower; the GPU takes the whole batch at once."""
    n = x.shape[0]
    step = n if device_of(x).type != 'cpu' else max(1, min(n, CACHE_FLOATS // max(1, floats_per_item)))
    step = -(-n // -(-n // step))       # chunks of even size: batch 4 in 2 + 2, not 3 + 1 (less memory at the peak)
    return [slice(i, min(i + step, n)) for i in range(0, n, step)]


def _padding(padding, kernel, stride, dilation):
    """PyTorch's padding argument as (before, after) per axis: a tuple of ints, 'valid' or 'same'."""
    if not isinstance(padding, str):
        return tuple((p, p) for p in padding)
    if padding == 'valid':
        return ((0, 0),) * len(kernel)
    if padding != 'same':
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    if any(s != 1 for s in stride):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    # total padding d*(k-1) keeps the size; an odd total puts the extra row/column at the bottom/right, as PyTorch
    return tuple((d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2) for k, d in zip(kernel, dilation))


def _type_name(t):
    return t.dtype.name.replace('float32', 'float').replace('float64', 'double')


def _sizes(sizes):
    return ' x '.join(map(str, sizes))


@export(method=False)       # torch.conv1d too, the same function as F.conv1d
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """torch.nn.functional.conv1d: input (N, C, L) or (C, L), weight (O, C/groups, K), bias (O,)."""
    return convolution('conv1d', 1, input, weight, bias, stride, padding, dilation, groups)


@export(method=False)       # torch.conv2d too, the same function as F.conv2d
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """torch.nn.functional.conv2d: input (N, C, H, W) or (C, H, W), weight (O, C/groups, KH, KW), bias (O,)."""
    return convolution('conv2d', 2, input, weight, bias, stride, padding, dilation, groups)


@export(method=False)       # torch.conv_transpose1d too, the same function as F.conv_transpose1d
def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """torch.nn.functional.conv_transpose1d: input (N, C, L) or (C, L), weight (C, O/groups, K), bias (O,);
    the gradient of conv1d with respect to its input, output length (L-1)*stride - 2*padding + dilation*(K-1) +
    output_padding + 1."""
    return convolution('conv_transpose1d', 1, input, weight, bias, stride, padding, dilation, groups, output_padding)


@export(method=False)       # torch.conv_transpose2d too, the same function as F.conv_transpose2d
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """torch.nn.functional.conv_transpose2d: input (N, C, H, W) or (C, H, W), weight (C, O/groups, KH, KW), bias
    (O,); the gradient of conv2d with respect to its input."""
    return convolution('conv_transpose2d', 2, input, weight, bias, stride, padding, dilation, groups, output_padding)


@export(method=False)       # torch.conv3d too, the same function as F.conv3d
def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """torch.nn.functional.conv3d: input (N, C, D, H, W) or (C, D, H, W), weight (O, C/groups, KD, KH, KW), bias
    (O,)."""
    return convolution('conv3d', 3, input, weight, bias, stride, padding, dilation, groups)


@export(method=False)       # torch.conv_transpose3d too, the same function as F.conv_transpose3d
def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """torch.nn.functional.conv_transpose3d: input (N, C, D, H, W) or (C, D, H, W), weight (C, O/groups, KD, KH,
    KW), bias (O,); the gradient of conv3d with respect to its input."""
    return convolution('conv_transpose3d', 3, input, weight, bias, stride, padding, dilation, groups, output_padding)


def _expand(value, name, dims, n):
    """An int (dims of it, as the function's signature takes it) or a list of ints as n values (a list of one value
    repeated), or PyTorch's error."""
    v = (value,) * dims if isinstance(value, int) else tuple(value)
    if len(v) == 1:
        return v * n
    if len(v) != n:
        raise RuntimeError(f'expected {name} to be a single integer value or a list of {n} values to match the '
                           f'convolution dimensions, but got {name}={list(v)}')
    return v


def convolution(name, dims, input, weight, bias, stride, padding, dilation, groups, output_padding=None):
    """F.conv{dims}d, or F.conv_transpose{dims}d when output_padding is given: PyTorch's checks and errors, then the
    one node, ConvolutionBackward0 (a 1-d convolution as a 2-d one of height 1, in its geometry)."""
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f'Expected {dims + 1}D (unbatched) or {dims + 2}D (batched) input to {name}, but got '
                           f'input of size: {list(input.shape)}')
    if input.ndim == dims + 1:                      # unbatched: a batch of one, as PyTorch does
        out = convolution(name, dims, input.unsqueeze(0), weight, bias, stride, padding, dilation, groups,
                          output_padding)
        return out.squeeze(0)
    transposed = output_padding is not None
    if transposed and isinstance(padding, str):
        raise TypeError(f"{name}(): argument 'padding' must be tuple of ints, not str")
    if weight.ndim < 3:
        raise RuntimeError('weight should have at least three dimensions')
    k = weight.ndim - 2
    stride, dilation = _expand(stride, 'stride', dims, k), _expand(dilation, 'dilation', dims, k)
    if not isinstance(padding, str):
        padding = _expand(padding, 'padding', dims, k)
    output_padding = _expand(output_padding if transposed else 0, 'output_padding', dims, k)
    kernel = tuple(weight.shape[2:])
    if groups <= 0:
        raise RuntimeError('non-positive groups is not supported')
    if not isinstance(padding, str) and min(padding) < 0:
        raise RuntimeError('negative padding is not supported')
    if min(output_padding) < 0:
        raise RuntimeError('negative output_padding is not supported')
    if min(stride) <= 0:
        raise RuntimeError('non-positive stride is not supported')
    if weight.ndim != input.ndim:
        raise RuntimeError(f'Expected {weight.ndim}-dimensional input for {weight.ndim}-dimensional weight '
                           f'{list(weight.shape)}, but got {input.ndim}-dimensional input of size '
                           f'{list(input.shape)} instead')
    pads = _padding(padding, kernel, stride, dilation)
    extra = [hi - lo for lo, hi in pads]
    if any(extra):      # 'same' with an even kernel: as PyTorch, the extra bottom/right zeros padded onto a copy
        input = pad(input, tuple(p for e in reversed(extra) for p in (0, e)))
        pads = tuple((lo, lo) for lo, _ in pads)
    _check_shapes(input, weight, bias, groups, transposed)
    if dims == 1:       # the geometry of a 2-d convolution of height 1
        stride, dilation, output_padding, pads = (1,) + stride, (1,) + dilation, (0,) + output_padding, ((0, 0),) + pads
    if min(dilation) <= 0:
        raise RuntimeError('dilation should be greater than zero, but got ' + (
            ', '.join(f'dilation_{a}: {d}' for a, d in zip(_axes(dilation), dilation)) if transposed
            else f'{list(dilation)}'))
    if transposed:
        _check_transposed_size(input, weight, stride, pads, dilation, output_padding)
    else:
        _check_kernel_fits(input, kernel, pads, dilation, dims)
    _check_kernel_dtype(input._data.dtype, transposed, set(dilation) != {1}, max(dims, 2))
    if weight.dtype != input.dtype:
        raise RuntimeError(f'expected scalar type {title(input.dtype)} but found {title(weight.dtype)}')
    if bias is not None and bias.dtype != input.dtype:
        if not transposed:
            raise RuntimeError(f'Input type ({_type_name(input)}) and bias type ({_type_name(bias)}) should be the '
                               'same')
        if dims == 3:
            raise RuntimeError(f'expected scalar type {title(input.dtype)} but found {title(bias.dtype)}')
        bias = bias.to(input.dtype)               # PyTorch's 2-d transposed kernel takes the bias in the input's type
    tensors = (input, weight) if bias is None else (input, weight, bias)
    return ConvolutionBackward0.apply(*tensors, stride=stride, padding=pads, dilation=dilation, groups=groups,
                                      transposed=transposed, output_padding=output_padding)


def _check_kernel_dtype(dtype, transposed, dilated, dims):
    """PyTorch's CPU kernels (the 2-d ones for 1-d too): the plain one has no bool loop, the transposed and dilated
    ones only int64 among the integers."""
    plain = 'slow_conv2d_cpu' if dims == 2 else 'compute_columns3d'
    kernel = f'slow_conv_transpose{dims}d_out_cpu' if transposed else 'slow_conv_dilated<>' if dilated else plain
    if dtype.kind == 'b' or (transposed or dilated) and dtype.kind in 'iu' and dtype.itemsize < 8:
        not_implemented(kernel, dtype)


def _check_shapes(input, weight, bias, groups, transposed):
    """The weight's groups, the input's channels and the bias's size, with PyTorch's messages."""
    w_size, x_size = list(weight.shape), list(input.shape)
    if w_size[0] < groups:
        raise RuntimeError(f'Given groups={groups}, expected weight to be at least {groups} at dimension 0, '
                           f'but got weight of size {w_size} instead')
    if w_size[0] % groups:
        raise RuntimeError(f'Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, '
                           f'but got weight of size [{w_size}] instead')
    given = 'transposed=1' if transposed else f'groups={groups}'
    channels, outputs = (w_size[0], w_size[1] * groups) if transposed else (w_size[1] * groups, w_size[0])
    if x_size[1] != channels:
        raise RuntimeError(f'Given {given}, weight of size {w_size}, expected input{x_size} to have '
                           f'{channels} channels, but got {x_size[1]} channels instead')
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != outputs):
        raise RuntimeError(f'Given {"transposed=1, " if transposed else ""}weight of size {w_size}, expected bias to '
                           f'be 1-dimensional with {outputs} elements, but got bias of size {list(bias.shape)} '
                           'instead')


def _check_kernel_fits(input, kernel, pads, dilation, dims):
    padded = [n + p0 + p1 for n, (p0, p1) in zip(input.shape[2:], pads[-dims:])]
    dilated = [d * (k - 1) + 1 for k, d in zip(kernel, dilation[-dims:])]
    if any(p < k for p, k in zip(padded, dilated)):
        raise RuntimeError(f'Calculated padded input size per channel: ({_sizes(padded)}). Kernel size: '
                           f'({_sizes(dilated)}). Kernel size can\'t be greater than actual input size')


def _axes(values):
    """The names PyTorch's messages give the axes of 2 or 3 values."""
    return ('depth', 'height', 'width')[-len(values):]


def _check_transposed_size(input, weight, stride, pads, dilation, output_padding):
    """PyTorch's transposed kernels (2-d, also for 1-d, and 3-d): output_padding below stride or dilation, an
    output."""
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
        raise RuntimeError('output padding must be smaller than either stride or dilation, but got ' + ' '.join(
            f'{name}_{a}: {v}' for name, values in (('output_padding', output_padding), ('stride', stride),
                                                    ('dilation', dilation))
            for a, v in zip(_axes(values), values)))
    size = unit_height_shape(input.shape)[2:] if input.ndim == 3 else tuple(input.shape[2:])
    kernel = unit_height_shape(weight.shape)[2:] if weight.ndim == 3 else tuple(weight.shape[2:])
    out = transposed_out_size(size, pads, kernel, stride, dilation, output_padding)
    if min(out) < 1:
        raise RuntimeError(f'Given input size per channel: ({_sizes(size)}). Calculated output size per channel: '
                           f'({_sizes(out)}). Output size is too small')
