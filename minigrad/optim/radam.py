"""RAdam, with PyTorch's arithmetic (its single-tensor implementation)."""
from ..factories import zeros_like
from ._functional import decay_, lerp_
from .optimizer import Optimizer, advance, check_flags, check_options, scalar_state


class RAdam(Optimizer):
    """RAdam (rectified Adam; Liu et al., 2019), as torch.optim.RAdam.

    For each parameter p with gradient g (after maximize and weight decay, L2 or decoupled), at step t:

        m = m.lerp(g, 1 - beta1);  v = beta2 * v + (1 - beta2) * g * g
        rho_inf = 2 / (1 - beta2) - 1;  rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
        r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
        p = p - lr * m / (1 - beta1^t) * sqrt(1 - beta2^t) / (sqrt(v) + eps) * r     if rho_t > 5
        p = p - lr * m / (1 - beta1^t)                                               otherwise

    The state holds 'step', 'exp_avg' (m) and 'exp_avg_sq' (v).
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, decoupled_weight_decay=False,
                 *, foreach=None, maximize=False, capturable=False, differentiable=False):
        check_options(lr=lr, eps=eps, betas=betas, weight_decay=weight_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize,
                                      foreach=foreach, capturable=capturable,
                                      decoupled_weight_decay=decoupled_weight_decay, differentiable=differentiable))
        check_flags(foreach, None, differentiable)

    def _init_state(self, p, group):
        return dict(step=scalar_state(0.0), exp_avg=zeros_like(p), exp_avg_sq=zeros_like(p))

    def _update(self, p, param, grad, group):
        state = self._state(p, group)
        lr, (beta1, beta2) = group['lr'], group['betas']
        t = advance(state)
        exp_avg, exp_avg_sq = state['exp_avg']._data, state['exp_avg_sq']._data
        lerp_(exp_avg, grad, 1 - beta1)
        decay_(exp_avg_sq, beta2, grad, grad, 1 - beta2)
        bias_correction2 = 1 - beta2 ** t
        update = exp_avg / (1 - beta1 ** t) * lr
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * t * beta2 ** t / bias_correction2
        if rho_t > 5.0:
            denom = p.xp.sqrt(exp_avg_sq)
            denom += group['eps']
            update = update * ((1 / denom) * bias_correction2 ** 0.5)    # float / tensor: reciprocal, then times
            update = update * ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        param += -1.0 * update
