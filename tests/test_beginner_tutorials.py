"""PyTorch's beginner tutorials (reference/beginner/) run in PyTorch and in minigrad from the same stand-in data
and weights: every value each run records (losses, accuracies, outputs, gradients, parameters, reprs, strings)
must agree, name by name and in order.

Tolerances: float64 rtol 1e-10 / atol 1e-12 (the same arithmetic, summed in another order); float32 rtol 2e-4 /
atol 1e-5: the runs train for a few dozen steps, and each step's rounding differences (a few float32 ulps in the
matmuls) carry into the next.
"""
import importlib

import numpy as np
import pytest
import torch

import minigrad
from reference.beginner import standin

TOL = {'float64': dict(rtol=1e-10, atol=1e-12), 'float32': dict(rtol=2e-4, atol=1e-5)}


def both(name, dtype='float32'):
    """The records of reference/beginner/<name>.py run in torch and in minigrad, default dtype `dtype`."""
    tutorial = importlib.import_module(f'reference.beginner.{name}').tutorial
    records = []
    for lib in (torch, minigrad):
        old = lib.get_default_dtype()
        lib.set_default_dtype(getattr(lib, dtype))
        try:
            records.append(standin.run(tutorial, lib).items)
        finally:
            lib.set_default_dtype(old)
    return records


def same(want, got, dtype):
    assert [n for n, _ in got] == [n for n, _ in want], 'the runs recorded different values'
    for (name, w), (_, g) in zip(want, got):
        if isinstance(w, str):
            assert g == w, f'{name}: {g!r} != torch {w!r}'
        elif w is None:
            assert g is None, f'{name}: {g!r}, torch None'
        else:
            w, g = np.asarray(w), np.asarray(g)
            assert g.shape == w.shape and g.dtype == w.dtype, f'{name}: {g.shape} {g.dtype} != {w.shape} {w.dtype}'
            np.testing.assert_allclose(g, w, err_msg=name, **TOL[dtype])


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_quickstart(dtype):
    want, got = both('quickstart', dtype)
    same(want, got, dtype)
    names = [n for n, _ in want]
    assert names.count('loss') == 5 * 8 and names.count('accuracy') == 5 and 'grad linear_relu_stack.0.weight' in names
    values = dict(want)
    assert values['device'] == values['older device'] == 'cpu'
    np.testing.assert_array_equal(values['loaded linear_relu_stack.4.weight'],
                                  values['trained linear_relu_stack.4.weight'])


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_build_the_neural_network(dtype):
    want, got = both('buildmodel', dtype)
    same(want, got, dtype)
    names = [n for n, _ in want]
    assert {'logits', 'y_pred', 'seq_modules', 'softmax', 'linear_relu_stack.4.bias[:2]'} <= set(names)


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_automatic_differentiation(dtype):
    want, got = both('autogradqs', dtype)
    same(want, got, dtype)
    values = dict(want)
    assert (values['z.grad_fn'], values['loss.grad_fn']) == ('AddBackward0', 'BinaryCrossEntropyWithLogitsBackward0')
    assert (values['requires_grad'], values['requires_grad under no_grad']) == ('True', 'False')
    np.testing.assert_array_equal(values['second call'], 2 * values['first call'])


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_optimizing_model_parameters(dtype):
    want, got = both('optimization', dtype)
    same(want, got, dtype)
    names = [n for n, _ in want]
    assert names.count('loss') == 10 * 4 and names.count('accuracy') == 10
    assert names.count('grad linear_relu_stack.2.weight') == 10


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_what_is_torch_nn_really(dtype):
    want, got = both('nn_tutorial', dtype)
    same(want, got, dtype)
    names = [n for n, _ in want]
    assert names.count('val_loss') == 5 * 2 and names.count('valid loss') == 2
    assert 'grad lin.weight' in names and 'grad conv3.bias' in names and 'grad 5.weight' in names
    assert dict(want)['dev'] == 'cpu'


def test_shuffled_batches_differ_by_epoch_and_cover_the_data():
    standin.seed(0)
    sampler = standin.Shuffled(range(10))
    first, second = list(sampler), list(sampler)
    assert sorted(first) == sorted(second) == list(range(10)) and first != second and len(sampler) == 10
