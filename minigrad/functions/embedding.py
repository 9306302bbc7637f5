"""Embedding lookups: the rows of a weight matrix picked by integer indices (F.embedding), their sums, means or maxima
over bags of indices (F.embedding_bag), and the renormalisation of the rows looked up (max_norm)."""
from . import grad_utils
from .nodiff import NotImplemented
from .scatter import first_outside
from .table import export
from .. import dtypes
from ..autograd import grad_mode
from ..autograd.function import Op
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
        idx = grad_utils.data(indices)
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


def type_name(t):
    """How PyTorch's argument checks name a tensor's type: minigrad.FloatTensor, but CPUBoolType for bool."""
    return 'CPUBoolType' if t.dtype == dtypes.bool else f'minigrad.{dtypes.TENSOR_TYPE_NAMES[t.dtype]}'


def check_indices(input, name, argument=1):
    """PyTorch's check that an index tensor is int32 or int64, in its words."""
    if input.dtype not in (dtypes.int64, dtypes.int32):
        raise RuntimeError(f"Expected tensor for argument #{argument} 'indices' to have one of the following scalar "
                           f'types: Long, Int; but got {type_name(input)} instead (while checking arguments for '
                           f'{name})')


@export(method=False)
def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    """torch.embedding (note the order: weight first): weight's row indices[...] for each index. The row padding_idx
    (if it is one: -1, another negative or too large a number means none) gets no gradient. nn.functional.embedding
    is the one with PyTorch's checks of padding_idx and with max_norm."""
    if weight.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    check_indices(indices, 'embedding')
    if first_outside(indices._data, 0, weight.shape[0]) is not None:
        raise IndexError('index out of range in self')
    if sparse and weight.requires_grad and grad_mode.is_grad_enabled():
        raise NotImplementedError('embedding(sparse=True): minigrad has no sparse tensors for the gradient; '
                                  'use sparse=False (the same values, a dense gradient)')
    padding_idx = padding_idx if 0 <= padding_idx < weight.shape[0] else None
    return EmbeddingBackward0.apply(weight, indices=indices, padding_idx=padding_idx,
                                    scale_grad_by_freq=scale_grad_by_freq)


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
    """The elementwise maximum of the rows of each bag (0 for an empty bag), and for each (bag, column) the entry that
    gave it (the first of equal ones). Each column's entries sorted by value, largest first, then stably by bag: the
    first entry of each bag's run holds its maximum (no (bags, longest bag, columns) array for bags of mixed sizes)."""
    by_value = xp.argsort(-rows, axis=0, kind='stable')
    by_bag = xp.take_along_axis(by_value, xp.argsort(bag[by_value], axis=0, kind='stable'), 0)
    first = xp.minimum(xp.cumsum(counts) - counts, max(bag.size - 1, 0))    # an empty bag's run: any entry, unused
    entry = by_bag[first] if bag.size else xp.zeros((counts.size, rows.shape[1]), bag.dtype)
    out = xp.take_along_axis(rows, entry, 0) if bag.size else xp.zeros(entry.shape, rows.dtype)
    out[counts == 0] = 0
    return out, entry


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
        weight, psw = ctx.saved_tensors         # dweight depends on psw, dpsw on weight
        need_weight, *need_psw = ctx.needs_input_grad
        need_psw = need_psw and need_psw[0]
        dweight = dpsw = None
        if grad_mode._enabled:      # create_graph: PyTorch's nodes for the gradients, not differentiable again
            g = grad_utils.as_tensor(g)
            if need_weight:
                dweight = EmbeddingBagBackwardBackward0.apply(g, *[t for t in (psw,) if t is not None], bag_node=ctx)
            if need_psw:
                dpsw = NotImplemented.apply(g, weight, out=ctx.psw_grad(g._data, weight._data),
                                            aten='_embedding_bag_per_sample_weights_backward')
        else:
            dweight = ctx.weight_grad(g, psw) if need_weight else None
            dpsw = ctx.psw_grad(g, weight) if need_psw else None
        return (dweight, dpsw) if len(ctx.needs_input_grad) > 1 else dweight

    def weight_grad(self, g, psw):
        """dweight from the arrays g and psw (None without per_sample_weights)."""
        xp = get_array_module(g)
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
        return dweight

    def psw_grad(self, g, weight):
        """dpsw from the arrays g and weight."""
        dpsw = get_array_module(g).zeros(self.n, g.dtype)
        dpsw[self.pos] = (g[self.bag] * weight[self.idx]).sum(1)
        return dpsw


class EmbeddingBagBackwardBackward0(Op):
    """embedding_bag's dweight as an op under create_graph, PyTorch's node for it (_embedding_bag_backward):
        out = EmbeddingBagBackward0.weight_grad(g, psw) (it depends on the per-sample weights psw, if any)
    As in PyTorch it has no derivative: dg = dpsw = an error. (dpsw's node is NotImplemented: PyTorch has no
    derivative of _embedding_bag_per_sample_weights_backward either.)"""

    @staticmethod
    def forward(ctx, g, *psw, bag_node):
        return bag_node.weight_grad(g, psw[0] if psw else None)

    @staticmethod
    def backward(ctx, gg):
        raise NotImplementedError("the derivative for '_embedding_bag_backward' is not implemented.")
