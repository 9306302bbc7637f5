"""minigrad.nn.functional: the stateless ops behind the layers, as torch.nn.functional.
Each is a Tensor method or an op from minigrad/functions; nothing here touches arrays directly."""
import math as _math
import warnings as _warnings

from .. import dtypes as _dtypes, factories as _factories
from ..autograd import views as _views
from ..autograd.grad_mode import no_grad as _no_grad
from ..functions import activation as _act, loss as _loss
from ..functions.conv import conv2d
from ..functions.linalg import AddmmBackward0 as _Addmm
from ..functions.normalization import NativeBatchNormBackward0 as _NativeBatchNorm
from ..functions.pad import pad
from ..functions.pool import avg_pool2d, max_pool2d

__all__ = ['avg_pool2d', 'batch_norm', 'binary_cross_entropy', 'binary_cross_entropy_with_logits', 'conv2d',
           'cross_entropy', 'dropout', 'l1_loss', 'linear', 'log_softmax', 'max_pool2d', 'mse_loss',
           'nll_loss', 'pad', 'relu', 'sigmoid', 'softmax', 'tanh',
           'celu', 'celu_', 'elu', 'elu_', 'gelu', 'glu', 'hardshrink', 'hardsigmoid', 'hardswish', 'hardtanh',
           'hardtanh_', 'leaky_relu', 'leaky_relu_', 'logsigmoid', 'mish', 'prelu', 'relu6', 'relu_', 'rrelu', 'rrelu_',
           'selu', 'selu_', 'silu', 'softmin', 'softplus', 'softshrink', 'softsign', 'tanhshrink', 'threshold',
           'threshold_']


# -- layers -------------------------------------------------------------------------------------------
def linear(input, weight, bias=None):
    """y = x W^T + b. On a 2-D input with a bias it is one AddmmBackward0(b, x, W^T) node, as in PyTorch."""
    if input.ndim == 2 and bias is not None:
        return _Addmm.apply(bias, input, weight.t())
    out = input.matmul(weight.t())
    return out if bias is None else out + bias


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalise each channel (dim 1); see functions/normalization.py for the math. In training the batch
    statistics are used and running_mean/var (if given) are updated in place."""
    if not training and (running_mean is None or running_var is None):
        raise RuntimeError('running_mean and running_var must be defined in evaluation mode')
    if input.ndim < 2:
        raise ValueError(f'Expected 2 or more dimensions (got {input.ndim})')
    if training and input.shape[0] * _math.prod(input.shape[2:]) == 1:
        raise ValueError(f'Expected more than 1 value per channel when training, got input size {input.shape}')
    for name, stat in (('running_mean', running_mean), ('running_var', running_var)):
        if stat is not None and stat.numel() != input.shape[1]:
            raise RuntimeError(f'{name} should contain {input.shape[1]} elements not {stat.numel()}')
    if input.numel() == 0:     # as PyTorch: a copy, scaled and shifted by the first weight and bias (statistics stay)
        out = input.clone()
        out = out if weight is None else out * weight[0]
        return out if bias is None else out + bias[0]
    affine = ()
    if weight is not None or bias is not None:
        affine = (weight if weight is not None else input.new_ones(input.shape[1]),
                  bias if bias is not None else input.new_zeros(input.shape[1]))
    stats = {} if running_mean is None else dict(running_mean=running_mean._data, running_var=running_var._data)
    return _NativeBatchNorm.apply(input, *affine, training=training, momentum=momentum, eps=eps, **stats)


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability p and scale the rest by 1/(1-p), so the mean is unchanged;
    the identity when not training."""
    if p < 0 or p > 1:
        raise ValueError(f'dropout probability has to be between 0 and 1, but got {p}')
    if not training or p == 0:
        return input
    if p == 1:      # as PyTorch: times a zero of input's dtype
        return input.mul_(input.new_zeros(())) if inplace else input * input.new_zeros(())
    if not input.is_floating_point():   # PyTorch's error, from scaling an integer mask in place
        raise RuntimeError(f"result type Float can't be cast to the desired output type {_dtypes.title(input.dtype)}")
    with _no_grad():
        mask = (_factories.rand_like(input) >= p).to(input.dtype) * (1 / (1 - p))
    return input.mul_(mask) if inplace else input * mask


