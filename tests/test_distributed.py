"""minigrad.distributed, nn.parallel.DistributedDataParallel and utils.data.DistributedSampler.

The multi-process tests start `mpiexec -n N` on tests/mpi_worker.py or on the reference script and check its
exit code and output (each launch costs about a second, so one launch runs many checks). They are skipped when
mpi4py or mpiexec is missing: `pip install -e '.[distributed]'` installs both (mpich's wheel puts mpiexec next
to python). A `timeout` on every launch is the safety net that turns a hang into a failure.
"""
import importlib.util
import inspect
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from unittest import mock

import numpy
import pytest
import torch

import minigrad
import minigrad.distributed as dist
import strict_backend
from minigrad.nn.parallel import DistributedDataParallel
from minigrad.utils.data import DistributedSampler

ROOT = Path(__file__).resolve().parents[1]
MPIEXEC = shutil.which('mpiexec', path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))
MISSING = ('mpi4py is not installed' if importlib.util.find_spec('mpi4py') is None else
           'no mpiexec next to python or on PATH' if MPIEXEC is None else None)
needs_mpi = pytest.mark.skipif(MISSING is not None, reason=f"{MISSING}: pip install -e '.[distributed]'")


def mpirun(processes, *args, timeout=60):
    """Run `mpiexec -n processes python *args` from the repository root; stdout and stderr together.
    Past `timeout` seconds, mpiexec and every process it started are killed and TimeoutExpired is raised."""
    return run([MPIEXEC, '-n', str(processes), sys.executable, *args], timeout)


def run(command, timeout):
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          start_new_session=True) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    return subprocess.CompletedProcess(command, process.returncode, output)


# -- under mpiexec ---------------------------------------------------------------------------------------------
@needs_mpi
@pytest.mark.parametrize('processes', [2, 3])
def test_collectives_ddp_and_sampler_under_mpiexec(processes):
    """all_reduce/broadcast results; DDP gradients equal one process's on the whole batch, parameters after 10
    steps identical on all ranks and equal to one process's; DistributedSampler covers each epoch once."""
    run = mpirun(processes, 'tests/mpi_worker.py', 'checks')
    assert run.returncode == 0, run.stdout
    for rank in range(processes):
        assert f'rank {rank}: ok' in run.stdout


@needs_mpi
def test_a_rank_that_raises_aborts_the_others():
    """The others wait in all_reduce with a 60 s timeout: ending within 30 s means they were aborted.
    (mpiexec's own 'MPI_Abort' line races with the abort and is not always printed, so it is not checked.)"""
    run = mpirun(3, 'tests/mpi_worker.py', 'raise', timeout=30)   # a hang would raise TimeoutExpired
    assert run.returncode != 0
    assert 'RuntimeError: rank 1 failed on purpose' in run.stdout
    assert ': ok' not in run.stdout and 'timed out' not in run.stdout


@needs_mpi
def test_a_rank_that_is_killed_ends_the_others():
    run = mpirun(2, 'tests/mpi_worker.py', 'kill', timeout=30)
    assert run.returncode != 0
    assert 'BAD TERMINATION' in run.stdout and ': ok' not in run.stdout


@needs_mpi
def test_a_rank_that_stops_calling_collectives_makes_the_others_time_out():
    run = mpirun(2, 'tests/mpi_worker.py', 'stall', timeout=30)    # rank 1 sleeps 120 s; the timeout is 2 s
    assert run.returncode != 0
    assert ('minigrad.distributed: all_reduce timed out after 2 s on rank 0 of 2: another rank has died or '
            'stopped calling collectives') in run.stdout


@needs_mpi
def test_reference_script_on_two_processes_matches_one_process(tmp_path):
    args = ['-m', 'reference.ddp_lenet', '--samples=48', '--batch-size=8', '--epochs=2']
    one = run([sys.executable, *args, f'--save={tmp_path / "one.npz"}'], timeout=60)
    two = mpirun(2, *args, f'--save={tmp_path / "two.npz"}')
    assert one.returncode == 0 and two.returncode == 0, one.stdout + two.stdout
    assert '1 process(es)' in one.stdout and '2 process(es)' in two.stdout and 'epoch 2: loss' in two.stdout
    one, two = minigrad.load(tmp_path / 'one.npz'), minigrad.load(tmp_path / 'two.npz')
    assert list(one) == list(two) == ['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'fc1.weight',
                                      'fc1.bias', 'fc2.weight', 'fc2.bias', 'fc3.weight', 'fc3.bias']
    for name in one:
        numpy.testing.assert_allclose(two[name].numpy(), one[name].numpy(), rtol=1e-4, atol=1e-6, err_msg=name)


