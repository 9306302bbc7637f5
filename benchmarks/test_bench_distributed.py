"""Data-parallel LeNet training speed on 1 and 2 processes (reference/ddp_lenet.py), --bench-threads BLAS threads
each (default 1):

    python -m pytest benchmarks/test_bench_distributed.py --benchmark-only [--bench-threads N]

The timed call includes starting mpiexec; the training speed itself, measured between two barriers inside
the run, is in each result's extra_info['samples_per_s'] and in a table printed after the run (conftest.py).
Skipped without mpi4py and mpiexec.
"""
import importlib.util
import os
import shutil
import sys

import pytest

from reference.ddp_lenet import throughput

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec('mpi4py') is None or shutil.which(
        'mpiexec', path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', '')) is None,
    reason="needs mpi4py and mpiexec: pip install -e '.[distributed]'")


SPEED_ROWS = []   # (processes, threads, samples/s), printed after the run by conftest.py


@pytest.mark.parametrize('processes', [1, 2])
def test_ddp_lenet_samples_per_second(benchmark, request, processes):
    threads = request.config.getoption('bench_threads', default=1)
    samples_per_s = benchmark.pedantic(throughput, args=(processes, threads), kwargs={'epochs': 2}, rounds=1)
    benchmark.extra_info.update(processes=processes, threads=threads, samples_per_s=samples_per_s)
    SPEED_ROWS.append((processes, threads, samples_per_s))
    assert samples_per_s > 0


def print_table(rows):
    print('\nData-parallel LeNet training speed (reference/ddp_lenet.py; samples/s between two barriers, without '
          "mpiexec's start)\n  processes  threads each  samples/s  x 1 process")
    one = {threads: speed for processes, threads, speed in rows if processes == 1}
    for processes, threads, speed in rows:
        ratio = f'{speed / one[threads]:13.2f}' if threads in one and processes != 1 else ''
        print(f'  {processes:9d}  {threads:12d}  {speed:9.1f}{ratio}')
