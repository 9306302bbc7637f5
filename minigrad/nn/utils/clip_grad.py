"""Gradient clipping, as torch.nn.utils.clip_grad: by the total norm of all gradients, or elementwise by value.
The gradients are scaled in place, with no graph, as PyTorch's per-tensor (CPU) path computes them."""
import functools
import types
import warnings

from ...autograd import no_grad
from ...factories import tensor as as_tensor
from ...functions.reduce import norm
from ...functions.shape import stack
from ...tensor import Tensor


def _as_list(tensors):
    return [tensors] if isinstance(tensors, Tensor) else list(tensors)


def _no_grad(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with no_grad():
            return fn(*args, **kwargs)
    return wrapper


@_no_grad
def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The norm of the norms of `tensors` (a float32 0 for none): the norm of all their elements together."""
    tensors = _as_list(tensors)
    norm_type = float(norm_type)
    if len(tensors) == 0:
        return as_tensor(0.0)
    first_device = tensors[0].device
    total_norm = norm(stack([norm(t, norm_type).to(first_device) for t in tensors]), norm_type)
    if error_if_nonfinite and (total_norm.isnan() | total_norm.isinf()).item():
        raise RuntimeError(f'The total norm of order {norm_type} for gradients from `parameters` is non-finite, so '
                           'it cannot be clipped. To disable this error and scale the gradients by the non-finite '
                           'norm anyway, set `error_if_nonfinite=False`')
    return total_norm


@_no_grad
def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scale the gradients by min(1, max_norm / (total_norm + 1e-6))."""
    grads = [p.grad for p in _as_list(parameters) if p.grad is not None]
    max_norm = float(max_norm)
    if len(grads) == 0:
        return
    # PyTorch's `max_norm / tensor` is `tensor.reciprocal() * max_norm`
    clip_coef = ((total_norm + 1e-6).reciprocal() * max_norm).clamp(max=1.0)
    for g in grads:
        g.mul_(clip_coef.to(g.device))


@_no_grad
def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scale the gradients of `parameters` so that their total `norm_type` norm (inf for the largest magnitude) is
    at most `max_norm`; returns the total norm before clipping (a tensor)."""
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)
        if is_generator and len(parameters) == 0:
            warnings.warn('`parameters` is an empty generator, no gradient clipping will occur.', stacklevel=3)
    grads = [p.grad for p in parameters if p.grad is not None]
    total_norm = get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total_norm, foreach)
    return total_norm


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Deprecated: clip_grad_norm_."""
    warnings.warn('`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.',
                  FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


@_no_grad
def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient element of `parameters` into [-clip_value, clip_value]."""
    clip_value = float(clip_value)
    for p in _as_list(parameters):
        if p.grad is not None:
            p.grad.clamp_(min=-clip_value, max=clip_value)
