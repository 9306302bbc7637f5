"""F.affine_grid, F.grid_sample and F.gumbel_softmax against PyTorch: values, input and grid gradients, second
derivatives, node names, warnings and errors."""
import itertools
import warnings

import numpy as np
import pytest
import torch

import minigrad
import strict_backend
from helpers import check_op, check_second_derivative

MODES = ('bilinear', 'nearest', 'bicubic')
PADDINGS = ('zeros', 'border', 'reflection')
# grid points spread past [-1, 1] so that every padding mode is exercised (in float32, a point may land within an
# ulp of a pixel, where bilinear's slope jumps: float32 is checked at a looser bound)
F32 = {'float32': dict(rtol=1e-4, atol=1e-5)}


def grid_sample_of(mode, padding_mode, align_corners):
    def fn(x, grid):
        F = torch.nn.functional if isinstance(x, torch.Tensor) else minigrad.nn.functional
        return F.grid_sample(x, grid * 1.3, mode=mode, padding_mode=padding_mode, align_corners=align_corners)
    return fn


@pytest.mark.parametrize('mode, padding_mode, align_corners', list(itertools.product(MODES, PADDINGS, (False, True))))
def test_grid_sample_2d(mode, padding_mode, align_corners):
    check_op([(2, 3, 4, 5), (2, 3, 6, 2)], grid_sample_of(mode, padding_mode, align_corners), low=-1.0, high=1.0,
             tol=F32)


@pytest.mark.parametrize('mode, padding_mode, align_corners',
                         list(itertools.product(('bilinear', 'nearest'), PADDINGS, (False, True))))
def test_grid_sample_3d(mode, padding_mode, align_corners):
    check_op([(2, 2, 3, 4, 5), (2, 2, 3, 2, 3)], grid_sample_of(mode, padding_mode, align_corners), low=-1.0,
             high=1.0, tol=F32)


@pytest.mark.parametrize('mode, padding_mode, align_corners',
                         [('bilinear', 'zeros', False), ('nearest', 'border', True), ('bicubic', 'reflection', False),
                          ('bicubic', 'border', True), ('bilinear', 'reflection', True)])
def test_grid_sample_on_the_device(mode, padding_mode, align_corners, monkeypatch):
    """On 'cuda' backed by tests/strict_backend.py (cupy's rules on the CPU): no numpy on device arrays."""
    strict_backend.install(monkeypatch)
    check_op([(2, 3, 4, 5), (2, 3, 6, 2)], grid_sample_of(mode, padding_mode, align_corners), low=-1.0, high=1.0,
             tol=F32, device='cuda')
    check_op([(2, 2, 3, 4, 5), (2, 2, 3, 2, 3)], grid_sample_of('bilinear', padding_mode, align_corners), low=-1.0,
             high=1.0, tol=F32, device='cuda')
    check_op([(2, 2, 3)], affine_grid_of((2, 3, 4, 5), align_corners), device='cuda')


@pytest.mark.parametrize('mode, padding_mode', list(itertools.product(('bilinear', 'bicubic'), PADDINGS)))
def test_grid_sample_second_derivative(mode, padding_mode):
    check_second_derivative([(1, 2, 3, 4), (1, 3, 2, 2)], grid_sample_of(mode, padding_mode, False), low=-1.0,
                            high=1.0)


def test_grid_sample_3d_second_derivative():
    check_second_derivative([(1, 2, 3, 4, 2), (1, 2, 3, 2, 3)], grid_sample_of('bilinear', 'reflection', True),
                            low=-1.0, high=1.0)


@pytest.mark.parametrize('dims', (2, 3))
def test_grid_sample_node_names(dims):
    names = []
    for lib in (torch, minigrad):
        x = lib.ones((1, 1) + (3,) * dims, requires_grad=True)
        y = lib.nn.functional.grid_sample(x, lib.zeros((1,) + (2,) * dims + (dims,)), align_corners=False)
        names.append(type(y.grad_fn).__name__)
    assert names[1] == names[0]


