"""minigrad's dtypes: thin names over numpy's, printed as PyTorch prints them (`minigrad.float32`)."""
import builtins
import numbers

import numpy

from . import backend


class dtype:
    __slots__ = ('name', 'np', 'is_floating_point', 'is_signed', 'itemsize')

    def __init__(self, name, np_type):
        self.name, self.np = name, numpy.dtype(np_type)
        self.is_floating_point = self.np.kind == 'f'
        self.is_signed = self.np.kind in 'if'
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


class layout:
    """How a tensor's elements lie in memory. minigrad has one layout, PyTorch's default: strided (dense, each dim a
    step through memory); PyTorch's sparse layouts have no minigrad tensor."""
    __slots__ = ('name',)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f'minigrad.{self.name}'

    def __reduce__(self):
        return self.name     # (pickled as the module-level name, so that it loads as the same object)


strided = layout('strided')


class memory_format(layout):
    """The order in which a dense tensor's dims lie in memory: C order (contiguous_format), channels last (N, H, W, C
    for 4-D: channels_last; N, D, H, W, C for 5-D: channels_last_3d), or a copy's source's own (preserve_format)."""
    __slots__ = ()


contiguous_format = memory_format('contiguous_format')
preserve_format = memory_format('preserve_format')
channels_last = memory_format('channels_last')
channels_last_3d = memory_format('channels_last_3d')



class _NoStorage(dtype):
    """A dtype PyTorch has and numpy cannot hold (bfloat16): it has a name and properties, and any tensor of it is
    refused with PyTorch's error for such a dtype (its words when .numpy() meets one)."""
    __slots__ = ()

    def __init__(self, name, itemsize):
        self.name, self.is_floating_point, self.is_signed, self.itemsize = name, True, True, itemsize

    @property
    def np(self):
        raise TypeError(f'Got unsupported ScalarType {title(self)}')


bfloat16 = _NoStorage('bfloat16', 2)

ALL = (float16, float32, float64, uint8, int8, int16, int32, int64, bool)
_BY_NUMPY = {d.np: d for d in ALL}
_BY_NAME = {d.name: d for d in ALL + (bfloat16,)}
# The names PyTorch prints in x.type(): 'torch.FloatTensor'
TENSOR_TYPE_NAMES = {float16: 'HalfTensor', float32: 'FloatTensor', float64: 'DoubleTensor', uint8: 'ByteTensor',
                     int8: 'CharTensor', int16: 'ShortTensor', int32: 'IntTensor', int64: 'LongTensor',
                     bool: 'BoolTensor', bfloat16: 'BFloat16Tensor'}

# The C++ names PyTorch's messages give some dtypes: 'dtype must be a floating point but you specified long int'
CPP_NAMES = {float16: 'c10::Half', float32: 'float', float64: 'double', uint8: 'unsigned char', int8: 'signed char',
             int16: 'short int', int32: 'int', int64: 'long int', bool: 'bool'}


_default = float32


def get_default_dtype():
    return _default


def set_default_dtype(d):
    """The dtype of new float tensors (a floating minigrad dtype; PyTorch's TypeError for anything else)."""
    global _default
    if not isinstance(d, dtype):
        raise TypeError('invalid dtype object: only floating-point types are supported as the default type')
    if not d.is_floating_point:
        raise TypeError('only floating-point types are supported as the default type')
    _default = d


def to_dtype(d):
    """A minigrad dtype from a minigrad dtype, a numpy dtype/type, a Python type (float is float64, as in PyTorch,
    whatever the default dtype) or a name."""
    if isinstance(d, dtype):
        return d
    if d is builtins.float:
        return float64
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


def np_dtype(d):
    """The numpy dtype of a dtype argument (None stays None)."""
    return None if d is None else to_dtype(d).np


def title(d):
    """PyTorch's name of a dtype (minigrad's or numpy's) in its messages: 'Float', 'Double', 'Long', 'Bool'."""
    return TENSOR_TYPE_NAMES[to_dtype(d)][:-len('Tensor')]


def cpp_name(d):
    """The C++ name of a dtype (minigrad's or numpy's) in PyTorch's messages: 'float', 'long int'."""
    return CPP_NAMES[to_dtype(d)]


def check_cast(result, out, name=title):
    """PyTorch's error when a result of dtype `result` may not be written into a tensor of dtype `out` (in place or
    out=): a float into an integer, anything but bool into a bool ('result type Float can't be cast to the desired
    output type Long'; `name` names the output's dtype: cpp_name for the scalar kernels, which say 'long int')."""
    if result is not out and category(to_dtype(result).np) > category(to_dtype(out).np):
        raise RuntimeError(f"result type {title(result)} can't be cast to the desired output type {name(out)}")


