"""Pooling and interpolation layers against PyTorch: the modules' outputs and input gradients (float64 to 1e-10,
float32 to the helpers' 1e-5), their reprs, the indices the max pools return, second derivatives, and errors
(type and message)."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check_module, check_second_derivative, make_inputs

TOL32 = {'float32': dict(rtol=1e-5, atol=1e-5)}     # window sums in another order

ADAPTIVE = [
    ('AdaptiveAvgPool2d', ((3, 4),), (2, 3, 7, 9)),
    ('AdaptiveAvgPool2d', ((None, 5),), (3, 4, 6)),
    ('AdaptiveAvgPool2d', (1,), (2, 3, 4, 5)),
    ('AdaptiveAvgPool2d', ((9, 11),), (1, 2, 4, 5)),
    ('AdaptiveAvgPool1d', (4,), (2, 3, 9)),
    ('AdaptiveAvgPool1d', (7,), (3, 5)),
    ('AdaptiveMaxPool2d', ((3, 4),), (2, 3, 7, 9)),
    ('AdaptiveMaxPool2d', ((6, None),), (3, 4, 6)),
    ('AdaptiveMaxPool1d', (4,), (2, 3, 9)),
    ('AdaptiveMaxPool1d', (6,), (3, 4)),
]


POOLS = [
    ('MaxPool1d', (3,), {}, (2, 3, 9)),
    ('MaxPool1d', (3, 2, 1, 2), dict(ceil_mode=True), (3, 11)),
    ('AvgPool1d', (3,), {}, (2, 3, 9)),
    ('AvgPool1d', (3, 2, 1), dict(ceil_mode=True, count_include_pad=False), (3, 10)),
    ('LPPool1d', (2, 3), {}, (2, 3, 9)),
    ('LPPool1d', (float('inf'), 3, 2), {}, (3, 10)),
    ('LPPool2d', (2, 2), {}, (2, 3, 6, 6)),
    ('LPPool2d', (1.5, (2, 3), 1, True), {}, (3, 5, 7)),
    ('MaxPool3d', (2,), {}, (2, 3, 4, 5, 6)),
    ('MaxPool3d', ((2, 3, 2), (1, 2, 1), (1, 1, 0), (2, 1, 1)), dict(ceil_mode=True), (2, 5, 6, 7)),
    ('AvgPool3d', (2,), {}, (2, 3, 4, 5, 6)),
    ('AvgPool3d', ((2, 3, 2), (1, 2, 1), (1, 1, 0), True, False), {}, (2, 5, 6, 7)),
    ('AvgPool3d', (3, 2, 1), dict(divisor_override=5), (1, 2, 5, 6, 7)),
    ('AdaptiveMaxPool3d', ((2, 3, 4),), {}, (2, 2, 5, 6, 7)),
    ('AdaptiveMaxPool3d', ((7, None, 9),), {}, (2, 5, 6, 7)),
    ('LPPool3d', (2, 2), {}, (1, 2, 4, 4, 6)),
    ('LPPool3d', (1.5, (1, 2, 3), 1, True), {}, (2, 4, 5, 6)),
]


@pytest.mark.parametrize('name, args, kw, shape', POOLS)
def test_pool_module(name, args, kw, shape):
    tm, mm = modules(name, args, **kw)
    assert repr(mm) == repr(tm)
    low = 0.1 if name.startswith('LP') else -2.0      # x^p of a negative x is NaN for a fractional p
    check_module(tm, mm, [shape], tol=TOL32, low=low)


@pytest.mark.parametrize('dims, args, shape, output_size', [
    (1, (2,), (2, 3, 8), None),
    (1, (3, 2, 1), (3, 9), (9,)),
    (2, (2,), (2, 3, 6, 6), None),
    (2, ((2, 3), 1, (1, 0)), (1, 2, 5, 7), None),
    (2, (2,), (3, 7, 5), (7, 5)),
    (3, (2,), (1, 2, 4, 4, 6), None),
    (3, ((1, 2, 3), 1, (0, 1, 1)), (2, 3, 5, 6), None),
])
def test_max_unpool_module(dims, args, shape, output_size):
    """MaxPoolNd(return_indices=True) then MaxUnpoolNd with the same windows: values, the input's gradient, repr."""
    results = []
    for lib in (torch, minigrad):
        pool = getattr(lib.nn, f'MaxPool{dims}d')(*args, return_indices=True)
        unpool = getattr(lib.nn, f'MaxUnpool{dims}d')(*args)
        _, tt, mt = make_inputs([shape], 'float64')
        x, = tt if lib is torch else mt
        out = unpool(*pool(x), output_size=output_size)
        out.backward(lib.tensor(np.random.default_rng(1).standard_normal(tuple(out.shape))))
        results.append((repr(unpool), out.detach().numpy(), x.grad.numpy()))
    (t_repr, t_out, t_grad), (m_repr, m_out, m_grad) = results
    assert m_repr == t_repr
    np.testing.assert_array_equal(m_out, t_out)
    np.testing.assert_allclose(m_grad, t_grad, rtol=1e-12)


