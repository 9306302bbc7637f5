"""Issue 15's switches and queries (set_float32_matmul_precision, set_warn_always, set_flush_denormal, is_storage)
against PyTorch, and the named tuples of its ops. Their values, gradients and errors are
in tests/opdb.py and tests/test_ops.py."""
import warnings

import numpy as np
import pytest
import torch

import minigrad

LIBS = (torch, minigrad)


@pytest.fixture
def restore_switches():
    yield
    for L in LIBS:
        L.set_float32_matmul_precision('highest')
        L.set_warn_always(False)


@pytest.mark.parametrize('precision', ['highest', 'high', 'medium'])
def test_float32_matmul_precision_reads_back(precision, restore_switches):
    for L in LIBS:
        L.set_float32_matmul_precision(precision)
    assert minigrad.get_float32_matmul_precision() == torch.get_float32_matmul_precision() == precision


def test_unknown_matmul_precision_warns_and_changes_nothing(restore_switches):
    messages = []
    for L in LIBS:
        L.set_float32_matmul_precision('medium')
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            L.set_float32_matmul_precision('fast')
        messages.append([str(w.message).split(' (Triggered')[0] for w in caught])
        assert L.get_float32_matmul_precision() == 'medium'
    assert messages[0] == messages[1]


@pytest.mark.parametrize('on', [True, False])
def test_warn_always_reads_back(on, restore_switches):
    for L in LIBS:
        L.set_warn_always(on)
    assert minigrad.is_warn_always_enabled() == torch.is_warn_always_enabled() == on


@pytest.mark.parametrize('fn', ['set_warn_always', 'set_flush_denormal'])
def test_switches_take_only_bools(fn):
    errors = []
    for L in LIBS:
        with pytest.raises(RuntimeError) as e:
            getattr(L, fn)(1)
        errors.append(str(e.value))
    assert errors[0] == errors[1]


def test_flush_denormal_is_not_supported_and_denormals_stay():
    assert minigrad.set_flush_denormal(True) is False
    tiny = minigrad.tensor([1e-310], dtype=minigrad.float64)
    assert tiny.item() == 1e-310 == torch.tensor([1e-310], dtype=torch.float64).item()
    torch.set_flush_denormal(False)


@pytest.mark.parametrize('make', [lambda L: L.ones(2), lambda L: [1, 2], lambda L: None])
def test_is_storage_of_what_is_no_storage(make):
    assert minigrad.is_storage(make(minigrad)) is torch.is_storage(make(torch)) is False


def test_named_tuples_of_issue_15_ops():
    rng = np.random.default_rng(0)
    b, a = rng.standard_normal((3, 2)), np.triu(rng.standard_normal((3, 3))) + 3 * np.eye(3)
    reprs = []
    for L in LIBS:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            solved = L.triangular_solve(L.tensor(b), L.tensor(a))
        parts = L.frexp(L.tensor([3.0, -0.25]))
        assert (solved.solution is solved[0]) and (solved.cloned_coefficient is solved[1]) and (parts.mantissa is parts[0]) and (parts.exponent is parts[1])
        reprs.append(repr(parts).replace('torch', 'minigrad'))
    assert reprs[0] == reprs[1]



@pytest.mark.parametrize('shape, rank, q', [((8, 5), 3, 4), ((4, 9), 2, 2), ((2, 7, 6), 3, 5)])
@pytest.mark.parametrize('fn', ['svd_lowrank', 'pca_lowrank'])
def test_lowrank_factorizations_of_a_low_rank_matrix(shape, rank, q, fn):
    """Randomized, so not value by value: for a matrix of rank <= q both libraries find its singular values (to
    float64 rounding), with orthonormal U and V, and U diag(S) V^T gives back A (centered for pca_lowrank)."""
    rng = np.random.default_rng(1)
    a = rng.standard_normal(shape[:-1] + (rank,)) @ rng.standard_normal(shape[:-2] + (rank, shape[-1]))
    values = []
    for L in LIBS:
        A = L.tensor(a)
        U, S, V = getattr(L, fn)(A, q=q)
        assert tuple(U.shape) == shape[:-1] + (q,) and tuple(V.shape) == shape[:-2] + (shape[-1], q)
        np.testing.assert_allclose((U.mT @ U).numpy(), np.broadcast_to(np.eye(q), U.shape[:-2] + (q, q)), atol=1e-10)
        np.testing.assert_allclose((V.mT @ V).numpy(), np.broadcast_to(np.eye(q), V.shape[:-2] + (q, q)), atol=1e-10)
        target = A - A.mean(dim=-2, keepdim=True) if fn == 'pca_lowrank' else A
        np.testing.assert_allclose((U @ (S.unsqueeze(-1) * V.mT)).numpy(), target.numpy(), atol=1e-9)
        values.append(S.numpy()[..., :rank])
    np.testing.assert_allclose(values[0], values[1], rtol=1e-10)
