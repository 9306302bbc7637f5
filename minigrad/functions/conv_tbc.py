"""conv_tbc: a 1-d convolution over time of a (time, batch, channels) input, as fairseq's models lay sequences out.
Its gradients are conv_tbcs themselves (a correlation's adjoints are correlations), so they are differentiable at
every order."""
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
