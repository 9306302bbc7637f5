"""Products beyond matmul: outer (ger), kron, cross (linalg.cross), vdot, inner, tensordot, the fused
beta * input + alpha * product ops (addmv, addr, baddbmm, addbmm), multi_dot and chain_matmul. Composite where
PyTorch's are (their nodes are the ones PyTorch's graph ends in), nodes of their own where PyTorch has them."""
import math
import warnings

from . import grad_utils
from .arguments import NotAnOperand
from .linalg import AddmmBackward0, DotBackward0, bmm_of, ger, maybe_multiply, mm
from .matrices import on_tensors, saved
from .operands import operands, write_out
from .shape import UnsafeViewBackward0
from .table import export
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import check_broadcast, normalize_dim
from ..dtypes import cpp_name, not_implemented, title
from ..tensor import Tensor


@export('ger')
def outer(input, vec2, *, out=None):
    for arg, t in (('self', input), ('vec2', vec2)):
        if t.ndim != 1:
            raise RuntimeError(f'outer: Expected 1-D argument {arg}, but got {t.ndim}-D')
    a, b = operands(input, vec2)
    return write_out(a.reshape(a.shape[0], 1) * b, out, 'outer')


@export()
def kron(input, other, *, out=None):
    """As PyTorch: both seen with interleaved size-1 dims, multiplied, and the product seen in the result's shape."""
    a, b = operands(input, other)
    n = max(a.ndim, b.ndim)
    sa, sb = (1,) * (n - a.ndim) + tuple(a.shape), (1,) * (n - b.ndim) + tuple(b.shape)
    product = a.reshape([d for s in sa for d in (s, 1)]) * b.reshape([d for s in sb for d in (1, s)])
    shape = tuple(x * y for x, y in zip(sa, sb))
    return write_out(UnsafeViewBackward0.apply(product.contiguous(), shape=shape), out, 'kron')


class LinalgCrossBackward0(Op):
    """out = a x b along dim (broadcasting);  da = b x g,  db = g x a"""

    @staticmethod
    def forward(ctx, a, b, dim=-1):
        ctx.dim = dim
        ctx.save_for_backward(b if ctx.needs_input_grad[0] else None, a if ctx.needs_input_grad[1] else None)
        return get_array_module(a).cross(a, b, axis=dim)

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        b, a = saved(ctx)
        return (None if b is None else linalg_cross(b, g, dim=ctx.dim),
                None if a is None else linalg_cross(g, a, dim=ctx.dim))


def linalg_cross(input, other, *, dim=-1, out=None):
    if input.ndim != other.ndim:
        raise RuntimeError('linalg.cross: inputs must have the same number of dimensions.')
    d = normalize_dim(dim, input.ndim) - input.ndim
    if input.shape[d] != 3 or other.shape[d] != 3:
        raise RuntimeError(f'linalg.cross: inputs dimension {dim} must have length 3. Got {input.shape[d]} and '
                           f'{other.shape[d]}')
    if input._data.dtype.kind == 'b':
        not_implemented('cross', input._data.dtype)
    if input._data.dtype != other._data.dtype:
        raise RuntimeError(f'expected scalar type {title(input._data.dtype)} but found {title(other._data.dtype)}')
    return write_out(LinalgCrossBackward0.apply(input, other, dim=d), out, 'linalg_cross')


@export()
def cross(input, other, dim=None, *, out=None):
    """torch.cross: linalg.cross along dim; without dim (deprecated), along the first dim of size 3."""
    if dim is None:
        warnings.warn('Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim '
                      'explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree '
                      'with that of linalg.cross in a future release.', UserWarning, stacklevel=2)
        sizes = [i for i, n in enumerate(input.shape) if n == 3]
        if not sizes:
            raise RuntimeError('no dimension of size 3 in input')
        dim = sizes[0]
    return linalg_cross(input, other, dim=dim, out=out)


class VdotBackward0(DotBackward0):
    """out = sum_i conj(a_i) b_i for 1-D a, b (real: the dot product);  da = g b,  db = g a"""
    @staticmethod
    def dtype_error(a, b):
        raise RuntimeError(f'vdot : expected both vectors to have same dtype, but found {title(a.dtype)} and '
                           f'{title(b.dtype)}')


