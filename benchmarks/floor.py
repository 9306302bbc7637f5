"""Where the small models' step time goes: the two-layer net's step at the tutorial's sizes and with every
dimension 2 (where the kernels cost nothing and the step is its Python: the graph, dispatch, the engine), in
minigrad, PyTorch and the hand-written numpy twin; medians of the calling thread's CPU time, one thread.

    python -m benchmarks.floor [--repeats 400]
"""
import argparse
import time

import numpy as np
import torch

import minigrad
from benchmarks import timing
from reference import two_layer_net as net

SIZES = {'every dimension 2': (2, 2, 2, 2), 'the tutorial (64, 1000, 100, 10)': (net.N, net.D_in, net.H, net.D_out)}


def step_of(lib, n, d_in, h, d_out):
    """One training step of the two-layer net in `lib` (minigrad, torch, or numpy by hand) on random data."""
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((n, d_in), 'f4'), rng.standard_normal((n, d_out), 'f4')
    w1, w2 = rng.standard_normal((d_in, h), 'f4'), rng.standard_normal((h, d_out), 'f4')
    if lib is np:
        return lambda: net.numpy_step(x, y, w1, w2)
    x, y = lib.tensor(x), lib.tensor(y)
    w1, w2 = lib.tensor(w1, requires_grad=True), lib.tensor(w2, requires_grad=True)
    return lambda: net.autograd_step(lib, x, y, w1, w2)[1].item()


def floor(repeats=400):
    """{sizes label: {'minigrad' | 'torch' | 'numpy': median us per step}} at one thread."""
    timing.set_threads(1)
    return {label: {lib.__name__: 1e6 * timing.median_time(step_of(lib, *dims), repeats, repeats // 10,
                                                           clock=time.thread_time)
                    for lib in (minigrad, torch, np)} for label, dims in SIZES.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--repeats', type=int, default=400)
    args = parser.parse_args()
    for label, row in floor(args.repeats).items():
        print(f"{label:34s} minigrad {row['minigrad']:7.1f} us  torch {row['torch']:7.1f} us  "
              f"numpy {row['numpy']:7.1f} us")


if __name__ == '__main__':
    main()
