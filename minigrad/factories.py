"""Functions that make tensors: tensor, from_numpy, zeros, ones, rand, randn, arange, ... and their *_like forms."""
import functools
import math
import numbers

import numpy

from . import backend, dtypes
from . import random as _random
from .dims import as_int, check_sizes, parses_ints, shape_arg, sizes_arg
from .dtypes import as_array
from .functions.cast import laid_out
from .functions.arguments import invalid_arguments
from .functions.table import export
from .tensor import Size, Tensor


def _new(array, requires_grad=False):
    t = Tensor._make(array)
    if requires_grad:
        t.requires_grad = True   # checks that the dtype is floating point
    return t


def _np(dtype):
    return (dtypes.to_dtype(dtype) if dtype is not None else dtypes.get_default_dtype()).np


def tensor(data, dtype=None, device=None, requires_grad=False):
    """A new tensor holding a copy of `data` (ints -> int64, floats -> float32, bools -> bool; an array's copy keeps
    its order of dims in memory, as PyTorch's)."""
    src = data._data if isinstance(data, Tensor) else data
    if isinstance(src, (list, tuple)):
        src, inferred = _numbers_in(src)
        dtype = dtype if dtype is not None else inferred
    arr = as_array(src, dtype, device)
    if type(arr) is type(src) and backend.get_array_module(arr).may_share_memory(arr, src):
        arr = laid_out(arr, dtypes.preserve_format)
    return _new(arr, requires_grad)


def _numbers_in(data):
    """Python data with each tensor in it replaced by its number (one element each, as PyTorch takes them), and the
    dtype PyTorch infers where tensors or numpy scalars are among the values (the promotion of theirs and of the
    Python numbers' default dtypes: [int32 tensor, 2] is int64), else None."""
    leaves, typed = [], False

    def number(v):
        nonlocal typed
        if isinstance(v, (list, tuple)):
            return [number(w) for w in v]
        if isinstance(v, Tensor):
            if v.numel() != 1:
                raise ValueError('only one element tensors can be converted to Python scalars')
            typed = True
            leaves.append(v._data)
            return v.item()
        typed = typed or backend.is_array_scalar(v)
        leaves.append(v)
        return v

    data = number(data)
    if not typed:
        return data, None
    defaults = {bool: dtypes.bool.np, int: dtypes.int64.np, float: dtypes.get_default_dtype().np}
    return data, dtypes.from_numpy_dtype(functools.reduce(dtypes.promote_types, [
        v.dtype if hasattr(v, 'dtype') else defaults.get(type(v), defaults[float]) for v in leaves]))


def as_tensor(data, dtype=None, device=None):
    """Like tensor(), but shares memory with `data` when it can."""
    if isinstance(data, Tensor) and dtype is None and device is None:
        return data
    return _new(as_array(data._data if isinstance(data, Tensor) else data, dtype, device))


def from_numpy(array):
    """A tensor sharing memory with a numpy array: changes to one show in the other."""
    if not isinstance(array, numpy.ndarray):
        raise TypeError(f'expected np.ndarray (got {type(array).__name__})')
    dtypes.from_numpy_dtype(array.dtype)
    return Tensor._make(array)


def _filled(fill, shape, dtype, device, requires_grad):
    xp = backend.module_for(device)
    return _new(fill(xp, check_sizes(shape), _np(dtype)), requires_grad)


@parses_ints
def empty(*args, size=None, dtype=None, device=None, requires_grad=False):
    shape = sizes_arg('empty', args, 'size', size, position=1)
    return _filled(lambda xp, s, d: xp.empty(s, d), shape, dtype, device, requires_grad)


@parses_ints
def zeros(*args, size=None, dtype=None, device=None, requires_grad=False):
    shape = sizes_arg('zeros', args, 'size', size, position=1)
    if any(n < 0 for n in shape):
        raise RuntimeError('zeros: Dimension size must be non-negative.')
    return _filled(lambda xp, s, d: xp.zeros(s, d), shape, dtype, device, requires_grad)


