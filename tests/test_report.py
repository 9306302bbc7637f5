"""The parity report: end to end as a command (--quick, 20 training steps): exit code 0, the PNG and the JSON written.
Then in-process (report.main) on one small model and no speed table, so that each way to fail is cheap to reach:
a parity failure and an accuracy disagreement exit with 1, the parity table has every column it promises, and
--data-root reads both datasets or says which one is missing. Bad command lines stop before any work with
argparse's usage and exit code 2, as benchmarks.memory's and the tutorial scripts' do (test_tutorial_scripts.py)."""
import os
import json
import subprocess
import sys
from pathlib import Path

import pytest

import minigrad
from benchmarks import models, report
from test_data import write_cifar, write_fashion

ROOT = Path(__file__).resolve().parents[1]


def test_report_runs_end_to_end(tmp_path):
    out, js = tmp_path / 'out', tmp_path / 'report.json'
    proc = subprocess.run([sys.executable, '-m', 'benchmarks.report', '--steps', '20', '--quick', '--device', 'cpu',
                           '--out', str(out), '--json', str(js)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (out / 'report.png').stat().st_size > 10_000
    graph, = out.glob('lenet_graph.*')   # .svg with graphviz, else the DOT text and why
    assert graph.name in proc.stdout and graph.stat().st_size > 500
    why = 'drawn by Graphviz' if graph.suffix == '.svg' else minigrad.viz.graphviz_missing()
    assert why in proc.stdout
    result = json.loads(js.read_text())
    assert result['ok'] and result['steps'] == 20
    assert {r['model'] for r in result['rows']} >= {'cifar lenet', 'fashion mlp', 'cifar lenet [numpy by hand]'}
    assert all(r['ok'] for r in result['rows'])
    assert set(result['training']) == {'cifar lenet', 'fashion mlp'}
    assert 'gradient: rel (max|diff|, param)' in proc.stdout
    for phase in ('parity', 'speed', 'training cifar lenet', 'training fashion mlp'):   # plain lines: not a terminal
        assert f'{phase}' in proc.stderr and '\r' not in proc.stderr, proc.stderr[-2000:]
    phases = len(models.BENCHMARKED) * len(report.timing.PHASES)     # every benchmarked model's, each once
    assert f'speed: {phases}/{phases} phases' in proc.stderr and 'training fashion mlp on sklearn digits: 20/20 steps' in proc.stderr


@pytest.fixture
def small_report(tmp_path, monkeypatch):
    """report.main on the logistic example only, no speed table, no plot (the end-to-end test draws it), 2 training
    steps, the threads left as they are; returns (exit code, JSON written)."""
    monkeypatch.setattr(models, 'NAMES', ['logistic'])
    monkeypatch.setattr(models, 'GPTS', {})
    monkeypatch.setattr(models, 'NUMPY_TWINS', ())
    monkeypatch.setattr(models, 'BENCHMARKED', [])
    monkeypatch.setattr(report.timing, 'set_threads', lambda n: None)
    monkeypatch.setattr(report, 'plot', lambda *args: None)

    def run(*args):
        js = tmp_path / 'report.json'
        code = report.main(['--steps', '2', '--quick', '--device', 'cpu', '--out', str(tmp_path / 'out'),
                            '--json', str(js), *args])
        return code, json.loads(js.read_text())
    return run


def test_table_has_every_column(small_report, capsys):
    code, result = small_report()
    out = capsys.readouterr().out
    assert code == 0 and result['ok'], out
    head = next(line for line in out.splitlines() if line.startswith('model '))
    for column in ('model', 'output: rel (max|diff|)', 'gradient: rel (max|diff|, param)', 'weights: rel (max|diff|)',
                   'minigrad ms', 'torch ms', 'ratio', 'ok'):
        assert column in head, f'no {column!r} column in {head!r}'
    assert 'rel = max|minigrad - torch| / max|torch|' in out and 'weights: after 10 training steps' in out
    assert 'ok = parity: outputs, loss, every gradient and the weights within rel 1e-10 in float64' in out
    row, = result['rows']
    line = next(line for line in out.splitlines() if line.startswith('logistic'))
    assert f"{row['output_rel']:.0e} ({row['output_diff']:.1e})" in line                  # relative first
    assert f"{row['grad_rel']:.0e} ({row['grad_diff']:.1e}, {row['grad_param']})" in line  # the parameter is named
    assert row['grad_param'] in ('w', 'b')
    assert row['param_diff'] is not None and row['ms'] > 0 and row['torch_ms'] > 0
    assert row['ratio'] == pytest.approx(row['ms'] / row['torch_ms'])


def test_parity_failure_exits_with_1(small_report, capsys, monkeypatch):
    """minigrad's SGD with lr * (1 + 1e-4): a small real error that the logistic example's 10 steps show."""
    init = minigrad.optim.SGD.__init__
    monkeypatch.setattr(minigrad.optim.SGD, '__init__',
                        lambda self, params, lr, **kw: init(self, params, lr * (1 + 1e-4), **kw))
    code, result = small_report()
    out = capsys.readouterr().out
    assert code == 1 and not result['ok'] and not result['rows'][0]['ok']
    assert 'FAIL float64: output (step 1)' in out and 'PARITY FAILED' in out


def test_accuracy_disagreement_exits_with_1(small_report, capsys, monkeypatch):
    """Test accuracies 1.5 points apart (parity itself passing)."""
    monkeypatch.setattr(report, 'accuracy', lambda lib, *args: 50.0 if lib is minigrad else 51.5)
    code, result = small_report()
    out = capsys.readouterr().out
    assert code == 1 and not result['ok'] and all(r['ok'] for r in result['rows'])
    assert out.count('DIFFER > 1 point') == 2 and 'PARITY FAILED' in out
    assert "The FashionMNIST MLP keeps a ReLU after its last layer" in out   # its low accuracy is explained


@pytest.mark.parametrize('args, says', [
    (['--steps', '0'], 'argument --steps: must be at least 1, not 0'),
    (['--steps', '-5'], 'argument --steps: must be at least 1, not -5'),
    (['--steps', 'ten'], "argument --steps: invalid positive value: 'ten'"),
    (['--threads', '0'], 'argument --threads: must be at least 1, not 0'),
    (['--device', 'tpu'], "argument --device: invalid choice: 'tpu'"),
    (['--step', '10'], 'unrecognized arguments: --step 10'),      # no prefix abbreviations
    (['--quik'], 'unrecognized arguments: --quik'),
])
def test_bad_arguments_stop_before_any_work(args, says, capsys, monkeypatch):
    monkeypatch.setattr(report, 'load_images', lambda *a: pytest.fail('work started'))
    monkeypatch.setattr(report.timing, 'set_threads', lambda *a: pytest.fail('work started'))
    with pytest.raises(SystemExit) as stop:
        report.main(args)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.startswith('usage: python -m benchmarks.report') and says in err, err


def test_device_cuda_without_a_gpu_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.setattr(minigrad.cuda, 'is_available', lambda: False)
    with pytest.raises(SystemExit) as stop:
        report.main(['--device', 'cuda'])
    assert stop.value.code == 2 and 'minigrad.cuda.is_available()' in capsys.readouterr().err


def test_help_and_bad_arguments_as_commands():
    """From the repo root as README says: --help exits 0 and says what --quick leaves out; a bad argument exits 2
    with argparse's usage and nothing written."""
    for module, says in (('benchmarks.report', 'no memory table'), ('benchmarks.memory', 'fresh process')):
        proc = subprocess.run([sys.executable, '-m', module, '--help'], cwd=ROOT, capture_output=True, text=True,
                              timeout=60)
        text = ' '.join(proc.stdout.split())
        assert proc.returncode == 0 and text.startswith(f'usage: python -m {module}'), proc.stderr
        assert 'repo root' in text and says in text, text
    proc = subprocess.run([sys.executable, '-m', 'benchmarks.memory', '--bogus'], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2 and 'unrecognized arguments: --bogus' in proc.stderr


def test_speed_chart_shows_the_speed_phase(tmp_path, monkeypatch):
    """The bar chart's ratios are the speed table's step medians (not single parity steps), with a value on every
    bar, a legend entry for every colour, the line at 1.0 and an x label."""
    import matplotlib.pyplot as plt
    figures = []
    monkeypatch.setattr(plt.Figure, 'savefig', lambda fig, *a, **k: figures.append(fig))
    monkeypatch.setattr(plt, 'close', lambda fig: None)
    speed = [dict(model='cifar lenet', batch=4, phase=phase, device='cpu', ratio=r, torch_ms=2.0, numpy_ms=n)
             for phase, r, n in (('forward', 9.0, 9.0), ('step', 1.25, 1.5))]
    speed.append(dict(model='fashion mlp', batch=64, phase='step', device='cpu', ratio=0.75, torch_ms=1.0,
                      numpy_ms=None))
    training = {'m': dict(dataset='digits', losses={'torch': [1.0, 0.5], 'minigrad': [1.0, 0.5]},
                          accuracy={'torch': 50.0, 'minigrad': 50.0})}
    report.plot(training, speed, tmp_path / 'r.png')
    ax = figures[0].axes[-1]
    labels = [t.get_text() for t in ax.texts]
    assert labels == ['1.25', '0.75', '0.75'], labels          # minigrad's step ratios, then the numpy twin's 1.5/2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ['PyTorch (1.0)', 'minigrad / PyTorch',
                                                                   'numpy by hand / PyTorch']
    assert ax.get_xlabel() and ax.get_xscale() == 'linear'
    assert [t.get_text() for t in ax.get_yticklabels()] == ['cifar lenet, batch 4', 'fashion mlp, batch 64']


@pytest.mark.parametrize('missing', ['cifar', 'fashion'])
def test_data_root_without_one_dataset_says_which(tmp_path, missing, monkeypatch):
    root = tmp_path / 'data'
    if missing != 'cifar':
        write_cifar(root, 'py')
    if missing != 'fashion':
        write_fashion(root, compress=True)
    with pytest.raises(SystemExit) as stop:
        report.main(['--data-root', str(root), '--device', 'cpu', '--out', str(tmp_path / 'out')])
    message = str(stop.value.code)
    dataset, file = ('CIFAR-10', 'cifar-10-batches-py') if missing == 'cifar' else ('FashionMNIST', 'idx3-ubyte')
    assert f'cannot read {dataset} (for the ' in message and file in message, message
    assert 'Expected CIFAR-10 as torchvision unpacks it' in message and not (tmp_path / 'out').exists()


def test_data_root_with_both_datasets_trains_on_them(tmp_path, small_report, monkeypatch):
    monkeypatch.setitem(sys.modules, 'torchvision', None)   # minigrad's readers (torchvision checks real md5s)
    write_cifar(tmp_path / 'data', 'py')
    write_fashion(tmp_path / 'data', compress=True)
    code, result = small_report('--data-root', str(tmp_path / 'data'))
    assert code == 0
    assert {t['dataset'] for t in result['training'].values()} == {'CIFAR-10 (minigrad)', 'FashionMNIST (minigrad)'}
    assert [t['test_size'] for t in result['training'].values()] == [3, 3]


@pytest.mark.parametrize('lib', ['torch', 'minigrad'])
def test_two_layer_net_phases_stay_clean_and_finite(lib):
    """forward_backward called over and over (as the speed phase does) gives one call's gradients, not their sum;
    check_finite, which the suites and the report run after timing, fails on a run that diverged."""
    import numpy as np
    import torch
    from benchmarks import timing
    run = models.make('two-layer net', torch if lib == 'torch' else minigrad)
    run.forward_backward(0)
    once = run.grads()
    for _ in range(50):
        run.forward_backward(0)
    for name, g in run.grads().items():
        np.testing.assert_array_equal(g, once[name], err_msg=name)
    for i in range(20):
        run.step(i)
    timing.check_finite(run, 'two-layer net')
    with (torch if lib == 'torch' else minigrad).no_grad():
        run.params['w1'].fill_(float('inf'))
    with pytest.raises(AssertionError, match='two-layer net: the loss is nan'):
        timing.check_finite(run, 'two-layer net')


def test_interleaved_ratios_time_every_implementation():
    """benchmarks/ratios.py (README's speed table): one row per model with the step times of each implementation."""
    from benchmarks import ratios, timing
    try:
        rows = ratios.ratios(1, rounds=1, names=['two-layer'])
    finally:
        timing.set_threads(os.cpu_count())
    assert [r['model'] for r in rows] == ['two-layer net b64']
    assert all(rows[0][impl] > 0 for impl in ('torch', 'minigrad', 'numpy'))


def test_floor_times_the_two_layer_step_in_each_library():
    from benchmarks import floor
    rows = floor.floor(repeats=10)
    assert list(rows) == list(floor.SIZES)
    assert all(set(row) == {'minigrad', 'torch', 'numpy'} and all(t > 0 for t in row.values()) for row in rows.values())
