"""Switches of the framework that PyTorch code sets: deterministic algorithms and torch.compile."""
_deterministic = {'mode': False, 'warn_only': False}


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
