"""Moving tensors and weights between PyTorch and minigrad (both ways copy the values).

minigrad does not depend on torch: `to_torch` imports it when called, and `from_torch` only asks the torch
tensor for a numpy copy of its values.
"""
from ..factories import tensor


def from_torch(t):
    """A minigrad tensor (on the CPU) holding a copy of torch tensor `t`'s values, in the same dtype."""
    return tensor(t.detach().cpu().numpy())


def to_torch(t):
    """A torch tensor (on the CPU) holding a copy of minigrad tensor `t`'s values, in the same dtype."""
    import torch
    return torch.from_numpy(t.detach().cpu().numpy().copy())


def copy_weights(torch_module, minigrad_module):
    """Load a torch module's parameters and buffers into a minigrad module with the same names (strict)."""
    state = {name: from_torch(value) for name, value in torch_module.state_dict().items()}
    return minigrad_module.load_state_dict(state, strict=True)
