"""The normalisation layers against torch.nn: LayerNorm (and the others as they come): outputs, input and parameter
gradients with torch's weights copied in, second derivatives, printed forms, state_dict keys, reset_parameters,
errors (type and message)."""
import numpy as np
import pytest
import torch

import minigrad
import strict_backend
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
    ('instance_norm1d', lambda nn: nn.InstanceNorm1d(3), [(2, 3, 5)]),
    ('instance_norm1d_unbatched', lambda nn: nn.InstanceNorm1d(3, affine=True), [(3, 5)]),
    ('instance_norm2d_affine', lambda nn: nn.InstanceNorm2d(3, affine=True, eps=1e-3), [(2, 3, 4, 3)]),
    ('instance_norm2d_no_bias', lambda nn: nn.InstanceNorm2d(3, affine=True, bias=False), [(2, 3, 2, 3)]),
    ('instance_norm2d_running', lambda nn: nn.InstanceNorm2d(3, track_running_stats=True), [(2, 3, 4, 3)]),
    ('instance_norm2d_eval', lambda nn: nn.InstanceNorm2d(3, affine=True, track_running_stats=True).eval(),
     [(2, 3, 4, 3)]),
    ('instance_norm2d_eval_no_stats', lambda nn: nn.InstanceNorm2d(3).eval(), [(2, 3, 4, 3)]),
    ('instance_norm3d_unbatched', lambda nn: nn.InstanceNorm3d(2, momentum=None, track_running_stats=True),
     [(2, 3, 2, 2)]),
    ('batch_norm3d', lambda nn: nn.BatchNorm3d(3), [(2, 3, 2, 2, 3)]),
    ('rms_norm', lambda nn: nn.RMSNorm(5), [(3, 4, 5)]),
    ('rms_norm_2d_shape', lambda nn: nn.RMSNorm((4, 5), eps=1e-3), [(3, 4, 5)]),
    ('rms_norm_no_affine', lambda nn: nn.RMSNorm([5], elementwise_affine=False), [(2, 5)]),
    ('local_response_norm', lambda nn: nn.LocalResponseNorm(3), [(2, 5, 4)]),
    ('local_response_norm_5d', lambda nn: nn.LocalResponseNorm(2, alpha=0.5, beta=0.5, k=1.5), [(2, 4, 2, 3, 2)]),
    ('batch_norm3d_eval', lambda nn: nn.BatchNorm3d(3, affine=False).eval(), [(2, 3, 2, 2, 2)]),
]


@pytest.mark.parametrize('make, shapes', [pytest.param(m, s, id=n) for n, m, s in MODULES])
def test_module_matches_torch(make, shapes):
    tm, mm = randomize(make(torch.nn)), make(minigrad.nn)
    check_module(tm, mm, shapes)


@pytest.mark.parametrize('make, shapes', [pytest.param(m, s, id=n) for n, m, s in MODULES])
def test_module_on_the_device_matches_torch(make, shapes, monkeypatch):
    """The same on 'cuda' backed by tests/strict_backend.py (cupy's rules on the CPU): no numpy on device arrays."""
    strict_backend.install(monkeypatch)
    tm, mm = randomize(make(torch.nn)), make(minigrad.nn)
    check_module(tm, mm, shapes, device='cuda')


HALF = [('layer_norm', lambda nn: nn.LayerNorm(6), [(4, 6)]),
        ('group_norm', lambda nn: nn.GroupNorm(2, 4), [(3, 4, 5)]),
        ('batch_norm2d', lambda nn: nn.BatchNorm2d(3), [(4, 3, 2, 2)]),
        ('instance_norm1d', lambda nn: nn.InstanceNorm1d(3, affine=True), [(2, 3, 6)]),
        ('rms_norm', lambda nn: nn.RMSNorm(6), [(4, 6)])]


@pytest.mark.parametrize('make, shapes', [pytest.param(m, s, id=n) for n, m, s in HALF])
def test_float16_module_matches_torch(make, shapes):
    """float16 as PyTorch's CPU kernels: computed in float32 and rounded (a few float16 ulps apart)."""
    tm, mm = randomize(make(torch.nn)), make(minigrad.nn)
    check_module(tm, mm, shapes, dtypes=('float16',), tol={'float16': dict(rtol=1e-2, atol=1e-2)})


