"""torch.utils.data's loading machinery against torch: samplers, batch samplers, iterable datasets and worker
processes (num_workers > 0: order, sharding with get_worker_info, seeding, worker_init_fn, errors raised in a
worker), and DataLoader's argument checks. Random orders cannot match torch's generator: for them the test checks
what PyTorch promises (a permutation, the counts, reproducibility from a seed)."""
import collections

import numpy as np
import pytest
import torch
import torch.utils.data as tdata

import minigrad
from minigrad.utils import data as mdata

LIBS = ((torch, tdata), (minigrad, mdata))


def plain(batch):
    """A batch as plain Python lists (tensors of either library)."""
    if isinstance(batch, (list, tuple)):
        return [plain(b) for b in batch]
    if isinstance(batch, dict):
        return {k: plain(v) for k, v in batch.items()}
    return batch.tolist() if hasattr(batch, 'tolist') else batch


def squares(lib, data):
    class Squares(data.Dataset):
        def __len__(self):
            return 11

        def __getitem__(self, i):
            if i == 9 and getattr(self, 'fail', False):
                raise KeyError('nine')
            return lib.tensor([float(i * i)]), {'i': i}
    return Squares()


def stream(data, n=9):
    class Stream(data.IterableDataset):
        def __iter__(self):
            info = data.get_worker_info()
            first, step = (0, 1) if info is None else (info.id, info.num_workers)
            return iter(range(first, n, step))

        def __len__(self):
            return n
    return Stream()


def both(make):
    got, want = (plain(list(make(lib, data))) for lib, data in LIBS[::-1])
    assert got == want
    return got


@pytest.mark.parametrize('workers', [0, 2])
@pytest.mark.parametrize('kw', [dict(batch_size=3), dict(batch_size=3, drop_last=True), dict(batch_size=None),
                                dict(batch_size=4, prefetch_factor=1)], ids=['batches', 'drop_last', 'unbatched',
                                                                             'prefetch'])
def test_map_dataset_in_order(workers, kw):
    if workers == 0 and 'prefetch_factor' in kw:
        kw = dict(kw, prefetch_factor=None)
    both(lambda lib, data: data.DataLoader(squares(lib, data), num_workers=workers, **kw))


@pytest.mark.parametrize('workers', [0, 1, 2, 3])
@pytest.mark.parametrize('kw', [dict(batch_size=2), dict(batch_size=2, drop_last=True), dict(batch_size=None)],
                         ids=['batches', 'drop_last', 'unbatched'])
def test_iterable_dataset_sharded_by_worker_info(workers, kw):
    batches = both(lambda lib, data: data.DataLoader(stream(data), num_workers=workers, **kw))
    for lib, data in LIBS:
        assert len(data.DataLoader(stream(data), **kw)) == {2: 5, None: 9}[kw['batch_size']] - kw.get('drop_last', 0)
    assert batches


def test_batch_sampler_and_custom_samplers():
    both(lambda lib, data: data.DataLoader(squares(lib, data), batch_sampler=data.BatchSampler(
        data.SequentialSampler(range(11)), 4, False), num_workers=2))
    both(lambda lib, data: data.BatchSampler(range(7), 3, True))
    both(lambda lib, data: data.DataLoader(squares(lib, data), sampler=[3, 1, 4, 1, 5], batch_size=2))


def test_worker_error_is_raised_in_the_main_process():
    for lib, data in LIBS:
        ds = squares(lib, data)
        ds.fail = True
        with pytest.raises(KeyError, match='Caught KeyError in DataLoader worker process 1'):
            list(data.DataLoader(ds, batch_size=3, num_workers=2))


