"""as_strided: a view of a tensor's memory with any sizes, strides and storage offset, counted in elements from the
start of the memory block the tensor lives in (its storage, in PyTorch's words)."""
from .grad_utils import masked
from .table import export
from ..autograd import views
from ..autograd.function import Op
from ..backend import data_ptr, get_array_module


def storage_of(a):
    """(the whole memory block a lives in, flat; a's offset in it, in elements)."""
    owner = a
    while isinstance(owner.base, type(a)):
        owner = owner.base
    if not owner.flags.c_contiguous:
        raise NotImplementedError('minigrad: as_strided of a tensor whose memory is not laid out in C order')
    return owner.reshape(-1), (data_ptr(a) - data_ptr(owner)) // a.itemsize


def strided(flat, size, stride, offset):
    return get_array_module(flat).lib.stride_tricks.as_strided(flat[offset:], size, [s * flat.itemsize for s in stride])


class AsStridedBackward0(Op):
    """out[i, j, ...] = storage[offset + i * stride[0] + j * stride[1] + ...] (a view; elements may repeat);
    da = zeros(a.shape) with g added at the elements of a that share each place (repeats add up; places outside
    a get none)"""

    @staticmethod
    def forward(ctx, a, size, stride, offset):
        flat, own = storage_of(a)
        xp = get_array_module(a)
        places = xp.arange(flat.size)
        inside = xp.full(flat.size, -1)     # the flat index in a of each place of the storage (-1: not in a)
        inside[strided(places, a.shape, [s // a.itemsize for s in a.strides], own).reshape(-1)] = xp.arange(a.size)
        picked = inside[strided(places, size, stride, offset)]
        ctx.shape, ctx.keep, ctx.key = a.shape, picked >= 0, xp.unravel_index(xp.maximum(picked, 0), a.shape or (1,))
        return strided(flat, size, stride, offset)

    @staticmethod
    def backward(ctx, g):
        return views.scatter_add(masked(g, ctx.keep), ctx.shape or (1,), ctx.key).reshape(ctx.shape)


@export()
def as_strided(input, size, stride, storage_offset=None):
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
    return views.view_of(AsStridedBackward0, input, size=size, stride=stride, offset=offset)
