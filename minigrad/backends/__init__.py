"""torch.backends: what each backend is and its flags. minigrad computes with numpy on the CPU and with cupy on
CUDA GPUs; the flags PyTorch code sets (cudnn.benchmark, cuda.matmul.allow_tf32, ...) are kept and read back, and
change nothing here: cupy picks its own kernels."""
from . import cpu, cuda, cudnn, mha, mkldnn, mps, openmp  # noqa: F401
