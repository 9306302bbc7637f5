"""The normalisation layers against torch.nn: LayerNorm (and the others as they come): outputs, input and parameter
gradients with torch's weights copied in, second derivatives, printed forms, state_dict keys, reset_parameters,
errors (type and message)."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check_module, check_second_derivative, make_inputs, to_numpy


def both(make):
    """The same module built by `make(nn)` for torch and for minigrad."""
    return make(torch.nn), make(minigrad.nn)


def randomize(module):
    """The torch module's float parameters and buffers set to random values in [0.5, 1.5] (a check with weight 1 and
    bias 0 would miss their gradients); check_module copies them into minigrad's module."""
    rng = np.random.default_rng(7)
    with torch.no_grad():
        for t in list(module.parameters()) + list(module.buffers()):
            if t.is_floating_point():
                t.copy_(torch.tensor(rng.uniform(0.5, 1.5, size=tuple(t.shape))))
    return module


# -- modules vs torch: forward, input and parameter gradients, in float64 and float32 ---------------------------
MODULES = [
    ('layer_norm', lambda nn: nn.LayerNorm(5), [(3, 4, 5)]),
    ('layer_norm_2d_shape', lambda nn: nn.LayerNorm((4, 5), eps=1e-3), [(3, 4, 5)]),
    ('layer_norm_no_bias', lambda nn: nn.LayerNorm([5], bias=False), [(2, 5)]),
    ('layer_norm_no_affine', lambda nn: nn.LayerNorm(5, elementwise_affine=False), [(2, 3, 5)]),
    ('layer_norm_unbatched', lambda nn: nn.LayerNorm(6), [(6,)]),
    ('group_norm', lambda nn: nn.GroupNorm(3, 6), [(2, 6, 3, 2)]),
    ('group_norm_one_group', lambda nn: nn.GroupNorm(1, 4, eps=1e-3), [(3, 4, 5)]),
    ('group_norm_per_channel', lambda nn: nn.GroupNorm(4, 4, bias=False), [(3, 4, 5)]),
    ('group_norm_no_affine', lambda nn: nn.GroupNorm(2, 4, affine=False), [(3, 4, 3)]),
]


@pytest.mark.parametrize('make, shapes', [pytest.param(m, s, id=n) for n, m, s in MODULES])
def test_module_matches_torch(make, shapes):
    tm, mm = randomize(make(torch.nn)), make(minigrad.nn)
    check_module(tm, mm, shapes)


# -- second derivatives vs torch, and against finite differences ------------------------------------------------
SECOND = [
    ('layer_norm affine', [(3, 4, 5), (5,), (5,)], lambda x, w, b: lib(x).nn.functional.layer_norm(x, (5,), w, b)),
    ('layer_norm 2 dims', [(3, 4, 5), (4, 5), (4, 5)],
     lambda x, w, b: lib(x).nn.functional.layer_norm(x, (4, 5), w, b)),
    ('layer_norm weight', [(3, 5), (5,)], lambda x, w: lib(x).nn.functional.layer_norm(x, (5,), w)),
    ('layer_norm plain', [(2, 3, 4)], lambda x: lib(x).nn.functional.layer_norm(x, (3, 4), eps=1e-3)),
    ('group_norm affine', [(2, 6, 3), (6,), (6,)], lambda x, w, b: lib(x).nn.functional.group_norm(x, 3, w, b)),
    ('group_norm plain', [(3, 4)], lambda x: lib(x).nn.functional.group_norm(x, 2)),
]


def lib(x):
    return torch if isinstance(x, torch.Tensor) else minigrad


@pytest.mark.parametrize('shapes, fn', [pytest.param(s, f, id=n) for n, s, f in SECOND])
def test_second_derivative_matches_torch(shapes, fn):
    check_second_derivative(shapes, fn)


