"""torch.autograd.functional (jacobian, hessian, vjp, jvp, vhp, hvp) against torch: the same functions on the same
inputs, one or several inputs and outputs, create_graph; float64, compared tightly (the same arithmetic)."""
import numpy as np
import pytest
import torch
import torch.autograd.functional as TF

import minigrad
import minigrad.autograd.functional as MF

rng = np.random.default_rng(0)
A, W, V3, V2 = rng.standard_normal(3), rng.standard_normal((2, 3)), rng.standard_normal(3), rng.standard_normal(2)


def cases(L, F):
    x, w, v3, v2 = L.tensor(A), L.tensor(W), L.tensor(V3), L.tensor(V2)
    f = lambda x: (w @ x.sin()).exp()                          # noqa: E731  R^3 -> R^2
    s = lambda x: (x.exp() * x).sum()                          # noqa: E731  R^3 -> R
    two = lambda x, y: (x.sin() * y).sum() ** 2                # noqa: E731  (R^3, R^3) -> R
    return {
        'jacobian': lambda: F.jacobian(f, x),
        'jacobian_tuple': lambda: F.jacobian(lambda x, w: ((w @ x).tanh(), x.sum()), (x, w)),
        'jacobian_unused': lambda: F.jacobian(lambda x, y: x * 2, (x, w)),
        'hessian': lambda: F.hessian(lambda x: (x ** 3).sum(), x),
        'hessian_tuple': lambda: F.hessian(two, (x, x * 2)),
        'vjp': lambda: F.vjp(f, x, v2),
        'vjp_scalar': lambda: F.vjp(s, x),
        'jvp': lambda: F.jvp(f, x, v3),
        'hvp': lambda: F.hvp(s, x, v3),
        'vhp': lambda: F.vhp(s, x, v3),
        'vhp_tuple': lambda: F.vhp(two, (x, x + 1), (v3, v3 * 2)),
    }


def flat(result):
    if isinstance(result, (tuple, list)):
        return [type(result).__name__] + [y for r in result for y in flat(r)]
    return [result]


@pytest.mark.parametrize('name', list(cases(torch, TF)))
def test_against_torch(name):
    got, want = flat(cases(minigrad, MF)[name]()), flat(cases(torch, TF)[name]())
    assert len(got) == len(want)
    for g, w in zip(got, want):
        if isinstance(w, str):
            assert g == w
            continue
        assert tuple(g.shape) == tuple(w.shape) and g.requires_grad == w.requires_grad
        np.testing.assert_allclose(g.numpy(), w.numpy(), rtol=1e-10, atol=1e-12)


def test_create_graph_differentiates_again():
    results = []
    for L, F in ((torch, TF), (minigrad, MF)):
        x = L.tensor(A, requires_grad=True)
        J = F.jacobian(lambda x: x.sin() * x, x, create_graph=True)
        assert J.requires_grad
        g, = L.autograd.grad(J.sum(), x)
        results.append(g.detach().numpy())
    np.testing.assert_allclose(results[1], results[0], rtol=1e-10)


def test_errors():
    for L, F in ((torch, TF), (minigrad, MF)):
        x = L.tensor(A)
        with pytest.raises(RuntimeError, match='The vector v can only be None if the user-provided function returns'):
            F.vjp(lambda x: x * 2, x)
        with pytest.raises(RuntimeError, match='The vector v can only be None if the input to the user-provided'):
            F.jvp(lambda x: x * 2, x)
