"""minigrad's dtypes: thin names over numpy's, printed as PyTorch prints them (`minigrad.float32`)."""
import builtins
import numbers

import numpy

from . import backend


class dtype:
    __slots__ = ('name', 'np', 'is_floating_point', 'itemsize')

    def __init__(self, name, np_type):
        self.name, self.np = name, numpy.dtype(np_type)
        self.is_floating_point = self.np.kind == 'f'
        self.itemsize = self.np.itemsize

    def __repr__(self):
        return f'minigrad.{self.name}'

    def __reduce__(self):
        return (to_dtype, (self.name,))


float16 = half = dtype('float16', numpy.float16)
float32 = float = dtype('float32', numpy.float32)
float64 = double = dtype('float64', numpy.float64)
uint8 = dtype('uint8', numpy.uint8)
int8 = dtype('int8', numpy.int8)
int16 = short = dtype('int16', numpy.int16)
int32 = int = dtype('int32', numpy.int32)
int64 = long = dtype('int64', numpy.int64)
bool = dtype('bool', numpy.bool_)

ALL = (float16, float32, float64, uint8, int8, int16, int32, int64, bool)
_BY_NUMPY = {d.np: d for d in ALL}
_BY_NAME = {d.name: d for d in ALL}
# The names PyTorch prints in x.type(): 'torch.FloatTensor'
TENSOR_TYPE_NAMES = {float16: 'HalfTensor', float32: 'FloatTensor', float64: 'DoubleTensor', uint8: 'ByteTensor',
                     int8: 'CharTensor', int16: 'ShortTensor', int32: 'IntTensor', int64: 'LongTensor',
                     bool: 'BoolTensor'}

_default = float32


def get_default_dtype():
    return _default


def set_default_dtype(d):
    global _default
    _default = to_dtype(d)


def to_dtype(d):
    """A minigrad dtype from a minigrad dtype, a numpy dtype/type, a Python type or a name."""
    if isinstance(d, dtype):
        return d
    if d is builtins.float:
        return _default
    if d is builtins.int:
        return int64
    if d is builtins.bool:
        return bool
    if isinstance(d, str) and d in _BY_NAME:
        return _BY_NAME[d]
    try:
        return _BY_NUMPY[numpy.dtype(d)]
    except (KeyError, TypeError):
        raise TypeError(f'minigrad has no dtype for {d!r}') from None


def title(d):
    """PyTorch's name of a dtype (minigrad's or numpy's) in its messages: 'Float', 'Double', 'Long', 'Bool'."""
    return TENSOR_TYPE_NAMES[to_dtype(d)][:-len('Tensor')]


def not_implemented(kernel, d):
    """PyTorch's error for a dtype its kernel has no loop for: '"abs_cpu" not implemented for 'Bool''."""
    raise NotImplementedError(f'"{kernel}" not implemented for \'{title(d)}\'')


def category(np_dtype):
    """PyTorch's promotion categories: bool 0 < integer 1 < floating point 2."""
    return {'b': 0, 'u': 1, 'i': 1, 'f': 2}[np_dtype.kind]


def promote_types(a, b):
    """PyTorch's promotion of two numpy dtypes: the higher category wins whole (int64 with float32 is float32,
    where numpy says float64); within a category, the wider type."""
    ca, cb = category(a), category(b)
    if ca != cb:
        return a if ca > cb else b
    return numpy.result_type(a, b)


def from_numpy_dtype(np_dtype):
    try:
        return _BY_NUMPY[np_dtype]
    except KeyError:
        raise TypeError(f"can't convert np.ndarray of type numpy.{np_dtype}. The only supported types are: "
                        "float64, float32, float16, int64, int32, int16, int8, uint8, and bool.") from None


def scalar_dtype(np_dtype, x):
    """The dtype a Python number takes in an op with a tensor of `np_dtype` (PyTorch's promotion)."""
    if isinstance(x, builtins.bool):
        return np_dtype
    if isinstance(x, numbers.Integral):
        return np_dtype if np_dtype.kind != 'b' else numpy.dtype(numpy.int64)
    if isinstance(x, numbers.Real):
        return np_dtype if np_dtype.kind == 'f' else get_default_dtype().np
    raise TypeError(f'minigrad: unsupported operand {x!r}')


def with_scalars(np_dtype, *numbers):
    """The dtype of an op of a tensor of `np_dtype` with Python numbers (None skipped): each takes part by its
    category only (a bool tensor with 2 is int64, an int tensor with 2.5 the default float, a float32 one stays)."""
    result = np_dtype
    for x in numbers:
        if x is not None:
            result = promote_types(result, scalar_dtype(np_dtype, x))
    return result


# -- the dtype PyTorch infers from data -------------------------------------------------------------
@backend.quiet_floats   # 1e300 as float32 is inf, silently, as in PyTorch
def as_array(data, dtype=None, device=None):
    """An array from Python data or numpy/cupy arrays, in `dtype` (inferred as PyTorch does)."""
    if device is None and not hasattr(data, 'shape') and backend.get_default_device() != backend.CPU:
        device = backend.get_default_device()      # Python data goes to the default device (set_default_device)
    if device is not None and hasattr(data, 'shape'):   # an array: copy it to `device` first (host <-> GPU)
        data = backend.to_device(data, device)
    xp = backend.module_for(device) if device is not None else backend.get_array_module(data)
    try:
        arr = xp.asarray(data, dtype=None if dtype is None else to_dtype(dtype).np)
    except ValueError:
        _check_ragged(data)
        raise
    if dtype is not None:
        return arr
    python = not hasattr(data, 'dtype')     # Python numbers and lists, not arrays
    if arr.dtype.kind == 'f' and python:
        arr = arr.astype(get_default_dtype().np)  # Python floats -> float32
    elif arr.dtype.kind == 'O' or (arr.dtype.kind == 'u' and python):   # ints beyond int64
        if any(isinstance(v, numbers.Integral) for v in arr.ravel().tolist()):
            raise ValueError('Overflow when unpacking long long')
        raise TypeError(f'minigrad.tensor: could not infer dtype of {type(data).__name__}')
    if arr.dtype.kind in 'iu' and python:
        arr = arr.astype(numpy.int64)
    from_numpy_dtype(arr.dtype)  # raises for dtypes minigrad has no name for
    return arr


def _check_ragged(data):
    """PyTorch's error for nested lists of unequal lengths: each dim's length is the first element's."""
    shape, x = [], data
    while isinstance(x, (list, tuple)):
        shape.append(len(x))
        x = x[0] if x else None

    def check(x, d):
        if d < len(shape) and isinstance(x, (list, tuple)):
            if len(x) != shape[d]:
                raise ValueError(f'expected sequence of length {shape[d]} at dim {d} (got {len(x)})')
            for item in x:
                check(item, d + 1)
    check(data, 0)


def result_type(a, b, a_ndim, b_ndim):
    """The dtype PyTorch computes an op of two tensors in (numpy dtypes a, b): the higher category wins whole (an
    int tensor meeting a float takes the float's dtype), and within a category a 0-dim tensor does not widen a tensor
    with dims."""
    if a == b:
        return a
    ca, cb = category(a), category(b)
    if ca != cb:
        return a if ca > cb else b
    if b_ndim == 0 and a_ndim > 0:
        return a
    if a_ndim == 0 and b_ndim > 0:
        return b
    return numpy.result_type(a, b)
