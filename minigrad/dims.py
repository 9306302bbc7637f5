"""Dimension and shape arguments checked and normalised as PyTorch does (negative dims count from the end)."""
import functools
import inspect
import operator


# -- an int argument given something else -------------------------------------------------------------------------
class NotInts(TypeError):
    """PyTorch's TypeError (its argument parser's words) for an argument that takes an int (a dim) or a tuple of
    ints (a shape, dims) given something else: `value` as given, and where it is a sequence (or the sizes given one
    by one, `spread`) the index `k` of its first item that is no int. Where the argument is read its name may be
    unknown (normalize_dim): the op's wrapper (functions/table.checked) finds it among the call's arguments and
    names it (`named`); `position` counts input as 1, a method's call one less (`method`)."""
    def __init__(self, value, ints=False, k=None, spread=False):
        super().__init__()
        self.value, self.ints, self.k, self.spread = value, ints, k, spread
        self.fn = self.arg = self.position = None
        self.method = False

    def named(self, fn, arg, position, method=False):
        self.fn, self.arg, self.position, self.method = fn, arg, position, method
        return self

    def __str__(self):
        fn, arg, value, k = self.fn or 'op', self.arg or 'dim', self.value, self.k
        position = None if self.position is None else self.position - self.method
        where = '' if position is None else f' (position {position})'
        if k:   # (an item after the first: PyTorch's parser has taken the argument as a tuple of ints)
            return (f"{fn}(): argument '{arg}' failed to unpack the object at pos {k + 1} with error \"type must be "
                    f'tuple of ints,but got {type_name(value[k])}"')
        if k == 0 and self.spread and len(value) > 1:   # f(2.0, 3): not sizes one by one, so too many arguments
            taken = 1 if position is None else position
            return (f'{fn}() takes {taken} positional argument{"s" * (taken > 1)} but {taken + len(value) - 1} '
                    'were given')
        if k == 0 and not self.spread and position is not None:
            return f"{fn}(): argument '{arg}'{where} must be tuple of ints, but found element of type " \
                   f'{type_name(value[0])} at pos 0'
        shown = value[0] if self.spread else value
        return f"{fn}(): argument '{arg}'{where} must be {'tuple of ints' if self.ints else 'int'}, not " \
               f'{type_name(shown)}'


def type_name(value):
    """How PyTorch's parser names a value's type: Python's name of its class, with the module for one written in C
    outside the builtins ('numpy.float64')."""
    kind = type(value)
    heap_type = kind.__flags__ & (1 << 9)   # Py_TPFLAGS_HEAPTYPE: a class written in Python
    return kind.__name__ if heap_type or kind.__module__ == 'builtins' else f'{kind.__module__}.{kind.__qualname__}'


def named_after_argument(error, name, fn, args, kwargs, method=False):
    """NotInts `error` raised in the op fn named `name` (called with `args`, input first, and `kwargs`), named after
    the argument that holds its value (fn's parameter; its position as the function form counts it)."""
    code = inspect.unwrap(fn).__code__
    params = code.co_varnames[:code.co_argcount + bool(code.co_flags & inspect.CO_VARARGS)]
    for i, value in enumerate(args):
        if value is error.value:
            return error.named(name, params[min(i, len(params) - 1)], i + 1, method)
    return error.named(name, next((k for k, v in kwargs.items() if v is error.value), None), None, method)


