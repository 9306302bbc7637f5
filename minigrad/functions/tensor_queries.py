"""torch.is_same_size, torch.get_device, torch.is_inference: the Tensor methods of these names as torch-level
functions (the table's wrapper words PyTorch's TypeError for a non-tensor), and torch.scalar_tensor, the 0-d tensor
of a number."""
import numbers

from .table import export
from .. import dtypes, factories
from ..tensor import Tensor


@export(method=False)
def is_same_size(input, other):
    return input.is_same_size(other)


@export(method=False)
def get_device(input):
    """The CUDA device's index, -1 for a CPU tensor."""
    return input.get_device()


@export(method=False)
def is_inference(input):
    return input.is_inference()


@export(method=False)
def scalar_tensor(s, *, dtype=None, layout=None, device=None, pin_memory=False, requires_grad=False):
    """A 0-d tensor holding s, in the default dtype unless dtype says otherwise (whatever the kind of s)."""
    if not isinstance(s, numbers.Number) and not (isinstance(s, Tensor) and s.ndim == 0):
        raise TypeError(f"scalar_tensor(): argument 's' (position 1) must be Number, not {type(s).__name__}")
    return factories.full((), s, dtype=dtype or dtypes.get_default_dtype(), device=device,
                          requires_grad=requires_grad)
