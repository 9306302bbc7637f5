"""Ops that move elements without changing them: view/reshape, expand, permute/transpose, squeeze/unsqueeze,
cat/stack, pad, clone, and the dtype/device copy. Each backward moves g back where the element came from."""
from ..autograd.function import Function
from ..backend import device_of, get_array_module, to_device
from .dims import check_broadcast, normalize_dim
from .grad_utils import is_tensor, permute, zeros_like
from .index import Index


class View(Function):
    """out = a seen with another shape (memory shared);  da = g reshaped back"""
    is_view = True

    def forward(self, a, shape):
        self.shape = a.shape
        n = -1 if -1 in shape else 1
        for s in shape:
            n *= s
        if shape.count(-1) > 1:
            raise RuntimeError('only one dimension can be inferred')
        if (n != a.size and -1 not in shape) or (-1 in shape and (n == 0 or a.size % n)):
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {a.size}")
        out = a.reshape(shape)
        if a.size and not a.flags.c_contiguous and not get_array_module(a).may_share_memory(out, a):
            raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                               "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
        return out

    def backward(self, g):
        return g.reshape(self.shape)


class UnsafeView(View):
    """out = a fresh result seen with another shape, recorded as no view (reshape's copy; matmul unfolding the batch
    dims it folded into one mm, as PyTorch does);  da = g reshaped back"""
    is_view = False
    grad_fn_name = 'UnsafeViewBackward0'


class Expand(Function):
    """out = a broadcast to a larger shape (no copy);  da = g summed over the broadcast dims (by the engine)"""
    is_view = True

    def forward(self, a, shape):
        lead = len(shape) - a.ndim
        if lead < 0:
            raise RuntimeError(f'expand(torch.FloatTensor{{{list(a.shape)}}}, size={list(shape)}): the number of '
                               f'sizes provided ({len(shape)}) must be greater or equal to the number of dimensions '
                               f'in the tensor ({a.ndim})')
        shape = tuple(a.shape[i - lead] if s == -1 and i >= lead else s for i, s in enumerate(shape))
        for i, n in enumerate(a.shape):
            if n != 1 and n != shape[lead + i]:
                raise RuntimeError(f'The expanded size of the tensor ({shape[lead + i]}) must match the existing '
                                   f'size ({n}) at non-singleton dimension {lead + i}.  Target sizes: {list(shape)}.'
                                   f'  Tensor sizes: {list(a.shape)}')
        return get_array_module(a).broadcast_to(a, shape)

    def backward(self, g):
        return g


class Permute(Function):
    """out = a with its dims reordered;  da = g with the inverse order"""
    is_view = True

    def forward(self, a, dims):
        self.dims = tuple(normalize_dim(d, a.ndim) for d in dims)
        if len(dims) == a.ndim and len(set(self.dims)) < a.ndim:
            raise RuntimeError('permute(): duplicate dims are not allowed.')
        if sorted(self.dims) != list(range(a.ndim)):
            raise RuntimeError('permute(sparse_coo): number of dimensions in the tensor input does not match the '
                               f'length of the desired ordering of dimensions i.e. input.dim() = {a.ndim} is not '
                               f'equal to len(dims) = {len(dims)}')
        return a.transpose(self.dims)

    def backward(self, g):
        inverse = [0] * len(self.dims)
        for i, d in enumerate(self.dims):
            inverse[d] = i
        return permute(g, inverse)


class Transpose(Function):
    """out = a with two dims swapped;  da = g with them swapped back"""
    is_view = True

    def forward(self, a, dim0, dim1):
        self.d = normalize_dim(dim0, a.ndim), normalize_dim(dim1, a.ndim)
        return a.swapaxes(*self.d)

    def backward(self, g):
        return g.swapaxes(*self.d)


class T(Transpose):
    """out = a.t(), the 2-D transpose;  da = g^T"""
    grad_fn_name = 'TBackward0'


class Squeeze(Function):
    """out = a without size-1 dims;  da = g reshaped back"""
    is_view = True

    def forward(self, a, dim=None):
        self.shape = a.shape
        if dim is None:
            return a.reshape(tuple(n for n in a.shape if n != 1))
        dims = {normalize_dim(d, a.ndim) for d in ((dim,) if isinstance(dim, int) else dim)}
        return a.reshape(tuple(n for i, n in enumerate(a.shape) if not (i in dims and n == 1)))

    def backward(self, g):
        return g.reshape(self.shape)


class SqueezeDim(Squeeze):
    """squeeze(dim): out = a without the size-1 dim;  da = g reshaped back"""
    grad_fn_name = 'SqueezeBackward1'


class SqueezeDimInplace(Squeeze):
    """squeeze_(dim): out = a without the size-1 dim;  da = g reshaped back"""
    grad_fn_name = 'SqueezeBackward4'   # squeeze_(dim): torch.matmul's last step for a 1-D left operand


class Unsqueeze(Function):
    """out = a with a new size-1 dim;  da = g reshaped back"""
    is_view = True

    def forward(self, a, dim):
        self.shape = a.shape
        dim = normalize_dim(dim, a.ndim + 1)
        return a.reshape(a.shape[:dim] + (1,) + a.shape[dim:])

    def backward(self, g):
        return g.reshape(self.shape)


class Clone(Function):
    """out = a copy of a (contiguous);  da = g"""
    def forward(self, a):
        return a.copy()

    def backward(self, g):
        return g