UPSAMPLE = [
    ('Upsample', dict(scale_factor=2), (2, 3, 4, 5)),
    ('Upsample', dict(size=9, mode='linear'), (2, 3, 5)),
    ('Upsample', dict(size=(5, 3), mode='bilinear', align_corners=True), (2, 3, 4, 5)),
    ('Upsample', dict(scale_factor=(1.5, 0.5), mode='bicubic'), (1, 2, 4, 6)),
    ('Upsample', dict(scale_factor=1.7, mode='nearest-exact', recompute_scale_factor=True), (1, 2, 4, 6)),
    ('Upsample', dict(size=(3, 5, 4), mode='trilinear'), (1, 2, 2, 3, 4)),
    ('Upsample', dict(size=(3, 5, 4)), (1, 2, 2, 3, 4)),
    ('Upsample', dict(scale_factor=0.5, mode='area'), (1, 2, 6, 8)),
    ('UpsamplingNearest2d', dict(scale_factor=3), (2, 3, 2, 3)),
    ('UpsamplingBilinear2d', dict(size=(5, 7)), (2, 3, 2, 3)),
    ('AdaptiveAvgPool3d', dict(output_size=(2, None, 3)), (1, 2, 5, 4, 7)),
]


@pytest.mark.parametrize('name, kw, shape', UPSAMPLE)
def test_upsample_module(name, kw, shape):
    tm, mm = getattr(torch.nn, name)(**kw), getattr(minigrad.nn, name)(**kw)
    assert repr(mm) == repr(tm)
    check_module(tm, mm, [shape], tol=TOL32)


@pytest.mark.parametrize('mode', ['nearest', 'nearest-exact', 'bilinear', 'bicubic'])
@pytest.mark.parametrize('size', [(5, 7), (3, 2), (8, 12)])
def test_interpolate_half(mode, size):
    """float16: weights and sums in float32 (PyTorch's opmath), the result rounded once."""
    x = np.random.default_rng(0).uniform(-2, 2, (2, 3, 4, 6)).astype(np.float16)
    want = torch.nn.functional.interpolate(torch.tensor(x), size, mode=mode).numpy()
    got = minigrad.nn.functional.interpolate(minigrad.tensor(x), size, mode=mode).numpy()
    assert got.dtype == np.float16
    np.testing.assert_allclose(got.astype(float), want.astype(float), rtol=2e-3, atol=2e-3)


@pytest.mark.parametrize('mode, antialias', [('nearest', False), ('nearest-exact', False), ('bilinear', False),
                                             ('bicubic', False), ('bilinear', True), ('bicubic', True),
                                             ('lanczos', True)])
@pytest.mark.parametrize('align_corners', [None, True])
@pytest.mark.parametrize('shape', [(2, 3, 4, 6), (1, 5, 7, 9)])
def test_interpolate_uint8(mode, antialias, align_corners, shape):
    """uint8 images: PyTorch's uint8 kernels' fixed-point weights and per-pass rounding, to the exact integer."""
    if align_corners and (mode.startswith('nearest') or mode == 'lanczos'):
        align_corners = None
    x = np.random.default_rng(0).integers(0, 256, shape).astype(np.uint8)
    for kw in [dict(size=(5, 7)), dict(size=(3, 2)), dict(size=(9, 13)), dict(size=(1, 3)), dict(scale_factor=0.6),
               dict(scale_factor=(2.2, 0.4))]:
        kw.update(mode=mode, antialias=antialias, align_corners=align_corners)
        want = torch.nn.functional.interpolate(torch.tensor(x), **kw).numpy()
        got = minigrad.nn.functional.interpolate(minigrad.tensor(x), **kw).numpy()
        np.testing.assert_array_equal(got, want, err_msg=str(kw))


