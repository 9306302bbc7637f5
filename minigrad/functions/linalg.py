"""Matrix products. A 1-D left operand acts as a row, a 1-D right operand as a column.
Both operands must have the same dtype: PyTorch refuses float32 @ float64 rather than promoting."""
import math

from . import grad_utils
from .arguments import NotAnOperand
from .elementwise import MulBackward1
from .operands import as_operand, write_out
from .shape import SqueezeBackward4, UnsafeViewBackward0
from .table import export
from ..autograd.function import Op
from ..backend import device_of, get_array_module
from ..dims import check_broadcast
from ..dtypes import not_implemented, title
from ..tensor import Tensor

# the C type names in PyTorch's mm message: 'expected m1 and m2 to have the same dtype, but got: float != double'
C_NAMES = {'float16': 'c10::Half', 'float32': 'float', 'float64': 'double', 'int64': 'long int', 'int32': 'int',
           'int16': 'short int', 'int8': 'signed char', 'uint8': 'unsigned char', 'bool': 'bool'}



class BmmBackward0(Op):
    """out = a @ b for 3-D a, b (a batch of matrices);  da = g @ b^T,  db = a^T @ g (each a bmm again)"""

    kernel = 'bmm'     # PyTorch's kernel, named in its error for bools
    mat2_first = True  # PyTorch checks its saved mat2 before self (mv's and dot's: self first)

    @staticmethod
    def forward(ctx, a, b):
        empty = ctx.kernel == 'bmm' and not (a.size and b.size)    # PyTorch's bmm: zeros in b's dtype, no dtype check
        if empty and b.dtype.kind not in 'fc' and any(ctx.needs_input_grad):    # (an a that requires grad then
            raise RuntimeError(f'Autograd not support dtype: {title(b.dtype)}')    # asks for an integer gradient)
        if a.dtype != b.dtype and not empty:
            ctx.dtype_error(a, b)
        if a.dtype.kind == 'b' and not (ctx.kernel != 'dot' and not (a.size and b.size)):
            not_implemented(ctx.kernel, a.dtype)    # (PyTorch's mm, mv and bmm run no kernel on no elements)
        ka, kb = a.shape[-1], b.shape[-2] if b.ndim > 1 else b.shape[0]
        if ka != kb:
            ctx.shape_error(a, b)
        check_broadcast(a.shape[:-2], b.shape[:-2])
        need_a, need_b = ctx.needs_input_grad
        saved = (b if need_a else None, a if need_b else None)     # only what backward uses, in PyTorch's order
        ctx.save_for_backward(*saved if ctx.mat2_first else saved[::-1])
        if empty:
            return (a @ b).astype(b.dtype, copy=False)
        return batch_product(a, b) if ctx.kernel == 'bmm' else a @ b

    @staticmethod
    def shape_error(a, b):
        raise RuntimeError(f'Expected size for first two dimensions of batch2 tensor to be: '
                           f'{list(a.shape[:-2]) + [a.shape[-1]]} but got: {list(b.shape[:-1])}.')

    @staticmethod
    def dtype_error(a, b):
        if b.ndim == 2:     # PyTorch folds (..., n, k) @ (k, m) into one mm
            MmBackward0.dtype_error(a, b)
        raise RuntimeError(f'expected scalar type {title(a.dtype)} but found {title(b.dtype)}')

    @staticmethod
    def backward(ctx, g):
        b, a = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return bmm_of(g, b.mT) if need_a else None, bmm_of(a.mT, g) if need_b else None


def bmm_of(x, y):
    """x @ y per batch in a formula: recorded as bmm (BmmBackward0) under create_graph, as PyTorch's formulas
    call it (matmul would record its reshapes); a plain backward's arrays multiplied as bmm multiplies them."""
    return BmmBackward0.apply(x, y) if grad_utils.is_tensor(x) else batch_product(x, y)


def batch_product(a, b):
    """a @ b per batch as PyTorch's bmm computes it: BLAS, or for small matrices (fewer than 400 products k n m
    each) its plain loop, each product rounded and added in turn (no fused multiply-add: a sum that cancels
    exactly is 0, where BLAS may leave the rounding of one product)."""
    k = a.shape[-1]
    if not k or k * a.shape[-2] * b.shape[-1] >= 400:
        return a @ b
    out = a[..., :1] * b[..., :1, :]
    for j in range(1, k):
        out = out + a[..., j:j + 1] * b[..., j:j + 1, :]
    return out


