"""LayerNorm and GroupNorm: normalise each sample over its last dims (LayerNorm) or over groups of its channels
(GroupNorm), then scale and shift."""
import numbers

from ..factories import ones, zeros
from . import functional as F, init
from .module import Module
from .parameter import Parameter


class _Affine(Module):
    """A norm's optional weight (ones) and bias (zeros) of `shape`: both None without `affine`, bias None without
    `bias`, as PyTorch's norms register them."""

    def _make_affine(self, shape, affine, bias, device, dtype):
        weight = Parameter(ones(shape, device=device, dtype=dtype)) if affine else None
        self.register_parameter('weight', weight)
        self.register_parameter('bias', Parameter(zeros(shape, device=device, dtype=dtype)) if affine and bias
                                else None)

    def reset_parameters(self):
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)


class LayerNorm(_Affine):
    """y = (x - mean) / sqrt(var + eps) * weight + bias, mean and var over the last len(normalized_shape) dims;
    weight (ones) and bias (zeros) have the shape normalized_shape."""

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, numbers.Integral):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        self._make_affine(self.normalized_shape, elementwise_affine, bias, device, dtype)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (f'{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, '
                f'bias={self.bias is not None}')


class GroupNorm(_Affine):
    """y = (x - mean) / sqrt(var + eps) * weight + bias, mean and var over each group of num_channels / num_groups
    channels (and all positions) of a sample; weight (ones) and bias (zeros) per channel."""

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True, device=None, dtype=None, *, bias=True):
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError(f'num_channels ({num_channels}) must be divisible by num_groups ({num_groups})')
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        self._make_affine(num_channels, affine, bias, device, dtype)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (f'{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, '
                f'bias={self.bias is not None}')
