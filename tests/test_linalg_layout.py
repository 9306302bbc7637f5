"""The layout of linalg's results is PyTorch's: LAPACK leaves each matrix column by column (strides (1, rows), the
batch dims outermost), and PyTorch hands it on so; a result computed as a transpose (solve with left=False) is row
by row. Visible in stride(), is_contiguous() and whether .view() of the result works. Compared with torch, op by op."""
import numpy as np
import pytest
import torch

import minigrad

A = [[4., 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]]
B = [[1., 2], [3, 4], [5, 6]]
TAU = [1., .5]

CASES = {
    'inv': lambda L, a, b: L.linalg.inv(a),
    'inv_batch': lambda L, a, b: L.linalg.inv(L.stack([a, 2 * a])),
    'inv_ex': lambda L, a, b: L.linalg.inv_ex(a).inverse,
    'inverse': lambda L, a, b: a.inverse(),
    'solve': lambda L, a, b: L.linalg.solve(a, b),
    'solve_batch': lambda L, a, b: L.linalg.solve(L.stack([a, a]), L.stack([b, b])),
    'solve_vector': lambda L, a, b: L.linalg.solve(a, b[:, 0]),
    'solve_right': lambda L, a, b: L.linalg.solve(a, b.T, left=False),
    'cholesky': lambda L, a, b: L.linalg.cholesky(a),
    'cholesky_upper': lambda L, a, b: L.linalg.cholesky(a, upper=True),
    'qr_Q': lambda L, a, b: L.linalg.qr(a).Q,
    'qr_R': lambda L, a, b: L.linalg.qr(a).R,
    'svd_U': lambda L, a, b: L.linalg.svd(a).U,
    'svd_Vh': lambda L, a, b: L.linalg.svd(a).Vh,
    'svd_full_U': lambda L, a, b: L.linalg.svd(b).U,
    'eigh_V': lambda L, a, b: L.linalg.eigh(a).eigenvectors,
    'lu_factor_LU': lambda L, a, b: L.linalg.lu_factor(a).LU,
    'lu_P': lambda L, a, b: L.linalg.lu(a).P,
    'lu_solve': lambda L, a, b: L.linalg.lu_solve(*L.linalg.lu_factor(a), b),
    'lstsq': lambda L, a, b: L.linalg.lstsq(a, b).solution,
    'solve_triangular': lambda L, a, b: L.linalg.solve_triangular(L.linalg.cholesky(a), b, upper=False),
    'cholesky_solve': lambda L, a, b: L.cholesky_solve(b, L.linalg.cholesky(a)),
    'cholesky_inverse': lambda L, a, b: L.cholesky_inverse(L.linalg.cholesky(a)),
    'householder_product': lambda L, a, b: L.linalg.householder_product(a, L.tensor(TAU, dtype=a.dtype)),
    'geqrf': lambda L, a, b: L.geqrf(a).a,
    'ormqr': lambda L, a, b: L.ormqr(a, L.tensor(TAU + [0.], dtype=a.dtype), b),
    'tensorinv': lambda L, a, b: L.linalg.tensorinv(a, ind=1),
    'pinv': lambda L, a, b: L.linalg.pinv(a),
    'matrix_exp': lambda L, a, b: L.linalg.matrix_exp(a),
}


def layout(L, case):
    a, b = L.tensor(A, dtype=L.float64), L.tensor(B, dtype=L.float64)
    out = CASES[case](L, a, b)
    return tuple(out.stride()), out.is_contiguous(), out.detach().numpy()


@pytest.mark.parametrize('case', CASES)
def test_layout_is_pytorchs(case):
    want, got = layout(torch, case), layout(minigrad, case)
    assert got[:2] == want[:2], f'{case}: minigrad strides {got[0]}, contiguous {got[1]}; torch {want[0]}, {want[1]}'
    np.testing.assert_allclose(got[2], want[2], rtol=1e-10, atol=1e-12)
