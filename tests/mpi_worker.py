"""The checks tests/test_distributed.py runs inside `mpiexec -n N python tests/mpi_worker.py MODE`.

    checks   collectives, DistributedDataParallel against one process, DistributedSampler coverage
    raise    rank 1 raises an exception after a few steps: every rank must be aborted
    kill     rank 1 is killed (SIGKILL) after a few steps: mpiexec must end the others
    stall    rank 1 stops calling collectives: the others must time out (timeout=2 s) and abort

A failed assertion is an uncaught exception, which aborts the job (nonzero exit code); each rank prints
'rank R: ok' when all its checks pass.
"""
import datetime
import os
import signal
import sys
import time
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `reference` from the repository root

import minigrad  # noqa: E402
import minigrad.distributed as dist  # noqa: E402
from minigrad.nn.parallel import DistributedDataParallel  # noqa: E402
from minigrad.utils.data import DistributedSampler  # noqa: E402
from reference import cifar_lenet  # noqa: E402

LeNet = cifar_lenet.build(minigrad)


def check_collectives(rank, world):
    for dtype in (minigrad.float32, minigrad.float64, minigrad.int64):
        t = minigrad.tensor([rank + 1, 2 * rank, 5], dtype=dtype)
        dist.all_reduce(t)
        assert t.tolist() == [world * (world + 1) // 2, world * (world - 1), 5 * world], t
    for op, expected in [(dist.ReduceOp.MAX, world), (dist.ReduceOp.MIN, 1),
                         (dist.ReduceOp.PRODUCT, numpy.prod(numpy.arange(1, world + 1)))]:
        t = minigrad.full((2,), float(rank + 1))
        dist.all_reduce(t, op=op)
        assert t.tolist() == [expected] * 2, (op, t)
    base = minigrad.arange(12.).view(3, 4) * (rank + 1)
    view = base.t()                                       # not contiguous: reduced through a copy, written back
    dist.all_reduce(view)
    assert numpy.array_equal(base.numpy(), numpy.arange(12.).reshape(3, 4) * world * (world + 1) / 2)
    scalar = minigrad.tensor(float(rank))
    dist.all_reduce(scalar)
    assert scalar.item() == world * (world - 1) / 2
    for src in range(world):
        t = minigrad.full((2, 3), float(rank))
        dist.broadcast(t, src=src)
        assert (t == src).all().item(), t
    dist.barrier()


def identical_on_all_ranks(arrays):
    """Whether every rank holds exactly the same values (their min over ranks equals their max)."""
    flat = numpy.concatenate([a.ravel() for a in arrays])
    low, high = minigrad.tensor(flat), minigrad.tensor(flat)
    dist.all_reduce(low, op=dist.ReduceOp.MIN)
    dist.all_reduce(high, op=dist.ReduceOp.MAX)
    return numpy.array_equal(low.numpy(), high.numpy())


def check_ddp(rank, world, bucket_cap_mb):
    """DDP on each rank's share of a batch gives the gradients of one process on the whole batch, and 10 SGD
    steps give the same parameters (exactly equal on all ranks, equal to one process up to float32 rounding)."""
    rng = numpy.random.default_rng(0)
    per_rank = 3
    x = minigrad.from_numpy(rng.standard_normal((world * per_rank, 3, 32, 32)).astype(numpy.float32))
    y = minigrad.from_numpy(rng.integers(0, 10, world * per_rank))
    mine = slice(rank * per_rank, (rank + 1) * per_rank)
    criterion = minigrad.nn.CrossEntropyLoss()

    minigrad.manual_seed(0)
    single = LeNet()
    minigrad.manual_seed(rank)                             # a different start on each rank ...
    net = LeNet()
    model = DistributedDataParallel(net, bucket_cap_mb=bucket_cap_mb)
    for p, q in zip(net.parameters(), single.parameters()):
        assert numpy.array_equal(p.detach().numpy(), q.detach().numpy())   # ... replaced by rank 0's
    assert len(model._buckets) == (1 if bucket_cap_mb == 25 else 10), len(model._buckets)

    opt_single = minigrad.optim.SGD(single.parameters(), lr=0.05, momentum=0.9)
    opt = minigrad.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    for step in range(10):
        opt_single.zero_grad()
        criterion(single(x), y).backward()
        opt.zero_grad()
        criterion(model(x[mine]), y[mine]).backward()
        for p, q in zip(net.parameters(), single.parameters()):
            numpy.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-4, atol=1e-6)
        opt_single.step()
        opt.step()
    params = [p.detach().numpy() for p in net.parameters()]
    assert identical_on_all_ranks(params)
    for p, q in zip(params, single.parameters()):
        numpy.testing.assert_allclose(p, q.detach().numpy(), rtol=1e-4, atol=1e-6)


