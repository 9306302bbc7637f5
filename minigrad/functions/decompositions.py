"""Matrix decompositions and what is made from them: linalg.qr, svd, svdvals, eigh, eigvalsh, pinv, matrix_rank
(and torch.qr, torch.svd, torch.pinverse). Batched; the gradients are PyTorch's (FunctionsManual.cpp:
linalg_qr_backward, svd_backward, linalg_eig_backward for eigh, pinv_backward), written on Tensors. A
decomposition's backward takes its factors from the forward, or, under create_graph, decomposes the saved input
again with the recorded op, so that the factors' dependence on A is in the graph of the second derivative."""
from . import shape
from .elementwise import MulBackward1
from .matrices import check_matrix, diag_embed, eye_like, on_tensors, saved
from .operands import write_out
from .table import export
from .triangular_solve import linalg_solve_triangular
from .. import return_types
from ..autograd import grad_mode
from ..autograd.function import MultiOutputOp, Op
from ..backend import IGNORE, get_array_module, ignore_float_errors, lapack_layout, restore_float_errors
from ..tensor import Tensor


def factors(ctx, recompute):
    """The forward's factors as Tensors: kept arrays in a plain backward, `recompute(A)` under create_graph."""
    if grad_mode.is_grad_enabled():
        return recompute(saved(ctx)[0])
    return [Tensor._make(f) for f in ctx.factors]


class LinalgSvdBackward0(MultiOutputOp):
    """out = (U, S, Vh) = svd(A), A = U diag(S) Vh;
    dA = U [(skew(U^T gU) S + S skew(Vh gVh^T)) / E + diag(gS)] Vh with E_ij = S_j^2 - S_i^2 (1 on the diagonal),
    plus the parts of gU and gVh outside the span of U and V for a non-square A (PyTorch's svd_backward)"""

    @staticmethod
    def forward(ctx, A, full_matrices=True, compute_uv=True):
        xp = get_array_module(A)
        ctx.save_for_backward(A)
        U, S, Vh = xp.linalg.svd(A, full_matrices=False)
        ctx.factors, ctx.k = (U, S, Vh), S.shape[-1]
        if not compute_uv:
            return (S,)
        if full_matrices:
            U, S, Vh = xp.linalg.svd(A, full_matrices=True)
        return lapack_layout(U), S, lapack_layout(Vh)

    @staticmethod
    @on_tensors
    def backward(ctx, gU, gS=None, gVh=None):
        if ctx.n_outputs == 1:
            gU, gS = None, gU       # svdvals: the one output is S
        U, S, Vh = factors(ctx, lambda A: linalg_svd(A, full_matrices=False))
        k = ctx.k
        gU = None if gU is None else gU[..., :k]
        gVh = None if gVh is None else gVh[..., :k, :]
        m, n = U.shape[-2], Vh.shape[-1]
        if gU is None and gVh is None:
            return U @ (gS.unsqueeze(-1) * Vh) if m >= n else (U * gS.unsqueeze(-2)) @ Vh
        S2 = S * S
        E = S2.unsqueeze(-2) - S2.unsqueeze(-1) + eye_like(S2)
        UhgU = None if gU is None else skew(U.mT @ gU)
        VhgV = None if gVh is None else skew(Vh @ gVh.mT)
        if gU is not None and gVh is not None:
            gA = (UhgU * S.unsqueeze(-2) + S.unsqueeze(-1) * VhgV) / E
        elif gU is None:
            gA = S.unsqueeze(-1) * (VhgV / E)
        else:
            gA = (UhgU / E) * S.unsqueeze(-2)
        if gS is not None:
            gA = gA + diag_embed(gS)
        if m > n and gU is not None:
            gUSinv = gU / S.unsqueeze(-2)
            return (U @ gA + gUSinv - U @ (U.mT @ gUSinv)) @ Vh
        if m < n and gVh is not None:
            SinvgVh = gVh / S.unsqueeze(-1)
            return U @ (gA @ Vh + SinvgVh - (SinvgVh @ Vh.mT) @ Vh)
        return U @ (gA @ Vh) if m >= n else (U @ gA) @ Vh


