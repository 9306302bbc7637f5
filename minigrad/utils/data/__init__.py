"""torch.utils.data for minigrad: datasets (dataset.py), samplers (sampler.py, distributed.py), how samples are put
together into batches (collate.py) and the DataLoader that fetches them, in the main process or in worker
processes (dataloader.py, worker.py).

A Dataset gives one sample per index (an IterableDataset, a stream); a DataLoader draws indices (in order, or
shuffled by minigrad's seeded generator), fetches the samples and `default_collate`s each batch into minigrad
tensors on the CPU.
"""
from .collate import default_collate, default_convert
from .dataloader import DataLoader
from .dataset import ChainDataset, ConcatDataset, Dataset, IterableDataset, Subset, TensorDataset, random_split
from .distributed import DistributedSampler
from .sampler import (BatchSampler, RandomSampler, Sampler, SequentialSampler, SubsetRandomSampler,
                      WeightedRandomSampler)
from .worker import get_worker_info

__all__ = ['BatchSampler', 'ChainDataset', 'ConcatDataset', 'DataLoader', 'Dataset', 'DistributedSampler',
           'IterableDataset', 'RandomSampler', 'Sampler', 'SequentialSampler', 'Subset', 'SubsetRandomSampler',
           'TensorDataset', 'WeightedRandomSampler', 'default_collate', 'default_convert', 'get_worker_info',
           'random_split']
