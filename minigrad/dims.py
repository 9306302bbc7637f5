"""Dimension and shape arguments checked and normalised as PyTorch does (negative dims count from the end)."""


def normalize_dim(dim, ndim):
    lo, hi = (-ndim, ndim - 1) if ndim else (-1, 0)
    if not lo <= dim <= hi:
        raise IndexError(f'Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})')
    return dim % max(ndim, 1)


def normalize_dims(dims, ndim):
    """A sorted tuple of non-negative dims; None (or ()) means all of them."""
    if dims is None or dims == () or dims == []:
        return tuple(range(ndim))
    if isinstance(dims, int):
        dims = (dims,)
    out = sorted(normalize_dim(d, ndim) for d in dims)
    for d, e in zip(out, out[1:]):
        if d == e:
            raise RuntimeError(f'dim {d} appears multiple times in the list of dims')
    return tuple(out)


def check_broadcast(*shapes):
    """PyTorch's error when the shapes do not broadcast (numpy's ValueError does not say which dimension)."""
    ndim = max(len(s) for s in shapes)
    for i in range(1, ndim + 1):
        sizes = [s[-i] for s in shapes if len(s) >= i and s[-i] != 1]
        if any(n != sizes[0] for n in sizes):
            other = next(n for n in sizes if n != sizes[0])
            raise RuntimeError(f'The size of tensor a ({sizes[0]}) must match the size of tensor b ({other}) at '
                               f'non-singleton dimension {ndim - i}')


def keepdim_shape(shape, axes):
    """`shape` with the reduced axes kept as size 1."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))


def shape_arg(shape):
    """f(2, 3), f((2, 3)) and f(torch.Size([2, 3])) all mean the shape (2, 3)."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    return tuple(int(s) for s in shape)
