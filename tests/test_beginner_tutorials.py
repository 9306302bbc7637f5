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


def checked(name, dtype='float32'):
    """Run reference/beginner/<name>.py in torch and in minigrad (default dtype `dtype`), check that they recorded
    the same values, and return torch's record: (name, value) pairs."""
    tutorial = importlib.import_module(f'reference.beginner.{name}').tutorial
    records = []
    for lib in (torch, minigrad):
        old = lib.get_default_dtype()
        lib.set_default_dtype(getattr(lib, dtype))
        try:
            records.append(standin.run(tutorial, lib).items)
        finally:
            lib.set_default_dtype(old)
    same(*records, dtype)
    return records[0]


DEVICES = ('device', 'older device', 'dev')   # the tutorials' device choice, made by each library


def same(want, got, dtype):
    assert [n for n, _ in got] == [n for n, _ in want], 'the runs recorded different values'
    for (name, w), (_, g) in zip(want, got):
        if name in DEVICES:   # torch here may be a CPU build where minigrad has a GPU
            assert (w, g) == tuple('cuda' if lib.cuda.is_available() else 'cpu' for lib in (torch, minigrad)), name
        elif isinstance(w, str):
            assert g == w, f'{name}: {g!r} != torch {w!r}'
        elif w is None:
            assert g is None, f'{name}: {g!r}, torch None'
        else:
            w, g = np.asarray(w), np.asarray(g)
            assert g.shape == w.shape and g.dtype == w.dtype, f'{name}: {g.shape} {g.dtype} != {w.shape} {w.dtype}'
            np.testing.assert_allclose(g, w, err_msg=name, **TOL[dtype])


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_quickstart(dtype):
    want = checked('quickstart', dtype)
    names = [n for n, _ in want]
    assert names.count('loss') == 5 * 4 and names.count('accuracy') == 5 and 'grad linear_relu_stack.0.weight' in names
    values = dict(want)
    assert values['device'] == values['older device']
    np.testing.assert_array_equal(values['loaded linear_relu_stack.4.weight'],
                                  values['trained linear_relu_stack.4.weight'])


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_build_the_neural_network(dtype):
    want = checked('buildmodel', dtype)
    names = [n for n, _ in want]
    assert {'logits', 'y_pred', 'seq_modules', 'softmax', 'linear_relu_stack.4.bias[:2]'} <= set(names)


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_automatic_differentiation(dtype):
    want = checked('autogradqs', dtype)
    values = dict(want)
    assert (values['z.grad_fn'], values['loss.grad_fn']) == ('AddBackward0', 'BinaryCrossEntropyWithLogitsBackward0')
    assert (values['requires_grad'], values['requires_grad under no_grad']) == ('True', 'False')
    np.testing.assert_array_equal(values['second call'], 2 * values['first call'])


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_optimizing_model_parameters(dtype):
    want = checked('optimization', dtype)
    names = [n for n, _ in want]
    assert names.count('loss') == 10 * 2 and names.count('accuracy') == 10
    assert names.count('grad linear_relu_stack.2.weight') == 10


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_what_is_torch_nn_really(dtype):
    want = checked('nn_tutorial', dtype)
    names = [n for n, _ in want]
    assert names.count('val_loss') == 5 * 2 and names.count('valid loss') == 2
    assert 'grad lin.weight' in names and 'grad conv3.bias' in names and 'grad 5.weight' in names


def test_shuffled_batches_differ_by_epoch_and_cover_the_data():
    standin.seed(0)
    sampler = standin.Shuffled(range(10))
    first, second = list(sampler), list(sampler)
    assert sorted(first) == sorted(second) == list(range(10)) and first != second and len(sampler) == 10


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
def test_save_and_load_the_model(dtype, capsys):
    want = checked('saveloadrun', dtype)
    values = dict(want)
    for name in ('features.0.weight', 'classifier.6.bias'):
        np.testing.assert_array_equal(values[f'loaded {name}'], values[f'saved {name}'])
        np.testing.assert_array_equal(values[f'whole {name}'], values[f'saved {name}'])
    np.testing.assert_array_equal(values['whole model output'], values['output'])
    assert capsys.readouterr().out.count('Loaded the whole model: VGG') == 2   # torch's run and minigrad's


def models_with_the_same_weights(name, dtype, **kwargs):
    """torch's and minigrad's `name` model (models.py), same weights, default dtype `dtype`."""
    from reference.beginner import models
    nets = []
    for lib in (torch, minigrad):
        old = lib.get_default_dtype()
        lib.set_default_dtype(getattr(lib, dtype))
        try:
            standin.seed(0)
            nets.append(standin.same_weights(lib, getattr(models.build(lib), name)(**kwargs)))
        finally:
            lib.set_default_dtype(old)
    return nets


