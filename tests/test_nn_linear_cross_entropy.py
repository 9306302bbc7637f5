"""F.linear_cross_entropy against PyTorch (its reference path, options=None): class indices and probabilities,
unbatched input, K-dimensional losses (linear_weight (C, d, in)), bias, class weights, ignore_index, label smoothing,
every reduction; values and gradients of input, linear weight and bias; second derivatives; errors."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check_op, check_second_derivative

RNG = np.random.default_rng(0)
INDICES = RNG.integers(0, 5, 4)
INDICES_K = RNG.integers(0, 5, (4, 3))
PROBS = RNG.dirichlet(np.ones(5), 4)


def loss_of(target, **kw):
    def fn(x, w, *bias):
        lib = torch if isinstance(x, torch.Tensor) else minigrad
        t = lib.tensor(target) if target.dtype.kind == 'i' else lib.tensor(target.astype(str(x.dtype)[-7:]))
        extra = dict(kw)
        if 'weight' in extra:
            extra['weight'] = lib.tensor(extra['weight']).to(x.dtype)
        return lib.nn.functional.linear_cross_entropy(x, w, t, linear_bias=bias[0] if bias else None, **extra)
    return fn


CASES = [('indices', [(4, 6), (5, 6)], INDICES, {}),
         ('bias_sum', [(4, 6), (5, 6), (5,)], INDICES, dict(reduction='sum')),
         ('unbatched', [(6,), (5, 6)], INDICES[:1].reshape(()), {}),
         ('weight_ignore', [(4, 6), (5, 6)], np.where(INDICES == 2, -1, INDICES),
          dict(weight=np.linspace(0.5, 2.0, 5), ignore_index=-1)),
         ('smoothing_none', [(4, 6), (5, 6)], INDICES, dict(label_smoothing=0.2, reduction='none')),
         ('probabilities', [(4, 6), (5, 6), (5,)], PROBS, {}),
         ('k_dim', [(4, 6), (5, 3, 6), (5, 3)], INDICES_K, {})]


@pytest.mark.parametrize('target, kw, shapes', [pytest.param(t, k, s, id=n) for n, s, t, k in CASES])
def test_linear_cross_entropy(target, kw, shapes):
    check_op(shapes, loss_of(target, **kw), tol={'float32': dict(rtol=1e-5, atol=1e-5)})
    check_second_derivative(shapes, loss_of(target, **kw))


ERRORS = [([(2, 3, 6), (5, 6)], INDICES, {}), ([(4, 6), (5,)], INDICES, {}), ([(4, 6), (5, 7)], INDICES, {}),
          ([(4, 6), (5, 6), (4,)], INDICES, {}), ([(6,), (5, 3, 6)], INDICES_K[0, :1].reshape(()), {}),
          ([(4, 6), (5, 6)], PROBS, dict(ignore_index=1))]


@pytest.mark.parametrize('shapes, target, kw', ERRORS)
def test_errors(shapes, target, kw):
    raised = []
    for lib in (torch, minigrad):
        with pytest.raises(RuntimeError) as info:
            loss_of(target, **kw)(*[lib.zeros(s) for s in shapes])
        raised.append(str(info.value))
    assert raised[1] == raised[0]


def test_options_refused():
    with pytest.raises(NotImplementedError, match='options'):
        minigrad.nn.functional.linear_cross_entropy(minigrad.zeros(2, 3), minigrad.zeros(4, 3),
                                                    minigrad.tensor([0, 1]), options=object())
