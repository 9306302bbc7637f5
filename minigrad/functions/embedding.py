"""Embedding lookups: the rows of a weight matrix picked by integer indices (F.embedding), and the
renormalisation of the rows looked up (max_norm)."""
from . import grad_utils
from ..autograd.function import Op
from ..autograd.grad_mode import no_grad
from ..backend import get_array_module, scatter_add


def index_counts(xp, flat, num_weights):
    """How often each row index occurs in `flat`, as a column of at least 1 (the divisor of scale_grad_by_freq)."""
    return xp.maximum(xp.bincount(flat, minlength=num_weights), 1)[:, None]


class EmbeddingBackward0(Op):
    """out[..., :] = weight[indices[...], :]  (one row of weight per index);
    dweight = zeros like weight with each row of g added at its index (repeats add up), each row divided by how
    often its index occurs with scale_grad_by_freq, and 0 in the row padding_idx (see EmbeddingDenseBackwardBackward0)"""
    tensor_params = ('indices',)

    @staticmethod
    def forward(ctx, weight, indices, padding_idx=None, scale_grad_by_freq=False):
        ctx.save_for_backward(indices)
        ctx.num_weights, ctx.padding_idx, ctx.scale_grad_by_freq = weight.shape[0], padding_idx, scale_grad_by_freq
        return get_array_module(weight).take(weight, indices, axis=0)

    @staticmethod
    def backward(ctx, g):
        indices, = ctx.saved_tensors
        return grad_utils.run(EmbeddingDenseBackwardBackward0, g, indices=indices, num_weights=ctx.num_weights,
                              padding_idx=ctx.padding_idx, scale_grad_by_freq=ctx.scale_grad_by_freq)


class EmbeddingDenseBackwardBackward0(Op):
    """Embedding's dweight as an op (PyTorch's node of that name), so that create_graph can differentiate it:
        out = zeros(num_weights, D) with g[..., :] added at row indices[...], divided by the count of each index
              with scale_grad_by_freq, row padding_idx 0
    out is linear in g, so with gg the gradient of out:
        dg = gg[indices] (each row divided by the count of its index with scale_grad_by_freq), 0 where the index
        is padding_idx. (PyTorch's own double backward leaves out the division.)"""
    tensor_params = ('indices',)

    @staticmethod
    def forward(ctx, g, indices, num_weights, padding_idx=None, scale_grad_by_freq=False):
        xp = get_array_module(g)
        ctx.save_for_backward(indices)
        ctx.num_weights, ctx.padding_idx, ctx.scale_grad_by_freq = num_weights, padding_idx, scale_grad_by_freq
        flat = indices.reshape(-1)
        out = xp.zeros((num_weights, g.shape[-1]), g.dtype)
        scatter_add(out, (flat,), g.reshape(flat.size, g.shape[-1]))
        if scale_grad_by_freq:
            out /= index_counts(xp, flat, num_weights)
        if padding_idx is not None:
            out[padding_idx] = 0
        return out

    @staticmethod
    def backward(ctx, gg):
        indices, = ctx.saved_tensors
        idx = indices._data if grad_utils.is_tensor(indices) else indices
        xp = get_array_module(idx)
        if ctx.scale_grad_by_freq:     # gg's row i divided by count i, then looked up: gg[index] / count[index]
            counts = index_counts(xp, idx.reshape(-1), ctx.num_weights)
            gg = gg / (grad_utils.as_tensor(counts).to(gg.dtype) if grad_utils.is_tensor(gg) else counts.astype(gg.dtype))
        dg = grad_utils.run(EmbeddingBackward0, gg, indices=indices)
        if ctx.padding_idx is None:
            return dg
        return grad_utils.where(xp.expand_dims(idx != ctx.padding_idx, -1), dg, 0.0)


def embedding_renorm_(weight, indices, max_norm, norm_type):
    """Scale each row of weight that indices name whose norm_type-norm exceeds max_norm down to norm
    max_norm / (norm + 1e-7) * norm, in place and unrecorded (PyTorch's embedding_renorm_)."""
    with no_grad():
        rows = indices.reshape(-1).unique()
        picked = weight.index_select(0, rows)
        norms = picked.norm(norm_type, 1, keepdim=True)
        scale = (max_norm / (norms + 1e-7)).where(norms > max_norm, 1.0)
        weight.index_copy_(0, rows, picked * scale)
    return weight