class Copy(Function):
    """a.copy_(src) and the fills (fill_, zero_, uniform_, ...): out = src broadcast to a's shape, in a's dtype;
    da = 0 (the old values are gone),  dsrc = g. PyTorch names the node after the op: CopyBackwards, FillBackward2..."""
    def forward(self, a, src, name='CopyBackwards'):
        check_broadcast(a.shape, src.shape)
        xp = get_array_module(a)
        shape = xp.broadcast_shapes(a.shape, src.shape)
        if shape != a.shape:
            raise RuntimeError(f"output with shape {list(a.shape)} doesn't match the broadcast shape {list(shape)}")
        self.grad_fn_name = name
        out = xp.empty_like(a)
        out[...] = src
        return out

    def backward(self, g):
        return zeros_like(g), g


class ToCopy(Function):
    """out = a in another dtype or on another device;  da = g moved back (the engine casts the dtype back)"""
    def forward(self, a, dtype=None, device=None):
        self.device = device_of(a)
        out = a if dtype is None else a.astype(dtype)
        return out if device is None else to_device(out, device)

    def backward(self, g):
        return g.to(self.device) if is_tensor(g) else to_device(g, self.device)


class Cat(Function):
    """out = cat(a_1, ..., a_k) along dim;  da_i = g[the slice along dim where a_i sits]"""
    def forward(self, *arrays, dim=0):
        first = arrays[0]
        self.dim = d = normalize_dim(dim, first.ndim)
        for i, a in enumerate(arrays):
            if a.ndim != first.ndim:
                raise RuntimeError(f'Tensors must have same number of dimensions: got {first.ndim} and {a.ndim}')
            for j, (n, m) in enumerate(zip(first.shape, a.shape)):
                if j != d and n != m:
                    raise RuntimeError(f'Sizes of tensors must match except in dimension {d}. Expected size {n} '
                                       f'but got size {m} for tensor number {i} in the list.')
        self.sizes = [a.shape[d] for a in arrays]
        return get_array_module(*arrays).concatenate(arrays, axis=d)

    def backward(self, g):
        lead, start, grads = (slice(None),) * self.dim, 0, []
        for n in self.sizes:
            grads.append(g[lead + (slice(start, start + n),)])
            start += n
        return tuple(grads)


class Stack(Function):
    """out = stack(a_1, ..., a_k) along a new dim;  da_i = g[i] along that dim"""
    def forward(self, *arrays, dim=0):
        for i, a in enumerate(arrays):
            if a.shape != arrays[0].shape:
                raise RuntimeError(f'stack expects each tensor to be equal size, but got {list(arrays[0].shape)} '
                                   f'at entry 0 and {list(a.shape)} at entry {i}')
        self.dim = normalize_dim(dim, arrays[0].ndim + 1)
        return get_array_module(*arrays).stack(arrays, axis=self.dim)

    def backward(self, g):
        lead = (slice(None),) * self.dim
        return tuple(g[lead + (i,)] for i in range(g.shape[self.dim]))


def pad_widths(pad, shape):
    """PyTorch's pad (left, right of the last dim, then of the dim before, ...) as, per dim of `shape`, the slice of
    the input that stays (a negative pad crops) and the (before, after) widths added around it."""
    if len(pad) % 2 or len(pad) // 2 > len(shape):
        raise RuntimeError(f'Padding length must be divisible by 2 and at most twice the number of dims '
                           f'({len(shape)}), got {len(pad)}')
    pairs = [(0, 0)] * (len(shape) - len(pad) // 2) + [(pad[i], pad[i + 1]) for i in range(len(pad) - 2, -1, -2)]
    keep = tuple(slice(max(0, -lo), n - max(0, -hi)) for (lo, hi), n in zip(pairs, shape))
    return keep, [(max(0, lo), max(0, hi)) for lo, hi in pairs]


class Pad(Function):
    """out = a (cropped where a pad is negative) padded with a constant;
    da = the part of g where a's kept elements sit, zeros where a was cropped"""
    grad_fn_name = 'ConstantPadNdBackward0'

    def forward(self, a, pad, value=0):
        self.keep, widths = pad_widths(pad, a.shape)
        self.inner = tuple(slice(lo, lo + k.stop - k.start) for (lo, _), k in zip(widths, self.keep))
        return get_array_module(a).pad(a[self.keep], widths, constant_values=value)

    def backward(self, g):
        shape = self.input_metas[0][0]
        inner = g[self.inner]
        if tuple(inner.shape) == tuple(shape):      # nothing was cropped
            return inner
        ga = g.new_zeros(shape) if is_tensor(g) else get_array_module(g).zeros(shape, g.dtype)
        ga[self.keep] = inner
        return ga


class IndexPad(Index):
    """out = a at the positions numpy's pad(mode) sends to each output element ('reflect', 'edge' or 'wrap': PyTorch's
    reflect, replicate and circular), after the crop of any negative pad: indexing with those positions, so
    da = g added back at them (Index's backward: a border element copied to several places adds up their gradients)"""

    def forward(self, a, pad, mode, name):
        xp = get_array_module(a)
        keep, widths = pad_widths(pad, a.shape)
        self.grad_fn_name = name
        positions = xp.pad(xp.arange(a.size).reshape(a.shape)[keep], widths, mode=mode)
        return super().forward(a, xp.unravel_index(positions, a.shape))
