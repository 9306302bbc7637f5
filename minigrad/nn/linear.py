"""Linear (y = x W^T + b), Bilinear (y = x1^T W x2 + b) and Identity."""
import math

from ..factories import empty
from . import functional as F, init
from .module import Module
from .parameter import Parameter


def _add_weight_and_bias(module, shape, bias, device, dtype):
    """module.weight: an uninitialised Parameter of `shape`; module.bias: one of shape[0], or None when not bias."""
    module.weight = Parameter(empty(*shape, device=device, dtype=dtype))
    if bias:
        module.bias = Parameter(empty(shape[0], device=device, dtype=dtype))
    else:
        module.register_parameter('bias', None)


class Identity(Module):
    """Returns its input; takes (and ignores) any arguments, as torch.nn.Identity."""
    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    """y = x W^T + b, with W of shape (out_features, in_features).
    W and b start uniform on +-1/sqrt(in_features) (kaiming_uniform_ with a=sqrt(5))."""
    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features, self.out_features = in_features, out_features
        _add_weight_and_bias(self, (out_features, in_features), bias, device, dtype)
        self.reset_parameters()

    def reset_parameters(self):
        init._reset_weight_and_bias(self.weight, self.bias)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        return f'in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}'


class Bilinear(Module):
    """y[..., o] = x1[..., :] W[o] x2[..., :]^T + b[o], with W of shape (out_features, in1_features, in2_features).
    W and b start uniform on +-1/sqrt(in1_features)."""
    def __init__(self, in1_features, in2_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        self.in1_features, self.in2_features, self.out_features = in1_features, in2_features, out_features
        _add_weight_and_bias(self, (out_features, in1_features, in2_features), bias, device, dtype)
        self.reset_parameters()

    def reset_parameters(self):
        if self.in1_features <= 0:
            raise ValueError(f'in1_features must be > 0, but got (in1_features={self.in1_features})')
        bound = 1 / math.sqrt(self.weight.shape[1])
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self):
        return (f'in1_features={self.in1_features}, in2_features={self.in2_features}, '
                f'out_features={self.out_features}, bias={self.bias is not None}')
