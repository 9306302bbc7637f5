"""The pieces of scaled dot-product attention (nn.functional.scaled_dot_product_attention puts them together with
recorded matmuls, as PyTorch's math path, so it differentiates to any order): the "safe" softmax, sdp's argument
checks, a bool mask made additive, grouped-query heads repeated; and the one node PyTorch's CPU flash kernel
records, where PyTorch takes it."""
import math

from .operands import kernel_takes
from .reduce import SoftmaxBackward0, peak
from .grad_utils import as_tensor, is_tensor, run
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import normalize_dim
from ..dtypes import bool as _bool, cpp_name, float32, title


def safe_softmax(a, dim):
    """softmax of an array along dim, 0 on a row that is all -inf."""
    xp = get_array_module(a)
    empty = xp.isneginf(a).all(axis=dim, keepdims=True)
    e = xp.exp(a - xp.where(empty, 0, peak(a, dim)))
    return e / xp.where(empty, 1, e.sum(axis=dim, keepdims=True))


class SafeSoftmaxBackward0(SoftmaxBackward0):
    """out = e^a / sum(e^a) along dim, and 0 on a row that is all -inf (a query that may attend to nothing);
    da = out * (g - sum(g * out)) (softmax's backward), so such a row gets no gradient"""
    @staticmethod
    def forward(ctx, a, dim):
        kernel_takes(a, 'softmax_lastdim_kernel_impl', 'f')
        ctx.dim = normalize_dim(dim, a.ndim)
        out = safe_softmax(a, ctx.dim)
        ctx.save_for_backward(out)
        return out


def repeated(x, groups):
    """x (an array or a Tensor, recorded) with each head (dim -3) repeated `groups` times in a row."""
    if groups == 1:
        return x
    return x.repeat_interleave(groups, -3) if is_tensor(x) else get_array_module(x).repeat(x, groups, axis=-3)


def summed_groups(g, groups):
    """The gradient of repeated(x, groups) as x's: each head's `groups` copies summed."""
    if groups == 1:
        return g
    shape = tuple(g.shape)
    return g.reshape(shape[:-3] + (shape[-3] // groups, groups) + shape[-2:]).sum(axis=-3)


def attention_weights(q, k, mask, scale):
    """P = safe softmax(q k^T * scale + mask) along the keys, on arrays, or on Tensors with recorded ops."""
    scores = (q @ k.swapaxes(-1, -2)) * scale
    if mask is not None:
        scores = scores + (as_tensor(mask) if is_tensor(scores) else mask)
    return run(SafeSoftmaxBackward0, scores, dim=-1) if is_tensor(scores) else safe_softmax(scores, -1)


class ScaledDotProductFlashAttentionForCpuBackward0(Op):
    """out = P v,  P = softmax(q k^T * scale + mask) along the keys (0 on a row that sees nothing), one node as
    PyTorch's CPU flash kernel (k's and v's heads repeated for grouped-query attention);
    dv = P^T g,  dq = scale dS k,  dk = scale dS^T q,  dS = P * (dP - sum(dP * P)) with dP = g v^T  (dk, dv summed
    over the query heads each key head serves); under create_graph P is recomputed with recorded ops"""

    @staticmethod
    def forward(ctx, q, k, v, mask=None, scale=1.0):
        ctx.mask, ctx.scale = mask, scale
        ctx.save_for_backward(q, k, v)
        heads = q.shape[-3]
        p = attention_weights(q, repeated(k, heads // k.shape[-3]), mask, scale)
        out = get_array_module(q).empty_like(q)     # in q's memory order, as PyTorch's kernel: the usual
        out[...] = p @ repeated(v, heads // v.shape[-3])   # out.transpose(1, 2) is then contiguous as it is
        return out

    @staticmethod
    def backward(ctx, g):
        q, k, v = ctx.saved_tensors
        k_groups, v_groups = q.shape[-3] // k.shape[-3], q.shape[-3] // v.shape[-3]
        k_all, v_all = repeated(k, k_groups), repeated(v, v_groups)
        p = attention_weights(q, k_all, ctx.mask, ctx.scale)
        dp = g @ v_all.swapaxes(-1, -2)
        ds = p * (dp - (dp * p).sum(axis=-1, keepdims=True)) * ctx.scale
        return (ds @ k_all, summed_groups(ds.swapaxes(-1, -2) @ q, k_groups),
                summed_groups(p.swapaxes(-1, -2) @ g, v_groups))


def flash_applies(query, key, value, attn_mask, dropout_p, enable_gqa):
    """Whether PyTorch's CPU picks its flash kernel (one node) over the math path: 4-d float32/64 inputs of one
    batch size and head size, heads equal (or grouped), the last dim contiguous, no dropout, and a mask (2-d or
    4-d) that needs no gradient."""
    q, k, v = query, key, value
    heads_ok = (q.shape[1] == k.shape[1] == v.shape[1] or
                enable_gqa and k.shape[1] == v.shape[1] and q.shape[1] % k.shape[1] == 0)
    return (q.ndim == k.ndim == v.ndim == 4 and q.dtype.name in ('float32', 'float64') and not dropout_p > 0
            and q.shape[0] == k.shape[0] == v.shape[0] and q.shape[-1] == k.shape[-1] == v.shape[-1] and heads_ok
            and all(t.stride()[-1] == 1 for t in (q, k, v))
            and (attn_mask is None or attn_mask.ndim in (2, 4) and not attn_mask.requires_grad))


def flash_mask(query, key, attn_mask, is_causal):
    """The additive mask array the flash node adds to the scores (None without one)."""
    xp = get_array_module(query._data)
    if is_causal:
        attn_mask = xp.tril(xp.ones((query.shape[-2], key.shape[-2]), bool))
    elif attn_mask is None:
        return None
    else:
        attn_mask = attn_mask._data
    if attn_mask.dtype == bool:
        return xp.where(attn_mask, 0, -math.inf).astype(query._data.dtype)
    return attn_mask


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
