"""nn.utils.parametrizations: weight_norm as a parametrization (parametrize.py): the weight computed from
parametrizations.weight.original0 (g, its norm over every dimension but `dim`) and original1 (v, its direction)."""
from . import parametrize
from ..module import Module
from ...functions.weight_norm import _weight_norm, norm_except_dim


class _WeightNorm(Module):
    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return _weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return norm_except_dim(weight, 2, self.dim), weight


def weight_norm(module, name='weight', dim=0):
    """module.<name> = g v / ||v||, g = parametrizations.<name>.original0 and v = original1, the norm over every
    dimension but dim (dim None: over all of it). Returns the module."""
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module