@parses_ints
def ones(*args, size=None, dtype=None, device=None, requires_grad=False):
    shape = sizes_arg('ones', args, 'size', size, position=1)
    return _filled(lambda xp, s, d: xp.ones(s, d), shape, dtype, device, requires_grad)


@parses_ints
def full(size, fill_value, dtype=None, device=None, requires_grad=False):
    shape = shape_arg((size,), 'full')
    if isinstance(fill_value, Tensor) and not fill_value.ndim and not fill_value.requires_grad:
        fill_value = fill_value.item()      # a 0-d tensor fills as its number (PyTorch's Scalar)
    if not isinstance(fill_value, numbers.Number) and not backend.is_array_scalar(fill_value):
        raise TypeError(f"full(): argument 'fill_value' (position 2) must be Number, not {type(fill_value).__name__}")
    if dtype is None:
        kind = dtypes.scalar_kind(fill_value) if isinstance(fill_value, numbers.Number) else 'f'
        dtype = dtypes.bool if kind == 'b' else dtypes.int64 if kind == 'i' else dtypes.get_default_dtype()
    fill_value = dtypes.checked_value(fill_value, _np(dtype))
    return _filled(lambda xp, s, d: xp.full(s, fill_value, d), shape, dtype, device, requires_grad)


@parses_ints
def rand(*args, size=None, dtype=None, device=None, requires_grad=False, generator=None):
    """Uniform on [0, 1)."""
    shape = check_sizes(sizes_arg('rand', args, 'size', size, position=1))
    return _new(_random.uniform(shape, 0, 1, _np(dtype), device, generator), requires_grad)


@parses_ints
def randn(*args, size=None, dtype=None, device=None, requires_grad=False, generator=None):
    """Standard normal."""
    shape = check_sizes(sizes_arg('randn', args, 'size', size, position=1))
    return _new(_random.normal(shape, 0, 1, _np(dtype), device, generator), requires_grad)


@parses_ints
def randint(low, high=None, size=None, dtype=None, device=None, generator=None):
    """Integers in [low, high); randint(high, size) also works."""
    if size is None:
        low, high, size = 0, low, high
    shape = check_sizes(shape_arg((size,), 'randint', position=3))
    low, high = as_int(low), as_int(high)
    np_dtype = (dtypes.to_dtype(dtype) if dtype else dtypes.int64).np
    _random.check_range(low, high, np_dtype)
    return _new(_random.integers(shape, low, high, np_dtype, device, generator))


@parses_ints
def randperm(n, dtype=None, device=None, generator=None):
    n = check_sizes((as_int(n),))[0]
    dtype = dtypes.to_dtype(dtype) if dtype else dtypes.int64
    if dtype is dtypes.bool:
        dtypes.not_implemented('randperm', dtype)
    if not dtype.is_floating_point and n - 1 > dtypes.iinfo(dtype).max:
        raise RuntimeError(f'value cannot be converted to type {dtype.name}_t without overflow')
    return _new(_random.on(device, _random.permutation(n, generator), dtype.np))


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False):
    if end is None:
        start, end = 0, start
    for v in (start, end, step):
        dtypes.check_int64(v)
    if dtype is None:
        ints = all(isinstance(v, numbers.Integral) for v in (start, end, step))   # (numpy's ints too)
        dtype = dtypes.int64 if ints else dtypes.get_default_dtype()
    if dtypes.to_dtype(dtype) is dtypes.bool:
        dtypes.not_implemented('arange_cpu', dtypes.bool)
    if step == 0:
        raise RuntimeError('step must be nonzero')
    if (end - start) * step < 0:
        raise RuntimeError('upper bound and lower bound inconsistent with step sign')
    return _new(backend.module_for(device).arange(start, end, step, dtype=_np(dtype)), requires_grad)


