"""Stochastic gradient descent, with PyTorch's update rule."""
from ..backend import quiet_floats
from ..tensor import Tensor
from .optimizer import Optimizer


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
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False):
        if lr < 0:
            raise ValueError(f'Invalid learning rate: {lr}')
        if momentum < 0:
            raise ValueError(f'Invalid momentum value: {momentum}')
        if weight_decay < 0:
            raise ValueError(f'Invalid weight_decay value: {weight_decay}')
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError('Nesterov momentum requires a momentum and zero dampening')
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov, maximize=maximize))

    @quiet_floats   # a diverging model gives inf and nan without numpy's warnings, as in PyTorch
    def step(self, closure=None):
        """Update every parameter that has a gradient; returns the closure's loss when one is given."""
        loss = self._closure_loss(closure)
        for group in self.param_groups:
            lr, momentum, dampening = group['lr'], group['momentum'], group['dampening']
            weight_decay, nesterov, maximize = group['weight_decay'], group['nesterov'], group['maximize']
            for p in group['params']:
                if p.grad is None:
                    continue
                param, grad = p._data, p.grad._data      # the arrays: numpy or cupy, updated in place
                if maximize:
                    grad = -grad
                if weight_decay != 0:
                    grad = grad + weight_decay * param
                if momentum != 0:
                    state = self.state[p]
                    if 'momentum_buffer' not in state:
                        buf = p.xp.array(grad)           # an array even for a 0-d parameter (numpy scalars)
                        state['momentum_buffer'] = Tensor._make(buf)
                    else:
                        buf = state['momentum_buffer']._data
                        buf *= momentum
                        buf += grad if dampening == 0 else (1 - dampening) * grad  # no temporary when undamped
                    grad = grad + momentum * buf if nesterov else buf
                param -= lr * grad
                p._vc[0] += 1                            # an in-place change, as p.add_() would record
        return loss
