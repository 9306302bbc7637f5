"""The parity report: end to end as a command (--quick, 20 training steps): exit code 0, the PNG and the JSON written.
Then in-process (report.main) on one small model and no speed table, so that each way to fail is cheap to reach:
a parity failure and an accuracy disagreement exit with 1, the parity table has every column it promises, and
--data-root reads both datasets or says which one is missing."""
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
    graph = next(out.glob('lenet_graph.*'))   # .svg with graphviz, else the DOT text
    assert graph.name in proc.stdout and graph.stat().st_size > 500
    result = json.loads(js.read_text())
    assert result['ok'] and result['steps'] == 20
    assert {r['model'] for r in result['rows']} >= {'cifar lenet', 'fashion mlp', 'cifar lenet [numpy by hand]'}
    assert all(r['ok'] for r in result['rows'])
    assert set(result['training']) == {'cifar lenet', 'fashion mlp'}
    assert 'max|grad diff|' in proc.stdout


@pytest.fixture
def small_report(tmp_path, monkeypatch):
    """report.main on the logistic example only, no speed table, no plot (the end-to-end test draws it), 2 training
    steps, the threads left as they are; returns (exit code, JSON written)."""
    monkeypatch.setattr(models, 'NAMES', ['logistic'])
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
    for column in ('model', 'max|out diff|', 'max|grad diff| [rel] (param)', 'max|param diff|', 'minigrad ms',
                   'torch ms', 'ratio'):
        assert column in head, f'no {column!r} column in {head!r}'
    assert 'max|param diff|: over 10 training steps' in out
    row, = result['rows']
    assert row['grad_param'] in ('w', 'b') and f"({row['grad_param']})" in out   # the parameter is named
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
