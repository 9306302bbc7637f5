"""Stochastic gradient descent, with PyTorch's update rule."""
from ..tensor import Tensor
from .optimizer import Optimizer, check_flags, check_options


class SGD(Optimizer):
    """SGD with optional momentum, dampening, Nesterov momentum and weight decay, as torch.optim.SGD.

    For each parameter p with gradient g (PyTorch's rule, step by step):

        g = -g                                  if maximize
        g = g + weight_decay * p                if weight_decay != 0
        if momentum != 0:
            buf = g                             at the first step
            buf = momentum * buf + (1 - dampening) * g     afterwards
            g = g + momentum * buf              if nesterov, else g = buf
        p = p - lr * g

    The state holds 'momentum_buffer' only when momentum != 0, as in PyTorch.
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False, fused=None):
        check_options(lr=lr, momentum=momentum, weight_decay=weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError('Nesterov momentum requires a momentum and zero dampening')
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov, maximize=maximize, foreach=foreach,
                                      differentiable=differentiable, fused=fused))
        check_flags(foreach, fused, differentiable)

    def _update(self, p, param, grad, group):
        momentum, dampening = group['momentum'], group['dampening']
        if momentum != 0:
            state = self.state[p]
            if 'momentum_buffer' not in state:
                buf = p.xp.array(grad)                   # an array even for a 0-d parameter (numpy scalars)
                state['momentum_buffer'] = Tensor._make(buf)
            else:
                buf = state['momentum_buffer']._data
                buf *= momentum
                buf += grad if dampening == 0 else (1 - dampening) * grad  # no temporary when undamped
            grad = grad + momentum * buf if group['nesterov'] else buf
        param -= group['lr'] * grad