@pytest.mark.parametrize('mode, dims, align_corners', [
    ('nearest', 1, None), ('nearest', 3, None), ('nearest-exact', 2, None), ('linear', 1, False), ('linear', 1, True),
    ('bilinear', 2, False), ('bilinear', 2, True), ('bicubic', 2, False), ('bicubic', 2, True),
    ('trilinear', 3, False), ('trilinear', 3, True)])
@pytest.mark.parametrize('scale', [0.4, 1.3, 2, 2.6])
def test_interpolate_scales(mode, dims, align_corners, scale):
    """Every mode at up- and down-scaling factors (the sizes PyTorch computes from them, and the scales it then
    uses for the source positions), with and without align_corners."""
    shape = (1, 2) + (5, 4, 6)[:dims]
    kw = dict(scale_factor=scale, mode=mode, align_corners=align_corners)
    check_module(TorchFn(kw), MinigradFn(kw), [shape], tol=TOL32)


@pytest.mark.parametrize('mode, align_corners', [('bilinear', False), ('bilinear', True), ('bicubic', False),
                                                 ('bicubic', True), ('lanczos', False)])
@pytest.mark.parametrize('size, scale', [((2, 3), None), ((3, 11), None), ((9, 2), None), ((1, 1), None),
                                         (None, 0.3), (None, (0.4, 2.5))])
def test_interpolate_antialias(mode, align_corners, size, scale):
    """antialias=True: PIL's filters (triangle, cubic a = -0.5, Lanczos 3) widened by the scale when shrinking."""
    kw = dict(size=size, scale_factor=scale, mode=mode, align_corners=align_corners, antialias=True)
    check_module(TorchFn(kw), MinigradFn(kw), [(2, 3, 7, 9)], tol=TOL32)


@pytest.mark.parametrize('fn', [
    lambda F, x: F.adaptive_avg_pool2d(x, (3, 4)),
    lambda F, x: F.adaptive_avg_pool2d(x, (9, 11)),
    lambda F, x: F.adaptive_max_pool2d(x, (3, 4)),
    lambda F, x: F.interpolate(x, (5, 6)),
    lambda F, x: F.interpolate(x, (5, 6), mode='bilinear'),
    lambda F, x: F.interpolate(x, (5, 6), mode='bicubic'),
    lambda F, x: F.interpolate(x, (3, 4), mode='bilinear', antialias=True),
])
def test_inf_and_nan_stay_where_pytorch_has_them(fn):
    """An inf or NaN in x (or in the upstream gradient) reaches the outputs (or input gradients) whose sums take it,
    and no others: windows shorter than the longest add nothing for their missing taps (not 0 * inf)."""
    x = np.random.default_rng(0).standard_normal((1, 2, 7, 9))
    x[0, 0, 2, 3], x[0, 1, 4, 4], x[0, 1, 0, 0] = np.inf, -np.inf, np.nan
    results = []
    for lib in (torch, minigrad):
        t = lib.tensor(x, requires_grad=True)
        out = fn(lib.nn.functional, t)
        g = np.ones(tuple(out.shape))
        g[0, 0, 0, 0] = np.inf
        out.backward(lib.tensor(g))
        results.append((out.detach().numpy(), t.grad.numpy()))
    (t_out, t_grad), (m_out, m_grad) = results
    np.testing.assert_allclose(m_out, t_out, rtol=1e-10)       # NaNs and infs in the same places
    np.testing.assert_allclose(m_grad, t_grad, rtol=1e-10)


@pytest.mark.parametrize('mode, shape, scale, antialias', [
    ('nearest', (1, 2, 3), 1.3, False), ('nearest', (1, 2, 3), 2.3, False),
    ('nearest', (1, 1, 3, 5, 4), (1.3, 2.3, 0.6), False), ('nearest', (1, 2, 3, 5), (1.3, 2.3), False),
    ('bicubic', (1, 2, 2, 3), 1.3, False), ('bicubic', (1, 2, 3, 3), (1.2, 0.9), False),
    ('bilinear', (1, 2, 3, 5), (1.3, 0.6), True), ('lanczos', (1, 2, 3, 3), 1.3, True)])