def skew(X):
    return X - X.mT


class LinalgEighBackward0(MultiOutputOp):
    """out = (L, V) = eigh(A), A = V diag(L) V^T with L ascending;
    dA = V [skew(V^T gV) / 2 / E + diag(gL)] V^T with E_ij = L_j - L_i (1 on the diagonal) (linalg_eig_backward)"""

    @staticmethod
    def forward(ctx, A, UPLO='L', eigenvectors=True):
        ctx.save_for_backward(A)
        L, V = get_array_module(A).linalg.eigh(A, UPLO=UPLO)
        V = lapack_layout(V)
        ctx.factors, ctx.UPLO = (L, V), UPLO
        return (L, V) if eigenvectors else (L,)

    @staticmethod
    @on_tensors
    def backward(ctx, gL, gV=None):
        L, V = factors(ctx, lambda A: linalg_eigh(A, ctx.UPLO))
        if gV is None:
            return (V * gL.unsqueeze(-2)) @ V.mT
        VhgV = V.mT @ gV
        gA = 0.5 * (VhgV - VhgV.mT) / (L.unsqueeze(-2) - L.unsqueeze(-1) + eye_like(L))
        if gL is not None:
            gA = gA + diag_embed(gL)
        return V @ (gA @ V.mT)


class LinalgQrBackward0(MultiOutputOp):
    """out = (Q, R) = qr(A), A = Q R, Q with orthonormal columns, R upper triangular; with M = gR R^T - Q^T gQ,
    for m >= n: dA = [gQ + Q syminvadj(triu(M))] R^-T with syminvadj(X) = X + X^T, its diagonal halved; for m < n:
    dA = [Q tril(X - X^T) U^-T | 0] + Q gR with X = -M and U = R[:, :m] (PyTorch's linalg_qr_backward, op for op)"""

    @staticmethod
    def forward(ctx, A, mode='reduced'):
        ctx.save_for_backward(A)
        xp = get_array_module(A)
        ctx.mode = mode
        if mode == 'r':
            return xp.empty((0,), A.dtype), xp.linalg.qr(A, mode='r')
        Q, R = (lapack_layout(f) for f in xp.linalg.qr(A, mode=mode))
        ctx.factors = (Q, R)
        return Q, R

    @staticmethod
    @on_tensors
    def backward(ctx, gQ, gR):
        if ctx.mode == 'r':
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                               "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                               'linalg.qr.')
        Q, R = factors(ctx, lambda A: linalg_qr(A, ctx.mode))
        m, n = Q.shape[-2], R.shape[-1]
        if ctx.mode == 'complete' and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
        if gQ is None:
            M = gR @ R.mT
        else:
            M = -(Q.mT @ gQ) if gR is None else gR @ R.mT - Q.mT @ gQ
        if m >= n:
            M = M.triu()
            S = M + M.mT
            S.diagonal(0, -2, -1).mul_(0.5)
            gA = Q @ S
            if gQ is not None:
                gA = gA + gQ
            return linalg_solve_triangular(R.mT, gA, upper=False, left=False)
        X = -M
        gA = linalg_solve_triangular(R[..., :m].mT, Q @ (X - X.mT).tril(), upper=False, left=False)
        gA = shape.cat([gA, gA.new_zeros(gA.shape[:-1] + (n - m,))], -1)
        return gA if gR is None else gA + Q @ gR