# -- in this process: no MPI needed ------------------------------------------------------------------------------
SAMPLER_CASES = [(n, replicas, drop_last) for n in (0, 1, 7, 10, 12) for replicas in (1, 3, 4)
                 for drop_last in (False, True)]


@pytest.mark.parametrize('n, replicas, drop_last', SAMPLER_CASES)
def test_distributed_sampler_indices_match_torch(n, replicas, drop_last):
    for rank in range(replicas):
        ours = DistributedSampler(range(n), replicas, rank, shuffle=False, drop_last=drop_last)
        theirs = torch.utils.data.DistributedSampler(range(n), replicas, rank, shuffle=False, drop_last=drop_last)
        assert list(ours) == list(theirs) and len(ours) == len(theirs)


@pytest.mark.parametrize('n, replicas, drop_last', SAMPLER_CASES)
def test_distributed_sampler_shuffles_pads_and_deals_as_torch(n, replicas, drop_last):
    """minigrad shuffles with its own generator; given minigrad's order, torch pads and deals it out the same way."""
    for epoch in (0, 1):
        order = minigrad.random.permutation(n, minigrad.Generator().manual_seed(5 + epoch))
        for rank in range(replicas):
            ours = DistributedSampler(range(n), replicas, rank, seed=5, drop_last=drop_last)
            ours.set_epoch(epoch)
            theirs = torch.utils.data.DistributedSampler(range(n), replicas, rank, seed=5, drop_last=drop_last)
            theirs.set_epoch(epoch)
            with mock.patch('torch.randperm', lambda n, generator: torch.from_numpy(order)):
                assert list(ours) == list(theirs)


def test_distributed_sampler_errors():
    with pytest.raises(ValueError, match=r'Invalid rank 2, rank should be in the interval \[0, 1\]'):
        DistributedSampler(range(4), num_replicas=2, rank=2)
    with pytest.raises(ValueError, match='Default process group has not been initialized'):
        DistributedSampler(range(4))


def test_process_group_is_required():
    assert not dist.is_initialized()
    for call in (dist.get_rank, dist.get_world_size, dist.barrier, lambda: dist.all_reduce(minigrad.ones(1))):
        with pytest.raises(ValueError, match='Default process group has not been initialized, please make sure to '
                                             'call init_process_group.'):
            call()
    with pytest.raises(ValueError, match='Invalid backend'):
        dist.init_process_group('gloo')


# -- the hook DistributedDataParallel uses -----------------------------------------------------------------------
def test_post_accumulate_grad_hook_as_torch():
    results = []
    for lib in (torch, minigrad):
        a = lib.ones(2, requires_grad=True)
        seen = []
        handle = a.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.tolist()))
        (a * 3).sum().backward()
        ((a * 2) + (a * 4)).sum().backward()        # a used twice: the hook still runs once, after the sum
        lib.autograd.grad((a * 2).sum(), a)         # autograd.grad accumulates nothing: no call
        handle.remove()
        (a * 2).sum().backward()
        results.append(seen)
    assert results[0] == results[1] == [[3.0, 3.0], [9.0, 9.0]]


def test_post_accumulate_grad_hook_errors():
    with pytest.raises(RuntimeError, match='post accumulate grad hooks cannot be registered on non-leaf tensors'):
        (minigrad.ones(2, requires_grad=True) * 2).register_post_accumulate_grad_hook(print)
    with pytest.raises(RuntimeError, match="cannot register a hook on a tensor that doesn't require gradient"):
        minigrad.ones(2).register_post_accumulate_grad_hook(print)


