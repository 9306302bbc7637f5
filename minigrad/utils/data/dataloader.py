"""DataLoader, as torch.utils.data.DataLoader: batches of samples from a dataset, fetched in the main process or
(num_workers > 0) in worker processes (worker.py), in the sampler's order either way."""
import itertools
import multiprocessing
import queue

from ... import random
from .collate import default_collate, default_convert
from .dataset import IterableDataset
from .sampler import BatchSampler, RandomSampler, SequentialSampler
from .worker import StopStream, WorkerError, unpack, worker_loop


class DataLoader:
    """Batches of samples from `dataset`: `for x, y in DataLoader(ds, batch_size=64, shuffle=True)`.

    Batches are on the CPU (pin_memory is accepted and changes nothing); move them with `.to(device)`.
    persistent_workers is accepted: the workers are started for each epoch all the same.
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device='', in_order=True):
        _check(dataset, batch_size, shuffle, sampler, batch_sampler, num_workers, drop_last, timeout,
               prefetch_factor, persistent_workers)
        self.dataset, self.batch_size, self.drop_last = dataset, batch_size, drop_last
        self.num_workers, self.pin_memory, self.generator, self.timeout = num_workers, pin_memory, generator, timeout
        self.worker_init_fn, self.multiprocessing_context = worker_init_fn, multiprocessing_context
        self.prefetch_factor = 2 if prefetch_factor is None and num_workers > 0 else prefetch_factor
        self.persistent_workers, self.in_order = persistent_workers, in_order
        self.collate_fn = collate_fn or (default_collate if batch_size is not None or batch_sampler is not None
                                         else default_convert)
        iterable = isinstance(dataset, IterableDataset)
        if sampler is None and not iterable:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_sampler is None and batch_size is not None and not iterable:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.sampler, self.batch_sampler = sampler, batch_sampler
        self.fetch = (StreamFetch(self.collate_fn, batch_size, drop_last) if iterable
                      else MapFetch(self.collate_fn, batch_sampler is not None))

    def _tasks(self):
        """What each fetch is given: lists of indices, single indices, or (an iterable dataset) nothing."""
        if isinstance(self.dataset, IterableDataset):
            return itertools.repeat(None)
        return iter(self.batch_sampler if self.batch_sampler is not None else self.sampler)

    def __iter__(self):
        if self.num_workers == 0:
            stream = self.fetch.start(self.dataset)
            for indices in self._tasks():
                try:
                    yield self.fetch(stream, indices)
                except StopIteration:
                    return
        else:
            yield from WorkerPool(self)

    def __len__(self):
        if isinstance(self.dataset, IterableDataset):
            n = len(self.dataset)
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
        return len(self.batch_sampler if self.batch_sampler is not None else self.sampler)


def _check(dataset, batch_size, shuffle, sampler, batch_sampler, num_workers, drop_last, timeout, prefetch_factor,
           persistent_workers):
    """PyTorch's argument checks, with its messages."""
    if num_workers < 0:
        raise ValueError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.')
    if timeout < 0:
        raise ValueError('timeout option should be non-negative')
    if num_workers == 0 and prefetch_factor is not None:
        raise ValueError('prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to '
                         'enable multiprocessing, otherwise set prefetch_factor to None.')
    if persistent_workers and num_workers == 0:
        raise ValueError('persistent_workers option needs num_workers > 0')
    if isinstance(dataset, IterableDataset):
        for name, value in (('shuffle', shuffle if shuffle is not False else None), ('sampler', sampler),
                            ('batch_sampler', batch_sampler)):
            if value is not None:
                raise ValueError(f'DataLoader with IterableDataset: expected unspecified {name} option, but got '
                                 f'{name}={value}')
    if sampler is not None and shuffle:
        raise ValueError('sampler option is mutually exclusive with shuffle')
    if batch_sampler is not None and (batch_size != 1 or shuffle or sampler is not None or drop_last):
        raise ValueError('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last')
    if batch_size is None and drop_last:
        raise ValueError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last')
    if batch_size is not None and (not isinstance(batch_size, int) or isinstance(batch_size, bool)
                                   or batch_size <= 0):
        raise ValueError(f'batch_size should be a positive integer value, but got batch_size={batch_size}')