# -- activations --------------------------------------------------------------------------------------
def relu(input, inplace=False):
    return input.relu_() if inplace else input.relu()


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


def _softmax_dim(name, ndim, stacklevel):
    _warnings.warn(f'Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X '
                  'as an argument.', stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """PyTorch's signature: the third positional argument is the stack level of the implicit-dim warning."""
    if dtype is not None:
        input = input.to(dtype)
    return input.softmax(_softmax_dim('softmax', input.ndim, _stacklevel) if dim is None else dim)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    if dtype is not None:
        input = input.to(dtype)
    return input.log_softmax(_softmax_dim('log_softmax', input.ndim, _stacklevel) if dim is None else dim)


def _maybe_inplace(fn, input, inplace, *args):
    """fn(input, *args), written into input when inplace (PyTorch's in-place form, same node)."""
    return _views.inplace(input, fn, *args) if inplace else fn(input, *args)


def relu_(input):
    return input.relu_()


def threshold(input, threshold, value, inplace=False):
    """input where input > threshold, else value"""
    return (_act.threshold_ if inplace else _act.threshold)(input, threshold, value)


threshold_ = _act.threshold_


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """input clamped to [min_val, max_val]"""
    if min_val > max_val:
        raise ValueError('min_val cannot be greater than max_val')
    return _maybe_inplace(_act.hardtanh, input, inplace, min_val, max_val)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input, inplace=False):
    """min(max(input, 0), 6): hardtanh(input, 0, 6)"""
    return _maybe_inplace(_act.hardtanh, input, inplace, 0.0, 6.0)


def elu(input, alpha=1.0, inplace=False):
    """input if input > 0 else alpha (e^input - 1)"""
    return (_act.elu_ if inplace else _act.elu)(input, alpha)


def elu_(input, alpha=1.0):
    return _act.elu_(input, alpha)


def selu(input, inplace=False):
    """scale * elu(input, alpha) with PyTorch's fixed alpha and scale"""
    return (_act.selu_ if inplace else _act.selu)(input)


selu_ = _act.selu_


def celu(input, alpha=1.0, inplace=False):
    """input if input > 0 else alpha (e^(input / alpha) - 1)"""
    return (_act.celu_ if inplace else _act.celu)(input, alpha)


celu_ = _act.celu_


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """input if input > 0 else negative_slope * input"""
    return (_act.leaky_relu_ if inplace else _act.leaky_relu)(input, negative_slope)


leaky_relu_ = _act.leaky_relu_
prelu = _act.prelu


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """leaky_relu with a slope drawn from U(lower, upper) per element in training, (lower + upper) / 2 else"""
    return (_act.rrelu_ if inplace else _act.rrelu)(input, lower, upper, training)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    return _act.rrelu_(input, lower, upper, training)


glu = _act.glu
gelu = _act.gelu
logsigmoid = _act.logsigmoid
hardshrink = _act.hardshrink
softplus = _act.softplus
softshrink = _act.softshrink


def tanhshrink(input):
    """input - tanh(input)"""
    return input - input.tanh()


