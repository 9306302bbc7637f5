"""Random numbers: seeded generators (numpy's PCG64), drawn on the host and moved to the tensor's device, so a seed
gives the same numbers on the CPU and on the GPU. As torch.random: Generator, default_generator, manual_seed, seed,
initial_seed, get_rng_state / set_rng_state (the state as a uint8 tensor) and fork_rng.

The numbers are not PyTorch's (its CPU generator is a Mersenne Twister): a seed reproduces minigrad's own stream."""
import contextlib
import numbers

import numpy

from . import backend, dtypes
from .tensor import Tensor

_STATE_FIELDS = (('seed', 8), ('state', 16), ('inc', 16), ('has_uint32', 1), ('uinteger', 4))   # bytes each
STATE_SIZE = sum(n for _, n in _STATE_FIELDS)


def _fresh_seed():
    return numpy.random.SeedSequence().entropy % (2 ** 64)


class Generator:
    """A random stream, as torch.Generator: `g = Generator(); g.manual_seed(0)`; `get_state()`/`set_state()` save
    and restore it as a uint8 tensor."""

    def __init__(self, device='cpu'):
        self.device = backend.device(device)
        self.manual_seed(67280421310721)    # PyTorch's default seed

    def manual_seed(self, seed):
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise RuntimeError(f'manual_seed expected a long, but got {type(seed).__name__}')
        if not -2 ** 63 <= seed < 2 ** 64:
            raise ValueError('Overflow when unpacking long long')
        self._seed = int(seed) % 2 ** 64
        self.rng = numpy.random.Generator(numpy.random.PCG64(self._seed))
        return self

    def seed(self):
        """A new nondeterministic seed, set and returned."""
        return self.manual_seed(_fresh_seed())._seed

    def initial_seed(self):
        return self._seed

    def get_state(self):
        """The state as a uint8 tensor (its own layout: PCG64's, not PyTorch's Mersenne Twister)."""
        s = self.rng.bit_generator.state
        values = dict(s['state'], seed=self._seed, has_uint32=s['has_uint32'], uinteger=s['uinteger'])
        raw = b''.join(int(values[k]).to_bytes(n, 'little') for k, n in _STATE_FIELDS)
        return Tensor._make(numpy.frombuffer(raw, numpy.uint8).copy())

    def set_state(self, new_state):
        if not isinstance(new_state, Tensor):
            raise TypeError(f'expected a minigrad.ByteTensor, but got {type(new_state).__name__}')
        if new_state._data.dtype != numpy.uint8:
            raise TypeError('RNG state must be a minigrad.ByteTensor')
        if new_state.numel() != STATE_SIZE:
            raise RuntimeError(f'Expected a CPUGeneratorImplState of size {STATE_SIZE} but found the input RNG '
                               f'state size to be {new_state.numel()}')
        raw, values, at = backend.to_device(new_state._data, 'cpu').tobytes(), {}, 0
        for k, n in _STATE_FIELDS:
            values[k], at = int.from_bytes(raw[at:at + n], 'little'), at + n
        self.manual_seed(values['seed'])
        self.rng.bit_generator.state = {'bit_generator': 'PCG64', 'has_uint32': values['has_uint32'],
                                        'uinteger': values['uinteger'],
                                        'state': {'state': values['state'], 'inc': values['inc']}}
        return self


default_generator = Generator()
default_generator.seed()


def manual_seed(seed):
    """Seed minigrad's default generator (and return it), as torch.manual_seed does."""
    return default_generator.manual_seed(int(seed))


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state):
    default_generator.set_state(new_state)


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller='fork_rng', _devices_kw='devices', device_type='cuda'):
    """Run the block with the default generator's state saved before and restored after it."""
    if not enabled:
        yield
        return
    state = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(state)


# -- drawing: arrays on the host, moved to `device` -------------------------------------------------------------
def rng(generator):
    return (generator or default_generator).rng


def on(device, a, dtype):
    """A drawn host array in `dtype`, on `device`."""
    return backend.to_device(numpy.asarray(a).astype(dtype, copy=False), device or backend.get_default_device())


def host(a):
    """An array's values on the host (a distribution's parameters given as a tensor)."""
    return backend.to_device(a, 'cpu')


def _float(dtype, what):
    """The dtype to draw floats in (numpy draws float32 or float64); ints are refused as PyTorch does."""
    dtype = numpy.dtype(dtype)
    if dtype.kind != 'f':
        dtypes.not_implemented(what, dtype)
    return dtype if dtype.itemsize >= 4 else numpy.float32


