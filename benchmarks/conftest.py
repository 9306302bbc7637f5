"""Settings of the benchmark suites:  python -m pytest benchmarks --benchmark-only [--bench-threads N]

PyTorch and numpy's BLAS get the same thread count (--bench-threads, default 1), printed in the header and kept
in every result's extra_info."""
import os

from benchmarks import timing


def pytest_addoption(parser):
    parser.addoption('--bench-threads', type=int, default=1,
                     help='threads for PyTorch and for numpy\'s BLAS in the benchmarks (default 1)')


def pytest_configure(config):
    timing.set_threads(config.getoption('bench_threads'))


def pytest_report_header(config):
    import numpy as np
    import torch
    import minigrad
    info = ', '.join(f'{k} {v}' for k, v in timing.thread_info().items())
    lines = [f'minigrad {minigrad.__version__}, torch {torch.__version__}, numpy {np.__version__}; float32; '
             f'threads: {info} (torch.set_num_threads and threadpoolctl)']
    load, cores = timing.load_average(), os.cpu_count()
    if load > 0.5:
        lines.append(f'load average {load:.1f} on {cores} cores: other processes share the CPU, so timings are noisy; '
                     'with more than one thread they can be many times slower (see README)')
    return lines


def pytest_terminal_summary(terminalreporter):
    from benchmarks import memory, test_bench_distributed, test_bench_models
    if test_bench_models.MEMORY_ROWS:
        memory.print_table(test_bench_models.MEMORY_ROWS)
    if test_bench_distributed.SPEED_ROWS:
        test_bench_distributed.print_table(test_bench_distributed.SPEED_ROWS)
