"""Pooling layers: MaxPool1d/2d/3d (the largest value of each window), AvgPool1d/2d/3d (the mean of each window),
LPPool1d/2d/3d (the p-norm of each window), MaxUnpool1d/2d/3d (max pooling's partial inverse), the adaptive forms,
whose windows follow from the output size asked for, and FractionalMaxPool2d/3d (windows at pseudo-random steps)."""
from . import functional as F
from .module import Module


def _single(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,)


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def _triple(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v, v)


class _MaxPoolNd(Module):
    """The max pools' arguments: windows kernel_size wide, `stride` apart (stride defaults to kernel_size)."""
    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size, self.stride = kernel_size, stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def extra_repr(self):
        return (f'kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, '
                f'dilation={self.dilation}, ceil_mode={self.ceil_mode}')


class MaxPool1d(_MaxPoolNd):
    """The max of each window along the length."""
    def forward(self, input):
        return F.max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            ceil_mode=self.ceil_mode, return_indices=self.return_indices)


class MaxPool2d(_MaxPoolNd):
    """The max of each kernel_size window over height and width."""
    def forward(self, input):
        return F.max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            ceil_mode=self.ceil_mode, return_indices=self.return_indices)


class MaxPool3d(_MaxPoolNd):
    """The max of each kernel_size window over depth, height and width."""
    def forward(self, input):
        return F.max_pool3d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            ceil_mode=self.ceil_mode, return_indices=self.return_indices)


class AvgPool1d(Module):
    """The mean of each kernel_size window along the length, windows `stride` apart (stride defaults to
    kernel_size); the sizes are kept as 1-tuples, as PyTorch keeps them."""
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
        super().__init__()
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding, self.ceil_mode, self.count_include_pad = _single(padding), ceil_mode, count_include_pad

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)

    def extra_repr(self):
        return f'kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}'


class _AvgPoolNd(Module):
    """The 2-d and 3-d average pools' arguments: windows kernel_size wide, `stride` apart (stride defaults to
    kernel_size)."""
    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__()
        self.kernel_size, self.stride = kernel_size, stride if stride is not None else kernel_size
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def extra_repr(self):
        return f'kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}'


class AvgPool2d(_AvgPoolNd):
    """The mean of each kernel_size window over height and width."""
    def forward(self, input):
        return F.avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)


class AvgPool3d(_AvgPoolNd):
    """The mean of each kernel_size window over depth, height and width."""
    def forward(self, input):
        return F.avg_pool3d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)


class _AdaptivePool(Module):
    """The adaptive pools' common part: the output size asked for (an int, or a tuple whose None entries keep
    the input's size)."""
    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def extra_repr(self):
        return f'output_size={self.output_size}'


class AdaptiveAvgPool1d(_AdaptivePool):
    """The mean of each of output_size windows spread evenly over the length."""
    def forward(self, input):
        return F.adaptive_avg_pool1d(input, self.output_size)


class AdaptiveAvgPool2d(_AdaptivePool):
    """The mean of each of output_size windows spread evenly over height and width."""
    def forward(self, input):
        return F.adaptive_avg_pool2d(input, self.output_size)


class AdaptiveAvgPool3d(_AdaptivePool):
    """The mean of each of output_size windows spread evenly over depth, height and width."""
    def forward(self, input):
        return F.adaptive_avg_pool3d(input, self.output_size)


class _AdaptiveMaxPool(_AdaptivePool):
    def __init__(self, output_size, return_indices=False):
        super().__init__(output_size)
        self.return_indices = return_indices


class AdaptiveMaxPool1d(_AdaptiveMaxPool):
    """The max of each of output_size windows spread evenly over the length (and its index, with
    return_indices)."""
    def forward(self, input):
        return F.adaptive_max_pool1d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool3d(_AdaptiveMaxPool):
    """The max of each of output_size windows spread evenly over depth, height and width (and its flat index into
    D*H*W, with return_indices)."""
    def forward(self, input):
        return F.adaptive_max_pool3d(input, self.output_size, self.return_indices)


class AdaptiveMaxPool2d(_AdaptiveMaxPool):
    """The max of each of output_size windows spread evenly over height and width (and its flat index into
    H*W, with return_indices)."""
    def forward(self, input):
        return F.adaptive_max_pool2d(input, self.output_size, self.return_indices)


