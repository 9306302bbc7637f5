"""Moving tensors and weights between PyTorch and minigrad (both ways copy the values).

minigrad does not depend on torch: `to_torch` imports it when called, and `from_torch` only asks the torch
tensor for a numpy copy of its values.
"""
from ..factories import tensor
from ..tensor import Tensor


def from_torch(t):
    """A minigrad tensor (on the CPU) holding a copy of torch tensor `t`'s values, in the same dtype."""
    return tensor(t.detach().cpu().numpy())


def to_torch(t):
    """A torch tensor (on the CPU) holding a copy of minigrad tensor `t`'s values, in the same dtype."""
    import torch
    return torch.from_numpy(t.detach().cpu().numpy().copy())


def copy_weights(source, target):
    """Load `source`'s parameters and buffers into `target`, a module of the other library with the same names
    (strict): a torch module into a minigrad one, or a minigrad module into a torch one."""
    state = {name: to_torch(value) if isinstance(value, Tensor) else from_torch(value)
             for name, value in source.state_dict().items()}
    return target.load_state_dict(state, strict=True)
