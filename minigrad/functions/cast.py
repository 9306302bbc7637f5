"""Copies: to another dtype or device (x.to(...), x.float(), x.long(), x.cuda()) and clone().
A cast to an integer or bool dtype gives a result without a gradient, as every integer result (autograd/function.py:
Op.apply), so `(x.long().float() * x).sum()` differentiates through the second factor only, as in PyTorch."""
import builtins

from .table import export
from .. import backend, dtypes
from ..autograd.function import Op
from ..tensor import Tensor


class ToCopyBackward0(Op):
    """out = a in another dtype or on another device;  da = g moved back (the engine casts the dtype back)"""

    @staticmethod
    def forward(ctx, a, dtype=None, device=None):
        ctx.device = backend.device_of(a)
        out = a if dtype is None else a.astype(dtype)
        return out if device is None else backend.to_device(out, device)

    @staticmethod
    def backward(ctx, g):
        return g.to(ctx.device) if isinstance(g, Tensor) else backend.to_device(g, ctx.device)


class CloneBackward0(Op):
    """out = a copy of a (contiguous);  da = g"""

    @staticmethod
    def forward(ctx, a):
        return a.copy()

    @staticmethod
    def backward(ctx, g):
        return g


@export()
def clone(input, *, memory_format=None):
    return CloneBackward0.apply(input)


@export(function=False)
def contiguous(input, memory_format=None):
    return input if input._data.flags.c_contiguous else CloneBackward0.apply(input)


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
def to(input, *args, dtype=None, device=None, copy=False, non_blocking=False):
    """to(dtype), to(device), to(device, dtype), to(other_tensor); an int device is a CUDA index, as in PyTorch."""
    device, dtype = to_args(args, device, dtype)
    np_dtype = dtypes.to_dtype(dtype).np if dtype is not None else None
    if np_dtype == input._data.dtype:
        np_dtype = None
    if device is not None and backend.concrete(device) == input.device:
        device = None
    if np_dtype is None and device is None:
        return CloneBackward0.apply(input) if copy else input
    return ToCopyBackward0.apply(input, dtype=np_dtype, device=device)


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
        raise TypeError(f"type_as(): argument 'other' (position 1) must be Tensor, not {builtins.type(other).__name__}")
    return to(input, other.device, other.dtype)


@export(function=False)
def type(input, dtype=None):
    if dtype is None:
        prefix = 'minigrad.cuda.' if input.is_cuda else 'minigrad.'
        return prefix + dtypes.TENSOR_TYPE_NAMES[input.dtype]
    return to(input, dtype)
