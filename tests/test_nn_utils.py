"""minigrad.nn.utils (gradient clipping, parameters <-> vector) and minigrad.nn.init against torch.

Clipping and the deterministic initialisers (eye_, dirac_, constant_, ones_, zeros_, calculate_gain, the fans) must
give torch's values exactly (float64 rtol 1e-12 for the norms: the same sums, maybe in another order). The random
initialisers draw from minigrad's own generator, so they are checked by their distribution instead: bounds exactly
as torch computes them, and moments of 40000 seeded draws within 5 standard errors of the exact ones."""
import math
import warnings

import numpy as np
import pytest
import scipy.stats
import torch

import minigrad
from minigrad.nn import init, utils

SHAPES = [(3, 4), (5,), (2, 3, 2)]


def params_with_grads(lib, seed=0, scale=1.0, none_at=None):
    rng = np.random.default_rng(seed)
    params = []
    for i, shape in enumerate(SHAPES):
        p = lib.tensor(rng.standard_normal(shape), requires_grad=True)
        g = rng.standard_normal(shape) * scale
        p.grad = None if i == none_at else lib.tensor(g)
        params.append(p)
    return params


def grads(params):
    return [None if p.grad is None else p.grad.detach().numpy() for p in params]


@pytest.mark.parametrize('norm_type', [2, 1, 0.5, 3.0, math.inf, 'inf'])
@pytest.mark.parametrize('max_norm', [0.5, 100.0])
@pytest.mark.parametrize('none_at', [None, 1])
def test_clip_grad_norm_matches_torch(norm_type, max_norm, none_at):
    tp, mp = params_with_grads(torch, none_at=none_at), params_with_grads(minigrad, none_at=none_at)
    t_norm = torch.nn.utils.clip_grad_norm_(tp, max_norm, norm_type)
    m_norm = utils.clip_grad_norm_(mp, max_norm, norm_type)
    assert isinstance(m_norm, minigrad.Tensor) and m_norm.dtype.name == 'float64' and m_norm.shape == ()
    np.testing.assert_allclose(m_norm.numpy(), t_norm.numpy(), rtol=1e-12)
    for m, t in zip(grads(mp), grads(tp)):
        assert (m is None) == (t is None)
        if t is not None:
            np.testing.assert_allclose(m, t, rtol=1e-12)
    if max_norm < 1:   # the clip really happened
        assert not np.allclose(grads(tp)[0], params_with_grads(torch)[0].grad.numpy())


def test_clip_grad_norm_float32_single_tensor_and_empty():
    t = torch.tensor([3.0, 4.0], requires_grad=True)
    m = minigrad.tensor([3.0, 4.0], requires_grad=True)
    t.grad, m.grad = torch.tensor([3.0, 4.0]), minigrad.tensor([3.0, 4.0])
    t_norm, m_norm = torch.nn.utils.clip_grad_norm_(t, 1.0), utils.clip_grad_norm_(m, 1.0)
    assert m_norm.dtype.name == 'float32' and m_norm.item() == t_norm.item()
    np.testing.assert_array_equal(m.grad.numpy(), t.grad.numpy())    # the same float32 operations
    t_empty = torch.nn.utils.clip_grad_norm_([torch.zeros(2, requires_grad=True)], 1.0)
    m_empty = utils.clip_grad_norm_([minigrad.zeros(2, requires_grad=True)], 1.0)
    assert m_empty.item() == t_empty.item() == 0 and m_empty.dtype.name == str(t_empty.dtype)[6:]
    for lib, clip in ((torch, torch.nn.utils.clip_grad_norm_), (minigrad, utils.clip_grad_norm_)):
        with pytest.warns(UserWarning, match='`parameters` is an empty generator'):
            clip((p for p in []), 1.0)
        with pytest.warns(FutureWarning, match='deprecated in favor of'):
            (torch.nn.utils.clip_grad_norm if lib is torch else utils.clip_grad_norm)([t if lib is torch else m], 1.0)


@pytest.mark.parametrize('bad', [math.nan, math.inf])
def test_clip_grad_norm_error_if_nonfinite(bad):
    outcomes = []
    for lib, clip in ((torch, torch.nn.utils.clip_grad_norm_), (minigrad, utils.clip_grad_norm_)):
        params = params_with_grads(lib)
        params[0].grad[0, 0] = bad
        with pytest.raises(RuntimeError) as info:
            clip(params, 1.0, error_if_nonfinite=True)
        outcomes.append(str(info.value))
        norm = clip(params, 1.0)       # without the flag: the non-finite norm scales the gradients
        outcomes.append((str(norm.item()), np.isnan(grads(params)[1]).all()))
    assert outcomes[2:] == outcomes[:2]


@pytest.mark.parametrize('clip_value', [0.5, 2])
def test_clip_grad_value_matches_torch(clip_value):
    tp, mp = params_with_grads(torch, none_at=2), params_with_grads(minigrad, none_at=2)
    torch.nn.utils.clip_grad_value_(tp, clip_value)
    utils.clip_grad_value_(mp, clip_value)
    for m, t in zip(grads(mp), grads(tp)):
        assert (m is None) == (t is None)
        if t is not None:
            np.testing.assert_array_equal(m, t)
    assert np.abs(grads(mp)[0]).max() == clip_value