def range_(start, end, step=1, dtype=None, device=None, requires_grad=False):
    """torch.range (deprecated in PyTorch): like arange but includes `end`, float by default."""
    return _new(backend.module_for(device).arange(start, end + step / 2, step, dtype=_np(dtype)), requires_grad)


@parses_ints
def linspace(start, end, steps, dtype=None, device=None, requires_grad=False):
    """`steps` evenly spaced values from start to end. In an integer dtype, as PyTorch: start and end are cast to it
    first, and the values are truncated toward zero (numpy's integer linspace floors)."""
    if as_int(steps) < 0:
        raise RuntimeError('number of steps must be non-negative')
    if dtype is not None and dtypes.to_dtype(dtype) is dtypes.bool:
        dtypes.not_implemented('linspace_cpu', dtypes.bool)
    np_dtype = _np(dtype)
    for v in (start, end):
        dtypes.check_int64(v)
    if np_dtype.kind != 'f':
        start, end = (int(dtypes.checked_value(v, np_dtype)) for v in (start, end))
    values = backend.module_for(device).linspace(start, end, steps)
    return _new(values.astype(np_dtype), requires_grad)


@parses_ints
def logspace(start, end, steps, base=10.0, dtype=None, device=None, requires_grad=False):
    """base ** each of linspace(start, end, steps): `steps` values evenly spaced on a log scale."""
    if as_int(steps) < 0:
        raise RuntimeError('number of steps must be non-negative')
    np_dtype = _np(dtype)
    exponents = backend.module_for(device).linspace(start, end, steps)
    return _new((base ** exponents).astype(np_dtype), requires_grad)


@parses_ints
def eye(n, m=None, dtype=None, device=None, requires_grad=False):
    n, m = as_int(n), m if m is None else as_int(m)
    for name, size in (('n', n), ('m', m if m is not None else n)):
        if size < 0:
            raise RuntimeError(f'{name} must be greater or equal to 0, got {size}')
    return _new(backend.module_for(device).eye(n, m, dtype=_np(dtype)), requires_grad)


def _like(factory):
    def like(input, dtype=None, device=None, requires_grad=False, **kwargs):
        return factory(input.shape, dtype=dtype or input.dtype, device=device or input.device,
                       requires_grad=requires_grad, **kwargs)
    like.__name__ = factory.__name__ + '_like'
    like.__doc__ = f'{factory.__name__}() with the shape (and by default dtype and device) of `input`.'
    return like


empty_like, zeros_like, ones_like, rand_like, randn_like = map(_like, (empty, zeros, ones, rand, randn))


def full_like(input, fill_value, dtype=None, device=None, requires_grad=False):
    return full(input.shape, fill_value, dtype=dtype or input.dtype, device=device or input.device,
                requires_grad=requires_grad)


def randint_like(input, low, high=None, dtype=None, device=None):
    if high is None:        # randint_like(x, high)
        low, high = 0, low
    return randint(low, high, input.shape, dtype=dtype or input.dtype, device=device or input.device)


def is_tensor(obj):
    return isinstance(obj, Tensor)


def typename(obj):
    """torch.typename: a tensor's type ('minigrad.FloatTensor'), else the dotted name of obj's class (of obj itself,
    for a class or function), without 'builtins.' ('int', 'minigrad.nn.linear.Linear')."""
    if isinstance(obj, Tensor):
        return obj.type()
    named = obj if hasattr(obj, '__qualname__') else type(obj)
    module = getattr(obj, '__module__', '') if named is obj else type(obj).__module__
    return named.__qualname__ if module in ('', 'builtins', None) else f'{module}.{named.__qualname__}'


# -- constructors like a tensor: x.new_zeros(2, 3) has x's dtype and device ---------------------------------
@export(function=False)
def new_ones(input, *size, dtype=None, device=None, requires_grad=False):
    return ones(sizes_arg('new_ones', size, 'size', None), dtype=dtype or input.dtype,
                device=device or input.device, requires_grad=requires_grad)


