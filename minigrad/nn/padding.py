"""Padding layers over F.pad: ConstantPad (a value), ZeroPad (zeros), ReflectionPad (the input mirrored at its edge,
the edge not repeated), ReplicationPad (the edge repeated), CircularPad (the input wrapped around), each for the
last 1, 2 or 3 dims. `padding` is an int (every side) or (left, right, top, bottom, front, back)."""
from . import functional as F
from .module import Module


def _sides(padding, n):
    """padding as a tuple of n ints: an int repeated, a sequence as it is (PyTorch's _ntuple)."""
    return tuple(padding) if hasattr(padding, '__iter__') else (padding,) * n


class _PadNd(Module):
    """F.pad(input, padding, mode) with the padding of `sides` ints."""
    mode, sides = None, None

    def __init__(self, padding):
        super().__init__()
        self.padding = _sides(padding, self.sides)

    def forward(self, input):
        return F.pad(input, self.padding, self.mode)

    def extra_repr(self):
        return f'{self.padding}'


class _ConstantPadNd(_PadNd):
    mode = 'constant'

    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, 'constant', self.value)

    def extra_repr(self):
        return f'padding={self.padding}, value={self.value}'


class ConstantPad1d(_ConstantPadNd):
    sides = 2


class ConstantPad2d(_ConstantPadNd):
    sides = 4


class ConstantPad3d(_ConstantPadNd):
    sides = 6


class _ZeroPad:
    """ConstantPad with the value 0, printed with its padding alone."""
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    extra_repr = _PadNd.extra_repr


class ZeroPad1d(_ZeroPad, ConstantPad1d):
    pass


class ZeroPad2d(_ZeroPad, ConstantPad2d):
    pass


class ZeroPad3d(_ZeroPad, ConstantPad3d):
    pass


class ReflectionPad1d(_PadNd):
    mode, sides = 'reflect', 2


class ReflectionPad2d(_PadNd):
    mode, sides = 'reflect', 4


class ReflectionPad3d(_PadNd):
    mode, sides = 'reflect', 6


class ReplicationPad1d(_PadNd):
    mode, sides = 'replicate', 2


class ReplicationPad2d(_PadNd):
    mode, sides = 'replicate', 4


class ReplicationPad3d(_PadNd):
    mode, sides = 'replicate', 6


class _CircularPadNd(_PadNd):
    """Circular padding takes an input with or without its batch dim only (PyTorch's check)."""
    mode = 'circular'

    def forward(self, input):
        dims = self.sides // 2 + 1
        if input.ndim not in (dims, dims + 1):
            raise ValueError(f'expected {dims}D or {dims + 1}D input (got {input.ndim}D input)')
        return super().forward(input)


class CircularPad1d(_CircularPadNd):
    sides = 2


class CircularPad2d(_CircularPadNd):
    sides = 4


class CircularPad3d(_CircularPadNd):
    sides = 6