def test_parameters_to_vector_and_back():
    tp, mp = params_with_grads(torch), params_with_grads(minigrad)
    t_vec, m_vec = torch.nn.utils.parameters_to_vector(tp), utils.parameters_to_vector(mp)
    np.testing.assert_array_equal(m_vec.detach().numpy(), t_vec.detach().numpy())
    assert type(m_vec.grad_fn).__name__ == type(t_vec.grad_fn).__name__
    up = np.arange(t_vec.numel(), dtype=np.float64)
    for vec, params, lib in ((t_vec, tp, torch), (m_vec, mp, minigrad)):
        for p in params:
            p.grad = None
        vec.backward(lib.tensor(up))
    for m, t in zip(grads(mp), grads(tp)):
        np.testing.assert_array_equal(m, t)
    new = np.linspace(-1, 1, t_vec.numel())
    torch.nn.utils.vector_to_parameters(torch.tensor(new), tp)
    utils.vector_to_parameters(minigrad.tensor(new), mp)
    for m, t in zip(mp, tp):
        assert m.shape == t.shape
        np.testing.assert_array_equal(m.detach().numpy(), t.detach().numpy())
    for lib, fn in ((torch, torch.nn.utils.vector_to_parameters), (minigrad, utils.vector_to_parameters)):
        with pytest.raises(TypeError, match=r'^expected torch.Tensor, but got: list$'):
            fn([1.0], tp if lib is torch else mp)


# -- init -------------------------------------------------------------------------------------------------------

GAINS = [('linear', None), ('conv2d', None), ('conv_transpose3d', None), ('sigmoid', None), ('tanh', None),
         ('relu', None), ('leaky_relu', None), ('leaky_relu', 0.2), ('leaky_relu', 3), ('selu', None)]


@pytest.mark.parametrize('nonlinearity, param', GAINS)
def test_calculate_gain_matches_torch(nonlinearity, param):
    assert init.calculate_gain(nonlinearity, param) == torch.nn.init.calculate_gain(nonlinearity, param)


@pytest.mark.parametrize('shape', [(4, 3), (6, 2, 3), (5, 4, 3, 2), (2, 3, 2, 2, 2), (1, 0)])
def test_fans_match_torch(shape):
    assert (init._calculate_fan_in_and_fan_out(minigrad.empty(*shape))
            == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape)))


@pytest.mark.parametrize('name, shape, args', [
    ('eye_', (3, 5), ()), ('eye_', (4, 2), ()), ('constant_', (2, 3), (0.25,)), ('ones_', (3,), ()),
    ('zeros_', (2, 2), ()), ('dirac_', (4, 2, 3), ()), ('dirac_', (4, 2, 3, 3), (2,)),
    ('dirac_', (6, 4, 3, 2, 3), (3,)),
    ('dirac_', (2, 5, 1, 4), ()),
])
def test_deterministic_inits_match_torch(name, shape, args):
    t = torch.full(shape, 7.0, requires_grad=True)
    m = minigrad.full(shape, 7.0, requires_grad=True)
    t_out, m_out = getattr(torch.nn.init, name)(t, *args), getattr(init, name)(m, *args)
    assert m_out is m and t_out is t
    np.testing.assert_array_equal(m.detach().numpy(), t.detach().numpy())
    assert m.requires_grad and m.is_leaf and m.grad_fn is None


ERRORS = [
    lambda I, L: I._calculate_fan_in_and_fan_out(L.empty(3)),
    lambda I, L: I.kaiming_normal_(L.empty(3, 4), mode='fan_avg'),
    lambda I, L: I.calculate_gain('softplus'),
    lambda I, L: I.calculate_gain('leaky_relu', True),
    lambda I, L: I.eye_(L.empty(2, 2, 2)),
    lambda I, L: I.dirac_(L.empty(2, 2)),
    lambda I, L: I.dirac_(L.empty(3, 2, 3), groups=2),
    lambda I, L: I.orthogonal_(L.empty(3)),
    lambda I, L: I.sparse_(L.empty(3, 2, 2), 0.5),
    lambda I, L: I.xavier_uniform_(L.empty(5)),
]


@pytest.mark.parametrize('i', range(len(ERRORS)))
def test_init_errors_match_torch(i):
    outcome = []
    for lib, module in ((torch, torch.nn.init), (minigrad, init)):
        with pytest.raises(Exception) as info:
            ERRORS[i](module, lib)
        outcome.append((type(info.value), str(info.value)))
    assert outcome[1] == outcome[0]


N = 40000


def assert_moments(x, mean, std):
    """The sample mean and std of the draws agree with the exact ones within 5 standard errors."""
    assert abs(x.mean() - mean) < 5 * std / math.sqrt(x.size)
    assert abs(x.std() - std) < 5 * std / math.sqrt(2 * x.size)