class MapFetch:
    """A batch of a map-style dataset: collate_fn([dataset[i] for i in indices]), or without batching
    collate_fn(dataset[index])."""

    def __init__(self, collate_fn, batched):
        self.collate_fn, self.batched = collate_fn, batched

    def start(self, dataset):
        return dataset

    def __call__(self, dataset, indices):
        if not self.batched:
            return self.collate_fn(dataset[indices])
        if hasattr(dataset, '__getitems__'):
            return self.collate_fn(dataset.__getitems__(indices))
        return self.collate_fn([dataset[i] for i in indices])


class StreamFetch:
    """The next batch of an iterable dataset's stream (StopIteration at its end; a last short batch unless
    drop_last)."""

    def __init__(self, collate_fn, batch_size, drop_last):
        self.collate_fn, self.batch_size, self.drop_last = collate_fn, batch_size, drop_last

    def start(self, dataset):
        return iter(dataset)

    def __call__(self, stream, _):
        if self.batch_size is None:
            return self.collate_fn(next(stream))
        batch = list(itertools.islice(stream, self.batch_size))
        if not batch or self.drop_last and len(batch) < self.batch_size:
            raise StopIteration
        return self.collate_fn(batch)


class WorkerPool:
    """One epoch with worker processes: tasks go round robin to the workers (prefetch_factor of them in flight per
    worker), and batches come back in task order. A worker whose stream ends (an iterable dataset) gets no more."""

    def __init__(self, loader):
        self.loader = loader
        context = loader.multiprocessing_context or multiprocessing.get_context()
        if isinstance(context, str):
            context = multiprocessing.get_context(context)
        base_seed = int(random.rng(loader.generator).integers(0, 2 ** 62))
        self.data_queue = context.Queue()
        self.index_queues, self.workers = [], []
        for worker_id in range(loader.num_workers):
            index_queue = context.Queue()
            worker = context.Process(target=worker_loop, daemon=True, args=(
                loader.fetch, loader.dataset, index_queue, self.data_queue, worker_id, loader.num_workers,
                base_seed + worker_id, loader.worker_init_fn))
            worker.start()
            self.index_queues.append(index_queue)
            self.workers.append(worker)

    def __iter__(self):
        tasks, active = self.loader._tasks(), list(range(len(self.workers)))
        sent, results, next_number, owner = 0, {}, 0, {}
        turn = itertools.cycle(range(len(self.workers)))
        try:
            while True:
                while active and sent - next_number < self.loader.prefetch_factor * len(self.workers):
                    indices = next(tasks, StopIteration)
                    if indices is StopIteration:
                        break
                    worker = next(w for w in turn if w in active)
                    self.index_queues[worker].put((sent, indices))
                    owner[sent] = worker
                    sent += 1
                if next_number == sent:
                    return
                while next_number not in results:
                    number, result = self._get()
                    results[number] = result
                result = results.pop(next_number)
                next_number += 1
                if isinstance(result, WorkerError):
                    result.reraise()
                if isinstance(result, StopStream):
                    if owner[next_number - 1] in active:
                        active.remove(owner[next_number - 1])
                    continue
                yield unpack(result)
        finally:
            self.shutdown()

    def _get(self):
        """The next (task number, result) from any worker; PyTorch's errors for a timeout or a dead worker."""
        waited = 0.0
        while True:
            try:
                number, result = self.data_queue.get(timeout=1.0)
            except queue.Empty:
                waited += 1.0
                dead = [w.pid for w in self.workers if not w.is_alive()]
                if dead:
                    raise RuntimeError(f'DataLoader worker (pid(s) {", ".join(map(str, dead))}) exited '
                                       'unexpectedly') from None
                if self.loader.timeout and waited >= self.loader.timeout:
                    raise RuntimeError(f'DataLoader timed out after {self.loader.timeout} seconds') from None
                continue
            if number is None:      # a worker failed before its first task
                result.reraise()
            return number, result

    def shutdown(self):
        for index_queue in self.index_queues:
            index_queue.put(None)
        for worker in self.workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
        self.index_queues, self.workers = [], []