def seeds_seen(lib, data, **kw):
    class Seeds(data.Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            info = data.get_worker_info()
            return [info.id, info.num_workers, info.seed, float(lib.rand(1)), int(np.random.randint(1 << 30))]
    return [plain(batch) for batch in data.DataLoader(Seeds(), batch_size=1, **kw)]


def test_workers_are_seeded_from_the_loaders_generator():
    for lib, data in LIBS:
        lib.manual_seed(3)
        a = seeds_seen(lib, data, num_workers=2)
        lib.manual_seed(3)
        b = seeds_seen(lib, data, num_workers=2)
        assert a == b, 'the same seed gives the same worker seeds and draws'
        ids = [row[0][0] for row in a]
        assert ids == [0, 1, 0, 1] and all(row[1][0] == 2 for row in a)
        seeds = {row[0][0]: row[2][0] for row in a}
        assert seeds[1] == seeds[0] + 1, 'worker i is seeded with base_seed + i'
        assert a[0][3] != a[1][3] and a[0][4] != a[1][4], 'workers draw different numbers (minigrad and numpy)'


def test_worker_init_fn_runs_in_each_worker(tmp_path):
    for lib, data in LIBS:
        def init(worker_id, out=tmp_path / lib.__name__):
            out.mkdir(exist_ok=True)
            (out / str(worker_id)).write_text(str(data.get_worker_info().id))
        list(data.DataLoader(squares(lib, data), batch_size=4, num_workers=2, worker_init_fn=init))
        assert sorted(p.name for p in (tmp_path / lib.__name__).iterdir()) == ['0', '1']
    assert data.get_worker_info() is None


def test_random_samplers():
    for lib, data in LIBS:
        g = lib.Generator().manual_seed(0)
        order = list(data.RandomSampler(range(10), generator=g))
        assert sorted(order) == list(range(10))
        more = list(data.RandomSampler(range(4), num_samples=10, generator=g))
        assert len(more) == 10 and collections.Counter(more[:8]) == {i: 2 for i in range(4)}
        drawn = list(data.RandomSampler(range(3), replacement=True, num_samples=50, generator=g))
        assert len(drawn) == 50 and set(drawn) <= {0, 1, 2}
        assert sorted(data.SubsetRandomSampler([5, 7, 9], generator=g)) == [5, 7, 9]
        weighted = list(data.WeightedRandomSampler([0, 1, 3], 4000, generator=g))
        counts = collections.Counter(weighted)
        assert counts[0] == 0 and abs(counts[2] / 4000 - 0.75) < 0.03     # 0.03: over 4 sigma of a binomial
        assert sorted(data.WeightedRandomSampler([1, 1, 1], 3, replacement=False, generator=g)) == [0, 1, 2]


@pytest.mark.parametrize('make', [
    lambda data, ds: data.DataLoader(ds, num_workers=-1),
    lambda data, ds: data.DataLoader(ds, timeout=-1),
    lambda data, ds: data.DataLoader(ds, prefetch_factor=2),
    lambda data, ds: data.DataLoader(ds, persistent_workers=True),
    lambda data, ds: data.DataLoader(ds, sampler=[0], shuffle=True),
    lambda data, ds: data.DataLoader(ds, batch_sampler=[[0]], batch_size=2),
    lambda data, ds: data.DataLoader(ds, batch_size=None, drop_last=True),
    lambda data, ds: data.DataLoader(ds, batch_size=0),
    lambda data, ds: data.DataLoader(stream(data), shuffle=True),
    lambda data, ds: data.DataLoader(stream(data), sampler=[0]),
    lambda data, ds: data.BatchSampler([0], 0, False),
    lambda data, ds: data.BatchSampler([0], 1, 'no'),
    lambda data, ds: data.RandomSampler([0], num_samples=0),
    lambda data, ds: data.WeightedRandomSampler([1.0], 0),
    lambda data, ds: data.WeightedRandomSampler([[1.0]], 1),
    lambda data, ds: data.ConcatDataset([]),
    lambda data, ds: list(data.WeightedRandomSampler([1.0, 0.0], 3, replacement=False)),
])
def test_argument_errors(make):
    errors = []
    for lib, data in LIBS:
        with pytest.raises(Exception) as info:
            make(data, squares(lib, data))
        errors.append((type(info.value), str(info.value).replace('torch.', '').split(' at 0x')[0]))
    assert errors[1] == errors[0]
