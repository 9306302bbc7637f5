"""The one place where numpy or cupy is chosen.

Every op asks `get_array_module(array)` for the module that owns its data, as Chainer does,
so the same line of op code runs on numpy (CPU) and on cupy (CUDA).
"""
import functools

import numpy
from numpy._core._ufunc_config import _extobj_contextvar as float_errors, _make_extobj

try:  # cupy is an optional extra: `pip install -e .[gpu]`
    import cupy
    import cupyx
    import cupyx.scipy.special
except Exception:  # ImportError, or a cupy wheel that cannot find CUDA libraries
    cupy = cupyx = None


# numpy keeps its floating-point error settings (what np.errstate sets) in a context variable. minigrad's own array
# code runs with it set to IGNORE, so an overflow or a division by zero gives inf or nan silently, as PyTorch does,
# while the user's own numpy code keeps its settings (and its warnings). Setting and resetting the variable costs
# about 0.3 us, np.errstate about 2 us: Op.apply does it around every forward. cupy never warns.
IGNORE = _make_extobj(all='ignore')
ignore_float_errors, restore_float_errors = float_errors.set, float_errors.reset   # (IGNORE) -> token; (token)


def quiet_floats(fn):
    """Decorator: fn runs with numpy's floating-point warnings off (inf and nan come out silently)."""
    @functools.wraps(fn)
    def quiet(*args, **kwargs):
        token = ignore_float_errors(IGNORE)
        try:
            return fn(*args, **kwargs)
        finally:
            restore_float_errors(token)
    return quiet


def get_array_module(*arrays):
    """numpy or cupy: the module of the first array that lives on a GPU, else numpy."""
    if cupy is not None:
        for a in arrays:
            if isinstance(a, cupy.ndarray):
                return cupy
    return numpy


class device:
    """Where a tensor's data lives, printed as PyTorch prints it: device(type='cuda', index=0).
    A bare device('cuda') has no index, as in PyTorch: it means the current CUDA device; device(0) is cuda:0
    (PyTorch's accelerator, which here can only be CUDA)."""
    __slots__ = ('type', 'index')

    def __init__(self, type, index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        elif isinstance(type, int) and not isinstance(type, bool):
            if cupy is None:
                raise RuntimeError('Cannot access accelerator device when none is available.')
            type, index = 'cuda', type
        elif ':' in type:
            type, idx = type.split(':', 1)
            if not (idx.isdigit() and str(int(idx)) == idx):
                raise RuntimeError(f"Invalid device string: '{type}:{idx}'")
            index = int(idx)
        if type not in ('cpu', 'cuda'):
            raise RuntimeError(f"Expected one of cpu, cuda device type at start of device string: {type}")
        if index is not None and index < 0:
            raise RuntimeError('Device index must not be negative')
        self.type, self.index = type, index

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f'{self.type}:{self.index}'

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))

    def __enter__(self):
        """`with minigrad.device('cuda'):` factories inside default to this device, as in PyTorch."""
        _default_stack.append(set_default_device(self))
        return self

    def __exit__(self, *exc):
        set_default_device(_default_stack.pop())


CPU = device('cpu')
_default = CPU          # where factories allocate when given no device (torch.set_default_device)
_default_stack = []     # the defaults that `with device(...)` blocks replaced


def set_default_device(dev):
    """torch.set_default_device: factories without device= allocate on `dev` (None: the CPU). Returns the old one."""
    global _default
    old, _default = _default, CPU if dev is None else device(dev)
    return old


def get_default_device():
    return concrete(_default)


def current_cuda_index():
    return cupy.cuda.Device().id if cupy is not None else 0


def concrete(dev):
    """`dev` as a device with an index: a bare 'cuda' becomes the current CUDA device."""
    dev = device(dev)
    return device('cuda', current_cuda_index()) if dev.type == 'cuda' and dev.index is None else dev


def device_of(array):
    """The device that holds `array`."""
    if cupy is not None and isinstance(array, cupy.ndarray):
        return device('cuda', array.device.id)
    return CPU


def check_same_device(arrays, params=None):
    """PyTorch's error when an op is given arrays (as inputs, or as keyword params such as a loss's target)
    on two devices. Without cupy everything is on the CPU: nothing to check."""
    if cupy is None:
        return
    arrays = list(arrays) + [v for v in (params or {}).values() if isinstance(v, (numpy.ndarray, cupy.ndarray))]
    devices = sorted({device_of(a) for a in arrays}, key=lambda d: (d.type == 'cpu', d.index))
    if len(devices) > 1:
        raise RuntimeError(f'Expected all tensors to be on the same device, but found at least two devices, '
                           f'{devices[0]} and {devices[1]}!')


