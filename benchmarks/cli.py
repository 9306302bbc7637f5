"""What the command lines of the report, benchmarks/memory.py and the tutorial scripts (reference/tutorial_run.py)
share: `positive`, argparse's type for a count, and `progress`, a long phase's progress on stderr: a tqdm bar in a
terminal; elsewhere (a log file, CI) a plain line at each tenth of the way, not a stream of carriage returns."""
import argparse
import sys
import time


def positive(text):
    """argparse's type for a count (--steps, --threads): a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f'must be at least 1, not {value}')
    return value


def progress(items, desc, total=None, unit='it'):
    """`items`, reporting how far the loop over them has come; `total` defaults to len(items)."""
    total = len(items) if total is None else total
    if sys.stderr.isatty():
        from tqdm import tqdm
        return tqdm(items, desc=desc, total=total, unit=unit, file=sys.stderr)
    return _lines(items, desc, total, unit)


def _lines(items, desc, total, unit):
    started = time.perf_counter()
    marks = {max(1, round(total * k / 10)) for k in range(1, 11)}
    done = 0
    for item in items:
        yield item
        done += 1
        if done in marks:
            print(f'{desc}: {done}/{total} {unit} ({time.perf_counter() - started:.0f} s)', file=sys.stderr,
                  flush=True)