def not_implemented(kernel, d):
    """PyTorch's error for a dtype its kernel has no loop for: '"abs_cpu" not implemented for 'Bool''."""
    raise NotImplementedError(f'"{kernel}" not implemented for \'{title(d)}\'')


CATEGORIES = {'b': 0, 'u': 1, 'i': 1, 'f': 2}


def category(np_dtype):
    """PyTorch's promotion categories: bool 0 < integer 1 < floating point 2."""
    return CATEGORIES[np_dtype.kind]


def promote_types(a, b):
    """PyTorch's promotion of two numpy dtypes: the higher category wins whole (int64 with float32 is float32,
    where numpy says float64); within a category, the wider type."""
    if a == b:
        return a
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
    kind = SCALAR_KINDS.get(type(x)) or scalar_kind(x)
    if kind == 'b':
        return np_dtype
    if kind == 'i':
        return np_dtype if np_dtype.kind != 'b' else numpy.dtype(numpy.int64)
    return np_dtype if np_dtype.kind == 'f' else get_default_dtype().np


SCALAR_KINDS = {builtins.bool: 'b', builtins.int: 'i', builtins.float: 'f'}   # (a dict lookup: the usual numbers fast)


def scalar_kind(x):
    """'b', 'i' or 'f': a number's category (numpy's scalars too); PyTorch's refusal for anything else."""
    if isinstance(x, (builtins.bool, numpy.bool_)):
        return 'b'
    if isinstance(x, numbers.Integral):
        return 'i'
    if isinstance(x, numbers.Real):
        return 'f'
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
    except ValueError as e:
        if 'convert float' in str(e):   # NaN or inf into an integer dtype
            raise RuntimeError(f'value cannot be converted to type {to_dtype(dtype).name} without overflow') from None
        _check_ragged(data)
        raise
    except OverflowError:   # a Python number beyond the integer dtype (numpy's error)
        arr = xp.asarray(_checked_integers(data, to_dtype(dtype)))
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


VALUE_CPP_NAMES = {'uint8': 'uint8_t', 'int8': 'int8_t', 'int16': 'int16_t', 'int32': 'int', 'int64': 'int64_t',
                   'float16': 'c10::Half', 'float32': 'float', 'float64': 'double'}


def check_int64(x):
    """PyTorch's error for a Python int beyond int64 where it takes a number (a Scalar)."""
    if isinstance(x, builtins.int) and not -2 ** 63 <= x < 2 ** 63:
        raise OverflowError('int too big to convert')


def checked_value(x, np_dtype):
    """A Python number that an op writes into a tensor of `np_dtype` (fill_, full, masked_fill, setitem, where, ...),
    converted as PyTorch converts a Scalar: an int beyond int64 is its OverflowError, a number beyond the dtype's
    range (NaN and inf too, for an integer dtype) its RuntimeError, and a negative int wraps around into an unsigned
    dtype, down to -max (uint8: -1 is 255)."""
    check_int64(x)
    if np_dtype.kind in 'iu' and not isinstance(x, builtins.bool):
        if not _fits(x, np_dtype):
            raise RuntimeError(f'value cannot be converted to type {VALUE_CPP_NAMES[np_dtype.name]} without overflow')
        return x + numpy.iinfo(np_dtype).max + 1 if np_dtype.kind == 'u' and x < 0 else x
    if np_dtype.kind == 'f' and isinstance(x, numbers.Real) and numpy.finfo(np_dtype).max < abs(x) < numpy.inf:
        raise RuntimeError(f'value cannot be converted to type {VALUE_CPP_NAMES[np_dtype.name]} without overflow')
    return x


def _fits(x, np_dtype):
    """Whether a number fits an integer dtype as PyTorch's overflow check allows: a negative int also into an unsigned
    dtype, down to -max (which then wraps around: uint8's -1 is 255). NaN and inf fit none."""
    info = numpy.iinfo(np_dtype)
    low = -info.max if info.min == 0 and isinstance(x, numbers.Integral) else info.min
    return low <= x <= info.max


def checked_alpha(alpha, np_dtype):
    """add's and sub's alpha as PyTorch checks it against the result's dtype: a float alpha only for a float result,
    a bool one only for a bool result, and within the dtype (checked_value)."""
    if isinstance(alpha, builtins.bool):
        if np_dtype.kind != 'b':
            raise RuntimeError('Boolean alpha only supported for Boolean results.')
    elif isinstance(alpha, builtins.float) and np_dtype.kind in 'biu':
        raise RuntimeError('For integral input tensors, argument alpha must not be a floating point number.')
    return checked_value(alpha, np_dtype)


