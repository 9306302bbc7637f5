"""torch.utils.hooks: RemovableHandle, what register_*_hook returns."""
from ..autograd.hooks import RemovableHandle  # noqa: F401