@pytest.mark.parametrize('shapes, fn', [pytest.param(s, f, id=n) for n, s, f in SECOND] + [
    pytest.param([(3, 5), (5,)], lambda x, b: minigrad.nn.functional.layer_norm(x, (5,), None, b),
                 id='layer_norm bias only (PyTorch raises here)'),
    pytest.param([(2, 4, 3), (4,)], lambda x, b: minigrad.nn.functional.group_norm(x, 2, None, b),
                 id='group_norm bias only (PyTorch raises here)')])
def test_gradcheck_and_gradgradcheck(shapes, fn):
    _, _, mt = make_inputs(shapes, 'float64')
    assert minigrad.autograd.gradcheck(fn, mt)
    assert minigrad.autograd.gradgradcheck(fn, mt)


def test_third_derivative_of_layer_norm():
    """The second-order node's backward is recorded ops, so a third derivative exists: it matches central differences
    of the second derivative. (PyTorch's own third derivative of layer_norm is wrong: torch.autograd.gradcheck of
    its second derivative fails.)"""
    rng = np.random.default_rng(0)
    x0, w0, v = rng.uniform(-2, 2, (3, 5)), rng.uniform(-2, 2, 5), rng.standard_normal((3, 5))

    def second(x, w):      # sum(v * d/dx sum((d/dx sum(y^3))^2))
        y = minigrad.nn.functional.layer_norm(x, (5,), w)
        gx, = minigrad.autograd.grad((y ** 3).sum(), x, create_graph=True)
        gx2, = minigrad.autograd.grad((gx ** 2).sum(), x, create_graph=True)
        return (gx2 * minigrad.tensor(v)).sum()

    def at(x, w):
        return second(minigrad.tensor(x, requires_grad=True), minigrad.tensor(w, requires_grad=True)).item()

    x, w = minigrad.tensor(x0, requires_grad=True), minigrad.tensor(w0, requires_grad=True)
    got = minigrad.autograd.grad(second(x, w), (x, w))
    for value, grad in ((x0, got[0]), (w0, got[1])):
        numeric = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            step = np.zeros_like(value)
            step[i] = 1e-6
            args = (x0 + step, w0) if value is x0 else (x0, w0 + step)
            args_back = (x0 - step, w0) if value is x0 else (x0, w0 - step)
            numeric[i] = (at(*args) - at(*args_back)) / 2e-6
        np.testing.assert_allclose(to_numpy(grad), numeric, rtol=1e-6, atol=1e-5)


def test_layer_norm_float16_computes_in_float32_as_torch():
    x = np.random.default_rng(0).uniform(-3, 3, size=(4, 6)).astype('float16')
    w, b = np.linspace(0.5, 1.5, 6).astype('float16'), np.linspace(-1, 1, 6).astype('float16')
    out = {L: L.nn.functional.layer_norm(L.tensor(x), (6,), L.tensor(w), L.tensor(b)) for L in (torch, minigrad)}
    assert out[minigrad].dtype == minigrad.float16
    np.testing.assert_allclose(to_numpy(out[minigrad]), to_numpy(out[torch]), rtol=1e-3, atol=1e-3)


# -- printed forms, state_dict, reset_parameters ------------------------------------------------------------------
@pytest.mark.parametrize('make', [
    lambda nn: nn.LayerNorm(5), lambda nn: nn.LayerNorm((4, 5), eps=1e-3), lambda nn: nn.LayerNorm([3], bias=False),
    lambda nn: nn.LayerNorm(3, elementwise_affine=False), lambda nn: nn.LayerNorm(3, 1e-6, False, False),
    lambda nn: nn.GroupNorm(3, 6), lambda nn: nn.GroupNorm(2, 4, 1e-3, False), lambda nn: nn.GroupNorm(1, 3, bias=False)])
