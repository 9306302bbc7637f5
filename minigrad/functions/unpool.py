"""Max unpooling: the partial inverse of max pooling. Each value goes back to the place its max came from (the flat
index into H*W, or D*H*W, that max_pool2d/3d(return_indices=True) gave), every other place is 0."""
from math import prod

from .. import dtypes
from ..autograd import grad_mode
from ..autograd.function import Op
from ..backend import get_array_module
from .grad_utils import as_tensor


def planes(a, dims):
    """a (..., H, W) as (..., H*W) (a view where a is contiguous); dims = 3: (..., D, H, W) as (..., D*H*W)."""
    return a.reshape(*a.shape[:-dims], prod(a.shape[-dims:]))


class MaxUnpool2DBackward0(Op):
    """out = zeros of (..., OH, OW) with x written at `indices` (flat into OH*OW; a repeated index keeps the last
    write);  dx = g at the indices (a gather, composed of recorded ops under create_graph, as in PyTorch)."""
    tensor_params = ('indices',)
    dims = 2

    @staticmethod
    def forward(ctx, x, indices=None, size=None):
        xp = get_array_module(x)
        ctx.indices = indices
        out = xp.zeros(x.shape[:-ctx.dims] + tuple(size), x.dtype)
        xp.put_along_axis(planes(out, ctx.dims), planes(indices, ctx.dims), planes(x, ctx.dims), axis=-1)
        return out

    @staticmethod
    def backward(ctx, g):
        shape, dims = ctx.input_metas[0][0], ctx.dims
        if grad_mode._enabled:      # create_graph: PyTorch's formula is itself composite (flatten, gather, view)
            return as_tensor(g).flatten(-dims).gather(-1, as_tensor(ctx.indices).flatten(-dims)).view(shape)
        return get_array_module(g).take_along_axis(planes(g, dims), planes(ctx.indices, dims), axis=-1).reshape(shape)


class MaxUnpool3DBackward0(MaxUnpool2DBackward0):
    """out = zeros of (..., OD, OH, OW) with x written at `indices` (flat into OD*OH*OW);  dx = g at the indices."""
    dims = 3


def unpool_output_size(x, kernel, stride, padding, output_size):
    """PyTorch's _unpool_output_size: (n - 1) * stride + kernel - 2 * padding per axis, or output_size (its last
    len(kernel) entries) when given, which must lie within a stride of that."""
    default = [(x.shape[-len(kernel) + d] - 1) * stride[d] + kernel[d] - 2 * padding[d] for d in range(len(kernel))]
    if output_size is None:
        size = default
    else:
        size = list(output_size)[2:] if len(output_size) == len(kernel) + 2 else list(output_size)
        if len(size) != len(kernel):
            raise ValueError(f'output_size should be a sequence containing {len(kernel)} or {len(kernel) + 2} '
                             f"elements, but it has a length of '{len(output_size)}'")
        for d in range(len(kernel)):
            low, high = default[d] - stride[d], default[d] + stride[d]
            if not low < size[d] < high:
                raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between {low} and {high})')
    for d, n in enumerate(size):
        if n < 0:
            raise ValueError('max_unpooling: output_size must contain non-negative spatial dimensions, but got '
                             f'output_size[{d}]={n}')
    return size


def _max_unpool(input, indices, size, dims, stride=None):
    """PyTorch's max_unpool2d/3d kernel with its checks: x written at indices into zeros of (..., *size)."""
    if len(size) != dims:
        names = '(height, width)' if dims == 2 else '(depth, height, width)'
        raise RuntimeError(f'There should be exactly {("two", "three")[dims - 2]} elements {names} in output_size, '
                           f'but got {len(size)} elements.')
    if indices.dtype != dtypes.int64:
        raise RuntimeError('elements in indices should be type int64' +
                           (f' but got: {dtypes.title(indices.dtype)}' if dims == 2 else ''))
    if stride is not None and min(stride) <= 0:
        raise RuntimeError(f'strides should be greater than zero, but got stride: {list(stride)}')
    if input.ndim not in (dims + 1, dims + 2):
        raise RuntimeError(f'Input to max_unpooling{dims}d should be a {dims + 1}d or {dims + 2}d Tensor, but got a '
                           f'tensor with {input.ndim} dimensions.')
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError('Expected shape of indices to be same as that of the input tensor '
                           f'({list(input.shape)}) but got indices tensor with shape: {list(indices.shape)}')
    for d in range(input.ndim - dims - 1, input.ndim):
        if input.shape[d] == 0:
            raise RuntimeError(f'max_unpooling{dims}d_forward_out_cpu(): Expected input to have non-zero size for '
                               f'non-batch dimensions, but got {list(input.shape)} with dimension {d} being empty.')
    if input._data.dtype.kind != 'f':
        dtypes.not_implemented(f'max_unpool{dims}d', input.dtype)
    idx = indices._data
    bad = (idx < 0) | (idx >= prod(size))
    if bad.any():
        raise RuntimeError(f'Found an invalid max index: {int(idx[bad].ravel()[0])} (output volumes are of size '
                           f'{"x".join(map(str, size))})')
    return (MaxUnpool2DBackward0 if dims == 2 else MaxUnpool3DBackward0).apply(input, indices=indices,
                                                                               size=tuple(size))


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """torch.nn.functional.max_unpool2d."""
    kernel = _as_tuple(kernel_size, 2)
    stride = kernel if stride is None else _as_tuple(stride, 2)
    return _max_unpool(input, indices, unpool_output_size(input, kernel, stride, _as_tuple(padding, 2), output_size),
                       2)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """torch.nn.functional.max_unpool3d."""
    kernel = _as_tuple(kernel_size, 3)
    stride = kernel if stride is None else _as_tuple(stride, 3)
    return _max_unpool(input, indices, unpool_output_size(input, kernel, stride, _as_tuple(padding, 3), output_size),
                       3, stride)


def _as_tuple(v, n):
    """PyTorch's _single / _pair: a sequence as it is (its length unchecked), a number repeated n times."""
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """torch.nn.functional.max_unpool1d: max_unpool2d on a unit width (unsqueeze(-1), unpool, squeeze)."""
    kernel = _as_tuple(kernel_size, 1)
    stride = kernel if stride is None else _as_tuple(stride, 1)
    size = unpool_output_size(input, kernel, stride, _as_tuple(padding, 1), output_size)
    return _max_unpool(input.unsqueeze(-1), indices.unsqueeze(-1), size + [1], 2).squeeze(-1)
