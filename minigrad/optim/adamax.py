"""Adamax, with PyTorch's arithmetic (its single-tensor implementation)."""
from ..factories import zeros_like
from ._functional import addcdiv_, lerp_
from .optimizer import Optimizer, advance, check_flags, check_options, scalar_state


class Adamax(Optimizer):
    """Adamax (Adam with the infinity norm; Kingma and Ba, 2014), as torch.optim.Adamax.

    For each parameter p with gradient g (after maximize and L2 weight decay), at step t = 1, 2, ...:

        m = m.lerp(g, 1 - beta1)
        u = max(beta2 * u, |g| + eps)
        p = p - lr / (1 - beta1 ** t) * m / u

    The state holds 'step', 'exp_avg' (m) and 'exp_inf' (u).
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False, capturable=False):
        check_options(lr=lr, eps=eps, betas=betas, weight_decay=weight_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable, capturable=capturable))
        check_flags(foreach, None, differentiable)

    def _init_state(self, p, group):
        return dict(step=scalar_state(0.0), exp_avg=zeros_like(p), exp_inf=zeros_like(p))

    def _update(self, p, param, grad, group):
        state = self._state(p, group)
        beta1, beta2 = group['betas']
        t = advance(state)
        exp_avg, exp_inf = state['exp_avg']._data, state['exp_inf']._data
        lerp_(exp_avg, grad, 1 - beta1)
        exp_inf *= beta2
        norm = p.xp.abs(grad)
        norm += group['eps']
        p.xp.maximum(exp_inf, norm, out=exp_inf)
        addcdiv_(param, exp_avg, exp_inf, -(group['lr'] / (1 - beta1 ** t)))
