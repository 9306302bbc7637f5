"""Randomized low-rank factorizations (Halko, Martinsson and Tropp 2009), composed of matmul, QR and SVD as
PyTorch composes them: svd_lowrank (A ~ U diag(S) V^T with q columns) and pca_lowrank (the same of A with its column
means taken out). Their results depend on random draws (minigrad.randn), so they match PyTorch's in shape, in
orthonormality and, for a matrix of rank <= q, in U diag(S) V^T = A; not value by value."""
from .table import export
from ..dtypes import get_default_dtype
from ..factories import randn
from ..linalg import qr, svd


def approximate_basis(A, q, niter, M=None):
    """Q (m, q) with orthonormal columns whose span holds most of A's range (A - M's), by subspace iteration."""
    dtype = A.dtype if A.is_floating_point() else get_default_dtype()     # as PyTorch's get_floating_dtype
    R = randn(A.shape[-1], q, dtype=dtype, device=A.device)
    X = A @ R if M is None else A @ R - M @ R
    Q = qr(X).Q
    for _ in range(niter):
        X = A.mT @ Q if M is None else A.mT @ Q - M.mT @ Q
        Q = qr(X).Q
        X = A @ Q if M is None else A @ Q - M @ Q
        Q = qr(X).Q
    return Q


def lowrank_svd(A, q, niter, M=None):
    m, n = A.shape[-2:]
    if M is not None:
        M = M.broadcast_to(A.shape)
    if m < n:
        A, M = A.mT, None if M is None else M.mT
    Q = approximate_basis(A, q, niter, M)
    B = Q.mT @ A if M is None else Q.mT @ A - Q.mT @ M
    U, S, Vh = svd(B, full_matrices=False)
    U, V = Q @ U, Vh.mT
    return (V, S, U) if m < n else (U, S, V)


@export(method=False)
def svd_lowrank(A, q=6, niter=2, M=None):
    return lowrank_svd(A, 6 if q is None else q, niter, M)


@export(method=False)
def pca_lowrank(A, q=None, center=True, niter=2):
    m, n = A.shape[-2:]
    if q is None:
        q = min(6, m, n)
    elif not 0 <= q <= min(m, n):
        raise ValueError(f'q(={q}) must be non-negative integer and not greater than min(m, n)={min(m, n)}')
    if not niter >= 0:
        raise ValueError(f'niter(={niter}) must be non-negative integer')
    if not center:
        return lowrank_svd(A, q, niter)
    return lowrank_svd(A - A.mean(dim=(-2,), keepdim=True), q, niter)
