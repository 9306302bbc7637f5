"""Embedding lookups: the rows of a weight matrix picked by integer indices (F.embedding), their sums, means or maxima
over bags of indices (F.embedding_bag), and the renormalisation of the rows looked up (max_norm)."""
from . import grad_utils
from ..autograd import grad_mode
from ..autograd.function import MultiOutputOp, Op
from ..autograd.grad_mode import no_grad
from ..backend import get_array_module, scatter_add


def index_counts(xp, flat, num_weights):
    """How often each row index occurs in `flat`, as a column of at least 1 (the divisor of scale_grad_by_freq)."""
    return xp.maximum(xp.bincount(flat, minlength=num_weights), 1)[:, None]


class EmbeddingBackward0(Op):
    """out[..., :] = weight[indices[...], :]  (one row of weight per index);
    dweight = zeros like weight with each row of g added at its index (repeats add up), each row divided by how
    often its index occurs with scale_grad_by_freq, and 0 in the row padding_idx
    (see EmbeddingDenseBackwardBackward0)"""
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
            if grad_utils.is_tensor(gg):
                gg = gg / grad_utils.as_tensor(counts).to(gg.dtype)
            else:
                gg = gg / counts.astype(gg.dtype)
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


def bag_entries(xp, offsets, n, include_last_offset):
    """Bags of a list of n entries, each starting at its offset and running to the next one (the last to n; with
    include_last_offset, the last offset ends the last bag and starts none): (the bag of each entry, its position)."""
    starts = offsets[:-1] if include_last_offset else offsets
    ends = offsets[1:] if include_last_offset else xp.concatenate([offsets[1:], xp.asarray([n], offsets.dtype)])
    lengths = xp.maximum(ends - starts, 0)
    ends_at = xp.cumsum(lengths)        # where each bag ends in the list of entries, bag after bag
    steps = xp.zeros(int(ends_at[-1]) if ends_at.size else 0, ends_at.dtype)
    inside = ends_at[:-1][ends_at[:-1] < steps.size]
    scatter_add(steps, (inside,), 1)    # +1 where each next bag starts (several at once after empty bags)
    bag = xp.cumsum(steps)              # (xp.repeat(arange, lengths), which cupy takes only with host lengths)
    return bag, xp.arange(bag.size) - (ends_at - lengths)[bag] + starts[bag]


def bag_max(xp, rows, bag, counts):
    """The elementwise maximum of the rows of each bag (0 for an empty bag), and for each (bag, column) the row that
    gave it (the first of equal ones): the rows laid out as (bag, place in the bag, column), padded with -inf."""
    first = xp.cumsum(counts) - counts
    longest = int(counts.max()) if counts.size and bag.size else 1
    laid = xp.full((counts.size, longest, rows.shape[1]), -xp.inf, rows.dtype)
    laid[bag, xp.arange(bag.size) - first[bag]] = rows
    place = laid.argmax(1)
    out = xp.take_along_axis(laid, place[:, None], 1)[:, 0]
    out[counts == 0] = 0
    return out, first[:, None] + place