class LinalgPinvBackward0(Op):
    """out = A^+ (from the SVD: 1/S where S > max(atol, rtol max S), else 0);  dA = PyTorch's pinv_backward:
    -(A^+ g^T A^+)^T + (A^+ A^+T) g^T (I - A A^+) + (I - A^+ A) g^T A^+T A^+ ... (its m <= n and m > n forms)"""

    @staticmethod
    def forward(ctx, A, atol=None, rtol=None):
        xp = get_array_module(A)
        U, S, Vh = xp.linalg.svd(A, full_matrices=False)
        cutoff = cutoff_of(S, A, atol, rtol)
        quiet = ignore_float_errors(IGNORE)
        inv = xp.where(S > cutoff, 1 / xp.where(S > cutoff, S, 1), 0)
        restore_float_errors(quiet)
        out = (Vh.swapaxes(-1, -2) * inv[..., None, :]) @ U.swapaxes(-1, -2)
        ctx.save_for_backward(A, out)
        return out

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        A, pinvA = saved(ctx)
        return pinv_grad(g, pinvA, A)


def pinv_grad(g, pinvA, A):
    """The gradient of A from that of A^+ (PyTorch's pinv_backward, its two forms for wide and tall A)."""
    m, n = A.shape[-2], A.shape[-1]
    pinvAh, gh = pinvA.mT, g.mT
    if m <= n:
        K = gh @ pinvA
        KpinvAh = K @ pinvAh
        return -(pinvA @ K).mT + KpinvAh - (A @ pinvA) @ KpinvAh + (pinvAh @ pinvA) @ (gh - K @ A)
    K = pinvA @ gh
    pinvAhK = pinvAh @ K
    return -(K @ pinvA).mT + (gh - A @ K) @ pinvA @ pinvAh + pinvAhK - pinvAhK @ pinvA @ A


def cutoff_of(S, A, atol, rtol):
    """PyTorch's tolerance for pinv and matrix_rank: max(atol, rtol * max S), rtol eps * max(m, n) by default (0
    when only atol is given)."""
    xp = get_array_module(S)
    if rtol is None:
        rtol = 0.0 if atol is not None and atol > 0 else xp.finfo(A.dtype).eps * max(A.shape[-2:])
    smax = S.max(axis=-1, keepdims=True) if S.shape[-1] else xp.zeros(S.shape[:-1] + (1,), S.dtype)
    return xp.maximum(atol or 0.0, rtol * smax)


def of_singular_values(A, dims, keepdim, reduce):
    """reduce(S) of the singular values S of the matrices over the two `dims` (the nuclear norm, the spectral
    norm), as PyTorch: A permuted with those dims last, and with keepdim the result permuted back."""
    perm = [i for i in range(A.ndim) if i not in dims] + list(dims)
    result = reduce(linalg_svdvals(A.permute(*perm)))
    if keepdim:
        result = result.unsqueeze(-1).unsqueeze(-1).permute(*sorted(range(A.ndim), key=perm.__getitem__))
    return result


# -- the public ops ------------------------------------------------------------------------------------------------
def float_ok(name, A):
    check_matrix(name, A, square=False, half='linalg_svd_cpu')


def linalg_svd(A, full_matrices=True, *, driver=None, out=None):
    float_ok('linalg.svd', A)
    return return_types.linalg_svd(*LinalgSvdBackward0.apply(A, full_matrices=full_matrices))


def linalg_svdvals(A, *, driver=None, out=None):
    float_ok('linalg.svd', A)
    return write_out(LinalgSvdBackward0.apply(A, full_matrices=False, compute_uv=False)[0], out, '_linalg_svd')


@export()
def svd(input, some=True, compute_uv=True, *, out=None):
    """torch.svd (the old API): U, S, V with V = Vh^T; some=False gives the full U and V."""
    float_ok('linalg.svd', input)
    U, S, Vh = LinalgSvdBackward0.apply(input, full_matrices=not some)
    if not compute_uv:      # zero-filled U and V, as PyTorch's
        m, n = input.shape[-2:]
        return return_types.svd(S.new_zeros(*input.shape[:-2], m, m), S, S.new_zeros(*input.shape[:-2], n, n))
    return return_types.svd(U, S, Vh.mT)