@export()
def vdot(input, other, *, out=None):
    if not isinstance(other, Tensor):
        raise NotAnOperand(other)
    if input.ndim != 1 or other.ndim != 1:
        raise RuntimeError(f'1D tensors expected, but got {input.ndim}D and {other.ndim}D tensors')
    return write_out(VdotBackward0.apply(input, other), out, 'vdot')


@export(method=False)
def tensordot(a, b, dims=2, out=None):
    """Sum over the dims `dims` of a and b (an int: a's last and b's first dims): both permuted and folded into one
    mm, the result unfolded, as PyTorch."""
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f'tensordot expects dims >= 0, but got dims={dims}')
        if dims > min(a.ndim, b.ndim):
            raise RuntimeError(f'tensordot expects dims < ndim_a or ndim_b, but got dims={dims}')
        da, db = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    else:
        da, db = [list(d) if isinstance(d, (list, tuple)) else [d] for d in dims]
    da, db = [normalize_dim(d, a.ndim) for d in da], [normalize_dim(d, b.ndim) for d in db]
    for i, j in zip(da, db):
        if a.shape[i] != b.shape[j]:
            raise RuntimeError(f'contracted dimensions need to match, but first has size {a.shape[i]} in dim {i} '
                               f'and second has size {b.shape[j]} in dim {j}')
    free_a, free_b = [i for i in range(a.ndim) if i not in da], [j for j in range(b.ndim) if j not in db]
    if a._data.dtype != b._data.dtype:
        raise RuntimeError('both inputs should have same dtype')
    k = math.prod(a.shape[i] for i in da)
    left = a.permute((*free_a, *da)).reshape(math.prod(a.shape[i] for i in free_a), k)
    right = b.permute((*db, *free_b)).reshape(k, math.prod(b.shape[j] for j in free_b))
    shape = [a.shape[i] for i in free_a] + [b.shape[j] for j in free_b]
    return write_out(mm(left, right).reshape(shape), out, 'tensordot')


@export()
def inner(input, other, *, out=None):
    if not isinstance(other, Tensor):
        raise NotAnOperand(other)
    if input.ndim == 0 or other.ndim == 0:
        return write_out(input * other, out, 'inner')
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError(f'inner() the last dimension must match on both input tensors but got shapes '
                           f'{list(input.shape)} and {list(other.shape)}')
    return write_out(tensordot(input, other, ([-1], [-1])), out, 'inner')


class AddProduct(Op):
    """out = beta * input + alpha * product(a, b) (input broadcast; beta = 0 ignores input, nan too);
    dinput = beta g,  da = alpha dproduct/da,  db = alpha dproduct/db (each product by a number left out where it
    is 1, as PyTorch's maybe_multiply)"""
    kernel = None       # PyTorch's kernel, named in its error for bools (None: bools are logical)

    @staticmethod
    def forward(ctx, input, a, b, beta=1, alpha=1):
        ctx.beta, ctx.alpha = beta, alpha
        ctx.save_for_backward(a if ctx.needs_input_grad[2] else None, b if ctx.needs_input_grad[1] else None)
        product = ctx.product(a, b)
        out = alpha * product if alpha != 1 else product
        return out if beta == 0 else out + (beta * input if beta != 1 else input)

    @classmethod
    def backward(cls, ctx, g):
        a, b = ctx.saved_tensors
        return (maybe_multiply(g, ctx.beta) if ctx.needs_input_grad[0] else None,
                None if b is None else maybe_multiply(cls.grad_a(g, b), ctx.alpha),
                None if a is None else maybe_multiply(cls.grad_b(g, a), ctx.alpha))


class AddmvBackward0(AddProduct):
    """addmv: out = beta * input + alpha * (mat @ vec);  dinput = beta g,  dmat = alpha g vec^T,
    dvec = alpha mat^T g"""
    kernel = 'addmv_impl_cpu'
    product = staticmethod(lambda a, b: a @ b)
    grad_a = staticmethod(ger)
    grad_b = staticmethod(lambda g, a: a.T @ g)


class AddrBackward0(AddProduct):
    """addr: out = beta * input + alpha * outer(u, v);  dinput = beta g,  du = alpha g v,  dv = alpha g^T u"""
    product = staticmethod(lambda a, b: grad_utils.unsqueeze(a, -1) * b)
    grad_a = staticmethod(lambda g, b: g @ b)
    grad_b = staticmethod(lambda g, a: g.T @ a)


