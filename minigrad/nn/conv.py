"""Convolution layers, as torch.nn: Conv1d, Conv2d, Conv3d and the transposed ConvTranspose1d, ConvTranspose2d,
ConvTranspose3d."""
from ..factories import empty
from ..tensor import Size
from . import functional as F, init
from .module import Module
from .parameter import Parameter


def _ntuple(x, n):
    """An int as n of it, a list or tuple as a tuple (PyTorch's _single, _pair)."""
    return tuple(x) if isinstance(x, (tuple, list)) else (x,) * n


class _ConvNd(Module):
    """What the convolution layers share: the checks of the arguments, weight and bias, their initialisation
    (kaiming_uniform_ with a=sqrt(5): U(+-1/sqrt(fan_in)), the bias too), and the printed form."""
    dims = 2
    transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode='zeros', device=None, dtype=None, output_padding=0):
        super().__init__()
        n = self.dims
        if groups <= 0:
            raise ValueError('groups must be a positive integer')
        if in_channels % groups != 0:
            raise ValueError('in_channels must be divisible by groups')
        if out_channels % groups != 0:
            raise ValueError('out_channels must be divisible by groups')
        if isinstance(padding, str):
            if padding not in ('same', 'valid'):
                raise ValueError(f"Invalid padding string {padding!r}, should be one of {{'same', 'valid'}}")
            if padding == 'same' and any(s != 1 for s in _ntuple(stride, n)):
                raise ValueError("padding='same' is not supported for strided convolutions")
        if padding_mode not in ('zeros', 'reflect', 'replicate', 'circular'):
            raise ValueError("padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, "
                             f"but got padding_mode='{padding_mode}'")
        self.in_channels, self.out_channels, self.groups = in_channels, out_channels, groups
        self.kernel_size, self.stride, self.dilation = (_ntuple(v, n) for v in (kernel_size, stride, dilation))
        self.padding = padding if isinstance(padding, str) else _ntuple(padding, n)
        self.output_padding = _ntuple(output_padding, n)
        self.padding_mode = padding_mode
        self._reversed_padding_repeated_twice = self._padding_for_pad()
        shape = (in_channels, out_channels // groups) if self.transposed else (out_channels, in_channels // groups)
        self.weight = Parameter(empty(*shape, *self.kernel_size, device=device, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_channels, device=device, dtype=dtype))
        else:
            self.register_parameter('bias', None)
        self.reset_parameters()

    def _padding_for_pad(self):
        """The padding as F.pad's argument (last dim first, before and after): what a padding_mode other than
        'zeros' pads the input with before a convolution without padding."""
        if self.padding == 'valid':
            return [0, 0] * self.dims
        if self.padding == 'same':
            totals = [d * (k - 1) for k, d in zip(self.kernel_size, self.dilation)]
            return [p for t in reversed(totals) for p in (t // 2, t - t // 2)]
        return tuple(p for p in reversed(self.padding) for _ in range(2))     # a tuple here, as PyTorch's

    def reset_parameters(self):
        init._reset_weight_and_bias(self.weight, self.bias)

    def extra_repr(self):
        s = f'{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}'
        if self.padding != (0,) * len(self.padding):
            s += f', padding={self.padding}'
        if self.dilation != (1,) * self.dims:
            s += f', dilation={self.dilation}'
        if self.output_padding != (0,) * self.dims:
            s += f', output_padding={self.output_padding}'
        if self.groups != 1:
            s += f', groups={self.groups}'
        if self.bias is None:
            s += ', bias=False'
        if self.padding_mode != 'zeros':
            s += f', padding_mode={self.padding_mode}'
        return s


class _Conv(_ConvNd):
    """out[n, o] = b[o] + sum over the in_channels/groups inputs c of its group of weight[o, c] * x[n, c]
    (* is cross-correlation with the given stride, padding and dilation)."""

    def forward(self, input):
        return self._conv_forward(input, self.weight, self.bias)

    def _conv_forward(self, input, weight, bias):
        """The convolution with a given weight and bias (PyTorch's hook for layers that transform the weight)."""
        conv = (F.conv1d, F.conv2d, F.conv3d)[self.dims - 1]
        if self.padding_mode != 'zeros':
            padded = F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode)
            return conv(padded, weight, bias, self.stride, 0, self.dilation, self.groups)
        return conv(input, weight, bias, self.stride, self.padding, self.dilation, self.groups)


class Conv1d(_Conv):
    """1-d convolution over (N, C_in, L) or (C_in, L); weight (out_channels, in_channels / groups, k)."""
    dims = 1


class Conv2d(_Conv):
    """2-d convolution over (N, C_in, H, W) or (C_in, H, W); weight (out_channels, in_channels / groups, kH, kW)."""
    dims = 2


class Conv3d(_Conv):
    """3-d convolution over (N, C_in, D, H, W) or (C_in, D, H, W); weight (out_channels, in_channels / groups, kD, kH,
    kW)."""
    dims = 3


class _ConvTransposeNd(_ConvNd):
    """The gradient of the convolution with respect to its input: each input pixel adds weight[c] times its value
    into the output window it maps to. forward(input, output_size) picks the output_padding that gives output_size."""
    transposed = True

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None):
        if padding_mode != 'zeros':
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, device, dtype, output_padding)

    def forward(self, input, output_size=None):
        conv = (F.conv_transpose1d, F.conv_transpose2d, F.conv_transpose3d)[self.dims - 1]
        output_padding = self._output_padding(input, output_size)
        return conv(input, self.weight, self.bias, self.stride, self.padding, output_padding, self.groups,
                    self.dilation)

    def _output_padding(self, input, output_size):
        """output_padding, or the one that makes the output output_size (its last dims), with PyTorch's errors."""
        if output_size is None:
            return self.output_padding
        n = self.dims
        leading = 2 if input.ndim == n + 2 else 1
        if len(output_size) == leading + n:
            output_size = output_size[leading:]
        if len(output_size) != n:
            raise ValueError(f'ConvTranspose{n}D: for {input.ndim}D input, output_size must have {n} or '
                             f'{leading + n} elements (got {len(output_size)})')
        min_sizes = [(input.shape[leading + d] - 1) * self.stride[d] - 2 * self.padding[d]
                     + self.dilation[d] * (self.kernel_size[d] - 1) + 1 for d in range(n)]
        max_sizes = [m + s - 1 for m, s in zip(min_sizes, self.stride)]
        if any(not lo <= size <= hi for size, lo, hi in zip(output_size, min_sizes, max_sizes)):
            raise ValueError(f'requested an output size of {output_size}, but valid sizes range from {min_sizes} to '
                             f'{max_sizes} (for an input of {Size(input.shape[2:])})')   # [2:] even unbatched, as torch
        return tuple(size - lo for size, lo in zip(output_size, min_sizes))


class ConvTranspose1d(_ConvTransposeNd):
    """Transposed 1-d convolution over (N, C_in, L) or (C_in, L); weight (in_channels, out_channels / groups, k);
    output length (L-1)*stride - 2*padding + dilation*(k-1) + output_padding + 1."""
    dims = 1


class ConvTranspose2d(_ConvTransposeNd):
    """Transposed 2-d convolution over (N, C_in, H, W) or (C_in, H, W); weight (in_channels, out_channels / groups,
    kH, kW)."""
    dims = 2


class ConvTranspose3d(_ConvTransposeNd):
    """Transposed 3-d convolution over (N, C_in, D, H, W) or (C_in, D, H, W); weight (in_channels,
    out_channels / groups, kD, kH, kW)."""
    dims = 3
