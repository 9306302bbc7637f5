"""minigrad.accelerator: the device-agnostic face of the GPU, as torch.accelerator (PyTorch's quickstart picks its
device with `torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"`).
minigrad's one accelerator is CUDA through cupy (minigrad.cuda)."""
from . import backend, cuda


def is_available():
    """True when a CUDA device is visible to cupy."""
    return cuda.is_available()


def current_accelerator(check_available=False):
    """device('cuda') when minigrad was built with one (cupy installed), else None; with check_available, None
    also when no device is visible."""
    if backend.cupy is None or check_available and not is_available():
        return None
    return backend.device('cuda')


def device_count():
    return cuda.device_count()


def _require():
    if not is_available():
        raise RuntimeError('Cannot access accelerator device when none is available.')


def current_device_index():
    _require()
    return cuda.current_device()


def set_device_index(device):
    _require()
    cuda.set_device(device)


def synchronize(device=None):
    _require()
    cuda.synchronize()


current_device_idx, set_device_idx = current_device_index, set_device_index
