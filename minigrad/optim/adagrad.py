"""Adagrad, with PyTorch's arithmetic (its single-tensor implementation)."""
from ..factories import full_like
from ._functional import addcdiv_, addcmul_
from .optimizer import Optimizer, advance, check_flags, check_options, scalar_state


class Adagrad(Optimizer):
    """Adagrad (Duchi et al., 2011), as torch.optim.Adagrad.

    For each parameter p with gradient g (after maximize and L2 weight decay), at step t = 1, 2, ...:

        clr = lr / (1 + (t - 1) * lr_decay)
        sum = sum + g * g
        p = p - clr * g / (sqrt(sum) + eps)

    The state ('step', 'sum' = initial_accumulator_value) is made for every parameter when the optimizer is, as in
    PyTorch; a group added later gets it at its first step.
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False, fused=None):
        check_options(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                      initial_accumulator_value=initial_accumulator_value, eps=eps)
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable, fused=fused))
        check_flags(foreach, fused, differentiable)
        for group in self.param_groups:
            for p in group['params']:
                self._state(p, group)

    def _init_state(self, p, group):
        # PyTorch fills every accumulator with the optimizer's initial_accumulator_value, not the group's
        return dict(step=scalar_state(0.0), sum=full_like(p, self.defaults['initial_accumulator_value']))

    def _update(self, p, param, grad, group):
        state = self._state(p, group)
        t = advance(state)
        clr = group['lr'] / (1 + (t - 1) * group['lr_decay'])
        state_sum = state['sum']._data
        addcmul_(state_sum, grad, grad, 1)
        std = p.xp.sqrt(state_sum)
        std += group['eps']
        addcdiv_(param, grad, std, -clr)
