"""Automatic differentiation: the graph (Function), the backward walk (engine), grad mode and checks."""
from .anomaly import detect_anomaly, set_detect_anomaly
from .function import Function
from .functional import backward, grad
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import GradcheckError, gradcheck, gradgradcheck


def Variable(data, requires_grad=False):
    """Old PyTorch's Variable (the 2019 tutorial uses it): today just a tensor."""
    from ..tensor import Tensor
    t = data if isinstance(data, Tensor) else Tensor(data)
    return t.requires_grad_(requires_grad) if requires_grad else t


__all__ = ['Function', 'backward', 'GradcheckError', 'Variable', 'detect_anomaly', 'enable_grad', 'grad', 'gradcheck',
           'gradgradcheck', 'is_grad_enabled', 'no_grad', 'set_detect_anomaly', 'set_grad_enabled']
