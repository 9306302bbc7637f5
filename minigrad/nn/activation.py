"""Activation layers, as torch.nn's: ReLU, Sigmoid, Tanh, Softmax, LogSoftmax, and the rest of PyTorch's (LeakyReLU,
PReLU, RReLU, ELU, SELU, CELU, GELU, SiLU, Mish, Softplus, ...), each calling its nn.functional form."""
from . import functional as F, init
from .module import Module
from .parameter import Parameter
from ..factories import empty


class ReLU(Module):
    """max(x, 0), elementwise; inplace=True overwrites the input."""
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.relu(input, inplace=self.inplace)

    def extra_repr(self):
        return 'inplace=True' if self.inplace else ''


class Sigmoid(Module):
    """1 / (1 + e^-x), elementwise"""
    def forward(self, input):
        return input.sigmoid()


class Tanh(Module):
    def forward(self, input):
        return input.tanh()


class Softmax(Module):
    """e^x / sum(e^x) along `dim`"""
    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmax(input, self.dim)

    def extra_repr(self):
        return f'dim={self.dim}'


class LogSoftmax(Softmax):
    """log(softmax(x)) along `dim`, computed without overflow"""
    def forward(self, input):
        return F.log_softmax(input, self.dim)


class _Inplace(Module):
    """An activation with only PyTorch's inplace= option; `function` is its nn.functional form."""
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return type(self).function(input, inplace=self.inplace)

    def extra_repr(self):
        return 'inplace=True' if self.inplace else ''


class _Plain(Module):
    """An activation with no options; `function` is its nn.functional form."""
    def forward(self, input):
        return type(self).function(input)


class LeakyReLU(Module):
    """x if x > 0 else negative_slope * x"""
    def __init__(self, negative_slope=1e-2, inplace=False):
        super().__init__()
        self.negative_slope, self.inplace = negative_slope, inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        return f'negative_slope={self.negative_slope}' + (', inplace=True' if self.inplace else '')


class PReLU(Module):
    """x if x > 0 else a * x, with a learned: one weight, or one per channel (num_parameters), starting at init"""
    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters, self.init = num_parameters, init
        self.weight = Parameter(empty(num_parameters, device=device, dtype=dtype))
        self.reset_parameters()

    def reset_parameters(self):
        init.constant_(self.weight, self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f'num_parameters={self.num_parameters}'


class RReLU(Module):
    """leaky ReLU with a random slope from U(lower, upper) per element in training, (lower + upper) / 2 in eval"""
    def __init__(self, lower=1.0 / 8, upper=1.0 / 3, inplace=False):
        super().__init__()
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input):
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self):
        return f'lower={self.lower}, upper={self.upper}' + (', inplace=True' if self.inplace else '')


class ELU(Module):
    """x if x > 0 else alpha (e^x - 1)"""
    function = staticmethod(F.elu)

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input):
        return type(self).function(input, self.alpha, self.inplace)

    def extra_repr(self):
        return f'alpha={self.alpha}' + (', inplace=True' if self.inplace else '')


class CELU(ELU):
    """x if x > 0 else alpha (e^(x / alpha) - 1)"""
    function = staticmethod(F.celu)


class SELU(_Inplace):
    """scale * elu(x, alpha) with PyTorch's fixed alpha and scale"""
    function = staticmethod(F.selu)


class GELU(Module):
    """x Phi(x), Phi the standard normal CDF (approximate='tanh': its tanh approximation)"""
    def __init__(self, approximate='none'):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f'approximate={self.approximate!r}'


class SiLU(_Inplace):
    """x sigmoid(x)"""
    function = staticmethod(F.silu)


class Mish(_Inplace):
    """x tanh(softplus(x))"""
    function = staticmethod(F.mish)


class Hardsigmoid(_Inplace):
    """relu6(x + 3) / 6 (its repr leaves inplace out, as PyTorch's)"""
    function = staticmethod(F.hardsigmoid)

    def extra_repr(self):
        return ''


class Hardswish(Hardsigmoid):
    """x relu6(x + 3) / 6"""
    function = staticmethod(F.hardswish)


class Softplus(Module):
    """log(1 + e^(beta x)) / beta, or x where beta x > threshold"""
    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return f'beta={self.beta}, threshold={self.threshold}'


class Softsign(_Plain):
    """x / (1 + |x|)"""
    function = staticmethod(F.softsign)


class Tanhshrink(_Plain):
    """x - tanh(x)"""
    function = staticmethod(F.tanhshrink)


class LogSigmoid(_Plain):
    """log(sigmoid(x))"""
    function = staticmethod(F.logsigmoid)


class Softshrink(Module):
    """x - lambd if x > lambd, x + lambd if x < -lambd, else 0"""
    function = staticmethod(F.softshrink)

    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return type(self).function(input, self.lambd)

    def extra_repr(self):
        return str(self.lambd)


class Hardshrink(Softshrink):
    """x where |x| > lambd, else 0"""
    function = staticmethod(F.hardshrink)


class Hardtanh(Module):
    """x clamped to [min_val, max_val]"""
    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False):
        super().__init__()
        if max_val <= min_val:
            raise AssertionError(f'max_val ({max_val}) must be greater than min_val ({min_val})')
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        return f'min_val={self.min_val}, max_val={self.max_val}' + (', inplace=True' if self.inplace else '')


class ReLU6(Hardtanh):
    """min(max(x, 0), 6)"""
    def __init__(self, inplace=False):
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self):
        return 'inplace=True' if self.inplace else ''


class Softmin(Softmax):
    """softmax(-x) along `dim`"""
    def forward(self, input):
        return F.softmin(input, self.dim, _stacklevel=5)


class Softmax2d(Module):
    """softmax over the channels (dim -3) of a (C, H, W) or (N, C, H, W) input"""
    def forward(self, input):
        if input.dim() not in (3, 4):
            raise ValueError(f'Softmax2d: expected input to be 3D or 4D, got {input.dim()}D instead')
        return F.softmax(input, -3, _stacklevel=5)


class GLU(Module):
    """a sigmoid(b), a and b the halves of x along `dim`"""
    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self):
        return f'dim={self.dim}'


class Threshold(Module):
    """x if x > threshold else value"""
    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input):
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        return f'threshold={self.threshold}, value={self.value}' + (', inplace=True' if self.inplace else '')
