"""DistributedSampler, as torch.utils.data.distributed: one rank's share of a dataset's indices."""
import math

from ... import random
from .sampler import Sampler


class DistributedSampler(Sampler):
    """This rank's share of the indices when `num_replicas` processes train together (DistributedDataParallel).

    Each epoch the indices are shuffled by seed + epoch (the same order on every rank: call set_epoch(epoch)
    before each epoch), padded by repeating them from the start until they split evenly (or, with drop_last,
    cut), and dealt out round robin: rank r gets indices[r], indices[r + num_replicas], ... as in PyTorch.
    num_replicas and rank default to minigrad.distributed's world size and rank.
    """

    def __init__(self, dataset, num_replicas=None, rank=None, shuffle=True, seed=0, drop_last=False):
        from ... import distributed
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


