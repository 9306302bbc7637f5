"""The speed table of README: each model's training step in PyTorch, minigrad (and the numpy twin), timed in
interleaved rounds in one process, so that all of them see the same machine state; medians. In each round every
implementation runs one untimed step before its timed one, as in a training loop of its own: after PyTorch's step
its OpenMP threads spin-wait for a while on the cores (OpenBLAS's after numpy's), and the step timed right after
it would pay for that (at 2 threads minigrad's two-layer step took 3.9 ms after PyTorch's, 0.45 ms the numpy
twin's one step later).

    python -m benchmarks.ratios --threads 1 [--rounds 50] [model names ...]

At one thread the CPU time of the calling thread is timed (time.thread_time: another process on the other core
does not count); at more, the wall clock.
"""
import argparse
import os
import time

import numpy as np

from benchmarks import models, timing


def ratios(threads, rounds=50, names=()):
    """One row per benchmarked (model, batch): median step times in ms per implementation."""
    timing.set_threads(threads)
    clock = time.thread_time if threads == 1 else time.perf_counter
    rows = []
    for name, batch in models.BENCHMARKED:
        label = f'{name} b{batch or 64}'
        if names and not any(n in label for n in names):
            continue
        ref, ours = models.make_pair(name, batch_size=batch)
        steps = {'torch': timing.phase(ref, 'step'), 'minigrad': timing.phase(ours, 'step')}
        if name in models.NUMPY_TWINS:
            steps['numpy'] = timing.phase(models.make_pair(name, impl='numpy', batch_size=batch)[1], 'step')
        for step in steps.values():
            for _ in range(3):
                step()
        times = {impl: [] for impl in steps}
        for _ in range(rounds):
            for impl, step in steps.items():
                step()          # untimed: the other library's thread pool, still spinning, settles here
                start = clock()
                step()
                times[impl].append(clock() - start)
        rows.append(dict(model=label, load=os.getloadavg()[0],
                         **{impl: float(np.median(t)) * 1e3 for impl, t in times.items()}))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--rounds', type=int, default=50)
    parser.add_argument('names', nargs='*', help='only the models whose label contains one of these')
    args = parser.parse_args()
    timing.set_threads(args.threads)
    print(f'threads: {timing.thread_info()}; OPENBLAS_CORETYPE={os.environ.get("OPENBLAS_CORETYPE")}')
    for row in ratios(args.threads, args.rounds, args.names):
        numpy_part = (f"  numpy {row['numpy']:7.2f} ms (minigrad / numpy {row['minigrad'] / row['numpy']:.2f})"
                      if 'numpy' in row else '')
        print(f"{row['model']:22s} torch {row['torch']:7.2f} ms  minigrad {row['minigrad']:7.2f} ms  "
              f"minigrad / torch {row['minigrad'] / row['torch']:.2f}{numpy_part}  load {row['load']:.2f}")


if __name__ == '__main__':
    main()