def ger(g, v):
    """PyTorch's g.ger(v) in a formula, the outer product g v^T: g seen as a column times v (MulBackward0)."""
    return g.reshape(g.shape[0], 1) * v


def maybe_multiply(t, s):
    """PyTorch's maybe_multiply in its formulas: t itself for s == 1, else t * s (recorded as Tensor * number,
    MulBackward1, under create_graph)."""
    if s == 1:
        return t
    return MulBackward1.apply(t, b=s) if grad_utils.is_tensor(t) else t * s


def column_major(a):
    """PyTorch's test in mm's formulas: a 2-D operand laid out column by column (strides (1, rows))."""
    return a.strides[0] == a.itemsize and a.strides[1] == a.itemsize * a.shape[0]


def mm_grads(ctx, g, mat1, mat2, alpha=1):
    """mm's (and addmm's) operand gradients under create_graph, PyTorch's mm_mat1_backward and mm_mat2_backward:
    dmat1 = alpha g mat2^T, dmat2 = alpha mat1^T g; for an operand laid out column-major (ctx.column_major, from
    forward) its gradient is computed transposed, (mat2 g^T)^T or (g^T mat1)^T, so it comes out column-major too
    (TBackward0)."""
    need1, need2 = ctx.needs_input_grad[-2:]
    col1, col2 = ctx.column_major
    return (maybe_multiply(mat2.mm(g.t()).t() if col1 else g.mm(mat2.t()), alpha) if need1 else None,
            maybe_multiply(g.t().mm(mat1).t() if col2 else mat1.t().mm(g), alpha) if need2 else None)


class MmBackward0(BmmBackward0):
    """out = a @ b for 2-D a, b;  da = g @ b^T,  db = a^T @ g"""
    kernel = 'addmm_impl_cpu_'

    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        ctx.column_major = need_a and column_major(a), need_b and column_major(b)
        return BmmBackward0.forward(ctx, a, b)

    @staticmethod
    def backward(ctx, g):
        b, a = ctx.saved_tensors
        if grad_utils.is_tensor(g):
            return mm_grads(ctx, g, a, b)
        need_a, need_b = ctx.needs_input_grad
        return g @ b.T if need_a else None, a.T @ g if need_b else None

    @staticmethod
    def shape_error(a, b):
        raise RuntimeError(f'mat1 and mat2 shapes cannot be multiplied '
                           f'({a.shape[0]}x{a.shape[1]} and {b.shape[0]}x{b.shape[1]})')

    @staticmethod
    def dtype_error(a, b):
        raise RuntimeError(f'expected m1 and m2 to have the same dtype, but got: {C_NAMES[a.dtype.name]} != '
                           f'{C_NAMES[b.dtype.name]}')


class MvBackward0(BmmBackward0):
    """out = a @ v for 2-D a, 1-D v;  da = outer(g, v),  dv = a^T @ g"""
    kernel = 'addmv_impl_cpu'
    mat2_first = False

    @staticmethod
    def backward(ctx, g):
        a, v = ctx.saved_tensors
        need_a, need_v = ctx.needs_input_grad
        return ger(g, v) if need_a else None, a.T @ g if need_v else None

    @staticmethod
    def shape_error(a, b):
        raise RuntimeError(f'size mismatch, got input ({a.shape[0]}), mat ({a.shape[0]}x{a.shape[1]}), '
                           f'vec ({b.shape[0]})')

    @staticmethod
    def dtype_error(a, b):
        raise RuntimeError(f'addmv input tensors must have the same dtype, but got {title(b.dtype)}, '
                           f'{title(a.dtype)}, and {title(b.dtype)}')


class DotBackward0(BmmBackward0):
    """out = sum_i a_i b_i for 1-D a, b;  da = g b,  db = g a"""
    kernel = 'dot'
    mat2_first = False

    @staticmethod
    def shape_error(a, b):
        raise RuntimeError(f'inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] to have '
                           f'the same number of elements, but got {a.shape[0]} and {b.shape[0]} elements respectively')

    @staticmethod
    def dtype_error(a, b):
        raise RuntimeError(f'dot : expected both vectors to have same dtype, but found {title(a.dtype)} and '
                           f'{title(b.dtype)}')

    @staticmethod
    def backward(ctx, g):       # products with the 0-d g, as PyTorch's formula
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return g * b if need_a else None, g * a if need_b else None


