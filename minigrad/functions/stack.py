"""Joining tensors along the first, second or third dim whatever their number of dims (hstack, vstack, dstack,
column_stack), after giving them at least 1, 2 or 3 dims (atleast_1d, atleast_2d, atleast_3d). All are cat and
views: their nodes are CatBackward0, ViewBackward0, UnsqueezeBackward0."""
from .shape import cat, reshape, unsqueeze
from .table import export
from ..tensor import Tensor


def at_least(tensors, grow):
    """grow(t) for one tensor; a tuple of them for several, or for one list or tuple."""
    if len(tensors) == 1 and isinstance(tensors[0], Tensor):
        return grow(tensors[0])
    if len(tensors) == 1:
        tensors = tensors[0]
    return tuple(grow(t) for t in tensors)


def one_d(t):
    return reshape(t, 1) if t.ndim == 0 else t


def two_d(t):
    return reshape(t, 1, 1) if t.ndim == 0 else unsqueeze(t, 0) if t.ndim == 1 else t


def three_d(t):
    if t.ndim == 0:
        return reshape(t, 1, 1, 1)
    if t.ndim == 1:
        return unsqueeze(unsqueeze(t, 0), -1)
    return unsqueeze(t, -1) if t.ndim == 2 else t


@export(method=False)
def atleast_1d(*tensors):
    return at_least(tensors, one_d)


@export(method=False)
def atleast_2d(*tensors):
    return at_least(tensors, two_d)


@export(method=False)
def atleast_3d(*tensors):
    return at_least(tensors, three_d)


def joined(name, tensors, grow, dim, out):
    """cat of the tensors, each grown by `grow`, along dim (a function of the grown tensors)."""
    tensors = [grow(t) for t in tensors]
    if not tensors:
        raise RuntimeError(f'{name} expects a non-empty TensorList')
    return cat(tensors, dim(tensors), out=out)


@export(method=False)
def hstack(tensors, *, out=None):
    return joined('hstack', tensors, one_d, lambda ts: 0 if ts[0].ndim == 1 else 1, out)


@export('row_stack', method=False)
def vstack(tensors, *, out=None):
    return joined('vstack', tensors, two_d, lambda ts: 0, out)


@export(method=False)
def dstack(tensors, *, out=None):
    return joined('dstack', tensors, three_d, lambda ts: 2, out)


@export(method=False)
def column_stack(tensors, *, out=None):
    return joined('column_stack', tensors, lambda t: reshape(t, t.numel(), 1) if t.ndim <= 1 else t, lambda ts: 1,
                  out)
