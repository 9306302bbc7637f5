"""conv_tbc: a 1-d convolution over time of a (time, batch, channels) input, as fairseq's models lay sequences out.
Its gradients are conv_tbcs themselves (a correlation's adjoints are correlations); under create_graph they are
computed as PyTorch's conv_tbc_backward computes them (addmm_ into zeros), recorded, so differentiable at every
order."""
from . import grad_utils
from ..autograd.function import Op
from ..backend import get_array_module
from ..dtypes import bool as bool_, not_implemented, title
from .table import export


def pad_time(xp, x, pad):
    """x (T, B, C) with `pad` zero steps before and after in time (a negative pad drops as many steps)."""
    if pad < 0:
        return x[-pad:x.shape[0] + pad]
    return xp.pad(x, ((pad, pad), (0, 0), (0, 0)))


class ConvTbcBackward0(Op):
    """out[t, b, o] = bias[o] + sum over k, i of xpad[t + k, b, i] weight[k, i, o]   (xpad: x padded by pad in time)
    dx = conv_tbc(g, weight flipped in k with i and o swapped, pad K - 1 - pad);
    dweight = conv_tbc(x with batch and channels swapped, g, pad) (k in the place of time);  dbias = g summed over t, b"""

    @staticmethod
    def forward(ctx, x, weight, bias, pad):
        xp = get_array_module(x)
        ctx.pad, ctx.kernel = pad, weight.shape[0]
        ctx.save_for_backward(x, weight)
        padded = pad_time(xp, x, pad)
        steps = max(padded.shape[0] - weight.shape[0] + 1, 0)
        out = xp.zeros((steps, x.shape[1], weight.shape[2]), x.dtype)
        for k in range(weight.shape[0] if steps else 0):
            out += padded[k:k + steps] @ weight[k]
        return out + bias

    @staticmethod
    def backward(ctx, g):
        x, weight = ctx.saved_tensors
        if grad_utils.is_tensor(g):
            return conv_tbc_backward(ctx, g, x, weight)
        dx = dweight = dbias = None
        if ctx.needs_input_grad[0]:
            flipped = grad_utils.permute(flip_kernel(weight), (0, 2, 1))
            dx = grad_utils.run(ConvTbcBackward0, g, flipped, grad_utils.zeros(x.shape[2:], g),
                                pad=ctx.kernel - 1 - ctx.pad)
        if ctx.needs_input_grad[1]:
            dweight = grad_utils.run(ConvTbcBackward0, grad_utils.permute(x, (0, 2, 1)), g,
                                     grad_utils.zeros(g.shape[2:], g), pad=ctx.pad)
        if ctx.needs_input_grad[2]:
            dbias = g.sum((0, 1))
        return dx, dweight, dbias


def conv_tbc_backward(ctx, g, x, weight):
    """The gradients under create_graph, as PyTorch's conv_tbc_backward computes them, op for op: for each kernel
    step k, the t time steps of g and x it pairs (from oshift and ishift) multiplied into views of zeros with addmm_
    (dx and dweight: CopySlices), and g summed over time and batch copied into zeros (dbias: CopyBackwards)."""
    need_x, need_weight, need_bias = ctx.needs_input_grad
    (steps, batch, cout), (kernel, cin, _) = g.shape, weight.shape
    dx = x.new_zeros(x.shape) if need_x else None
    dweight = weight.new_zeros(weight.shape) if need_weight else None
    for k in range(kernel):
        ishift, oshift = max(0, k - ctx.pad), max(0, ctx.pad - k)
        t = min(x.shape[0] + ctx.pad - k, steps) - oshift
        if t > 0:
            rows = g.narrow(0, oshift, t).reshape(t * batch, cout)
            if need_x:
                dx.narrow(0, ishift, t).view(t * batch, cin).addmm_(rows, weight[k].t())
            if need_weight:
                dweight[k].addmm_(x.narrow(0, ishift, t).reshape(t * batch, cin).t(), rows)
    dbias = g.new_zeros(g.shape[2:]).copy_(g.sum(0).sum(0)) if need_bias else None
    return dx, dweight, dbias


def flip_kernel(weight):
    """weight with its kernel dim (0) reversed, for an array or a Tensor."""
    return weight.flip(0) if grad_utils.is_tensor(weight) else weight[::-1]


@export(method=False)
def conv_tbc(input, weight, bias, pad=0):
    """torch.conv_tbc / F.conv_tbc: input (time, batch, in), weight (kernel, in, out), bias (out,)."""
    if input.dim() != 3:
        raise RuntimeError('Input must have 3 dims: time, batch, in_channel')
    if weight.dim() != 3:
        raise RuntimeError('Weight tensor must have 3 dims: kernel_width, in_channels, out_channels.')
    if bias.dim() != 1:
        raise RuntimeError('Bias must be 1-D')
    if input.shape[2] != weight.shape[1]:
        raise RuntimeError('Input dim 2 (input channels) is not == dim 1 in the weight tensor')
    if weight.shape[2] != bias.shape[0]:
        raise RuntimeError('Bias size must equal dim 2 in the weight tensor (output channels).')
    if input.dtype != weight.dtype:
        raise RuntimeError(f'self and mat2 must have the same dtype, but got {title(input.dtype)} and '
                           f'{title(weight.dtype)}')
    if input.dtype == bool_:
        not_implemented('addmm_impl_cpu_', input.dtype)
    return ConvTbcBackward0.apply(input, weight, bias, pad=pad)
