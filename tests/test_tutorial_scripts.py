"""reference/train_*.py: the tutorials' own training loops on minigrad run as scripts (a few steps each)."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = {  # script: what its output ends with
    'train_cifar10': 'Accuracy of the network on the 10000 test images',
    'train_fashion_mlp': 'Done!',
    'train_lenet': 'loss after training',
    'train_two_layer_net': '',
}


def test_tutorial_scripts_run_a_few_steps():
    env = dict(os.environ, OMP_NUM_THREADS='1', OPENBLAS_NUM_THREADS='1', MKL_NUM_THREADS='1')
    procs = {name: subprocess.Popen([sys.executable, '-m', f'reference.{name}', '--steps', '3'], cwd=ROOT, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in SCRIPTS}           # all at once: most of each run is starting Python and importing
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, f'{name}:\n{out[-2000:]}\n{err[-2000:]}'
        assert SCRIPTS[name] in out, f'{name}:\n{out[-2000:]}'
        assert '3/3' in err, f'{name}: no progress bar stopping at --steps 3:\n{err[-2000:]}'


def test_steps_from_the_environment():
    env = dict(os.environ, MINIGRAD_TUTORIAL_STEPS='2')
    proc = subprocess.run([sys.executable, '-m', 'reference.train_two_layer_net'], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and '2/2' in proc.stderr, proc.stderr[-2000:]