def test_grid_sample_identity_affine():
    """The identity transform's grid reads back the input (align_corners=False: pixel centres exactly)."""
    x = minigrad.randn(2, 3, 4, 5, dtype=minigrad.float64)
    theta = minigrad.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=minigrad.float64).expand(2, 2, 3)
    F = minigrad.nn.functional
    y = F.grid_sample(x, F.affine_grid(theta, x.shape, align_corners=False), align_corners=False)
    np.testing.assert_allclose(y.numpy(), x.numpy(), rtol=1e-12, atol=1e-12)


def affine_grid_of(size, align_corners):
    def fn(theta):
        F = torch.nn.functional if isinstance(theta, torch.Tensor) else minigrad.nn.functional
        return F.affine_grid(theta, size, align_corners=align_corners)
    return fn


@pytest.mark.parametrize('size, theta, align_corners', [
    ((2, 3, 4, 5), (2, 2, 3), False), ((2, 3, 4, 5), (2, 2, 3), True), ((1, 1, 1, 3), (1, 2, 3), False),
    ((2, 1, 2, 3, 4), (2, 3, 4), False), ((2, 1, 2, 3, 4), (2, 3, 4), True)])
def test_affine_grid(size, theta, align_corners):
    check_op([theta], affine_grid_of(size, align_corners))
    check_second_derivative([theta], lambda t: affine_grid_of(size, align_corners)(t) ** 2)


def test_affine_grid_node_name():
    names = [type(lib.nn.functional.affine_grid(lib.ones(1, 2, 3, requires_grad=True), (1, 1, 2, 2),
                                                align_corners=False).grad_fn).__name__ for lib in (torch, minigrad)]
    assert names[1] == names[0]