@export(function=False)
def new_zeros(input, *size, dtype=None, device=None, requires_grad=False):
    return zeros(check_sizes(sizes_arg('new_zeros', size, 'size', None)), dtype=dtype or input.dtype,
                 device=device or input.device, requires_grad=requires_grad)


@export(function=False)
def new_full(input, size, fill_value, dtype=None, device=None, requires_grad=False):
    return full(size, fill_value, dtype=dtype or input.dtype, device=device or input.device,
                requires_grad=requires_grad)


@export(function=False)
def new_empty(input, *size, dtype=None, device=None, requires_grad=False):
    return empty(sizes_arg('new_empty', size, 'size', None), dtype=dtype or input.dtype,
                 device=device or input.device, requires_grad=requires_grad)


@export(function=False)
def new(input, *args, device=None):
    """PyTorch's legacy constructor, in input's dtype: x.new(2, 3) or x.new(Size) uninitialized of that size, x.new(data)
    from a sequence (a tuple too: x.new((2, 3)) is [2., 3.]), x.new(t) t itself for a tensor t of input's dtype."""
    if len(args) == 1 and isinstance(args[0], Tensor):
        if args[0].dtype is not input.dtype:
            raise TypeError(f'expected TensorOptions(dtype={dtypes.CPP_NAMES[input.dtype]}, device=cpu, '
                            'layout=Strided, requires_grad=false (default), pinned_memory=false (default), '
                            f'memory_format=(nullopt)) (got TensorOptions(dtype={dtypes.CPP_NAMES[args[0].dtype]}, '
                            'device=cpu, layout=Strided, requires_grad=false (default), pinned_memory=false '
                            '(default), memory_format=(nullopt)))')
        return args[0].detach()
    if len(args) == 1 and not isinstance(args[0], (numbers.Integral, Size)):
        if not isinstance(args[0], (list, tuple)) and not hasattr(args[0], 'shape'):
            raise TypeError(f'new(): data must be a sequence (got {type(args[0]).__name__})')
        return tensor(args[0], dtype=input.dtype, device=device or input.device)
    return empty(*(args or (0,)), dtype=input.dtype, device=device or input.device)


@export(function=False)
def new_tensor(input, data, dtype=None, device=None, requires_grad=False):
    return tensor(data, dtype=dtype or input.dtype, device=device or input.device, requires_grad=requires_grad)


