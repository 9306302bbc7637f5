"""Indexing: x[key] and x[key] = v. Basic keys (ints, slices, None, Ellipsis) give views;
integer or boolean index arrays pick copies, and their backward adds up repeated indices."""
import itertools
import numbers
import warnings

from .arguments import must_be
from .grad_utils import is_tensor, zeros
from .operands import as_operand
from .shape import ExpandBackward0, cat, stack
from .table import export
from .. import backend, dtypes
from ..backend import get_array_module, scatter_add as scatter_add_at
from ..autograd import views
from ..autograd.function import MultiOutputOp, Op
from ..autograd.views import scatter_add
from ..dims import as_int, as_ints, normalize_dim
from ..tensor import Tensor


def index_error(error, ndim, key=()):
    """numpy's IndexError in PyTorch's words: 'index 5 is out of bounds for dimension 0 with size 3' (index arrays
    into a size-0 dim: 'index is out of bounds for dimension with size 0')."""
    if str(error).startswith('too many indices'):
        return IndexError(f'too many indices for tensor of dimension {ndim}')
    if str(error).endswith('with size 0') and not is_basic(key):
        return IndexError('index is out of bounds for dimension with size 0')
    return IndexError(str(error).replace('for axis', 'for dimension'))


def is_basic(key):
    return all(k is None or k is Ellipsis or isinstance(k, (int, slice)) for k in key)


class SelectBackward0(Op):
    """out = a[key];  da = zeros(a.shape) with g added at key"""

    @staticmethod
    def forward(ctx, a, key):
        ctx.shape, ctx.key = a.shape, key
        try:
            out = a[key]
        except IndexError as e:
            raise index_error(e, a.ndim, key) from None
        return out if isinstance(out, type(a)) else a[key + (Ellipsis,)]  # a 0-d view, not numpy's scalar copy

    @staticmethod
    def backward(ctx, g):
        return scatter_add(g, ctx.shape, ctx.key, views.indexing_node(ctx.shape, ctx.key))


class SliceBackward0(SelectBackward0):
    """out = a[key] with a slice in key (a view);  da = zeros(a.shape) with g added at key (PyTorch's slice_backward
    even for a slice of a whole dim: narrow(0, 0, n), x[0:1] of one element)"""

    @staticmethod
    def backward(ctx, g):
        node = views.indexing_node(ctx.shape, ctx.key)
        return scatter_add(g, ctx.shape, ctx.key,
                           views.SliceBackwardBackward0 if node is views.IndexBackwardBackward0 else node)


class UnsqueezeBackward0(SelectBackward0):
    """out = a[key] where the last step of key adds a size-1 dim (x[None], x[0, None]);  da = g with the dim
    dropped, added at key"""


class AliasBackward0(SelectBackward0):
    """out = a[key] for a key that keeps all of a (x[...], x[:, :]), a view of the whole;  da = g"""

    @staticmethod
    def backward(ctx, g):
        return g


class SplitBackward0(MultiOutputOp):
    """split(n)/chunk, one node for all the parts (views): out_k = a[keys[k]], slices along the split dim;
    da = zeros(a.shape) with each part's gradient g_k added at keys[k] (none for a part that got no gradient)"""

    joined = staticmethod(cat)      # (unbind's parts are stacked)

    @staticmethod
    def forward(ctx, a, keys):
        parts = tuple(SelectBackward0.forward(ctx, a, key) for key in keys)
        ctx.keys = keys
        return parts

    @staticmethod
    def backward(ctx, *grads):
        given = [(g, key) for g, key in zip(grads, ctx.keys) if g is not None]
        if isinstance(given[0][0], Tensor):    # create_graph: PyTorch's formula, recorded: the parts' gradients
            zeros = given[0][0].new_zeros(ctx.shape)       # (for a part that got none)
            return ctx.joined([g if g is not None else zeros[key] for g, key in zip(grads, ctx.keys)],
                              len(ctx.keys[0]) - 1)
        da = get_array_module(given[0][0]).zeros(ctx.shape, given[0][0].dtype)
        for g, key in given:
            da[key] = g     # the parts do not overlap: one array, not one per part
        return da


class SplitWithSizesBackward0(SplitBackward0):
    """split([sizes]), one node for all the parts: out_k = a[keys[k]];  da = zeros(a.shape), each g_k at keys[k]"""


