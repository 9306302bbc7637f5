"""The regularized incomplete gamma functions: igamma(a, x) = P(a, x) = 1/Γ(a) ∫_0^x t^(a-1) e^(-t) dt and
igammac(a, x) = Q(a, x) = 1 - P(a, x) (scipy.special's gammainc and gammaincc). As in PyTorch, only x has a
derivative: the one in a is not implemented."""
from .grad_utils import exp, log
from .operands import common_dtype, kernel_takes, write_out
from .table import export
from .trig import tensors
from ..autograd.function import Op
from ..backend import special


def density(a, x):
    """x^(a-1) e^(-x) / Γ(a), dP(a, x)/dx, on arrays or Tensors (recorded)."""
    lgamma = a.lgamma() if hasattr(a, 'lgamma') else special(a).gammaln(a)
    return exp((a - 1) * log(x) - x - lgamma)


class IgammaBackward0(Op):
    """out = P(a, x) = 1/Γ(a) ∫_0^x t^(a-1) e^(-t) dt;  dx = g x^(a-1) e^(-x) / Γ(a),  da: not implemented"""
    sign = 1
    promotes = True

    @staticmethod
    def forward(ctx, a, x):
        ctx.save_for_backward(a, x)
        name = 'gammainc' if ctx.sign > 0 else 'gammaincc'
        return getattr(special(a), name)(a, x).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        if ctx.needs_input_grad[0]:
            raise NotImplementedError(f"the derivative for '{type(ctx).__name__[:-9].lower()}: input' is not "
                                      'implemented.')
        a, x = ctx.saved_tensors
        return None, g * density(a, x) * ctx.sign


class IgammacBackward0(IgammaBackward0):
    """out = Q(a, x) = 1 - P(a, x);  dx = -g x^(a-1) e^(-x) / Γ(a),  da: not implemented"""
    sign = -1


def incomplete_gamma(node, name, input, other, out):
    a, x = tensors(name, input, other)
    kernel_takes(common_dtype(a, x), f'{name}_cpu', 'f')
    return write_out(node.apply(a, x), out, name)


@export(inplace=True)
def igamma(input, other, *, out=None):
    return incomplete_gamma(IgammaBackward0, 'igamma', input, other, out)


@export(inplace=True)
def igammac(input, other, *, out=None):
    return incomplete_gamma(IgammacBackward0, 'igammac', input, other, out)
