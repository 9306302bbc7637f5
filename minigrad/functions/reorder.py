"""Ops that put the same elements in another order: flip (fliplr, flipud), roll, rot90 (copies) and movedim (a
view: a permute). Each backward is the op undoing itself: the same op with the order reversed."""
from . import grad_utils
from .shape import permute
from .table import export
from ..autograd import views
from ..backend import get_array_module
from ..autograd.function import Op
from ..dims import as_int, as_ints, normalize_dim, normalize_dims, shape_arg, sizes_arg


class FlipBackward0(Op):
    """out = a reversed along dims (a copy);  da = g reversed along the same dims"""

    @staticmethod
    def forward(ctx, a, dims):
        ctx.dims = normalize_dims(dims, a.ndim) if dims else ()
        return get_array_module(a).flip(a, ctx.dims).copy(order='K')     # in a's layout, as PyTorch

    @staticmethod
    def backward(ctx, g):
        return grad_utils.run(FlipBackward0, g, dims=ctx.dims)


class RollBackward0(Op):
    """out[i] = a[(i - shift) mod n] along each dim (over the flattened tensor when dims is empty);
    da = g rolled back by -shift"""

    @staticmethod
    def forward(ctx, a, shifts, dims):
        if not shifts:
            raise RuntimeError('`shifts` required')
        if len(shifts) != len(dims) and (dims or len(shifts) != 1):
            raise RuntimeError(f'shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}')
        ctx.shifts, ctx.dims = shifts, tuple(normalize_dim(d, a.ndim) for d in dims)
        if a.ndim == 0:
            return a.copy()
        xp = get_array_module(a)
        return xp.ascontiguousarray(xp.roll(a, shifts if dims else shifts[0], ctx.dims or None))

    @staticmethod
    def backward(ctx, g):
        return grad_utils.run(RollBackward0, g, shifts=tuple(-s for s in ctx.shifts), dims=ctx.dims)


class Rot90Backward0(Op):
    """out = a turned k quarter turns in the plane of dims, from dims[0] towards dims[1];  da = g turned -k times"""

    @staticmethod
    def forward(ctx, a, k, dims):
        if len(dims) != 2:
            raise RuntimeError(f'expected total rotation dims == 2, but got dims = {len(dims)}')
        if a.ndim < 2:
            raise RuntimeError(f'expected total dims >= 2, but got total dims = {a.ndim}')
        d0, d1 = normalize_dim(dims[0], a.ndim), normalize_dim(dims[1], a.ndim)
        if d0 == d1:
            raise RuntimeError(f'expected rotation dims to be different, but got dim0 = {dims[0]} and '
                               f'dim1 = {dims[1]}')
        ctx.k, ctx.dims = k, (d0, d1)
        xp, k = get_array_module(a), k % 4
        if k == 0:
            return a.copy()     # a contiguous clone
        if k == 2:
            return xp.flip(a, (d0, d1)).copy(order='K')
        # as PyTorch: one dim flipped into a new tensor, which is returned transposed (not contiguous)
        return xp.flip(a, d1 if k == 1 else d0).copy(order='K').swapaxes(d0, d1)

    @staticmethod
    def backward(ctx, g):
        return grad_utils.run(Rot90Backward0, g, k=-ctx.k, dims=ctx.dims)


class AliasBackward0(Op):
    """out = a itself, seen again (a view: movedim of a 0-d tensor);  da = g"""

    @staticmethod
    def forward(ctx, a):
        return a[...]

    @staticmethod
    def backward(ctx, g):
        return g


# -- the public ops ---------------------------------------------------------------------------------------
@export()
def flip(input, *args, dims=None):
    """torch.flip(x, dims), x.flip(0, 1), x.flip([0, 1]) or flip(x, dims=...)."""
    return FlipBackward0.apply(input, dims=sizes_arg('flip', args, 'dims', dims))


@export()
def fliplr(input):
    if input.ndim < 2:
        raise RuntimeError('Input must be >= 2-d.')
    return FlipBackward0.apply(input, dims=(1,))


@export()
def flipud(input):
    if input.ndim < 1:
        raise RuntimeError('Input must be >= 1-d.')
    return FlipBackward0.apply(input, dims=(0,))


@export()
def roll(input, shifts, dims=None):
    as_tuple = lambda v, name, at: shape_arg((v,), 'roll', name, at) if v is not None else ()  # noqa: E731
    return RollBackward0.apply(input, shifts=as_tuple(shifts, 'shifts', 2), dims=as_tuple(dims, 'dims', 3))


@export()
def rot90(input, k=1, dims=(0, 1)):
    return Rot90Backward0.apply(input, k=as_int(k), dims=as_ints(dims))


@export('moveaxis')
def movedim(input, source, destination):
    """The dims `source` moved to the places `destination`, the others keeping their order: a permute (a view)."""
    source, destination = shape_arg((source,), 'movedim', 'source', 2), shape_arg((destination,), 'movedim', 'destination', 3)
    if len(source) != len(destination):
        raise RuntimeError(f'movedim: Invalid source or destination dims: source ({list(source)} dims) should '
                           f'contain the same number of dims as destination ({list(destination)} dims)')
    n = input.ndim
    if n == 0 and source in ((), (0,), (-1,)) and destination in ((), (0,), (-1,)):
        return views.view_of(AliasBackward0, input)
    src, dst = [normalize_dim(d, n) for d in source], [normalize_dim(d, n) for d in destination]
    for name, dims, given in (('source', src, source), ('destination', dst, destination)):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f'movedim: repeated dim in `{name}` ({list(given)})')
    rest = iter(d for d in range(n) if d not in src)
    moved = dict(zip(dst, src))
    return permute(input, tuple(moved[i] if i in moved else next(rest) for i in range(n)))
