"""reference/train_*.py: the tutorials' own training loops on minigrad run as scripts (a few steps each), with a
command line read before anything runs: --help, --steps, and --data-root only where the script reads images."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = {  # script: what its output ends with
    'train_cifar10': 'Accuracy of the network on the 359 test images',   # the digits' real test set
    'train_fashion_mlp': 'Done!',
    'train_lenet': 'loss after training',
    'train_two_layer_net': '',
}
READS_IMAGES = ('train_cifar10', 'train_fashion_mlp')
ENV = dict(os.environ, OMP_NUM_THREADS='1', OPENBLAS_NUM_THREADS='1', MKL_NUM_THREADS='1')


def run_all(*args, env=ENV, timeout=120):
    """Every script with `args`, all at once (most of each run is starting Python and importing): name -> result."""
    procs = {name: subprocess.Popen([sys.executable, '-m', f'reference.{name}', *args], cwd=ROOT, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in SCRIPTS}
    results = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=timeout)
        results[name] = proc.returncode, out, err
    return results


def test_tutorial_scripts_run_a_few_steps():
    for name, (code, out, err) in run_all('--steps', '3').items():
        assert code == 0, f'{name}:\n{out[-2000:]}\n{err[-2000:]}'
        assert SCRIPTS[name] in out, f'{name}:\n{out[-2000:]}'
        assert '3/3' in err, f'{name}: no progress stopping at --steps 3:\n{err[-2000:]}'
        assert '0/0' not in err and '0it' not in err, f'{name}: an empty progress bar after --steps:\n{err}'
        if name == 'train_fashion_mlp':     # the epochs (each with its test loop) end with the steps
            assert out.count('Epoch') == 1 and out.count('Test Error') == 1, out


def test_help_runs_nothing_and_flags_a_script_cannot_honour_are_refused():
    for name, (code, out, err) in run_all('--help').items():
        text = ' '.join(out.split())
        assert code == 0 and text.startswith(f'usage: python -m reference.{name}'), f'{name}: {err}'
        assert ('--data-root' in text) == (name in READS_IMAGES) and 'repo root' in text, text
        description = text.split('options:')[0].split(']')[-1].strip()
        assert description.endswith('.') and 'run on minigrad' in description, description   # a whole sentence
        assert 'loss' not in out and 'data:' not in err, f'{name} ran before --help:\n{out}'
    for name, (code, out, err) in run_all('--data-root', '/nowhere').items():
        if name not in READS_IMAGES:
            assert code == 2 and 'unrecognized arguments: --data-root' in err and not out, f'{name}: {err}'
    for name, (code, out, err) in run_all('--steps', '0').items():
        assert code == 2 and 'argument --steps: must be at least 1, not 0' in err and not out, f'{name}: {err}'


def test_steps_from_the_environment():
    env = dict(os.environ, MINIGRAD_TUTORIAL_STEPS='2')
    proc = subprocess.run([sys.executable, '-m', 'reference.train_two_layer_net'], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and '2/2' in proc.stderr, proc.stderr[-2000:]


@pytest.mark.parametrize('name', ['train_cifar10', 'train_fashion_mlp', 'train_lenet', 'train_two_layer_net',
                                  'tutorial_run'])
def test_docstrings_cite_only_files_that_exist(name):
    import re
    text = (ROOT / 'reference' / f'{name}.py').read_text()
    for cited in re.findall(r'[\w/.-]+\.(?:py|md)\b', text.split('"""')[1]):
        assert (ROOT / cited).exists() or (ROOT / 'reference' / cited).exists(), f'{name} cites {cited}'
