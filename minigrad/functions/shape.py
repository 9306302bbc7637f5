"""Ops that move elements without changing them: view/reshape, expand, permute/transpose, squeeze/unsqueeze,
cat/stack. Each backward moves g back where the element came from."""
import math
import warnings

from . import grad_utils
from .arguments import not_a_tensor
from .operands import cast, write_out
from .table import export
from .. import dtypes
from ..autograd import views
from ..autograd.function import Op, _type_name
from ..backend import expand_view, get_array_module
from ..dims import as_int, as_ints, normalize_dim, sizes_arg
from ..tensor import Size, Tensor


class ViewBackward0(Op):
    """out = a seen with another shape (memory shared);  da = g reshaped back"""

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        n = -1 if -1 in shape else 1
        for s in shape:
            n *= s
        if shape.count(-1) > 1:
            raise RuntimeError('only one dimension can be inferred')
        if -1 in shape and n == 0 and a.size == 0:
            raise RuntimeError(f'cannot reshape tensor of 0 elements into shape {list(shape)} because the unspecified '
                               'dimension size -1 can be any value and is ambiguous')
        if (n != a.size and -1 not in shape) or (-1 in shape and (n == 0 or a.size % n)):
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {a.size}")
        out = a.reshape(shape)
        if a.size and not a.flags.c_contiguous and not get_array_module(a).may_share_memory(out, a):
            raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                               "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
        if a.size and 1 in out.shape:   # the strides of size-1 dims, which numpy leaves open, as PyTorch's (its
            strides = tuple(s * a.itemsize for s in          # overlap checks compare them)
                            view_strides(a.shape, [s // a.itemsize for s in a.strides], out.shape))
            if strides != out.strides:
                out = get_array_module(a).lib.stride_tricks.as_strided(out, out.shape, strides)
        return out

    @staticmethod
    def backward(ctx, g):
        return g.reshape(ctx.shape)


def view_strides(old_shape, old_strides, shape):
    """The strides (in elements) PyTorch gives a view of `shape` of a tensor laid out with old_strides (its
    computeStride): each run of old dims that lie evenly in memory is split into the new dims from its innermost
    stride up, a size-1 dim taking the stride its place in the run gives."""
    if not old_shape:       # a 0-d tensor's one element
        return [1] * len(shape)
    strides, d = [0] * len(shape), len(shape) - 1
    base, old_numel, new_numel = old_strides[-1], 1, 1
    for k in range(len(old_shape) - 1, -1, -1):
        old_numel *= old_shape[k]
        if k == 0 or old_shape[k - 1] != 1 and old_strides[k - 1] != old_numel * base:     # the run ends here
            while d >= 0 and (new_numel < old_numel or shape[d] == 1):
                strides[d] = new_numel * base
                new_numel *= shape[d]
                d -= 1
            if k > 0:
                base, old_numel, new_numel = old_strides[k - 1], 1, 1
    return strides


class UnsafeViewBackward0(ViewBackward0):
    """out = a fresh result seen with another shape, recorded as no view (reshape's copy; matmul unfolding the batch
    dims it folded into one mm, as PyTorch does);  da = g reshaped back"""


class ReshapeAliasBackward0(ViewBackward0):
    """out = a non-contiguous a seen with another shape (reshape where a view fits the strides);  da = g reshaped
    back"""


class ExpandBackward0(Op):
    """out = a broadcast to a larger shape (no copy);  da = g summed over the broadcast dims (by the engine)"""

    @staticmethod
    def forward(ctx, a, shape):
        lead = len(shape) - a.ndim
        if lead < 0:
            raise RuntimeError(f'expand({_type_name(a)}{{{list(a.shape)}}}, size={list(shape)}): the number of '
                               f'sizes provided ({len(shape)}) must be greater or equal to the number of dimensions '
                               f'in the tensor ({a.ndim})')
        shape = tuple(a.shape[i - lead] if s == -1 and i >= lead else s for i, s in enumerate(shape))
        for i, n in reversed(list(enumerate(a.shape))):     # from the last dim, as PyTorch names the last that differs
            if n != 1 and n != shape[lead + i]:
                raise RuntimeError(f'The expanded size of the tensor ({shape[lead + i]}) must match the existing '
                                   f'size ({n}) at non-singleton dimension {lead + i}.  Target sizes: {list(shape)}.'
                                   f'  Tensor sizes: {list(a.shape)}')
        if shape[lead:] == a.shape and not any(n != 1 for n in shape[:lead]):  # nothing repeats: a writable view
            return a.reshape(shape)
        return expand_view(a, shape)

    @staticmethod
    def backward(ctx, g):
        return g


class PermuteBackward0(Op):
    """out = a with its dims reordered;  da = g with the inverse order"""

    @staticmethod
    def forward(ctx, a, dims):
        ctx.dims = tuple(normalize_dim(d, a.ndim) for d in dims)
        if len(dims) == a.ndim and len(set(ctx.dims)) < a.ndim:
            raise RuntimeError('permute(): duplicate dims are not allowed.')
        if sorted(ctx.dims) != list(range(a.ndim)):
            raise RuntimeError('permute(sparse_coo): number of dimensions in the tensor input does not match the '
                               f'length of the desired ordering of dimensions i.e. input.dim() = {a.ndim} is not '
                               f'equal to len(dims) = {len(dims)}')
        return a.transpose(ctx.dims)

    @staticmethod
    def backward(ctx, g):
        inverse = [0] * len(ctx.dims)
        for i, d in enumerate(ctx.dims):
            inverse[d] = i
        return grad_utils.permute(g, inverse)


class TransposeBackward0(Op):
    """out = a with two dims swapped;  da = g with them swapped back"""

    @staticmethod
    def forward(ctx, a, dim0, dim1):
        ctx.d = normalize_dim(dim0, a.ndim), normalize_dim(dim1, a.ndim)
        return a.swapaxes(*ctx.d) if a.ndim else a[...]

    @staticmethod
    def backward(ctx, g):
        return g.swapaxes(*ctx.d) if g.ndim or grad_utils.is_tensor(g) else g     # (a Tensor: TransposeBackward0)


class TransposeBackward1(TransposeBackward0):
    """a.transpose_(dim0, dim1) (swapaxes_, swapdims_): out = a with two dims swapped, a itself taking its shape and
    strides (the memory is untouched);  da = g with them swapped back"""


class TBackward0(TransposeBackward0):
    """out = a.t(), the 2-D transpose (a view of a itself for fewer dims);  da = g^T"""

    @staticmethod
    def forward(ctx, a, dim0=0, dim1=1):
        ctx.d = (0, 1) if a.ndim == 2 else None     # a 0-d or 1-d tensor is its own transpose
        return a.swapaxes(0, 1) if ctx.d else a.view()

    @staticmethod
    def backward(ctx, g):
        if grad_utils.is_tensor(g):
            return g.t()
        return g.swapaxes(*ctx.d) if ctx.d else g


class TBackward1(TBackward0):
    """a.t_(): a takes the shape and strides of its transpose, out = a^T (the memory is untouched);  da = g^T"""


class SqueezeBackward0(Op):
    """out = a without size-1 dims;  da = g with them put back"""

    @staticmethod
    def forward(ctx, a, dim=None):
        ctx.shape = a.shape
        dims = range(a.ndim) if dim is None else {normalize_dim(d, a.ndim) for d in
                                                  ((dim,) if isinstance(dim, int) else dim)}
        ctx.removed = [i for i in sorted(dims) if a.ndim and a.shape[i] == 1]
        return a.reshape(tuple(n for i, n in enumerate(a.shape) if i not in ctx.removed))

    @staticmethod
    def backward(ctx, g):
        if not grad_utils.is_tensor(g):
            return g.reshape(ctx.shape)
        for i in ctx.removed:       # PyTorch's unsqueeze_to: one unsqueeze per removed dim (UnsqueezeBackward0)
            g = g.unsqueeze(i)
        return g


class SqueezeBackward1(SqueezeBackward0):
    """squeeze(dim): out = a without the size-1 dim;  da = g reshaped back"""


class SqueezeBackward2(SqueezeBackward0):
    """squeeze(dims): out = a without those of the dims that have size 1;  da = g reshaped back"""


class SqueezeBackward3(SqueezeBackward0):
    """a.squeeze_(): out = a without size-1 dims, a itself taking that shape (the memory is untouched);
    da = g reshaped back"""


class SqueezeBackward4(SqueezeBackward0):
    """squeeze_(dim): out = a without the size-1 dim;  da = g reshaped back"""


class SqueezeBackward5(SqueezeBackward0):
    """a.squeeze_(dims): out = a without those of the dims that have size 1, a itself taking that shape;
    da = g reshaped back"""


class UnsqueezeBackward0(Op):
    """out = a with a new size-1 dim;  da = g without it"""

    @staticmethod
    def forward(ctx, a, dim):
        ctx.shape, ctx.dim = a.shape, normalize_dim(dim, a.ndim + 1)
        return a.reshape(a.shape[:ctx.dim] + (1,) + a.shape[ctx.dim:])

    @staticmethod
    def backward(ctx, g):
        return g.squeeze(ctx.dim) if grad_utils.is_tensor(g) else g.reshape(ctx.shape)


class UnsqueezeBackward1(UnsqueezeBackward0):
    """a.unsqueeze_(dim): out = a with a new size-1 dim, a itself taking that shape (the memory is untouched);
    da = g reshaped back"""


class CatBackward0(Op):
    """out = cat(a_1, ..., a_k) along dim;  da_i = g[the slice along dim where a_i sits]
    (PyTorch's legacy rule: a 1-D empty a_i, of shape (0,), is left out and gets zeros, outside any graph)"""
    @staticmethod
    def forward(ctx, *arrays, dim=0):
        for i, a in enumerate(arrays):
            if a.ndim == 0:
                raise RuntimeError(f'zero-dimensional tensor (at position {i}) cannot be concatenated')
        kept = [i for i, a in enumerate(arrays) if a.shape != (0,)] or list(range(len(arrays)))
        first = arrays[kept[0]]
        ctx.dim = d = normalize_dim(dim, first.ndim)
        for i in kept:
            a = arrays[i]
            if a.ndim != first.ndim:
                raise RuntimeError(f'Tensors must have same number of dimensions: got {first.ndim} and {a.ndim}')
            for j, (n, m) in enumerate(zip(first.shape, a.shape)):
                if j != d and n != m:
                    raise RuntimeError(f'Sizes of tensors must match except in dimension {d}. Expected size {n} '
                                       f'but got size {m} for tensor number {i} in the list.')
        ctx.sizes = [a.shape[d] if i in kept else None for i, a in enumerate(arrays)]
        xp = get_array_module(*arrays)     # contiguous, as PyTorch's (numpy's keeps Fortran order)
        return xp.ascontiguousarray(xp.concatenate([arrays[i] for i in kept], axis=d))

    @staticmethod
    def backward(ctx, g):
        start, grads = 0, []
        for n, (shape, _) in zip(ctx.sizes, ctx.input_metas):
            if shape == (0,):   # a 1-D empty input (left out, unless all were): zeros, outside any graph
                grads.append(grad_utils.zeros(shape, g))
            else:
                grads.append(narrowed(g, ctx.dim, start, n))
            start += n or 0
        return tuple(grads)


def narrowed(g, dim, start, length):
    """g.narrow(dim, start, length): on a Tensor (create_graph) recorded as narrow, SliceBackward0 even where it
    keeps all of g, as PyTorch's formulas narrow; on an array its slice."""
    if grad_utils.is_tensor(g):
        return g.narrow(dim, start, length)
    return g[(slice(None),) * dim + (slice(start, start + length),)]


class StackBackward0(Op):
    """out = stack(a_1, ..., a_k) along a new dim;  da_i = g[i] along that dim"""
    @staticmethod
    def forward(ctx, *arrays, dim=0):
        ctx.dim = normalize_dim(dim, arrays[0].ndim + 1)
        for i, a in enumerate(arrays):
            if a.shape != arrays[0].shape:
                raise RuntimeError(f'stack expects each tensor to be equal size, but got {list(arrays[0].shape)} '
                                   f'at entry 0 and {list(a.shape)} at entry {i}')
        xp = get_array_module(*arrays)     # contiguous, as PyTorch's (numpy's follows its inputs' strides)
        return xp.ascontiguousarray(xp.stack(arrays, axis=ctx.dim))

    @staticmethod
    def backward(ctx, g):
        lead = (slice(None),) * ctx.dim
        return tuple(g[lead + (i,)] for i in range(g.shape[ctx.dim]))


# -- the public ops ---------------------------------------------------------------------------------------
@export(function=False)
def view(input, *shape, size=None, dtype=None):
    """x.view(2, 6), x.view((2, 6)), x.view(size=(2, 6)), or the same memory as another dtype: x.view(dtype)."""
    if len(shape) == 1 and isinstance(shape[0], dtypes.dtype) or dtype is not None:
        return view_dtype(input, dtype or shape[0])
    return views.view_of(ViewBackward0, input, shape=sizes_arg('view', shape, 'size', size))


def view_dtype(input, dtype):
    """The same memory read as another dtype (its last dim scaled by the ratio of the element sizes), sharing the
    version counter; as in PyTorch, no gradient flows through it."""
    a, np_dtype = input._data, dtype.np
    if a.itemsize != np_dtype.itemsize:
        names = f'{dtypes.title(a.dtype)} as {dtypes.title(np_dtype)} (different element sizes)'
        if a.ndim == 0:
            raise RuntimeError(f'self.dim() cannot be 0 to view {names}')
        if np_dtype.itemsize > a.itemsize and a.shape[-1] % (np_dtype.itemsize // a.itemsize):
            raise RuntimeError(f'self.size(-1) must be divisible by {np_dtype.itemsize // a.itemsize} to view {names}, '
                               f'but got {a.shape[-1]}')
        if a.shape[-1] != 1 and a.strides[-1] != a.itemsize:
            raise RuntimeError(f'self.stride(-1) must be 1 to view {names}, but got {a.strides[-1] // a.itemsize}')
    return type(input)._make(a.view(np_dtype), vc=input._vc)


@export()
def reshape(input, *shape):
    shape = sizes_arg('reshape', shape, 'shape', None)
    try:    # as PyTorch: a view of a contiguous tensor is a view, of another a reshape alias
        return views.view_of(ViewBackward0 if input.is_contiguous() else ReshapeAliasBackward0, input, shape=shape)
    except RuntimeError as e:   # no view of this memory has that shape: as PyTorch, a copy (clone) is viewed
        if not str(e).startswith('view size is not compatible'):
            raise
    return UnsafeViewBackward0.apply(input.clone(memory_format=dtypes.contiguous_format), shape=shape)


@export(function=False)
def view_as(input, other):
    return view(input, other.shape)


@export(function=False)
def reshape_as(input, other):
    return reshape(input, other.shape)


@export()
def flatten(input, start_dim=0, end_dim=-1):
    s, e = normalize_dim(start_dim, input.ndim), normalize_dim(end_dim, input.ndim)
    if input.ndim == 0:
        return reshape(input, 1)
    if s > e:
        raise RuntimeError('flatten() has invalid args: start_dim cannot come after end_dim')
    if s == e:
        return input
    shape = input.shape
    return reshape(input, shape[:s] + (math.prod(shape[s:e + 1]),) + shape[e + 1:])


@export(method=False)
def broadcast_shapes(*shapes):
    """The shape that tensors of `shapes` (tuples or ints) broadcast to, without making them."""
    shapes = [(s,) if isinstance(s, int) else tuple(s) for s in shapes]
    result = [1] * max(map(len, shapes), default=0)
    for index, shape in enumerate(shapes):
        for i in range(-1, -len(shape) - 1, -1):
            if shape[i] == 1 or shape[i] == result[i]:
                continue
            if result[i] != 1 or shape[i] < 0:
                raise RuntimeError(f'Attempting to broadcast a dimension of length {shape[i]} at {i}! Mismatching '
                                   f'argument at index {index} had {shape}; but expected shape should be '
                                   f'broadcastable to {result}')
            result[i] = shape[i]
    return Size(result)


@export()
def ravel(input):
    """The elements as one dim: a view, of a contiguous copy where the memory does not allow one."""
    return view(input.contiguous(), -1)


@export()
def unflatten(input, dim, sizes):
    d = normalize_dim(dim, input.ndim)     # splitting one dim always fits the strides: a view, as PyTorch's
    if not sizes:
        raise RuntimeError('unflatten: sizes must be non-empty')
    known, n = math.prod(s for s in sizes if s != -1), input.shape[d] if input.ndim else 1
    if (n != known if -1 not in sizes else known == 0 or n % known) and list(sizes).count(-1) < 2:
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {d} ({n}) "
                           'in the input tensor')
    return view(input, input.shape[:d] + tuple(sizes) + input.shape[d + 1:])


@export()
def squeeze(input, dim=None):
    if dim is None:
        return views.view_of(SqueezeBackward0, input)
    if isinstance(dim, (tuple, list)):
        return views.view_of(SqueezeBackward2, input, dim=as_ints(dim))
    return views.view_of(SqueezeBackward1, input, dim=as_int(dim))


@export(function=False)
def squeeze_(input, dim=None):
    """In place, as PyTorch: input becomes the view squeeze() would give (new shape, same memory)."""
    if dim is None:
        return views.set_metadata(input, SqueezeBackward3)
    node = SqueezeBackward4 if isinstance(dim, int) else SqueezeBackward5
    return views.set_metadata(input, node, dim=dim)


@export()
def unsqueeze(input, dim):
    return views.view_of(UnsqueezeBackward0, input, dim=dim)


@export(function=False)
def unsqueeze_(input, dim):
    return views.set_metadata(input, UnsqueezeBackward1, dim=dim)


@export(function=False)
def expand(input, *sizes, size=None):
    return views.view_of(ExpandBackward0, input, shape=sizes_arg('expand', sizes, 'size', size))


@export(function=False)
def expand_as(input, other):
    return expand(input, other.shape)


@export()
def broadcast_to(input, size):
    return expand(input, size)


@export()
def permute(input, *dims):
    return views.view_of(PermuteBackward0, input, dims=sizes_arg('permute', dims, 'dims', None))


@export('swapaxes', 'swapdims')
def transpose(input, dim0, dim1):
    return views.view_of(TransposeBackward0, input, dim0=dim0, dim1=dim1)


@export('swapaxes_', 'swapdims_', function=False)
def transpose_(input, dim0, dim1):
    return views.set_metadata(input, TransposeBackward1, dim0=dim0, dim1=dim1)


@export()
def adjoint(input):
    """The conjugate transpose of the last two dims; minigrad's tensors are real, so their transpose."""
    if input.ndim == 0:
        warnings.warn('adjoint() is deprecated on 0-D tensors. Consider using x.conj().')
        return conj(input)
    if input.ndim == 1:
        raise RuntimeError('tensor.adjoint() is only supported on matrices or batches of matrices. Got 1-D tensor.')
    return transpose(input, -2, -1)


@export('resolve_conj', 'resolve_neg', 'conj_physical')
def conj(input):
    """The complex conjugate: minigrad's tensors are real, so the tensor itself (as PyTorch gives for real ones)."""
    return input if isinstance(input, Tensor) else not_a_tensor(input)


@export(method=False)
def real(input):
    """The real part: the tensor itself (minigrad's tensors are real; x.real is the property, tensor.py)."""
    return input if isinstance(input, Tensor) else not_a_tensor(input)


@export(method=False)
def imag(input):
    """The imaginary part, which a real tensor has not: PyTorch's error (x.imag too, tensor.py)."""
    raise RuntimeError('imag is not implemented for tensors with non-complex dtypes.')


@export()
def t(input):
    if input.ndim > 2:
        raise RuntimeError(f't() expects a tensor with <= 2 dimensions, but self is {input.ndim}D')
    return views.view_of(TBackward0, input)


@export(function=False)
def t_(input):
    """In place, as PyTorch: input becomes the view t() would give (new shape and strides, same memory)."""
    if input.ndim > 2:
        raise RuntimeError(f't_() expects a tensor with <= 2 dimensions, but self is {input.ndim}D')
    return views.set_metadata(input, TBackward1)


@export('concat', 'concatenate', method=False)
def cat(tensors, dim=0, *, out=None):
    """Join tensors along an existing dim."""
    tensors = list(tensors)
    if not tensors:
        raise ValueError('torch.cat(): expected a non-empty list of Tensors')
    return write_out(CatBackward0.apply(*promoted(tensors), dim=dim), out, 'cat')


@export(method=False)
def stack(tensors, dim=0, *, out=None):
    """Join tensors along a new dim."""
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError('stack expects a non-empty TensorList')
    return write_out(StackBackward0.apply(*promoted(tensors), dim=dim), out, 'stack')


def promoted(tensors):
    """The tensors in their common dtype, as PyTorch promotes (int64 with float32 is float32)."""
    dtype = tensors[0]._data.dtype
    for t in tensors[1:]:
        dtype = dtypes.promote_types(dtype, t._data.dtype)
    return [cast(t, dtype) for t in tensors]
