"""Peak memory of one training step, minigrad vs PyTorch (and the numpy twins), each in a fresh process.

    python -m benchmarks.memory                      # the table for every benchmarked model (from the repo root)
    measure('cifar lenet', 'minigrad', 64)           # {'rss_mb': ..., 'tracemalloc_mb': ...}

Method (the same for every library): Linux's peak resident-set counter (VmHWM in /proc/self/status) is reset by
writing 5 to /proc/self/clear_refs after three warm-up steps and zero_grad (set_to_none); one step runs; `rss_mb` =
VmHWM after the step - VmRSS before it: what a step needs on top of the weights and the optimizer state, gradients
included (the numpy twins keep their gradients between steps, so theirs are not in their figure). glibc's
malloc is told to map every block over 64 KiB afresh and unmap it when freed (MALLOC_MMAP_THRESHOLD_), so memory
freed by the warm-up steps cannot hide a step's peak. torch's CPU allocator is not seen by tracemalloc, which is
why RSS is the comparison; for minigrad and numpy `tracemalloc_mb` (numpy reports its buffers to tracemalloc) is
the peak of the arrays alone, a check on the RSS figure.
"""
import json
import os
import subprocess
import sys

MMAP_THRESHOLD = 64 * 1024


def _status_kb(field):
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(field + ':'):
                return int(line.split()[1])
    raise KeyError(field)


def _measure_here(name, impl, batch):
    import tracemalloc
    from . import models, timing
    timing.set_threads(1)
    run = models.make_pair(name, 'float32', 'cpu', impl=impl, batch_size=batch)[1 if impl != 'torch' else 0]
    for i in range(3):
        run.step(i)
    if impl != 'numpy':
        for p in run.params.values():
            p.grad = None                           # optimizer.zero_grad(): the step's gradients count too
    with open('/proc/self/clear_refs', 'w') as f:
        f.write('5')                                # reset VmHWM to the current RSS
    before = _status_kb('VmRSS')
    run.step(3)
    rss = (_status_kb('VmHWM') - before) / 1024
    traced = None
    if impl != 'torch':
        for p in run.params.values():
            if impl != 'numpy':
                p.grad = None
        tracemalloc.start()
        run.step(4)
        traced = tracemalloc.get_traced_memory()[1] / 2 ** 20
        tracemalloc.stop()
    return dict(model=name, impl=impl, batch=batch, rss_mb=rss, tracemalloc_mb=traced)


def measure(name, impl, batch=None):
    """Peak extra memory (MiB) of one training step of model `name` in `impl` (minigrad, torch or numpy),
    measured in a new Python process."""
    env = dict(os.environ, MALLOC_MMAP_THRESHOLD_=str(MMAP_THRESHOLD))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env['PYTHONPATH'] = root + os.pathsep + env.get('PYTHONPATH', '')
    out = subprocess.run([sys.executable, '-m', 'benchmarks.memory', '--one', name, impl, str(batch or 0)],
                         env=env, cwd=root, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(cases):
    """measure() for each (model, batch) in minigrad, torch and the numpy twin where there is one."""
    from .models import NUMPY_TWINS
    from .cli import progress
    runs = [(name, impl, batch) for name, batch in cases for impl in ('minigrad', 'torch', 'numpy')
            if impl != 'numpy' or name in NUMPY_TWINS]
    return [measure(name, impl, batch) for name, impl, batch in progress(runs, 'memory', unit='processes')]


def print_table(rows):
    print('\nPeak extra memory of one training step (MiB; RSS high-water mark over the resident memory before the '
          'step, fresh process each; tracemalloc: numpy arrays only)')
    torch_rss = {(r['model'], r['batch']): r['rss_mb'] for r in rows if r['impl'] == 'torch'}
    for r in rows:
        ref = torch_rss.get((r['model'], r['batch']))
        ratio = f"{r['rss_mb'] / ref:6.2f}" if ref and r['impl'] != 'torch' else '      '
        traced = '' if r['tracemalloc_mb'] is None else f"  tracemalloc {r['tracemalloc_mb']:7.2f}"
        print(f"  {r['model']:15s} batch {r['batch'] or '-':>4} {r['impl']:9s} rss {r['rss_mb']:7.2f}  "
              f"x torch {ratio}{traced}")


def main(argv=None):
    import argparse
    p = argparse.ArgumentParser(prog='python -m benchmarks.memory', allow_abbrev=False,
                                description=__doc__.split('\n\n')[0].replace('\n', ' '),
                                epilog='Run it from the repo root (benchmarks/ is not installed with minigrad).')
    p.add_argument('--one', nargs=3, metavar=('MODEL', 'IMPL', 'BATCH'), help=argparse.SUPPRESS)  # measure()'s child
    args = p.parse_args(argv)
    if args.one:
        name, impl, batch = args.one
        print(json.dumps(_measure_here(name, impl, int(batch) or None)))
    else:
        from .models import BENCHMARKED
        print_table(table(BENCHMARKED))


if __name__ == '__main__':
    main()
