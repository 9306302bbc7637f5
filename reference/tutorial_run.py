"""What the tutorial scripts (reference/train_*.py) add to the tutorials' code: a command line (--help, --steps,
--data-root where the script reads images), a progress bar, a way to stop early, and data that needs no download.

    python -m reference.train_cifar10                      # the whole loop, on built-in data
    python -m reference.train_cifar10 --steps 20           # stop after 20 training steps
    python -m reference.train_cifar10 --data-root ~/data   # on a local CIFAR-10 instead

The built-in data are scikit-learn's 8x8 handwritten digits (they ship with scikit-learn), enlarged to the
tutorial's image size by benchmarks/data.py: 3x32x32 in [-1, 1] for CIFAR-10, 1x28x28 in [0, 1] for FashionMNIST.
The environment variable MINIGRAD_TUTORIAL_STEPS does what --steps does.
"""
import argparse
import itertools
import os
import sys

from benchmarks.cli import positive, progress as _progress

_options = argparse.Namespace(steps=None, data_root=None)   # until command_line() reads the script's own
_steps_done = 0


def command_line(doc, data=False):
    """Parse the script's command line before any of the tutorial runs: --help, --steps N, and --data-root for
    the scripts that read images (`data`); anything else is refused with the usage message (exit code 2).
    `doc` is the script's docstring: its first paragraph is the description."""
    global _options
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    p = argparse.ArgumentParser(
        prog=f'python -m reference.{name}', allow_abbrev=False, description=' '.join(doc.split('\n\n')[0].split()),
        epilog='Run it from the repo root: reference/ and benchmarks/ are not installed with minigrad. '
               'MINIGRAD_TUTORIAL_STEPS in the environment does what --steps does.')
    p.add_argument('--steps', type=positive, default=os.environ.get('MINIGRAD_TUTORIAL_STEPS'),
                   help='stop after this many training steps in all (default: the tutorial\'s whole loop)')
    if data:
        p.add_argument('--data-root', help='a folder holding CIFAR-10 (cifar-10-batches-py/ or -bin/) or '
                                           'FashionMNIST (FashionMNIST/raw/) to train on instead of the built-in '
                                           'digits (never downloaded)')
    _options = p.parse_args(namespace=argparse.Namespace(data_root=None))
    return _options


def steps_left():
    """How many training steps --steps still allows (None: no limit)."""
    return None if _options.steps is None else max(0, _options.steps - _steps_done)


def progress(iterable, desc='training'):
    """`iterable` with a progress bar (benchmarks/cli.py); with --steps N, the training stops after N items in
    all, over every epoch."""
    left = steps_left()
    if left is None:
        return _progress(iterable, desc)
    total = min(left, len(iterable)) if hasattr(iterable, '__len__') else left

    def counted():
        global _steps_done
        for item in itertools.islice(iterable, left):
            _steps_done += 1
            yield item
    return _progress(counted(), desc, total=total)


def until_steps(epochs):
    """The tutorial's loop over epochs, which ends once --steps steps have run: no empty epochs after them."""
    for epoch in epochs:
        if steps_left() == 0:
            return
        yield epoch


def tutorial_data(model):
    """(training set, test set) as minigrad TensorDatasets for 'cifar lenet' or 'fashion mlp': the digits, or the
    real dataset from --data-root. Each sample is (image, label) as the tutorial's torchvision dataset gives."""
    import minigrad
    from benchmarks import data
    from minigrad.utils.data import TensorDataset
    x_train, y_train, x_test, y_test, name = data.load(model, _options.data_root, max_test=None)
    print(f'data: {name}, {len(y_train)} training and {len(y_test)} test images', file=sys.stderr)
    return (TensorDataset(minigrad.from_numpy(x_train), minigrad.from_numpy(y_train)),
            TensorDataset(minigrad.from_numpy(x_test), minigrad.from_numpy(y_test)))