def check_unused_parameter_is_reported():
    net = minigrad.nn.Sequential(minigrad.nn.Linear(2, 2), minigrad.nn.Linear(2, 2))
    model = DistributedDataParallel(net)
    model.module[0](minigrad.ones(1, 2)).sum().backward()   # net[1] gets no gradient
    try:
        model(minigrad.ones(1, 2))
    except RuntimeError as e:
        assert 'Expected to have finished reduction in the prior iteration' in str(e)
    else:
        raise AssertionError('an unreduced backward went unnoticed')


def check_buffers_broadcast(rank):
    bn = minigrad.nn.BatchNorm1d(3)
    bn.running_mean.fill_(float(rank))
    model = DistributedDataParallel(bn)
    assert (bn.running_mean == 0).all().item()               # rank 0's buffers at wrap time
    model(minigrad.randn(4, 3) + rank)                       # each rank updates its running stats
    assert not identical_on_all_ranks([bn.running_mean.numpy()])
    model.eval()
    model(minigrad.randn(4, 3))                              # each forward starts from rank 0's buffers
    assert identical_on_all_ranks([bn.running_mean.numpy(), bn.running_var.numpy()])


def check_sampler(rank, world):
    """Over all ranks, each epoch visits every index once (plus PyTorch's padding, or minus drop_last's cut)."""
    for n in (world * 5, world * 5 + 1, world * 5 + world - 1):
        for shuffle in (True, False):
            for drop_last in (False, True):
                orders = []
                for epoch in range(2):
                    sampler = DistributedSampler(range(n), shuffle=shuffle, drop_last=drop_last)
                    sampler.set_epoch(epoch)
                    indices = list(sampler)
                    assert len(indices) == len(sampler)
                    counts = minigrad.from_numpy(numpy.bincount(indices, minlength=n))
                    dist.all_reduce(counts)
                    counts = counts.numpy()
                    assert counts.sum() == sampler.total_size
                    if n % world == 0:
                        assert (counts == 1).all()
                    elif drop_last:
                        assert counts.max() == 1 and sampler.total_size == n - n % world
                    else:
                        assert counts.min() == 1 and counts.max() == 2
                    orders.append(indices)
                assert (orders[0] != orders[1]) == (shuffle and n > world), 'set_epoch must reshuffle'


def run_checks(rank, world):
    check_collectives(rank, world)
    check_ddp(rank, world, bucket_cap_mb=25)                # LeNet's 62k parameters: one bucket
    check_ddp(rank, world, bucket_cap_mb=2e-6)              # 2 bytes: one bucket per parameter
    check_unused_parameter_is_reported()
    check_buffers_broadcast(rank)
    check_sampler(rank, world)


def run_until_failure(rank, mode):
    """A few all_reduces, then rank 1 raises (`raise`), dies (`kill`) or stops calling collectives (`stall`)."""
    t = minigrad.ones(1000)
    for step in range(5):
        if rank == 1 and step == 3:
            if mode == 'raise':
                raise RuntimeError('rank 1 failed on purpose')
            if mode == 'kill':
                os.kill(os.getpid(), signal.SIGKILL)
            time.sleep(120)                                  # the others must not wait this long
        dist.all_reduce(t)
    raise AssertionError('rank 1 stopped, yet the other ranks went on')


def main(mode):
    dist.init_process_group('mpi', timeout=datetime.timedelta(seconds=2 if mode == 'stall' else 60))
    rank, world = dist.get_rank(), dist.get_world_size()
    if mode == 'checks':
        run_checks(rank, world)
    else:
        run_until_failure(rank, mode)
    print(f'rank {rank}: ok', flush=True)
    dist.destroy_process_group()


if __name__ == '__main__':
    main(sys.argv[1])
