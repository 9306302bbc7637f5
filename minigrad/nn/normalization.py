"""LayerNorm, RMSNorm and GroupNorm: normalise each sample over its last dims (LayerNorm; RMSNorm by the root mean
square alone) or over groups of its channels (GroupNorm), then scale and shift. LocalResponseNorm: divide each
channel by a power of its neighbours' mean square."""
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


def as_shape(normalized_shape):
    """An int or a sequence of ints as a tuple of ints, as LayerNorm and RMSNorm keep it."""
    return (normalized_shape,) if isinstance(normalized_shape, numbers.Integral) else tuple(normalized_shape)


class LayerNorm(_Affine):
    """y = (x - mean) / sqrt(var + eps) * weight + bias, mean and var over the last len(normalized_shape) dims;
    weight (ones) and bias (zeros) have the shape normalized_shape."""

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True, device=None, dtype=None):
        super().__init__()
        self.normalized_shape = as_shape(normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        self._make_affine(self.normalized_shape, elementwise_affine, bias, device, dtype)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self):
        return (f'{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, '
                f'bias={self.bias is not None}')


class RMSNorm(_Affine):
    """y = x / sqrt(mean(x^2) + eps) * weight, the mean over the last len(normalized_shape) dims; weight (ones) of
    the shape normalized_shape; eps=None: the machine epsilon of the input's dtype."""

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None):
        super().__init__()
        self.normalized_shape = as_shape(normalized_shape)
        self.eps, self.elementwise_affine = eps, elementwise_affine
        self._make_affine(self.normalized_shape, elementwise_affine, False, device, dtype)

    def forward(self, x):
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self):
        return f'{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}'


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


class LocalResponseNorm(Module):
    """y = x / (k + alpha * mean of x^2 over `size` neighbouring channels)^beta (F.local_response_norm)."""

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input):
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return f'{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}'