class UnbindBackward0(SplitBackward0):
    """unbind(dim), one node for all the parts: out_k = a[keys[k]], an index along dim;  da = zeros(a.shape) with
    each g_k at keys[k]"""
    joined = staticmethod(stack)


class IndexBackward0(SelectBackward0):
    """out = a[idx] for index arrays (a copy);  da = zeros(a.shape) with g added at idx, repeats adding up.
    The index tensors are saved: an in-place change to one before backward is PyTorch's error."""
    tensor_params = ('key',)

    @staticmethod
    def forward(ctx, a, key):     # a contiguous copy, as PyTorch's (numpy's may have the picked dim outermost)
        ctx.save_for_backward(*[k for k in key if hasattr(k, 'shape')])
        return get_array_module(a).ascontiguousarray(SelectBackward0.forward(ctx, a, key))

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors       # raises if an index tensor changed in place since forward
        return scatter_add(g, ctx.shape, ctx.key, views.IndexPutImplBackward0)


class IndexPutBackward0(Op):
    """out = a with out[key] = v (x[idx] = v with index arrays, recorded);  da = g.index_put(key, zeros_like(v)),
    g with zeros at key;  dv = g[key].
    accumulate (index_put): out = a with v added at key, repeats adding up;  da = g,  dv = g[key]"""
    tensor_params = ('key',)

    @staticmethod
    def forward(ctx, a, v, key, accumulate=False):
        ctx.key, ctx.value_shape, ctx.accumulate = key, v.shape, accumulate
        if accumulate:      # da = g keeps an efficient zero (autograd.gradients.MATERIALIZE: not so without)
            ctx.zero_rule = (False, False)
        out = a.copy()
        try:
            if accumulate:
                scatter_add_at(out, key, get_array_module(a).broadcast_to(v, a[key].shape))
            else:
                out[key] = v
        except IndexError as e:
            raise index_error(e, a.ndim, key) from None
        except ValueError:
            value_shape_error(v, a[key])
        return out

    @staticmethod
    def backward(ctx, g):
        if ctx.accumulate:
            return g, g[ctx.key]
        # da = g.index_put(key, zeros_like(v)), recorded under create_graph (not by grad_utils.run: the key is a tuple)
        zero = zeros(ctx.value_shape, g)
        da = IndexPutBackward0.apply(g, zero, key=ctx.key) if is_tensor(g) else \
            IndexPutBackward0.forward(IndexPutBackward0(), g, zero, ctx.key)
        return da, g[ctx.key]


def value_shape_error(value, selected):
    """PyTorch's error for x[idx] = value with index arrays, when value does not broadcast to x[idx]."""
    raise RuntimeError(f'shape mismatch: value tensor of shape {list(value.shape)} cannot be broadcast to indexing '
                       f'result of shape {list(selected.shape)}')


def index_class(key, shape, single):
    """PyTorch names the node after the last step it takes: Index (index arrays), else the last of Select (an int),
    Slice, Unsqueeze (None); in a tuple key (not `single`) a slice that keeps its whole dim is no step, and a key
    with no step gives Alias."""
    if not is_basic(key):
        return IndexBackward0
    if single:
        return {int: SelectBackward0, slice: SliceBackward0, type(None): UnsqueezeBackward0}.get(type(key[0]),
                                                                                             AliasBackward0)
    last, dim = AliasBackward0, 0
    for k in key:
        if k is Ellipsis:
            dim += len(shape) - sum(isinstance(j, (int, slice)) for j in key)
        elif k is None:
            last = UnsqueezeBackward0
        elif isinstance(k, int):
            last, dim = SelectBackward0, dim + 1
        else:
            whole = k.start in (None, 0) and k.step in (None, 1) and (
                k.stop is None or dim < len(shape) and k.stop >= shape[dim])
            last, dim = (last if whole else SliceBackward0), dim + 1
    return last


def zero_dim_check(input, key):
    """PyTorch's errors for an int or a slice alone indexing a 0-d tensor."""
    if input.ndim == 0 and isinstance(key, numbers.Integral) and not isinstance(key, bool):
        raise IndexError('invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in '
                         'C++ to convert a 0-dim tensor to a number')
    if input.ndim == 0 and isinstance(key, slice):
        raise IndexError('slice() cannot be applied to a 0-dim tensor.')


