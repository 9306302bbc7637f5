"""minigrad.utils.data (Dataset, DataLoader, default_collate) and minigrad.utils.datasets, against
torch.utils.data where PyTorch defines the behaviour (collated types, dtypes and values, errors)."""
import collections
import gzip
import os
import pickle
import struct
import sys

import numpy as np
import pytest
import torch
import torch.utils.data as tdata

import minigrad
from helpers import Payload
from minigrad.utils import data, datasets


def assert_same_batch(got, want):
    """The same structure, with minigrad tensors where torch has tensors (same dtype, shape and values)."""
    if isinstance(want, torch.Tensor):
        assert isinstance(got, minigrad.Tensor), f'{type(got)} where torch gives a tensor'
        assert got.dtype.name == str(want.dtype).replace('torch.', '')
        np.testing.assert_array_equal(got.numpy(), want.numpy())
    elif isinstance(want, dict):
        assert type(got) is type(want) and list(got) == list(want)
        for key in want:
            assert_same_batch(got[key], want[key])
    elif isinstance(want, (list, tuple)):
        assert type(got) is type(want) and len(got) == len(want)
        for g, w in zip(got, want):
            assert_same_batch(g, w)
    else:
        assert got == want


Point = collections.namedtuple('Point', 'x y')
SAMPLES = {
    'ints': [1, 2, 3],
    'floats': [1.5, -2.0, 3.25],
    'bools': [True, False, True],
    'numpy_scalars': [np.float32(1.5), np.float32(2.0)],
    'numpy_int_scalars': [np.int16(1), np.int16(-3)],
    'numpy_arrays': [np.arange(6, dtype=np.uint8).reshape(2, 3), np.ones((2, 3), dtype=np.uint8)],
    'numpy_float64': [np.linspace(0, 1, 4), np.linspace(1, 2, 4)],
    'strings': ['a', 'bc'],
    'tuples': [(np.zeros(2, np.float32), 1), (np.ones(2, np.float32), 0)],
    'lists': [[1, 2.5], [3, 4.5]],
    'dicts': [{'image': np.zeros((2, 2)), 'label': 3, 'name': 'x'}, {'image': np.ones((2, 2)), 'label': 4,
                                                                     'name': 'y'}],
    'nested': [{'a': (1, [2.0, np.int64(3)]), 'b': {'c': True}}, {'a': (4, [5.0, np.int64(6)]), 'b': {'c': False}}],
    'namedtuple': [Point(1, 2.0), Point(3, 4.0)],
    'tuples_with_strings': [('a', 1), ('bc', 2)],
}


@pytest.mark.parametrize('name', SAMPLES)
def test_default_collate_matches_torch(name):
    batch = SAMPLES[name]
    want = tdata.default_collate(batch)
    got = data.default_collate(batch)
    if name == 'namedtuple':
        assert type(got) is Point
        got, want = list(got), list(want)
    assert_same_batch(got, want)


@pytest.mark.parametrize('name', SAMPLES)
def test_loader_without_batching_matches_torch(name):
    """batch_size=None: each sample as it is, arrays made tensors (torch's default_convert)."""
    got = list(data.DataLoader(SAMPLES[name], batch_size=None))
    want = list(tdata.DataLoader(SAMPLES[name], batch_size=None))
    assert len(data.DataLoader(SAMPLES[name], batch_size=None)) == len(want)
    assert_same_batch(got, want)


def test_collate_torch_tensors_and_minigrad_tensors():
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal((3, 4)).astype(np.float32) for _ in range(5)]
    samples = [(torch.tensor(a), i) for i, a in enumerate(arrays)]
    assert_same_batch(data.default_collate(samples), tdata.default_collate(samples))
    mine = data.default_collate([minigrad.tensor(a) for a in arrays])
    assert_same_batch(mine, tdata.default_collate([torch.tensor(a) for a in arrays]))


def test_collate_array_likes_and_errors():
    class Image:   # a PIL-like image: numpy reads it through __array_interface__
        def __init__(self, a):
            self.a = a
            self.__array_interface__ = a.__array_interface__
    imgs = [np.full((2, 2, 3), i, dtype=np.uint8) for i in range(3)]
    out = data.default_collate([Image(a) for a in imgs])
    assert out.dtype == minigrad.uint8 and out.shape == (3, 2, 2, 3)
    np.testing.assert_array_equal(out.numpy(), np.stack(imgs))
    for bad in ([object()], [np.array(['a'])], [[1, 2], [3]]):
        t_err, m_err = pytest.raises(Exception, tdata.default_collate, bad), \
            pytest.raises(Exception, data.default_collate, bad)
        assert type(m_err.value) is type(t_err.value)
        assert str(m_err.value) == str(t_err.value).replace('numpy.', '')