# -- second derivatives vs torch, and against finite differences ------------------------------------------------
SECOND = [
    ('layer_norm affine', [(3, 4, 5), (5,), (5,)], lambda x, w, b: lib(x).nn.functional.layer_norm(x, (5,), w, b)),
    ('layer_norm 2 dims', [(3, 4, 5), (4, 5), (4, 5)],
     lambda x, w, b: lib(x).nn.functional.layer_norm(x, (4, 5), w, b)),
    ('layer_norm weight', [(3, 5), (5,)], lambda x, w: lib(x).nn.functional.layer_norm(x, (5,), w)),
    ('layer_norm plain', [(2, 3, 4)], lambda x: lib(x).nn.functional.layer_norm(x, (3, 4), eps=1e-3)),
    ('group_norm affine', [(2, 6, 3), (6,), (6,)], lambda x, w, b: lib(x).nn.functional.group_norm(x, 3, w, b)),
    ('group_norm plain', [(3, 4)], lambda x: lib(x).nn.functional.group_norm(x, 2)),
    ('rms_norm', [(3, 4, 5), (4, 5)], lambda x, w: lib(x).nn.functional.rms_norm(x, (4, 5), w)),
    ('local_response_norm', [(2, 5, 3)],
     lambda x: lib(x).nn.functional.local_response_norm(x, 3, alpha=0.5, k=2.0)),
    ('instance_norm affine', [(2, 3, 4), (3,), (3,)],
     lambda x, w, b: lib(x).nn.functional.instance_norm(x, weight=w, bias=b)),
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
                 id='group_norm bias only (PyTorch raises here)'),
    pytest.param([(3, 2, 4), (2,)], lambda x, b: minigrad.nn.functional.batch_norm(x, None, None, None, b, True),
                 id='batch_norm bias only (PyTorch raises here)')])
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
    lambda nn: nn.GroupNorm(3, 6), lambda nn: nn.GroupNorm(2, 4, 1e-3, False), lambda nn: nn.GroupNorm(1, 3, bias=False),
    lambda nn: nn.InstanceNorm1d(3), lambda nn: nn.InstanceNorm2d(4, 1e-3, 0.2, True, True),
    lambda nn: nn.InstanceNorm3d(2, affine=True, bias=False, momentum=None), lambda nn: nn.BatchNorm3d(3),
    lambda nn: nn.BatchNorm3d(3, momentum=None, affine=False, track_running_stats=False),
    lambda nn: nn.RMSNorm(3), lambda nn: nn.RMSNorm([2, 3], 1e-3, False), lambda nn: nn.LocalResponseNorm(2),
    lambda nn: nn.LocalResponseNorm(3, 1e-3, 0.5, 2)])
def test_repr_state_dict_and_parameters(make):
    tm, mm = both(make)
    assert repr(mm) == repr(tm)
    assert list(mm.state_dict()) == list(tm.state_dict())
    for name in ('normalized_shape', 'num_groups', 'num_channels', 'num_features', 'eps', 'momentum', 'affine',
                 'elementwise_affine', 'track_running_stats', 'size', 'alpha', 'beta', 'k'):
        assert getattr(mm, name, None) == getattr(tm, name, None), name
    for (tn, tp), (mn, mp) in zip(tm.named_parameters(), mm.named_parameters()):
        assert mn == tn and tuple(mp.shape) == tuple(tp.shape)
        np.testing.assert_array_equal(to_numpy(mp), to_numpy(tp))
    for name, tb in tm.named_buffers():
        np.testing.assert_array_equal(to_numpy(mm.get_buffer(name)), to_numpy(tb))
    for name in ('weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked'):
        assert (getattr(mm, name, None) is None) == (getattr(tm, name, None) is None), name


@pytest.mark.parametrize('make', [lambda nn: nn.BatchNorm1d(3), lambda nn: nn.InstanceNorm1d(3, True, 0.1, True, True),
                                  lambda nn: nn.GroupNorm(1, 3), lambda nn: nn.LayerNorm(4)])
