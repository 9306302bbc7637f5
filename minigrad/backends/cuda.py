"""torch.backends.cuda: CUDA (through cupy) is built in when cupy can be imported."""
from .. import backend


def is_built():
    return backend.cupy is not None


class _MatmulFlags:
    """torch.backends.cuda.matmul: precision flags of GPU matmuls (kept; cupy's matmuls use full float32)."""
    allow_tf32 = False
    allow_fp16_reduced_precision_reduction = True
    allow_bf16_reduced_precision_reduction = True


matmul = _MatmulFlags()
