"""nn.utils.weight_norm (deprecated in PyTorch for parametrizations.weight_norm, and still used): the parameter
`name` replaced by name_g (its norm over every dimension but `dim`) and name_v (its direction), the weight computed
from them by a forward pre-hook before each call, so gradients reach g and v."""
import warnings

from ..parameter import Parameter
from ...functions.weight_norm import _weight_norm, norm_except_dim


class WeightNorm:
    """The forward pre-hook that recomputes module.<name> from <name>_g and <name>_v."""

    def __init__(self, name, dim):
        self.name, self.dim = name, -1 if dim is None else dim

    def compute_weight(self, module):
        return _weight_norm(getattr(module, self.name + '_v'), getattr(module, self.name + '_g'), self.dim)

    @staticmethod
    def apply(module, name, dim):
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, WeightNorm) and hook.name == name:
                raise RuntimeError(f'Cannot register two weight_norm hooks on the same parameter {name}')
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        delattr(module, name)
        module.register_parameter(name + '_g', Parameter(norm_except_dim(weight, 2, fn.dim).detach()))
        module.register_parameter(name + '_v', Parameter(weight.detach()))
        setattr(module, name, fn.compute_weight(module))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module):
        weight = self.compute_weight(module)
        for n in (self.name, self.name + '_g', self.name + '_v'):
            delattr(module, n)
        setattr(module, self.name, Parameter(weight.detach()))

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module, name='weight', dim=0):
    """Reparametrize module.<name> as <name>_g * <name>_v / ||<name>_v|| (the norm over every dimension but dim; dim
    None: over all of it). Returns the module."""
    warnings.warn('`torch.nn.utils.weight_norm` is deprecated in favor of `torch.nn.utils.parametrizations.'
                  'weight_norm`.', FutureWarning, stacklevel=2)
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module, name='weight'):
    """Undo weight_norm: module.<name> a plain Parameter again, with the weight's current value."""
    for k, hook in list(module._forward_pre_hooks.items()):
        if isinstance(hook, WeightNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[k]
            return module
    raise ValueError(f"weight_norm of '{name}' not found in {module}")
