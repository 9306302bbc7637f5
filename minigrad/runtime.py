"""Switches of the framework that PyTorch code sets: deterministic algorithms, torch.compile, the float32 matmul
precision, warn-always and flush-denormal."""
import warnings

_deterministic = {'mode': False, 'warn_only': False}
_switches = {'float32_matmul_precision': 'highest', 'warn_always': False}


def use_deterministic_algorithms(mode, *, warn_only=False):
    """torch.use_deterministic_algorithms. minigrad's ops are deterministic already (numpy and cupy kernels with a
    fixed order; scatter-adds through add.at), so the flag is kept and read back and changes nothing."""
    if not isinstance(mode, bool):
        raise TypeError(f'use_deterministic_algorithms(): argument \'mode\' (position 1) must be bool, '
                        f'not {type(mode).__name__}')
    _deterministic.update(mode=mode, warn_only=warn_only)


def are_deterministic_algorithms_enabled():
    return _deterministic['mode']


def is_deterministic_algorithms_warn_only_enabled():
    return _deterministic['warn_only']


def compile(model=None, *, fullgraph=False, dynamic=None, backend='inductor', mode=None, options=None,
            disable=False, **kwargs):
    """torch.compile, accepted and returning `model` unchanged: minigrad has no compiler (its ops run eagerly as
    numpy calls), so compiled code runs as written. Without a model it returns a decorator, as PyTorch's does."""
    if mode is not None and options is not None:
        raise RuntimeError("Either mode or options can be specified, but both can't be specified at the same time.")
    if model is None:
        return lambda fn: fn
    if not callable(model):
        raise RuntimeError('torch.compile() expects a callable or a torch.nn.Module')
    return model


def set_float32_matmul_precision(precision):
    """torch.set_float32_matmul_precision: 'highest', 'high' or 'medium' (PyTorch may then use TF32 or bfloat16
    inside float32 matmuls on a GPU). Kept and read back; minigrad's matmuls always run in full float32."""
    if precision not in ('highest', 'high', 'medium'):
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      'setFloat32MatmulPrecision call has no effect.', UserWarning, stacklevel=2)
        return
    _switches['float32_matmul_precision'] = precision


def get_float32_matmul_precision():
    return _switches['float32_matmul_precision']


def set_warn_always(b):
    """torch.set_warn_always: PyTorch's warn-once warnings then warn every time. Kept and read back: minigrad's
    warnings go through Python's warnings module, whose filters decide how often they show."""
    if not isinstance(b, bool):
        raise RuntimeError(f'setWarnOnlyOnce expects a bool, but got {type(b).__name__}')
    _switches['warn_always'] = b


def is_warn_always_enabled():
    return _switches['warn_always']


def set_flush_denormal(mode):
    """torch.set_flush_denormal: returns whether flushing denormal floats to zero is supported. numpy has no such
    switch, so minigrad answers False (as PyTorch does on a CPU without it) and denormals stay."""
    if not isinstance(mode, bool):
        raise RuntimeError(f'flush_denormal expects a bool, but got {type(mode).__name__}')
    return False


def is_storage(obj):
    """torch.is_storage: whether obj is a storage object. minigrad has no storage objects (a tensor's memory is its
    array), so nothing is one."""
    return False
