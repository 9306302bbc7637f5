"""The pieces of scaled dot-product attention (nn.functional.scaled_dot_product_attention puts them together with
recorded matmuls, as PyTorch's math path, so it differentiates to any order): the "safe" softmax, sdp's argument
checks, a bool mask made additive, grouped-query heads repeated."""
import math

from .operands import kernel_takes
from .reduce import SoftmaxBackward0, peak
from ..backend import get_array_module
from ..dims import normalize_dim
from ..dtypes import bool as _bool, cpp_name, float32, title


class SafeSoftmaxBackward0(SoftmaxBackward0):
    """out = e^a / sum(e^a) along dim, and 0 on a row that is all -inf (a query that may attend to nothing);
    da = out * (g - sum(g * out)) (softmax's backward), so such a row gets no gradient"""
    @staticmethod
    def forward(ctx, a, dim):
        kernel_takes(a, 'softmax_lastdim_kernel_impl', 'f')
        ctx.dim = normalize_dim(dim, a.ndim)
        xp = get_array_module(a)
        empty = xp.isneginf(a).all(axis=ctx.dim, keepdims=True)
        e = xp.exp(a - xp.where(empty, 0, peak(a, ctx.dim)))
        out = e / xp.where(empty, 1, e.sum(axis=ctx.dim, keepdims=True))
        ctx.save_for_backward(out)
        return out


def check_inputs(query, key, value, attn_mask, is_causal):
    """PyTorch's checks of sdp's arguments, in its words."""
    if not query.dtype == key.dtype == value.dtype:
        raise RuntimeError('Expected query, key, and value to have the same dtype, but got query.dtype: '
                           f'{cpp_name(query.dtype)} key.dtype: {cpp_name(key.dtype)} and value.dtype: '
                           f'{cpp_name(value.dtype)} instead.')
    if min(query.ndim, key.ndim, value.ndim) < 2:
        raise RuntimeError('Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: '
                           f'{query.ndim} key.dim: {key.ndim} and value.dim: {value.ndim} instead.')
    if attn_mask is not None:
        if attn_mask.dtype not in (_bool, float32, query.dtype):
            raise RuntimeError('Expected attn_mask dtype to be bool or float or to match query dtype, but got '
                               f'attn_mask.dtype: {cpp_name(attn_mask.dtype)} and  query.dtype: '
                               f'{cpp_name(query.dtype)} instead.')
        if is_causal:
            raise RuntimeError('_scaled_dot_product_attention: Explicit attn_mask should not be set when '
                               'is_causal=True')
    if not query.is_floating_point():
        raise RuntimeError(f'expected scalar type Float but found {title(query.dtype)}')


def additive(mask, like):
    """A mask as the float to add to the scores: a bool mask (True: may attend) becomes 0 / -inf."""
    if mask.dtype != _bool:
        return mask
    return like.new_zeros(mask.shape).masked_fill(mask.logical_not(), -math.inf)


def repeat_heads(key, value, heads):
    """Grouped-query attention: each of key's and value's heads serves heads / their count query heads."""
    kv_heads = key.shape[-3]
    if heads % kv_heads or heads % value.shape[-3]:
        raise RuntimeError('Number of heads in key and value must divide the number of heads in ')
    return (key.repeat_interleave(heads // kv_heads, -3),
            value.repeat_interleave(heads // value.shape[-3], -3))
