"""The largest and smallest elements over dims, as values alone: amax, amin, aminmax (max/min with indices are in
reduce.py). The gradient is shared evenly by the elements equal to the result."""
from .grad_utils import broadcast_to, fixed
from .operands import numpy_names, write_out, write_outs
from .table import export
from .. import return_types
from ..autograd.function import MultiOutputOp, Op
from ..dims import keepdim_shape, normalize_dim, normalize_dims


def extreme(ctx, a, dim, keepdim, pick):
    """a.max() or a.min() (`pick`) over dim, and for its gradient the mask where a equals it and the size of that
    mask over dim: (out, mask, count)."""
    axes = normalize_dims(dim, a.ndim)
    ctx.shape, ctx.kshape = a.shape, keepdim_shape(a.shape, axes)
    if not a.ndim and dim not in ((), [], None):    # as PyTorch's restore_reduced_dims: a 0-d input's reduced dim
        ctx.shape = ctx.kshape = (1,)               # comes back as a dim of 1 (the engine sums the gradient to 0-d)
    out = getattr(a, pick)(axis=axes, keepdims=True)
    mask = a == out
    return (out if keepdim else out.reshape(tuple(n for i, n in enumerate(a.shape) if i not in axes)),
            mask, mask.sum(axis=axes, keepdims=True))


def shared(ctx, g, mask, count):
    """g / count at the elements of mask, 0 elsewhere: a product, so that a NaN result (no element equals it, count
    0) gives NaN, as PyTorch's scale_grad_by_count."""
    return broadcast_to(g.reshape(ctx.kshape) / fixed(count, g), ctx.shape) * fixed(mask, g)


class AmaxBackward0(Op):
    """out = the largest a over dims;  da = g / (the count of elements equal to out) where a == out, else 0"""
    pick = 'max'

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        out, ctx.mask, ctx.count = extreme(ctx, a, dim, keepdim, ctx.pick)
        ctx.save_for_backward(a, out)   # as PyTorch: an in-place change to either before backward is its error
        return out

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors
        return shared(ctx, g, ctx.mask, ctx.count)


class AminBackward0(AmaxBackward0):
    """out = the smallest a over dims;  da = g / (the count of elements equal to out) where a == out, else 0"""
    pick = 'min'


class AminmaxBackward0(MultiOutputOp):
    """out = (min, max), the smallest and the largest a over dim;  da = g_min shared by the elements equal to min
    + g_max shared by those equal to max"""

    @staticmethod
    def forward(ctx, a, dim, keepdim):
        low, ctx.low_mask, ctx.low_count = extreme(ctx, a, dim, keepdim, 'min')
        high, ctx.high_mask, ctx.high_count = extreme(ctx, a, dim, keepdim, 'max')
        return low, high

    @staticmethod
    def backward(ctx, g_min, g_max):
        parts = [shared(ctx, g, mask, count) for g, mask, count in ((g_min, ctx.low_mask, ctx.low_count),
                                                                    (g_max, ctx.high_mask, ctx.high_count))
                 if g is not None]
        return parts[0] + parts[1] if len(parts) == 2 else parts[0]


def check_nonempty(name, shape, dim):
    """PyTorch's errors for a max or min over no elements."""
    if dim is None or dim == () or dim == []:
        if 0 in shape:
            raise RuntimeError(f'{name}(): Expected reduction dim to be specified for input.numel() == 0. '
                               "Specify the reduction dim with the 'dim' argument.")
        return
    normalize_dims(dim, len(shape))     # its errors first
    for given in ((dim,) if isinstance(dim, int) else dim) if shape else ():
        if shape[normalize_dim(given, len(shape))] == 0:      # named as given (-1), as PyTorch's amax does
            raise IndexError(f'{name}(): Expected reduction dim {given} to have non-zero size.')


@export()
@numpy_names
def amax(input, dim=(), keepdim=False, *, out=None):
    check_nonempty('amax', input.shape, dim)
    return write_out(AmaxBackward0.apply(input, dim=dim, keepdim=keepdim), out, 'amax')


@export()
@numpy_names
def amin(input, dim=(), keepdim=False, *, out=None):
    check_nonempty('amin', input.shape, dim)
    return write_out(AminBackward0.apply(input, dim=dim, keepdim=keepdim), out, 'amin')


@export()
@numpy_names
def aminmax(input, *, dim=None, keepdim=False, out=None):
    if dim is None and 0 in input.shape:
        raise RuntimeError('aminmax(): cannot compute aminmax over an empty dimension as the operation has no '
                           'identity.')
    if dim is not None:
        d = normalize_dims(dim, input.ndim)
        if d and input.shape[d[0]] == 0:
            raise IndexError(f'aminmax: Expected reduction dim {d[0]} to have non-zero size.')
    return write_outs(return_types.aminmax(*AminmaxBackward0.apply(input, dim=dim, keepdim=keepdim)), out, 'aminmax')
