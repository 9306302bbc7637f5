"""torch.backends.mps: Apple's Metal GPUs. minigrad has no Metal backend."""


def is_available():
    return False


def is_built():
    return False
