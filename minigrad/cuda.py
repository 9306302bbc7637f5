"""minigrad.cuda: is there a GPU minigrad can use? (cupy installed and a CUDA device visible)."""
from . import backend


def is_available():
    """True when cupy is installed and sees at least one CUDA device."""
    return device_count() > 0


def device_count():
    if backend.cupy is None:
        return 0
    try:
        return backend.cupy.cuda.runtime.getDeviceCount()
    except Exception:  # cupy present but no driver/device: minigrad runs on the CPU
        return 0


def current_device():
    return backend.current_cuda_index()


def set_device(device):
    """Make `device` (an index, 'cuda:1' or a device) the current CUDA device: where 'cuda' tensors go."""
    backend.cupy.cuda.Device(backend.concrete(device).index).use()


def get_device_name(device=None):
    index = backend.device(device).index if device is not None and not isinstance(device, int) else (device or 0)
    return backend.cupy.cuda.runtime.getDeviceProperties(index)['name'].decode()


def synchronize():
    """Wait for all GPU work (timings of GPU code need this)."""
    if is_available():
        backend.cupy.cuda.Device().synchronize()


def manual_seed(seed):
    """minigrad draws random numbers on the host, so one seed serves the CPU and the GPU."""
    from .random import manual_seed as seed_all
    seed_all(seed)


manual_seed_all = manual_seed
