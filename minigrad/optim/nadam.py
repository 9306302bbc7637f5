"""NAdam, with PyTorch's arithmetic (its single-tensor implementation)."""
from ..factories import zeros_like
from ._functional import addcdiv_, decay_, lerp_
from .optimizer import Optimizer, advance, check_flags, check_options, scalar_state


class NAdam(Optimizer):
    """NAdam (Adam with Nesterov momentum; Dozat, 2016), as torch.optim.NAdam.

    For each parameter p with gradient g (after maximize and weight decay, L2 or decoupled), at step t:

        mu_t = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay));  mu_product = mu_1 * ... * mu_t
        m = m.lerp(g, 1 - beta1);  v = beta2 * v + (1 - beta2) * g * g
        denom = sqrt(v / (1 - beta2 ** t)) + eps
        p = p - lr * (1 - mu_t) / (1 - mu_product) * g / denom
              - lr * mu_{t+1} / (1 - mu_product * mu_{t+1}) * m / denom

    The state holds 'step', 'mu_product' (a CPU scalar of the step's dtype, multiplied in it as in PyTorch),
    'exp_avg' (m) and 'exp_avg_sq' (v).
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        check_options(lr=lr, eps=eps, betas=betas, weight_decay=weight_decay, momentum_decay=momentum_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay, decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize, foreach=foreach, capturable=capturable,
                                      differentiable=differentiable))
        check_flags(foreach, None, differentiable)

    def _init_state(self, p, group):
        return dict(step=scalar_state(0.0), mu_product=scalar_state(1.0), exp_avg=zeros_like(p),
                    exp_avg_sq=zeros_like(p))

    def _update(self, p, param, grad, group):
        state = self._state(p, group)
        lr, (beta1, beta2), decay = group['lr'], group['betas'], group['momentum_decay']
        t = advance(state)
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * decay))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * decay))
        state['mu_product']._data *= mu
        mu_product = state['mu_product'].item()
        exp_avg, exp_avg_sq = state['exp_avg']._data, state['exp_avg_sq']._data
        lerp_(exp_avg, grad, 1 - beta1)
        decay_(exp_avg_sq, beta2, grad, grad, 1 - beta2)
        denom = p.xp.sqrt(exp_avg_sq / (1 - beta2 ** t))
        denom += group['eps']
        addcdiv_(param, grad, denom, -lr * (1.0 - mu) / (1.0 - mu_product))
        addcdiv_(param, exp_avg, denom, -lr * mu_next / (1.0 - mu_product * mu_next))
