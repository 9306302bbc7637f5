"""Dropout as PyTorch's ATen functions (torch.dropout, feature_dropout, alpha_dropout, feature_alpha_dropout and their
in-place forms, each (input, p, train)); nn.functional's dropout layers call the same dropout_impl after their own
checks. Composite, as in PyTorch: the input times a random mask (MulBackward0), plus a shift for alpha dropout
(AddBackward0). The masks come from minigrad's generators, not PyTorch's."""
import math

from .arguments import NotAnOperand
from .table import export
from .. import dtypes, random
from ..autograd.grad_mode import no_grad
from ..tensor import Tensor

SELU_ALPHA = 1.7580993408473766    # -SELU's scale * alpha: the value SELU tends to at -infinity, negated


def dropout_impl(input, p, train, inplace, feature=False, alpha=False):
    """PyTorch's _dropout_impl: input times a mask of 0s (probability p) and 1s, scaled by 1/(1-p). feature: one mask
    value per (sample, channel), zeroing whole channels. alpha: the dropped elements set to SELU's negative
    saturation value and all rescaled (a x + b) so that a standard normal input keeps its mean and variance."""
    if not isinstance(input, Tensor):
        raise NotAnOperand(input, 'input', 1)
    if not train or p == 0 or input.numel() == 0:
        return input
    if p == 1:      # as PyTorch: times a zero of input's dtype
        return input.mul_(input.new_zeros(())) if inplace else input * input.new_zeros(())
    if feature and input.ndim < 2:
        raise RuntimeError('Feature dropout requires at least 2 dimensions in the input')
    dtypes.check_cast(dtypes.float32, input.dtype)     # PyTorch's error, from scaling an integer mask in place
    shape = input.shape[:2] + (1,) * (input.ndim - 2) if feature else input.shape
    with no_grad():
        draws = Tensor._make(random.uniform(shape, 0, 1, input._data.dtype, input.device, None))
        keep = (draws >= p).to(input.dtype)
        if alpha:
            a = 1 / math.sqrt((SELU_ALPHA ** 2 * p + 1) * (1 - p))
            shift, keep = (keep - 1) * (SELU_ALPHA * a) + SELU_ALPHA * a * p, keep * a
        else:
            keep = keep * (1 / (1 - p))
    out = input.mul_(keep) if inplace else input * keep
    return out.add_(shift) if alpha else out


def aten_dropout(name, feature, alpha, inplace):
    """minigrad.<name>(input, p, train): dropout_impl with PyTorch's check of p (a RuntimeError at this level)."""
    def fn(input, p, train):
        if not 0 <= p <= 1:
            raise RuntimeError(f'dropout probability has to be between 0 and 1, but got {p}')
        return dropout_impl(input, p, train, inplace, feature, alpha)
    fn.__name__ = fn.__qualname__ = name
    return export(method=False)(fn)


for _name, _feature, _alpha in (('dropout', False, False), ('feature_dropout', True, False),
                                ('alpha_dropout', False, True), ('feature_alpha_dropout', True, True)):
    aten_dropout(_name, _feature, _alpha, inplace=False)
    aten_dropout(_name + '_', _feature, _alpha, inplace=True)
