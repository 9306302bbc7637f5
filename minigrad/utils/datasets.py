"""CIFAR10, FashionMNIST and MNIST read from their standard files on disk, never downloaded, as the torchvision
datasets of the same names (and from the folders torchvision unpacks them to).

A sample is (image, label): the image a uint8 numpy array, (32, 32, 3) for CIFAR-10 and (28, 28) for
(Fashion)MNIST, where torchvision gives a PIL image; torchvision's `transforms.ToTensor()` accepts either.
"""
import gzip
import os
import pickle

import numpy

from ..factories import from_numpy
from .data import Dataset

try:   # what pickled numpy arrays are rebuilt with
    from numpy._core.multiarray import _reconstruct
except ImportError:   # numpy < 2
    from numpy.core.multiarray import _reconstruct


class _ImageDataset(Dataset):
    """Samples from `self.data` (images) and `self.targets` (int labels), passed through the transforms."""

    def __init__(self, root, train, transform, target_transform, download):
        if download:
            raise RuntimeError(f'{type(self).__name__}: minigrad does not download datasets; put the files '
                               f'under {root} and use download=False')
        self.root, self.train = root, train
        self.transform, self.target_transform = transform, target_transform

    def __len__(self):
        return len(self.targets)

    def __getitem__(self, index):
        image, target = numpy.asarray(self.data[index]), int(self.targets[index])
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return image, target

    def __repr__(self):
        return (f'Dataset {type(self).__name__}\n    Number of datapoints: {len(self)}\n'
                f'    Root location: {self.root}\n    Split: {"Train" if self.train else "Test"}')


def _missing(name, where):
    return FileNotFoundError(f'{name}: dataset not found. Expected {where}')


class CIFAR10(_ImageDataset):
    """CIFAR-10 from either of its downloads, unpacked under `root`: the python version that torchvision
    downloads, `cifar-10-batches-py/{data_batch_1..5,test_batch}` (pickled dicts: 'data', a (N, 3072) uint8
    array, and 'labels'), or the binary version, `cifar-10-batches-bin/{data_batch_1..5,test_batch}.bin`
    (records of 1 label byte and 3072 pixel bytes). Either way an image is the red, green and blue 32x32 planes.
    `data` is a (N, 32, 32, 3) uint8 array, `targets` a list of ints."""
    base_folder = 'cifar-10-batches-py'
    binary_folder = 'cifar-10-batches-bin'
    classes = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        super().__init__(root, train, transform, target_transform, download)
        names = [f'data_batch_{i}' for i in range(1, 6)] if train else ['test_batch']
        python, binary = (os.path.join(root, f) for f in (self.base_folder, self.binary_folder))
        if all(os.path.isfile(os.path.join(binary, f'{n}.bin')) for n in names):
            batches = [read_cifar_binary(os.path.join(binary, f'{n}.bin')) for n in names]
        elif all(os.path.isfile(os.path.join(python, n)) for n in names):
            batches = [read_cifar_pickle(os.path.join(python, n)) for n in names]
        else:
            raise _missing('CIFAR10', f'{", ".join(names)} in {python} (the python version, as torchvision '
                                      f'downloads it) or {".bin, ".join(names)}.bin in {binary} (the binary version)')
        self.targets = [label for labels, _ in batches for label in labels]
        planes = numpy.concatenate([images for _, images in batches])
        self.data = planes.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy()


def read_cifar_binary(path):
    """(labels, (N, 3072) uint8 images) from a batch of the binary version."""
    raw = numpy.fromfile(path, dtype=numpy.uint8)
    if raw.size % 3073:
        raise RuntimeError(f'CIFAR10: {path} is not a CIFAR-10 binary batch (its size is not a multiple of '
                           f'3073 bytes)')
    records = raw.reshape(-1, 3073)
    return records[:, 0].astype(numpy.int64).tolist(), records[:, 1:]


class _BatchUnpickler(pickle.Unpickler):
    """Unpickles plain values (dicts, lists, strings, numbers) and numpy arrays of them, nothing else. A pickle
    can name any importable function for loading to call; this one refuses every name but the four that a
    CIFAR-10 batch uses to rebuild its array (numpy < 2 and numpy 2 spell one of them differently)."""
    allowed = {('numpy.core.multiarray', '_reconstruct'): _reconstruct,
               ('numpy._core.multiarray', '_reconstruct'): _reconstruct,
               ('numpy', 'ndarray'): numpy.ndarray, ('numpy', 'dtype'): numpy.dtype}

    def find_class(self, module, name):
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f'{module}.{name} is not part of a CIFAR-10 batch and is never loaded')
        return self.allowed[module, name]


