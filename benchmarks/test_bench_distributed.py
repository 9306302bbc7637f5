"""Data-parallel LeNet training speed on 1 and 2 processes (reference/ddp_lenet.py), --bench-threads BLAS threads
each (default 1):

    python -m pytest benchmarks/test_bench_distributed.py --benchmark-only [--bench-threads N]

The timed call includes starting mpiexec; the training speed itself, measured between two barriers inside
the run, is in each result's extra_info['samples_per_s']. Skipped without mpi4py and mpiexec.
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


@pytest.mark.parametrize('processes', [1, 2])
def test_ddp_lenet_samples_per_second(benchmark, request, processes):
    threads = request.config.getoption('bench_threads', default=1)
    samples_per_s = benchmark.pedantic(throughput, args=(processes, threads), kwargs={'epochs': 2}, rounds=1)
    benchmark.extra_info.update(processes=processes, threads=threads, samples_per_s=samples_per_s)
    assert samples_per_s > 0
