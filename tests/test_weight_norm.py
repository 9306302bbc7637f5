"""nn.utils.weight_norm, parametrizations.weight_norm and nn.utils.parametrize against PyTorch: the same module and
weights in both libraries, then parameters, state_dict keys, repr, output and every gradient compared (float64)."""
import warnings

import numpy as np
import pytest
import torch

import minigrad

LIBS = (torch, minigrad)


def linear(lib):
    m = lib.nn.Linear(3, 2).double()
    m.load_state_dict({'weight': lib.tensor(np.arange(6.).reshape(2, 3) - 2.5), 'bias': lib.tensor([0.1, -0.2])})
    return m


def conv(lib):
    m = lib.nn.Conv2d(2, 3, 2).double()
    rng = np.random.default_rng(1)
    m.load_state_dict({'weight': lib.tensor(rng.standard_normal((3, 2, 2, 2))), 'bias': lib.tensor(rng.random(3))})
    return m


def old_style(lib, m, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', FutureWarning)
        return lib.nn.utils.weight_norm(m, **kw)


def new_style(lib, m, **kw):
    return lib.nn.utils.parametrizations.weight_norm(m, **kw)


def observe(lib, m, x):
    """Everything compared: class name, repr, state_dict keys, parameters, the weight's node, output and grads."""
    x = lib.tensor(x, requires_grad=True)
    y = m(x)
    (y * y).sum().backward()
    return {'class': type(m).__name__, 'repr': repr(m), 'keys': list(m.state_dict()),
            'params': {n: p.detach().numpy() for n, p in m.named_parameters()},
            'grads': {n: p.grad.numpy() for n, p in m.named_parameters()}, 'x.grad': x.grad.numpy(),
            'node': type(m.weight.grad_fn).__name__, 'y': y.detach().numpy()}


def assert_same(got, want):
    assert got.keys() == want.keys()
    for k in want:
        if isinstance(want[k], dict):
            assert got[k].keys() == want[k].keys(), k
            for n in want[k]:
                np.testing.assert_allclose(got[k][n], want[k][n], rtol=1e-12, atol=1e-12, err_msg=f'{k} {n}')
        elif isinstance(want[k], np.ndarray):
            np.testing.assert_allclose(got[k], want[k], rtol=1e-12, atol=1e-12, err_msg=k)
        else:
            assert got[k] == want[k], k


@pytest.mark.parametrize('style', [old_style, new_style])
@pytest.mark.parametrize('make, x, kw', [
    (linear, np.linspace(-1, 1, 12).reshape(4, 3), {}),
    (linear, np.linspace(-1, 1, 12).reshape(4, 3), {'dim': None}),
    (linear, np.linspace(-1, 1, 12).reshape(4, 3), {'dim': 1}),
    (conv, np.linspace(-1, 1, 2 * 2 * 3 * 3).reshape(2, 2, 3, 3), {}),
    (conv, np.linspace(-1, 1, 2 * 2 * 3 * 3).reshape(2, 2, 3, 3), {'dim': 2}),
    (linear, np.linspace(-1, 1, 12).reshape(4, 3), {'name': 'bias'}),
])
def test_weight_norm_matches_torch(style, make, x, kw):
    want, got = (observe(lib, style(lib, make(lib), **kw), x) for lib in LIBS)
    assert_same(got, want)


@pytest.mark.parametrize('style', [old_style, new_style])
def test_weight_norm_trains_as_torch(style):
    """Three SGD steps: g and v (or original0/1) change as torch's do, and the weight follows them."""
    results = []
    for lib in LIBS:
        m = style(lib, linear(lib))
        opt = lib.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
        x = lib.tensor(np.linspace(-1, 1, 12).reshape(4, 3))
        for _ in range(3):
            opt.zero_grad()
            m(x).pow(2).sum().backward()
            opt.step()
        results.append(observe(lib, m, np.ones((1, 3))))
    assert_same(results[1], results[0])


@pytest.mark.parametrize('remove', ['old', 'new'])
def test_removing_leaves_a_plain_parameter_with_the_weight(remove):
    results = []
    for lib in LIBS:
        if remove == 'old':
            m = old_style(lib, linear(lib))
            m.weight_g.data.mul_(2)
            lib.nn.utils.remove_weight_norm(m)
        else:
            m = new_style(lib, linear(lib))
            with lib.no_grad():
                m.parametrizations.weight.original0.mul_(2)
            lib.nn.utils.parametrize.remove_parametrizations(m, 'weight')
        results.append(observe(lib, m, np.ones((2, 3))))
    assert_same(results[1], results[0])
    assert not minigrad.nn.utils.parametrize.is_parametrized(linear(minigrad))


def test_the_parametrized_tensor_can_be_set_through_right_inverse():
    results = []
    for lib in LIBS:
        m = new_style(lib, linear(lib))
        m.weight = lib.tensor(np.arange(6.).reshape(2, 3) + 1)
        results.append(observe(lib, m, np.ones((2, 3))))
    assert_same(results[1], results[0])


def test_a_custom_parametrization_and_cached():
    class Symmetric:
        @staticmethod
        def make(lib):
            class S(lib.nn.Module):
                def forward(self, X):
                    return X.triu() + X.triu(1).transpose(-1, -2)
            return S()

    results = []
    for lib in LIBS:
        m = lib.nn.Linear(3, 3).double()
        m.load_state_dict({'weight': lib.tensor(np.arange(9.).reshape(3, 3)), 'bias': lib.zeros(3, dtype=lib.float64)})
        lib.nn.utils.parametrize.register_parametrization(m, 'weight', Symmetric.make(lib))
        with lib.nn.utils.parametrize.cached():
            assert m.weight is m.weight
        results.append(observe(lib, m, np.ones((2, 3))))
    assert_same(results[1], results[0])
    assert minigrad.nn.utils.parametrize.type_before_parametrizations(m) is minigrad.nn.Linear


@pytest.mark.parametrize('bad', [
    lambda lib: old_style(lib, old_style(lib, lib.nn.Linear(2, 2))),
    lambda lib: lib.nn.utils.remove_weight_norm(lib.nn.Linear(2, 2)),
    lambda lib: lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(2, 2), 'nope', lib.nn.Identity()),
    lambda lib: lib.nn.utils.parametrize.remove_parametrizations(lib.nn.Linear(2, 2), 'weight'),
    lambda lib: lib.nn.utils.parametrize.remove_parametrizations(new_style(lib, lib.nn.Linear(2, 2)), 'weight',
                                                                 leave_parametrized=False),
])
def test_errors_match_torch(bad):
    errors = []
    for lib in LIBS:
        with pytest.raises(Exception) as info:
            bad(lib)
        errors.append((type(info.value), str(info.value).split(' at 0x')[0]))
    assert errors[1] == errors[0]


def test_the_fused_node_passes_gradgradcheck_where_torchs_does_not():
    """Why the op database keeps the second derivatives of _weight_norm as KNOWN: torch's own double backward of
    its fused kernel fails gradgradcheck; minigrad's formula passes it."""
    rng = np.random.default_rng(0)
    v, g = rng.standard_normal((2, 3)), rng.standard_normal((2, 1))
    args = [(lib.tensor(v, requires_grad=True), lib.tensor(g, requires_grad=True)) for lib in LIBS]
    assert minigrad.autograd.gradgradcheck(lambda a, b: minigrad._weight_norm(a, b, 0), args[1])
    with pytest.raises(RuntimeError, match='Jacobian mismatch'):
        torch.autograd.gradgradcheck(lambda a, b: torch._weight_norm(a, b, 0), args[0])