def matmul_node(a_ndim, b_ndim):
    if a_ndim == 0 or b_ndim == 0:
        raise RuntimeError(f'both arguments to matmul need to be at least 1D, but they are {a_ndim}D and {b_ndim}D')
    return {(1, 1): DotBackward0, (2, 1): MvBackward0, (2, 2): MmBackward0}.get((a_ndim, b_ndim), BmmBackward0)


class AddmmBackward0(Op):
    """out = beta * bias + alpha * x @ w  (nn.Linear's op, with w = weight.t(), beta = alpha = 1; beta = 0 ignores
    bias);  dbias = beta g,  dx = alpha g @ w^T,  dw = alpha x^T @ g"""
    kernel = 'addmm_impl_cpu_'

    @staticmethod
    def forward(ctx, bias, x, w, beta=1, alpha=1):
        if x.dtype != w.dtype:
            raise RuntimeError(f'mat1 and mat2 must have the same dtype, but got {title(x.dtype)} and {title(w.dtype)}')
        if x.dtype.kind == 'b':
            not_implemented('addmm_impl_cpu_', x.dtype)
        if x.shape[1] != w.shape[0]:
            MmBackward0.shape_error(x, w)
        need_x, need_w = ctx.needs_input_grad[1:]
        ctx.save_for_backward(x if need_w else None, w if need_x else None)  # only what backward uses
        ctx.column_major = need_x and column_major(x), need_w and column_major(w)
        ctx.beta, ctx.alpha = beta, alpha
        out = product(x, w)
        if alpha != 1:
            out = alpha * out
        if beta != 0:
            out += bias if beta == 1 else beta * bias
        return out

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        if grad_utils.is_tensor(g):
            return (maybe_multiply(g, ctx.beta) if ctx.needs_input_grad[0] else None,
                    *mm_grads(ctx, g, x, w, ctx.alpha))
        scaled = g if ctx.alpha == 1 else ctx.alpha * g
        # dw as (g^T x)^T: the same product, but nn.Linear's w is weight.t(), so after t()'s backward the weight's
        # gradient is contiguous, as PyTorch's (copying the transposed layout cost 0.8 ms per step on the MLP)
        return (g if ctx.beta == 1 else ctx.beta * g,
                scaled @ w.T if ctx.needs_input_grad[1] else None,
                (scaled.T @ x).T if ctx.needs_input_grad[2] else None)


def product(x, w):
    """x @ w for nn.Linear's (n, k) input and its weight's transpose w (k, m). OpenBLAS's kernel for that layout
    (the second operand transposed) is slow when the output is wide: for a batch of 16-128 rows and k >= 256,
    computing out^T = weight @ x^T and copying it to rows is 5-50% faster on the CPU ((64, 784) @ (784, 512): 682 us
    against 572, one thread); elsewhere the plain product is as fast or faster."""
    n, k = x.shape
    if 16 <= n <= 128 and k >= 256 and w.flags.f_contiguous and device_of(x).type == 'cpu':
        return get_array_module(x).ascontiguousarray((w.T @ x.T).T)
    return x @ w


# -- the public ops ---------------------------------------------------------------------------------------
@export('__matmul__')
def matmul(input, other, *, out=None):
    """input @ other, recorded as PyTorch's matmul records it: dot, mv or mm for 1-D and 2-D operands; a batch of
    matrices with a matrix or vector folded into one mm or mv where PyTorch folds it (should_fold), else one bmm
    over the broadcast batch."""
    other = as_operand(other, input)                # one device (PyTorch's error), a number as a tensor
    if input.ndim == 2 and other.ndim == 2:         # the usual case first: one mm
        return write_out(MmBackward0.apply(input, other), out, 'matmul')
    node = matmul_node(input.ndim, other.ndim)      # refuses 0-D operands
    if input.ndim == other.ndim == 3:   # a batch of one that needs a gradient is multiplied as its one matrix
        if input.shape[0] == 1 != other.shape[0] and input.requires_grad:
            return matmul(input.squeeze(0), other, out=out)
        if other.shape[0] == 1 != input.shape[0] and other.requires_grad:
            return matmul(input, other.squeeze(0), out=out)
    if input.ndim == 1 and other.ndim == 2:   # as PyTorch: x.unsqueeze(0).mm(w).squeeze_(0), the same graph, and
        product = MmBackward0.apply(input.unsqueeze(0), other)      # no view (squeezed in place)
        return write_out(SqueezeBackward4.apply(product, dim=0), out, 'matmul')
    if should_fold(input, other, out):
        return write_out(folded(input, other), out, 'matmul')
    if max(input.ndim, other.ndim) >= 3:
        return write_out(batched(input, other), out, 'matmul')
    return write_out(node.apply(input, other), out, 'matmul')


