"""Overflow, division by zero and invalid values give inf and nan silently, as in PyTorch: no numpy RuntimeWarning
reaches the user (every check runs with warnings turned into errors), forward and backward, and the values are
PyTorch's. The user's own numpy code keeps numpy's settings: its warnings still come, its np.errstate still holds."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import check_op, compare

F32, BOTH = ('float32',), ('float64', 'float32')
CASES = {   # name: (torch/minigrad function, input values, dtypes)
    'square overflows': (lambda x: x ** 2, [[1e30, 2.0]], F32),
    'cube overflows': (lambda x: x ** 3, [[1e30, 2.0]], F32),
    'log of 0': (lambda x: x.log(), [[0.0, 1.0]], BOTH),
    'divide by 0': (lambda x: x / 0, [[1.0, 0.0, -1.0]], BOTH),
    '1 / 0': (lambda x: 1 / x, [[0.0, 2.0]], BOTH),
    'x / y with y = 0': (lambda x, y: x / y, [[1.0, 0.0], [0.0, 0.0]], BOTH),
    'sqrt of -1': (lambda x: x.sqrt(), [[-1.0, 4.0]], BOTH),
    'exp overflows': (lambda x: x.exp(), [[1000.0, 1.0]], BOTH),
    'matmul overflows': (lambda a, b: a @ b, [[[1e30, 1e30]], [[1e30], [1e30]]], F32),
    'mean overflows': (lambda x: x.mean(), [[3e38, 3e38]], F32),
    'softmax of inf': (lambda x: x.softmax(0), [[np.inf, 1.0]], BOTH),
}


@pytest.fixture
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        yield


@pytest.mark.parametrize('name', list(CASES))
def test_inf_and_nan_come_silently(name, warnings_are_errors):
    fn, values, dtypes = CASES[name]
    check_op(None, fn, values=values, dtypes=dtypes)


def test_in_place_ops_factories_and_the_optimizer_are_silent(warnings_are_errors):
    results = {}
    for lib in (torch, minigrad):
        x = lib.tensor([1e30, 1.0])
        x.mul_(1e30)
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        w.grad = lib.tensor([np.inf, 1e38])
        lib.optim.SGD([w], lr=1e10, momentum=0.9).step()
        big = lib.tensor([1e300, -1e300])                           # Python floats beyond float32: inf
        results[lib] = (x, w, big, lib.tensor([1e300], dtype=lib.float64).float())
    for name, m, t in zip(('mul_', 'SGD step', 'tensor()', '.float()'), results[minigrad], results[torch]):
        compare(name, m, t, 'float32')


def test_the_users_own_numpy_keeps_its_settings():
    minigrad.tensor([1.0]) / 0                  # minigrad sets nothing that stays behind
    minigrad.tensor([0.0], requires_grad=True).log().sum().backward()
    with pytest.warns(RuntimeWarning, match='divide by zero'):
        np.float64(1) / 0
    with np.errstate(all='raise'):
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            assert minigrad.tensor([1.0]).div(0).item() == np.inf     # minigrad: PyTorch's inf
        with pytest.raises(FloatingPointError):
            np.array([1.0]) / 0                 # the user's own numpy code: the errstate the user set
    assert np.geterr()['divide'] == 'warn'
