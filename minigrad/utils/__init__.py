"""minigrad.utils: data loading, datasets on disk, PyTorch interop and hook handles."""
from . import data, datasets, hooks, interop  # noqa: F401
