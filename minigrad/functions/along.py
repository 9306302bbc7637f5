"""Values taken along a dim at given indices, and gradients added back at them (gather and scatter_add along a
dim): the nodes that the gradients of cummax/cummin and of the sorted values quantile reads are made of. Each is
the other's backward, so gradients through them differentiate again to any order."""
from . import grad_utils
from ..autograd.function import Op
from ..backend import get_array_module, scatter_add


class GatherBackward0(Op):
    """out[..., i, ...] = a[..., index[..., i, ...], ...] along dim;  da = g added back at index along dim"""

    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.dim, ctx.index, ctx.shape = dim, index, a.shape
        xp = get_array_module(a)
        return xp.take_along_axis(xp.atleast_1d(a), xp.atleast_1d(index), axis=dim).reshape(index.shape)

    @staticmethod
    def backward(ctx, g):
        return grad_utils.run(ScatterAddBackward0, g, dim=ctx.dim, index=ctx.index, shape=ctx.shape)


class ScatterAddBackward0(Op):
    """out = zeros of `shape` with src[..., i, ...] added at [..., index[..., i, ...], ...] along dim (repeated
    indices add up);  dsrc = g taken at index along dim"""

    @staticmethod
    def forward(ctx, src, dim, index, shape):
        ctx.dim, ctx.index = dim, index
        xp = get_array_module(src)
        out = xp.zeros(shape, src.dtype)
        scatter_add(xp.atleast_1d(out), along_key(xp, xp.atleast_1d(index), dim), xp.atleast_1d(src))
        return out

    @staticmethod
    def backward(ctx, g):
        return grad_utils.run(GatherBackward0, g, dim=ctx.dim, index=ctx.index)


def along_key(xp, index, dim):
    """The numpy key that picks [..., index[..., i, ...], ...] along dim: index itself on `dim`, each other axis its
    own position."""
    dim %= index.ndim
    return tuple(index if k == dim else xp.arange(n).reshape((-1,) + (1,) * (index.ndim - k - 1))
                 for k, n in enumerate(index.shape))


def gather(a, dim, index):
    """a (a Tensor) taken along dim at the index array, recorded (GatherBackward0)."""
    return GatherBackward0.apply(a, dim=dim, index=index)
