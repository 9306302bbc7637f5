"""Pieces of a tensor along one dim: tensor_split and hsplit/vsplit/dsplit (views, SliceBackward0 each),
narrow_copy (a copy) and Tensor.unfold (every window of a dim, a view)."""
from . import grad_utils
from .index import SelectBackward0, SliceBackward0, narrow_key
from .table import export
from .. import dtypes
from ..autograd import views
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import as_int, as_ints, normalize_dim
from ..tensor import Tensor


class NarrowCopyBackward0(SelectBackward0):
    """out = a copy of a[key], `length` elements of dim from `start`;  da = zeros(a.shape) with g at key"""

    @staticmethod
    def forward(ctx, a, key):
        return SelectBackward0.forward(ctx, a, key).copy()


class UnfoldBackward0(Op):
    """out[..., i, ..., j] = a[..., i * step + j, ...]: every window of `size` elements of dim, `step` apart, as a
    new last dim (a view);  da = zeros(a.shape) with each window's g added back (overlaps add up)"""

    @staticmethod
    def forward(ctx, a, dimension, size, step):
        d = normalize_dim(dimension, a.ndim)
        n = a.shape[d] if a.ndim else 1
        if size < 0:
            raise RuntimeError(f'size is {size} but must be >= 0')
        if size > n:
            raise RuntimeError(f'maximum size for tensor at dimension {d} is {n} but size is {size}')
        if step <= 0:
            raise RuntimeError(f'step is {step} but must be > 0')
        ctx.shape, ctx.params = a.shape, dict(dimension=d, size=size, step=step)
        xp = get_array_module(a)
        if a.ndim == 0:
            return xp.lib.stride_tricks.as_strided(a, (size,), (0,))
        shape = a.shape[:d] + ((n - size) // step + 1,) + a.shape[d + 1:] + (size,)
        strides = a.strides[:d] + (a.strides[d] * step,) + a.strides[d + 1:] + (a.strides[d],)
        return xp.lib.stride_tricks.as_strided(a, shape, strides)

    @staticmethod
    def backward(ctx, g):
        return grad_utils.run(UnfoldBackwardBackward0, g, shape=ctx.shape, **ctx.params)


class UnfoldBackwardBackward0(Op):
    """unfold's backward as an op: out = zeros(shape) with each window of g added back where unfold took it;
    dg = gout.unfold(dimension, size, step)"""

    @staticmethod
    def forward(ctx, g, shape, dimension, size, step):
        ctx.params = dict(dimension=dimension, size=size, step=step)
        return grad_utils.placed(g, shape, ((UnfoldBackward0, ctx.params),))

    @staticmethod
    def backward(ctx, gout):
        return grad_utils.run(UnfoldBackward0, gout, **ctx.params)


@export()
def narrow_copy(input, dim, start, length):
    return NarrowCopyBackward0.apply(input, key=narrow_key(input, dim, start, length))


@export(function=False)
def unfold(input, dimension, size, step):
    return views.view_of(UnfoldBackward0, input, dimension=dimension, size=as_int(size), step=as_int(step))


@export()
def tensor_split(input, indices_or_sections=None, dim=0, *, sections=None, indices=None,
                 tensor_indices_or_sections=None):
    """Views along dim: `sections` pieces (the first n % sections one longer), or the pieces between `indices`
    (PyTorch's overloads name the argument sections, indices or tensor_indices_or_sections)."""
    indices_or_sections = given('tensor_split', indices_or_sections, sections, indices, tensor_indices_or_sections)
    if input.ndim == 0:
        raise RuntimeError('tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims')
    d = normalize_dim(dim, input.ndim)
    split = indices_or_sections
    if isinstance(split, Tensor):
        if split._data.dtype.kind not in 'iu':
            raise RuntimeError('tensor_split expected tensor_indices_or_sections to have dtype of long, but got '
                               f'{dtypes.title(split._data.dtype)}')
        if split.ndim > 1:
            raise RuntimeError('tensor_split expected tensor_indices_or_sections to be a zero-dimensional or '
                               f'one-dimensional tensor, but got a tensor with {split.ndim} dims')
        split = split.item() if split.ndim == 0 else split.tolist()
    split = as_ints(split) if isinstance(split, (tuple, list)) else as_int(split)
    if isinstance(split, int):
        if split <= 0:
            raise RuntimeError(f'number of sections must be larger than 0, got {split}')
        n = input._data.shape[d]
        split = [k * (n // split) + min(k, n % split) for k in range(1, split)]
    bounds = [None, *split, None]
    return tuple(views.view_of(SliceBackward0, input, key=(slice(None),) * d + (slice(a, b),))
                 for a, b in zip(bounds, bounds[1:]))


def given(fn, *values):
    """The one of an argument's spellings (positional or a keyword of one of PyTorch's overloads) that was given."""
    value = next((v for v in values if v is not None), None)
    if value is None:
        raise TypeError(f'{fn}() missing 1 required positional arguments: "indices_or_sections"')
    return value


def split_along(name, input, indices_or_sections, dim, min_dims):
    """hsplit/vsplit/dsplit: tensor_split along dim, where an int must divide the dim's size."""
    if input.ndim < min_dims:
        raise RuntimeError(f'torch.{name} requires a tensor with at least {min_dims} dimension, but got a tensor '
                           f'with {input.ndim} dimensions!')
    s = indices_or_sections
    if isinstance(s, int) and (s == 0 or input._data.shape[dim] % s):
        raise RuntimeError(f'torch.{name} attempted to split along dimension {dim}, but the size of the dimension '
                           f'{input._data.shape[dim]} is not divisible by the split_size {s}!')
    return tensor_split(input, s, dim)


@export()
def hsplit(input, indices_or_sections=None, *, sections=None, indices=None):
    return split_along('hsplit', input, given('hsplit', indices_or_sections, sections, indices), 1 if input.ndim > 1 else 0, 1)


@export()
def vsplit(input, indices_or_sections=None, *, sections=None, indices=None):
    return split_along('vsplit', input, given('vsplit', indices_or_sections, sections, indices), 0, 2)


@export()
def dsplit(input, indices_or_sections=None, *, sections=None, indices=None):
    return split_along('dsplit', input, given('dsplit', indices_or_sections, sections, indices), 2, 3)
