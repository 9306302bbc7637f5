"""RMSprop, with PyTorch's arithmetic (its single-tensor implementation)."""
from ..factories import zeros_like
from ._functional import addcdiv_, decay_, lerp_
from .optimizer import Optimizer, advance, check_flags, check_options, scalar_state


class RMSprop(Optimizer):
    """RMSprop (Hinton), with optional momentum and centering, as torch.optim.RMSprop.

    For each parameter p with gradient g (after maximize and L2 weight decay), at each step:

        v = alpha * v + (1 - alpha) * g * g
        avg = sqrt(v - g_avg * g_avg) + eps, g_avg = g_avg.lerp(g, 1 - alpha)     if centered
        avg = sqrt(v) + eps                                                         otherwise
        buf = momentum * buf + g / avg;  p = p - lr * buf                           if momentum > 0
        p = p - lr * g / avg                                                        otherwise

    The state holds 'step', 'square_avg' (v), 'momentum_buffer' (momentum > 0) and 'grad_avg' (centered).
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        check_options(lr=lr, eps=eps, momentum=momentum, weight_decay=weight_decay, alpha=alpha)
        super().__init__(params, dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                                      weight_decay=weight_decay, capturable=capturable, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable))
        check_flags(foreach, None, differentiable)

    def _init_state(self, p, group):
        state = dict(step=scalar_state(0.0), square_avg=zeros_like(p))
        if group['momentum'] > 0:
            state['momentum_buffer'] = zeros_like(p)
        if group['centered']:
            state['grad_avg'] = zeros_like(p)
        return state

    def _update(self, p, param, grad, group):
        state = self._state(p, group)
        alpha, momentum = group['alpha'], group['momentum']
        advance(state)
        square_avg = state['square_avg']._data
        decay_(square_avg, alpha, grad, grad, 1 - alpha)
        if group['centered']:
            grad_avg = state['grad_avg']._data
            lerp_(grad_avg, grad, 1 - alpha)
            avg = p.xp.sqrt(square_avg + -1 * grad_avg * grad_avg)
        else:
            avg = p.xp.sqrt(square_avg)
        avg += group['eps']
        if momentum > 0:
            buf = state['momentum_buffer']._data
            buf *= momentum
            addcdiv_(buf, grad, avg)
            param += -group['lr'] * buf
        else:
            addcdiv_(param, grad, avg, -group['lr'])