def index_key(key, device):
    """The key as a tuple (a single index becomes a 1-tuple) whose index arrays are Tensors on `device` (the indexed
    tensor's): the user's own index Tensor where it is there already (the ops version-check it), a new one for a
    list, an array or an index on another device. Ops get their arrays (Op.tensor_params). As PyTorch: numpy's
    integer scalars and 0-d signed-integer tensors or arrays are ints (a select, whose dim goes), and uint8 index
    tensors are masks."""
    if not isinstance(key, tuple):
        key = (key,)
    out = []
    for k in key:
        if k is None or k is Ellipsis or k.__class__ is int or k.__class__ is slice and k.step is None:
            out.append(k)       # (the usual keys, first: an index is a few us)
            continue
        if backend.is_array_scalar(k):
            if k.dtype.kind not in 'iu':
                raise IndexError('only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables '
                                 f'are valid indices (got numpy.{type(k).__name__})')
            k = int(k)
        elif isinstance(k, Tensor):
            if k.is_cuda and k.device != device:
                raise RuntimeError(f'indices should be either on cpu or on the same device as the indexed tensor '
                                   f'({device})')
            if k._data.dtype.kind == 'f':
                raise IndexError('tensors used as indices must be long, int, byte or bool tensors')
            if k.device != device:
                k = Tensor._make(backend.to_device(k._data, device))
        elif isinstance(k, slice) and k.step is not None and k.step <= 0:
            raise ValueError('step must be greater than zero')
        elif isinstance(k, (list, tuple, range, bool)):     # (a bool: a 0-d mask, as PyTorch's)
            k = Tensor._make(backend.module_for(device).asarray(k))
        elif hasattr(k, 'shape'):
            k = Tensor._make(backend.to_device(k, device))
        elif isinstance(k, numbers.Integral) and not isinstance(k, bool):
            k = int(k)
        elif isinstance(k, numbers.Number):
            raise IndexError('only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are '
                             f'valid indices (got {type(k).__name__})')
        if isinstance(k, Tensor):
            kind = k._data.dtype.kind
            if kind == 'i' and not k._data.ndim:
                k = int(k.item())
            elif kind == 'u':           # PyTorch's old byte masks
                if k.ndim:              # (a 0-d one: no warning)
                    warnings.warn('indexing with dtype minigrad.uint8 is now deprecated, please use a dtype '
                                  'minigrad.bool instead.')
                k = Tensor._make(k._data != 0)
        out.append(k)
    return tuple(out)


def byte_mask_fill(key, value):
    """PyTorch's error for a byte (uint8) mask in the key of a setitem that fills (a number or a 0-d value)."""
    fills = isinstance(value, numbers.Number) or isinstance(value, Tensor) and value.ndim == 0
    keys = key if isinstance(key, tuple) else (key,)
    if fills and any(getattr(k, 'dtype', None) in ('uint8', dtypes.uint8) and not backend.is_array_scalar(k)
                     for k in keys):
        raise RuntimeError('masked_fill_ only supports boolean masks, but got mask with dtype unsigned char')


def checked_first(input, key):
    """PyTorch's indexing errors that come before its first op: too many indices, a leading int out of range."""
    used = sum(k.ndim if isinstance(k, Tensor) and k._data.dtype == bool else 1 for k in key
               if k is not None and k is not Ellipsis)
    if used > input.ndim or key and type(key[0]) is int:
        SelectBackward0.forward(SelectBackward0(), input._data, key if used > input.ndim else key[:1])


def apply_index(cls, input, key):
    """Index with `key` through the node class `cls`: a view for a basic key, a copy for index arrays."""
    if input._view is not None and input._view.sync(input, check=False):    # a view whose base changed: PyTorch's
        checked_first(input, key)   # indexing checks some of the key before its first op (whose autograd raises)
    return views.view_of(cls, input, key=key) if is_basic(key) else cls.apply(input, key=key)


@export(function=False)
def __getitem__(input, key):
    zero_dim_check(input, key)
    single = not isinstance(key, tuple)
    key = index_key(key, input.device)
    if not is_basic(key):
        view, arrays = split_key(key)
        if index_class(view, input.shape, False) is not AliasBackward0:
            return __getitem__(__getitem__(input, view), arrays)
    return apply_index(index_class(key, input.shape, single), input, key)


