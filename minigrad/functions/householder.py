"""QR in LAPACK's packed form: torch.geqrf gives R on and above the diagonal and the Householder vectors below it,
with their scales tau; torch.linalg.householder_product (torch.orgqr) multiplies the reflectors back into Q:
H_i = I - tau_i v_i v_i^T with v_i = (0, ..., 0, 1, a[i+1:, i]), Q = the first n columns of H_1 H_2 ... H_k.
Batched; one reflector at a time for the whole batch, as LAPACK's unblocked geqr2 and org2r."""
from .matrices import on_tensors, saved
from .operands import write_out
from .shape import cat, stack
from .table import export
from .. import return_types
from ..autograd.function import MultiOutputOp, Op
from ..backend import get_array_module
from ..dtypes import not_implemented, title
from ..tensor import Tensor


class GeqrfBackward0(MultiOutputOp):
    """out = (a, tau): Householder QR packed (R on and above the diagonal, the reflectors' v below it);
    da = not implemented, as in PyTorch"""

    @staticmethod
    def forward(ctx, A):
        xp = get_array_module(A)
        a = A.copy()
        m, n = A.shape[-2:]
        tau = xp.zeros(A.shape[:-2] + (min(m, n),), dtype=A.dtype)
        for j in range(min(m, n)):
            alpha, rest = a[..., j, j], a[..., j + 1:, j]
            norm = xp.sqrt((rest * rest).sum(-1))
            reflect = norm != 0             # LAPACK's larfg: H = I (tau = 0) where the column below is zero
            beta = xp.where(reflect, -xp.copysign(xp.hypot(alpha, norm), alpha), alpha)
            safe = xp.where(reflect, beta, 1)
            tau[..., j] = xp.where(reflect, (beta - alpha) / safe, 0)
            a[..., j + 1:, j] = rest / xp.where(reflect, alpha - beta, 1)[..., None]
            a[..., j, j] = beta
            v = xp.concatenate([xp.ones_like(alpha)[..., None], a[..., j + 1:, j]], -1)
            block = a[..., j:, j + 1:]      # H_j applied to the columns on the right
            a[..., j:, j + 1:] = block - tau[..., j, None, None] * v[..., :, None] * (v[..., None, :] @ block)
        return a, tau

    @staticmethod
    def backward(ctx, ga, gtau):
        raise NotImplementedError("the derivative for 'geqrf' is not implemented.")


def reflector(A, i):
    """v_i of the packed A as a Tensor (..., m): zeros above i, 1 at i, A[i+1:, i] below (recorded)."""
    m = A.shape[-2]
    xp = get_array_module(A._data)
    unit = Tensor._make(xp.arange(m) == i).to(A.dtype)
    below = Tensor._make(xp.arange(m) > i).to(A.dtype)
    return unit + A[..., :, i] * below


def apply_reflector(v, tau, Q):
    """H Q = Q - tau v (v^T Q) for a batch of reflectors v (..., m), scales tau (...)."""
    return Q - tau[..., None, None] * v.unsqueeze(-1) * (v.unsqueeze(-2) @ Q)


class LinalgHouseholderProductBackward0(Op):
    """out = Q = H_1 ... H_k I[:, :n], H_i = I - tau_i v_i v_i^T;
    with the partial products L_i = H_1 ... H_i-1 and R_i = H_i+1 ... H_k I[:, :n], G_i = L_i^T g R_i^T:
    dtau_i = -v_i^T G_i v_i,  dA[i+1:, i] = (-tau_i (G_i + G_i^T) v_i)[i+1:]"""

    @staticmethod
    def forward(ctx, A, tau):
        ctx.save_for_backward(A, tau)
        Q = product(Tensor._make(A), Tensor._make(tau))
        return Q._data

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        A, tau = saved(ctx)
        m, n = A.shape[-2:]
        k = tau.shape[-1]
        if k == 0:
            return A.new_zeros(A.shape), tau.new_zeros(tau.shape)
        vs = [reflector(A, i) for i in range(k)]
        rights = [product(A, tau, start=k)]            # R_i for i = k-1 down to 0
        for i in reversed(range(1, k)):
            rights.append(apply_reflector(vs[i], tau[..., i], rights[-1]))
        rights.reverse()
        left = g                                         # L_i^T g, growing from i = 0
        gA_columns, gtau = [], []
        for i in range(k):
            G = left @ rights[i].mT
            v = vs[i]
            Gv = G @ v.unsqueeze(-1)
            gtau.append(-(v.unsqueeze(-2) @ Gv)[..., 0, 0])
            gv = -tau[..., i, None] * (Gv + G.mT @ v.unsqueeze(-1))[..., 0]
            gA_columns.append(gv * reflector_mask(A, i))
            left = apply_reflector(v, tau[..., i], left)
        gA = stack_columns(gA_columns, A, k)
        return gA, stack(gtau, -1)


def reflector_mask(A, i):
    """1 below row i, the entries of A's column i that hold v_i."""
    xp = get_array_module(A._data)
    return Tensor._make(xp.arange(A.shape[-2]) > i).to(A.dtype)


def stack_columns(columns, A, k):
    """The gradient of A: the columns given for the first k, zeros after."""
    gA = stack(columns, -1)
    if A.shape[-1] > k:
        gA = cat([gA, A.new_zeros(A.shape[:-1] + (A.shape[-1] - k,))], -1)
    return gA


def product(A, tau, start=0):
    """H_start ... H_k I[:, :n] on Tensors (org2r: the reflectors applied from the last)."""
    m, n = A.shape[-2:]
    xp = get_array_module(A._data)
    Q = Tensor._make(xp.broadcast_to(xp.eye(m, n, dtype=A._data.dtype), A.shape).copy())
    for i in reversed(range(start, tau.shape[-1])):
        Q = apply_reflector(reflector(A, i), tau[..., i], Q)
    return Q


# -- the public ops ------------------------------------------------------------------------------------------------
@export()
def geqrf(input, *, out=None):
    if input.ndim < 2:
        raise RuntimeError('torch.geqrf: input must have at least 2 dimensions.')
    if input._data.dtype.kind != 'f' or input._data.dtype == 'float16':
        not_implemented('geqrf_cpu', input._data.dtype)
    return return_types.geqrf(*GeqrfBackward0.apply(input))


def linalg_householder_product(A, tau, *, out=None):
    name = 'torch.linalg.householder_product'
    if A.ndim < 2:
        raise RuntimeError(f'{name}: input must have at least 2 dimensions.')
    if A.shape[-2] < A.shape[-1]:
        raise RuntimeError(f'{name}: input.shape[-2] must be greater than or equal to input.shape[-1]')
    if A.shape[-1] < tau.shape[-1]:
        raise RuntimeError(f'{name}: input.shape[-1] must be greater than or equal to tau.shape[-1]')
    if tuple(tau.shape[:-1]) != tuple(A.shape[:-2]):
        raise RuntimeError(f'{name}: Expected batch dimensions of tau to be equal to input.shape[:-2], but got '
                           f'{list(tau.shape[:-1])}')
    if tau._data.dtype != A._data.dtype:
        raise RuntimeError(f'{name}: tau dtype {title(tau._data.dtype)} does not match input dtype '
                           f'{title(A._data.dtype)}')
    if A._data.dtype.kind != 'f' or A._data.dtype == 'float16':
        not_implemented('orgqr_cpu', A._data.dtype)
    return write_out(LinalgHouseholderProductBackward0.apply(A, tau), out, 'linalg_householder_product')


@export()
def orgqr(input, input2):
    return linalg_householder_product(input, input2)