def test_interpolate_where_pytorchs_backward_takes_other_pixels(mode, shape, scale, antialias):
    """Where a scale_factor keeps an axis's size (or doubles it) PyTorch's nearest backward adds g at i (or i // 2)
    while its 1-d and 3-d forward took floor(i / scale); its bicubic backward copies g when no axis changes size;
    its antialiased forward copies an axis that keeps its size, its backward spreads g by the scale's weights.
    minigrad gives PyTorch's values and PyTorch's gradients there too."""
    kw = dict(scale_factor=scale, mode=mode, antialias=antialias)
    check_module(TorchFn(kw), MinigradFn(kw), [shape], tol=TOL32)


class TorchFn(torch.nn.Module):
    """F.interpolate with fixed arguments, as a module for check_module."""
    def __init__(self, kw):
        super().__init__()
        self.kw = kw

    def forward(self, x):
        return torch.nn.functional.interpolate(x, **self.kw)


class MinigradFn(minigrad.nn.Module):
    def __init__(self, kw):
        super().__init__()
        self.kw = kw

    def forward(self, x):
        return minigrad.nn.functional.interpolate(x, **self.kw)


def test_deprecated_upsample_functions_warn():
    x = minigrad.randn(1, 2, 3, 4)
    for name, kw in (('upsample', dict(size=(5, 6))), ('upsample_nearest', dict(scale_factor=2)),
                     ('upsample_bilinear', dict(size=(5, 6)))):
        with pytest.warns(UserWarning, match=f'`nn.functional.{name}` is deprecated'):
            out = getattr(minigrad.nn.functional, name)(x, **kw)
        with pytest.warns(UserWarning):
            want = getattr(torch.nn.functional, name)(torch.tensor(x.numpy()), **kw)
        np.testing.assert_allclose(out.numpy(), want.numpy(), rtol=1e-5, atol=1e-6)


def functional_of(x):
    """nn.functional of the library x belongs to."""
    return torch.nn.functional if isinstance(x, torch.Tensor) else minigrad.nn.functional


def modules(name, args, **kw):
    return getattr(torch.nn, name)(*args, **kw), getattr(minigrad.nn, name)(*args, **kw)


@pytest.mark.parametrize('name, args, shape', ADAPTIVE)
def test_adaptive_module(name, args, shape):
    tm, mm = modules(name, args)
    assert repr(mm) == repr(tm)
    check_module(tm, mm, [shape], tol=TOL32)


@pytest.mark.parametrize('name, args, shape', [a for a in ADAPTIVE if 'Max' in a[0]])
def test_adaptive_max_indices(name, args, shape):
    tm, mm = modules(name, args, return_indices=True)
    assert repr(mm) == repr(tm)
    _, (t,), (m,) = make_inputs([shape], 'float64')
    (to, ti), (mo, mi) = tm(t), mm(m)
    assert mi.dtype == minigrad.int64
    np.testing.assert_array_equal(mi.numpy(), ti.numpy())
    np.testing.assert_array_equal(mo.detach().numpy(), to.detach().numpy())


def test_max_pool3d_ties_and_nans():
    """3-d max pooling: ties to the first maximum, a NaN wins (the window's last), padding never does."""
    x = np.random.default_rng(0).integers(0, 3, (2, 2, 5, 6, 7)).astype(float)
    x[0, 0, 1, 1, 1] = np.nan
    x[1, 1, :3, :3, :2] = np.nan
    for fn in (lambda F, t: F.max_pool3d(t, 2, 1, 1, return_indices=True),
               lambda F, t: F.adaptive_max_pool3d(t, (3, 2, 4), True)):
        (to, ti), (mo, mi) = fn(torch.nn.functional, torch.tensor(x)), fn(minigrad.nn.functional, minigrad.tensor(x))
        np.testing.assert_array_equal(mi.numpy(), ti.numpy())
        np.testing.assert_array_equal(mo.numpy(), to.numpy())


