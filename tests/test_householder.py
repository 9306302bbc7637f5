"""geqrf and householder_product (orgqr) against PyTorch: the packed QR, its tau, Q rebuilt from them, gradients
(first, second, finite differences) and errors."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check_op, check_second_derivative, gradcheck_op, make_inputs, to_numpy
from test_lu import check_same_error

F32 = {'float32': dict(rtol=1e-4, atol=1e-5)}     # float32: LAPACK rounds the reflectors in another order


def lib(x):
    return torch if isinstance(x, torch.Tensor) else minigrad


@pytest.mark.parametrize('shape', [(4, 3), (2, 4, 3), (3, 3), (3, 5), (1, 1)])
def test_geqrf(shape):
    check_op([shape], lambda x: tuple(lib(x).geqrf(x)), tol=F32, grad=False)
    _, _, (m,) = make_inputs([shape], 'float64')
    with pytest.raises(NotImplementedError, match="the derivative for 'geqrf' is not implemented."):
        minigrad.geqrf(m).a.sum().backward()


@pytest.mark.parametrize('shape', [(4, 3), (2, 5, 3), (3, 3)])
def test_householder_product_rebuilds_q(shape):
    _, (t,), (m,) = make_inputs([shape], 'float64')
    want = torch.linalg.qr(t).Q
    got = minigrad.linalg.householder_product(*minigrad.geqrf(m.detach()))
    np.testing.assert_allclose(to_numpy(got), to_numpy(want), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize('shapes', [[(4, 3), (2,)], [(2, 5, 3), (2, 3)], [(3, 3), (3,)], [(4, 2), (1,)]])
def test_householder_product_gradients(shapes):
    def fn(a, tau):
        return lib(a).linalg.householder_product(a, tau)
    check_op(shapes, fn, tol=F32)
    check_second_derivative(shapes, fn)
    gradcheck_op(shapes, fn)


ERRORS = [
    lambda L: L.geqrf(L.ones(3)),
    lambda L: L.geqrf(L.ones(3, 3, dtype=L.int64)),
    lambda L: L.linalg.householder_product(L.ones(3, 4), L.ones(2)),
    lambda L: L.linalg.householder_product(L.ones(4, 3), L.ones(4)),
    lambda L: L.linalg.householder_product(L.ones(4), L.ones(2)),
    lambda L: L.linalg.householder_product(L.ones(2, 4, 3), L.ones(3, 2)),
    lambda L: L.linalg.householder_product(L.ones(4, 3), L.ones(2, dtype=L.float64)),
    lambda L: L.orgqr(L.ones(3, 3, dtype=L.int64), L.ones(2, dtype=L.int64)),
    lambda L: L.ormqr(L.ones(4, 3), L.ones(3), L.ones(3, 2)),
    lambda L: L.ormqr(L.ones(4, 3), L.ones(3), L.ones(2, 3), left=False),
    lambda L: L.ormqr(L.ones(4, 3), L.ones(4), L.ones(4, 2)),
    lambda L: L.ormqr(L.ones(4), L.ones(3), L.ones(4, 2)),
    lambda L: L.ormqr(L.ones(4, 3), L.ones(3), L.ones(4)),
    lambda L: L.ormqr(L.ones(4, 3), L.ones(3, dtype=L.float64), L.ones(4, 2)),
    lambda L: L.ormqr(L.ones(4, 3), L.ones(3), L.ones(4, 2, dtype=L.float64)),
    lambda L: L.ormqr(L.ones(4, 3, dtype=L.int64), L.ones(3, dtype=L.int64), L.ones(4, 2, dtype=L.int64)),
]


@pytest.mark.parametrize('fn', ERRORS)
def test_errors_in_pytorchs_words(fn):
    check_same_error(fn)


@pytest.mark.parametrize('left', [True, False])
@pytest.mark.parametrize('transpose', [True, False])
@pytest.mark.parametrize('shapes', [[(4, 3), (3,), (4, 2)], [(2, 4, 2), (2, 2), (2, 4, 5)]])
def test_ormqr(shapes, left, transpose):
    a, tau, c = shapes
    c = c if left else c[:-2] + c[-2:][::-1]

    def fn(a, tau, c):
        return lib(a).ormqr(a, tau, c, left, transpose)
    check_op([a, tau, c], fn, tol=F32)
    check_second_derivative([a, tau, c], fn)
    gradcheck_op([a, tau, c], fn)
    _, (t,), (m,) = make_inputs([a], 'float64')      # with geqrf's reflectors: the complete Q of linalg.qr
    Q = torch.linalg.qr(t, mode='complete').Q
    C = torch.ones(c, dtype=torch.float64)
    Q = Q.mT if transpose else Q
    want = Q @ C if left else C @ Q
    np.testing.assert_allclose(to_numpy(minigrad.ormqr(*minigrad.geqrf(m), minigrad.ones(c, dtype=minigrad.float64),
                                                       left, transpose)), to_numpy(want), rtol=1e-10, atol=1e-12)
