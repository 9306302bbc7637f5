"""How many CPU threads minigrad uses, with PyTorch's names: set_num_threads(n), get_num_threads().

numpy computes each call on one core; only its BLAS (the matmuls) has threads of its own. So conv2d, whose work is
a loop over chunks of the batch, hands its chunks to a pool of threads: numpy lets go of the GIL inside its copies
and matmuls, so two chunks run on two cores at once.
"""
import os
from concurrent.futures import ThreadPoolExecutor

from threadpoolctl import threadpool_limits

_threads = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count() or 1
_pool = None


def get_num_threads():
    """The number of threads minigrad's CPU ops use (all cores unless set_num_threads said otherwise)."""
    return _threads


def set_num_threads(n):
    """Use n threads on the CPU: n chunks of a conv at once, and n threads in numpy's BLAS, as
    torch.set_num_threads(n) sets the threads of PyTorch's ops."""
    global _threads, _pool
    if not isinstance(n, int) or n < 1:
        raise RuntimeError('set_num_threads expects a positive integer')
    threadpool_limits(n, user_api='blas')
    if _pool is not None:
        _pool.shutdown()
    _threads, _pool = n, None


def map_chunks(fn, chunks):
    """[fn(chunk) for chunk in chunks], on up to get_num_threads() threads at once."""
    global _pool
    if _threads == 1 or len(chunks) == 1:
        return [fn(chunk) for chunk in chunks]
    if _pool is None:
        _pool = ThreadPoolExecutor(_threads, thread_name_prefix='minigrad')
    return list(_pool.map(fn, chunks))
