"""Timing training steps: the same thread count for PyTorch and for numpy's BLAS, medians of repeated steps."""
import time

import numpy as np
import torch
from threadpoolctl import threadpool_limits


def set_threads(n):
    """Use n threads in PyTorch and in every BLAS/OpenMP pool numpy (and so minigrad) calls into."""
    torch.set_num_threads(n)
    threadpool_limits(n)


def step_time(run, repeats=30, warmup=3):
    """Median seconds of one training step of `run` (each step ends with loss.item(), as the tutorials' loops
    do, which also waits for a GPU)."""
    for i in range(warmup):
        run.step(i)
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        run.step(i)
        times.append(time.perf_counter() - start)
    return float(np.median(times))