def _checked_integers(data, dtype):
    """Python numbers in an integer dtype as PyTorch converts them: a number beyond int64 is its ValueError, one
    beyond the dtype (inf too) its RuntimeError, and a negative int wraps around into an unsigned dtype, down to -max
    (uint8: -1 is 255), as PyTorch's overflow check allows."""
    values = numpy.asarray(data, dtype=object)
    for v in values.ravel().tolist():
        if isinstance(v, numbers.Integral) and not -2 ** 63 <= v < 2 ** 63:
            raise ValueError('Overflow when unpacking long long')
        if not _fits(v, dtype.np):
            raise RuntimeError(f'value cannot be converted to type {dtype.name} without overflow')
    return values.astype(numpy.int64).astype(dtype.np)


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
    if (a_ndim == 0) == (b_ndim == 0):
        return promote_types(a, b)
    return combine(a, b) if b_ndim == 0 else combine(b, a)


def combine(higher, lower):
    """PyTorch's promotion of a higher-priority group's dtype (tensors with dims over 0-dim tensors over Python
    numbers) with a lower one's (either None when the group is empty): the lower group only raises the category."""
    if higher is None or lower is None:
        return lower if higher is None else higher
    if higher.kind == 'f':
        return higher
    if higher.kind == 'b' or lower.kind == 'f':
        return promote_types(higher, lower)
    return higher


def promote_all(dims=(), zero_dims=(), scalars=()):
    """The result dtype of tensors with dims, 0-dim tensors (numpy dtypes) and Python numbers, as PyTorch's
    torch.result_type: each group promoted within itself, then the groups combined by priority."""
    def group(dts):
        result = None
        for d in dts:
            result = d if result is None else promote_types(result, d)
        return result
    wrapped = [numpy.dtype(numpy.bool_) if isinstance(x, builtins.bool) else numpy.dtype(numpy.int64)
               if isinstance(x, numbers.Integral) else get_default_dtype().np for x in scalars]
    return combine(group(dims), combine(group(zero_dims), group(wrapped)))


def can_cast(from_, to):
    """PyTorch's torch.can_cast: no cast down a category (float to int, anything but bool to bool)."""
    return category(from_.np) <= category(to.np)


# -- iinfo and finfo --------------------------------------------------------------------------------------------
class iinfo:
    """The limits of an integer dtype, as torch.iinfo: bits, min, max, dtype (its name)."""

    def __init__(self, type):
        if type.is_floating_point:
            raise TypeError("minigrad.iinfo() requires an integer input type. Use minigrad.finfo to handle "
                            "'minigrad.iinfo'")
        if type is bool:
            raise TypeError('minigrad.bool is not supported by minigrad.iinfo')
        info = numpy.iinfo(type.np)
        self.bits, self.min, self.max, self.dtype = info.bits, builtins.int(info.min), builtins.int(info.max), type.name

    def __eq__(self, other):
        return isinstance(other, iinfo) and other.dtype == self.dtype

    def __repr__(self):
        return f'iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})'


# bfloat16: 8 exponent bits as float32, 8 significand bits (numpy has no bfloat16 to ask)
_BFLOAT16 = dict(bits=16, eps=2.0 ** -7, max=(2 - 2.0 ** -7) * 2.0 ** 127, tiny=2.0 ** -126, resolution=0.01)


class finfo:
    """The limits of a floating point dtype, as torch.finfo: bits, eps, min, max, tiny (= smallest_normal),
    resolution, dtype (its name)."""

    def __init__(self, type=None):
        type = get_default_dtype() if type is None else type
        if not type.is_floating_point:
            raise TypeError("minigrad.finfo() requires a floating point input type. Use minigrad.iinfo to handle "
                            "'minigrad.finfo'")
        if type is bfloat16:
            values = _BFLOAT16
        else:
            info = numpy.finfo(type.np)
            values = dict(bits=info.bits, eps=builtins.float(info.eps), max=builtins.float(info.max),
                          tiny=builtins.float(info.tiny), resolution=10.0 ** -info.precision)
        self.bits, self.eps, self.max, self.tiny = values['bits'], values['eps'], values['max'], values['tiny']
        self.min, self.smallest_normal, self.resolution, self.dtype = -self.max, self.tiny, values['resolution'], \
            type.name

    def __eq__(self, other):
        return isinstance(other, finfo) and other.dtype == self.dtype

    def __repr__(self):
        return (f'finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, '
                f'smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})')
