"""torch.backends.openmp: minigrad starts no OpenMP threads of its own (numpy's BLAS has its own pool)."""


def is_available():
    return False
