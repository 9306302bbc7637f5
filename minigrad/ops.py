"""The torch.* functions that mirror Tensor methods (minigrad.add(x, y) is x.add(y)), plus cat and stack."""
from functools import reduce

from . import dtypes
from .functions import shape as S
from .tensor import Tensor, _out, where

_METHODS = ('add sub subtract mul multiply div divide pow neg negative exp log sqrt abs sigmoid tanh relu clamp clip '
            'maximum minimum sum mean max min var std softmax log_softmax matmul mm bmm dot mv '
            'reshape flatten squeeze unsqueeze transpose swapaxes permute t narrow split chunk unbind '
            'argmax argmin eq ne lt le gt ge equal allclose all any isnan isfinite logical_not sign clone detach '
            'numel prod nonzero').split()


def _function(name):
    method = getattr(Tensor, name)

    def fn(input, *args, **kwargs):
        return method(input, *args, **kwargs)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f'minigrad.{name}(input, ...) is input.{name}(...).'
    return fn


globals().update({name: _function(name) for name in _METHODS})


def cat(tensors, dim=0, *, out=None):
    """Join tensors along an existing dim."""
    tensors = list(tensors)
    if not tensors:
        raise ValueError('torch.cat(): expected a non-empty list of Tensors')
    return _out(S.Cat.apply(*_promoted(tensors), dim=dim), out)


concat = concatenate = cat


def stack(tensors, dim=0, *, out=None):
    """Join tensors along a new dim."""
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError('stack expects a non-empty TensorList')
    return _out(S.Stack.apply(*_promoted(tensors), dim=dim), out)


def _promoted(tensors):
    """The tensors in their common dtype, as PyTorch promotes (int64 with float32 is float32)."""
    dtype = reduce(dtypes.promote_types, [t._data.dtype for t in tensors])
    return [t if t._data.dtype == dtype else t.to(dtype) for t in tensors]


def is_tensor(obj):
    return isinstance(obj, Tensor)


__all__ = list(_METHODS) + ['cat', 'concat', 'concatenate', 'stack', 'where', 'is_tensor']
