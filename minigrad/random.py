"""Random numbers: one seeded generator (numpy's PCG64), drawn on the host and moved to the tensor's device,
so a seed gives the same numbers on the CPU and on the GPU."""
import numpy

from . import backend, dtypes


class Generator:
    """A random stream, as torch.Generator: `g = Generator(); g.manual_seed(0)`."""

    def __init__(self, device='cpu'):
        self.rng = numpy.random.default_rng()
        self.seed = None

    def manual_seed(self, seed):
        self.seed = int(seed)
        self.rng = numpy.random.default_rng(self.seed)
        return self

    def initial_seed(self):
        return self.seed


default_generator = Generator().manual_seed(numpy.random.SeedSequence().entropy % (2 ** 63))


def manual_seed(seed):
    """Seed minigrad's default generator (and return it), as torch.manual_seed does."""
    return default_generator.manual_seed(seed)


def seed():
    return default_generator.manual_seed(numpy.random.SeedSequence().entropy % (2 ** 63)).seed


def _rng(generator):
    return (generator or default_generator).rng


def _float(dtype, what):
    """The dtype to draw floats in (numpy draws float32 or float64); ints are refused as PyTorch does."""
    dtype = numpy.dtype(dtype)
    if dtype.kind != 'f':
        dtypes.not_implemented(what, dtype)
    return dtype if dtype.itemsize >= 4 else numpy.float32


def uniform(shape, low, high, dtype, device=None, generator=None):
    a = _rng(generator).random(tuple(shape), dtype=_float(dtype, 'check_uniform_bounds'))
    if (low, high) != (0, 1):
        a = a * (high - low) + low
    return backend.to_device(a.astype(dtype, copy=False), device or backend.get_default_device())


def normal(shape, mean, std, dtype, device=None, generator=None):
    a = _rng(generator).standard_normal(tuple(shape), dtype=_float(dtype, 'normal_kernel_cpu'))
    if (mean, std) != (0, 1):
        a = a * std + mean
    return backend.to_device(a.astype(dtype, copy=False), device or backend.get_default_device())


def integers(shape, low, high, dtype, device=None, generator=None):
    a = _rng(generator).integers(low, high, size=tuple(shape), dtype=numpy.int64)
    return backend.to_device(a.astype(dtype, copy=False), device or backend.get_default_device())


def permutation(n, generator=None):
    """A random order of range(n), as a numpy array (DataLoader's shuffle)."""
    return _rng(generator).permutation(n)