def linalg_eigh(A, UPLO='L', *, out=None):
    check_eigh(A, UPLO)
    return return_types.linalg_eigh(*LinalgEighBackward0.apply(A, UPLO=UPLO))


def linalg_eigvalsh(A, UPLO='L', *, out=None):
    check_eigh(A, UPLO)
    return write_out(LinalgEighBackward0.apply(A, UPLO=UPLO, eigenvectors=False)[0], out, '_linalg_eigh')


def check_eigh(A, UPLO):
    if A.ndim >= 2 and A._data.dtype.kind != 'f':
        raise NotImplementedError(f'"linalg_eigh_cpu" not implemented for \'{title_of(A)}\'')
    check_matrix('linalg.eigh', A, half='linalg_eigh_cpu')
    if UPLO not in ('L', 'U'):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")


def title_of(A):
    from ..dtypes import title
    return title(A._data.dtype)


QR_MODES = ('reduced', 'complete', 'r')


def linalg_qr(A, mode='reduced', *, out=None):
    if mode not in QR_MODES:
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', "
                           "or 'complete'")
    check_matrix('linalg.qr', A, square=False, half='geqrf_cpu')
    return return_types.linalg_qr(*LinalgQrBackward0.apply(A, mode=mode))


@export()
def qr(input, some=True, *, out=None):
    """torch.qr (deprecated): some=False is mode='complete'."""
    return return_types.qr(*linalg_qr(input, 'reduced' if some else 'complete'))


def linalg_pinv(A, *, atol=None, rtol=None, hermitian=False, out=None):
    if A.ndim < 2 or A._data.dtype not in ('float32', 'float64'):
        raise RuntimeError(f'linalg.pinv({title_of(A)}{{{list(A.shape)}}}): expected a tensor with 2 or more '
                           'dimensions of float, double, cfloat or cdouble types')
    return write_out(LinalgPinvBackward0.apply(A, atol=atol, rtol=rtol), out, 'linalg_pinv')


@export()
def pinverse(input, rcond=1e-15):
    return linalg_pinv(input, rtol=rcond)


def linalg_matrix_rank(A, *, atol=None, rtol=None, hermitian=False, out=None):
    if A._data.dtype not in ('float32', 'float64'):
        raise RuntimeError("This function doesn't handle types other than float and double")
    check_matrix('linalg.matrix_rank', A, square=False, floating=False)
    xp = A.xp
    S = xp.linalg.svd(A._data, compute_uv=False)
    rank = (S > cutoff_of(S, A._data, atol, rtol)).sum(-1).astype('int64')
    return write_out(Tensor._make(xp.asarray(rank)), out, None)


class LinalgLstsqBackward0(MultiOutputOp):
    """out = (X, residuals): X = argmin ||A X - B|| (= A^+ B), residuals = ||A X - B||^2 per column (drivers other than
    gelsy, with m > n and full rank; else empty);  dA = pinv_backward(gX B^T) + ((A X - B) gR) X^T * 2,
    dB = A^+T gX + (gR * -2) (A X - B) (PyTorch's linalg_lstsq_backward: a vector B's parts squeezed, then added)"""

    @staticmethod
    def forward(ctx, A, B, vector=False, solved=None):
        ctx.save_for_backward(A, B)
        ctx.vector, (X, residuals, ctx.residuals) = vector, solved
        return X, residuals

    @staticmethod
    @on_tensors
    def backward(ctx, gX, gR):
        A, B = saved(ctx)
        need_A, need_B = ctx.needs_input_grad
        if ctx.vector:
            B = B.unsqueeze(-1)
            gX = None if gX is None else gX.unsqueeze(-1)
            gR = None if gR is None else gR.unsqueeze(-1)
        pinvA = linalg_pinv(A)
        parts_A, parts_B = [], []
        if gX is not None:
            parts_A.append(pinv_grad(gX @ B.mT, pinvA, A) if need_A else None)
            parts_B.append(pinvA.mT @ gX if need_B else None)
        if gR is not None and ctx.residuals:
            X = pinvA @ B
            r, gL = A @ X - B, gR.unsqueeze(-2)
            parts_A.append(MulBackward1.apply((gL * r) @ X.mT, b=2) if need_A else None)
            parts_B.append(MulBackward1.apply(gL, b=-2) * r if need_B else None)
        gA = sum_of(parts_A) if need_A else None
        gB = sum_of([p.squeeze(-1) for p in parts_B] if ctx.vector else parts_B) if need_B else None
        return gA, gB