class BaddbmmBackward0(AddProduct):
    """baddbmm: out = beta * input + alpha * (b1 @ b2) per batch;  dinput = beta g,  db1 = alpha g b2^T,
    db2 = alpha b1^T g"""
    kernel = 'baddbmm'
    product = staticmethod(lambda a, b: a @ b)
    grad_a = staticmethod(lambda g, b: bmm_of(g, b.mT))
    grad_b = staticmethod(lambda g, a: bmm_of(a.mT, g))


class AddbmmBackward0(BaddbmmBackward0):
    """addbmm: out = beta * input + alpha * sum_i b1_i @ b2_i;  dinput = beta g,  db1_i = alpha g b2_i^T,
    db2_i = alpha b1_i^T g (g expanded to the batch)"""
    kernel = 'addmm_impl_cpu_'
    product = staticmethod(lambda a, b: (a @ b).sum(0, dtype=a.dtype))
    grad_a = staticmethod(lambda g, b: bmm_of(batch_of(g, b.shape[0]), b.mT))
    grad_b = staticmethod(lambda g, a: bmm_of(a.mT, batch_of(g, a.shape[0])))


def batch_of(g, n):
    """g expanded to a batch of n under create_graph, as addbmm's formula (g.unsqueeze(0).expand(n, ...)) for bmm;
    a plain backward's array as it is (matmul broadcasts it)."""
    return grad_utils.broadcast_to(grad_utils.unsqueeze(g, 0), (n, *g.shape)) if grad_utils.is_tensor(g) else g


def add_product(node, name, input, a, b, beta, alpha, out, check):
    if a.dtype != b.dtype or a.dtype != input.dtype:
        raise RuntimeError(f'{name}: expected {a.dtype} inputs, but got {input.dtype}, {a.dtype}, {b.dtype}'
                           .replace('minigrad.', '').replace('torch.', ''))
    check()
    if a._data.dtype.kind == 'b' and node.kernel:
        not_implemented(node.kernel, a._data.dtype)
    return write_out(node.apply(input, a, b, beta=beta, alpha=alpha), out, name)


@export(inplace=True)
def addmm(input, mat1, mat2, *, beta=1, alpha=1, out=None):
    def check():
        if mat1.ndim != 2 or mat2.ndim != 2:
            raise RuntimeError(f'mat1 must be a matrix, got {mat1.ndim}-D tensor' if mat1.ndim != 2 else
                               f'mat2 must be a matrix, got {mat2.ndim}-D tensor')
        if mat1.shape[1] != mat2.shape[0]:
            raise RuntimeError(f'mat1 and mat2 shapes cannot be multiplied ({mat1.shape[0]}x{mat1.shape[1]} and '
                               f'{mat2.shape[0]}x{mat2.shape[1]})')
        try:
            check_broadcast(input.shape, (mat1.shape[0], mat2.shape[1]))
        except RuntimeError:
            raise RuntimeError(f"The expanded size of the tensor ({mat2.shape[1]}) must match the existing size "
                               f"({input.shape[-1]}) at non-singleton dimension 1.  Target sizes: "
                               f"[{mat1.shape[0]}, {mat2.shape[1]}].  Tensor sizes: {list(input.shape)}") from None
    for (name, a), b in ((('self', input), mat2), (('mat1', mat1), mat2)):
        if a.dtype != b.dtype:
            raise RuntimeError(f'{name} and mat2 must have the same dtype, but got {title(a.dtype)} and '
                               f'{title(b.dtype)}')
    if input._data.dtype.kind in 'iu':      # PyTorch casts the scalars to the integer dtype
        beta, alpha = int(beta), int(alpha)
    return add_product(AddmmBackward0, 'addmm', input, mat1, mat2, beta, alpha, out, check)


@export(inplace=True)
def addmv(input, mat, vec, *, beta=1, alpha=1, out=None):
    def check():
        rows = (1,), (mat.shape[0],)
        if mat.ndim != 2 or vec.ndim != 1 or mat.shape[1] != vec.shape[0] or input.shape[-1:] not in rows:
            raise RuntimeError(f'size mismatch, got input ({input.shape[0] if input.ndim else 1}), mat '
                               f'({mat.shape[0]}x{mat.shape[1]}), vec ({vec.shape[0]})')
    return add_product(AddmvBackward0, 'addmv', input, mat, vec, beta, alpha, out, check)