def make_tensor_dataset(n=10):
    x = minigrad.arange(n * 2, dtype=minigrad.float32).reshape(n, 2)
    return data.TensorDataset(x, minigrad.arange(n))


@pytest.mark.parametrize('n, batch_size, drop_last', [(10, 3, False), (10, 3, True), (9, 3, False), (9, 3, True),
                                                      (2, 5, False), (2, 5, True), (7, 1, False)])
def test_batches_len_and_drop_last_match_torch(n, batch_size, drop_last):
    ds = make_tensor_dataset(n)
    t_ds = tdata.TensorDataset(torch.arange(n * 2, dtype=torch.float32).reshape(n, 2), torch.arange(n))
    mine = data.DataLoader(ds, batch_size=batch_size, drop_last=drop_last)
    theirs = tdata.DataLoader(t_ds, batch_size=batch_size, drop_last=drop_last)
    assert len(mine) == len(theirs)
    batches = list(mine)
    assert len(batches) == len(theirs)
    for got, want in zip(batches, theirs):
        assert_same_batch(got, want)


def test_dataset_helpers():
    with pytest.raises(AssertionError, match='Size mismatch between tensors'):
        data.TensorDataset(minigrad.zeros(3), minigrad.zeros(4))
    with pytest.raises(AssertionError, match='Size mismatch between tensors'):
        tdata.TensorDataset(torch.zeros(3), torch.zeros(4))
    ds = make_tensor_dataset(10)
    sub = data.Subset(ds, [7, 2])
    assert len(sub) == 2 and sub[0][1].item() == 7 and sub[1][1].item() == 2
    both = ds + sub
    assert len(both) == 12 and both[10][1].item() == 7 and both[-1][1].item() == 2
    parts = data.random_split(ds, [0.5, 0.3, 0.2], generator=minigrad.Generator().manual_seed(0))
    assert [len(p) for p in parts] == [len(p) for p in tdata.random_split(range(10), [0.5, 0.3, 0.2])]
    assert sorted(i for p in parts for i in p.indices) == list(range(10))
    with pytest.raises(ValueError, match='Sum of input lengths'):
        data.random_split(ds, [3, 3])


def order(loader):
    return [i for _, y in loader for i in y.tolist()]


def test_shuffle_is_reproducible_and_new_each_epoch():
    ds = make_tensor_dataset(50)
    g = minigrad.Generator().manual_seed(0)
    loader = data.DataLoader(ds, batch_size=8, shuffle=True, generator=g)
    first, second = order(loader), order(loader)
    assert sorted(first) == sorted(second) == list(range(50))
    assert first != second and first != list(range(50))
    g.manual_seed(0)
    assert order(loader) == first
    minigrad.manual_seed(3)   # the default generator, when none is given
    default = data.DataLoader(ds, batch_size=8, shuffle=True)
    a = order(default)
    minigrad.manual_seed(3)
    assert order(default) == a
    with pytest.raises(ValueError, match='mutually exclusive'):
        data.DataLoader(ds, shuffle=True, sampler=range(3))
    assert order(data.DataLoader(ds, batch_size=4, sampler=[3, 1, 2])) == [3, 1, 2]