class _LPPoolNd(Module):
    """Power-average pooling: (sum over each window of x^p)^(1/p), p = norm_type (inf: the max of |x|)."""
    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.norm_type, self.kernel_size, self.stride, self.ceil_mode = norm_type, kernel_size, stride, ceil_mode

    def extra_repr(self):
        return (f'norm_type={self.norm_type}, kernel_size={self.kernel_size}, stride={self.stride}, '
                f'ceil_mode={self.ceil_mode}')


class LPPool1d(_LPPoolNd):
    """Power-average pooling along the length."""
    def forward(self, input):
        return F.lp_pool1d(input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode)


class LPPool2d(_LPPoolNd):
    """Power-average pooling over height and width."""
    def forward(self, input):
        return F.lp_pool2d(input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode)


class LPPool3d(_LPPoolNd):
    """Power-average pooling over depth, height and width."""
    def forward(self, input):
        return F.lp_pool3d(input, float(self.norm_type), self.kernel_size, self.stride, self.ceil_mode)


class _MaxUnpoolNd(Module):
    """Max pooling's partial inverse: each value written back where its max came from (the indices the max pool
    returned), zeros elsewhere; output_size picks among the sizes the pool maps to the same output."""
    as_tuple = None     # each size as a tuple of one int per axis

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        self.kernel_size = self.as_tuple(kernel_size)
        self.stride = self.as_tuple(stride if stride is not None else kernel_size)
        self.padding = self.as_tuple(padding)

    def extra_repr(self):
        return f'kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}'


class MaxUnpool1d(_MaxUnpoolNd):
    """Max unpooling along the length (the indices of max_pool1d)."""
    as_tuple = staticmethod(_single)

    def forward(self, input, indices, output_size=None):
        return F.max_unpool1d(input, indices, self.kernel_size, self.stride, self.padding, output_size)


class MaxUnpool2d(_MaxUnpoolNd):
    """Max unpooling over height and width (the indices of max_pool2d)."""
    as_tuple = staticmethod(_pair)

    def forward(self, input, indices, output_size=None):
        return F.max_unpool2d(input, indices, self.kernel_size, self.stride, self.padding, output_size)


class MaxUnpool3d(_MaxUnpoolNd):
    """Max unpooling over depth, height and width (the indices of max_pool3d)."""
    as_tuple = staticmethod(_triple)

    def forward(self, input, indices, output_size=None):
        return F.max_unpool3d(input, indices, self.kernel_size, self.stride, self.padding, output_size)


class _FractionalMaxPoolNd(Module):
    """Fractional max pooling: the max of windows kernel_size wide placed at pseudo-random steps, so that the output
    has output_size (or output_ratio times the input's size); _random_samples fixes the steps (a buffer)."""
    as_tuple = None     # each size as a tuple of one int per axis
    checks_kernel = False   # (PyTorch's 3-d module refuses a kernel_size of 0 or less, its 2-d one does not)

    def __init__(self, kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None):
        super().__init__()
        if self.checks_kernel and min(self.as_tuple(kernel_size)) <= 0:
            raise ValueError(f'kernel_size must be greater than 0, but got {kernel_size}')
        self.kernel_size, self.return_indices = self.as_tuple(kernel_size), return_indices
        self.register_buffer('_random_samples', _random_samples)
        self.output_size = self.as_tuple(output_size) if output_size is not None else None
        self.output_ratio = self.as_tuple(output_ratio) if output_ratio is not None else None
        if output_size is None and output_ratio is None:
            raise ValueError(f'{type(self).__name__} requires specifying either an output size, or a pooling ratio')
        if output_size is not None and output_ratio is not None:
            raise ValueError('only one of output_size and output_ratio may be specified')
        if self.output_ratio is not None and not all(0 < r < 1 for r in self.output_ratio):
            raise ValueError(f'output_ratio must be between 0 and 1 (got {output_ratio})')


class FractionalMaxPool2d(_FractionalMaxPoolNd):
    """Fractional max pooling over height and width."""
    as_tuple = staticmethod(_pair)

    def forward(self, input):
        return F.fractional_max_pool2d(input, self.kernel_size, self.output_size, self.output_ratio,
                                       self.return_indices, _random_samples=self._random_samples)


class FractionalMaxPool3d(_FractionalMaxPoolNd):
    """Fractional max pooling over depth, height and width."""
    as_tuple = staticmethod(_triple)
    checks_kernel = True

    def forward(self, input):
        return F.fractional_max_pool3d(input, self.kernel_size, self.output_size, self.output_ratio,
                                       self.return_indices, _random_samples=self._random_samples)