def empty_strided(size, stride, *, dtype=None, device=None, requires_grad=False):
    """An uninitialized tensor laid out with the given strides (in elements): a view of a fresh buffer just large
    enough for the largest offset the strides reach."""
    size, stride = tuple(size), tuple(stride)
    if len(size) != len(stride):
        raise RuntimeError(f'dimensionality of sizes ({len(size)}) must match dimensionality of strides '
                           f'({len(stride)})')
    check_sizes(size)
    if any(s < 0 for s in stride):
        raise RuntimeError(f'Storage size calculation overflowed with sizes={list(size)} and strides={list(stride)}')
    xp = backend.module_for(device)
    storage = 0 if 0 in size else 1 + sum((n - 1) * s for n, s in zip(size, stride))
    buffer = xp.empty(storage, _np(dtype))
    return _new(xp.lib.stride_tricks.as_strided(buffer, size, [s * buffer.itemsize for s in stride]), requires_grad)


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=False):
    """obj as a tensor: a tensor or an array (numpy's or cupy's) shares its memory
    unless copy=True or a dtype or device change needs a copy (an error with copy=False); a sequence or a number is
    read as tensor() reads it."""
    if isinstance(obj, (Tensor, numpy.ndarray)) or hasattr(obj, '__cuda_array_interface__'):
        array = obj._data if isinstance(obj, Tensor) else obj
        wanted = array.dtype if dtype is None else dtypes.to_dtype(dtype).np
        if copy is False and wanted != array.dtype:
            raise ValueError(f"can't alias tensor with dtype '{dtypes.title(array.dtype)}' into dtype "
                             f"'{dtypes.title(wanted)}'.")
        if isinstance(obj, Tensor) and not copy and wanted == array.dtype and device is None:
            return obj.requires_grad_() if requires_grad else obj       # the tensor itself, as PyTorch
        result = as_array(array, dtype, device)
        if copy and backend.get_array_module(result).may_share_memory(result, array):
            result = result.copy()
        return _new(result, requires_grad)
    if copy is False:
        raise ValueError("can't alias arbitrary sequence into a tensor.")
    return tensor(obj, dtype=dtype, device=device, requires_grad=requires_grad)


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-d tensor over the bytes of an object with the buffer protocol (bytearray, array.array, memoryview, ...),
    sharing its memory: `count` elements (-1: all) of `dtype` from byte `offset`."""
    try:
        view = memoryview(buffer)
    except TypeError:
        raise ValueError('object does not implement Python buffer protocol.') from None
    length, itemsize = view.nbytes, dtypes.to_dtype(dtype).itemsize
    if length == 0 or count == 0:
        raise ValueError(f'both buffer length ({length}) and count ({count}) must not be 0')
    if not 0 <= offset < length:
        raise ValueError(f'offset ({offset} bytes) must be non-negative and no greater than buffer length ({length} '
                         'bytes) minus 1')
    if count < 0:
        if (length - offset) % itemsize:
            raise ValueError(f'buffer length ({length - offset} bytes) after offset ({offset} bytes) must be a '
                             f'multiple of element size ({itemsize})')
        count = (length - offset) // itemsize
    elif offset + count * itemsize > length:
        raise ValueError(f'requested buffer length ({count} * {itemsize} bytes) after offset ({offset} bytes) must '
                         f'not be greater than actual buffer length ({length} bytes)')
    host = backend.module_for('cpu')        # a Python buffer lives in host memory
    return _new(host.frombuffer(buffer, dtypes.to_dtype(dtype).np, count, offset), requires_grad)


# -- signal windows: each computed step by step in its dtype, as PyTorch computes it ---------------------------
WINDOW_KEYWORDS = ('*, minigrad.dtype dtype = None, minigrad.layout layout = None, minigrad.device device = None, '
                   'bool pin_memory = False, bool requires_grad = False')


def _window_options(name, window_length, args, kwargs, options):
    """The values of a window's optional arguments `options` ((name, default): periodic, then alpha or beta), given
    in order or by name, as PyTorch's overloads take them: each only with all before it (kaiser_window(5, beta=8.0)
    fits none), periodic a bool; PyTorch's TypeError for anything else."""
    names = [n for n, _ in options]
    given = dict(zip(names, args))
    fits = len(args) <= len(names) and all(k in names and k not in given for k in kwargs)
    given.update(kwargs)
    fits = fits and sorted(given, key=names.index) == names[:len(given)] and \
        isinstance(given.get('periodic', True), bool) and \
        all(isinstance(v, numbers.Real) for k, v in given.items() if k != 'periodic')
    if not fits:
        types = ['bool periodic'] + [f'float {n}' for n in names[1:]]
        signatures = ['int window_length'] + [', '.join(['int window_length'] + types[:i + 1])
                                              for i in range(len(names))]
        raise invalid_arguments(name, (window_length, *args), signatures, WINDOW_KEYWORDS, kwargs)
    return [given.get(n, default) for n, default in options]


def _window(name, window_length, periodic, dtype, device, requires_grad, make):
    """A window of `window_length` points: make(xp, arange(n), n) of n points, n one more for a periodic window
    (whose last point is then dropped, as PyTorch's); one point is [1]."""
    if not isinstance(window_length, int) or isinstance(window_length, bool):
        raise TypeError(f"{name}(): argument 'window_length' (position 1) must be int, not "
                        f"{type(window_length).__name__}")
    if window_length < 0:
        raise RuntimeError(f'{name} requires non-negative window_length, got window_length={window_length}')
    dt = dtypes.to_dtype(dtype) if dtype is not None else dtypes.get_default_dtype()
    if not dt.is_floating_point:
        raise RuntimeError(f'{name} expects floating point dtypes, got: TensorOptions(dtype={dtypes.CPP_NAMES[dt]}, '
                           f'device={device or "cpu"}, layout=Strided (default), requires_grad=false (default), '
                           'pinned_memory=false, memory_format=(nullopt))')
    xp = backend.module_for(device)
    if window_length <= 1:
        return _new(xp.ones(window_length, dt.np), requires_grad)
    n = window_length + 1 if periodic else window_length
    return _new(make(xp, xp.arange(n, dtype=dt.np), n)[:window_length], requires_grad)


