"""The legacy typed tensor classes, minigrad.FloatTensor and its kin, as PyTorch's torch.FloatTensor: calling one
makes a tensor of its dtype (FloatTensor([1, 2]), LongTensor(3, 4) uninitialised), isinstance(x, FloatTensor) checks
x's dtype, and x.type('minigrad.DoubleTensor') (PyTorch's spelling 'torch.DoubleTensor' too) casts to one."""
from . import dtypes
from .tensor import Tensor


class tensortype(type):
    """The class of the typed tensor classes: each has a dtype and makes and recognises tensors of it."""

    def __call__(cls, *args, device=None):
        return Tensor(*args, dtype=cls.dtype, device=device)

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.dtype is cls.dtype and not obj.is_cuda


TYPES = {name: tensortype(name, (), {'dtype': dtype, '__module__': 'minigrad'})
         for dtype, name in dtypes.TENSOR_TYPE_NAMES.items()}


def type_named(name):
    """The dtype and device a type name gives: 'minigrad.DoubleTensor', PyTorch's 'torch.DoubleTensor', and their
    'cuda.' forms; PyTorch's ValueError for another name."""
    prefix, _, short = name.rpartition('.')
    if prefix not in ('minigrad', 'torch', 'minigrad.cuda', 'torch.cuda') or short not in TYPES:
        raise ValueError(f"invalid type: '{name}'")
    return TYPES[short].dtype, 'cuda' if prefix.endswith('cuda') else None
