"""How many threads minigrad's CPU work uses, with PyTorch's names: set_num_threads(n), get_num_threads().

minigrad's only threads are those of numpy's BLAS, which runs the matmuls (so Linear and conv); every other numpy
call runs on one core. (Handing conv's batch chunks to a pool of Python threads was tried: on 2 cores numpy's strided
copies and small matmuls ran under 10% faster, so it was left out.)
"""
from threadpoolctl import threadpool_info, threadpool_limits


def get_num_threads():
    """The threads numpy's BLAS may use (all cores unless set_num_threads said otherwise)."""
    return max([pool['num_threads'] for pool in threadpool_info() if pool['user_api'] == 'blas'], default=1)


def set_num_threads(n):
    """Let numpy's BLAS use n threads, as torch.set_num_threads(n) sets the threads of PyTorch's ops."""
    if not isinstance(n, int) or n < 1:
        raise RuntimeError('set_num_threads expects a positive integer')
    threadpool_limits(n, user_api='blas')
