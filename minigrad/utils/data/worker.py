"""DataLoader's worker processes (num_workers > 0), as torch.utils.data._utils.worker.

Each worker is a process with its own copy of the dataset (forked), seeded with base_seed + its id (minigrad's
generator, Python's `random`, numpy's global RNG), that runs worker_init_fn(id) and then answers tasks from its
index queue: (task number, indices) -> (task number, the collated batch) on the shared data queue. Tensors cross
the process boundary as numpy arrays (cheaper to send than pickled tensors) and become tensors again in the main
process. An exception in a worker comes back and is raised in the main process, as PyTorch raises it.
"""
import collections.abc
import random as _py_random
import traceback

import numpy

from ... import random
from ...tensor import Tensor

_worker_info = None


class WorkerInfo:
    """What get_worker_info() returns inside a worker: id, num_workers, seed, dataset (this worker's copy)."""

    def __init__(self, id, num_workers, seed, dataset):
        self.id, self.num_workers, self.seed, self.dataset = id, num_workers, seed, dataset

    def __repr__(self):
        return (f'WorkerInfo(id={self.id}, num_workers={self.num_workers}, seed={self.seed}, '
                f'dataset={self.dataset!r})')


def get_worker_info():
    """Inside a DataLoader worker: its WorkerInfo (an IterableDataset shards its stream with it); else None."""
    return _worker_info


class StopStream:
    """What a worker sends when its copy of an IterableDataset has no more batches."""


class WorkerError:
    """An exception raised in a worker, carried to the main process with its traceback."""

    def __init__(self, exc, worker_id, where):
        self.type, self.worker_id, self.where = type(exc), worker_id, where
        self.text = ''.join(traceback.format_exception(exc))

    def reraise(self):
        message = (f'Caught {self.type.__name__} {self.where}.\nOriginal Traceback (most recent call last):\n'
                   + self.text.split('Traceback (most recent call last):\n', 1)[-1])
        try:
            error = self.type(message)
        except Exception:       # an exception class that wants other arguments
            raise RuntimeError(message) from None
        raise error


class Packed:
    """A tensor on its way between processes: its array."""

    def __init__(self, array):
        self.array = array


def pack(obj):
    return transform(obj, lambda t: Packed(t.cpu().numpy()) if isinstance(t, Tensor) else t)


def unpack(obj):
    return transform(obj, lambda p: Tensor._make(p.array) if isinstance(p, Packed) else p)


def transform(obj, leaf):
    """obj with fn applied to each leaf of its tuples, lists, dicts and namedtuples."""
    if isinstance(obj, collections.abc.Mapping):
        return type(obj)({k: transform(v, leaf) for k, v in obj.items()})
    if isinstance(obj, tuple) and hasattr(obj, '_fields'):
        return type(obj)(*(transform(v, leaf) for v in obj))
    if isinstance(obj, (tuple, list)):
        return type(obj)(transform(v, leaf) for v in obj)
    return leaf(obj)


def seed_worker(seed, worker_id):
    """The seeds of worker `worker_id`: minigrad's and Python's from base_seed + id, numpy's from both."""
    random.manual_seed(seed)
    _py_random.seed(seed)
    numpy.random.seed(numpy.random.SeedSequence([seed, worker_id]).generate_state(4))


def worker_loop(fetch, dataset, index_queue, data_queue, worker_id, num_workers, seed, init_fn):
    global _worker_info
    seed_worker(seed, worker_id)
    _worker_info = WorkerInfo(worker_id, num_workers, seed, dataset)
    try:
        if init_fn is not None:
            init_fn(worker_id)
        stream = fetch.start(dataset)
    except Exception as e:
        data_queue.put((None, WorkerError(e, worker_id, f'in DataLoader worker process {worker_id}')))
        return
    while True:
        task = index_queue.get()
        if task is None:
            return
        number, indices = task
        try:
            result = pack(fetch(stream, indices))
        except StopIteration:
            result = StopStream()
        except Exception as e:
            result = WorkerError(e, worker_id, f'in DataLoader worker process {worker_id}')
        data_queue.put((number, result))
