"""Adam, with PyTorch's arithmetic (its single-tensor implementation, the one it runs on the CPU)."""
from .. import dtypes
from ..backend import quiet_floats
from ..factories import tensor, zeros_like
from .optimizer import Optimizer


class Adam(Optimizer):
    """Adam (Kingma and Ba, 2014), with optional AMSGrad and L2 weight decay, as torch.optim.Adam.

    For each parameter p with gradient g, at step t = 1, 2, ... (PyTorch's rule, step by step):

        g = -g                                    if maximize
        g = g + weight_decay * p                  if weight_decay != 0
        m = m + (1 - beta1) * (g - m)             (m.lerp_(g, 1 - beta1): m = beta1 * m + (1 - beta1) * g)
        v = beta2 * v + (1 - beta2) * g * g
        v_max = max(v_max, v)                     if amsgrad (then v_max replaces v below)
        step_size = lr / (1 - beta1 ** t)
        denom = sqrt(v) / sqrt(1 - beta2 ** t) + eps
        p = p - step_size * m / denom

    The state of each parameter holds 'step' (a float32 CPU scalar), 'exp_avg' (m), 'exp_avg_sq' (v) and, with
    amsgrad, 'max_exp_avg_sq', as in PyTorch.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 maximize=False):
        if lr < 0:
            raise ValueError(f'Invalid learning rate: {lr}')
        if eps < 0:
            raise ValueError(f'Invalid epsilon value: {eps}')
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f'Invalid beta parameter at index 0: {betas[0]}')
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f'Invalid beta parameter at index 1: {betas[1]}')
        if weight_decay < 0:
            raise ValueError(f'Invalid weight_decay value: {weight_decay}')
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                                      maximize=maximize))

    def _init_state(self, p, amsgrad):
        state = self.state[p]
        state['step'] = tensor(0.0, dtype=dtypes.float32)
        state['exp_avg'] = zeros_like(p)
        state['exp_avg_sq'] = zeros_like(p)
        if amsgrad:
            state['max_exp_avg_sq'] = zeros_like(p)
        return state

    @quiet_floats   # a diverging model gives inf and nan without numpy's warnings, as in PyTorch
    def step(self, closure=None):
        """Update every parameter that has a gradient; returns the closure's loss when one is given."""
        loss = self._closure_loss(closure)
        for group in self.param_groups:
            lr, (beta1, beta2), eps = group['lr'], group['betas'], group['eps']
            weight_decay, amsgrad, maximize = group['weight_decay'], group['amsgrad'], group['maximize']
            for p in group['params']:
                if p.grad is None:
                    continue
                state = self.state[p] or self._init_state(p, amsgrad)
                param, grad = p._data, p.grad._data      # the arrays: numpy or cupy, updated in place
                xp = p.xp
                exp_avg, exp_avg_sq = state['exp_avg']._data, state['exp_avg_sq']._data
                state['step']._data += 1
                t = state['step'].item()
                if maximize:
                    grad = -grad
                if weight_decay != 0:
                    grad = grad + weight_decay * param
                tmp = xp.subtract(grad, exp_avg, out=xp.empty_like(exp_avg))   # scratch arrays: tmp and denom
                tmp *= 1 - beta1
                exp_avg += tmp                            # m = m + (1 - beta1) * (g - m)
                exp_avg_sq *= beta2
                xp.multiply(grad, 1 - beta2, out=tmp)
                tmp *= grad
                exp_avg_sq += tmp                         # v = beta2 * v + (1 - beta2) * g * g
                if amsgrad:
                    v = state['max_exp_avg_sq']._data
                    xp.maximum(v, exp_avg_sq, out=v)
                else:
                    v = exp_avg_sq
                step_size = lr / (1 - beta1 ** t)
                denom = xp.sqrt(v)
                denom /= (1 - beta2 ** t) ** 0.5
                denom += eps                              # denom = sqrt(v) / sqrt(1 - beta2 ** t) + eps
                xp.multiply(exp_avg, -step_size, out=tmp)
                tmp /= denom
                param += tmp                              # p = p - step_size * m / denom
                p._vc[0] += 1                            # an in-place change, as p.add_() would record
        return loss
