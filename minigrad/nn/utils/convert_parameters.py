"""Parameters as one flat vector and back, as torch.nn.utils.convert_parameters."""
from ...functions.shape import cat
from ...tensor import Tensor


def _check_param_device(param, old_param_device):
    """All parameters must be on one device: returns it."""
    if old_param_device is not None and param.device != old_param_device:
        raise TypeError('Found two parameters on different devices, this is currently not supported.')
    return param.device


def parameters_to_vector(parameters):
    """The parameters flattened and concatenated into one 1-d tensor (differentiable, as PyTorch's)."""
    device, vec = None, []
    for param in parameters:
        device = _check_param_device(param, device)
        vec.append(param.view(-1))
    return cat(vec)


def vector_to_parameters(vec, parameters):
    """Set each parameter's data to its slice of `vec` (the parameters share vec's memory afterwards)."""
    if not isinstance(vec, Tensor):
        cls = type(vec)
        name = cls.__qualname__ if cls.__module__ == 'builtins' else f'{cls.__module__}.{cls.__qualname__}'
        raise TypeError(f'expected torch.Tensor, but got: {name}')
    device, pointer = None, 0
    for param in parameters:
        device = _check_param_device(param, device)
        num_param = param.numel()
        param.data = vec[pointer:pointer + num_param].view_as(param).data
        pointer += num_param