def test_reset_parameters_after_training(make):
    """After a training step and changed parameters, reset_parameters() (and reset_running_stats) give torch's."""
    tm, mm = both(make)
    x = np.linspace(-2, 2, 24).reshape(2, 3, 4)
    for module, L in ((tm, torch), (mm, minigrad)):
        module(L.tensor(x, dtype=L.float32))
        with L.no_grad():
            for p in module.parameters():
                p.add_(1.5)
        module.reset_parameters()
    assert list(mm.state_dict()) == list(tm.state_dict())
    for name, value in tm.state_dict().items():
        np.testing.assert_array_equal(to_numpy(mm.state_dict()[name]), to_numpy(value), err_msg=name)


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
    'group_norm negative groups': lambda L: L.nn.functional.group_norm(L.ones(2, 6), -2),
    'group_norm int input': lambda L: L.nn.functional.group_norm(L.ones(2, 6, dtype=L.int32), 3),
    'GroupNorm channels': lambda L: L.nn.GroupNorm(4, 6),
    'GroupNorm input channels': lambda L: L.nn.GroupNorm(3, 6)(L.ones(2, 5, 3)),
    'instance_norm one position': lambda L: L.nn.functional.instance_norm(L.ones(2, 3, 1)),
    'instance_norm 2d': lambda L: L.nn.functional.instance_norm(L.ones(2, 3)),
    'instance_norm no stats': lambda L: L.nn.functional.instance_norm(L.ones(2, 3, 4), use_input_stats=False),
    'instance_norm weight size': lambda L: L.nn.functional.instance_norm(L.ones(2, 3, 4), weight=L.ones(4)),
    'instance_norm int input': lambda L: L.nn.functional.instance_norm(L.ones(2, 3, 4, dtype=L.int64)),
    'InstanceNorm1d dims': lambda L: L.nn.InstanceNorm1d(3)(L.ones(2, 3, 4, 5)),
    'InstanceNorm2d dims': lambda L: L.nn.InstanceNorm2d(3)(L.ones(3, 4)),
    'InstanceNorm3d dims': lambda L: L.nn.InstanceNorm3d(3)(L.ones(2, 3, 4)),
    'InstanceNorm affine features': lambda L: L.nn.InstanceNorm1d(3, affine=True)(L.ones(2, 4, 5)),
    'BatchNorm3d dims': lambda L: L.nn.BatchNorm3d(3)(L.ones(2, 3, 4, 5)),
    'BatchNorm1d one value': lambda L: L.nn.BatchNorm1d(3)(L.ones(1, 3)),
    'rms_norm shape': lambda L: L.nn.functional.rms_norm(L.ones(2, 3), (4, 5)),
    'rms_norm weight shape': lambda L: L.nn.functional.rms_norm(L.ones(2, 3), (3,), L.ones(4)),
    'rms_norm too few dims': lambda L: L.nn.functional.rms_norm(L.ones(3), (2, 3)),
    'rms_norm int input': lambda L: L.nn.functional.rms_norm(L.ones(2, 3, dtype=L.int64), (3,)),
    'rms_norm int shape': lambda L: L.nn.functional.rms_norm(L.ones(2, 3), 3),
    'local_response_norm 2d': lambda L: L.nn.functional.local_response_norm(L.ones(2, 3), 2),
    'BatchNorm2d one value': lambda L: L.nn.BatchNorm2d(3)(L.ones(1, 3, 1, 1)),
    'batch_norm weight size': lambda L: L.nn.functional.batch_norm(L.ones(2, 3), L.zeros(3), L.ones(3), L.ones(4)),
    'batch_norm bias size': lambda L: L.nn.functional.batch_norm(L.ones(2, 3), L.zeros(3), L.ones(3), None,
                                                                 L.ones(4)),
    'batch_norm stats size first': lambda L: L.nn.functional.batch_norm(L.ones(2, 3), L.zeros(4), L.ones(4),
                                                                        L.ones(4)),
    'batch_norm one stat': lambda L: L.nn.functional.batch_norm(L.ones(2, 3), L.zeros(3), None, training=True),
    'batch_norm eval no var': lambda L: L.nn.functional.batch_norm(L.ones(2, 3), L.zeros(3), None),
    'batch_norm eval no mean': lambda L: L.nn.functional.batch_norm(L.ones(2, 3), None, L.ones(3)),
    'batch_norm 1d': lambda L: L.nn.functional.batch_norm(L.ones(3), None, None, training=True),
    'batch_norm stat dtype': lambda L: L.nn.functional.batch_norm(L.ones(4, 3), L.zeros(3),
                                                                  L.ones(3, dtype=L.float64), training=True),
    'batch_norm mixed double': lambda L: L.nn.functional.batch_norm(L.ones(4, 3, dtype=L.float64), L.zeros(3),
                                                                    L.ones(3), training=True),
    'batch_norm weight dtype': lambda L: L.nn.functional.batch_norm(L.ones(4, 3), L.zeros(3), L.ones(3),
                                                                    L.ones(3, dtype=L.float64)),
    'batch_norm stat requires grad': lambda L: L.nn.functional.batch_norm(
        L.ones(4, 3), L.zeros(3, requires_grad=True), L.ones(3)),
    'batch_norm var requires grad': lambda L: L.nn.functional.batch_norm(
        L.ones(4, 3), L.zeros(3), L.ones(3, requires_grad=True), training=True),
    'batch_norm eps 0': lambda L: L.nn.functional.batch_norm(L.ones(4, 3), None, None, training=True, eps=0),
    'batch_norm eps negative': lambda L: L.nn.functional.batch_norm(L.ones(4, 3), L.zeros(3), L.ones(3), eps=-1),
    'batch_norm momentum None': lambda L: L.nn.functional.batch_norm(L.ones(4, 3), L.zeros(3), L.ones(3),
                                                                     momentum=None),
}


