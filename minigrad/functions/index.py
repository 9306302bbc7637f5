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
            return a[key]
        except IndexError as e:
            raise index_error(e, a.ndim) from None

    def backward(self, g):
        return scatter_add(g, self.shape, self.key)


class Slice(Select):
    """out = a[key] with a slice in key (a view);  da = zeros(a.shape) with g added at key"""
    grad_fn_name = 'SliceBackward0'


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
        self.keep = get_array_module(a).ones(a.shape, bool)
        self.keep[key] = False
        self.key = key
        return out

    def backward(self, g):
        return g * self.keep, g[self.key]


def index_class(key):
    """PyTorch names the node after the kind of key: Select (ints), Slice, or Index (index arrays)."""
    if not is_basic(key):
        return Index
    return Slice if any(isinstance(k, slice) or k is None or k is Ellipsis for k in key) else Select