def outcome(lib, fn):
    """What fn(lib) gives: ('ok', shape) or (exception type, message, with the library's name made neutral), and the
    warnings it raises."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            result = ('ok', tuple(fn(lib).shape))
        except Exception as e:      # noqa: BLE001 - the exception is what is compared
            result = (type(e).__name__, str(e).replace(lib.__name__ + '.', 'L.'))
    return result, [(w.category.__name__, str(w.message)) for w in caught]


def G(lib, *shape, dtype='float64'):
    return lib.zeros(shape, dtype=getattr(lib, dtype))


CALLS = {
    'grid_dtype': lambda L: L.nn.functional.grid_sample(G(L, 2, 3, 4, 5), G(L, 2, 3, 2, 2, dtype='float32'),
                                                        align_corners=False),
    'grid_dims': lambda L: L.nn.functional.grid_sample(G(L, 2, 3, 4, 5), G(L, 3, 2, 2), align_corners=False),
    'batch': lambda L: L.nn.functional.grid_sample(G(L, 1, 3, 4, 5), G(L, 2, 3, 2, 2), align_corners=False),
    'last_size': lambda L: L.nn.functional.grid_sample(G(L, 2, 3, 4, 5), G(L, 2, 3, 2, 3), align_corners=False),
    'empty': lambda L: L.nn.functional.grid_sample(G(L, 2, 3, 4, 0), G(L, 2, 3, 2, 2), align_corners=False),
    'dims_5d': lambda L: L.nn.functional.grid_sample(G(L, 1, 2, 3, 4, 5), G(L, 1, 2, 3, 2, 2, 3),
                                                     align_corners=False),
    'bicubic_5d': lambda L: L.nn.functional.grid_sample(G(L, 1, 2, 3, 4, 5), G(L, 1, 2, 3, 2, 3), mode='bicubic',
                                                        align_corners=False),
    'mode': lambda L: L.nn.functional.grid_sample(G(L, 2, 3, 4, 5), G(L, 2, 3, 2, 2), mode='area',
                                                  align_corners=False),
    'padding': lambda L: L.nn.functional.grid_sample(G(L, 2, 3, 4, 5), G(L, 2, 3, 2, 2), padding_mode='p',
                                                     align_corners=False),
    'int': lambda L: L.nn.functional.grid_sample(G(L, 2, 3, 4, 5, dtype='int64'), G(L, 2, 3, 2, 2, dtype='int64'),
                                                 align_corners=False),
    'int_5d': lambda L: L.nn.functional.grid_sample(G(L, 1, 2, 3, 4, 5, dtype='int64'), G(L, 1, 2, 3, 2, 3),
                                                    align_corners=False),
    'default_align': lambda L: L.nn.functional.grid_sample(G(L, 2, 3, 4, 5), G(L, 2, 3, 2, 2)),
    'theta_int': lambda L: L.nn.functional.affine_grid(G(L, 2, 2, 3, dtype='int64'), (2, 3, 4, 5),
                                                       align_corners=False),
    'theta_shape': lambda L: L.nn.functional.affine_grid(G(L, 2, 3, 3), (2, 3, 4, 5), align_corners=False),
    'theta_shape_size': lambda L: L.nn.functional.affine_grid(G(L, 2, 3, 3), L.Size([2, 3, 4, 5]),
                                                              align_corners=False),
    'theta_3d': lambda L: L.nn.functional.affine_grid(G(L, 2, 2, 3), (2, 3, 4, 5, 6), align_corners=False),
    'size_len': lambda L: L.nn.functional.affine_grid(G(L, 2, 2, 3), (2, 3, 4), align_corners=False),
    'size_zero': lambda L: L.nn.functional.affine_grid(G(L, 2, 2, 3), (2, 3, 0, 5), align_corners=False),
    'unit_size': lambda L: L.nn.functional.affine_grid(G(L, 2, 2, 3), (2, 3, 1, 5), align_corners=True),
    'affine_default_align': lambda L: L.nn.functional.affine_grid(G(L, 2, 2, 3), (2, 3, 4, 5)),
}


@pytest.mark.parametrize('name', CALLS)
def test_errors_and_warnings(name):
    assert outcome(minigrad, CALLS[name]) == outcome(torch, CALLS[name])


def gumbel_softmax_with_noise(monkeypatch, lib, logits, noise, **kw):
    """F.gumbel_softmax with the Exponential(1) draw replaced by `noise` (the same in both libraries)."""
    monkeypatch.setattr(lib.Tensor, 'exponential_', lambda self, *a, **k: self.copy_(lib.tensor(noise)))
    return lib.nn.functional.gumbel_softmax(logits, **kw)


@pytest.mark.parametrize('kw', [{}, dict(tau=0.3), dict(hard=True), dict(tau=2.0, hard=True, dim=0), dict(dim=1)])
def test_gumbel_softmax_fixed_noise(monkeypatch, kw):
    rng = np.random.default_rng(0)
    logits, noise = rng.standard_normal((3, 4, 5)), rng.exponential(size=(3, 4, 5))
    upstream = rng.standard_normal((3, 4, 5))
    results = []
    for lib in (torch, minigrad):
        x = lib.tensor(logits, requires_grad=True)
        y = gumbel_softmax_with_noise(monkeypatch, lib, x, noise, **kw)
        (y * lib.tensor(upstream)).sum().backward()
        results.append((y.detach().numpy(), x.grad.numpy(), type(y.grad_fn).__name__))
    (y_m, g_m, name_m), (y_t, g_t, name_t) = results[1], results[0]
    np.testing.assert_allclose(y_m, y_t, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(g_m, g_t, rtol=1e-10, atol=1e-12)
    assert name_m == name_t


@pytest.mark.parametrize('hard', (False, True))
def test_gumbel_softmax_samples(hard):
    """Unpatched: a distribution (or a one-hot) along dim, a fresh draw each call, its argmax following the logits."""
    F = minigrad.nn.functional
    logits = minigrad.tensor([[0.0, 3.0, -2.0]] * 2000, requires_grad=True)
    y = F.gumbel_softmax(logits, hard=hard)
    np.testing.assert_allclose(y.sum(-1).detach().numpy(), 1.0, rtol=1e-6)
    if hard:
        assert set(np.unique(y.detach().numpy())) <= {0.0, 1.0}
    assert not np.array_equal(y.detach().numpy(), F.gumbel_softmax(logits, hard=hard).detach().numpy())
    # argmax of logits + Gumbel noise is a draw from softmax(logits)
    counts = np.bincount(y.detach().numpy().argmax(-1), minlength=3) / 2000
    np.testing.assert_allclose(counts, torch.tensor([0.0, 3.0, -2.0]).softmax(0).numpy(), atol=0.04)
    y.sum().backward()
    assert logits.grad is not None


def test_gumbel_softmax_eps_warning():
    for lib in (torch, minigrad):
        with pytest.warns(UserWarning, match='`eps` parameter is deprecated and has no effect.'):
            lib.nn.functional.gumbel_softmax(lib.zeros(2, 3), eps=1e-5)


POOLS = [('max_pool1d_with_indices', (2, 3, 7), (3,), dict(stride=2, padding=1)),
         ('max_pool2d_with_indices', (2, 3, 6, 5), (2,), dict(ceil_mode=True)),
         ('max_pool3d_with_indices', (1, 2, 4, 5, 4), (2, 1), dict(dilation=1)),
         ('adaptive_max_pool1d_with_indices', (2, 3, 7), (3,), {}),
         ('adaptive_max_pool2d_with_indices', (2, 3, 6, 5), ((2, 3),), {}),
         ('adaptive_max_pool3d_with_indices', (1, 2, 4, 5, 4), (2,), dict(return_indices=False))]


@pytest.mark.parametrize('name, shape, args, kw', POOLS, ids=[p[0] for p in POOLS])
def test_pool_with_indices(name, shape, args, kw):
    """The pools' *_with_indices forms return (output, indices) even with return_indices=False."""
    check_op([shape], lambda x: getattr((torch if isinstance(x, torch.Tensor) else minigrad).nn.functional, name)(
        x, *args, **kw))


