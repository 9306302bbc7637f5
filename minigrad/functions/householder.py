"""QR in LAPACK's packed form: torch.geqrf gives R on and above the diagonal and the Householder vectors below it,
with their scales tau; torch.linalg.householder_product (torch.orgqr) multiplies the reflectors back into Q:
H_i = I - tau_i v_i v_i^T with v_i = (0, ..., 0, 1, a[i+1:, i]), Q = the first n columns of H_1 H_2 ... H_k.
Batched; one reflector at a time for the whole batch, as LAPACK's unblocked geqr2 and org2r."""
from .matrices import on_tensors, saved
from .operands import write_out
from .table import export
from .. import return_types
from ..autograd.function import MultiOutputOp, Op
from ..backend import get_array_module, lapack_layout
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
        return lapack_layout(a), tau

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


def reflect(A, tau, C, transpose):
    """The states of Q C (transpose: Q^T C), Q = H_1 ... H_k, one reflector applied at a time: [C, H C, ...],
    with the order the reflectors were applied in (Q C: H_k first; Q^T C = H_k ... H_1 C: H_1 first)."""
    k = tau.shape[-1]
    order = list(range(k)) if transpose else list(reversed(range(k)))
    states = [C]
    for i in order:
        states.append(apply_reflector(reflector(A, i), tau[..., i], states[-1]))
    return states, order


def reflect_backward(A, tau, C, g, transpose):
    """(dA, dtau) of out = H_(last) ... H_(first) C. For the reflector H_i = I - tau_i v_i v_i^T applied to the
    state S before it, with everything applied after it L (so out = L H_i S): G = L^T g S^T,
    dtau_i = -v_i^T G v_i,  dA[i+1:, i] = (-tau_i (G + G^T) v_i)[i+1:]. As PyTorch's householder_product_backward,
    each column and scale is copied into zeros (dtau: CopySlices) and dA is the strict lower triangle of its zeros
    (TrilBackward0)."""
    states, order = reflect(A, tau, C, transpose)
    gA, gtau = A.new_zeros(A.shape), tau.new_zeros(tau.shape)
    back = g                                    # L^T g for the reflector being visited, from the last one applied
    for step in reversed(range(len(order))):
        i = order[step]
        v = reflector(A, i)
        G = back @ states[step].mT
        Gv = G @ v.unsqueeze(-1)
        gtau.narrow(-1, i, 1).copy_(-(v.unsqueeze(-2) @ Gv)[..., 0])
        gA.select(-1, i).copy_(-tau[..., i, None] * (Gv + G.mT @ v.unsqueeze(-1))[..., 0])
        if step:
            back = apply_reflector(v, tau[..., i], back)
    return gA.tril(-1), gtau


class LinalgHouseholderProductBackward0(Op):
    """out = Q = H_1 ... H_k I[:, :n], H_i = I - tau_i v_i v_i^T;
    dtau_i = -v_i^T G_i v_i,  dA[i+1:, i] = (-tau_i (G_i + G_i^T) v_i)[i+1:] with G_i = L_i^T g R_i^T, L_i =
    H_1 ... H_i-1 and R_i = H_i+1 ... H_k I[:, :n] (reflect_backward)"""

    @staticmethod
    def forward(ctx, A, tau):
        ctx.save_for_backward(A, tau)
        return lapack_layout(reflect(Tensor._make(A), Tensor._make(tau), eye_of(A), False)[0][-1]._data)

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        A, tau = saved(ctx)
        return reflect_backward(A, tau, eye_of(A._data), g, False)


class OrmqrBackward0(Op):
    """out = Q C (transpose: Q^T C; left=False: C Q, C Q^T), Q = H_1 ... H_k (m x m) from geqrf's packed reflectors;
    dC = ormqr(A, tau, g, left, not transpose) (Q^T g and alike), dA and dtau as householder_product's
    (reflect_backward)"""

    @staticmethod
    def forward(ctx, A, tau, C, left=True, transpose=False):
        ctx.save_for_backward(A, tau, C)
        ctx.left, ctx.transpose = left, transpose
        C = C if left else C.swapaxes(-1, -2)       # C Q = (Q^T C^T)^T, C Q^T = (Q C^T)^T
        out = reflect(Tensor._make(A), Tensor._make(tau), Tensor._make(C), transpose == left)[0][-1]._data
        return lapack_layout(out) if left else lapack_layout(out).swapaxes(-1, -2)

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        A, tau, C = saved(ctx)
        need_A, need_tau, need_C = ctx.needs_input_grad
        gC = OrmqrBackward0.apply(A, tau, g, left=ctx.left, transpose=not ctx.transpose) if need_C else None
        if not (need_A or need_tau):
            return None, None, gC
        if ctx.left:
            return (*reflect_backward(A, tau, C, g, ctx.transpose), gC)
        return (*reflect_backward(A, tau, C.mT, g.mT, not ctx.transpose), gC)


def eye_of(A):
    """I[:, :n] in A's shape, a constant Tensor."""
    xp = get_array_module(A)
    return Tensor._make(xp.broadcast_to(xp.eye(*A.shape[-2:], dtype=A.dtype), A.shape).copy())


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


@export()
def ormqr(input, input2, input3, left=True, transpose=False, *, out=None):
    A, tau, C = input, input2, input3
    name = 'torch.ormqr'
    for what, t in (('input', A), ('other', C)):
        if t.ndim < 2:
            raise RuntimeError(f'{name}: {what} must have at least 2 dimensions.')
    rows = C.shape[-2] if left else C.shape[-1]
    if rows != A.shape[-2]:
        raise RuntimeError(f'{name}: other.shape[{-2 if left else -1}] must be equal to input.shape[-2]')
    if tau.shape[-1] != min(rows, A.shape[-1]):
        raise RuntimeError(f'{name}: tau.shape[-1] must be equal to min(other.shape[-2], input.shape[-1])')
    for what, t in (('tau', tau), ('other', C)):
        if t._data.dtype != A._data.dtype:
            raise RuntimeError(f'{name}: Expected input and {what} to have the same dtype, but input has dtype'
                               f'{title(A._data.dtype)} and {what} has dtype {title(t._data.dtype)}')
    if A._data.dtype.kind != 'f' or A._data.dtype == 'float16':
        not_implemented('ormqr_cpu', A._data.dtype)
    return write_out(OrmqrBackward0.apply(A, tau, C, left=left, transpose=transpose), out, 'ormqr')

