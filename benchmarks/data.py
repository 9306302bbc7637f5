"""The real images the report trains on, as numpy arrays: scikit-learn's 8x8 handwritten digits (they ship in its
wheel: nothing to fetch), enlarged to the tutorials' input sizes; or CIFAR-10 / FashionMNIST read from a local
copy (download=False) by torchvision's dataset classes, as the tutorials read them, or where torchvision is not
installed by minigrad's (minigrad.utils.datasets), which read the same files."""
import numpy as np

DATASETS = {'cifar lenet': 'CIFAR-10', 'fashion mlp': 'FashionMNIST'}   # the real images of each trained model
LAYOUT = ('CIFAR-10 as torchvision unpacks it, cifar-10-batches-py/ (or the binary version, cifar-10-batches-bin/), '
          'and FashionMNIST as FashionMNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]')


def digits(seed=0, test_fraction=0.2):
    """(x_train, y_train, x_test, y_test) of the 1797 digits: images in [0, 1], shape (N, 8, 8)."""
    from sklearn.datasets import load_digits
    d = load_digits()
    order = np.random.default_rng(seed).permutation(len(d.target))
    x, y = (d.images[order] / 16.0).astype(np.float32), d.target[order].astype(np.int64)
    n_test = int(len(y) * test_fraction)
    return x[n_test:], y[n_test:], x[:n_test], y[:n_test]


def digits_as_cifar(x):
    """8x8 -> 3x32x32: each pixel becomes a 4x4 block, copied to the 3 colour channels, normalized to [-1, 1]
    as the tutorial's transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)) does."""
    big = np.kron(x, np.ones((4, 4), np.float32))
    return np.repeat((big[:, None] - 0.5) / 0.5, 3, axis=1)


def digits_as_fashion(x):
    """8x8 -> 1x28x28: each pixel becomes a 3x3 block (24x24), with a 2-pixel border, values in [0, 1] as
    transforms.ToTensor() gives."""
    big = np.kron(x, np.ones((3, 3), np.float32))
    return np.pad(big, ((0, 0), (2, 2), (2, 2)))[:, None]


def readers():
    """torchvision.datasets where torchvision is installed, else minigrad.utils.datasets."""
    try:
        from torchvision import datasets
    except ImportError:
        from minigrad.utils import datasets
    return datasets


def load(model, data_root=None, max_test=2000, datasets=None):
    """(x_train, y_train, x_test, y_test, dataset name) for 'cifar lenet' or 'fashion mlp'; the images of
    `data_root` are read by `datasets` (a module with CIFAR10 and FashionMNIST classes; default: readers())."""
    if data_root is None:
        xtr, ytr, xte, yte = digits()
        enlarge = digits_as_cifar if model == 'cifar lenet' else digits_as_fashion
        return enlarge(xtr), ytr, enlarge(xte), yte, 'sklearn digits'
    datasets = datasets or readers()
    if model == 'cifar lenet':
        train, test = (datasets.CIFAR10(data_root, train=t, download=False) for t in (True, False))
        prep = lambda a: ((np.asarray(a, np.float32).transpose(0, 3, 1, 2) / 255 - 0.5) / 0.5)  # noqa: E731
    else:
        train, test = (datasets.FashionMNIST(data_root, train=t, download=False) for t in (True, False))
        prep = lambda a: np.asarray(a.numpy() if hasattr(a, 'numpy') else a, np.float32)[:, None] / 255  # noqa: E731
    as_labels = lambda t: np.asarray(t.numpy() if hasattr(t, 'numpy') else t, np.int64)  # noqa: E731
    images = lambda a: np.ascontiguousarray(prep(a), np.float32)  # noqa: E731
    return (images(train.data), as_labels(train.targets), images(test.data[:max_test]),
            as_labels(test.targets)[:max_test], f'{DATASETS[model]} ({datasets.__name__.split(".")[0]})')
