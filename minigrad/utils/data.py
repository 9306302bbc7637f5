"""Dataset, TensorDataset, Subset, random_split, samplers and DataLoader, as torch.utils.data.

A Dataset gives one sample per index; a DataLoader draws indices (in order, or shuffled by minigrad's seeded
generator), fetches the samples and `default_collate`s each batch into minigrad tensors on the CPU.
"""
import collections.abc
import math
import numbers

import numpy

from .. import random
from ..tensor import Tensor


class Dataset:
    """A map-style dataset: subclasses define `__getitem__(index)` and `__len__()`."""

    def __getitem__(self, index):
        raise NotImplementedError

    def __add__(self, other):
        return ConcatDataset([self, other])


class TensorDataset(Dataset):
    """Samples are the index-th rows of the given tensors: dataset[i] == (x[i], y[i])."""

    def __init__(self, *tensors):
        if any(t.size(0) != tensors[0].size(0) for t in tensors):
            raise AssertionError('Size mismatch between tensors')
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)


class Subset(Dataset):
    """The samples of `dataset` at the given indices, in that order."""

    def __init__(self, dataset, indices):
        self.dataset, self.indices = dataset, indices

    def __getitem__(self, index):
        return self.dataset[self.indices[index]]

    def __len__(self):
        return len(self.indices)


class ConcatDataset(Dataset):
    """The samples of several datasets, one after the other."""

    def __init__(self, datasets):
        self.datasets = list(datasets)
        self.cumulative_sizes = list(numpy.cumsum([len(d) for d in self.datasets]))

    def __len__(self):
        return int(self.cumulative_sizes[-1]) if self.datasets else 0

    def __getitem__(self, index):
        if index < 0:
            index += len(self)
        which = int(numpy.searchsorted(self.cumulative_sizes, index, side='right'))
        start = int(self.cumulative_sizes[which - 1]) if which else 0
        return self.datasets[which][index - start]


def random_split(dataset, lengths, generator=None):
    """Split `dataset` into non-overlapping random Subsets of the given lengths (or fractions summing to 1)."""
    n = len(dataset)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        lengths = [int(math.floor(n * frac)) for frac in lengths]
        for i in range(n - sum(lengths)):   # hand out the remainder round-robin, as PyTorch does
            lengths[i % len(lengths)] += 1
    if sum(lengths) != n:
        raise ValueError('Sum of input lengths does not equal the length of the input dataset!')
    order = random.permutation(n, generator).tolist()
    subsets, start = [], 0
    for length in lengths:
        subsets.append(Subset(dataset, order[start:start + length]))
        start += length
    return subsets


class SequentialSampler:
    """Indices 0, 1, ..., len(data_source) - 1."""

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler:
    """A new random order of the indices each time it is iterated (each epoch), drawn from `generator`
    (default: minigrad's default generator, seeded by minigrad.manual_seed)."""

    def __init__(self, data_source, generator=None):
        self.data_source, self.generator = data_source, generator

    def __iter__(self):
        return iter(random.permutation(len(self.data_source), self.generator).tolist())

    def __len__(self):
        return len(self.data_source)


class DistributedSampler:
    """This rank's share of the indices when `num_replicas` processes train together (DistributedDataParallel).

    Each epoch the indices are shuffled by seed + epoch (the same order on every rank: call set_epoch(epoch)
    before each epoch), padded by repeating them from the start until they split evenly (or, with drop_last,
    cut), and dealt out round robin: rank r gets indices[r], indices[r + num_replicas], ... as in PyTorch.
    num_replicas and rank default to minigrad.distributed's world size and rank.
    """

    def __init__(self, dataset, num_replicas=None, rank=None, shuffle=True, seed=0, drop_last=False):
        from .. import distributed
        num_replicas = distributed.get_world_size() if num_replicas is None else num_replicas
        rank = distributed.get_rank() if rank is None else rank
        if rank >= num_replicas or rank < 0:
            raise ValueError(f'Invalid rank {rank}, rank should be in the interval [0, {num_replicas - 1}]')
        self.dataset, self.num_replicas, self.rank = dataset, num_replicas, rank
        self.shuffle, self.seed, self.drop_last, self.epoch = shuffle, seed, drop_last, 0
        if drop_last and len(dataset) % num_replicas != 0:
            self.num_samples = math.ceil((len(dataset) - num_replicas) / num_replicas)
        else:
            self.num_samples = math.ceil(len(dataset) / num_replicas)
        self.total_size = self.num_samples * num_replicas

    def __iter__(self):
        n = len(self.dataset)
        if self.shuffle:
            indices = random.permutation(n, random.Generator().manual_seed(self.seed + self.epoch)).tolist()
        else:
            indices = list(range(n))
        indices = (indices * math.ceil(self.total_size / max(n, 1)))[:self.total_size]  # pad or cut
        return iter(indices[self.rank:self.total_size:self.num_replicas])

    def __len__(self):
        return self.num_samples

    def set_epoch(self, epoch):
        """Shuffle differently in each epoch (with the same order on every rank)."""
        self.epoch = epoch