def module_for(dev):
    """The array module that allocates on `dev` (None means the default device, the CPU unless set)."""
    if dev is None:
        dev = _default
    if device(dev).type == 'cpu':
        return numpy
    if cupy is None:
        raise RuntimeError("Torch not compiled with CUDA enabled (minigrad: cupy is not installed; "
                           "pip install -e .[gpu])")
    return cupy


def to_device(array, dev):
    """Copy `array` to `dev` (no copy when it is already there)."""
    dev = concrete(dev)
    if dev == device_of(array):
        return array
    if dev.type == 'cpu':
        return cupy.asnumpy(array)
    xp = module_for(dev)
    with xp.cuda.Device(dev.index):
        return xp.asarray(array)


def as_numpy(array):
    """A host copy of `array` (no copy for numpy arrays)."""
    return cupy.asnumpy(array) if cupy is not None and isinstance(array, cupy.ndarray) else array


def special(array):
    """The special functions (erf, erfc, erfinv) for `array`: scipy.special on the CPU, cupyx.scipy.special on a GPU."""
    if cupy is not None and isinstance(array, cupy.ndarray):
        return cupyx.scipy.special
    import scipy.special    # here, not at the top: only these ops need scipy, and importing it takes a while
    return scipy.special
def is_host_array(x):
    """Whether x is a numpy array."""
    return isinstance(x, numpy.ndarray)


def is_array_scalar(x):
    """Whether x is one of numpy's scalars (numpy.int64(1), numpy.bool_(True); cupy gives numpy's too)."""
    return isinstance(x, numpy.generic)


def data_ptr(array):
    """The address of the array's first element (numpy spells it .ctypes.data, cupy .data.ptr)."""
    return array.data.ptr if cupy is not None and isinstance(array, cupy.ndarray) else array.ctypes.data


def memory_owner(array):
    """The array whose memory `array` views (itself if it owns its memory): the last array along the chain of bases
    (a base that is no array, a buffer or numpy's stand-in for as_strided, is passed through)."""
    owner, base = array, array.base
    while base is not None:
        if hasattr(base, 'strides'):
            owner = base
        base = getattr(base, 'base', None)
    return owner


def offset_in_owner(array):
    """How many elements after the start of its owner's memory (memory_owner) the array starts."""
    return (data_ptr(array) - data_ptr(memory_owner(array))) // array.itemsize


def dense(a):
    """Whether a's elements fill a block of memory without gaps or repeats, in some order of its dims (PyTorch's
    is_non_overlapping_and_dense: an empty array does)."""
    if a.size == 0:
        return True
    step = a.itemsize
    for n, stride in sorted(zip(a.shape, a.strides), key=lambda d: abs(d[1])):
        if n != 1:
            if stride != step:
                return False
            step *= n
    return True


def expand_view(array, shape):
    """array broadcast to `shape` (leading dims added, size-1 dims repeated) as a view with stride 0 there, writable
    where array is, as PyTorch's expand: a part of it with no repeats can be written (x.expand(2, 3)[0, 0] = 1), the
    whole is refused (autograd/views.check_writeable). numpy's broadcast_to makes every part read-only, so the flag
    is set back (cupy's arrays have none)."""
    out = get_array_module(array).broadcast_to(array, shape)
    if getattr(array.flags, 'writeable', False) and not out.flags.writeable:
        out.flags.writeable = True
    return out


def lapack_layout(a):
    """The matrices of `a` laid out as LAPACK leaves its results and PyTorch hands them on: each one column by column
    (strides (1, rows)), the batch dims outermost (a copy, unless a already is)."""
    xp = get_array_module(a)
    return xp.ascontiguousarray(a.swapaxes(-1, -2)).swapaxes(-1, -2)


def scatter_add(out, key, values):
    """out[key] += values, adding repeated indices up (numpy's add.at; cupy spells it cupyx.scatter_add)."""
    if cupy is not None and isinstance(out, cupy.ndarray):
        cupyx.scatter_add(out, key, values)
    else:
        numpy.add.at(out, key, values)