def split_key(key):
    """A key with index arrays as PyTorch takes it: first the view its ints, slices and None take (the arrays' dims
    kept whole), then the arrays alone on that view. (numpy counts the ints as index arrays, which orders the dims
    otherwise when a slice or None lies between them: x[0, :, [1, 2]].) A 0-d bool mask adds a dim, which the
    index [0] (True) or [] (False) then takes."""
    view, arrays = [], []
    for k in key:
        if not isinstance(k, Tensor):
            view.append(k)
            if type(k) is not int:
                arrays.append(k if k is Ellipsis else slice(None))
        elif k._data.dtype == bool and not k.ndim:
            view.append(None)
            arrays.append(Tensor._make(get_array_module(k._data).zeros(int(k._data), 'int64')))
        else:       # (a bool mask spans mask.ndim dims)
            view += [slice(None)] * (k.ndim if k._data.dtype == bool else 1)
            arrays.append(k)
    return tuple(view), tuple(arrays)


@export(function=False)
def __setitem__(input, key, value):
    views.check_mutable(input, views.IMMUTABLE_COPY)
    zero_dim_check(input, key)
    byte_mask_fill(key, value)
    key = index_key(key, input.device)
    if not is_basic(key):   # as __getitem__: PyTorch writes through the view the basic part takes (CopySlices)
        view, arrays = split_key(key)
        if index_class(view, input.shape, False) is not AliasBackward0:
            return __setitem__(__getitem__(input, view), arrays, value)
    if isinstance(value, numbers.Number):
        value = dtypes.checked_value(value, input._data.dtype)
    value = given = as_operand(value, input)
    if value.ndim and value.shape[0] == 1:     # leading size-1 dims of value are dropped first, as PyTorch does
        value = value.view(value.shape[next((i for i, n in enumerate(value.shape) if n != 1), value.ndim):])
    basic = is_basic(key)
    written = None
    record = input._view    # a part of unbind/split, a view made in no_grad mode: PyTorch's error names the node of
    part_error = record is not None and (record.output_nr is not None or     # the view written (Select for x[0])
                                         record.steps is None and input._base._requires_grad)
    if basic:   # as PyTorch: the elements selected (its IndexError), the value expanded to them, then the write
        written = SelectBackward0.forward(SelectBackward0(), input._data, key)
        alias = index_class(key, input.shape, False) is AliasBackward0
        if not alias:   # taking the part, in grad mode: PyTorch's error for a view whose base changed
            views.check_read(input)
        if given.ndim and given.shape != written.shape:     # PyTorch views the value (its autograd reads it)
            views.check_read(given)     # to expand it; one of the part's shape or 0-d goes to copy_/fill_ as it is,
        ExpandBackward0.forward(ExpandBackward0(), value._data, written.shape)  # whose target is checked first
        if views.has_repeats(written) and input._data.dtype.kind in 'fc':    # PyTorch's autograd errors first
            views.check_inplace(__getitem__(input, key) if part_error else input, value, view=True)
        views.check_no_repeats(written)     # (an advanced key writes even an expanded tensor: PyTorch warns)
        if given.shape == written.shape:    # as PyTorch: a value of the part's shape is copied as it is (its
            value = given                   # strides count in the overlap check), another one expanded (a
        elif given.ndim and value.shape != written.shape:   # repeat: no check), a 0-d one fills
            value = value.expand(written.shape)
            if written.size == 1 and get_array_module(written).may_share_memory(written, value._data):
                views.check_inplace(__getitem__(input, key) if part_error else input, value, view=True)
                raise views.partial_overlap()   # (PyTorch's autograd errors first) one element onto itself,
                                                # expanded: its stride (0) differs
        if alias:   # x[:] = v, x[...] = v: PyTorch writes into x itself: a 0-d value fills it (FillBackward3),
            # another is copied (CopyBackwards)
            input.fill_(value) if value.ndim == 0 and input.ndim else input.copy_(value)
            return
        if part_error:
            __getitem__(input, key).copy_(value)
            return
    # (a 0-d value fills the part, as PyTorch's: no overlap to check, even on the part's own memory; a value copied
    # into an integer part meets no autograd check, as PyTorch's copy_)
    copied = basic and input._data.dtype.kind not in 'fc' and not (given.ndim == 0 and written.ndim)
    if views.records(input, value, view=basic, written=written, overlap=given.ndim > 0, autograd=not copied):
        if basic:       # a basic key writes through a view, as in PyTorch
            __getitem__(input, key).copy_(value)
        else:
            views.set_inplace(input, IndexPutBackward0.apply(views.snapshot(input), value, key=key))
        return
    if not basic and views.has_repeats(input._data[basic_part(key)]):     # PyTorch's warnings, which still writes
        views.expanded_warning('index_put_', 'tensor[indices] = tensor')
        if len(key) == 1 and isinstance(key[0], Tensor) and key[0].dtype == dtypes.bool and value.ndim == 0:
            views.expanded_warning('masked_fill_', 'tensor[mask] = scalar')
    key = tuple(k._data if isinstance(k, Tensor) else k for k in key)
    # with no elements there is nothing to write: an expanded empty tensor (read-only in numpy) gets the checks alone
    target = input._data if input._data.size else input._data.copy()
    try:
        target[key] = value._data
    except IndexError as e:
        raise index_error(e, input.ndim, key) from None
    except ValueError:  # PyTorch's words for a value that does not broadcast to the selection
        views.check_writeable(input)
        value_shape_error(value, input._data[key])
    input._vc[0] += 1


