"""Indexing: x[key] and x[key] = v. Basic keys (ints, slices, None, Ellipsis) give views;
integer or boolean index arrays pick copies, and their backward adds up repeated indices."""
from ..autograd.function import Function
from ..backend import get_array_module, scatter_add as backend_scatter_add
from .grad_utils import is_tensor


def index_error(error, ndim):
    """numpy's IndexError in PyTorch's words: 'index 5 is out of bounds for dimension 0 with size 3'."""
    if str(error).startswith('too many indices'):
        return IndexError(f'too many indices for tensor of dimension {ndim}')
    return IndexError(str(error).replace('for axis', 'for dimension'))


def is_basic(key):
    return all(k is None or k is Ellipsis or isinstance(k, (int, slice)) for k in key)


class Select(Function):
    """out = a[key];  da = zeros(a.shape) with g added at key"""
    grad_fn_name = 'SelectBackward0'
    is_view = True

    def forward(self, a, key):
        self.shape, self.key = a.shape, key
        try:
            out = a[key]
        except IndexError as e:
            raise index_error(e, a.ndim) from None
        return out if isinstance(out, type(a)) else a[key + (Ellipsis,)]  # a 0-d view, not numpy's scalar copy

    def backward(self, g):
        return scatter_add(g, self.shape, self.key)


class Slice(Select):
    """out = a[key] with a slice in key (a view);  da = zeros(a.shape) with g added at key"""
    grad_fn_name = 'SliceBackward0'


class Split(Slice):
    """One part of split(n)/chunk: out = a[key], a slice along the split dim;  da = zeros(a.shape) with g at key"""
    grad_fn_name = 'SplitBackward0'


class SplitWithSizes(Slice):
    """One part of split([sizes]): out = a[key];  da = zeros(a.shape) with g at key"""
    grad_fn_name = 'SplitWithSizesBackward0'


class Unbind(Select):
    """One part of unbind(dim): out = a[key], an index along dim;  da = zeros(a.shape) with g at key"""
    grad_fn_name = 'UnbindBackward0'


class Index(Select):
    """out = a[idx] for index arrays (a copy);  da = zeros(a.shape) with g added at idx, repeats adding up"""
    grad_fn_name = 'IndexBackward0'
    is_view = False


class ScatterAdd(Function):
    """out = zeros(shape) with g added at key (the backward of indexing, itself differentiable);  dg = gout[key]"""
    grad_fn_name = 'IndexBackwardBackward0'

    def forward(self, g, shape, key):
        self.key = key
        out = get_array_module(g).zeros(shape, g.dtype)
        if is_basic(key):       # no index repeats: a plain write is enough
            out[key] = g
        else:
            backend_scatter_add(out, key, g)
        return out

    def backward(self, gout):
        return gout[self.key]


def scatter_add(g, shape, key):
    if is_tensor(g):
        return ScatterAdd.apply(g, shape=shape, key=key)
    return ScatterAdd().forward(g, shape, key)


class IndexPut(Function):
    """out = a with out[key] = v;  da = g with zeros at key,  dv = g[key]"""
    def forward(self, a, v, key):
        out = a.copy()
        try:
            out[key] = v
        except IndexError as e:
            raise index_error(e, a.ndim) from None
        self.mark(a, key)
        return out

    def mark(self, a, key):
        """Remember `key`, and a mask that is False where it writes (the elements whose old values are gone)."""
        self.key, self.keep = key, get_array_module(a).ones(a.shape, bool)
        self.keep[key] = False

    def backward(self, g):
        return g * self.keep, g[self.key]


class CopySlices(IndexPut):
    """The node an in-place op on a view leaves on the view's base `a`. The op has already written its result v
    through the view, so out = a itself, whose elements at key (the view's, see view_key) now hold v;
    da = g with zeros at key,  dv = g[key]"""
    grad_fn_name = 'CopySlices'

    def forward(self, a, v, key):
        self.mark(a, key)
        return a


class AsStrided(Index):
    """A view's node remade after an in-place op changed its base's graph: out = a[key] (the view's elements,
    see view_key);  da = zeros(a.shape) with g added at key"""
    grad_fn_name = 'AsStridedBackward0'


def view_key(base, steps):
    """Where the elements of a view of `base` sit in it: an index array per base dim, in the view's shape.
    `steps` are the view ops (class, params) that took the view; they are replayed on an array of positions
    laid out in memory as `base` is (so every view that worked on base works on it)."""
    xp = get_array_module(base)
    pos = xp.empty_like(base, dtype=xp.int64)
    pos[...] = xp.arange(base.size).reshape(base.shape)
    for cls, params in steps:
        pos = cls().forward(pos, **params)
    return xp.unravel_index(pos, base.shape)


def index_class(key):
    """PyTorch names the node after the kind of key: Select (ints), Slice, or Index (index arrays)."""
    if not is_basic(key):
        return Index
    return Slice if any(isinstance(k, slice) or k is None or k is Ellipsis for k in key) else Select
