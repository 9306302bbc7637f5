"""as_strided: a view of a tensor's memory with any sizes, strides and storage offset, counted in elements from the
start of the memory block the tensor lives in (its storage, in PyTorch's words); as_strided_ and resize_, which make a
tensor itself see its memory so."""
import math

from .grad_utils import fixed, is_tensor, zeros
from .table import export
from ..autograd import views
from ..autograd.function import Op
from ..backend import get_array_module, memory_owner, offset_in_owner
from ..dims import shape_arg


def storage_of(a):
    """(the whole memory block a lives in, flat in memory order; a's offset in it, in elements)."""
    owner = memory_owner(a)
    in_memory_order = owner.transpose(sorted(range(owner.ndim), key=lambda d: -owner.strides[d]))  # (a clone of a
    if not in_memory_order.flags.c_contiguous:                                           # transposed tensor: F order)
        raise NotImplementedError('minigrad: as_strided of a tensor whose memory has gaps')
    return in_memory_order.reshape(-1), offset_in_owner(a)


def strided(flat, size, stride, offset):
    return get_array_module(flat).lib.stride_tricks.as_strided(flat[offset:], size, [s * flat.itemsize for s in stride])


class AsStridedBackward0(Op):
    """out[i, j, ...] = storage[offset + i * stride[0] + j * stride[1] + ...] (a view; elements may repeat);
    da = s.as_strided(a's own sizes, strides, offset), s = zeros(storage size) with g added at out's places
    (repeats add up), divided where several elements of a share a place by their number (PyTorch's
    as_strided_backward; zeros outside the graph when out or a has no elements)"""

    @staticmethod
    def forward(ctx, a, size, stride, offset):
        flat, own = storage_of(a)
        xp = get_array_module(a)
        places = xp.arange(flat.size)
        layout = ctx.layout = a.shape, [s // a.itemsize for s in a.strides], own
        shared = xp.bincount(strided(places, *layout).reshape(-1), minlength=flat.size)    # elements of a per place
        ctx.shared = xp.maximum(shared, 1).astype(a.dtype) if a.size and shared.max() > 1 else None
        ctx.places, ctx.storage_size = strided(places, size, stride, offset), flat.size
        return strided(flat, size, stride, offset)

    @staticmethod
    def backward(ctx, g):
        if 0 in (*g.shape, *ctx.layout[0]):
            return zeros(ctx.layout[0], g)
        s = views.scatter_add(g, (ctx.storage_size,), (ctx.places,))
        if ctx.shared is not None:
            s = s / fixed(ctx.shared, s)
        return s.as_strided(*ctx.layout) if is_tensor(s) else strided(s, *ctx.layout)


class AsStridedBackward1(AsStridedBackward0):
    """x.as_strided_(size, stride, offset): x becomes the view as_strided gives, out = storage[offset + i stride[0] +
    ...];  da = zeros(a.shape) with g added where a shares each place, as as_strided's"""


@export()
def as_strided(input, size, stride, storage_offset=None):
    return views.view_of(AsStridedBackward0, input, **strided_args(input, size, stride, storage_offset))


@export(function=False)
def as_strided_(input, size, stride, storage_offset=None):
    return views.set_metadata(input, AsStridedBackward1, **strided_args(input, size, stride, storage_offset))


def strided_args(input, size, stride, storage_offset):
    """as_strided's arguments checked against input's storage, as PyTorch's: size, stride, offset (input's own if
    None)."""
    size, stride = tuple(size), tuple(stride)
    if len(size) != len(stride):
        raise RuntimeError('mismatch in length of strides and shape')
    if any(n < 0 for n in size):
        raise RuntimeError(f'Storage size calculation overflowed with sizes={list(size)} and strides={list(stride)}')
    if any(s < 0 for s in stride):
        raise RuntimeError(f'as_strided: Negative strides are not supported at the moment, got strides: {list(stride)}')
    flat, own = storage_of(input._data)
    offset = own if storage_offset is None else storage_offset
    if offset < 0:
        raise RuntimeError(f'Tensor: invalid storage offset {offset}')
    needed = 0 if 0 in size else offset + 1 + sum((n - 1) * s for n, s in zip(size, stride))
    if needed > flat.size:
        raise RuntimeError(f'setStorage: sizes {list(size)}, strides {list(stride)}, storage offset {offset}, and '
                           f'itemsize {flat.itemsize} requiring a storage size of {needed * flat.itemsize} are out '
                           f'of bounds for storage of size {flat.size * flat.itemsize}')
    return dict(size=size, stride=stride, offset=offset)


@export(function=False)
def resize_(input, *sizes, memory_format=None):
    """input takes the shape `sizes`, contiguous: on its memory from its offset on where that holds enough elements
    (PyTorch's storage), else on new memory that starts with them (the rest uninitialized, and, unlike PyTorch's grown
    storage, not seen by views of the old memory). Not for a tensor that requires grad."""
    if input.requires_grad:
        raise RuntimeError('cannot resize variables that require grad')
    shape = shape_arg(sizes, 'resize_', 'size', 2)
    if any(n < 0 for n in shape):
        raise RuntimeError('numel: integer multiplication overflow')
    flat, offset = storage_of(input._data)
    n = math.prod(shape)
    input._view = None      # (a view no longer follows from its base by the view ops that took it)
    if offset + n <= flat.size:     # the same memory: PyTorch counts no new version
        input._data = flat[offset:offset + n].reshape(shape)
        return input
    grown = get_array_module(flat).empty(n, flat.dtype)
    grown[:flat.size - offset] = flat[offset:]
    input._data, input._base = grown.reshape(shape), None
    input._vc[0] += 1
    return input


@export(function=False)
def resize_as_(input, the_template, memory_format=None):
    return resize_(input, the_template.shape)
