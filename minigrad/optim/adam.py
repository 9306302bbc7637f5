"""Adam, with PyTorch's arithmetic (its single-tensor implementation, the one it runs on the CPU)."""
from ..factories import zeros_like
from ._functional import addcdiv_, decay_, lerp_
from .optimizer import Optimizer, advance, check_flags, check_options, scalar_state


class Adam(Optimizer):
    """Adam (Kingma and Ba, 2014), with optional AMSGrad and weight decay, as torch.optim.Adam.

    For each parameter p with gradient g, at step t = 1, 2, ... (PyTorch's rule, step by step):

        g = -g                                    if maximize
        p = p * (1 - lr * weight_decay)           if decoupled_weight_decay (AdamW)
        g = g + weight_decay * p                  otherwise, if weight_decay != 0
        m = m.lerp(g, 1 - beta1)                  (m = beta1 * m + (1 - beta1) * g)
        v = beta2 * v + (1 - beta2) * g * g
        v_max = max(v_max, v)                     if amsgrad (then v_max replaces v below)
        step_size = lr / (1 - beta1 ** t)
        denom = sqrt(v) / sqrt(1 - beta2 ** t) + eps
        p = p - step_size * m / denom

    The state of each parameter holds 'step' (a float32 CPU scalar), 'exp_avg' (m), 'exp_avg_sq' (v) and, with
    amsgrad, 'max_exp_avg_sq', as in PyTorch.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
                 decoupled_weight_decay=False):
        check_options(lr=lr, eps=eps, betas=betas, weight_decay=weight_decay)
        if not all(isinstance(beta, float) for beta in betas):     # PyTorch's Adam alone checks this
            raise ValueError('betas must be either both floats or both Tensors')
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                                      amsgrad=amsgrad, maximize=maximize, foreach=foreach, capturable=capturable,
                                      differentiable=differentiable, fused=fused,
                                      decoupled_weight_decay=decoupled_weight_decay))
        check_flags(foreach, fused, differentiable)

    def _init_state(self, p, group):
        state = dict(step=scalar_state(0.0), exp_avg=zeros_like(p), exp_avg_sq=zeros_like(p))
        if group['amsgrad']:
            state['max_exp_avg_sq'] = zeros_like(p)
        return state

    def _update(self, p, param, grad, group):
        state = self._state(p, group)
        lr, (beta1, beta2), eps = group['lr'], group['betas'], group['eps']
        t = advance(state)
        exp_avg, v = state['exp_avg']._data, state['exp_avg_sq']._data
        lerp_(exp_avg, grad, 1 - beta1)
        decay_(v, beta2, grad, grad, 1 - beta2)
        if group['amsgrad']:
            v_max = state['max_exp_avg_sq']._data
            p.xp.maximum(v_max, v, out=v_max)
            v = v_max
        step_size = lr / (1 - beta1 ** t)
        denom = p.xp.sqrt(v) / (1 - beta2 ** t) ** 0.5
        denom += eps
        addcdiv_(param, exp_avg, denom, -step_size)

