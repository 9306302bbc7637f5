"""The regularized incomplete gamma functions: igamma(a, x) = P(a, x) = 1/Γ(a) ∫_0^x t^(a-1) e^(-t) dt and
igammac(a, x) = Q(a, x) = 1 - P(a, x) (scipy.special's gammainc and gammaincc). As in PyTorch, only x has a
derivative: the one in a is not implemented."""
from .grad_utils import exp, log, subtract
from .operands import common_dtype, kernel_takes, write_out
from .table import export
from .trig import tensors
from .. import dtypes
from ..autograd.function import Op
from ..backend import special


def density(a, x):
    """x^(a-1) e^(-x) / Γ(a), dP(a, x)/dx, on arrays or Tensors (recorded); ln Γ(a) of an integer a in the default
    float dtype, as PyTorch's lgamma gives it."""
    if hasattr(a, 'lgamma'):
        lgamma = a.lgamma()
    else:
        lgamma = special(a).gammaln(a if a.dtype.kind == 'f' else a.astype(dtypes.get_default_dtype().np))
    return exp(subtract(a, 1) * log(x) - x - lgamma)    # a - 1: PyTorch's error for a bool a


class IgammaBackward0(Op):
    """out = P(a, x) = 1/Γ(a) ∫_0^x t^(a-1) e^(-t) dt;  dx = g x^(a-1) e^(-x) / Γ(a),  da: not implemented"""
    promotes = True
    sign = 1

    @staticmethod
    def forward(ctx, a, x):
        ctx.save_for_backward(*(x, a) if ctx.needs_input_grad[1] else ())    # dx's, in PyTorch's order
        name = 'gammainc' if ctx.sign > 0 else 'gammaincc'
        return getattr(special(a), name)(a, x).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, g):
        x, a = ctx.saved_tensors or (None, None)   # first: an in-place change is the error PyTorch gives first
        if ctx.needs_input_grad[0]:
            raise NotImplementedError(f"the derivative for '{type(ctx).__name__[:-9].lower()}: input' is not "
                                      'implemented.')
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