def basic_part(key):
    """The key with every index tensor replaced by full slices of the dims it indexes: the view PyTorch's indexing
    takes before its index_put_."""
    part = []
    for k in key:
        if isinstance(k, Tensor):
            part += [slice(None)] * (k.ndim if k.dtype == dtypes.bool else 1)
        else:
            part.append(k)
    return tuple(part)


@export()
def split(tensor, split_size_or_sections, dim=0):
    """Views of consecutive parts along dim: of split_size each (the last may be smaller), or of the sizes listed."""
    keys, sections = split_keys(tensor, split_size_or_sections, dim)
    return views.views_of(SplitWithSizesBackward0 if sections else SplitBackward0, SliceBackward0, tensor, keys)


def split_keys(tensor, split_size, dim):
    """The slices of split(tensor, split_size, dim), and whether split_size lists the sizes."""
    sections = isinstance(split_size, (list, tuple))
    split_size = as_ints(split_size) if sections else as_int(split_size)
    views.check_read(tensor)    # (a stale part of split/unbind: PyTorch's autograd error before split's own)
    if tensor.ndim == 0:
        raise RuntimeError('split expects at least a 1-dimensional tensor')
    if not sections and split_size < 0:
        raise RuntimeError(f'split expects split_size be non-negative, but got split_size={split_size}')
    d = normalize_dim(dim, tensor.ndim)
    n = tensor._data.shape[d]
    if not sections and split_size == 0 and n:
        raise RuntimeError(f'split_size can only be 0 if dimension size is 0, but got dimension size of {n}')
    if sections and any(s < 0 for s in split_size):
        raise RuntimeError('split_with_sizes expects split_sizes have only non-negative entries, but got '
                           f'split_sizes={list(split_size)}')
    # a size-0 dim splits into one empty piece, whatever the split_size (0 included)
    sizes = split_size if sections else [min(split_size, n - i) for i in range(0, n, split_size or 1)] or [0]
    if sum(sizes) != n:
        raise RuntimeError(f'split_with_sizes expects split_sizes to sum exactly to {n} (input tensor\'s size at '
                           f'dimension {dim}), but got split_sizes={list(sizes)}')
    starts = itertools.accumulate(sizes, initial=0)
    return [(slice(None),) * d + (slice(start, start + size),) for start, size in zip(starts, sizes)], sections


def export_counting_positions(make):
    """Export make(first) as a function (torch.f(x, n): PyTorch's TypeError counts x, so n is at position 2) and as
    a method (x.f(n): n at position 1), both under make's name."""
    export(name=make.__name__, method=False)(make(2))
    export(name=make.__name__, function=False)(make(1))


def checked_type(name, arg, value, types, expected, position):
    """PyTorch's TypeError when `value`, argument `arg` of `name`, is none of `types`."""
    if not isinstance(value, types):
        raise TypeError(must_be(name, arg, position, value, expected))
    return value


@export_counting_positions
def split_with_sizes(position):
    def split_with_sizes(input, split_sizes, dim=0):
        """split() into parts of the given sizes, which must add up to the size of dim."""
        checked_type('split_with_sizes', 'split_sizes', split_sizes, (list, tuple), 'tuple of ints', position)
        return split(input, list(split_sizes), dim)
    return split_with_sizes