def sum_of(parts):
    """The sum of a formula's parts (None for none)."""
    return sum(parts[1:], parts[0]) if parts else None


LSTSQ_DRIVERS = ('gels', 'gelsy', 'gelsd', 'gelss')


def least_squares(A, B, rcond, driver, vector):
    """X = argmin ||A X - B|| for each matrix of the (broadcast) batch, with the residuals (or an empty array),
    whether they were computed, the ranks and the singular values."""
    xp = get_array_module(A)
    B2 = B[..., None] if vector else B
    batch = xp.broadcast_shapes(A.shape[:-2], B2.shape[:-2])
    As = xp.broadcast_to(A, batch + A.shape[-2:]).reshape((-1,) + A.shape[-2:])
    Bs = xp.broadcast_to(B2, batch + B2.shape[-2:]).reshape((-1,) + B2.shape[-2:])
    solved = [xp.linalg.lstsq(a, b, rcond=rcond) for a, b in zip(As, Bs)]
    m, n, k = A.shape[-2], A.shape[-1], B2.shape[-1]
    X = xp.stack([x for x, *_ in solved]).reshape(batch + (n, k)) if solved else xp.zeros(batch + (n, k), A.dtype)
    ranks = xp.asarray([r for _, _, r, _ in solved], dtype='int64').reshape(batch)
    S = (xp.stack([sv for *_, sv in solved]) if solved else xp.zeros((0, min(m, n)), A.dtype)).reshape(
        batch + (min(m, n),))
    full = m > n and bool((ranks == n).all()) and driver != 'gelsy'
    residuals = ((A @ X - B2) ** 2).sum(-2).astype(A.dtype) if full else xp.zeros((0,), A.dtype)
    if vector:
        X, residuals = X[..., 0], residuals[..., 0] if full else residuals
    return X if vector else lapack_layout(X), residuals, full, ranks, S.astype(A.dtype)


def linalg_lstsq(A, B, rcond=None, *, driver=None):
    """(solution, residuals, rank, singular_values), as PyTorch's CPU drivers give them: rank for all but 'gels',
    the singular values for 'gelsd' and 'gelss' (else empty tensors)."""
    if A._data.dtype not in ('float32', 'float64') or B._data.dtype not in ('float32', 'float64'):
        raise RuntimeError("This function doesn't handle types other than float and double")
    driver = driver or 'gelsy'
    if driver not in LSTSQ_DRIVERS:
        raise RuntimeError('torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)')
    check_matrix('torch.linalg.lstsq', A, square=False, floating=False)
    vector = B.ndim == A.ndim - 1
    if (B.shape[-1] if vector else B.shape[-2]) != A.shape[-2]:
        raise RuntimeError('torch.linalg.lstsq: input.size(-2) should match other.size(-2)')
    X, residuals, full, rank, S = least_squares(A._data, B._data, rcond, driver, vector)
    X, residuals = LinalgLstsqBackward0.apply(A, B, vector=vector, solved=(X, residuals, full))
    xp = A.xp
    return return_types.linalg_lstsq(X, residuals,
                                     Tensor._make(rank if driver != 'gels' else xp.zeros((0,), 'int64')),
                                     Tensor._make(S if driver in ('gelsd', 'gelss') else xp.zeros((0,), S.dtype)))
