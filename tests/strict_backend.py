"""A CPU stand-in for cupy that is NOT numpy, so code that would break on a GPU breaks here too.

There is no GPU in CI. minigrad's CUDA path is tested by installing this module as `minigrad.backend.cupy`:
"cuda" tensors then hold `strict.ndarray`s, a wrapper around a numpy array that behaves toward numpy the way
cupy's ndarray does:
    numpy.asarray(a)            TypeError (implicit conversion to a NumPy array is not allowed)
    a + numpy_array             TypeError (cupy does not mix host and device arrays)
    numpy.exp(a), a.sum()       fine: numpy functions and methods on device arrays only give device arrays,
                                and reductions give 0-d arrays, not numpy scalars
So a `numpy.` call on device data, a host array mixed into an op, or a numpy-only function (numpy.add.at,
numpy.errstate) fails in the tests, as it would on cupy. It lives in tests/ because only tests use it.
"""
import numbers
import operator
import types

import numpy

IMPLICIT = ('Implicit conversion to a NumPy array is not allowed. Please use `.get()` to construct a NumPy array '
            'explicitly.')
# numpy names cupy does not have: code using them would fail on a GPU (cupy never warns on floating point errors)
NOT_IN_CUPY = {'errstate', 'seterr', 'geterr', 'add_docstring', 'random'}
# keyword arguments numpy's ufuncs and reductions take and cupy's do not (cupy.copyto does take where=)
NOT_IN_CUPY_KWARGS = {'where', 'initial'}


def _unwrap(x):
    """The numpy data inside stand-in arrays (in tuples, lists and dicts too); a numpy array is refused."""
    if isinstance(x, ndarray):
        return x._a
    if isinstance(x, numpy.ndarray):
        raise TypeError(f'Unsupported type {type(x)}')
    if isinstance(x, (tuple, list)):
        return type(x)(_unwrap(v) for v in x)
    if isinstance(x, dict):
        return {k: _unwrap(v) for k, v in x.items()}
    return x


def _unwrap_key(key):
    """An index key: like cupy, index arrays may be numpy arrays or lists (they are copied to the device)."""
    if isinstance(key, tuple):
        return tuple(_unwrap_key(k) for k in key)
    return key._a if isinstance(key, ndarray) else key


def _wrap(x):
    """numpy results as stand-in arrays; numpy scalars become 0-d arrays, as cupy returns."""
    if isinstance(x, numpy.ndarray):
        return ndarray(x)
    if isinstance(x, numpy.generic):
        return ndarray(numpy.asarray(x))
    if isinstance(x, (tuple, list)):     # numpy's named results (SVDResult, ...) as plain tuples, as cupy's
        return (tuple if hasattr(x, '_fields') else type(x))(_wrap(v) for v in x)
    return x


def _adopt(result, sources):
    """A view made from one of `sources` keeps that device array (its owner, for a view of a view) as .base, as a
    cupy view does: so the engine's reference counts on a gradient's base see what they would see on cupy."""
    if isinstance(result, ndarray) and result._a.base is not None:
        for s in sources:
            owner = s if not isinstance(s, ndarray) or s._base is None else s._base
            if isinstance(owner, ndarray) and owner._a is result._a.base:
                result._base = owner
                break
    return result


def _call(fn, args, kwargs, self=None):
    """fn on the unwrapped arguments (a method of `self`'s data when self is given); a given out= array is returned
    as itself."""
    if NOT_IN_CUPY_KWARGS & kwargs.keys() and fn is not numpy.copyto:
        raise TypeError(f'Wrong arguments {kwargs}')
    result = _adopt(_wrap(fn(*_unwrap(args), **_unwrap(kwargs))), (self,) + tuple(args))
    out = kwargs.get('out')
    return out if isinstance(out, ndarray) else result


def _binary(op):
    def method(self, other):
        if not isinstance(other, (ndarray, numpy.ndarray, numbers.Number, numpy.generic)):
            return NotImplemented
        return _wrap(op(self._a, _unwrap(other)))
    return method


def _reflected(op):
    def method(self, other):
        if not isinstance(other, (numpy.ndarray, numbers.Number, numpy.generic)):
            return NotImplemented
        return _wrap(op(_unwrap(other), self._a))
    return method