@export()
def chunk(input, chunks, dim=0):
    return split(input, chunk_size(input, as_int(chunks), dim), dim)


def chunk_size(input, chunks, dim):
    """The split size that cuts dim into `chunks` parts (fewer where they would be empty)."""
    if chunks <= 0:
        raise RuntimeError(f'chunk expects `chunks` to be greater than 0, got: {chunks}')
    if input.ndim == 0:
        raise RuntimeError('chunk expects at least a 1-dimensional tensor')
    n = input._data.shape[normalize_dim(dim, input.ndim)]
    return max(1, -(-n // chunks))


# -- the unsafe forms: parts on the tensor's memory that are not views of it (an in-place change of one is not
# tracked by autograd), from one node, as PyTorch's
class UnsafeSplitBackward0(SplitBackward0):
    """unsafe_split(n)/unsafe_chunk: out_k = a[keys[k]], sharing a's memory;  da = zeros(a.shape), each g_k at keys[k]"""


class UnsafeSplitWithSizesBackward0(SplitBackward0):
    """unsafe_split_with_sizes: out_k = a[keys[k]], sharing a's memory;  da = zeros(a.shape), each g_k at keys[k]"""


@export_counting_positions
def unsafe_split(position):
    def unsafe_split(tensor, split_size, dim=0):
        checked_type('unsafe_split', 'split_size', split_size, int, 'int', position)
        return UnsafeSplitBackward0.apply(tensor, keys=split_keys(tensor, split_size, dim)[0])
    return unsafe_split


@export_counting_positions
def unsafe_split_with_sizes(position):
    def unsafe_split_with_sizes(input, split_sizes, dim=0):
        checked_type('unsafe_split_with_sizes', 'split_sizes', split_sizes, (list, tuple), 'tuple of ints', position)
        return UnsafeSplitWithSizesBackward0.apply(input, keys=split_keys(input, list(split_sizes), dim)[0])
    return unsafe_split_with_sizes


@export()
def unsafe_chunk(input, chunks, dim=0):
    return UnsafeSplitBackward0.apply(input, keys=split_keys(input, chunk_size(input, chunks, dim), dim)[0])


@export()
def unbind(input, dim=0):
    views.check_read(input)
    if input.ndim == 0:
        raise IndexError('Dimension specified as 0 but tensor has no dimensions')
    d = normalize_dim(dim, input.ndim)
    keys = [(slice(None),) * d + (i,) for i in range(input._data.shape[d])]
    return views.views_of(UnbindBackward0, SelectBackward0, input, keys)


@export()
def select(input, dim, index):
    """The slice at `index` of dim (a negative index counts from the end), one dim fewer: a view."""
    if input.ndim == 0:
        raise IndexError('select() cannot be applied to a 0-dim tensor.')
    d, index = normalize_dim(dim, input.ndim), as_int(index)
    size = input._data.shape[d]
    if not -size <= index < size:
        raise IndexError(f'select(): index {index} out of range for tensor of size {list(input.shape)} at dimension '
                         f'{d}')
    return views.view_of(SelectBackward0, input, key=(slice(None),) * d + (index % size,))


@export()
def narrow(input, dim, start, length):
    """The `length` elements of dim from `start` (a negative start counts from the end), a view."""
    return views.view_of(SliceBackward0, input, key=narrow_key(input, dim, start, length))


def narrow_key(input, dim, start, length):
    """The basic key of narrow(input, dim, start, length), after PyTorch's checks."""
    if input.ndim == 0:
        raise RuntimeError('narrow() cannot be applied to a 0-dim tensor.')
    d = normalize_dim(dim, input.ndim)
    n = input._data.shape[d]
    start, length = as_int(start), as_int(length)      # (start a 0-dim integer tensor too, as PyTorch)
    if not -n <= start <= n:
        raise IndexError(f'start out of range (expected to be in range of [{-n}, {n}], but got {start})')
    if length < 0:
        raise RuntimeError('narrow(): length must be non-negative.')
    start = start + n if start < 0 else start
    if start + length > n:
        raise RuntimeError(f'start ({start}) + length ({length}) exceeds dimension size ({n}).')
    return (slice(None),) * d + (slice(start, start + length),)