def test_custom_dataset_collate_fn_and_worker_arguments():
    class Squares(data.Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return {'x': np.full(3, i, dtype=np.float32), 'y': i * i}
    loader = data.DataLoader(Squares(), batch_size=2, num_workers=2, pin_memory=True)
    batches = list(loader)
    assert_same_batch(batches[-1], tdata.default_collate([Squares()[4]]))
    assert batches[0]['y'].tolist() == [0, 1]
    assert list(data.DataLoader(Squares(), batch_size=2, collate_fn=len)) == [2, 2, 1]


def test_torchvision_fakedata_through_minigrad_loader():
    torchvision = pytest.importorskip('torchvision', reason='torchvision is not installed: the FakeData check of '
                                                           'torch-tensor samples from a torchvision dataset is skipped')
    from torchvision import transforms
    ds = torchvision.datasets.FakeData(size=8, image_size=(3, 32, 32), transform=transforms.ToTensor())
    images, labels = next(iter(data.DataLoader(ds, batch_size=4)))
    want_images, want_labels = next(iter(tdata.DataLoader(ds, batch_size=4)))
    assert_same_batch([images, labels], [want_images, want_labels])


# -- datasets on disk: tiny files in the real formats, written by the tests --------------------------------------

def write_idx(path, array, compress):
    header = bytes([0, 0, 8, array.ndim]) + np.asarray(array.shape, dtype='>i4').tobytes()
    with (gzip.open if compress else open)(path, 'wb') as f:
        f.write(header + array.astype(np.uint8).tobytes())


@pytest.mark.parametrize('cls, compress', [(datasets.FashionMNIST, True), (datasets.FashionMNIST, False),
                                           (datasets.MNIST, False)])
def test_idx_datasets(tmp_path, cls, compress):
    raw = tmp_path / cls.__name__ / 'raw'
    raw.mkdir(parents=True)
    rng = np.random.default_rng(0)
    images = {s: rng.integers(0, 256, (n, 28, 28), dtype=np.uint8) for s, n in (('train', 5), ('t10k', 3))}
    labels = {s: rng.integers(0, 10, len(images[s])) for s in images}
    suffix = '.gz' if compress else ''
    for s in images:
        write_idx(raw / f'{s}-images-idx3-ubyte{suffix}', images[s], compress)
        write_idx(raw / f'{s}-labels-idx1-ubyte{suffix}', labels[s], compress)
    train, test = cls(str(tmp_path)), cls(tmp_path, train=False, transform=lambda a: a / 255.0)
    assert len(train) == 5 and len(test) == 3
    image, label = train[2]
    assert image.dtype == np.uint8 and image.shape == (28, 28) and label == labels['train'][2]
    np.testing.assert_array_equal(image, images['train'][2])
    np.testing.assert_allclose(test[1][0], images['t10k'][1] / 255.0)
    x, y = next(iter(data.DataLoader(train, batch_size=4)))
    assert x.dtype == minigrad.uint8 and x.shape == (4, 28, 28) and y.dtype == minigrad.int64
    assert y.tolist() == labels['train'][:4].tolist()
    (raw / f't10k-labels-idx1-ubyte{suffix}').unlink()
    with pytest.raises(FileNotFoundError, match='t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz'):
        cls(tmp_path, train=False)
    (raw / f'train-images-idx3-ubyte{suffix}').write_bytes(b'not idx')
    with pytest.raises(RuntimeError, match='not an idx file'):
        cls(tmp_path)


def test_cifar10_binary(tmp_path):
    folder = tmp_path / 'cifar-10-batches-bin'
    folder.mkdir()
    rng = np.random.default_rng(0)
    images, labels = {}, {}
    for name, n in [(f'data_batch_{i}', 2) for i in range(1, 6)] + [('test_batch', 3)]:
        images[name] = rng.integers(0, 256, (n, 3, 32, 32), dtype=np.uint8)   # channel planes, as on disk
        labels[name] = rng.integers(0, 10, n, dtype=np.uint8)
        records = np.concatenate([labels[name][:, None], images[name].reshape(n, -1)], axis=1)
        (folder / f'{name}.bin').write_bytes(records.tobytes())
    train, test = datasets.CIFAR10(tmp_path), datasets.CIFAR10(tmp_path, train=False)
    assert len(train) == 10 and len(test) == 3 and train.data.shape == (10, 32, 32, 3)
    image, label = train[3]                      # the second record of data_batch_2
    np.testing.assert_array_equal(image, images['data_batch_2'][1].transpose(1, 2, 0))
    assert label == labels['data_batch_2'][1] and isinstance(label, int)
    assert test.targets == labels['test_batch'].tolist()
    (folder / 'data_batch_4.bin').unlink()
    with pytest.raises(FileNotFoundError, match=r'data_batch_1.bin, .*, data_batch_5.bin in .*cifar-10-batches-bin'):
        datasets.CIFAR10(tmp_path)
    (folder / 'test_batch.bin').write_bytes(b'short')
    with pytest.raises(RuntimeError, match='multiple of 3073'):
        datasets.CIFAR10(tmp_path, train=False)
    with pytest.raises(RuntimeError, match='does not download'):
        datasets.CIFAR10(tmp_path, download=True)


def py2_pickle(images, labels):
    """The bytes of a batch of CIFAR-10's python version as Python 2's cPickle.dump(batch, f, 2) wrote them:
    {'data': (N, 3072) uint8 array, 'labels': [N ints]}, strings as 8-bit str, the array rebuilt by numpy.core's
    _reconstruct (opcodes: pickletools)."""
    def text(b):
        return (b'U' + bytes([len(b)]) if len(b) < 256 else b'T' + struct.pack('<i', len(b))) + b

    def int32(n):
        return b'J' + struct.pack('<i', n)
    dtype = (b'cnumpy\ndtype\n' + text(b'u1') + int32(0) + int32(1) + b'\x87R(' + int32(3) + text(b'|') + b'NNN'
             + int32(-1) + int32(-1) + int32(0) + b'tb')
    array = (b'cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\n' + int32(0) + b'\x85' + text(b'b')
             + b'\x87R(' + int32(1) + int32(len(images)) + int32(3072) + b'\x86' + dtype + b'\x89'
             + text(images.tobytes()) + b'tb')
    return (b'\x80\x02}(' + text(b'data') + array + text(b'labels') + b'](' + b''.join(map(int32, labels))
            + b'eu.')


def write_cifar(root, layout, seed=0, sizes=(2, 2, 2, 2, 2, 3)):
    """Tiny CIFAR-10 batches in `layout` ('py' or 'bin') under root; returns name -> (images as channel planes
    (N, 3, 32, 32), labels)."""
    folder = root / f'cifar-10-batches-{layout}'
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    batches = {}
    for name, n in zip([f'data_batch_{i}' for i in range(1, 6)] + ['test_batch'], sizes):
        images = rng.integers(0, 256, (n, 3, 32, 32), dtype=np.uint8)   # channel planes, as on disk
        labels = rng.integers(0, 10, n, dtype=np.uint8)
        if layout == 'bin':
            records = np.concatenate([labels[:, None], images.reshape(n, -1)], axis=1)
            (folder / f'{name}.bin').write_bytes(records.tobytes())
        else:
            (folder / name).write_bytes(py2_pickle(images.reshape(n, -1), labels.tolist()))
        batches[name] = images, labels
    if layout == 'py':   # torchvision also reads the class names (and checks every file's md5)
        (folder / 'batches.meta').write_bytes(pickle.dumps({'label_names': datasets.CIFAR10.classes}, 2))
    return batches


def test_cifar10_python_version(tmp_path):
    """The layout torchvision downloads: Python 2 pickles, read by an unpickler that builds nothing but arrays."""
    batches = write_cifar(tmp_path, 'py')
    train, test = datasets.CIFAR10(tmp_path), datasets.CIFAR10(tmp_path, train=False)
    assert len(train) == 10 and len(test) == 3 and train.data.shape == (10, 32, 32, 3)
    image, label = train[3]                      # the second image of data_batch_2
    np.testing.assert_array_equal(image, batches['data_batch_2'][0][1].transpose(1, 2, 0))
    assert label == batches['data_batch_2'][1][1] and isinstance(label, int)
    assert test.targets == batches['test_batch'][1].tolist()
    images = np.arange(3072)[None].astype(np.uint8)
    plain = pickle.loads(py2_pickle(images, [7]), encoding='latin1')   # what torchvision's pickle.load sees
    assert plain['labels'] == [7] and plain['data'].dtype == np.uint8 and np.array_equal(plain['data'], images)
    folder = tmp_path / 'cifar-10-batches-py'
    (folder / 'test_batch').write_bytes(pickle.dumps({'data': np.zeros((1, 3072)), 'labels': [0]}))   # float64
    with pytest.raises(RuntimeError, match="test_batch is not a CIFAR-10 python batch .a dict of 'data'"):
        datasets.CIFAR10(tmp_path, train=False)
    (folder / 'data_batch_3').unlink()
    with pytest.raises(FileNotFoundError, match=r'data_batch_1, .*, data_batch_5 in .*cifar-10-batches-py '
                                                r'\(the python version.* or data_batch_1.bin, .*cifar-10-batches-bin'):
        datasets.CIFAR10(tmp_path)


def test_cifar10_pickle_that_calls_a_function_is_refused(tmp_path):
    write_cifar(tmp_path, 'py')
    marker = tmp_path / 'pwned'
    (tmp_path / 'cifar-10-batches-py' / 'test_batch').write_bytes(pickle.dumps({'data': Payload(marker)}, 2))
    with pytest.raises(RuntimeError, match=r'test_batch is not a CIFAR-10 python batch \(io.open is not '
                                           r'part of a CIFAR-10 batch'):
        datasets.CIFAR10(tmp_path, train=False)
    assert not marker.exists()


# -- the report's real images (benchmarks/data.py): torchvision's classes where installed, else minigrad's -------

def write_fashion(root, compress, seed=0):
    """Tiny FashionMNIST idx files where torchvision keeps them; returns split -> (images, labels)."""
    raw = root / 'FashionMNIST' / 'raw'
    raw.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    splits = {s: (rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), rng.integers(0, 10, n, dtype=np.uint8))
              for s, n in (('train', 5), ('t10k', 3))}
    for s, (images, labels) in splits.items():
        write_idx(raw / f'{s}-images-idx3-ubyte{".gz" if compress else ""}', images, compress)
        write_idx(raw / f'{s}-labels-idx1-ubyte{".gz" if compress else ""}', labels, compress)
    return splits