class DataLoader:
    """Batches of samples from `dataset`: `for x, y in DataLoader(ds, batch_size=64, shuffle=True)`.

    The samples are loaded in the main process: `num_workers` and `pin_memory` are accepted so that PyTorch code
    runs unchanged, and ignored. Batches are on the CPU; move them with `.to(device)`.
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, sampler=None, num_workers=0, collate_fn=None,
                 pin_memory=False, drop_last=False, generator=None, **ignored):
        if sampler is not None and shuffle:
            raise ValueError('sampler option is mutually exclusive with shuffle')
        if batch_size is not None and (not isinstance(batch_size, int) or batch_size <= 0):
            raise ValueError(f'batch_size should be a positive integer value, but got batch_size={batch_size}')
        self.dataset, self.batch_size, self.drop_last = dataset, batch_size, drop_last
        self.num_workers, self.pin_memory, self.generator = num_workers, pin_memory, generator
        self.collate_fn = collate_fn or (default_collate if batch_size is not None else default_convert)
        if sampler is None:
            sampler = RandomSampler(dataset, generator) if shuffle else SequentialSampler(dataset)
        self.sampler = sampler

    def __iter__(self):
        if self.batch_size is None:     # no batching: each sample, its arrays made tensors
            yield from (self.collate_fn(self.dataset[index]) for index in self.sampler)
            return
        batch = []
        for index in self.sampler:
            batch.append(self.dataset[index])
            if len(batch) == self.batch_size:
                yield self.collate_fn(batch)
                batch = []
        if batch and not self.drop_last:
            yield self.collate_fn(batch)

    def __len__(self):
        n = len(self.sampler)
        if self.batch_size is None:
            return n
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)


def default_collate(batch):
    """Stack a list of samples into a batch, as torch's default_collate does, with minigrad tensors:

        tensors, numpy arrays, torch tensors, PIL images  ->  one tensor with a new first dim
        Python floats -> float64, ints -> int64, bools -> bool; numpy scalars keep their dtype
        str, bytes                                        ->  the batch unchanged (a field of tuples: a tuple)
        dicts, tuples, lists, namedtuples                 ->  the same structure, each field collated
    """
    elem = batch[0]
    if isinstance(elem, Tensor):
        from ..functions.shape import stack
        return stack(batch)
    if _is_array_like(elem):
        arrays = [_to_numpy(b) for b in batch]
        if arrays[0].dtype.kind in 'OSUV':
            raise TypeError(_ERROR.format(arrays[0].dtype))
        return Tensor._make(numpy.stack(arrays))
    if isinstance(elem, (bool, numpy.bool_, numpy.number)):
        return Tensor._make(numpy.asarray(batch))
    if isinstance(elem, numbers.Integral):
        return Tensor._make(numpy.asarray(batch, dtype=numpy.int64))
    if isinstance(elem, float):
        return Tensor._make(numpy.asarray(batch, dtype=numpy.float64))
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        return type(elem)({key: default_collate([d[key] for d in batch]) for key in elem})
    if isinstance(elem, tuple) and hasattr(elem, '_fields'):   # a namedtuple
        return type(elem)(*(default_collate(samples) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        if any(len(b) != len(elem) for b in batch):
            raise RuntimeError('each element in list of batch should be of equal size')
        return [default_collate(samples) for samples in zip(*batch)]   # strings stay as the tuple, as in torch
    raise TypeError(_ERROR.format(type(elem)))


def default_convert(sample):
    """What DataLoader(batch_size=None) does to each sample, as torch's default_convert: numpy arrays (and torch
    tensors) become tensors, in the same structure (a tuple becomes a list); numbers and strings stay as they are."""
    if isinstance(sample, Tensor) or isinstance(sample, (str, bytes)):
        return sample
    if _is_array_like(sample) and _to_numpy(sample).dtype.kind not in 'OSUV':
        return Tensor._make(_to_numpy(sample))
    if isinstance(sample, collections.abc.Mapping):
        return type(sample)({key: default_convert(value) for key, value in sample.items()})
    if isinstance(sample, tuple) and hasattr(sample, '_fields'):   # a namedtuple
        return type(sample)(*(default_convert(field) for field in sample))
    if isinstance(sample, collections.abc.Sequence):
        return [default_convert(field) for field in sample]
    return sample


_ERROR = 'default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}'


def _is_torch_tensor(x):
    return type(x).__module__.startswith('torch') and hasattr(x, 'detach')


def _is_array_like(x):
    """numpy arrays, torch tensors and objects numpy can read as an array, such as PIL images."""
    return isinstance(x, numpy.ndarray) or _is_torch_tensor(x) or hasattr(x, '__array_interface__')


def _to_numpy(x):
    return x.detach().cpu().numpy() if _is_torch_tensor(x) else numpy.asarray(x)
