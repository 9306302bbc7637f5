"""Tensors built from the entries of others: block_diag, diagflat, vander, cartesian_prod and combinations. Each is
composed of recorded ops as PyTorch composes it (so their nodes are PyTorch's: DiagEmbedBackward0, FlipBackward0,
StackBackward0), except block_diag, one node."""
from .compare import constant
from .broadcast import meshgrid
from .masked import masked_select
from .operands import cast
from .reorder import flip
from .scan import cumprod
from . import grad_utils
from .shape import narrowed, stack
from .table import export
from .triangle import diag_embed
from .. import dtypes
from ..autograd.function import Op
from .. import backend
from ..backend import get_array_module
from ..tensor import Tensor


class BlockDiagBackward0(Op):
    """out = the matrices a_k (0-d and 1-d ones as 1 x n) on the diagonal of a zero matrix, each below and to the
    right of the one before;  da_k = g.narrow(0, r_k, rows_k).narrow(1, c_k, cols_k), g's block at a_k's place,
    squeezed to a_k's dims (a 1-D empty a_k: zeros, outside any graph)"""

    @staticmethod
    def forward(ctx, *blocks):
        xp = get_array_module(*blocks)
        blocks = [b.reshape(1, -1) if b.ndim < 2 else b for b in blocks]
        ctx.places, r, c = [], 0, 0
        for b in blocks:
            ctx.places.append((r, b.shape[0], c, b.shape[1]))
            r, c = r + b.shape[0], c + b.shape[1]
        out = xp.zeros((r, c), blocks[0].dtype)
        for b, (r, rows, c, cols) in zip(blocks, ctx.places):
            out[r:r + rows, c:c + cols] = b
        return out

    @staticmethod
    def backward(ctx, g):
        return tuple(block_grad(g, place, shape) for place, (shape, _) in zip(ctx.places, ctx.input_metas))


def block_grad(g, place, shape):
    """The gradient of the block at place (row, rows, col, cols) of block_diag's result, for an input of `shape`."""
    r, rows, c, cols = place
    if shape == (0,):
        return grad_utils.zeros(shape, g)
    block = narrowed(narrowed(g, 0, r, rows), 1, c, cols)
    if not grad_utils.is_tensor(g):
        return block    # the engine reshapes it to the input's shape
    for _ in range(2 - len(shape)):     # PyTorch's squeeze(-1) per dim the input lacks (a 1-D input's 1 x n block
        block = block.squeeze(-1)       # stays so where n > 1: the engine sums its leading dim away)
    return block


@export(method=False)
def block_diag(*tensors):
    for i, t in enumerate(tensors):
        if t.ndim > 2:
            raise RuntimeError(f'torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has '
                               f'{t.ndim} dimensions')
    if not tensors:         # PyTorch's empty block matrix has one row
        return Tensor._make(backend.module_for(None).zeros((1, 0), dtypes.get_default_dtype().np))
    dtype = dtypes.promote_all(dims=[t._data.dtype for t in tensors])
    return BlockDiagBackward0.apply(*[cast(t, dtype) for t in tensors])


@export()
def diagflat(input, offset=0):
    """A square matrix with input's elements (flattened) on its `offset` diagonal."""
    return diag_embed(input.contiguous().view(-1), offset)


@export(method=False)
def vander(x, N=None, increasing=False):
    """The Vandermonde matrix: columns x^(N-1), ..., x, 1 (increasing: 1, x, ..., x^(N-1)); integers give int64."""
    if x.ndim != 1:
        raise RuntimeError('x must be a one-dimensional tensor.')
    n = x.shape[0] if N is None else N
    if n < 0:
        raise RuntimeError('N must be non-negative.')
    dtype = dtypes.promote_types(x._data.dtype, dtypes.int64.np)
    result = constant(x, x.xp.empty((x.shape[0], n), dtype))     # filled in place, as PyTorch
    if n > 0:
        result.select(1, 0).fill_(1)
        if n > 1:
            result[:, 1:].copy_(x.unsqueeze(1))
            result[:, 1:].copy_(cumprod(result[:, 1:], 1))
    return result if increasing else flip(result, (1,))


def vector(t):
    if t.ndim != 1:
        raise RuntimeError(f'Expect a 1D vector, but got shape {list(t.shape)}')
    return t


@export(method=False)
def cartesian_prod(*tensors):
    """Every tuple taking one element from each 1-D tensor, one row each (itertools.product's order)."""
    tensors = [vector(t) for t in tensors]
    if len(tensors) == 1:
        return tensors[0]
    return stack([g.flatten() for g in meshgrid(*tensors, indexing='ij')], 1)


@export(method=False)
def combinations(input, r=2, with_replacement=False):
    """Every r-element combination of input's elements in index order (itertools.combinations), one row each."""
    vector(input)
    if r < 0:
        raise RuntimeError(f'Expect a non-negative number, but got {r}')
    if r == 0:
        return constant(input, input.xp.empty((0,), input._data.dtype))
    grids = meshgrid(*[input] * r, indexing='ij')
    xp, n = input.xp, input.shape[0]
    index = xp.indices((n,) * r)
    mask = xp.ones((n,) * r, bool)
    for k in range(r - 1):
        mask &= index[k] <= index[k + 1] if with_replacement else index[k] < index[k + 1]
    mask = constant(input, mask)
    return stack([masked_select(g, mask) for g in grids], 1)