@pytest.mark.parametrize('make', ERRORS.values(), ids=ERRORS.keys())
def test_errors_match_torch(make):
    with pytest.raises(Exception) as want:
        make(torch)
    with pytest.raises(type(want.value)) as got:
        make(minigrad)
    assert str(got.value) == str(want.value).replace('torch', 'minigrad')


@pytest.mark.parametrize('dtype', ['float16', 'float32', 'float64'])
def test_rms_norm_default_eps_is_the_computing_dtypes_epsilon(dtype):
    x = np.full((2, 3), 1e-4).astype(dtype)      # mean(x^2) = 1e-8: the eps decides the result
    out = {L: L.nn.functional.rms_norm(L.tensor(x), (3,)) for L in (torch, minigrad)}
    assert out[minigrad].dtype.name == dtype
    np.testing.assert_allclose(to_numpy(out[minigrad]), to_numpy(out[torch]), rtol=1e-3 if dtype == 'float16' else 1e-6)


@pytest.mark.filterwarnings('ignore:Mismatch dtype')
@pytest.mark.parametrize('dtype, weight_dtype', [('float32', 'float64'), ('float16', 'float32'), ('float64', 'float32')])
def test_rms_norm_result_has_the_input_dtype(dtype, weight_dtype):
    x, w = np.linspace(-2, 2, 12).reshape(4, 3), np.array([0.5, 1.0, 2.0])
    out = {L: L.nn.functional.rms_norm(L.tensor(x, dtype=getattr(L, dtype)), (3,),
                                       L.tensor(w, dtype=getattr(L, weight_dtype))) for L in (torch, minigrad)}
    assert out[minigrad].dtype.name == str(out[torch].dtype).removeprefix('torch.')
    np.testing.assert_allclose(to_numpy(out[minigrad]), to_numpy(out[torch]), rtol=1e-3)


def test_instance_norm_warns_when_features_differ_without_affine():
    for L in (torch, minigrad):
        with pytest.warns(UserWarning, match="input's size at dim=1 does not match num_features"):
            L.nn.InstanceNorm1d(3)(L.ones(2, 4, 5))


# -- train, then eval: running statistics and outputs over several steps ------------------------------------------
STEPS = [
    ('batch_norm2d', lambda nn: nn.BatchNorm2d(3), (4, 3, 2, 2)),
    ('batch_norm3d_cumulative', lambda nn: nn.BatchNorm3d(2, momentum=None), (3, 2, 2, 2, 2)),
    ('batch_norm1d_no_stats', lambda nn: nn.BatchNorm1d(3, track_running_stats=False), (5, 3)),
    ('instance_norm1d_running', lambda nn: nn.InstanceNorm1d(3, track_running_stats=True, affine=True), (2, 3, 6)),
    ('instance_norm2d_cumulative', lambda nn: nn.InstanceNorm2d(2, momentum=None, track_running_stats=True),
     (3, 2, 3, 3)),
]


@pytest.mark.parametrize('make, shape', [pytest.param(m, s, id=n) for n, m, s in STEPS])
def test_train_then_eval(make, shape):
    tm, mm = both(make)
    tm.double(), mm.double()
    rng = np.random.default_rng(3)
    for step in range(4):
        if step == 3:
            tm.eval(), mm.eval()
        x = rng.uniform(-2, 3, size=shape)
        np.testing.assert_allclose(to_numpy(mm(minigrad.tensor(x))), to_numpy(tm(torch.tensor(x))), rtol=1e-10,
                                   atol=1e-12)
        for name, tb in tm.named_buffers():
            np.testing.assert_allclose(to_numpy(mm.get_buffer(name)), to_numpy(tb), rtol=1e-10, atol=1e-12,
                                       err_msg=name)