@export(inplace=True)
def addr(input, vec1, vec2, *, beta=1, alpha=1, out=None):
    def check():
        if vec1.ndim != 1 or vec2.ndim != 1:
            raise RuntimeError(f'addr: Expected 1-D argument vec1, but got {vec1.ndim}-D' if vec1.ndim != 1 else
                               f'addr: Expected 1-D argument vec2, but got {vec2.ndim}-D')
    return add_product(AddrBackward0, 'addr', input, vec1, vec2, beta, alpha, out, check)


def check_batches(b1, b2, name):
    if b1.ndim != 3 or b2.ndim != 3:
        raise RuntimeError('batch1 must be a 3D tensor' if b1.ndim != 3 else 'batch2 must be a 3D tensor')
    if b1.shape[0] != b2.shape[0] or b1.shape[2] != b2.shape[1]:
        raise RuntimeError(f'Expected size for first two dimensions of batch2 tensor to be: '
                           f'[{b1.shape[0]}, {b1.shape[2]}] but got: [{b2.shape[0]}, {b2.shape[1]}].')


@export(inplace=True)
def baddbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
    return add_product(BaddbmmBackward0, 'baddbmm', input, batch1, batch2, beta, alpha, out,
                       lambda: check_batches(batch1, batch2, 'baddbmm'))


@export(inplace=True)
def addbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
    return add_product(AddbmmBackward0, 'addbmm', input, batch1, batch2, beta, alpha, out,
                       lambda: check_batches(batch1, batch2, 'addbmm'))


def multi_dot(tensors, *, out=None):
    """The product of matrices in the cheapest order (the matrix-chain order); a 1-D first or last tensor is a row
    or a column vector; the result seen in its shape (PyTorch's view)."""
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f'multi_dot(): expected at least 2 tensors but got {n}')
    for k, t in enumerate(tensors):
        allowed = (1, 2) if k in (0, n - 1) else (2,)
        if t.ndim not in allowed:
            where = 'first' if k == 0 else 'last' if k == n - 1 else None
            raise RuntimeError(f'multi_dot(): the {where} tensor must be 1D or 2D but got {t.ndim}D' if where else
                               f'multi_dot(): tensor {k} must be 2D but got {t.ndim}D')
        if t.dtype != tensors[0].dtype:
            raise RuntimeError(f'multi_dot(): all tensors must have be the same dtype but tensor 0 is '
                               f'{cpp_name(tensors[0].dtype)} and tensor {k} {cpp_name(t.dtype)}')
    first, last = tensors[0], tensors[-1]
    shape = ([first.shape[0]] if first.ndim == 2 else []) + ([last.shape[1]] if last.ndim == 2 else [])
    mats = [first.unsqueeze(0) if first.ndim == 1 else first, *tensors[1:-1],
            last.unsqueeze(1) if last.ndim == 1 else last]
    for k in range(n - 1):
        if mats[k].shape[1] != mats[k + 1].shape[0]:
            raise RuntimeError(f'multi_dot(): tensors {k} and {k + 1} with shapes {list(tensors[k].shape)} and '
                               f'{list(tensors[k + 1].shape)} cannot be multiplied')
    order = chain_order([m.shape[0] for m in mats] + [mats[-1].shape[1]])

    def product(i, j):
        return mats[i] if i == j else mm(product(i, order[i][j]), product(order[i][j] + 1, j))
    return write_out(product(0, n - 1).view(shape), out, 'linalg_multi_dot')


def chain_order(p):
    """The matrix-chain order (dynamic programming over the dims p): split[i][j], where A_i..A_j is split."""
    n = len(p) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = math.inf
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1]
                if c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


@export(method=False)
def chain_matmul(*matrices, out=None):
    warnings.warn('torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use '
                  'torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than multiple '
                  'parameters.', UserWarning, stacklevel=2)
    if len(matrices) == 1:
        if matrices[0].ndim != 2:
            raise RuntimeError(f'Tensor dimension is {matrices[0].ndim}, expected 2 instead.')
        return matrices[0].clone()
    return multi_dot(list(matrices), out=out)