def should_fold(input, other, out):
    """PyTorch's rule for a batch of matrices (>= 3-D, on either side) with a matrix or vector: fold the batch into
    the rows of one matrix when the smaller operand needs a gradient (its gradient is then one product, not a sum
    over the batch), else unless the smaller operand is the matrix on the left, when the fold copies nothing (no
    elements, or the batch dims laid out as one)."""
    big = input._data if input.ndim >= other.ndim else other._data.swapaxes(-1, -2)
    small = other if input.ndim >= other.ndim else input
    if big.ndim < 3 or small.ndim > 2:
        return False
    if small.requires_grad and out is None:
        return True
    if input.ndim == 2:
        return False
    return big.size == 0 or all(big.strides[i] == big.strides[i + 1] * big.shape[i + 1] for i in range(big.ndim - 2))


def folded(input, other):
    """The folded product: one mm (or mv) of the big operand's batch folded into rows (the right one transposed,
    the product transposed back), unfolded to the batch shape by _unsafe_view."""
    transpose = other.ndim > input.ndim
    big, small = (other.mT, input.t() if input.ndim == 2 else input) if transpose else (input, other)
    lead = big.shape[:-1]
    flat = big.reshape(math.prod(lead), big.shape[-1])
    if small.ndim == 1:
        return UnsafeViewBackward0.apply(MvBackward0.apply(flat, small), shape=lead)
    product = UnsafeViewBackward0.apply(MmBackward0.apply(flat, small), shape=(*lead, small.shape[1]))
    return product.mT.contiguous() if transpose else product


def batched(input, other):
    """input @ other with a batch on either side, as PyTorch's matmul records it: each operand expanded to the
    broadcast batch shape and reshaped to one batch dim (a copy where the layout needs one; a vector as a row on
    the left, a column on the right), a 3-d bmm, and an unsafe view of the result back to the batch shape."""
    batch = check_broadcast(input.shape[:-2], other.shape[:-2])
    n, m = input.shape[-2] if input.ndim > 1 else 1, other.shape[-1] if other.ndim > 1 else 1
    a = input.expand(*batch, n, input.shape[-1]).reshape(math.prod(batch), n, input.shape[-1])
    b = other.expand(*batch, *other.shape[-2:]) if other.ndim > 1 else other.expand(*batch, *other.shape).unsqueeze(-1)
    product = BmmBackward0.apply(a, b.reshape(math.prod(batch), b.shape[-2], m))
    shape = (*batch, *input.shape[-2:-1], *(other.shape[-1:] if other.ndim > 1 else ()))
    return UnsafeViewBackward0.apply(product if other.ndim > 1 else product.squeeze(-1), shape=shape)


@export(function=False)
def __rmatmul__(input, other):
    return matmul(as_operand(other, input), input)


@export()
def mm(input, mat2, *, out=None):
    if input.ndim != 2 or mat2.ndim != 2:
        raise RuntimeError(f'{"self" if input.ndim != 2 else "mat2"} must be a matrix')
    return write_out(matmul(input, mat2), out, 'mm')


@export()
def bmm(input, mat2, *, out=None):
    if input.ndim != 3 or mat2.ndim != 3:
        raise RuntimeError('batch1 must be a 3D tensor' if input.ndim != 3 else 'batch2 must be a 3D tensor')
    if input.shape[0] != mat2.shape[0]:     # bmm does not broadcast the batch dim
        BmmBackward0.shape_error(input._data, mat2._data)
    return write_out(BmmBackward0.apply(input, mat2), out, 'bmm')


@export()
def dot(input, other, *, out=None):
    if not isinstance(other, Tensor):
        raise NotAnOperand(other, 'tensor')
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f'1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors')
    return write_out(matmul(input, other), out, 'dot')


@export()
def mv(input, vec, *, out=None):
    return write_out(matmul(input, vec), out, 'mv')