def test_gumbel_softmax_on_the_device(monkeypatch):
    strict_backend.install(monkeypatch)
    x = minigrad.zeros(3, 4, device='cuda', requires_grad=True)
    y = minigrad.nn.functional.gumbel_softmax(x, hard=True)
    y.sum().backward()
    assert y.device.type == x.grad.device.type == 'cuda'
    np.testing.assert_array_equal(y.sum(-1).cpu().detach().numpy(), 1.0)


@pytest.mark.parametrize('x_shape, grid_shape', [((0, 3, 4, 5), (0, 2, 2, 2)), ((2, 3, 4, 5), (2, 0, 2, 2)),
                                                 ((1, 0, 4, 5), (1, 2, 2, 2)), ((1, 1, 1, 1), (1, 2, 3, 2))])
@pytest.mark.parametrize('mode', MODES)
def test_grid_sample_empty_and_single_pixel(x_shape, grid_shape, mode):
    check_op([x_shape, grid_shape], grid_sample_of(mode, 'reflection', True), low=-1.0, high=1.0, tol=F32)


def test_grid_sample_points_not_finite():
    """NaN and infinite grid points with zeros padding: nearest reads 0 there; bilinear and bicubic give NaN (their
    weights are NaN), as PyTorch's kernels."""
    grid = np.array([[[[np.nan, 0.2], [np.inf, 0.1], [0.1, -np.inf], [3.0, 0.5]]]])
    x = np.arange(20.0).reshape(1, 1, 4, 5)
    for mode in MODES:
        got, want = (lib.nn.functional.grid_sample(lib.tensor(x), lib.tensor(grid), mode=mode, align_corners=False)
                     .numpy() for lib in (minigrad, torch))
        np.testing.assert_array_equal(got, want)
