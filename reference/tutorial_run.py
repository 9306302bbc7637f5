"""What the tutorial scripts (reference/train_*.py) add to the tutorials' code: a progress bar, a way to stop
early, and data that needs no download.

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

from tqdm import tqdm

_options = None
_steps_done = 0


def options():
    """The script's command line: --steps and --data-root (parsed once)."""
    global _options
    if _options is None:
        main = sys.modules.get('__main__')
        p = argparse.ArgumentParser(description=(getattr(main, '__doc__', None) or '').split('\n')[0])
        p.add_argument('--steps', type=int, default=os.environ.get('MINIGRAD_TUTORIAL_STEPS'),
                       help='stop after this many training steps (default: the tutorial\'s whole loop)')
        p.add_argument('--data-root', help='a folder holding CIFAR-10 (cifar-10-batches-py/ or -bin/) or '
                                           'FashionMNIST (FashionMNIST/raw/) to train on instead of the built-in '
                                           'digits (never downloaded)')
        _options = p.parse_args()
        if _options.steps is not None:
            _options.steps = int(_options.steps)
    return _options


def progress(iterable, desc='training'):
    """`iterable` with a tqdm progress bar; with --steps N, the training stops after N items in all (over every
    epoch: later epochs then run no steps)."""
    global _steps_done
    steps = options().steps
    if steps is None:
        return tqdm(iterable, desc=desc, file=sys.stderr)
    left = max(0, steps - _steps_done)
    total = min(left, len(iterable)) if hasattr(iterable, '__len__') else left

    def counted():
        global _steps_done
        for item in itertools.islice(iterable, left):
            _steps_done += 1
            yield item
    return tqdm(counted(), desc=desc, total=total, file=sys.stderr)


def tutorial_data(model):
    """(training set, test set) as minigrad TensorDatasets for 'cifar lenet' or 'fashion mlp': the digits, or the
    real dataset from --data-root. Each sample is (image, label) as the tutorial's torchvision dataset gives."""
    import minigrad
    from benchmarks import data
    from minigrad.utils.data import TensorDataset
    x_train, y_train, x_test, y_test, name = data.load(model, options().data_root)
    print(f'data: {name}, {len(y_train)} training and {len(y_test)} test images', file=sys.stderr)
    return (TensorDataset(minigrad.from_numpy(x_train), minigrad.from_numpy(y_train)),
            TensorDataset(minigrad.from_numpy(x_test), minigrad.from_numpy(y_test)))