def _inplace(op):
    def method(self, other):
        op(self._a, _unwrap(other))
        return self
    return method


class Device:
    """cupy.cuda.Device: a device id, and a context manager that makes it the current device."""
    count = 1
    current = 0

    def __init__(self, device=None):
        self.id = Device.current if device is None else int(device)

    def __enter__(self):
        if not 0 <= self.id < Device.count:
            raise RuntimeError('cudaErrorInvalidDevice: invalid device ordinal')
        self.previous, Device.current = Device.current, self.id
        return self

    def __exit__(self, *exc):
        Device.current = self.previous

    def use(self):
        Device.current = self.id

    def synchronize(self):
        pass


class ndarray:
    """A device array: a numpy array that numpy cannot see into."""
    __slots__ = ('_a', '_base')
    __hash__ = None

    def __init__(self, a):
        self._a, self._base = a, None

    # numpy refuses to treat it as one of its own
    def __array__(self, dtype=None, copy=None):
        raise TypeError(IMPLICIT)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method != '__call__':
            return NotImplemented
        return _call(ufunc, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return _call(func, args, kwargs)

    # everything else is the wrapped array's, with arrays wrapped on the way in and out
    def __getattr__(self, name):
        if name.startswith('__'):   # no __array_interface__ and friends: numpy must not find the data
            raise AttributeError(f"'cupy.ndarray' object has no attribute '{name}'")
        value = getattr(self._a, name)
        if callable(value):
            return lambda *args, **kwargs: _call(value, args, kwargs, self)
        return _adopt(_wrap(value), (self,))

    @property
    def device(self):
        return Device(0)

    @property
    def base(self):
        """The device array this one views, None when it owns its memory. A view of data whose device array the
        stand-in cannot name gets a new array each time (so nobody seems to hold it alone)."""
        if self._a.base is None:
            return None
        return self._base if self._base is not None else ndarray(self._a.base)

    @property
    def flags(self):
        """cupy's flags: c_contiguous, f_contiguous and owndata only (no writeable: device arrays have no read-only
        flag)."""
        f = self._a.flags
        return types.SimpleNamespace(c_contiguous=f.c_contiguous, f_contiguous=f.f_contiguous,
                                     owndata=self._a.base is None)

    @property
    def data(self):
        """cupy's memory pointer: .ptr is the address of the first element."""
        return types.SimpleNamespace(ptr=self._a.ctypes.data)

    def get(self):
        """A host (numpy) copy, as cupy.ndarray.get()."""
        return self._a.copy()

    def __getitem__(self, key):
        return _adopt(_wrap(self._a[_unwrap_key(key)]), (self,))

    def __setitem__(self, key, value):
        self._a[_unwrap_key(key)] = value._a if isinstance(value, ndarray) else value

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __bool__(self):
        return bool(self._a)

    def __int__(self):
        return int(self._a)

    def __float__(self):
        return float(self._a)

    def __repr__(self):
        return repr(self._a)

    def __neg__(self):
        return ndarray(-self._a)

    def __pos__(self):
        return ndarray(+self._a)

    def __abs__(self):
        return ndarray(abs(self._a))

    def __invert__(self):
        return ndarray(~self._a)

    __add__, __radd__, __iadd__ = _binary(operator.add), _reflected(operator.add), _inplace(operator.iadd)
    __sub__, __rsub__, __isub__ = _binary(operator.sub), _reflected(operator.sub), _inplace(operator.isub)
    __mul__, __rmul__, __imul__ = _binary(operator.mul), _reflected(operator.mul), _inplace(operator.imul)
    __truediv__, __rtruediv__, __itruediv__ = (_binary(operator.truediv), _reflected(operator.truediv),
                                               _inplace(operator.itruediv))
    __floordiv__, __rfloordiv__ = _binary(operator.floordiv), _reflected(operator.floordiv)
    __mod__, __rmod__ = _binary(operator.mod), _reflected(operator.mod)
    __pow__, __rpow__, __ipow__ = _binary(operator.pow), _reflected(operator.pow), _inplace(operator.ipow)
    __matmul__, __rmatmul__ = _binary(operator.matmul), _reflected(operator.matmul)
    __and__, __rand__, __iand__ = _binary(operator.and_), _reflected(operator.and_), _inplace(operator.iand)
    __or__, __ror__, __ior__ = _binary(operator.or_), _reflected(operator.or_), _inplace(operator.ior)
    __xor__, __rxor__ = _binary(operator.xor), _reflected(operator.xor)
    __lshift__, __rshift__ = _binary(operator.lshift), _binary(operator.rshift)
    __eq__, __ne__ = _binary(operator.eq), _binary(operator.ne)
    __lt__, __le__ = _binary(operator.lt), _binary(operator.le)
    __gt__, __ge__ = _binary(operator.gt), _binary(operator.ge)


class _Ufunc:
    """A ufunc that can only be called: cupy has no numpy.add.at and friends (cupyx.scatter_add does that)."""

    def __init__(self, ufunc):
        self.ufunc, self.__name__ = ufunc, ufunc.__name__

    def __call__(self, *args, **kwargs):
        return _call(self.ufunc, args, kwargs)


class StrictCupy(types.ModuleType):
    """The `cupy` namespace: numpy's functions and ufuncs on stand-in arrays, plus cupy's own names."""
    ndarray = ndarray

    def __init__(self):
        super().__init__('strict_cupy')
        self.cuda = types.SimpleNamespace(
            Device=Device,
            runtime=types.SimpleNamespace(getDeviceCount=lambda: Device.count,
                                          getDeviceProperties=lambda i: {'name': b'strict cupy stand-in (CPU)'}))
        as_strided = numpy.lib.stride_tricks.as_strided
        self.lib = types.SimpleNamespace(stride_tricks=types.SimpleNamespace(
            as_strided=lambda x, shape=None, strides=None: ndarray(as_strided(x._a, shape, strides))))

    def __getattr__(self, name):
        if name in NOT_IN_CUPY:
            raise AttributeError(f"module 'cupy' has no attribute '{name}'")
        value = getattr(numpy, name)
        if isinstance(value, numpy.ufunc):
            return _Ufunc(value)
        if callable(value) and not isinstance(value, type):
            return lambda *args, **kwargs: _call(value, args, kwargs)
        return value                               # dtypes (cupy.float32 is numpy.float32), constants

    @staticmethod
    def asarray(a, dtype=None):
        """Host data (numpy arrays, lists, numbers) is copied to the device; device arrays pass through."""
        if isinstance(a, ndarray):
            return a if dtype is None or a.dtype == dtype else ndarray(a._a.astype(dtype))
        return ndarray(numpy.array(a if isinstance(a, numpy.ndarray) else _unwrap(a), dtype=dtype))

    array = asarray

    @staticmethod
    def asnumpy(a):
        return a.get() if isinstance(a, ndarray) else numpy.asarray(a)

    @staticmethod
    def get_array_module(*args):
        return cupy if any(isinstance(a, ndarray) for a in args) else numpy


def scatter_add(a, slices, value):
    """cupyx.scatter_add: numpy.add.at on the device array."""
    if not isinstance(a, ndarray):
        raise TypeError(f'Unsupported type {type(a)}')
    numpy.add.at(a._a, _unwrap_key(slices), _unwrap(value))


cupy = StrictCupy()
class StrictSpecial(types.ModuleType):
    """`cupyx.scipy.special`: scipy.special's ufuncs (erf, erfinv, ...) on stand-in arrays."""

    def __init__(self):
        super().__init__('strict_cupyx.scipy.special')

    def __getattr__(self, name):
        import scipy.special
        return _Ufunc(getattr(scipy.special, name))


cupyx = types.SimpleNamespace(scatter_add=scatter_add, scipy=types.SimpleNamespace(special=StrictSpecial()))


def install(monkeypatch):
    """Make the stand-in minigrad's cupy for one test (monkeypatch restores the real one afterwards)."""
    import minigrad.backend
    monkeypatch.setattr(minigrad.backend, 'cupy', cupy)
    monkeypatch.setattr(minigrad.backend, 'cupyx', cupyx)