class EmbeddingBagBackward0(Op):
    """For the bags of entries k (an index idx[k] and a weight psw[k], 1 unless per_sample_weights), the entries whose
    index is padding_idx left out, one row per bag:
        out[b] = sum over k in bag b of psw[k] weight[idx[k]]  (mode 'sum'), that sum / the bag's count ('mean'),
                 the elementwise max of weight[idx[k]] ('max');  an empty bag gives 0
    dweight = g[b] psw[k] (/ the count of bag b for 'mean') added at row idx[k] for each entry k of bag b (for 'max',
              g[b, j] at the entry that gave the maximum of column j only), divided by the count of each index with
              scale_grad_by_freq;
    dpsw[k] = <g[b], weight[idx[k]]> for the entry k of bag b, 0 for a padding entry"""
    tensor_params = ('indices', 'offsets')

    @staticmethod
    def forward(ctx, weight, *per_sample_weights, indices, offsets, mode, padding_idx=None, scale_grad_by_freq=False,
                include_last_offset=False):
        xp = get_array_module(weight)
        bag, pos = bag_entries(xp, offsets, indices.size, include_last_offset)
        idx = indices[pos]
        if padding_idx is not None:
            keep = idx != padding_idx
            bag, pos, idx = bag[keep], pos[keep], idx[keep]
        counts = xp.bincount(bag, minlength=offsets.size - include_last_offset)
        ctx.bag, ctx.pos, ctx.idx, ctx.counts, ctx.n = bag, pos, idx, counts, indices.size
        ctx.num_weights, ctx.mode, ctx.scale_grad_by_freq = weight.shape[0], mode, scale_grad_by_freq
        psw = per_sample_weights[0] if per_sample_weights else None
        ctx.save_for_backward(weight if psw is not None and ctx.needs_input_grad[1] else None,
                              psw if psw is not None and ctx.needs_input_grad[0] else None)
        rows = weight[idx] if psw is None else weight[idx] * psw[pos][:, None]
        if mode == 'max':
            out, ctx.entry = bag_max(xp, rows, bag, counts)
            return out
        out = xp.zeros((counts.size, weight.shape[1]), weight.dtype)
        scatter_add(out, (bag,), rows)
        return out / xp.maximum(counts, 1)[:, None].astype(out.dtype) if mode == 'mean' else out

    @staticmethod
    def backward(ctx, g):
        if grad_mode._enabled:      # create_graph: PyTorch's node for the gradients, not differentiable again
            saved = [s for s in ctx.saved_tensors if s is not None]     # dweight depends on psw, dpsw on weight
            grads = EmbeddingBagBackwardBackward0.apply(grad_utils.as_tensor(g), *saved, bag_node=ctx)
            return grads if len(grads) > 1 else grads[0]
        return ctx.grads(g)

    def grads(self, g):
        """(dweight, dpsw) from the array g, each None unless needed."""
        weight, psw = [s._data if grad_utils.is_tensor(s) else s for s in self.saved_tensors]
        xp, (need_weight, *need_psw) = get_array_module(g), self.needs_input_grad
        dweight = dpsw = None
        if need_weight:
            dweight = xp.zeros((self.num_weights, g.shape[1]), g.dtype)
            if self.mode == 'max':
                found = xp.broadcast_to((self.counts > 0)[:, None], g.shape)
                columns = xp.broadcast_to(xp.arange(g.shape[1]), g.shape)
                scatter_add(dweight, (self.idx[self.entry[found]], columns[found]), g[found])
            else:
                rows = g[self.bag]
                if self.mode == 'mean':
                    rows = rows / self.counts[self.bag][:, None].astype(g.dtype)
                scatter_add(dweight, (self.idx,), rows if psw is None else rows * psw[self.pos][:, None])
            if self.scale_grad_by_freq:
                dweight /= index_counts(xp, self.idx, self.num_weights)
        if need_psw and need_psw[0]:
            dpsw = xp.zeros(self.n, g.dtype)
            dpsw[self.pos] = (g[self.bag] * weight[self.idx]).sum(1)
        return (dweight, dpsw) if need_psw else dweight


class EmbeddingBagBackwardBackward0(MultiOutputOp):
    """embedding_bag's (dweight, dpsw) as an op, PyTorch's node for them under create_graph:
        out = EmbeddingBagBackward0's gradients of g (which depend on the saved weight or psw too)
    As in PyTorch it has no derivative: dg = an error (PyTorch's for dpsw when dpsw got a gradient)"""

    @staticmethod
    def forward(ctx, g, *saved, bag_node):
        grads = bag_node.grads(g)
        return grads if isinstance(grads, tuple) else (grads,)

    @staticmethod
    def backward(ctx, *grads):
        if len(grads) > 1 and grads[1] is not None:
            raise RuntimeError('derivative for aten::_embedding_bag_per_sample_weights_backward is not implemented')
        raise NotImplementedError("the derivative for '_embedding_bag_backward' is not implemented.")
