"""Reductions and normalisations along dims: sum, mean, max/min, var/std, softmax, log_softmax.
Backward spreads g back over the reduced axes (keepdim shape, then broadcast)."""
import warnings
from math import prod

from ..autograd.function import Function
from ..backend import get_array_module
from ..dtypes import title
from .dims import keepdim_shape, normalize_dim, normalize_dims
from .grad_utils import broadcast_to, exp


class Sum(Function):
    """out = sum of a over dims;  da = g broadcast back over those dims"""
    def forward(self, a, dim=None, keepdim=False):
        axes = normalize_dims(dim, a.ndim)
        self.shape, self.kshape = a.shape, keepdim_shape(a.shape, axes)
        out = a.sum(axis=axes, keepdims=keepdim)
        return out.astype('int64') if a.dtype.kind in 'biu' else out

    def backward(self, g):
        return broadcast_to(g.reshape(self.kshape), self.shape)


class SumDim(Sum):
    """sum(dim): out = sum of a over dim;  da = g broadcast back over dim"""
    grad_fn_name = 'SumBackward1'


class Mean(Function):
    """out = sum(a) / n over dims;  da = g / n broadcast back"""
    def forward(self, a, dim=None, keepdim=False):
        if a.dtype.kind != 'f':
            raise RuntimeError(f'mean(): could not infer output dtype. Input dtype must be either a floating point '
                               f'or complex dtype. Got: {title(a.dtype)}')
        axes = normalize_dims(dim, a.ndim)
        self.shape, self.kshape = a.shape, keepdim_shape(a.shape, axes)
        self.n = max(1, a.size // max(1, prod(self.kshape)))
        return a.mean(axis=axes, keepdims=keepdim)

    def backward(self, g):
        return broadcast_to(g.reshape(self.kshape) / self.n, self.shape)


class MeanDim(Mean):
    """mean(dim): out = sum(a) / n over dim;  da = g / n broadcast back"""
    grad_fn_name = 'MeanBackward1'


class MaxAll(Function):
    """out = max(a);  da = g shared evenly by the elements equal to the max (PyTorch's rule for ties)"""
    grad_fn_name = 'MaxBackward1'
    pick = 'max'

    def forward(self, a):
        out = getattr(a, self.pick)()
        self.mask = a == out if out == out else get_array_module(a).isnan(a)   # a NaN is the max: it gets g
        self.count = self.mask.sum()
        return out

    def backward(self, g):
        return g * self.mask / self.count


class MinAll(MaxAll):
    """out = min(a);  da = g shared evenly by the elements equal to the min"""
    grad_fn_name = 'MinBackward1'
    pick = 'min'


class MaxDim(Function):
    """values = max(a, dim) at the given indices;  da = g at the chosen index of each slice (one-hot), else 0"""
    grad_fn_name = 'MaxBackward0'

    def forward(self, a, dim, keepdim, indices):
        xp = get_array_module(a)
        d = normalize_dim(dim, a.ndim)
        idx = xp.expand_dims(indices, d)
        self.shape, self.kshape = a.shape, keepdim_shape(a.shape, (d,))
        self.onehot = xp.arange(a.shape[d]).reshape(keepdim_shape(a.shape, set(range(a.ndim)) - {d})) == idx
        out = xp.take_along_axis(a, idx, axis=d)
        return out if keepdim else out.squeeze(d)

    def backward(self, g):
        return broadcast_to(g.reshape(self.kshape), self.shape) * self.onehot


class MinDim(MaxDim):
    """values = min(a, dim) at the given indices;  da = g at the chosen index of each slice, else 0"""
    grad_fn_name = 'MinBackward0'


class Var(Function):
    """out = sum((a - mean)^2) / (n - correction);  da = g * 2 (a - mean) / (n - correction)
    (n - correction <= 0 divides by 0, giving inf or nan, with PyTorch's warning)"""
    def forward(self, a, dim=None, correction=1, keepdim=False):
        if a.dtype.kind != 'f':
            raise RuntimeError('std and var only support floating point and complex dtypes')
        axes = normalize_dims(dim, a.ndim)
        self.axes, self.shape, self.kshape = axes, a.shape, keepdim_shape(a.shape, axes)
        self.denom = max(0, a.size // max(1, prod(self.kshape)) - correction)
        if self.denom == 0:
            warnings.warn(f'{type(self).__name__.lower()}(): degrees of freedom is <= 0. Correction should be '
                          'strictly less than the reduction factor (input numel divided by output numel).',
                          stacklevel=4)
        self.save_for_backward(a)
        return self.reduce(a, keepdim)

    def reduce(self, a, keepdim):
        diff = a - a.mean(axis=self.axes, keepdims=True)
        return (diff * diff).sum(axis=self.axes, keepdims=keepdim) / self.denom

    def centered(self, a):
        return a - a.mean(axis=self.axes, keepdims=True)

    def backward(self, g):
        a, = self.saved_tensors
        return broadcast_to(g.reshape(self.kshape), self.shape) * self.centered(a) * 2 / self.denom


class Std(Var):
    """out = sqrt(var(a));  da = g * (a - mean) / ((n - correction) * out), taken as 0 where out == 0
    (constant input: PyTorch's rule)"""
    def reduce(self, a, keepdim):
        out = get_array_module(a).sqrt(super().reduce(a, keepdim))
        self.save_for_backward(a, out)
        return out

    def backward(self, g):
        a, out = self.saved_tensors
        zero = out == 0
        return broadcast_to((g / (out + zero) * ~zero).reshape(self.kshape), self.shape) * self.centered(a) / self.denom


class Softmax(Function):
    """out = e^a / sum(e^a) along dim (max subtracted first, so it never overflows);
    da = out * (g - sum(g * out))"""
    def forward(self, a, dim):
        _floats_only(a, 'softmax_lastdim_kernel_impl')
        self.dim = normalize_dim(dim, a.ndim)
        e = get_array_module(a).exp(a - a.max(axis=self.dim, keepdims=True))
        out = e / e.sum(axis=self.dim, keepdims=True)
        self.save_for_backward(out)
        return out

    def backward(self, g):
        out, = self.saved_tensors
        return out * (g - (g * out).sum(axis=self.dim, keepdims=True))


class LogSoftmax(Function):
    """out = a - max - log(sum(e^(a - max))) along dim;  da = g - e^out * sum(g)"""
    def forward(self, a, dim):
        _floats_only(a, 'log_softmax_lastdim_kernel_impl')
        self.dim = normalize_dim(dim, a.ndim)
        xp = get_array_module(a)
        shifted = a - a.max(axis=self.dim, keepdims=True)
        out = shifted - xp.log(xp.exp(shifted).sum(axis=self.dim, keepdims=True))
        self.save_for_backward(out)
        return out

    def backward(self, g):
        out, = self.saved_tensors
        return g - exp(out) * g.sum(axis=self.dim, keepdims=True)


def _floats_only(a, kernel):
    """PyTorch has no integer softmax: refuse rather than silently compute in float64."""
    if a.dtype.kind != 'f':
        raise NotImplementedError(f'"{kernel}" not implemented for \'{title(a.dtype)}\'')
