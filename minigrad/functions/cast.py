"""Copies: to another dtype or device (x.to(...), x.float(), x.long(), x.cuda()) and clone().
A cast to an integer or bool dtype gives a result without a gradient, as every integer result (autograd/function.py:
Op.apply), so `(x.long().float() * x).sum()` differentiates through the second factor only, as in PyTorch."""
import builtins

from .table import export
from .arguments import must_be
from .. import backend, dtypes
from ..autograd.function import Op
from ..dims import memory_order
from ..tensortypes import tensortype, type_named
from ..tensor import Tensor


class ToCopyBackward0(Op):
    """out = a in another dtype or on another device;  da = g moved back (the engine casts the dtype back)"""

    @staticmethod
    def forward(ctx, a, dtype=None, device=None):
        ctx.device = backend.device_of(a)
        out = a if dtype is None else a.astype(dtype, order=copy_order(a))   # laid out as PyTorch's copy
        return out if device is None else backend.to_device(out, device)

    @staticmethod
    def backward(ctx, g):
        return g.to(ctx.device) if isinstance(g, Tensor) else backend.to_device(g, ctx.device)


class CloneBackward0(Op):
    """out = a copy of a, its dims in memory in the order memory_format gives (see laid_out);  da = g"""

    @staticmethod
    def forward(ctx, a, memory_format=dtypes.preserve_format):
        return laid_out(a, memory_format)

    @staticmethod
    def backward(ctx, g):
        return g


def laid_out(a, memory_format):
    """A copy of array a with its dims in memory as `memory_format` orders them: C order, channels last, or
    (preserve_format) a's own order, as PyTorch: a's strides where a has no gaps, its order of dims without the gaps
    where it has some, and C order where elements repeat (an expanded array: a stride 0)."""
    if memory_format is dtypes.preserve_format:
        return a.copy(order=copy_order(a))
    order = memory_order(memory_format, a.ndim)
    inverse = sorted(range(a.ndim), key=order.__getitem__)
    return a.transpose(order).copy(order='C').transpose(inverse)    # (always a copy, a 0-d one too)


def copy_order(a):
    """numpy's order for a copy of array a laid out as PyTorch's preserve_format lays it: C order where elements
    repeat (an expanded array: a stride 0), else a's own order of dims ('K')."""
    return 'C' if any(s == 0 and n > 1 for n, s in zip(a.shape, a.strides)) else 'K'


@export()
def clone(input, *, memory_format=dtypes.preserve_format):
    return CloneBackward0.apply(input, memory_format=memory_format)


@export(function=False)
def contiguous(input, memory_format=dtypes.contiguous_format):
    if input.is_contiguous(memory_format):
        return input
    return CloneBackward0.apply(input, memory_format=memory_format)


def to_args(args, device=None, dtype=None):
    """(device, dtype) from the positional arguments of Tensor.to / Module.to: a device (str, int CUDA index or
    device), a dtype, both, or a tensor whose device and dtype are taken."""
    for a in args:
        if isinstance(a, Tensor):
            dtype, device = a.dtype, a.device
        elif isinstance(a, (str, builtins.int, backend.device)):   # builtins: this file defines int()
            device = a
        else:
            dtype = a
    return device, dtype


@export(function=False)
def to(input, *args, dtype=None, device=None, copy=False, non_blocking=False, memory_format=dtypes.preserve_format):
    """to(dtype), to(device), to(device, dtype), to(other_tensor); an int device is a CUDA index, as in PyTorch;
    memory_format: the order of the dims in memory (a copy where it differs; the same order as input's by default)."""
    device, dtype = to_args(args, device, dtype)
    np_dtype = dtypes.to_dtype(dtype).np if dtype is not None else None
    if np_dtype == input._data.dtype:
        np_dtype = None
    if device is not None and backend.concrete(device) == input.device:
        device = None
    if np_dtype is None and device is None:
        if copy:
            return CloneBackward0.apply(input, memory_format=memory_format)
        return input if memory_format is dtypes.preserve_format else contiguous(input, memory_format)
    out = ToCopyBackward0.apply(input, dtype=np_dtype, device=device)
    return out if memory_format is dtypes.preserve_format else contiguous(out, memory_format)


@export(function=False)
def double(input):
    return to(input, dtypes.float64)


@export(function=False)
def float(input):
    return to(input, dtypes.float32)


@export(function=False)
def half(input):
    return to(input, dtypes.float16)


@export(function=False)
def bfloat16(input):
    return to(input, dtypes.bfloat16)


@export(function=False)
def short(input):
    return to(input, dtypes.int16)


@export(function=False)
def char(input):
    return to(input, dtypes.int8)


@export(function=False)
def byte(input):
    return to(input, dtypes.uint8)


@export(function=False)
def long(input):
    return to(input, dtypes.int64)


@export(function=False)
def int(input):
    return to(input, dtypes.int32)


@export(function=False)
def bool(input):
    return to(input, dtypes.bool)


@export(function=False)
def cpu(input):
    return to(input, 'cpu')


@export(function=False)
def cuda(input, device=None):
    return to(input, backend.device('cuda', device) if isinstance(device, builtins.int) else (device or 'cuda'))


@export(function=False)
def type_as(input, other):
    """input in other's dtype and on its device (input itself where they agree)."""
    if not isinstance(other, Tensor):
        raise TypeError(must_be('type_as', 'other', 1, other))
    return to(input, other.device, other.dtype)


@export(function=False)
def type(input, dtype=None, non_blocking=False):
    """The type's name ('minigrad.FloatTensor'), or input cast to `dtype`: a dtype, a typed tensor class
    (minigrad.DoubleTensor) or its name (PyTorch's 'torch.DoubleTensor' too)."""
    if dtype is None:
        prefix = 'minigrad.cuda.' if input.is_cuda else 'minigrad.'
        return prefix + dtypes.TENSOR_TYPE_NAMES[input.dtype]
    if isinstance(dtype, str):
        dtype, device = type_named(dtype)
        return to(input, device, dtype) if device else to(input, dtype)
    if dtype in (builtins.float, builtins.int, builtins.bool):     # (a Python type: .to takes it, .type not)
        raise ValueError(f"invalid type: '{dtype.__name__}'")
    if not isinstance(dtype, (dtypes.dtype, tensortype)):
        raise TypeError('dtype must be a type, str, or dtype object')
    return to(input, dtype.dtype if isinstance(dtype, tensortype) else dtype)
