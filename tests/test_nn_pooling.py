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
])
def test_adaptive_second_derivative(fn, shape):
    check_second_derivative([shape], lambda x: fn(functional_of(x), x))
    _, _, (m,) = make_inputs([shape], 'float64')
    assert minigrad.autograd.gradgradcheck(lambda x: fn(minigrad.nn.functional, x), [m])


def test_double_backward_node_names():
    for lib in (torch, minigrad):
        x = lib.tensor(np.random.default_rng(0).standard_normal((1, 2, 5, 6)), requires_grad=True)
        names = []
        for f in (lambda x: lib.nn.functional.adaptive_avg_pool2d(x, (2, 4)),
                  lambda x: lib.nn.functional.adaptive_max_pool2d(x, (2, 4))):
            y = f(x)
            g, = lib.autograd.grad(y, x, lib.ones(tuple(y.shape), dtype=lib.float64), create_graph=True)
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
]


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
