"""What the beginner tutorials get instead of downloads and of each library's own random numbers, so that one
tutorial run in PyTorch and in minigrad computes the same thing:

- images: scikit-learn's 8x8 digits (benchmarks/data.py) enlarged to FashionMNIST's and MNIST's 28x28, in [0, 1],
  with labels 0-9; as TensorDatasets (what torchvision's datasets give: (image, label) pairs), in the default
  dtype (float32 unless the caller set another);
- `rand`, `randn`: the tutorials' torch.rand / torch.randn drawn from one numpy generator (`seed` restarts it);
- `Shuffled(dataset)`: DataLoader's shuffling, in an order drawn from that generator;
- `same_weights(torch, model)`: every layer with a weight matrix or kernel redrawn from that generator as
  U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (the bound of PyTorch's default Linear and Conv init); other layers
  (BatchNorm's ones and zeros) keep their deterministic init;
- `Record`: what a run computed (losses, accuracies, outputs, gradients), name by name, as numpy arrays, for the
  tests to compare across the libraries; `run` runs a tutorial in a fresh folder (the tutorials save files).
"""
import argparse
import importlib
import os
import sys
import tempfile

import numpy as np

_rng = np.random.default_rng(0)


def seed(n=0):
    """Restart the generator behind rand, randn and same_weights."""
    global _rng
    _rng = np.random.default_rng(n)


def _tensor(torch, array, **kwargs):
    return torch.tensor(array, dtype=kwargs.pop('dtype', torch.get_default_dtype()), **kwargs)


def rand(torch, *size, **kwargs):
    """torch.rand(*size, **kwargs), the numbers drawn from the shared generator."""
    return _tensor(torch, _rng.random(size), **kwargs)


def randn(torch, *size, **kwargs):
    """torch.randn(*size, **kwargs), the numbers drawn from the shared generator."""
    return _tensor(torch, _rng.standard_normal(size), **kwargs)


def same_weights(torch, model):
    """Redraw each weight matrix or kernel (and its layer's bias) of `model` from the shared generator."""
    with torch.no_grad():
        for module in model.modules():
            weight = getattr(module, 'weight', None)
            if weight is None or weight.dim() < 2:
                continue
            bound = 1 / np.sqrt(np.prod(weight.shape[1:]))
            for p in (weight, getattr(module, 'bias', None)):
                if p is not None:
                    p.copy_(_tensor(torch, _rng.uniform(-bound, bound, tuple(p.shape)), dtype=p.dtype))
    return model


def _digits(n_train, n_test):
    from benchmarks import data
    x_train, y_train, x_test, y_test = data.digits()
    return (data.digits_as_fashion(x_train[:n_train]), y_train[:n_train],
            data.digits_as_fashion(x_test[:n_test]), y_test[:n_test])


def fashion_mnist(torch, n_train=256, n_test=128):
    """(training_data, test_data) shaped as datasets.FashionMNIST(transform=ToTensor()): (1x28x28 image, label)."""
    TensorDataset = importlib.import_module(f'{torch.__name__}.utils.data').TensorDataset
    x_train, y_train, x_test, y_test = _digits(n_train, n_test)
    return (TensorDataset(_tensor(torch, x_train), torch.tensor(y_train)),
            TensorDataset(_tensor(torch, x_test), torch.tensor(y_test)))


def mnist(torch, n_train=256, n_valid=128):
    """((x_train, y_train), (x_valid, y_valid)) as numpy arrays, as the tutorial's mnist.pkl.gz holds them:
    images flattened to 784 values in [0, 1] (float32, or the default dtype where the caller set another),
    labels int64."""
    x_train, y_train, x_valid, y_valid = _digits(n_train, n_valid)
    dtype = str(torch.get_default_dtype()).split('.')[-1]
    return ((x_train.reshape(len(x_train), 784).astype(dtype), y_train),
            (x_valid.reshape(len(x_valid), 784).astype(dtype), y_valid))


class Shuffled:
    """A sampler for DataLoader(sampler=...): DataLoader(shuffle=True)'s new order every epoch, drawn from the
    shared generator, so both libraries see the batches in the same order."""

    def __init__(self, dataset):
        self.n = len(dataset)

    def __iter__(self):
        return iter(_rng.permutation(self.n).tolist())

    def __len__(self):
        return self.n


class Record:
    """Every value a tutorial run records, in order: a list of (name, value), tensors as numpy arrays."""

    def __init__(self, echo=False):
        self.items, self.echo = [], echo

    def __call__(self, name, value):
        if hasattr(value, 'detach'):
            value = value.detach().cpu().numpy().copy()  # not a view: the tensor may change later
        self.items.append((name, value))
        if self.echo:
            print(f'[record] {name}: {value}', file=sys.stderr)

    def grads(self, model, when=''):
        """Every parameter's gradient of `model`, by name."""
        for name, p in model.named_parameters():
            self(f'{when} grad {name}'.strip(), p.grad)

    def params(self, model, when=''):
        """Every parameter of `model`, by name."""
        for name, p in model.named_parameters():
            self(f'{when} {name}'.strip(), p)


def run(tutorial, torch, record=None, seed_=0):
    """Run `tutorial(torch, record)` from a fresh generator in a fresh temporary folder (for the files the
    tutorial saves); returns the record."""
    record = Record() if record is None else record
    seed(seed_)
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            tutorial(torch, record)
        finally:
            os.chdir(here)
    return record


def main(tutorial, doc):
    """The command line of each tutorial script: --library picks minigrad (the default) or torch."""
    p = argparse.ArgumentParser(description=' '.join(doc.split('\n\n')[0].split()))
    p.add_argument('--library', choices=('minigrad', 'torch'), default='minigrad',
                   help='the library the tutorial runs on (default: minigrad)')
    p.add_argument('--record', action='store_true', help='also print every recorded value (to stderr)')
    args = p.parse_args()
    run(tutorial, importlib.import_module(args.library), Record(echo=args.record))