def uniform(shape, low, high, dtype, device=None, generator=None):
    a = rng(generator).random(tuple(shape), dtype=_float(dtype, 'check_uniform_bounds'))
    if (low, high) != (0, 1):
        a = a * (high - low) + low
    return on(device, a, dtype)


def normal(shape, mean, std, dtype, device=None, generator=None):
    """Normal numbers; mean and std may be numbers or host arrays that broadcast to `shape`."""
    a = rng(generator).standard_normal(tuple(shape), dtype=_float(dtype, 'normal_kernel_cpu'))
    if not (numpy.isscalar(mean) and numpy.isscalar(std) and (mean, std) == (0, 1)):
        a = a * std + mean
    return on(device, a, dtype)


def integers(shape, low, high, dtype, device=None, generator=None):
    return on(device, rng(generator).integers(low, high, size=tuple(shape), dtype=numpy.int64), dtype)


def permutation(n, generator=None):
    """A random order of range(n), as a numpy array (DataLoader's shuffle)."""
    return rng(generator).permutation(n)


def bounds(args, kwargs, low=0, high=None):
    """(from, to) of uniform_(from, to) / random_(from, to), given by position or by PyTorch's keywords."""
    given = dict(zip(('from', 'to'), args), **kwargs)
    return given.get('from', low), given.get('to', high)


def check_range(low, high, dtype):
    """PyTorch's checks of random_(low, high) / randint's [low, high) for the numpy dtype `dtype` (high None: up to
    the dtype's end)."""
    for bound in (low, high):
        if bound is not None and not -2 ** 63 <= bound < 2 ** 63:
            raise ValueError('Overflow when unpacking long long')
    if high is not None and low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    if dtype.kind in 'biu':
        info = (0, 1) if dtype.kind == 'b' else (numpy.iinfo(dtype).min, numpy.iinfo(dtype).max)
        name = dtypes.CPP_NAMES[dtypes.to_dtype(dtype)]
        if not info[0] <= low <= info[1]:
            raise RuntimeError(f'from is out of bounds for {name}')
        if high is not None and not info[0] <= high - 1 <= info[1]:
            raise RuntimeError(f'to - 1 is out of bounds for {name}')


def full_range(dtype):
    """random_()'s range [0, high) for the numpy dtype `dtype`: every integer the dtype holds exactly from 0 up."""
    if dtype.kind == 'f':
        return 2 ** (numpy.finfo(dtype).nmant + 1) + 1
    return 2 if dtype.kind == 'b' else int(numpy.iinfo(dtype).max) + 1


def bernoulli(shape, p, dtype, device=None, generator=None):
    """1 with probability p (a number or a host array of `shape`), else 0."""
    return on(device, rng(generator).random(tuple(shape)) < p, dtype)


def poisson(rate, dtype, device=None, generator=None):
    return on(device, rng(generator).poisson(rate), dtype)


def exponential(shape, lambd, dtype, device=None, generator=None):
    return on(device, rng(generator).exponential(1 / lambd, tuple(shape)), dtype)


def geometric(shape, p, dtype, device=None, generator=None):
    return on(device, rng(generator).geometric(p, tuple(shape)), dtype)


def cauchy(shape, median, sigma, dtype, device=None, generator=None):
    return on(device, median + sigma * rng(generator).standard_cauchy(tuple(shape)), dtype)


def log_normal(shape, mean, std, dtype, device=None, generator=None):
    return on(device, rng(generator).lognormal(mean, std, tuple(shape)), dtype)


def multinomial(probs, n, replacement, device=None, generator=None):
    """n indices per row of the 2-d host array `probs` (weights, not normalized), as int64. Without replacement,
    the n largest p / E with E exponential draws (PyTorch's way): each next index drawn in proportion to the weights
    left, zero weights last."""
    r = rng(generator)
    if replacement:
        cdf = numpy.cumsum(probs, axis=-1, dtype=numpy.float64)
        u = r.random((probs.shape[0], n)) * cdf[:, -1:]
        rows = [numpy.minimum(numpy.searchsorted(c, v, side='right'), probs.shape[1] - 1) for c, v in zip(cdf, u)]
        picks = numpy.stack(rows) if rows else numpy.zeros((0, n), numpy.int64)
    else:
        keys = probs / r.exponential(size=probs.shape)
        picks = numpy.argsort(-keys, axis=-1, kind='stable')[:, :n]
    return on(device, picks, numpy.int64)
