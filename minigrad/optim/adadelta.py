"""Adadelta, with PyTorch's arithmetic (its single-tensor implementation)."""
from ..factories import zeros_like
from .optimizer import Optimizer, advance, check_flags, check_options, scalar_state
from ._functional import decay_


class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012), as torch.optim.Adadelta.

    For each parameter p with gradient g (after maximize and L2 weight decay), at each step:

        v = rho * v + (1 - rho) * g * g
        delta = sqrt(u + eps) / sqrt(v + eps) * g
        u = rho * u + (1 - rho) * delta * delta
        p = p - lr * delta

    The state holds 'step', 'square_avg' (v) and 'acc_delta' (u).
    """

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *, capturable=False,
                 maximize=False, differentiable=False):
        check_options(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay)
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                                      capturable=capturable, foreach=foreach, differentiable=differentiable))
        check_flags(foreach, None, differentiable)

    def _init_state(self, p, group):
        return dict(step=scalar_state(0.0), square_avg=zeros_like(p), acc_delta=zeros_like(p))

    def _update(self, p, param, grad, group):
        state = self._state(p, group)
        rho, eps, xp = group['rho'], group['eps'], p.xp
        advance(state)
        square_avg, acc_delta = state['square_avg']._data, state['acc_delta']._data
        decay_(square_avg, rho, grad, grad, 1 - rho)
        std = xp.sqrt(square_avg + eps)
        delta = xp.sqrt(acc_delta + eps)
        delta /= std
        delta *= grad
        decay_(acc_delta, rho, delta, delta, 1 - rho)
        param += -group['lr'] * delta
