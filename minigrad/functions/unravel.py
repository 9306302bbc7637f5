"""unravel_index: flat indices into a shape's coordinates, as PyTorch composes it (an index past the end wraps:
each coordinate is taken modulo its dim's size)."""
import itertools
import operator
from collections.abc import Sequence

from .table import export
from .. import dtypes
from ..tensor import Tensor


@export(method=False)
def unravel_index(indices, shape):
    """(coordinate tensors, one per dim of shape): (indices // stride_d) % shape[d], strides of a C-order layout."""
    if not isinstance(indices, Tensor):     # PyTorch's own error (it asks the number for is_complex())
        raise AttributeError(f"'{type(indices).__name__}' object has no attribute 'is_complex'")
    if indices._data.dtype.kind not in 'iu':
        got = dtypes.from_numpy_dtype(indices._data.dtype)
        raise TypeError(f"expected 'indices' to be integer dtype, but got {got}")
    if not isinstance(shape, (int, Sequence)):
        raise TypeError(f"expected 'shape' to be int or sequence of ints, but got {type(shape)}")
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    for n in shape:
        if not isinstance(n, int):
            raise TypeError(f"expected 'shape' sequence to only contain ints, but got {type(n)}")
    if any(n < 0 for n in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {shape}")
    strides = list(itertools.accumulate(reversed(shape[1:] + (1,)), operator.mul))[::-1]
    coords = indices.unsqueeze(-1).floor_divide(indices.new_tensor(strides, dtype=dtypes.int64))
    return (coords % indices.new_tensor(shape, dtype=dtypes.int64)).unbind(-1)