def test_3d_pools_on_int64():
    """int64: max pooling, and average pooling's integer division (toward zero) of the window sum."""
    x = np.random.default_rng(0).integers(-20, 20, (2, 3, 5, 6, 7))
    for fn in (lambda F, t: F.avg_pool3d(t, 2), lambda F, t: F.max_pool3d(t, 3, 2, 1),
               lambda F, t: F.avg_pool3d(t, 3, 2, 1, ceil_mode=True, count_include_pad=False),
               lambda F, t: F.avg_pool3d(t, 3, padding=1, divisor_override=4)):
        want, got = fn(torch.nn.functional, torch.tensor(x)), fn(minigrad.nn.functional, minigrad.tensor(x))
        assert got.dtype == minigrad.int64
        np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_adaptive_max_ties_and_nans():
    """Ties go to the first maximum of a window, a NaN wins (the window's last one), as in PyTorch."""
    x = np.random.default_rng(0).integers(0, 3, (2, 2, 7, 9)).astype(float)
    x[0, 0, 1, 1] = x[0, 0, 2, 2] = np.nan
    x[1, 1, :3, :3] = np.nan
    to, ti = torch.nn.functional.adaptive_max_pool2d(torch.tensor(x), (3, 4), True)
    mo, mi = minigrad.nn.functional.adaptive_max_pool2d(minigrad.tensor(x), (3, 4), True)
    np.testing.assert_array_equal(mi.numpy(), ti.numpy())
    np.testing.assert_array_equal(mo.numpy(), to.numpy())


@pytest.mark.parametrize('fn, shape', [
    (lambda F, x: F.adaptive_avg_pool2d(x, (3, 4)), (1, 2, 7, 9)),
    (lambda F, x: F.adaptive_avg_pool1d(x, 4), (2, 7)),
    (lambda F, x: F.adaptive_max_pool2d(x, (3, 2)), (1, 2, 5, 4)),
    (lambda F, x: F.adaptive_max_pool1d(x, 3), (2, 7)),
    (lambda F, x: F.max_pool1d(x, 3, 2, 1), (2, 7)),
    (lambda F, x: F.avg_pool1d(x, 3, 2, 1), (2, 7)),
    (lambda F, x: F.lp_pool2d(x.abs() + 0.5, 2, 2), (1, 2, 4, 4)),
    (lambda F, x: F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2), (1, 2, 4, 4)),
    (lambda F, x: F.adaptive_avg_pool3d(x, (2, 1, 3)), (1, 1, 3, 2, 4)),
    (lambda F, x: F.max_pool3d(x, 2, 1, 1), (1, 1, 3, 2, 4)),
    (lambda F, x: F.avg_pool3d(x, 2, 1, 1), (1, 1, 3, 2, 4)),
    (lambda F, x: F.adaptive_max_pool3d(x, (2, 1, 3)), (1, 1, 3, 2, 4)),
])
def test_adaptive_second_derivative(fn, shape):
    check_second_derivative([shape], lambda x: fn(functional_of(x), x))
    _, _, (m,) = make_inputs([shape], 'float64')
    assert minigrad.autograd.gradgradcheck(lambda x: fn(minigrad.nn.functional, x), [m])


