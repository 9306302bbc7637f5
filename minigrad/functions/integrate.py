"""The trapezoidal rule along a dim: trapezoid (trapz), the integral of samples y, and cumulative_trapezoid, its
running value. Composed of recorded ops as PyTorch composes them, so their graphs are PyTorch's (its C++ multiplies
and divides by numbers with MulBackward1 and DivBackward1)."""
from .compare import constant
from .elementwise import DivBackward1, MulBackward1
from .table import export
from .. import dtypes
from ..dims import normalize_dim


def spacing(y, x, dx, dim, name):
    """The widths between samples along dim: the number dx, or the tensor x's differences (x 1-D, or broadcast to
    y's dims)."""
    if x is None and y.dtype is dtypes.bool:
        raise RuntimeError(f'{name}: received a bool input for `y`, but bool is not supported')
    if x is not None and dtypes.bool in (x.dtype, y.dtype):
        raise RuntimeError(f'{name}: received a bool input for `x` or `y`, but bool is not supported')
    if x is None:
        return dx
    if x.ndim == 1:
        if x.shape[0] != y.shape[dim]:
            raise RuntimeError(f'{name}: There must be one `x` value for each sample point')
        x = x.view(*[x.shape[0] if d == dim else 1 for d in range(y.ndim)])
    elif x.ndim < y.ndim:
        x = x.view(*(1,) * (y.ndim - x.ndim), *x.shape)
    n = x.shape[dim]
    return x.narrow(dim, 1, n - 1) - x.narrow(dim, 0, n - 1)


def pairs(y, dim):
    """y_(i+1) + y_i along dim, for each neighbouring pair of samples."""
    n = y.shape[dim]
    return y.narrow(dim, 1, n - 1) + y.narrow(dim, 0, n - 1)


@export(method=False)
def trapezoid(y, x=None, *, dx=None, dim=-1):
    """sum_i (x_(i+1) - x_i) (y_i + y_(i+1)) / 2 along dim (spacing dx, 1 by default, when there is no x)."""
    if x is not None and dx is not None:
        raise TypeError('trapezoid() received an invalid combination of arguments: give x or dx, not both')
    dim = normalize_dim(dim, y.ndim)
    if y.shape[dim] == 0:
        return constant(y, y.xp.zeros(y.shape[:dim] + y.shape[dim + 1:], y._data.dtype))
    widths = spacing(y, x, 1 if dx is None else dx, dim, 'trapezoid')
    if x is None:        # the sum of all samples, less half of the two ends, times the spacing
        ends = MulBackward1.apply(y.select(dim, 0) + y.select(dim, -1), b=0.5)
        return MulBackward1.apply(y.sum(dim) - ends, b=widths)
    return DivBackward1.apply((widths * pairs(y, dim)).sum(dim), b=2.0)


@export(method=False)
def trapz(y, x=None, *, dx=None, dim=-1):
    """trapezoid's older name."""
    return trapezoid(y, x, dx=dx, dim=dim)


@export(method=False)
def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running trapezoid integral along dim: one value fewer than y has samples."""
    dim = normalize_dim(dim, y.ndim)
    widths = spacing(y, x, 1 if dx is None else dx, dim, 'cumulative_trapezoid')
    if x is None:
        return MulBackward1.apply(pairs(y, dim), b=widths / 2.0).cumsum(dim)
    return DivBackward1.apply((widths * pairs(y, dim)).cumsum(dim), b=2.0)
