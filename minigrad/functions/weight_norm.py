"""_weight_norm: a weight w = g v / ||v|| written as a direction v and a magnitude g, the norm taken over every
dimension but `dim` (nn.utils.weight_norm and parametrizations.weight_norm compute their weight with it)."""
from .norms import aten_norm
from .operands import kernel_takes
from .table import export
from ..autograd.function import Op
from ..dtypes import title


def others(v, dim):
    """The axes of v the norm runs over: all but `dim`."""
    return tuple(a for a in range(v.ndim) if a != dim)


def norm_except(v, dim):
    """||v|| over every axis but `dim`, kept as size-1 axes (an array or a Tensor, recorded)."""
    return (v * v).sum(axis=others(v, dim), keepdims=True) ** 0.5


class WeightNormInterfaceBackward0(Op):
    """out = g v / n, n = ||v|| over every axis but dim (g and n have size 1 there);
    dv = (g / n) (gout - v s / n^2),  dg = s / n,  where s = sum over those axes of gout v"""

    @staticmethod
    def forward(ctx, v, g, dim):
        n = norm_except(v, dim)
        ctx.dim = dim
        ctx.save_for_backward(v, g)
        return v * (g / n)

    @staticmethod
    def backward(ctx, gw):
        v, g = ctx.saved_tensors
        n = norm_except(v, ctx.dim)
        s = (gw * v).sum(axis=others(v, ctx.dim), keepdims=True)
        return (g / n) * (gw - v * (s / (n * n))), s / n


@export(method=False)
def _weight_norm(v, g, dim=0):
    """w = g v / ||v||, the norm over every dimension of v but `dim`. As PyTorch: one node when dim is the first or
    the last dimension (its kernels'), else recorded ops (MulBackward0 last); dim=-1 means the norm of the whole of v
    (norm_except_dim's convention), not the last dimension."""
    if dim != -1 and not -v.ndim <= dim < v.ndim:
        raise IndexError(f'Dimension out of range (expected to be in range of [{-v.ndim}, {v.ndim - 1}], but got '
                         f'{dim})')
    if dim in (0, v.ndim - 1):
        kernel_takes(v._data, 'weight_norm_kernel', 'f')
        return WeightNormInterfaceBackward0.apply(v, g, dim=dim)
    return v * (g / norm_except_dim(v, 2, dim))





@export(method=False)
def norm_except_dim(v, pow=2, dim=0):
    """||v||_pow over every dimension but `dim`, kept as size-1 dimensions; dim=-1: the norm of the whole of v.
    As PyTorch: v seen as a matrix with `dim` its rows (the first dim) or columns (the last), else transposed there."""
    if v._data.dtype.kind != 'f':
        raise RuntimeError(f'norm(): input dtype should be either floating point or complex. Got {title(v.dtype)} '
                           'instead.')
    if dim == -1:
        return aten_norm(v, pow)
    ones = (1,) * (v.ndim - 1)
    if dim == 0:
        return aten_norm(v.contiguous().view(v.shape[0], -1), pow, 1).view((v.shape[0],) + ones)
    if dim == v.ndim - 1:
        return aten_norm(v.contiguous().view(-1, v.shape[-1]), pow, 0).view(ones + (v.shape[-1],))
    return norm_except_dim(v.transpose(0, dim), pow, 0).transpose(0, dim)
