"""F.fractional_max_pool2d/3d (and their *_with_indices forms) and the modules FractionalMaxPool2d/3d against PyTorch,
with the same _random_samples: values, indices, gradients, second derivatives, node names; unpatched draws
structurally; errors."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
import strict_backend
from helpers import check_op, check_second_derivative

CASES = [(2, (2, 3, 7, 6), 2, dict(output_size=(4, 3))), (2, (3, 9, 8), (3, 2), dict(output_size=4)),
         (2, (1, 2, 8, 6), 2, dict(output_ratio=(0.5, 0.7))), (2, (1, 1, 5, 5), 1, dict(output_size=1)),
         (3, (2, 2, 6, 5, 7), 2, dict(output_size=(3, 2, 4))), (3, (2, 5, 5, 6), (2, 1, 3), dict(output_ratio=(0.6, 0.5, 0.6)))]


def pool_of(dims, kernel, kw, samples):
    def fn(x):
        lib = torch if isinstance(x, torch.Tensor) else minigrad
        return getattr(lib.nn.functional, f'fractional_max_pool{dims}d_with_indices')(
            x, kernel, _random_samples=lib.tensor(samples.astype(str(x.dtype).split('.')[-1])), **kw)
    return fn


def draws(dims, shape, seed=0):
    return np.random.default_rng(seed).uniform(size=(shape[0] if len(shape) == dims + 2 else 1, shape[-dims - 1],
                                                     dims))


@pytest.mark.parametrize('dims, shape, kernel, kw', CASES)
def test_fractional_max_pool(dims, shape, kernel, kw):
    fn = pool_of(dims, kernel, kw, draws(dims, shape))
    check_op([shape], fn)
    check_second_derivative([shape], lambda x: fn(x)[0] ** 2)


@pytest.mark.parametrize('dims', (2, 3))
def test_node_names(dims):
    names = []
    for lib in (torch, minigrad):
        x = lib.ones((1, 1) + (4,) * dims, requires_grad=True)
        y = getattr(lib.nn.functional, f'fractional_max_pool{dims}d')(x, 2, output_size=2)
        g, = lib.autograd.grad(y.sum(), x, create_graph=True)
        names.append((type(y.grad_fn).__name__, type(g.grad_fn).__name__))
    assert names[1] == names[0]


def test_unpatched_draws():
    """Without _random_samples: each plane drawn afresh; the maxima are values of the input at the indices."""
    F = minigrad.nn.functional
    x = minigrad.randn(2, 3, 9, 9)
    out, indices = F.fractional_max_pool2d(x, 2, output_size=4, return_indices=True)
    assert tuple(out.shape) == tuple(indices.shape) == (2, 3, 4, 4)
    np.testing.assert_array_equal(np.take_along_axis(x.numpy().reshape(2, 3, -1), indices.numpy().reshape(2, 3, -1),
                                                     -1).reshape(out.shape), out.numpy())
    tries = [F.fractional_max_pool2d(x, 2, output_size=4, return_indices=True)[1].numpy() for _ in range(5)]
    assert any(not np.array_equal(t, indices.numpy()) for t in tries)


def test_on_the_device(monkeypatch):
    strict_backend.install(monkeypatch)
    check_op([(2, 3, 7, 6)], pool_of(2, 2, dict(output_size=(4, 3)), draws(2, (2, 3, 7, 6))), device='cuda')


def Z(lib, *shape, dtype='float32'):
    return lib.zeros(shape, dtype=getattr(lib, dtype))


ERRORS = {
    'no_size': lambda L: L.nn.functional.fractional_max_pool2d(Z(L, 1, 2, 5, 5), 2),
    'too_large': lambda L: L.nn.functional.fractional_max_pool2d(Z(L, 1, 2, 5, 5), 2, output_size=(5, 5)),
    'too_large_3d': lambda L: L.nn.functional.fractional_max_pool3d(Z(L, 1, 2, 5, 5, 5), 2, output_size=6),
    'empty': lambda L: L.nn.functional.fractional_max_pool2d(Z(L, 1, 2, 5, 0), 2, output_size=2),
    'long': lambda L: L.nn.functional.fractional_max_pool2d(Z(L, 1, 2, 5, 5, dtype='int64'), 2, output_size=2),
    'kernel_len': lambda L: L.nn.functional.fractional_max_pool2d(Z(L, 1, 2, 5, 5), (2, 2, 2), output_size=2),
    'ratio_len': lambda L: L.nn.functional.fractional_max_pool2d(Z(L, 1, 2, 5, 5), 2, output_ratio=(0.5, 0.5, 0.5)),
    'ratio_short': lambda L: L.nn.functional.fractional_max_pool2d(Z(L, 1, 2, 5, 5), 2, output_ratio=(0.5,)),
    'ratio_float': lambda L: L.nn.functional.fractional_max_pool2d(Z(L, 1, 2, 5, 5), 2, output_ratio=0.5),
    'samples_size': lambda L: L.nn.functional.fractional_max_pool2d(Z(L, 1, 2, 5, 5), 2, output_size=2,
                                                                    _random_samples=Z(L, 1, 2, 3)),
    'module_no_size': lambda L: L.nn.FractionalMaxPool2d(2),
    'module_both': lambda L: L.nn.FractionalMaxPool3d(2, output_size=2, output_ratio=0.5),
    'module_ratio': lambda L: L.nn.FractionalMaxPool2d(2, output_ratio=(0.5, 1.0)),
    'module_kernel_3d': lambda L: L.nn.FractionalMaxPool3d((2, 0, 2), output_size=2),
    'samples_dtype': lambda L: L.nn.functional.fractional_max_pool2d(Z(L, 1, 2, 5, 5), 2, output_size=2,
                                                                     _random_samples=Z(L, 1, 2, 2, dtype='float64')),
}


@pytest.mark.parametrize('name', ERRORS)
def test_errors(name):
    raised = []
    for lib in (torch, minigrad):
        with warnings.catch_warnings(), pytest.raises(Exception) as info:
            ERRORS[name](lib)
        raised.append((type(info.value), str(info.value)))
    assert raised[1] == raised[0]


@pytest.mark.parametrize('dims, shape, kernel, kw', CASES)
def test_modules_with_their_samples_as_a_buffer(dims, shape, kernel, kw):
    samples = draws(dims, shape)
    seen = []
    for lib in (torch, minigrad):
        pool = getattr(lib.nn, f'FractionalMaxPool{dims}d')(kernel, return_indices=True,
                                                           _random_samples=lib.tensor(samples), **kw).float()
        x = lib.tensor(np.random.default_rng(1).standard_normal(shape).astype('float32'), requires_grad=True)
        out, indices = pool(x)
        (out ** 2).sum().backward()
        seen.append((repr(pool), list(pool.state_dict()), pool.kernel_size, pool.output_size, pool.output_ratio,
                     out.detach().numpy(), indices.numpy(), x.grad.numpy()))
    (t_arrays, m_arrays), (t_rest, m_rest) = ([s[5:] for s in seen]), ([s[:5] for s in seen])
    assert m_rest == t_rest
    for m, t in zip(m_arrays, t_arrays, strict=True):
        np.testing.assert_array_equal(m, t)
