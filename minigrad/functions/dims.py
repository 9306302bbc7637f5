"""Dimension arguments checked and normalised as PyTorch does (negative dims count from the end)."""


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
    return tuple(sorted(normalize_dim(d, ndim) for d in dims))


def keepdim_shape(shape, axes):
    """`shape` with the reduced axes kept as size 1."""
    return tuple(1 if i in axes else n for i, n in enumerate(shape))
