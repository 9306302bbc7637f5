"""The view ops' copying forms, as PyTorch's torch.view_copy, permute_copy, ...: each is its view op run inside
views.copies(), so the result holds the view's values in memory of its own (contiguous), and its node is the view
node's `_copy` twin (PermuteBackward0_copy: the view node's forward, copied, and its backward). No math of their own
(view_copy's twin, ViewBackward0_copy, copies its input first: PyTorch's takes any input, as reshape does)."""
from .table import export
from .. import dtypes
from ..autograd import views
from ..dims import as_int, sizes_arg
from ..tensor import Tensor
from . import index as indexing, reorder, scatter_views, shape, slices, strided, triangle
from .nodiff import NotImplemented as _NotImplemented
from .operands import write_out


def copied(name, view, *args, out=None):
    """view(*args) run inside views.copies(), written into out= if given (by the op `name`)."""
    with views.copies():
        result = view(*args)
    if out is None:
        return result
    if isinstance(result, tuple):   # (unbind_copy, split_copy: out= a list of tensors; they return None then)
        for r, o in zip(result, out):
            write_out(r, o, None)
        return None
    if result.requires_grad:    # PyTorch's out= form has no derivative: out gets a NotImplemented node
        result = _NotImplemented.apply(args[0], out=result._data, aten=name)
    return write_out(result, out, None)


@export(method=False)
def view_copy(input, size, *, out=None):
    """x.view(size) (or x.view(dtype)) as a new tensor."""
    if isinstance(size, dtypes.dtype):      # (the same memory read as another dtype: no view node to copy)
        return write_out(shape.view(input, size).clone(memory_format=dtypes.contiguous_format), out, None)
    shape_ = sizes_arg('view_copy', (size,), 'size', None)
    return copied('view_copy', lambda x: ViewBackward0_copy.apply(x, shape=shape_), input, out=out)


class ViewBackward0_copy(shape.ViewBackward0):
    """out = a's values in C order seen with another shape, in memory of its own (PyTorch's view_copy takes
    reshape's path where a cannot be viewed so);  da = g reshaped back"""

    @staticmethod
    def forward(ctx, a, shape):
        return ViewBackward0_copy.__base__.forward(ctx, a.copy(order='C'), shape)


@export(method=False)
def expand_copy(input, size, *, implicit=False, out=None):
    return copied('expand_copy', shape.expand, input, size, out=out)


@export(method=False)
def permute_copy(input, dims, *, out=None):
    return copied('permute_copy', shape.permute, input, dims, out=out)


@export(method=False)
def select_copy(input, dim, index, *, out=None):
    return copied('select_copy', indexing.select, input, dim, index, out=out)


@export(method=False)
def slice_copy(input, dim=0, start=None, end=None, step=1, *, out=None):
    """input[..., start:end:step] along dim, as a new tensor."""
    return copied('slice_copy', scatter_views.sliced, input, dim, start, end, as_int(step), out=out)


@export(method=False)
def squeeze_copy(input, dim=None, *, out=None):
    return copied('squeeze_copy', shape.squeeze, input, dim, out=out)


@export(method=False)
def unsqueeze_copy(input, dim, *, out=None):
    return copied('unsqueeze_copy', shape.unsqueeze, input, dim, out=out)


@export(method=False)
def t_copy(input, *, out=None):
    return copied('t_copy', shape.t, input, out=out)


@export(method=False)
def transpose_copy(input, dim0, dim1, *, out=None):
    return copied('transpose_copy', shape.transpose, input, dim0, dim1, out=out)


@export(method=False)
def diagonal_copy(input, offset=0, dim1=0, dim2=1, *, out=None):
    return copied('diagonal_copy', triangle.diagonal, input, offset, dim1, dim2, out=out)


@export(method=False)
def alias_copy(input, *, out=None):
    return copied('alias_copy', lambda x: views.view_of(reorder.AliasBackward0, x), input, out=out)


@export(method=False)
def unfold_copy(input, dimension, size, step, *, out=None):
    return copied('unfold_copy', slices.unfold, input, dimension, size, step, out=out)


@export(method=False)
def as_strided_copy(input, size, stride, storage_offset=None, *, out=None):
    return copied('as_strided_copy', strided.as_strided, input, size, stride, storage_offset, out=out)


@export(method=False)
def unbind_copy(input, dim=0, *, out=None):
    return copied('unbind_copy', indexing.unbind, input, dim, out=out)


@export(method=False)
def split_copy(input, split_size, dim=0, *, out=None):
    return copied('split_copy', indexing.split, input, as_int(split_size), dim, out=out)


@export(method=False)
def split_with_sizes_copy(input, split_sizes, dim=0, *, out=None):
    return copied('split_with_sizes_copy', indexing.split, input, list(split_sizes), dim, out=out)


@export(method=False)
def detach_copy(input, *, out=None):
    """x.detach() as a new tensor; PyTorch records it as a NotImplemented node (no derivative for detach_copy)."""
    if not isinstance(input, Tensor):
        return input.detach()   # (the table's TypeError)
    return write_out(_NotImplemented.apply(input, out=input._data.copy(order='C'), aten='detach_copy'), out, None)