@pytest.mark.parametrize('name, kwargs', [('resnet18', {}), ('vgg16', dict(width=1/8, num_classes=10))])
def test_torchvision_models_forward_backward_and_every_gradient(name, kwargs):
    """Train mode (BatchNorm's batch statistics, running stats updated) then eval mode, in float64. The bound on
    each array is relative to its largest value: BatchNorm's backward subtracts nearly equal sums, and the layers
    below carry their rounding (1e-16 relative) into every element, small ones too, at about 1e-11 of the largest."""
    want_net, got_net = models_with_the_same_weights(name, 'float64', **kwargs)
    assert repr(got_net) == repr(want_net)
    assert list(got_net.state_dict()) == list(want_net.state_dict())
    x = np.random.default_rng(1).standard_normal((2, 3, 32, 32))
    y = np.array([3, 7])
    outs = []
    for lib, net in ((torch, want_net), (minigrad, got_net)):
        if name == 'vgg16':
            net.classifier[2].p = net.classifier[5].p = 0.0   # Dropout draws different masks in each library
        inp = lib.tensor(x, requires_grad=True)
        out = net(inp)
        lib.nn.functional.cross_entropy(out, lib.tensor(y)).backward()
        net.eval()
        with lib.no_grad():
            evaluated = net(lib.tensor(x))
        outs.append(dict(out=out, eval=evaluated, input_grad=inp.grad,
                         **{f'grad {k}': p.grad for k, p in net.named_parameters()},
                         **{f'buffer {k}': b for k, b in net.named_buffers()}))
    want, got = ({k: v.detach().numpy() for k, v in o.items()} for o in outs)
    assert list(got) == list(want)
    for k in want:
        np.testing.assert_allclose(got[k], want[k], rtol=1e-9, atol=1e-9 * np.abs(want[k]).max(), err_msg=k)


def test_torchvision_resnet18_state_dict_loads_into_the_minigrad_model():
    torchvision = pytest.importorskip('torchvision', reason='torchvision is not installed')
    from reference.beginner import models
    reference = torchvision.models.resnet18()
    net = models.build(minigrad).resnet18()
    net.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in reference.state_dict().items()})
    reference.eval(), net.eval()
    x = np.random.default_rng(2).standard_normal((1, 3, 64, 64)).astype(np.float32)
    with torch.no_grad():
        want = reference(torch.tensor(x)).numpy()
    np.testing.assert_allclose(net(minigrad.tensor(x)).detach().numpy(), want, rtol=1e-4, atol=1e-5)


def test_the_scripts_run_from_the_command_line():
    """`python -m reference.beginner.<name> [--library torch] [--record]`, two of them in each library at once:
    they print the same text (but for the library's name in torch.Size and the objects' addresses; buildmodel's
    only where both libraries pick the same device)."""
    import os
    import re
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, OMP_NUM_THREADS='1', OPENBLAS_NUM_THREADS='1', MKL_NUM_THREADS='1')
    runs = {(name, lib): subprocess.Popen([sys.executable, '-m', f'reference.beginner.{name}', '--library', lib,
                                           *['--record'] * (lib == 'minigrad')], cwd=root, env=env, text=True,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for name in ('autogradqs', 'buildmodel') for lib in ('minigrad', 'torch')}
    outputs = {}
    for key, proc in runs.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f'{key}: {err[-2000:]}'
        outputs[key] = out
        assert ('[record] ' in err) == (key[1] == 'minigrad'), f'{key}: {err[-2000:]}'
    assert 'Call after zeroing gradients' in outputs['autogradqs', 'minigrad']
    for name in ('autogradqs', 'buildmodel')[:1 + (minigrad.cuda.is_available() == torch.cuda.is_available())]:
        text = {lib: re.sub(r' at 0x[0-9a-f]+', '', outputs[name, lib].replace('minigrad.Size', 'torch.Size'))
                for lib in ('minigrad', 'torch')}
        assert text['minigrad'].split('\n') == text['torch'].split('\n'), name
    usage = subprocess.run([sys.executable, '-m', 'reference.beginner.quickstart', '--help'], cwd=root, env=env,
                           capture_output=True, text=True, timeout=120)
    assert usage.returncode == 0 and '--library {minigrad,torch}' in usage.stdout and 'Quickstart' in usage.stdout


def test_a_learning_rate_off_by_1e_6_is_caught(monkeypatch):
    """The comparison is tight enough to see minigrad's SGD step with lr * (1 + 1e-6) (float64)."""
    step = minigrad.optim.SGD.__init__

    def off(self, params, lr=1e-3, *args, **kwargs):
        step(self, params, lr * (1 + 1e-6), *args, **kwargs)
    monkeypatch.setattr(minigrad.optim.SGD, '__init__', off)
    with pytest.raises(AssertionError, match='loss|trained'):
        checked('optimization', 'float64')


@pytest.mark.parametrize('name', ['quickstart', 'nn_tutorial'])
def test_on_the_gpu_path(name, monkeypatch):
    """With tests/strict_backend.py as cupy (a GPU's arrays, which numpy cannot see into), the tutorials' device
    lines pick "cuda" in minigrad: the same values as torch's on the CPU (float64)."""
    import strict_backend
    strict_backend.install(monkeypatch)
    assert minigrad.cuda.is_available()
    checked(name, 'float64')
