"""Timing the phases of a training step: the same thread count for PyTorch and for numpy's BLAS, medians of
repeated calls. The benchmark suites (pytest-benchmark) and the report both time through `phase()`."""
import itertools
import math
import os
import time

import numpy as np
import torch
from threadpoolctl import threadpool_info, threadpool_limits

import minigrad

PHASES = ('forward', 'forward_backward', 'step', 'infer')   # Run methods; see benchmarks/models.py


def set_threads(n):
    """Use n threads in PyTorch and in every BLAS/OpenMP pool numpy (and so minigrad) calls into."""
    torch.set_num_threads(n)
    threadpool_limits(n)


def thread_info():
    """The thread count of PyTorch's intra-op pool and of each pool threadpoolctl sees (numpy's OpenBLAS, the
    OpenMP runtime torch ships), e.g. {'torch': 1, 'openblas': 1, 'openmp': 1}."""
    info = {'torch': torch.get_num_threads()}
    for pool in threadpool_info():
        info[pool['internal_api']] = pool['num_threads']
    return info


def load_average():
    """The 1-minute load average (0 where the OS has none): other processes' share of the CPU while timing."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0


def sync(run):
    """Wait for the GPU when `run` is on one (a no-op on the CPU)."""
    if run.device != 'cpu':
        (torch.cuda.synchronize if run.lib is torch else minigrad.cuda.synchronize)()


def phase(run, name):
    """A function of no arguments that runs phase `name` of `run` on the next of its batches, GPU work included."""
    method, batch = getattr(run, name), itertools.count()

    def call():
        method(next(batch))
        sync(run)
    return call


def median_time(fn, repeats=30, warmup=3, clock=time.perf_counter):
    """Median seconds of fn() (`clock`: time.thread_time counts the calling thread's CPU time alone)."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = clock()
        fn()
        times.append(clock() - start)
    return float(np.median(times))


def check_finite(run, what):
    """Fail when `run`'s loss on its first batch is no longer finite: a timed phase that diverged would have timed
    arithmetic on inf and nan."""
    loss = run.forward(0)[1]
    loss = float(loss.detach() if hasattr(loss, 'detach') else loss)
    if not math.isfinite(loss):
        raise AssertionError(f'{what}: the loss is {loss} after the timed calls')


def step_time(run, repeats=30, warmup=3):
    """Median seconds of one training step of `run` (each step ends with loss.item(), as the tutorials' loops
    do, which also waits for a GPU)."""
    return median_time(phase(run, 'step'), repeats, warmup)