def hamming_window(window_length, *args, dtype=None, layout=None, device=None, pin_memory=False,
                   requires_grad=False, **kwargs):
    """alpha - beta cos(2 pi k / (n - 1)); hamming_window(n, periodic=True, alpha=0.54, beta=0.46)."""
    periodic, alpha, beta = _window_options('hamming_window', window_length, args, kwargs,
                                            (('periodic', True), ('alpha', 0.54), ('beta', 0.46)))
    return _window('hamming_window', window_length, periodic, dtype, device, requires_grad,
                   lambda xp, k, n: xp.cos(k * (2 * math.pi / (n - 1))) * -beta + alpha)


def hann_window(window_length, *args, dtype=None, layout=None, device=None, pin_memory=False, requires_grad=False,
                **kwargs):
    """(1 - cos(2 pi k / (n - 1))) / 2: hamming_window with alpha = beta = 1/2, as PyTorch computes it;
    hann_window(n, periodic=True)."""
    periodic, = _window_options('hann_window', window_length, args, kwargs, (('periodic', True),))
    return _window('hann_window', window_length, periodic, dtype, device, requires_grad,
                   lambda xp, k, n: xp.cos(k * (2 * math.pi / (n - 1))) * -0.5 + 0.5)


def blackman_window(window_length, *args, dtype=None, layout=None, device=None, pin_memory=False,
                    requires_grad=False, **kwargs):
    """0.42 - 0.5 cos(2 pi k / (n - 1)) + 0.08 cos(4 pi k / (n - 1)); blackman_window(n, periodic=True)."""
    periodic, = _window_options('blackman_window', window_length, args, kwargs, (('periodic', True),))

    def make(xp, k, n):
        w = k * (math.pi / (n - 1))
        return xp.cos(w * 4) * 0.08 - xp.cos(w * 2) * 0.5 + 0.42
    return _window('blackman_window', window_length, periodic, dtype, device, requires_grad, make)


def bartlett_window(window_length, *args, dtype=None, layout=None, device=None, pin_memory=False,
                    requires_grad=False, **kwargs):
    """The triangle 1 - |2k / (n - 1) - 1|: 2k / (n - 1), then 2 minus it past the middle;
    bartlett_window(n, periodic=True)."""
    periodic, = _window_options('bartlett_window', window_length, args, kwargs, (('periodic', True),))

    def make(xp, k, n):
        w = k * (2 / (n - 1))
        half = ((n - 1) >> 1) + 1
        w[half:] = w[half:] * -1 + 2
        return w
    return _window('bartlett_window', window_length, periodic, dtype, device, requires_grad, make)


def kaiser_window(window_length, *args, dtype=None, layout=None, device=None, pin_memory=False, requires_grad=False,
                  **kwargs):
    """I0(beta sqrt(1 - ((k - a) / a)^2)) / I0(beta), a = (n - 1) / 2; kaiser_window(n, periodic=True, beta=12.0)."""
    periodic, beta = _window_options('kaiser_window', window_length, args, kwargs,
                                     (('periodic', True), ('beta', 12.0)))

    def make(xp, k, n):
        a = (n - 1) / 2.0
        return (xp.i0(beta * xp.sqrt(xp.abs(1 - ((k - a) / a) ** 2))) / xp.i0(beta)).astype(k.dtype)
    return _window('kaiser_window', window_length, periodic, dtype, device, requires_grad, make)