def assert_report_images(root, cifar, fashion, reader):
    """data.load's arrays for both models: the tutorials' transforms applied to the files' images, their labels."""
    from benchmarks import data as report_data
    x, y, x_test, y_test, name = report_data.load('cifar lenet', root, datasets=reader)
    planes = np.concatenate([cifar[f'data_batch_{i}'][0] for i in range(1, 6)])
    library = reader.__name__.split('.')[0]
    assert x.dtype == np.float32 and x.shape == (10, 3, 32, 32) and name == f'CIFAR-10 ({library})'
    np.testing.assert_allclose(x, (planes / 255 - 0.5) / 0.5, rtol=1e-6, atol=1e-6)   # Normalize((0.5,) * 3, ...)
    assert y.tolist() == np.concatenate([cifar[f'data_batch_{i}'][1] for i in range(1, 6)]).tolist()
    assert x_test.shape == (3, 3, 32, 32) and y_test.tolist() == cifar['test_batch'][1].tolist()
    x, y, x_test, y_test, name = report_data.load('fashion mlp', root, datasets=reader)
    assert x.dtype == np.float32 and x.shape == (5, 1, 28, 28) and name == f'FashionMNIST ({library})'
    np.testing.assert_allclose(x[:, 0], fashion['train'][0] / 255, rtol=1e-6)          # ToTensor()
    assert y.tolist() == fashion['train'][1].tolist() and y_test.tolist() == fashion['t10k'][1].tolist()