def parses_ints(fn=None, *, method=False, name=None):
    """Decorator: a factory's (or a Tensor `method`'s) NotInts, for the sizes and counts it reads, as PyTorch's
    TypeError naming the op `name` (fn's own name by default; an op's wrapper does this for an op of the table,
    functions/table.checked)."""
    if fn is None:
        return functools.partial(parses_ints, method=method, name=name)

    @functools.wraps(fn)
    def parsed(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except NotInts as e:
            e = e if e.fn else named_after_argument(e, name or fn.__name__, fn, args, kwargs, method)
            raise TypeError(str(e)) from None
    return parsed


def as_int(value):
    """value as an int, as PyTorch's parser takes one: an int, a numpy integer, an integer 0-d tensor (anything with
    __index__), not a bool or a float (NotInts)."""
    if value.__class__ is int:
        return value
    if isinstance(value, bool):
        raise NotInts(value)
    try:
        return operator.index(value)
    except TypeError:
        raise NotInts(value) from None


def as_ints(values, spread=False):
    """A tuple of ints from a sequence (or the sizes given one by one: `spread`): NotInts at the first item that is
    no int, a value that is no sequence."""
    if not isinstance(values, (tuple, list)):
        raise NotInts(values, ints=True)
    ints = []
    for k, v in enumerate(values):
        try:
            ints.append(v if v.__class__ is int else as_int(v))
        except NotInts:
            raise NotInts(values, ints=True, k=k, spread=spread) from None
    return tuple(ints)


def normalize_dim(dim, ndim):
    if dim.__class__ is not int:
        dim = as_int(dim)
    lo, hi = (-ndim, ndim - 1) if ndim else (-1, 0)
    if not lo <= dim <= hi:
        raise IndexError(f'Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})')
    return dim % max(ndim, 1)


def normalize_dims(dims, ndim):
    """A sorted tuple of non-negative dims (numpy axes); None (or ()) means all of them. A 0-d tensor takes dim 0
    or -1, as PyTorch allows, and has no axis to give numpy: ()."""
    if dims is None:
        return tuple(range(ndim))
    if not isinstance(dims, (tuple, list)):     # one dim (numpy's ints, a 0-d integer tensor too)
        try:
            dims = (as_int(dims),)
        except NotInts:
            raise NotInts(dims, ints=True) from None
    elif not dims:
        return tuple(range(ndim))
    out = sorted(normalize_dim(d, ndim) for d in as_ints(dims))
    for d, e in zip(out, out[1:]):
        if d == e:
            raise RuntimeError(f'dim {d} appears multiple times in the list of dims')
    return tuple(out) if ndim else ()


def reduced_dim(name, shape, dim):
    """dim, normalised, for max/min/argmax/argmin (`name`): PyTorch's error when it has size 0."""
    d = normalize_dim(dim, len(shape))
    if len(shape) and shape[d] == 0:
        raise IndexError(f'{name}(): Expected reduction dim {d} to have non-zero size.')
    return d


def check_broadcast(*shapes):
    """The shape that `shapes` broadcast to, or PyTorch's error when they do not (numpy's ValueError does not say
    which dimension). As PyTorch: the shape so far (a) broadcast with each next one (b) in turn, from the last dim."""
    out = tuple(shapes[0])
    for shape in shapes[1:]:
        if shape == out:
            continue
        ndim = max(len(out), len(shape))
        a, b = (1,) * (ndim - len(out)) + out, (1,) * (ndim - len(shape)) + tuple(shape)
        for d in range(ndim - 1, -1, -1):
            if a[d] != b[d] and 1 not in (a[d], b[d]):
                raise RuntimeError(f'The size of tensor a ({a[d]}) must match the size of tensor b ({b[d]}) at '
                                   f'non-singleton dimension {d}')
        out = tuple(n if n != 1 else m for n, m in zip(a, b))
    return out


def check_inplace_shape(shape, other):
    """An in-place op writes a result of the broadcast shape into `shape`: PyTorch's errors when it cannot."""
    if shape == other:
        return
    result = check_broadcast(shape, other)
    if result != tuple(shape):
        raise RuntimeError(f"output with shape {list(shape)} doesn't match the broadcast shape {list(result)}")


def check_sizes(shape):
    """`shape`, for a new tensor: PyTorch's error for a negative size."""
    for n in shape:
        if n < 0:
            raise RuntimeError(f'Trying to create tensor with negative dimension {n}: {list(shape)}')
    return shape


def keepdim_shape(shape, axes):
    """`shape` with the reduced axes kept as size 1."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def shape_arg(shape, fn, name='size', position=1):
    """f(2, 3), f((2, 3)) and f(torch.Size([2, 3])) all mean the shape (2, 3): the sizes given to the op `fn` as its
    argument `name` at `position` (input counted as 1), each an int (PyTorch's TypeError, NotInts, for another)."""
    try:
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            return as_ints(shape[0])
        return as_ints(shape, spread=True) if len(shape) != 1 else (as_int(shape[0]),)
    except NotInts as e:
        raise (NotInts(shape[0], ints=True) if e.k is None else e).named(fn, name, position) from None


def sizes_arg(fn, args, name, value, position=2):
    """The sizes given to fn as `args` (as shape_arg reads them) or by keyword (name=value, an int or a sequence):
    x.tile(2, 2), x.tile((2, 2)) and x.tile(dims=(2, 2)). PyTorch's TypeError when neither is given."""
    if args:
        return shape_arg(args, fn, name, position)
    if value is None:
        raise TypeError(f'{fn}() missing 1 required positional arguments: "{name}"')
    return shape_arg((value,), fn, name, None)


# -- memory formats: the order of a dense tensor's dims in memory ----------------------------------------------------
CHANNELS_LAST_RANKS = {'channels_last': 4, 'channels_last_3d': 5}


def memory_order(memory_format, ndim):
    """The dims of a tensor of `ndim` dims from the outermost in memory to the innermost in `memory_format`: C order,
    or channels last (N, (D,) H, W, C: PyTorch's error for a tensor of another rank)."""
    rank = CHANNELS_LAST_RANKS.get(memory_format.name)
    if rank is None:
        return tuple(range(ndim))
    if ndim != rank:
        raise RuntimeError(f'required rank {rank} tensor to use {memory_format.name} format')
    return (0, *range(2, ndim), 1)


def is_dense_in(shape, strides, order):
    """Whether `strides` (in elements) lay `shape` out without gaps with its dims in `order`, outermost first; the
    strides of size-1 dims do not count (PyTorch's is_contiguous)."""
    expected = 1
    for d in reversed(order):
        if shape[d] != 1:
            if strides[d] != expected:
                return False
            expected *= shape[d]
    return True
