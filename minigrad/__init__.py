"""minigrad: a from-scratch tensor and autograd library on numpy (CPU) and cupy (GPU), with PyTorch's API.

    import minigrad as torch      # the tutorials' code, with the import changed
"""
from . import autograd, backend, cuda, dtypes, functions, random
from ._tensor_str import set_printoptions
from .autograd import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .autograd.grad_mode import inference_mode, is_inference_mode_enabled
from .backend import device, get_default_device, set_default_device
from .dtypes import (bfloat16, bool, double, dtype, finfo, float, float16, float32, float64, get_default_dtype, half,
                     iinfo, int, int8, int16, int32, int64, layout, long, set_default_dtype, short, strided, uint8)
from .dtypes import channels_last, channels_last_3d, contiguous_format, memory_format, preserve_format
from .factories import (arange, as_tensor, empty, empty_like, eye, from_numpy, full, full_like, linspace, logspace, ones,
                        ones_like, rand, rand_like, randint, randint_like, randn, randn_like, randperm, tensor, zeros,
                        zeros_like)
from .factories import range_ as range
from .factories import (asarray, bartlett_window, blackman_window, empty_strided, frombuffer, hamming_window, hann_window,
                        is_tensor, kaiser_window, typename)
from .functions.table import bind
from .random import (Generator, default_generator, get_rng_state, initial_seed, manual_seed, seed,
                     set_rng_state)
from .runtime import (are_deterministic_algorithms_enabled, compile, get_float32_matmul_precision,
                      is_deterministic_algorithms_warn_only_enabled, is_storage, is_warn_always_enabled,
                      set_float32_matmul_precision, set_flush_denormal, set_warn_always, use_deterministic_algorithms)
from .tensor import Size, Tensor
from .threads import get_num_threads, set_num_threads


# The op table: every op file's @export (minigrad/functions/), as Tensor methods and as minigrad.<name>.
globals().update(bind(Tensor))
numel, detach, detach_ = Tensor.numel, Tensor.detach, Tensor.detach_

from .tensortypes import TYPES as _TYPES  # noqa: E402  (FloatTensor, DoubleTensor, LongTensor, ...: PyTorch's
globals().update(_TYPES)                  # legacy typed tensor classes)


__version__ = '0.1.0'

from . import accelerator, backends, distributed, linalg, nn, optim, special, utils, viz  # noqa: E402  (they build on
# everything above)
from .serialization import load, save  # noqa: E402
from .nn import torch_level as _torch_level  # noqa: E402  (torch.layer_norm, torch.kl_div, ...: nn ops at the top)
globals().update({_name: getattr(_torch_level, _name) for _name in _torch_level.__all__})