@pytest.mark.parametrize('fn, shape', [
    (lambda F, x: F.interpolate(x, (5, 3)), (1, 2, 3, 4)),
    (lambda F, x: F.interpolate(x, (5, 3), mode='bilinear'), (1, 2, 3, 4)),
    (lambda F, x: F.interpolate(x, (5, 7), mode='bicubic', align_corners=True), (1, 1, 3, 4)),
    (lambda F, x: F.interpolate(x, 7, mode='linear'), (1, 2, 4)),
    (lambda F, x: F.interpolate(x, (3, 2, 4), mode='trilinear'), (1, 1, 2, 3, 2)),
    (lambda F, x: F.interpolate(x, (2, 5), mode='bilinear', antialias=True), (1, 2, 5, 3)),
    (lambda F, x: F.interpolate(x, (2, 5), mode='bicubic', antialias=True), (1, 2, 5, 3)),
    (lambda F, x: F.interpolate(x, (2, 5), mode='lanczos', antialias=True), (1, 2, 5, 3)),
])
def test_interpolate_double_backward(fn, shape):
    """Interpolation is linear: the first gradient depends on the upstream gradient alone, and its derivative with
    respect to that (through the ...BackwardBackward0 nodes) is the interpolation again."""
    results = []
    for lib in (torch, minigrad):
        _, tt, mt = make_inputs([shape], 'float64')
        x, = tt if lib is torch else mt
        out = fn(functional_of(x), x)
        rng = np.random.default_rng(1)
        v = lib.tensor(rng.standard_normal(tuple(out.shape)), requires_grad=True)
        g, = lib.autograd.grad(out, x, v, create_graph=True)
        w = lib.tensor(rng.standard_normal(tuple(g.shape)))
        dv, = lib.autograd.grad((g * w).sum(), v)
        results.append((type(g.grad_fn).__name__, g.detach().numpy(), dv.numpy()))
    (t_name, t_g, t_dv), (m_name, m_g, m_dv) = results
    assert m_name == t_name
    np.testing.assert_allclose(m_g, t_g, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(m_dv, t_dv, rtol=1e-10, atol=1e-12)
    _, _, (m,) = make_inputs([shape], 'float64')
    assert minigrad.autograd.gradgradcheck(lambda x: fn(minigrad.nn.functional, x), [m])


def test_double_backward_node_names():
    for lib in (torch, minigrad):
        x = lib.tensor(np.random.default_rng(0).standard_normal((1, 2, 5, 6)), requires_grad=True)
        names = []
        for f in (lambda x: lib.nn.functional.adaptive_avg_pool2d(x, (2, 4)),
                  lambda x: lib.nn.functional.adaptive_max_pool2d(x, (2, 4)),
                  lambda x: lib.nn.functional.interpolate(x, (7, 8), mode='bilinear'),
                  lambda x: lib.nn.functional.interpolate(x, (7, 8), mode='nearest')):
            y = f(x)
            v = lib.ones(tuple(y.shape), dtype=lib.float64, requires_grad=True)
            g, = lib.autograd.grad(y, x, v, create_graph=True)
            names.append(type(g.grad_fn).__name__)
        if lib is torch:
            want = names
    assert names == want


ERRORS = [
    lambda F: F.adaptive_avg_pool2d(torch_or(F).randn(1, 2, 3, 4, 5), 2),
    lambda F: F.adaptive_avg_pool2d(torch_or(F).randn(2, 0, 5), 2),
    lambda F: F.adaptive_avg_pool2d(torch_or(F).randn(2, 3, 4, 5), (-1, 2)),
    lambda F: F.adaptive_avg_pool2d(torch_or(F).randn(2, 3, 4, 5), (1, 2, 3)),
    lambda F: F.adaptive_avg_pool2d(torch_or(F).randn(2, 3, 4, 5), None),
    lambda F: F.adaptive_avg_pool2d(torch_or(F).ones(2, 3, 4, 5, dtype=torch_or(F).int64), 2),
    lambda F: F.adaptive_avg_pool2d(torch_or(F).ones(2, 3, 4, 5, dtype=torch_or(F).int64), 1),
    lambda F: F.adaptive_max_pool2d(torch_or(F).randn(4, 5), 2),
    lambda F: F.adaptive_max_pool2d(torch_or(F).randn(2, 3, 4, 5), (-1, 2)),
    lambda F: F.adaptive_max_pool2d(torch_or(F).randn(2, 3, 4, 5), (1, 2, 3)),
    lambda F: F.adaptive_max_pool2d(torch_or(F).ones(2, 3, 4, 5, dtype=torch_or(F).int64), 2),
    lambda F: F.adaptive_avg_pool1d(torch_or(F).randn(4), 2),
    lambda F: F.adaptive_avg_pool1d(torch_or(F).randn(3, 4), (2, 2)),
    lambda F: F.adaptive_avg_pool1d(torch_or(F).randn(3, 4), None),
    lambda F: F.adaptive_avg_pool1d(torch_or(F).randn(3, 0), 2),
    lambda F: F.adaptive_max_pool1d(torch_or(F).randn(1, 2, 3, 4), 2),
    lambda F: F.adaptive_max_pool1d(torch_or(F).randn(3, 0), 2),
    lambda F: F.adaptive_max_pool1d(torch_or(F).randn(3, 4), -1),
    lambda F: F.max_pool1d(torch_or(F).randn(2, 0, 4), 2),
    lambda F: F.max_pool1d(torch_or(F).randn(2, 3, 9), 0),
    lambda F: F.max_pool1d(torch_or(F).randn(2, 3, 9), 2, 0),
    lambda F: F.max_pool1d(torch_or(F).randn(2, 3, 9), 2, dilation=0),
    lambda F: F.max_pool1d(torch_or(F).randn(2, 3, 9), 10),
    lambda F: F.max_pool1d(torch_or(F).ones(2, 3, 9, dtype=torch_or(F).int64), 2),
    lambda F: F.max_pool1d(torch_or(F).randn(1, 2, 3, 4), 2, return_indices=True),
    lambda F: F.avg_pool1d(torch_or(F).randn(2, 3, 9), 2, padding=2),
    lambda F: F.avg_pool1d(torch_or(F).randn(2, 3, 9), None),
    lambda F: F.avg_pool1d(torch_or(F).randn(2, 3, 9), 2, (1, 1)),
    lambda F: F.max_pool1d(torch_or(F).randn(2, 3, 9), None),
    lambda F: F.max_pool1d(torch_or(F).randn(2, 3, 9), 2, 1, None),
    lambda F: F.max_pool1d(torch_or(F).randn(2, 3, 9), 2, (1, 1)),
    lambda F: F.max_pool1d(torch_or(F).randn(2, 3, 9), 2, 1, -1),
    lambda F: F.max_pool1d(torch_or(F).randn(2, 3, 9), None, return_indices=True),
    lambda F: F.max_pool1d(torch_or(F).randn(2, 3, 9), 2, padding=(1, 1), return_indices=True),
    lambda F: F.avg_pool1d(torch_or(F).ones(2, 3, 9, dtype=torch_or(F).int32), 2),
    lambda F: F.max_unpool2d(torch_or(F).randn(2, 2), torch_or(F).zeros(2, 2, dtype=torch_or(F).int64), 2),
    lambda F: F.max_unpool2d(torch_or(F).randn(1, 2, 2), torch_or(F).zeros(1, 2, 2, dtype=torch_or(F).int32), 2),
    lambda F: F.max_unpool2d(torch_or(F).randn(2, 0, 2, 2), torch_or(F).zeros(2, 0, 2, 2, dtype=torch_or(F).int64),
                             2),
    lambda F: F.max_unpool2d(torch_or(F).ones(1, 2, 2, dtype=torch_or(F).int64),
                             torch_or(F).zeros(1, 2, 2, dtype=torch_or(F).int64), 2),
    lambda F: F.max_unpool2d(torch_or(F).randn(1, 2, 2), torch_or(F).zeros(1, 2, 2, dtype=torch_or(F).int64), 2,
                             output_size=(4, 5, 6)),
    lambda F: F.max_unpool2d(torch_or(F).randn(1, 2, 2), torch_or(F).zeros(1, 2, 2, dtype=torch_or(F).int64) - 1, 2),
    lambda F: F.max_unpool2d(torch_or(F).randn(1, 2, 2, 3), torch_or(F).zeros(1, 2, 2, 3, dtype=torch_or(F).int64),
                             (2, 2, 2)),
    lambda F: F.max_unpool2d(torch_or(F).randn(1, 2, 2, 3), torch_or(F).zeros(1, 2, 2, 3, dtype=torch_or(F).int64),
                             (2,)),
    lambda F: F.max_unpool1d(torch_or(F).randn(2, 2, 3), torch_or(F).zeros(2, 2, 3, dtype=torch_or(F).int64), (2, 2)),
    lambda F: F.lp_pool2d(torch_or(F).randn(1, 2, 2, 3), 2, (2, 2, 2)),
    lambda F: F.lp_pool1d(torch_or(F).randn(2, 2, 3), 2, (2,)),
    lambda F: F.adaptive_avg_pool3d(torch_or(F).randn(1, 2, 3, 3), (1, 2)),
    lambda F: F.max_pool3d(torch_or(F).randn(2, 3, 4, 5, 6), 2, 0),
    lambda F: F.max_unpool3d(*unpool3d_inputs(F, index_dtype='int32'), 2),
    lambda F: F.max_unpool3d(*unpool3d_inputs(F), (2, 2)),
    lambda F: F.max_unpool3d(*unpool3d_inputs(F), 2, 0),
    lambda F: F.max_unpool3d(*unpool3d_inputs(F, channels=0), 2),
    lambda F: F.lp_pool3d(torch_or(F).randn(1, 2, 4, 4, 4), 2, (2, 2)),
    lambda F: F.max_pool3d(torch_or(F).randn(2, 3, 4, 5, 6), 2, dilation=0),
    lambda F: F.max_pool3d(torch_or(F).randn(2, 3, 4, 5, 6), 2, padding=2),
    lambda F: F.max_pool3d(torch_or(F).randn(2, 3, 4, 5, 6) > 0, 2),
    lambda F: F.avg_pool3d(torch_or(F).randn(2, 3, 4, 5, 6), 2, 2, (1, 1)),
    lambda F: F.avg_pool3d(torch_or(F).randn(2, 3, 1, 5, 6), 2, 1, 1),
    lambda F: F.avg_pool3d(torch_or(F).randn(2, 3, 4, 5, 6).half(), 2),
    lambda F: F.avg_pool3d(torch_or(F).randn(2, 3, 4, 0, 6), 2),
    lambda F: F.adaptive_max_pool3d(torch_or(F).randn(2, 3, 4, 5, 6), (2, 3)),
    lambda F: F.adaptive_max_pool3d(torch_or(F).randn(2, 3, 4, 5, 6), -1),
    lambda F: F.adaptive_max_pool3d(torch_or(F).ones(2, 3, 4, 5, 6, dtype=torch_or(F).int64), 2),
    lambda F: F.adaptive_avg_pool3d(torch_or(F).ones(1, 2, 3, 3, dtype=torch_or(F).int64), 2),
    lambda F: F.interpolate(torch_or(F).randn(1, 2, 4, 5), size=(3.0, 4)),
    lambda F: F.interpolate(torch_or(F).randn(1, 2, 4, 5), scale_factor=(2, 2, 2)),
    lambda F: F.interpolate(torch_or(F).randn(1, 2, 4, 5), size=3, recompute_scale_factor=True),
    lambda F: F.interpolate(torch_or(F).randn(1, 2, 4, 5), size=3, antialias=True),
    lambda F: F.interpolate(torch_or(F).randn(1, 2, 4), size=3, mode='linear', antialias=True),
    lambda F: F.interpolate(torch_or(F).randn(1, 2, 4, 5), size=3, mode='lanczos'),
    lambda F: F.interpolate(torch_or(F).randn(1, 2, 4, 5), size=3, mode='lanczos', antialias=True, align_corners=True),
    lambda F: F.interpolate(torch_or(F).randn(1, 2, 4, 5), size=(3, 4, 5), recompute_scale_factor=True),
    lambda F: F.interpolate(torch_or(F).ones(1, 2, 4, 5, dtype=torch_or(F).float16), size=3, mode='bilinear',
                            antialias=True),
    lambda F: F.interpolate(torch_or(F).ones(1, 2, 4, 5, dtype=torch_or(F).int64), size=3, mode='bicubic',
                            antialias=True),
    lambda F: F.interpolate(torch_or(F).randn(1, 2, 4, 5), size=3, mode='foo'),
    lambda F: F.interpolate(torch_or(F).randn(2, 4, 5), size=3, mode='bilinear'),
    lambda F: F.interpolate(torch_or(F).randn(1, 2, 4, 5), size=-3),
    lambda F: F.interpolate(torch_or(F).randn(1, 2, 4), scale_factor=0.1, mode='linear'),
    lambda F: F.interpolate(torch_or(F).randn(1, 2, 4, 0, 3), size=2),
    lambda F: F.interpolate(torch_or(F).ones(1, 2, 4, 3, dtype=torch_or(F).int64), size=2),
    lambda F: F.interpolate(torch_or(F).ones(1, 2, 4, dtype=torch_or(F).int32), size=2, mode='linear'),
    lambda F: F.interpolate(torch_or(F).ones(1, 2, 4, dtype=torch_or(F).uint8), size=2, mode='linear'),
    lambda F: F.interpolate(torch_or(F).ones(1, 2, 4, 3, 2, dtype=torch_or(F).uint8), size=2, mode='trilinear'),
    lambda F: F.interpolate(torch_or(F).ones(1, 2, 4, 3, dtype=torch_or(F).bool), size=2, mode='bicubic'),
]


def unpool3d_inputs(F, index_dtype='int64', channels=2):
    lib = torch_or(F)
    return lib.randn(1, channels, 2, 2, 3), lib.zeros(1, channels, 2, 2, 3, dtype=getattr(lib, index_dtype))


def torch_or(F):
    return torch if F is torch.nn.functional else minigrad


def raised(fn, F):
    try:
        fn(F)
    except Exception as e:      # noqa: BLE001 - the error itself is what is compared
        return type(e).__name__, str(e)
    return None


@pytest.mark.parametrize('i', range(len(ERRORS)))
def test_errors(i):
    want = raised(ERRORS[i], torch.nn.functional)
    assert want is not None
    assert raised(ERRORS[i], minigrad.nn.functional) == want