def read_cifar_pickle(path):
    """(labels, (N, 3072) uint8 images) from a batch of the python version (a Python 2 pickle: its strings are
    read as latin-1, as torchvision reads them)."""
    try:
        with open(path, 'rb') as f:
            batch = _BatchUnpickler(f, encoding='latin1').load()
    except Exception as e:   # a damaged or foreign pickle can fail in many ways: say which file it was
        raise RuntimeError(f'CIFAR10: {path} is not a CIFAR-10 python batch ({e})') from None
    images = batch.get('data') if isinstance(batch, dict) else None
    labels = batch.get('labels') if isinstance(batch, dict) else None
    if (not isinstance(images, numpy.ndarray) or images.dtype != numpy.uint8 or images.ndim != 2
            or images.shape[1] != 3072 or not isinstance(labels, list) or len(labels) != len(images)
            or not all(isinstance(label, int) for label in labels)):
        raise RuntimeError(f"CIFAR10: {path} is not a CIFAR-10 python batch (a dict of 'data', a (N, 3072) "
                           f"uint8 array, and 'labels', N ints)")
    return labels, images


class FashionMNIST(_ImageDataset):
    """Fashion-MNIST from its idx files, as torchvision stores them: `<root>/FashionMNIST/raw/`
    {train,t10k}-{images-idx3,labels-idx1}-ubyte, gzipped (.gz) or not. `data` is a (N, 28, 28) uint8 tensor,
    `targets` an int64 tensor."""
    classes = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag',
               'Ankle boot']

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        super().__init__(root, train, transform, target_transform, download)
        folder = os.path.join(root, type(self).__name__, 'raw')
        prefix = 'train' if train else 't10k'
        names = [f'{prefix}-images-idx3-ubyte', f'{prefix}-labels-idx1-ubyte']
        self.data = from_numpy(read_idx(folder, names[0], 3, type(self).__name__))
        self.targets = from_numpy(read_idx(folder, names[1], 1, type(self).__name__).astype(numpy.int64))
        if len(self.data) != len(self.targets):
            raise RuntimeError(f'{type(self).__name__}: {len(self.data)} images but {len(self.targets)} labels '
                               f'in {folder}')


def read_idx(folder, name, ndim, dataset):
    """A uint8 array from an idx file (`name` or `name.gz`): 2 zero bytes, 0x08 (uint8), the number of
    dimensions, each dimension as a big-endian int32, then the data."""
    path = os.path.join(folder, name)
    if os.path.isfile(path + '.gz'):
        path += '.gz'
    elif not os.path.isfile(path):
        raise _missing(dataset, f'{name} or {name}.gz in {folder}')
    try:
        with (gzip.open if path.endswith('.gz') else open)(path, 'rb') as f:
            raw = f.read()
    except (gzip.BadGzipFile, EOFError) as e:   # a damaged .gz
        raise RuntimeError(f'{path}: not an idx file of {ndim}-d uint8 data ({e})') from None
    if len(raw) < 4 + 4 * ndim or raw[:4] != bytes([0, 0, 8, ndim]):
        raise RuntimeError(f'{path}: not an idx file of {ndim}-d uint8 data')
    shape = tuple(int(d) for d in numpy.frombuffer(raw, dtype='>i4', count=ndim, offset=4))
    data = numpy.frombuffer(raw, dtype=numpy.uint8, offset=4 + 4 * ndim)
    if data.size != numpy.prod(shape):
        raise RuntimeError(f'{path}: holds {data.size} bytes of data, its header says {shape}')
    return data.reshape(shape).copy()


class MNIST(FashionMNIST):
    """MNIST digits, in the same idx format and layout: `<root>/MNIST/raw/`."""
    classes = ['0 - zero', '1 - one', '2 - two', '3 - three', '4 - four', '5 - five', '6 - six', '7 - seven',
               '8 - eight', '9 - nine']
