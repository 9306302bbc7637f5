"""Dimension and shape arguments checked and normalised as PyTorch does (negative dims count from the end)."""
import numbers


def normalize_dim(dim, ndim):
    lo, hi = (-ndim, ndim - 1) if ndim else (-1, 0)
    if not lo <= dim <= hi:
        raise IndexError(f'Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})')
    return dim % max(ndim, 1)


def normalize_dims(dims, ndim):
    """A sorted tuple of non-negative dims (numpy axes); None (or ()) means all of them. A 0-d tensor takes dim 0
    or -1, as PyTorch allows, and has no axis to give numpy: ()."""
    if dims is None:
        return tuple(range(ndim))
    if dims.__class__ is int or isinstance(dims, numbers.Integral):     # (numpy's ints too)
        dims = (dims,)
    elif dims == () or dims == []:
        return tuple(range(ndim))
    out = sorted(normalize_dim(d, ndim) for d in dims)
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


def shape_arg(shape):
    """f(2, 3), f((2, 3)) and f(torch.Size([2, 3])) all mean the shape (2, 3)."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    return tuple(int(s) for s in shape)


def sizes_arg(fn, args, name, value):
    """The sizes given to fn as `args` (as shape_arg reads them) or by keyword (name=value, an int or a sequence):
    x.tile(2, 2), x.tile((2, 2)) and x.tile(dims=(2, 2)). PyTorch's TypeError when neither is given."""
    if args:
        return shape_arg(args)
    if value is None:
        raise TypeError(f'{fn}() missing 1 required positional arguments: "{name}"')
    return shape_arg((value,))


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
