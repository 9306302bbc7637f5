"""Ops that repeat a tensor's elements: repeat and tile (the whole tensor, along each dim; copies) and
repeat_interleave (each element, one after another)."""
from .grad_utils import zeros
from .index_dim import index_select
from .shape import reshape
from .table import export
from .. import dtypes
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import as_int, check_sizes, normalize_dim, sizes_arg
from ..tensor import Tensor


class RepeatBackward0(Op):
    """out = a tiled repeats[i] times along dim i (a with size-1 dims in front when repeats is longer);
    da = the sum of g's tiles, as PyTorch's repeat_backward: the leading dims summed away one at a time, then g seen
    as (r, n) pairs where r != 1 and summed over the r's (zeros for a repeat of 0)"""

    @staticmethod
    def forward(ctx, a, repeats):
        if len(repeats) < a.ndim:
            raise RuntimeError('Number of dimensions of repeat dims can not be smaller than number of dimensions of '
                               'tensor')
        ctx.shape = a.shape
        ctx.padded = (1,) * (len(repeats) - a.ndim) + a.shape
        check_sizes([r * n for r, n in zip(repeats, ctx.padded)])
        ctx.repeats = repeats
        return get_array_module(a).tile(a, repeats)

    @staticmethod
    def backward(ctx, g):
        if 0 in ctx.repeats:
            return zeros(ctx.shape, g)
        leading = len(ctx.repeats) - len(ctx.shape)
        for _ in range(leading):
            g = g.sum(0)
        sizes, tiles = [], []
        for r, n in zip(ctx.repeats[leading:], ctx.shape):
            if r != 1:
                tiles.append(len(sizes))
                sizes.append(r)
            sizes.append(n)
        return g.reshape(tuple(sizes)).sum(tuple(tiles)) if tiles else g


@export(function=False)
def repeat(input, *sizes, repeats=None):
    return RepeatBackward0.apply(input, repeats=sizes_arg('repeat', sizes, 'repeats', repeats))


@export()
def tile(input, *args, dims=None):
    dims = sizes_arg('tile', args, 'dims', dims)
    return RepeatBackward0.apply(input, repeats=(1,) * (input.ndim - len(dims)) + dims)


@export()
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element `repeats` times (an int, or a count per element along dim), one after another; over the
    flattened tensor when dim is None. repeat_interleave(counts) alone: each index i, counts[i] times."""
    if repeats is None:
        index = repeated_indices(input)
        check_counted_size(output_size, index.shape[0])
        return index
    if dim is None:
        input, dim = reshape(input, -1), 0
    d = normalize_dim(dim, input.ndim)
    if isinstance(repeats, Tensor):
        n = input._data.shape[d]
        if repeats.ndim > 1:
            raise RuntimeError('repeats must be 0-dim or 1-dim tensor')
        if repeats.numel() == 1:
            repeats = repeats.reshape(1).expand(n)
        if repeats.shape[0] != n:
            raise RuntimeError('repeats must have the same size as input along dim, but got repeats.size(0) = '
                               f'{repeats.shape[0]} and input.size({d}) = {n}')
        index = repeated_indices(repeats)
        check_counted_size(output_size, index.shape[0])
        return index_select(input, d, index)      # as PyTorch's composite
    if as_int(repeats) < 0:
        raise RuntimeError('Repeats must be non-negative')
    shape = input.shape
    check_output_size(output_size, shape[d] * repeats if input.ndim else repeats)
    wide = input.unsqueeze(d + 1).expand(*shape[:d + 1], repeats, *shape[d + 1:]).clone()
    return reshape(wide, *shape[:d], shape[d] * repeats, *shape[d + 1:])


def repeated_indices(counts):
    """repeat_interleave(counts): 0 counts[0] times, then 1 counts[1] times, ... (int64)."""
    if counts.ndim != 1:
        raise RuntimeError('repeat_interleave only accept 1D vector as repeat')
    if counts._data.dtype.kind not in 'iu':
        dtypes.not_implemented('repeat_interleave_cpu', counts._data.dtype)
    data = counts._data
    if data.size and data.min() < 0:
        raise RuntimeError('repeats can not be negative')
    xp = get_array_module(data)
    return Tensor._make(xp.repeat(xp.arange(data.size), data))


def check_output_size(output_size, n):
    if output_size is not None and output_size != n:
        raise RuntimeError(f'repeat_interleave: Invalid output_size, expected {n} but got {output_size}')


def check_counted_size(output_size, n):
    """output_size with a tensor of counts: PyTorch's kernel's words."""
    if output_size is not None and output_size != n:
        raise RuntimeError('allocated size does not match required size')
