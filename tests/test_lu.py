"""The LU family against PyTorch: factors, pivots and info, solving, unpacking, their gradients (first and second,
and finite differences), out=, the deprecated torch.lu / torch.lu_solve, and errors."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import check_op, check_second_derivative, gradcheck_op, make_inputs, to_numpy

F32 = {'float32': dict(rtol=1e-4, atol=1e-5)}     # float32: LAPACK's blocked getrf rounds in another order
SHAPES = [(3, 3), (2, 4, 3), (2, 3, 5), (1, 1), (5, 5)]


def lib(x):
    return torch if isinstance(x, torch.Tensor) else minigrad


@pytest.mark.parametrize('shape', SHAPES + [(0, 3), (3, 0), (2, 0, 3), (0, 2, 2)])
def test_lu_factor_ex_values_pivots_info(shape):
    _, (t,), (m,) = make_inputs([shape], 'float64')
    want, got = torch.linalg.lu_factor_ex(t), minigrad.linalg.lu_factor_ex(m)
    np.testing.assert_allclose(to_numpy(got.LU), to_numpy(want.LU), rtol=1e-10, atol=1e-12)
    for name in ('pivots', 'info'):
        assert getattr(got, name).dtype == minigrad.int32
        np.testing.assert_array_equal(to_numpy(getattr(got, name)), to_numpy(getattr(want, name)))
    assert type(got.LU.grad_fn).__name__ == type(want.LU.grad_fn).__name__ == 'LinalgLuFactorExBackward0'


@pytest.mark.parametrize('shape', SHAPES)
def test_linalg_lu_and_lu_unpack(shape):
    check_op([shape], lambda x: lib(x).linalg.lu(x), tol=F32)
    check_op([shape], lambda x: lib(x).lu_unpack(*lib(x).linalg.lu_factor(x)), tol=F32)
    check_op([shape], lambda x: lib(x).linalg.lu_factor(x).LU, tol=F32)


@pytest.mark.parametrize('shape', SHAPES)
def test_lu_gradients_second_order_and_finite_differences(shape):
    check_second_derivative([shape], lambda x: lib(x).linalg.lu(x)[1:])
    check_second_derivative([shape], lambda x: lib(x).linalg.lu_factor(x).LU)
    gradcheck_op([shape], lambda x: minigrad.linalg.lu(x)[1:])
    gradcheck_op([shape], lambda x: minigrad.linalg.lu_factor(x).LU)


@pytest.mark.parametrize('left', [True, False])
@pytest.mark.parametrize('adjoint', [True, False])
def test_lu_solve(left, adjoint):
    b = (3, 2) if left else (2, 3)

    def fn(a, b):
        return lib(a).linalg.lu_solve(*lib(a).linalg.lu_factor(a), b, left=left, adjoint=adjoint)
    check_op([(2, 3, 3), b], fn, tol=F32)
    check_op([(3, 3), (2,) + b], fn, tol=F32)       # broadcasting over the batch
    check_second_derivative([(2, 3, 3), b], fn)
    gradcheck_op([(2, 3, 3), b], fn)


def test_solve_ex():
    check_op([(2, 3, 3), (2, 3, 2)], lambda a, b: lib(a).linalg.solve_ex(a, b), tol=F32)
    check_op([(3, 3), (3,)], lambda a, b: lib(a).linalg.solve_ex(a, b).result, tol=F32)
    check_op([(3, 3), (2, 3)], lambda a, b: lib(a).linalg.solve_ex(a, b, left=False).result, tol=F32)
    singular = [[1., 2., 0.], [2., 4., 0.], [1., 1., 1.]]
    want = torch.linalg.solve_ex(torch.tensor(singular), torch.ones(3, 2))
    got = minigrad.linalg.solve_ex(minigrad.tensor(singular), minigrad.ones(3, 2))
    np.testing.assert_array_equal(to_numpy(got.info), to_numpy(want.info))
    np.testing.assert_array_equal(to_numpy(got.result), to_numpy(want.result))


def test_singular_info_and_pivots():
    A = [[[0., 0., 0.], [0., 0., 0.], [0., 0., 0.]], [[1., 2., 3.], [2., 4., 6.], [1., 1., 1.]]]
    want, got = torch.linalg.lu_factor_ex(torch.tensor(A)), minigrad.linalg.lu_factor_ex(minigrad.tensor(A))
    for w, g in zip(want, got):
        np.testing.assert_allclose(to_numpy(g), to_numpy(w), rtol=1e-6, atol=1e-7)


def test_deprecated_forms_warn_and_agree():
    _, (ta, tb), (ma, mb) = make_inputs([(3, 3), (3, 2)], 'float64')
    for fn in (lambda L, a, b: L.lu(a), lambda L, a, b: L.lu(a, get_infos=True),
               lambda L, a, b: L.lu_solve(b, *L.linalg.lu_factor(a)), lambda L, a, b: b.lu_solve(*a.lu())):
        with pytest.warns(UserWarning, match='deprecated'):
            got = fn(minigrad, ma, mb)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            want = fn(torch, ta, tb)
        want, got = (want, got) if isinstance(want, tuple) else ((want,), (got,))
        assert type(got).__name__ == type(want).__name__
        for w, g in zip(want, got):
            np.testing.assert_allclose(to_numpy(g), to_numpy(w), rtol=1e-10, atol=1e-12)


def test_named_tuples_and_out():
    _, (t,), (m,) = make_inputs([(3, 3)], 'float64')
    assert repr(minigrad.linalg.lu(m)).startswith('minigrad.return_types.linalg_lu(\nP=')
    factors = minigrad.linalg.lu_factor_ex(m)
    assert factors.LU is factors[0] and factors.pivots is factors[1] and factors.info is factors[2]
    outs = (minigrad.empty(0, dtype=minigrad.float64), minigrad.empty(0, dtype=minigrad.int32))
    with minigrad.no_grad():
        result = minigrad.linalg.lu_factor(m, out=outs)
    assert result[0] is outs[0] and result[1] is outs[1]
    np.testing.assert_allclose(to_numpy(outs[0]), to_numpy(torch.linalg.lu_factor(t).LU.detach()), rtol=1e-10)
    with pytest.raises(RuntimeError, match="don't support automatic differentiation"):
        minigrad.linalg.lu_factor(m, out=outs)


ERRORS = [
    lambda L: L.linalg.lu_factor(L.zeros(3, 3)),
    lambda L: L.linalg.lu_factor(L.stack([L.eye(3), L.zeros(3, 3)])),
    lambda L: L.linalg.lu_factor_ex(L.zeros(3, 3), check_errors=True),
    lambda L: L.linalg.lu_factor(L.ones(3)),
    lambda L: L.linalg.lu_factor(L.ones(3, 3, dtype=L.int64)),
    lambda L: L.linalg.lu_factor(L.ones(3, 3, dtype=L.float16)),
    lambda L: L.linalg.lu(L.eye(3), pivot=False),
    lambda L: L.linalg.lu_solve(L.eye(3), L.ones(3, dtype=L.int64), L.ones(3, 2)),
    lambda L: L.linalg.lu_solve(L.eye(3), L.ones(3, dtype=L.int32), L.ones(2, 3)),
    lambda L: L.linalg.lu_solve(L.eye(3), L.ones(3, dtype=L.int32), L.ones(3, 2), left=False),
    lambda L: L.linalg.lu_solve(L.eye(3), L.ones(3, dtype=L.int32), L.ones(3, 2, dtype=L.float64)),
    lambda L: L.linalg.lu_solve(L.ones(3, 4), L.ones(3, dtype=L.int32), L.ones(3, 2)),
    lambda L: L.lu_unpack(L.eye(3), L.ones(3)),
    lambda L: L.linalg.solve_ex(L.zeros(3, 3), L.ones(3, 2), check_errors=True),
]


def check_same_error(fn):
    """fn(torch) and fn(minigrad) raise the same exception type with the same message."""
    with pytest.raises(Exception) as want:
        fn(torch)
    with pytest.raises(Exception) as got:
        fn(minigrad)
    assert type(got.value).__name__ == type(want.value).__name__
    assert str(got.value).replace('minigrad', 'torch') == str(want.value)


@pytest.mark.parametrize('fn', ERRORS)
def test_errors_in_pytorchs_words(fn):
    check_same_error(fn)


@pytest.mark.parametrize('p', [None, -2, 'nuc', 'fro', 1, -1, float('inf'), -float('inf')])
def test_cond(p):
    """Values against PyTorch; gradients by finite differences (PyTorch's own backward fails for the p that go
    through the inverse: see opdb.KNOWN), and against PyTorch where it has them."""
    check_op([(2, 3, 3)], lambda x: lib(x).linalg.cond(x, p), tol=F32, grad=p in (None, -2, 'nuc'))
    gradcheck_op([(2, 3, 3)], lambda x: minigrad.linalg.cond(x, p))
    singular = [[[1., 2.], [2., 4.]], [[1., 0.], [0., 2.]]]
    if p not in (None, -2, 'nuc'):      # exactly singular: inf (the SVD's ratio is a rounding-dependent large number)
        np.testing.assert_array_equal(to_numpy(minigrad.linalg.cond(minigrad.tensor(singular), p)),
                                      to_numpy(torch.linalg.cond(torch.tensor(singular), p)))
