"""renorm: each slice of a tensor along one dim rescaled so that its p-norm is at most maxnorm."""
import math

from . import grad_utils
from .table import export
from .. import dtypes
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import normalize_dim


def slice_norms(a, p, axes):
    """The p-norm of each slice (over `axes`, kept as size-1 dims), on an array or a Tensor (recorded)."""
    x = abs(a)
    if p == math.inf:
        return x.amax(axes, keepdim=True) if grad_utils.is_tensor(x) else x.max(axis=axes, keepdims=True)
    return (x ** p).sum(axis=axes, keepdims=True) ** (1 / p)


class RenormBackward0(Op):
    """out = a * f with f = maxnorm / (n + 1e-7) where the slice's p-norm n > maxnorm, else f = 1;
    da = f g - (f / (n + 1e-7)) dn/da sum(a g) where n > maxnorm, else g; dn/da = sign(a) |a|^(p-1) / n^(p-1)
    (p = inf: sign(a) shared by the elements where |a| = n)"""

    @staticmethod
    def forward(ctx, a, p, dim, maxnorm):
        ctx.p, ctx.maxnorm = p, maxnorm
        ctx.axes = tuple(i for i in range(a.ndim) if i != dim)
        ctx.save_for_backward(a)
        n = slice_norms(a, p, ctx.axes)
        return a * get_array_module(a).where(n > maxnorm, maxnorm / (n + 1e-7), 1).astype(a.dtype)

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        n = slice_norms(a, ctx.p, ctx.axes)
        over = n > ctx.maxnorm
        inverse = 1 / (n + 1e-7)
        factor = inverse * ctx.maxnorm
        if ctx.p == math.inf:
            top = abs(a) == n
            dn = grad_utils.sign(a) * top / top.sum(axis=ctx.axes, keepdims=True)
        else:
            at_zero = a == 0        # |a|^(p-1) taken as 0 there (for p < 1 it is infinite), as PyTorch
            power = grad_utils.masked((abs(a) + at_zero) ** (ctx.p - 1), ~at_zero)
            dn = grad_utils.sign(a) * power / grad_utils.where(over, n, 1) ** (ctx.p - 1)
        nb = dn * (a * g).sum(axis=ctx.axes, keepdims=True)
        return grad_utils.where(over, factor * g - (factor * inverse) * nb, g)


@export(inplace=True)
def renorm(input, p, dim, maxnorm):
    if input.ndim < 2:
        raise RuntimeError(f'renorm: input needs at least 2 dimensions, got {input.ndim} dimensions')
    d = normalize_dim(dim, input.ndim)
    if input._data.dtype.kind != 'f':
        raise RuntimeError('linalg.vector_norm: Expected a floating point or complex tensor as input. Got '
                           f'{dtypes.title(input._data.dtype)}')
    if p <= 0:
        raise RuntimeError('renorm: non-positive-norm not supported')
    if maxnorm < 0:
        raise RuntimeError(f'renorm: expected maxnorm to be >= 0 but got {maxnorm:g}')
    return RenormBackward0.apply(input, p=p, dim=d, maxnorm=maxnorm)