# -- PyTorch's arguments, without MPI ------------------------------------------------------------------------------
@pytest.mark.parametrize('ours, theirs', [
    (dist.init_process_group, torch.distributed.init_process_group),
    (DistributedDataParallel.__init__, torch.nn.parallel.DistributedDataParallel.__init__)],
    ids=['init_process_group', 'DistributedDataParallel'])
def test_arguments_come_in_torchs_order(ours, theirs):
    """So that positional calls (`DistributedDataParallel(net, [rank])`, `init_process_group('nccl', 'env://')`)
    mean what they mean in PyTorch."""
    names = list(inspect.signature(ours).parameters)
    assert names == list(inspect.signature(theirs).parameters)[:len(names)]


@pytest.fixture
def one_process(monkeypatch):
    """A world of one process without MPI: the collectives DistributedDataParallel calls leave tensors as they are."""
    monkeypatch.setattr(dist, 'broadcast', lambda tensor, src: None)
    monkeypatch.setattr(dist, 'all_reduce', lambda tensor, op=dist.ReduceOp.SUM: None)
    monkeypatch.setattr(dist, 'get_world_size', lambda: 1)


@pytest.mark.parametrize('device_ids, output_device', [([0], None), ([minigrad.device('cuda:0')], 'cuda:0'),
                                                       (['cuda:0'], 0)])
def test_ddp_with_device_ids_moves_the_inputs_to_its_gpu(one_process, monkeypatch, device_ids, output_device):
    strict_backend.install(monkeypatch)
    net = minigrad.nn.Linear(3, 2).to('cuda')
    model = DistributedDataParallel(net, device_ids, output_device, 0, True, True, None, 25, False, False, False,
                                    False)
    assert model.device_ids == [0] and model.output_device == 0
    out = model(minigrad.ones(4, 3))                      # a CPU batch, as a DataLoader hands it out
    assert out.is_cuda
    out.sum().backward()
    assert net.weight.grad.is_cuda and net.weight.grad.tolist() == [[4.0] * 3] * 2


def test_ddp_refuses_what_torch_refuses(one_process):
    net = minigrad.nn.Linear(3, 2)
    with pytest.raises(ValueError, match=re.escape(
            "DistributedDataParallel device_ids and output_device arguments only work with single-device/multiple-"
            "device GPU modules or CPU modules, but got device_ids [0], output_device None, and module parameters "
            "{device(type='cpu')}.")):
        DistributedDataParallel(net, [0])
    with pytest.raises(ValueError, match='device_ids can only be None or contain a single element.'):
        DistributedDataParallel(net, [0, 1])
    with pytest.raises(RuntimeError, match="DistributedDataParallel is not needed when a module doesn't have any "
                                           "parameter that requires a gradient."):
        DistributedDataParallel(minigrad.nn.ReLU())
    assert DistributedDataParallel(net, None, None, 0, True, False).module is net     # init_sync=False


@pytest.mark.parametrize('dtype', ['bool', 'uint8', 'int8', 'int16', 'int32', 'int64', 'float16', 'float32',
                                   'float64'])
def test_nccl_carries_each_dtype_as_torch_or_refuses_it(dtype):
    """NCCL has no bool (PyTorch sends it as uint8, summing as `or`, multiplying as `and`) and no int16."""
    dt = numpy.dtype(dtype)
    if dtype == 'int16':
        with pytest.raises(TypeError, match='Input tensor data type is not supported for NCCL process group: Short'):
            dist._nccl_names(dt, dist.ReduceOp.SUM)
        return
    names = {op: dist._nccl_names(dt, op) for op in ('SUM', 'PRODUCT', 'MIN', 'MAX')}
    nccl_type = 'NCCL_UINT8' if dtype == 'bool' else 'NCCL_' + dtype.upper()
    assert {t for t, _ in names.values()} == {nccl_type}
    plain = {'SUM': 'NCCL_SUM', 'PRODUCT': 'NCCL_PROD', 'MIN': 'NCCL_MIN', 'MAX': 'NCCL_MAX'}
    logical = {'SUM': 'NCCL_MAX', 'PRODUCT': 'NCCL_MIN', 'MIN': 'NCCL_MIN', 'MAX': 'NCCL_MAX'}
    assert {op: r for op, (_, r) in names.items()} == (logical if dtype == 'bool' else plain)
