"""minigrad.distributed: processes that train together, as torch.distributed, on MPI (mpi4py).

    mpiexec -n 2 python -m reference.ddp_lenet    # starts 2 processes; each one runs:
    dist.init_process_group('mpi')                # rank and world size come from mpiexec
    dist.all_reduce(t)                            # t becomes the sum of every rank's t, in place
    dist.broadcast(t, src=0)                      # t becomes rank 0's t, in place

A collective is mpi4py's buffer call (Iallreduce, Ibcast, Ibarrier) on the tensor's array, in place. It is
started non-blocking and waited for with a deadline (init_process_group's `timeout`), so when a rank has died
or stopped calling collectives the others raise an error instead of waiting forever; and an uncaught exception
on any rank aborts every rank (MPI_Abort), as `python -m mpi4py` does.

With backend="nccl", cupy tensors are reduced on the GPUs by NCCL (cupy.cuda.nccl); MPI still starts the
processes, hands out NCCL's id and carries CPU tensors. NCCL calls are queued on the current CUDA stream and have
no deadline.
"""
import datetime
import importlib.util
import sys
import time

import numpy

from . import backend, dtypes


class ReduceOp:
    """How all_reduce combines the ranks' values."""
    SUM, PRODUCT, MIN, MAX = 'SUM', 'PRODUCT', 'MIN', 'MAX'


class _World:
    """The default process group: every process that mpiexec started."""

    def __init__(self, comm, backend, timeout, nccl_comm):
        self.comm, self.backend, self.timeout, self.nccl_comm = comm, backend, timeout, nccl_comm
        self.rank, self.size = comm.Get_rank(), comm.Get_size()


_world = None
_previous_excepthook = None


def is_available():
    """Whether mpi4py (and so an MPI library) is installed: `pip install -e '.[distributed]'`."""
    return importlib.util.find_spec('mpi4py') is not None


def init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1, store=None,
                       group_name='', pg_options=None, device_id=None):
    """Join the processes started by `mpiexec -n N`, with PyTorch's arguments in PyTorch's order. backend None
    means 'mpi'. mpiexec says who is who, so init_method (e.g. 'env://') is not used, and world_size and rank
    must agree with it; device_id makes that GPU the current one. A collective waits at most `timeout` (a
    timedelta, 30 minutes by default, as in PyTorch) for the other ranks."""
    global _world, _previous_excepthook
    if _world is not None:
        raise ValueError('trying to initialize the default process group twice!')
    if store is not None or pg_options is not None:
        raise ValueError('minigrad.distributed: store and pg_options are not supported (mpiexec starts the '
                         'processes and tells each its rank)')
    backend = backend or 'mpi'
    if backend not in ('mpi', 'nccl'):
        raise ValueError(f'Invalid backend: {backend!r}; minigrad supports "mpi" and "nccl"')
    if not is_available():
        raise RuntimeError("minigrad.distributed needs mpi4py and an MPI library: pip install -e '.[distributed]'")
    from mpi4py import MPI
    comm = MPI.COMM_WORLD
    if world_size not in (-1, comm.Get_size()) or rank not in (-1, comm.Get_rank()):
        raise ValueError(f'world_size={world_size}, rank={rank} disagree with mpiexec, which started this process '
                         f'as rank {comm.Get_rank()} of {comm.Get_size()}')
    timeout = timeout or datetime.timedelta(minutes=30)
    if device_id is not None:
        from . import cuda
        cuda.set_device(device_id)
    nccl_comm = _nccl_communicator(comm, device_id is None) if backend == 'nccl' else None
    _world = _World(comm, backend, timeout.total_seconds(), nccl_comm)
    _previous_excepthook, sys.excepthook = sys.excepthook, _abort_on_exception


def _nccl_communicator(comm, pick_gpu):
    try:
        import cupy
        from cupy.cuda import nccl
    except ImportError:
        raise RuntimeError("backend 'nccl' needs cupy built with NCCL: pip install -e '.[gpu]'") from None
    if pick_gpu:    # one GPU per rank, unless init_process_group was given a device_id
        cupy.cuda.Device(comm.Get_rank() % cupy.cuda.runtime.getDeviceCount()).use()
    uid = comm.bcast(nccl.get_unique_id() if comm.Get_rank() == 0 else None, root=0)
    return nccl.NcclCommunicator(comm.Get_size(), uid, comm.Get_rank())


def _abort_on_exception(kind, value, traceback):
    """An uncaught exception on one rank ends every rank: the others would wait for it in a collective."""
    sys.__excepthook__(kind, value, traceback)
    sys.stderr.flush()
    time.sleep(0.5)     # mpiexec forwards output in pieces: let it deliver the traceback before the abort kills all
    _world.comm.Abort(1)


def destroy_process_group():
    global _world
    _group()
    if _world.nccl_comm is not None:
        _world.nccl_comm.destroy()
    sys.excepthook, _world = _previous_excepthook, None