def test_repr_state_dict_and_parameters(make):
    tm, mm = both(make)
    assert repr(mm) == repr(tm)
    assert list(mm.state_dict()) == list(tm.state_dict())
    for name in ('normalized_shape', 'num_groups', 'num_channels', 'eps', 'affine', 'elementwise_affine'):
        assert getattr(mm, name, None) == getattr(tm, name, None), name
    for (tn, tp), (mn, mp) in zip(tm.named_parameters(), mm.named_parameters()):
        assert mn == tn and tuple(mp.shape) == tuple(tp.shape)
        np.testing.assert_array_equal(to_numpy(mp), to_numpy(tp))
    assert (mm.weight is None) == (tm.weight is None) and (mm.bias is None) == (tm.bias is None)


def test_layer_norm_reset_parameters_and_dtype():
    m = minigrad.nn.LayerNorm(4, dtype=minigrad.float64)
    assert m.weight.dtype == minigrad.float64
    with minigrad.no_grad():
        m.weight.mul_(3)
        m.bias.add_(2)
    m.reset_parameters()
    np.testing.assert_array_equal(to_numpy(m.weight), np.ones(4))
    np.testing.assert_array_equal(to_numpy(m.bias), np.zeros(4))


# -- errors as PyTorch's (type and message) -------------------------------------------------------------------------
ERRORS = {
    'layer_norm shape': lambda L: L.nn.functional.layer_norm(L.ones(3, 4, 5), (4,)),
    'layer_norm shape 2 dims': lambda L: L.nn.functional.layer_norm(L.ones(3, 4, 5), [3, 5]),
    'layer_norm too few dims': lambda L: L.nn.functional.layer_norm(L.ones(5), (4, 5)),
    'layer_norm weight shape': lambda L: L.nn.functional.layer_norm(L.ones(3, 4, 5), (4, 5), L.ones(5)),
    'layer_norm bias shape': lambda L: L.nn.functional.layer_norm(L.ones(3, 5), (5,), None, L.ones(4)),
    'layer_norm empty shape': lambda L: L.nn.functional.layer_norm(L.ones(3, 5), ()),
    'layer_norm int shape': lambda L: L.nn.functional.layer_norm(L.ones(3, 5), 5),
    'layer_norm int input': lambda L: L.nn.functional.layer_norm(L.ones(3, 5, dtype=L.int64), (5,)),
    'layer_norm mixed dtype double': lambda L: L.nn.functional.layer_norm(L.ones(3, 5, dtype=L.float64), (5,),
                                                                          L.ones(5)),
    'layer_norm mixed dtype float': lambda L: L.nn.functional.layer_norm(L.ones(3, 5), (5,),
                                                                         L.ones(5, dtype=L.float64)),
    'LayerNorm input': lambda L: L.nn.LayerNorm(4)(L.ones(2, 3)),
    'group_norm groups': lambda L: L.nn.functional.group_norm(L.ones(2, 6, 3), 4),
    'group_norm weight': lambda L: L.nn.functional.group_norm(L.ones(2, 6, 3), 3, L.ones(5)),
    'group_norm weight 2d': lambda L: L.nn.functional.group_norm(L.ones(2, 6, 3), 3, L.ones(2, 3)),
    'group_norm 1d': lambda L: L.nn.functional.group_norm(L.ones(6), 3),
    'group_norm one value': lambda L: L.nn.functional.group_norm(L.ones(1, 1), 1),
    'group_norm zero groups': lambda L: L.nn.functional.group_norm(L.ones(2, 6), 0),
    'group_norm int input': lambda L: L.nn.functional.group_norm(L.ones(2, 6, dtype=L.int32), 3),
    'GroupNorm channels': lambda L: L.nn.GroupNorm(4, 6),
    'GroupNorm input channels': lambda L: L.nn.GroupNorm(3, 6)(L.ones(2, 5, 3)),
}


@pytest.mark.parametrize('make', ERRORS.values(), ids=ERRORS.keys())
def test_errors_match_torch(make):
    with pytest.raises(Exception) as want:
        make(torch)
    with pytest.raises(type(want.value)) as got:
        make(minigrad)
    assert str(got.value) == str(want.value).replace('torch', 'minigrad')
