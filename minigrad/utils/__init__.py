"""minigrad.utils: data loading, datasets on disk and PyTorch interop."""
from . import data, datasets, interop  # noqa: F401
