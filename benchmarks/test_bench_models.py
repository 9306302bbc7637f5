"""Speed of every tutorial model in minigrad, PyTorch and the hand-written numpy twin, side by side:

    python -m pytest benchmarks --benchmark-only [--bench-threads 2] [--benchmark-autosave]
    python -m pytest benchmarks --benchmark-only --benchmark-compare      # against the last saved run

One group per model, batch size, phase and device; in it one benchmark per implementation. Phases (see
benchmarks/models.py): forward (output and loss, graph recorded), forward_backward (zero_grad, forward, backward),
step (that, the optimizer step and loss.item()) and infer (the output under no_grad). float32, from the same
initial weights and inputs. The CUDA cases skip without a GPU for both libraries.
"""
import numpy as np
import pytest
import torch

import minigrad
from benchmarks import models, timing

GPU = minigrad.cuda.is_available() and torch.cuda.is_available()
DEVICES = ['cpu', pytest.param('cuda', marks=pytest.mark.skipif(
    not GPU, reason='needs CUDA: minigrad.cuda.is_available() and torch.cuda.is_available()'))]
LIBS = {'minigrad': minigrad, 'torch': torch, 'numpy': np}


def label(name, batch):
    return f"{name.replace(' ', '-')}-b{batch or 64}"


@pytest.mark.parametrize('impl', list(LIBS))
@pytest.mark.parametrize('device', DEVICES)
@pytest.mark.parametrize('phase', timing.PHASES)
@pytest.mark.parametrize('name,batch', models.BENCHMARKED, ids=[label(n, b) for n, b in models.BENCHMARKED])
def test_model(benchmark, name, batch, phase, device, impl):
    if impl == 'numpy' and (name not in models.NUMPY_TWINS or device != 'cpu'):
        pytest.skip('no hand-written numpy twin of this model' if device == 'cpu' else 'numpy runs on the CPU')
    # a fresh run for each phase, so that each starts from the same clean state (PyTorch's weights for seed 0)
    run = models.make(name, LIBS[impl], 'float32', device, batch_size=batch)
    benchmark.group = f'{label(name, batch)} {phase} {device}'
    benchmark.extra_info.update(model=name, batch=batch or 64, phase=phase, device=device, impl=impl,
                                dtype='float32', threads=timing.thread_info(), load_average=timing.load_average())
    fn = timing.phase(run, phase)
    for _ in range(3):      # warm-up: first-call costs (buffer allocation, momentum buffers) are not timed
        fn()
    benchmark(fn)
    timing.check_finite(run, f'{label(name, batch)} {phase} in {impl}')


MEMORY_ROWS = []   # printed after the run by conftest.py


@pytest.mark.parametrize('name,batch', models.BENCHMARKED, ids=[label(n, b) for n, b in models.BENCHMARKED])
def test_step_peak_memory(benchmark, name, batch):
    """Peak extra memory of one training step in each implementation, each in a fresh process (benchmarks/memory.py
    says how); the numbers are in extra_info and in the table after the run; the time is the measurement's."""
    from benchmarks import memory
    benchmark.group = 'peak memory of a training step (see the table below; times are not the model\'s)'
    rows = benchmark.pedantic(memory.table, args=([(name, batch)],), rounds=1, iterations=1)
    benchmark.extra_info['peak_memory'] = rows
    MEMORY_ROWS.extend(rows)