@pytest.mark.parametrize('layout', ['py', 'bin'])
def test_report_reads_local_files_with_minigrad(tmp_path, layout, monkeypatch):
    """Without torchvision, data.readers() is minigrad's, which reads CIFAR-10's python (torchvision's) and
    binary layouts and FashionMNIST's idx files, gzipped or not."""
    from benchmarks import data as report_data
    monkeypatch.setitem(sys.modules, 'torchvision', None)   # `import torchvision` raises ImportError
    assert report_data.readers() is datasets
    cifar, fashion = write_cifar(tmp_path, layout), write_fashion(tmp_path, compress=layout == 'py')
    assert_report_images(tmp_path, cifar, fashion, report_data.readers())


def test_report_reads_local_files_with_torchvision(tmp_path, monkeypatch):
    """With torchvision installed, its CIFAR10 and FashionMNIST (download=False) read the files, as the tutorials
    do, into the same arrays as minigrad's readers."""
    torchvision = pytest.importorskip('torchvision', reason='torchvision is not installed: the report reads local '
                                                           'datasets with minigrad.utils.datasets (tested above)')
    from benchmarks import data as report_data
    assert report_data.readers() is torchvision.datasets
    monkeypatch.setattr(torchvision.datasets.cifar, 'check_integrity', lambda *args: True)   # tiny files: other md5s
    cifar, fashion = write_cifar(tmp_path, 'py'), write_fashion(tmp_path, compress=False)    # torchvision: raw idx
    assert_report_images(tmp_path, cifar, fashion, torchvision.datasets)
    assert_report_images(tmp_path, cifar, fashion, datasets)