def torch_std(name, t, kwargs):
    """The std of torch's initialiser `name` on tensor t, from torch's own gain and fan functions (PyTorch's
    documented formulas)."""
    T = torch.nn.init
    if name.startswith('xavier'):
        fan_in, fan_out = T._calculate_fan_in_and_fan_out(t)
        return kwargs.get('gain', 1.0) * math.sqrt(2.0 / (fan_in + fan_out))
    gain = T.calculate_gain(kwargs.get('nonlinearity', 'leaky_relu'), kwargs.get('a', 0))
    return gain / math.sqrt(T._calculate_correct_fan(t, kwargs.get('mode', 'fan_in')))


@pytest.mark.parametrize('name, shape, kwargs', [
    ('xavier_uniform_', (200, 200), {}), ('xavier_normal_', (100, 20, 5, 4), dict(gain=2.0)),
    ('kaiming_uniform_', (200, 200), {}), ('kaiming_uniform_', (100, 20, 20), dict(a=math.sqrt(5))),
    ('kaiming_normal_', (400, 100), dict(mode='fan_out', nonlinearity='relu')),
    ('kaiming_normal_', (100, 40, 10), dict(a=0.1, mode='fan_in', nonlinearity='leaky_relu')),
    ('kaiming_uniform_', (40, 1000), dict(mode='fan_out', nonlinearity='tanh')),
    ('uniform_', (N,), dict(a=-0.5, b=2.0)), ('normal_', (N,), dict(mean=1.0, std=0.3)),
])
def test_random_inits_have_torchs_distribution(name, shape, kwargs):
    """minigrad and torch fill the same shape; both samples must have the distribution torch's formula gives, and
    minigrad's values reach torch's uniform bound and stay within it."""
    minigrad.manual_seed(0)
    torch.manual_seed(0)
    m = getattr(init, name)(minigrad.empty(*shape, dtype=minigrad.float64), **kwargs).numpy().ravel()
    t = getattr(torch.nn.init, name)(torch.empty(*shape, dtype=torch.float64), **kwargs)
    std = None if name in ('uniform_', 'normal_') else torch_std(name, t, kwargs)
    t = t.numpy().ravel()
    if 'uniform' in name:
        lo, hi = (kwargs['a'], kwargs['b']) if name == 'uniform_' else (-math.sqrt(3) * std, math.sqrt(3) * std)
        width = hi - lo
        assert lo <= m.min() and m.max() <= hi and m.min() - lo < width * 1e-3 and hi - m.max() < width * 1e-3
        mean, std = (lo + hi) / 2, width / math.sqrt(12)
    elif name == 'normal_':
        mean, std = kwargs['mean'], kwargs['std']
    else:
        mean = 0.0
    assert_moments(t, mean, std)
    assert_moments(m, mean, std)


def test_orthogonal_matches_torchs_properties():
    for shape, gain in [((6, 4), 1.0), ((3, 8), 2.0), ((4, 2, 3), 0.5)]:
        for lib, module in ((torch, torch.nn.init), (minigrad, init)):
            w = module.orthogonal_(lib.empty(*shape, dtype=lib.float64), gain)
            flat = w.detach().numpy().reshape(shape[0], -1)
            small = flat.T @ flat if shape[0] >= flat.shape[1] else flat @ flat.T
            np.testing.assert_allclose(small, gain ** 2 * np.eye(len(small)), atol=1e-12)


@pytest.mark.parametrize('mean, std, a, b', [(0.0, 1.0, -2.0, 2.0), (0.5, 2.0, -1.0, 3.0), (0.0, 1.0, 1.5, 4.0)])
def test_trunc_normal_distribution(mean, std, a, b):
    """Both branches of PyTorch's sampler (normal redraws, uniform proposals): minigrad's and torch's samples have the
    truncated normal's mean and std."""
    exact = scipy.stats.truncnorm((a - mean) / std, (b - mean) / std, loc=mean, scale=std)
    for lib, module in ((torch, torch.nn.init), (minigrad, init)):
        # 4000 draws: torch's uniform-proposal branch takes seconds for more
        x = module.trunc_normal_(lib.empty(4000, dtype=lib.float64), mean, std, a, b).numpy()
        assert a <= x.min() and x.max() <= b
        assert_moments(x, exact.mean(), exact.std())
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        init.trunc_normal_(minigrad.empty(10), mean=5.0, a=-1.0, b=1.0)
    assert 'mean is more than 2 std from [a, b]' in str(w[0].message)


def test_sparse_zeroes_a_fraction_of_each_column():
    for lib, module in ((torch, torch.nn.init), (minigrad, init)):
        w = module.sparse_(lib.empty(10, 300, dtype=lib.float64), 0.25, std=0.5).numpy()
        assert ((w == 0).sum(axis=0) == 3).all()
        assert_moments(w[w != 0], 0.0, 0.5)


def test_kaiming_on_empty_tensor_warns_like_torch():
    for lib, module in ((torch, torch.nn.init), (minigrad, init)):
        for fn in (module.kaiming_uniform_, module.kaiming_normal_):
            with pytest.warns(UserWarning, match='Initializing zero-element tensors is a no-op'):
                assert fn(lib.empty(0, 3)).shape == (0, 3)