def softsign(input):
    """input / (1 + |input|)"""
    return input / (input.abs() + 1)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(-input) along dim"""
    return softmax(-input, _softmax_dim('softmin', input.ndim, _stacklevel + 1) if dim is None else dim, dtype=dtype)


def silu(input, inplace=False):
    """input * sigmoid(input)"""
    return _maybe_inplace(_act.silu, input, inplace)


def mish(input, inplace=False):
    """input * tanh(softplus(input))"""
    return _maybe_inplace(_act.mish, input, inplace)


def hardsigmoid(input, inplace=False):
    """relu6(input + 3) / 6"""
    return _maybe_inplace(_act.hardsigmoid, input, inplace)


def hardswish(input, inplace=False):
    """input * relu6(input + 3) / 6"""
    return _maybe_inplace(_act.hardswish, input, inplace)


# -- losses -------------------------------------------------------------------------------------------
def _check_reduction(reduction):
    if reduction not in ('none', 'mean', 'sum'):
        raise ValueError(f'{reduction} is not a valid value for reduction')


def _warn_if_sizes_differ(input, target):
    if target.shape != input.shape:
        _warnings.warn(f'Using a target size ({target.shape}) that is different to the input size ({input.shape}). '
                      'This will likely lead to incorrect results due to broadcasting. '
                      'Please ensure they have the same size.', stacklevel=3)


def mse_loss(input, target, reduction='mean'):
    """mean/sum/none of (input - target)^2"""
    _check_reduction(reduction)
    _warn_if_sizes_differ(input, target)
    return _loss.MseLossBackward0.apply(input, target, reduction=reduction)


def l1_loss(input, target, reduction='mean'):
    """mean/sum/none of |input - target| (composed of sub, abs and mean, as PyTorch does)"""
    _check_reduction(reduction)
    _warn_if_sizes_differ(input, target)
    losses = (input - target).abs()
    return losses if reduction == 'none' else losses.sum() if reduction == 'sum' else losses.mean()


def binary_cross_entropy(input, target, weight=None, reduction='mean'):
    """-(y log x + (1 - y) log(1 - x)) with x a probability"""
    _check_reduction(reduction)
    return _loss.BinaryCrossEntropyBackward0.apply(input, target, reduction=reduction, weight=weight)


def binary_cross_entropy_with_logits(input, target, weight=None, reduction='mean', pos_weight=None):
    """binary_cross_entropy(sigmoid(input), target) in a form that never overflows"""
    _check_reduction(reduction)
    return _loss.BinaryCrossEntropyWithLogitsBackward0.apply(input, target, reduction=reduction, weight=weight,
                                                             pos_weight=pos_weight)


def nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean'):
    """-input[i, target_i] (times weight[target_i]), for log-probabilities `input` of shape (C), (N, C) or
    (N, C, d1, ...); 'mean' divides by the sum of the weights used."""
    _check_reduction(reduction)
    return _loss.NllLossBackward0.apply(input, target=target, weight=weight, reduction=reduction,
                                        ignore_index=ignore_index)


def cross_entropy(input, target, weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0):
    """nll_loss(log_softmax(input, class dim), target). `target` holds class indices (int64), or class
    probabilities shaped like `input` (floats). With label smoothing e over C classes the target becomes
    (1 - e) one_hot + e / C, i.e. loss = (1 - e) nll + e / C * sum_c(-w_c log p_c) (PyTorch's formula)."""
    _check_reduction(reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f'label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}')
    cdim = 0 if input.ndim == 1 else 1
    n_classes = input.shape[cdim]
    probs = target.shape == input.shape
    if probs and not target.is_floating_point():
        raise RuntimeError(f'Expected floating point type for target with class probabilities, got '
                           f'{_dtypes.title(target.dtype)}')
    logp = input.log_softmax(cdim)
    nll = None if probs else nll_loss(logp, target, weight, ignore_index, reduction)
    if label_smoothing == 0 and not probs:
        return nll
    w = None if weight is None else weight.reshape((n_classes,) + (1,) * (input.ndim - 1 - cdim))
    if probs:
        return _cross_entropy_probs(logp, target, w, reduction, label_smoothing, cdim)
    keep = (target != ignore_index).to(input.dtype)
    smooth = -(logp if w is None else logp * w).sum(cdim) * keep
    if reduction == 'mean':
        if weight is None:
            smooth = smooth.sum() / keep.sum()
        else:
            smooth = smooth.sum() / weight[target[target != ignore_index]].sum()
    elif reduction == 'sum':
        smooth = smooth.sum()
    return nll * (1 - label_smoothing) + smooth * (label_smoothing / n_classes)


def _cross_entropy_probs(logp, target, w, reduction, label_smoothing, cdim):
    """-sum_c(w_c y_c log p_c) per sample, for class-probability targets y"""
    n_classes = logp.shape[cdim]
    if label_smoothing > 0:
        target = target * (1 - label_smoothing) + label_smoothing / n_classes
    losses = -(logp * target if w is None else logp * target * w).sum(cdim)
    if reduction == 'none':
        return losses
    return losses.sum() if reduction == 'sum' else losses.sum() / (logp.numel() // n_classes)
