"""minigrad.utils: data loading and PyTorch interop."""
from . import data  # noqa: F401