def is_initialized():
    return _world is not None


def _group():
    if _world is None:
        raise ValueError('Default process group has not been initialized, please make sure to call '
                         'init_process_group.')
    return _world


def get_rank():
    return _group().rank


def get_world_size():
    return _group().size


def all_reduce(tensor, op=ReduceOp.SUM):
    """Replace `tensor` on every rank by the sum (or product, min, max) of its values on all ranks."""
    world = _group()
    if world.nccl_comm is not None and backend.get_array_module(tensor._data) is not numpy:
        _nccl_call(tensor, op, lambda a, dtype, nccl_op, stream: world.nccl_comm.allReduce(
            a.data.ptr, a.data.ptr, a.size, dtype, nccl_op, stream))
    else:
        from mpi4py import MPI
        mpi_op = {ReduceOp.SUM: MPI.SUM, ReduceOp.PRODUCT: MPI.PROD, ReduceOp.MIN: MPI.MIN, ReduceOp.MAX: MPI.MAX}[op]
        _mpi_call(tensor, 'all_reduce', lambda buf: world.comm.Iallreduce(MPI.IN_PLACE, buf, mpi_op))


def broadcast(tensor, src):
    """Replace `tensor` on every rank by its value on rank `src`."""
    world = _group()
    if world.nccl_comm is not None and backend.get_array_module(tensor._data) is not numpy:
        _nccl_call(tensor, ReduceOp.SUM, lambda a, dtype, nccl_op, stream: world.nccl_comm.bcast(
            a.data.ptr, a.size, dtype, src, stream))
    else:
        _mpi_call(tensor, 'broadcast', lambda buf: world.comm.Ibcast(buf, root=src))


def barrier():
    """Wait until every rank has reached this call."""
    _wait(_group().comm.Ibarrier(), 'barrier')


def _mpi_call(tensor, name, start):
    """Run the MPI collective `start(buffer)` in place on the tensor's values. MPI reads and writes a contiguous
    host array: a view, or cupy data, goes through a copy that is written back."""
    a = tensor._data
    buf = numpy.ascontiguousarray(backend.as_numpy(a))   # no copy for a contiguous numpy array
    _wait(start(buf), name)
    if buf is not a:
        a[...] = backend.get_array_module(a).asarray(buf).reshape(a.shape)
    tensor._vc[0] += 1


def _wait(request, name):
    """Wait for a started collective, raising once the process group's timeout has passed."""
    deadline = time.monotonic() + _world.timeout
    while not request.Test():
        if time.monotonic() > deadline:
            raise RuntimeError(f'minigrad.distributed: {name} timed out after {_world.timeout:g} s on rank '
                               f'{_world.rank} of {_world.size}: another rank has died or stopped calling '
                               'collectives')


def _nccl_call(tensor, op, call):
    """Run the NCCL collective `call(array, nccl_dtype, nccl_op, stream)` in place on the tensor's contiguous cupy
    data."""
    import cupy
    from cupy.cuda import nccl
    a = tensor._data
    buf = cupy.ascontiguousarray(a)
    dtype, nccl_op = _nccl_names(buf.dtype, op)
    call(buf, getattr(nccl, dtype), getattr(nccl, nccl_op), cupy.cuda.get_current_stream().ptr)
    if buf is not a:
        a[...] = buf.reshape(a.shape)
    tensor._vc[0] += 1


# the NCCL data type (cupy.cuda.nccl.NCCL_<name>) that carries each dtype: bool as uint8, as in PyTorch
NCCL_TYPES = {'bool': 'UINT8', 'uint8': 'UINT8', 'int8': 'INT8', 'int32': 'INT32', 'int64': 'INT64',
              'float16': 'FLOAT16', 'float32': 'FLOAT32', 'float64': 'FLOAT64'}
NCCL_OPS = {ReduceOp.SUM: 'SUM', ReduceOp.PRODUCT: 'PROD', ReduceOp.MIN: 'MIN', ReduceOp.MAX: 'MAX'}
BOOL_OPS = {ReduceOp.SUM: 'MAX', ReduceOp.PRODUCT: 'MIN'}   # on bools PyTorch sums as `or`, multiplies as `and`


def _nccl_names(dtype, op):
    """The names in cupy.cuda.nccl of the data type and the reduction that carry numpy `dtype` and ReduceOp `op`;
    PyTorch's TypeError for a dtype NCCL has no type for (int16)."""
    if dtype.name not in NCCL_TYPES:
        raise TypeError(f'Input tensor data type is not supported for NCCL process group: {dtypes.title(dtype)}')
    reduce = BOOL_OPS.get(op, NCCL_OPS[op]) if dtype.kind == 'b' else NCCL_OPS[op]
    return 'NCCL_' + NCCL_TYPES[dtype.name], 'NCCL_' + reduce
