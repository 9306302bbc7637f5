"""minigrad.nn.functional: the stateless ops behind the layers, as torch.nn.functional.
Each is a Tensor method or an op from minigrad/functions; nothing here touches arrays directly."""
import inspect as _inspect
import math as _math
import warnings as _warnings

from .. import dtypes as _dtypes, factories as _factories
from ..autograd import grad_mode as _grad_mode, views as _views
from ..autograd.grad_mode import no_grad as _no_grad
from ..dims import as_int as _as_int, check_broadcast as _broadcast_shapes, parses_ints as _parses_ints
from ..tensor import Tensor as _Tensor
from ..functions import activation as _act, loss as _loss, loss_elementwise as _loss_elementwise
from ..functions import loss_margin as _loss_margin
from ..functions.distance import PdistBackward0 as _Pdist
from ..functions.loss_ctc import CtcLossBackward0 as _CtcLoss
from ..functions.elementwise import div as _div, where as _where
from ..functions.conv import conv2d
from ..functions.dropout import dropout_impl as _dropout
from ..functions.elementwise import DivBackward1 as _DivNumber, MulBackward1 as _MulNumber
from ..functions.linalg import AddmmBackward0 as _Addmm
from ..functions.normalization import NativeBatchNormBackward0 as _NativeBatchNorm
from ..functions.norms import aten_norm as _aten_norm
from ..functions.pad import pad
from ..functions.pool import avg_pool2d, max_pool2d
from ..functions.table import checked as _checked

__all__ = ['avg_pool2d', 'batch_norm', 'binary_cross_entropy', 'binary_cross_entropy_with_logits', 'conv2d',
           'cross_entropy', 'dropout', 'l1_loss', 'linear', 'log_softmax', 'max_pool2d', 'mse_loss',
           'nll_loss', 'pad', 'relu', 'sigmoid', 'softmax', 'tanh',
           'celu', 'celu_', 'elu', 'elu_', 'gelu', 'glu', 'hardshrink', 'hardsigmoid', 'hardswish', 'hardtanh',
           'hardtanh_', 'leaky_relu', 'leaky_relu_', 'logsigmoid', 'mish', 'prelu', 'relu6', 'relu_', 'rrelu', 'rrelu_',
           'selu', 'selu_', 'silu', 'softmin', 'softplus', 'softshrink', 'softsign', 'tanhshrink', 'threshold',
           'threshold_',
           'cosine_embedding_loss', 'cosine_similarity', 'ctc_loss', 'gaussian_nll_loss', 'hinge_embedding_loss',
           'huber_loss',
           'kl_div', 'margin_ranking_loss', 'multi_margin_loss', 'multilabel_margin_loss',
           'multilabel_soft_margin_loss', 'normalize', 'one_hot', 'pairwise_distance', 'pdist', 'poisson_nll_loss',
           'smooth_l1_loss', 'soft_margin_loss', 'triplet_margin_loss']


# -- layers -------------------------------------------------------------------------------------------
def linear(input, weight, bias=None):
    """y = x W^T + b. With a bias, on a 2-D input it is one AddmmBackward0(b, x, W^T) node, as in PyTorch; on another
    contiguous input, that node on x viewed as 2-D, viewed back."""
    if input.ndim == 2 and bias is not None:
        return _Addmm.apply(bias, input, weight.t())
    if bias is not None and input.ndim and input.is_contiguous():
        out = _Addmm.apply(bias, input.view(-1, input.shape[-1]), weight.t())
        return out.view(*input.shape[:-1], out.shape[-1])
    out = input.matmul(weight.t())
    return out if bias is None else out + bias


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalise each channel (dim 1); see functions/normalization.py for the math. In training the batch
    statistics are used and running_mean/var (if given) are updated in place."""
    if training:
        _verify_batch_size(input.shape)
    return _batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def _batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps):
    """The aten op (torch.batch_norm): batch_norm without F's check that each channel has more than one value."""
    _check_batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    if input.numel() == 0:     # as PyTorch: a copy, scaled and shifted by the first weight and bias (statistics stay)
        out = input.clone()
        out = out if weight is None else out * weight[0]
        return out if bias is None else out + bias[0]
    affine = ()
    if weight is not None or bias is not None:
        affine = (weight if weight is not None else input.new_ones(input.shape[1]),
                  bias if bias is not None else input.new_zeros(input.shape[1]))
    running = {} if running_mean is None else dict(running_mean=running_mean._data, running_var=running_var._data)
    return _NativeBatchNorm.apply(input, *affine, training=training, momentum=momentum, eps=eps, **running)


def _check_batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps):
    """PyTorch's checks of batch_norm's arguments, in its order (after F's of the batch size)."""
    if training and eps <= 0.0:
        raise ValueError(f'batch_norm eps must be positive during training, but got {eps}')
    if eps < 0.0:
        raise ValueError(f'batch_norm eps must be non-negative, but got {eps}')
    if not isinstance(momentum, (int, float)):
        raise TypeError("batch_norm(): argument 'momentum' (position 7) must be float, not "
                        f'{type(momentum).__name__}')
    if input.ndim < 2:
        raise IndexError(f'Dimension out of range (expected to be in range of [{-max(input.ndim, 1)}, '
                         f'{max(input.ndim, 1) - 1}], but got 1)')
    stats = (('running_mean', running_mean), ('running_var', running_var))
    for name, t in stats + (('weight', weight), ('bias', bias)):
        if t is not None and t.numel() != input.shape[1]:
            raise RuntimeError(f'{name} should contain {input.shape[1]} elements not {t.numel()}')
    for name, stat in stats:
        if stat is not None and stat.requires_grad and _grad_mode.is_grad_enabled():
            raise RuntimeError(f"The function 'native_batch_norm' is not differentiable with respect to argument "
                               f"'{name}'. This input cannot have requires_grad True.")
    if not training:
        for name, stat in stats:
            if stat is None:
                raise RuntimeError(f'{name} must be defined in evaluation mode')
    elif (running_mean is None) != (running_var is None):
        raise ValueError('running_mean and running_var must either both be None or neither be None')
    if not input.is_floating_point():
        _dtypes.not_implemented('batch_norm', input.dtype)
    for stat in (running_mean, running_var):
        reduced = input.dtype == _dtypes.float16 and stat is not None and stat.dtype == _dtypes.float32
        if stat is not None and stat.dtype != input.dtype and input.dtype != _dtypes.float64 and not reduced:
            raise RuntimeError(f'expected scalar type {_dtypes.title(input.dtype)} but found '
                               f'{_dtypes.title(stat.dtype)}')
    _check_norm_dtypes(input, weight, bias, running_mean, running_var)


def _verify_batch_size(size):
    """PyTorch's check that a batch statistic has more than one value to average."""
    if size[0] * _math.prod(size[2:]) == 1:
        raise ValueError(f'Expected more than 1 value per channel when training, got input size {size}')


def _check_norm_dtypes(input, *params):
    """PyTorch's CPU rule for the dtypes of a norm's parameters (and statistics): the input's, or float32 for a
    float16 input."""
    params = [p for p in params if p is not None]
    if any(p.dtype != input.dtype for p in params) and not (
            input.dtype == _dtypes.float16 and all(p.dtype == _dtypes.float32 for p in params)):
        if input.dtype == _dtypes.float64:
            raise RuntimeError('mixed dtype (CPU): all inputs must share same datatype.')
        raise RuntimeError('mixed dtype (CPU): expect parameter to have scalar type of Float')


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability p and scale the rest by 1/(1-p), so the mean is unchanged;
    the identity when not training."""
    _check_p(p)
    return _dropout(input, p, training, inplace)


def _check_p(p):
    if p < 0 or p > 1:
        raise ValueError(f'dropout probability has to be between 0 and 1, but got {p}')


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
    return _views.inplace(input, _act.hardtanh, min_val, max_val)


def relu6(input, inplace=False):
    """min(max(input, 0), 6): hardtanh(input, 0, 6)"""
    return _maybe_inplace(_act.hardtanh, input, inplace, 0.0, 6.0)


def elu(input, alpha=1.0, inplace=False):
    """input if input > 0 else alpha (e^input - 1)"""
    return (_act.elu_ if inplace else _act.elu)(input, alpha)


elu_ = _act.elu_


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
    dim = _softmax_dim('softmin', input.dim(), _stacklevel + 1) if dim is None else dim
    return softmax(-input, dim, dtype=dtype)


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
    if isinstance(input, _Tensor) and isinstance(target, _Tensor) and input.ndim >= 3:
        if input.ndim == 4:
            return _loss.NllLoss2DBackward0.apply(input, target=target, weight=weight, reduction=reduction,
                                                  ignore_index=ignore_index)
        if target.shape == input.shape[:1] + input.shape[2:]:   # (else NllLossBackward0's error)
            return _nll_loss_nd(input, target, weight, ignore_index, reduction)
    return _loss.NllLossBackward0.apply(input, target=target, weight=weight, reduction=reduction,
                                        ignore_index=ignore_index)


def _nll_loss_nd(input, target, weight, ignore_index, reduction):
    """nll_loss of an (N, C, d1) or (N, C, d1, ..., dk) input (k > 2), as PyTorch's: seen as (N, C, 1, -1), the 2-D
    loss of that, and for 'none' the losses seen back as (N, d1, ...)."""
    n, c = input.shape[:2]
    rest = (1, -1) if input.numel() else (0, 0)
    losses = _loss.NllLoss2DBackward0.apply(input.contiguous().view(n, c, *rest),
                                            target=target.contiguous().view(n, *(rest if target.numel() else (0, 0))),
                                            weight=weight, reduction=reduction, ignore_index=ignore_index)
    return losses.view(n, *input.shape[2:]) if reduction == 'none' else losses


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
    return losses.sum() if reduction == 'sum' else _DivNumber.apply(losses.sum(), b=logp.numel() // n_classes)


def _reduced(losses, reduction):
    """The per-element losses reduced as `reduction` says (PyTorch's apply_loss_reduction: mean() or sum())."""
    _check_reduction(reduction)
    return losses if reduction == 'none' else losses.sum() if reduction == 'sum' else losses.mean()


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction='mean', beta=1.0):
    """(input - target)^2 / (2 beta) where |input - target| < beta, else |input - target| - beta / 2"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _warn_if_sizes_differ(input, target)
    if beta < 0:
        raise RuntimeError('smooth_l1_loss does not support negative values for beta.')
    if beta == 0.0:
        return l1_loss(input, target, reduction=reduction)
    _check_reduction(reduction)
    return _loss_elementwise.SmoothL1LossBackward0.apply(input, target, reduction=reduction, beta=beta)


def huber_loss(input, target, reduction='mean', delta=1.0, weight=None):
    """(input - target)^2 / 2 where |input - target| < delta, else delta (|input - target| - delta / 2)"""
    _warn_if_sizes_differ(input, target)
    if delta <= 0:
        raise RuntimeError('huber_loss does not support non-positive values for delta.')
    if weight is None:
        _check_reduction(reduction)
        return _loss_elementwise.HuberLossBackward0.apply(input, target, reduction=reduction, delta=delta)
    if weight.shape != input.shape:
        raise ValueError('Weights and input must have the same size.')
    if reduction not in ('none', 'mean', 'sum'):
        raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")
    losses = _loss_elementwise.HuberLossBackward0.apply(input, target, reduction='none', delta=delta) * weight
    return _reduced(losses, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction='mean'):
    """log(1 + e^(-target * input)), target in {-1, 1}"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if target.requires_grad and _grad_mode.is_grad_enabled():
        raise RuntimeError("The function 'soft_margin_loss' is not differentiable with respect to argument 'target'. "
                           'This input cannot have requires_grad True.')
    return _loss_elementwise.SoftMarginLossBackward0.apply(input, target, reduction=reduction)


def kl_div(input, target, size_average=None, reduce=None, reduction='mean', log_target=False):
    """target (log target - input) for log-probabilities `input`: target e^target (target - input) with
    log_target; 'batchmean' divides the sum by the batch size"""
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce, reduction)
    elif reduction == 'mean':
        _warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
                       "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                       "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
                       stacklevel=2)
    if not input.is_floating_point() or not target.is_floating_point():
        raise RuntimeError('kl_div: Integral inputs not supported.')
    losses = target.exp() * (target - input) if log_target else target.xlogy(target) - target * input
    if reduction == 'batchmean':
        reduced = losses.sum()
        return reduced / input.shape[0] if input.ndim else reduced
    return _reduced(losses, reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction='mean'):
    """e^input - target input (log_input), or input - target log(input + eps); with full, Stirling's
    approximation of log(target!) added where target > 1"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    if reduction not in ('none', 'mean', 'sum'):
        raise ValueError(reduction + ' is not a valid value for reduction')
    losses = input.exp() - target * input if log_input else input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + (target * (2 * _math.pi)).log() * 0.5
        losses = losses + stirling.where(target > 1, 0.0)
    return _reduced(losses, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction='mean'):
    """(log(max(var, eps)) + (input - target)^2 / max(var, eps)) / 2, plus log(2 pi) / 2 with full; var may have one
    dimension fewer, or size 1 in one dimension, or be a number"""
    if isinstance(var, float):
        if var < 0:
            raise ValueError('var has negative entry/entries')
        var = var * _factories.ones_like(input)
    elif (var < 0).any():
        raise ValueError('var has negative entry/entries')
    if var.shape != input.shape:
        if input.shape[:-1] == var.shape:
            var = var.unsqueeze(-1)
        elif not (input.ndim == var.ndim and sum(y for x, y in zip(input.shape, var.shape) if x != y) == 1):
            raise ValueError('var is of incorrect size')
    if reduction not in ('none', 'mean', 'sum'):
        raise ValueError(reduction + ' is not valid')
    var = var.clone()
    with _no_grad():
        var.clamp_(min=eps)
    losses = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        losses = losses + 0.5 * _math.log(2 * _math.pi)
    return _reduced(losses, reduction)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean'):
    """max(0, -target (input1 - input2) + margin)"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if input1.ndim != input2.ndim or input1.ndim != target.ndim:
        raise RuntimeError(f'margin_ranking_loss : All input tensors should have same dimension but got sizes: '
                           f'input1: {input1.shape}, input2: {input2.shape}, target: {target.shape} ')
    return _margin_ranking_loss(input1, input2, target, margin, reduction)


def _margin_ranking_loss(input1, input2, target, margin, reduction):
    """The aten op (torch.margin_ranking_loss), which broadcasts without F's check of the dims."""
    return _reduced((-target * (input1 - input2) + margin).clamp_min(0), reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction='mean'):
    """input where target is 1, max(0, margin - input) where target is -1"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    _broadcast_shapes(input.shape, target.shape)
    if input.dtype == _dtypes.bool:     # PyTorch's words for margin - input
        raise RuntimeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or '
                           '`logical_xor()` operator instead.')
    zeros = _factories.zeros_like(input)
    margin_clamp = (margin - input).clamp_min(0)
    if not input.is_floating_point():   # PyTorch keeps an integer input's dtype (and mean() then refuses it)
        margin_clamp = margin_clamp.to(input.dtype)
    return _reduced(_where(target != 1, margin_clamp, zeros) + _where(target != -1, input, zeros), reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction='mean'):
    """-(target log sigmoid(input) + (1 - target) log sigmoid(-input)), averaged over the classes (last dim)"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    losses = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        losses = losses * weight
    losses = losses.sum(dim=input.ndim - 1) / input.shape[input.ndim - 1]
    if reduction not in ('none', 'mean', 'sum'):
        raise ValueError(reduction + ' is not valid')
    return _reduced(losses, reduction)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction='mean'):
    """1 - cos(input1, input2) where target is 1, max(0, cos - margin) where target is -1"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    dim = target.ndim
    if dim > 1:
        raise RuntimeError('0D or 1D target tensor expected, multi-target not supported')
    if dim == 1 and (input1.ndim != 2 or input2.ndim != 2):
        raise RuntimeError(f'1D target tensor expects 2D input tensors, but found inputs with sizes '
                           f'{list(input1.shape)} and {list(input2.shape)}.')
    if dim == 0 and (input1.ndim != 1 or input2.ndim != 1):
        raise RuntimeError(f'0D target tensor expects 1D input tensors, but found inputs with sizes '
                           f'{list(input1.shape)} and {list(input2.shape)}.')
    prod_sum = (input1 * input2).sum(dim)
    mag_square1 = (input1 * input1).sum(dim) + 1e-12
    mag_square2 = (input2 * input2).sum(dim) + 1e-12
    cos = prod_sum / (mag_square1 * mag_square2).sqrt()
    zeros = _factories.zeros_like(cos)
    losses = _where(target == 1, 1 - cos, zeros) + _where(target == -1, (cos - margin).clamp_min(0), zeros)
    return _reduced(losses, reduction)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """the p-norm of x1 - x2 + eps over the last dim"""
    return _aten_norm(x1 - x2 + eps, p, max(x1.ndim, x2.ndim) - 1, keepdim)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction='mean'):
    """max(0, margin + d(anchor, positive) - d(anchor, negative)), d the pairwise p-distance (with swap, the
    smaller of d(anchor, negative) and d(positive, negative))"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if not anchor.ndim == positive.ndim == negative.ndim:
        raise RuntimeError(f'The anchor, positive, and negative tensors are expected to have the same number of '
                           f'dimensions, but got: anchor {anchor.ndim}D, positive {positive.ndim}D, and negative '
                           f'{negative.ndim}D inputs')
    dist_pos = pairwise_distance(anchor, positive, p, eps)
    dist_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        dist_neg = dist_neg.minimum(pairwise_distance(positive, negative, p, eps))
    return _reduced((margin + dist_pos - dist_neg).clamp_min(0), reduction)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None,
                      reduction='mean'):
    """sum over j != target of weight[target] max(0, margin - input[target] + input[j])^p / C, per sample"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    if p not in (1, 2):
        raise ValueError('only p == 1 and p == 2 supported')
    return _loss_margin.MultiMarginLossBackward0.apply(input, target=target, reduction=reduction, p=p,
                                                       margin=margin, weight=weight)


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction='mean'):
    """sum over target classes j and other classes k of max(0, 1 - (input[j] - input[k])) / C, per sample"""
    reduction = _legacy_reduction(size_average, reduce, reduction)
    _check_reduction(reduction)
    return _loss_margin.MultilabelMarginLossBackward0.apply(input, target=target, reduction=reduction)


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction='mean', zero_infinity=False):
    """-log p(target | log_probs) summed over all alignments (CTC), per sample; 'mean' divides each by its target
    length first. log_probs: (T, N, C) or (T, C); targets: (N, S) padded, or all targets one after the other."""
    _check_reduction(reduction)
    if isinstance(input_lengths, int) or isinstance(target_lengths, int):
        raise TypeError('ctc_loss() received an invalid combination of arguments - input_lengths and target_lengths '
                        'must be tuples of ints or Tensors')
    unbatched = log_probs.ndim == 2
    if unbatched:
        log_probs, targets = log_probs.unsqueeze(1), targets.unsqueeze(0)
    lengths = [[int(n) for n in (v.reshape(-1).tolist() if hasattr(v, 'tolist') else v)]
               for v in (input_lengths, target_lengths)]
    time, batch = log_probs.shape[:2]
    if len(lengths[0]) != batch:
        raise RuntimeError('input_lengths must be of size batch_size')
    for n in lengths[0]:
        if n > time:
            raise RuntimeError(f'Expected input_lengths to have value at most {time}, but got value {n} (while '
                               'checking arguments for ctc_loss_allocate_outputs)')
    if targets.ndim == 2 and max(lengths[1], default=0) > targets.shape[1]:
        raise RuntimeError(f"Expected tensor to have size at least {max(lengths[1])} at dimension 1, but got size "
                           f"{targets.shape[1]} for argument #2 'targets' (while checking arguments for "
                           'ctc_loss_allocate_outputs)')
    losses = _CtcLoss.apply(log_probs, targets=targets.long(), input_lengths=lengths[0], target_lengths=lengths[1],
                            blank=blank, zero_infinity=zero_infinity)
    if zero_infinity:
        losses = _where(losses == _math.inf, losses.new_zeros(()), losses)
    if reduction == 'mean':
        divisor = _factories.tensor(lengths[1], device=losses.device).clamp_min(1)
        return (losses / divisor.to(losses.dtype)).mean()
    if reduction == 'sum':
        return losses.sum()
    return losses.squeeze(0) if unbatched else losses


def _legacy_reduction(size_average, reduce, reduction):
    """PyTorch's deprecated size_average/reduce arguments as a reduction (with its warning), else `reduction`."""
    if size_average is None and reduce is None:
        return reduction
    _warnings.warn("size_average and reduce args will be deprecated, please use reduction='"
                   f"{_legacy_string(size_average, reduce)}' instead.", stacklevel=3)
    return _legacy_string(size_average, reduce)


def _legacy_string(size_average, reduce):
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    return 'none' if not reduce else 'mean' if size_average else 'sum'


# -- distances and encodings --------------------------------------------------------------------------------------
def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input / max(||input||_p along dim, eps)"""
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denom if out is None else _div(input, denom, out=out)


def pdist(input, p=2):
    """||x_i - x_j||_p for every pair of rows i < j of a 2-D input"""
    return _Pdist.apply(input, p=p)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """<x1, x2> / (max(||x1||, eps) max(||x2||, eps)) along dim (each normalised first, as PyTorch)"""
    dtype = _dtypes.result_type(x1._data.dtype, x2._data.dtype, x1.ndim, x2.ndim)
    if dtype.kind != 'f':
        raise RuntimeError(f'expected common dtype to be floating point, yet common dtype is {_dtypes.title(dtype)}')
    x1, x2 = x1.to(dtype), x2.to(dtype)
    shape = _broadcast_shapes(x1.shape, x2.shape)
    x1, x2 = x1.expand(shape), x2.expand(shape)
    n1 = x1.norm(2, dim, keepdim=True).clone()
    n2 = x2.norm(2, dim, keepdim=True).clone()
    with _no_grad():
        n1.clamp_min_(eps)
        n2.clamp_min_(eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


@_parses_ints
def one_hot(tensor, num_classes=-1):
    """A (..., num_classes) int64 tensor with 1 at each index of `tensor` (num_classes -1: max + 1)"""
    if tensor.dtype != _dtypes.int64:
        raise RuntimeError('one_hot is only applicable to index tensor of type LongTensor.')
    if _as_int(num_classes) == -1:
        if tensor.numel() == 0:
            raise RuntimeError('Can not infer total number of classes from empty tensor.')
        num_classes = int(tensor.max()) + 1
    if tensor.numel() and int(tensor.min()) < 0:
        raise RuntimeError('Class values must be non-negative.')
    if tensor.numel() and int(tensor.max()) >= num_classes:
        raise RuntimeError('Class values must be smaller than num_classes.')
    return (tensor.unsqueeze(-1) == _factories.arange(num_classes, device=tensor.device)).long()


# Sections for the layer families: each imports its functions here and extends __all__.

# -- convolution (Conv1d, ConvTranspose1d/2d, fold/unfold) ---
from ..functions.conv import conv1d, conv_transpose1d, conv_transpose2d  # noqa: E402
from ..functions.conv import conv3d, conv_transpose3d  # noqa: E402
from ..functions.fold import fold, unfold  # noqa: E402
__all__ += ['conv1d', 'conv_transpose1d', 'conv_transpose2d', 'fold', 'unfold']
__all__ += ['conv3d', 'conv_transpose3d']


# -- pooling and interpolation ---
from ..functions.adaptive_pool import (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d,  # noqa: E402
                                       adaptive_max_pool1d, adaptive_max_pool2d)
from ..functions.interpolate import interpolate  # noqa: E402

from ..functions.pool import avg_pool1d, lp_pool1d, lp_pool2d, max_pool1d  # noqa: E402
from ..functions.pool3d import adaptive_max_pool3d, avg_pool3d, lp_pool3d, max_pool3d  # noqa: E402
from ..functions.unpool import max_unpool1d, max_unpool2d, max_unpool3d  # noqa: E402

__all__ += ['adaptive_avg_pool1d', 'adaptive_avg_pool2d', 'adaptive_avg_pool3d', 'adaptive_max_pool1d',
            'adaptive_max_pool2d', 'adaptive_max_pool3d', 'avg_pool1d', 'avg_pool3d', 'interpolate', 'lp_pool1d',
            'lp_pool2d', 'lp_pool3d', 'max_pool1d', 'max_pool3d', 'max_unpool1d', 'max_unpool2d', 'max_unpool3d',
            'upsample', 'upsample_bilinear', 'upsample_nearest']


def upsample(input, size=None, scale_factor=None, mode='nearest', align_corners=None):
    """Deprecated spelling of interpolate (PyTorch warns)."""
    _warnings.warn('`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.', stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated: interpolate(mode='nearest') (PyTorch warns)."""
    _warnings.warn('`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.',
                   stacklevel=2)
    return interpolate(input, size, scale_factor, mode='nearest')


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated: interpolate(mode='bilinear', align_corners=True) (PyTorch warns)."""
    _warnings.warn('`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.',
                   stacklevel=2)
    return interpolate(input, size, scale_factor, mode='bilinear', align_corners=True)


# -- normalization (layer_norm, group_norm, instance_norm, rms_norm, local_response_norm) ---
from ..functions.group_norm import NativeGroupNormBackward0 as _NativeGroupNorm  # noqa: E402
from ..functions.layer_norm import NativeLayerNormBackward0 as _NativeLayerNorm  # noqa: E402

__all__ += ['group_norm', 'instance_norm', 'layer_norm', 'local_response_norm', 'rms_norm']


def _native_norm(node, kernel, input, weight, bias, **params):
    """node.apply on the input and the weight and bias given, after PyTorch's CPU checks of their dtypes."""
    if not input.is_floating_point():
        _dtypes.not_implemented(kernel, input.dtype)
    _check_norm_dtypes(input, weight, bias)
    affine = [p for p in (weight, bias) if p is not None]
    return node.apply(input, *affine, has_weight=weight is not None, has_bias=bias is not None, **params)


def _normalized_shape(name, input, normalized_shape, params, separator):
    """normalized_shape as a list of ints, after PyTorch's checks of it, of the weight and bias (`params`, name ->
    Tensor or None) and of the input's last dims (`separator` between '*' and them in the message: layer_norm's
    ', ', rms_norm's '')."""
    if not isinstance(normalized_shape, (tuple, list)):
        raise TypeError(f"{name}(): argument 'normalized_shape' (position 2) must be tuple of ints, not "
                        f'{type(normalized_shape).__name__}')
    shape = [int(n) for n in normalized_shape]
    if not shape:
        raise RuntimeError('Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one '
                           'element, but got normalized_shape = []')
    for pname, p in params.items():
        if p is not None and list(p.shape) != shape:
            raise RuntimeError(f'Expected {pname} to be of same shape as normalized_shape, but got {pname} of shape '
                               f'{list(p.shape)} and normalized_shape = {shape}')
    if input.ndim < len(shape) or list(input.shape[input.ndim - len(shape):]) != shape:
        raise RuntimeError(f"Given normalized_shape={shape}, expected input with shape [*{separator}"
                           f"{', '.join(map(str, shape))}], but got input of size{list(input.shape)}")
    return shape


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise each sample over its last len(normalized_shape) dims, then y = xhat * weight + bias
    (see functions/layer_norm.py for the math)."""
    shape = _normalized_shape('layer_norm', input, normalized_shape, dict(weight=weight, bias=bias), ', ')
    return _native_norm(_NativeLayerNorm, 'LayerNormKernelImpl', input, weight, bias, k=len(shape), eps=eps)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """y = x / sqrt(mean(x^2) + eps) * weight, the mean over the last len(normalized_shape) dims; eps=None is the
    machine epsilon of the computing dtype. Composite, as PyTorch's (MulBackward0, RsqrtBackward0, MeanBackward1,
    PowBackward0 nodes); float16 computed in float32, and the result in the input's dtype whatever the weight's."""
    if isinstance(normalized_shape, (tuple, list)) and input.ndim < len(normalized_shape):
        raise ValueError(f'Input tensor must have at least {len(normalized_shape)} dimensions, but got {input.ndim}')
    shape = _normalized_shape('rms_norm', input, normalized_shape, dict(weight=weight), '')
    if not input.is_floating_point():
        _dtypes.not_implemented('rms_norm', input.dtype)
    x = input.to(_dtypes.float32) if input.dtype == _dtypes.float16 else input
    eps = _dtypes.finfo(x.dtype).eps if eps is None else eps
    out = x * (x.pow(2).mean(tuple(range(-1, -len(shape) - 1, -1)), keepdim=True) + eps).rsqrt()
    out = out if weight is None else out * weight
    return out.to(input.dtype).contiguous()     # PyTorch's last steps: type_as(input), then contiguous


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Split the channels into num_groups groups, normalise each group of each sample over its channels and
    positions, then y = xhat * weight[c] + bias[c] (see functions/group_norm.py for the math)."""
    if input.dim() < 2:
        raise RuntimeError(f'Expected at least 2 dimensions for input tensor but received {input.dim()}')
    _verify_batch_size([input.shape[0] * input.shape[1] // num_groups, num_groups] + list(input.shape[2:]))
    return _group_norm(input, num_groups, weight, bias, eps)


def _group_norm(input, num_groups, weight, bias, eps):
    """The aten op (torch.group_norm): group_norm without F's checks of the input's dims and batch size."""
    if num_groups <= 0:
        raise RuntimeError(f'Expected num groups to be greater than 0, got {num_groups}')
    channels = input.shape[1]
    if channels % num_groups:
        raise RuntimeError('Expected number of channels in input to be divisible by num_groups, but got input of '
                           f'shape {list(input.shape)} and num_groups={num_groups}')
    for name, p in (('weight', weight), ('bias', bias)):
        if p is not None and (p.dim() != 1 or p.numel() != channels):
            raise RuntimeError(f'Expected {name} to be a vector of size equal to the number of channels in input, '
                               f'but got {name} of shape {list(p.shape)} and input of shape {list(input.shape)}')
    return _native_norm(_NativeGroupNorm, 'GroupNormKernelImpl', input, weight, bias, groups=num_groups, eps=eps)


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Normalise each channel of each sample over its positions: as PyTorch, batch_norm of the input viewed as one
    sample of N * C channels (weight, bias and running statistics repeated N times), viewed back; the running
    statistics then take the mean of their N updated copies."""
    if use_input_stats and _math.prod(input.shape[2:]) == 1:
        raise ValueError(f'Expected more than 1 spatial element when training, got input size {input.shape}')
    return _instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)


def _instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps):
    """The aten op (torch.instance_norm): instance_norm without F's check of the spatial size."""
    if not use_input_stats and (running_mean is None or running_var is None):
        raise RuntimeError('Expected running_mean and running_var to be defined when use_input_stats is false')
    n, c = input.shape[:2]
    repeated = [None if t is None else t.repeat(n) for t in (weight, bias, running_mean, running_var)]
    out = _batch_norm(input.contiguous().view(1, n * c, *input.shape[2:]), *repeated[2:], *repeated[:2],
                      use_input_stats, momentum, eps)
    with _no_grad():
        for stat, copies in zip((running_mean, running_var), repeated[2:]):
            if stat is not None:
                stat.copy_(copies.view(n, c).mean(0))
    return out.view(input.shape)


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """y = x / (k + alpha * mean of x^2 over `size` neighbouring channels)^beta, the window zero-padded
    (size // 2 channels before, (size - 1) // 2 after). Composite, as PyTorch's: an average pool over the channels of
    x^2 seen as one image per sample (PyTorch pools 4-D and wider inputs in 3-D, the same numbers)."""
    dim = input.dim()
    if dim < 3:
        raise ValueError(f'Expected 3D or higher dimensionality                          input (got {dim} dimensions)')
    if input.numel() == 0:
        return input
    div = input.mul(input).view(input.shape[0], 1, input.shape[1], -1)
    div = pad(div, (0, 0, size // 2, (size - 1) // 2))
    div = avg_pool2d(div, (size, 1), stride=1).squeeze(1).view(input.shape)
    return input / div.mul(alpha).add(k).pow(beta)


# -- embedding, padding, dropout variants, pixel shuffle, bilinear ---
from ..functions.bilinear import bilinear  # noqa: E402
from ..functions.embedding import EmbeddingBagBackward0 as _EmbeddingBag, check_indices as _check_indices  # noqa: E402
from ..functions.embedding import embedding as _embedding, embedding_renorm_ as _embedding_renorm_  # noqa: E402
from ..functions.embedding import type_name as _type_name  # noqa: E402
from ..functions.scatter import first_outside as _first_outside  # noqa: E402
from ..functions.shuffle import channel_shuffle, pixel_shuffle, pixel_unshuffle  # noqa: E402

__all__ += ['alpha_dropout', 'bilinear', 'channel_shuffle', 'dropout1d', 'dropout2d', 'dropout3d', 'embedding',
            'embedding_bag', 'feature_alpha_dropout', 'pixel_shuffle', 'pixel_unshuffle']


def _padding_row(padding_idx, num_embeddings, message='Padding_idx must be within num_embeddings'):
    """padding_idx as a row number (a negative one counts from the end), checked as PyTorch checks it."""
    if padding_idx is None:
        return None
    if not -num_embeddings <= padding_idx < num_embeddings:
        raise AssertionError(message)
    return padding_idx % num_embeddings


def _renorm(weight, input, max_norm, norm_type):
    """max_norm: the rows input names scaled down to norm max_norm in place, after PyTorch's checks."""
    _check_indices(input, 'embedding_renorm_', 2)
    if not weight.is_floating_point():
        raise RuntimeError('norm(): input dtype should be either floating point or complex. Got '
                           f'{_dtypes.title(weight.dtype)} instead.')
    bad = _first_outside(input._data, 0, weight.shape[0])
    if bad is not None:
        raise IndexError(f'select(): index {bad} out of range for tensor of size {list(weight.shape)} at dimension 0'
                         if not -weight.shape[0] <= bad < 0 else 'index out of range in self')
    _embedding_renorm_(weight, input, max_norm, norm_type)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """weight's row input[...] for each index: (*input.shape, embedding_dim). The row padding_idx gets no gradient;
    with max_norm, the rows looked up whose norm_type-norm exceeds it are first scaled down to it, in place."""
    padding_idx = _padding_row(padding_idx, weight.shape[0])
    if max_norm is not None:
        _renorm(weight, input, max_norm, norm_type)
    return _embedding(weight, input, -1 if padding_idx is None else padding_idx, scale_grad_by_freq, sparse)


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode='mean',
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """One row per bag of indices: the sum ('sum', each row times its per_sample_weights if given), mean or max
    ('max') of the weight rows its indices name, leaving out padding_idx; 0 for an empty bag. A 1-D input is cut into
    bags at `offsets`; a 2-D input is one bag per row."""
    if per_sample_weights is not None and input.shape != per_sample_weights.shape:
        raise ValueError(f'embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is not None, then it '
                         f'must have the same shape as the input ({input.shape})')
    if weight.ndim != 2:
        raise ValueError(f'weight has to be a 2D Tensor, but got Tensor of dimension {weight.ndim}')
    if input.ndim == 2:
        if offsets is not None:
            raise ValueError('if input is 2D, then offsets has to be None, as input is treated is a mini-batch of '
                             "fixed length sequences. However, found offsets of type <class 'minigrad.Tensor'>")
        offsets = _factories.arange(0, input.numel(), input.shape[1], dtype=input.dtype, device=input.device)
        include_last_offset, input = False, input.reshape(-1)
        per_sample_weights = None if per_sample_weights is None else per_sample_weights.reshape(-1)
    elif input.ndim == 1:
        if offsets is None:
            raise ValueError('offsets has to be a 1D Tensor but got None')
        if offsets.ndim != 1:
            raise ValueError('offsets has to be a 1D Tensor')
    else:
        raise ValueError(f'input has to be 1D or 2D Tensor, but got Tensor of dimension {input.ndim}')
    if mode == 'max' and scale_grad_by_freq:
        raise ValueError('max mode does not support scaling the gradient by the frequency')
    if mode == 'max' and sparse:
        raise ValueError('max mode does not support sparse weights')
    if mode not in ('sum', 'mean', 'max'):
        raise ValueError('mode has to be one of sum, mean or max')
    if max_norm is not None:
        _renorm(weight, input, max_norm, norm_type)
    if per_sample_weights is not None and mode != 'sum':
        raise NotImplementedError("embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
                                  'GitHub.')
    _check_bag_arguments(input, weight, offsets, per_sample_weights, include_last_offset)
    num = weight.shape[0]
    if padding_idx is not None and not -num <= padding_idx < num:
        raise RuntimeError(f'padding_idx must be within the number of embeddings, -{num} through {num - 1}, but got '
                           f'{padding_idx}')
    if sparse and _grad_mode.is_grad_enabled() and weight.requires_grad:
        raise NotImplementedError('embedding_bag(sparse=True): minigrad has no sparse tensors for the gradient; '
                                  'use sparse=False (the same values, a dense gradient)')
    extra = () if per_sample_weights is None else (per_sample_weights,)
    return _EmbeddingBag.apply(weight, *extra, indices=input, offsets=offsets, mode=mode,
                               padding_idx=None if padding_idx is None else padding_idx % num,
                               scale_grad_by_freq=scale_grad_by_freq, include_last_offset=include_last_offset)


def _feature_dropout_unbatched(input, p, training, inplace, dims):
    """dropout1d / dropout3d: feature dropout on an input of `dims` dims, or of another rank (no batch dim) seen
    with a batch of one."""
    if input.ndim == dims:
        return _dropout(input, p, training, inplace, feature=True)
    out = _dropout(input.unsqueeze(0), p, training, inplace, feature=True)
    return input if inplace else out.squeeze(0)


def _warn_feature_rank(name, input, ranks, spatial):
    if input.ndim not in ranks:
        _warnings.warn(f'{name}: Received a {input.ndim}-D input to {name}, which is deprecated and will result in an '
                       'error in a future release. To retain the behavior and silence this warning, please use '
                       f'dropout instead. Note that {name} exists to provide channel-wise dropout on inputs with '
                       f'{spatial} spatial dimensions, a channel dimension, and an optional batch dimension (i.e. '
                       f'{ranks[0]}D or {ranks[1]}D inputs).', stacklevel=3)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels (dim 1 of (N, C, L), dim 0 of (C, L)) with probability p, the rest scaled by 1/(1-p)."""
    _check_p(p)
    if input.ndim not in (2, 3):
        raise RuntimeError(f'dropout1d: Expected 2D or 3D input, but received a {input.ndim}D input. Note that '
                           'dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a '
                           'channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).')
    return _feature_dropout_unbatched(input, p, training, inplace, 3)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels (dim 1 of (N, C, H, W)) with probability p, the rest scaled by 1/(1-p). A 3-D input is
    read as (N, C, L), as PyTorch does today (with its warning)."""
    _check_p(p)
    _warn_feature_rank('dropout2d', input, (3, 4), 2)
    if input.ndim == 3:
        _warnings.warn('dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout '
                       'behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. '
                       'This behavior will change in a future release to interpret the input as one without a batch '
                       'dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please '
                       'switch to using dropout1d instead.', stacklevel=2)
    return _dropout(input, p, training, inplace, feature=True)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels (dim 1 of (N, C, D, H, W), dim 0 of (C, D, H, W)) with probability p, the rest scaled by
    1/(1-p)."""
    _check_p(p)
    _warn_feature_rank('dropout3d', input, (4, 5), 3)
    return _feature_dropout_unbatched(input, p, training, inplace, 5)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout for SELU networks: dropped elements become SELU's negative saturation value, and a x + b keeps a
    standard normal input's mean and variance."""
    _check_p(p)
    return _dropout(input, p, training, inplace, alpha=True)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """alpha_dropout of whole channels (one mask value per sample and channel)."""
    _check_p(p)
    return _dropout(input, p, training, inplace, feature=True, alpha=True)


def _check_bag_arguments(input, weight, offsets, per_sample_weights, include_last_offset):
    """embedding_bag's checks of dtypes, offsets and index range, in PyTorch's words."""
    _check_indices(input, 'embedding_bag')
    _check_indices(offsets, 'embedding_bag')
    if not weight.is_floating_point():
        raise RuntimeError("Expected tensor for argument #1 'weight' to have one of the following scalar types: Half, "
                           f'BFloat16, Float, Double; but got {_type_name(weight)} instead (while checking arguments '
                           'for embedding_bag)')
    if per_sample_weights is not None and per_sample_weights.dtype != weight.dtype:
        raise RuntimeError("Expected tensor for argument #1 'weight' to have the same type as tensor for argument #1 "
                           f"'per_sample_weights'; but type {_type_name(weight)} does not equal "
                           f'{_type_name(per_sample_weights)} (while checking arguments for embedding_bag)')
    if offsets.numel() == 0 or (include_last_offset and offsets.numel() == 1):
        raise RuntimeError('embedding_bag: offsets must hold at least one bag (PyTorch crashes on this input)')
    if int(offsets[0]) != 0:
        raise RuntimeError('offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from '
                           f'position 0. However, got {int(offsets[0])}\n[ minigrad.LongTensor{{}} ]')
    if int(offsets[-1]) > input.numel():
        raise RuntimeError(f"offsets[-1] can not be greater than input's length {input.numel()} but got offsets[-1] "
                           f'of {int(offsets[-1])}')
    bad = _first_outside(input._data, 0, weight.shape[0])
    if bad is not None:
        raise RuntimeError(f'embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be {bad}')


# -- attention (scaled_dot_product_attention, multi_head_attention_forward) ---
from ..functions import attention as _sdp  # noqa: E402
from ..functions.shape import cat as _cat  # noqa: E402

__all__ += ['multi_head_attention_forward', 'scaled_dot_product_attention']


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """softmax(q k^T * scale + mask) v over the last two dims (L queries, S keys), scale 1/sqrt(E) by default.
    attn_mask broadcasts to (..., L, S): bool (True: may attend) or float (added); is_causal: query i sees keys
    0..i (the top-left L x S triangle, as PyTorch); a query that sees nothing gets 0; dropout_p > 0 drops attention
    weights (the caller says when training). Recorded as PyTorch's CPU records it: one flash node where its flash
    kernel applies, else its math path (sqrt(scale) times q and k each, matmuls, safe softmax); both differentiate
    to any order."""
    _sdp.check_inputs(query, key, value, attn_mask, is_causal)
    if _sdp.flash_applies(query, key, value, attn_mask, dropout_p, enable_gqa):
        scale = 1 / _math.sqrt(query.shape[-1]) if scale is None else scale
        return _sdp.ScaledDotProductFlashAttentionForCpuBackward0.apply(
            query, key, value, mask=_sdp.flash_mask(query, key, attn_mask, is_causal), scale=scale)
    half = query.dtype == _dtypes.float16      # as PyTorch's CPU math path: computed in float32, rounded once
    if half:
        query, key, value = query.float(), key.float(), value.float()
    root = _math.sqrt(1 / _math.sqrt(query.shape[-1]) if scale is None else scale)
    if is_causal:
        attn_mask = query.new_ones((query.shape[-2], key.shape[-2]), dtype=_dtypes.bool).tril()
    if enable_gqa:
        key, value = _sdp.repeat_heads(key, value, query.shape[-3])
    scores = _MulNumber.apply(query, b=root).matmul(_MulNumber.apply(key.transpose(-2, -1), b=root))
    if attn_mask is not None:
        scores = scores + _sdp.additive(attn_mask, scores)
    weights = _sdp.SafeSoftmaxBackward0.apply(scores, dim=-1)
    if dropout_p > 0:
        weights = dropout(weights, dropout_p, True)
    out = weights.matmul(value)
    return out.to(_dtypes.float16) if half else out


def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads):
    """Whether the input is batched ((L, N, E) query) or not ((L, E)), with PyTorch's assertions on the others."""
    if query.ndim not in (2, 3):
        raise AssertionError(f'query should be unbatched 2D or batched 3D tensor but received {query.ndim}-D query '
                             'tensor')
    batched = query.ndim == 3
    kind = 'batched (3-D)' if batched else 'unbatched (2-D)'
    if key.ndim != query.ndim or value.ndim != query.ndim:
        raise AssertionError(f'For {kind} `query`, expected `key` and `value` to be {query.ndim}-D but found '
                             f'{key.ndim}-D and {value.ndim}-D tensors respectively')
    if key_padding_mask is not None and key_padding_mask.ndim != query.ndim - 1:
        raise AssertionError(f'For {kind} `query`, expected `key_padding_mask` to be `None` or {query.ndim - 1}-D '
                             f'but found {key_padding_mask.ndim}-D tensor instead')
    if attn_mask is not None:
        if attn_mask.ndim not in (2, 3):
            raise AssertionError(f'For {kind} `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found '
                                 f'{attn_mask.ndim}-D tensor instead')
        expected = (num_heads, query.shape[0], key.shape[0])
        if not batched and attn_mask.ndim == 3 and tuple(attn_mask.shape) != expected:
            raise AssertionError(f'Expected `attn_mask` shape to be {expected} but got {attn_mask.shape}')
    return batched


def _canonical_mask(mask, mask_name, other_type, other_name, target_type, check_other=True):
    """A bool mask (True: may NOT attend) as the float to add (-inf / 0); a float mask as it is."""
    if mask is None:
        return None
    if mask.dtype != _dtypes.bool and not mask.is_floating_point():
        raise AssertionError(f'only bool and floating types of {mask_name} are supported')
    if check_other and other_type is not None and mask.dtype != other_type:
        _warnings.warn(f'Support for mismatched {mask_name} and {other_name} is deprecated. Use same type for both '
                       'instead.', stacklevel=3)
    if not mask.is_floating_point():
        mask = _factories.zeros_like(mask, dtype=target_type).masked_fill_(mask, -_math.inf)
    return mask


def _checked_mask(attn_mask, tgt_len, src_len, heads):
    """attn_mask as (1 or N * heads, L, S), with PyTorch's errors for another shape."""
    if attn_mask.ndim == 2:
        if tuple(attn_mask.shape) != (tgt_len, src_len):
            raise RuntimeError(f'The shape of the 2D attn_mask is {attn_mask.shape}, but should be '
                               f'{(tgt_len, src_len)}.')
        return attn_mask.unsqueeze(0)
    if tuple(attn_mask.shape) != (heads, tgt_len, src_len):
        raise RuntimeError(f'The shape of the 3D attn_mask is {attn_mask.shape}, but should be '
                           f'{(heads, tgt_len, src_len)}.')
    return attn_mask


def _in_projection_packed(q, k, v, w, b=None):
    """q, k, v projected by the packed weight w (3E, E) and bias b (3E), as PyTorch's: one product for
    self-attention (q, k, v the same tensor), one for q and one for k, v together when k is v, else one each."""
    E = q.shape[-1]
    if k is v:
        if q is k:
            proj = linear(q, w, b)
            proj = proj.unflatten(-1, (3, E)).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous()
            return proj[0], proj[1], proj[2]
        w_q, w_kv = w.split([E, E * 2])
        b_q, b_kv = (None, None) if b is None else b.split([E, E * 2])
        kv = linear(k, w_kv, b_kv).unflatten(-1, (2, E)).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous()
        return linear(q, w_q, b_q), kv[0], kv[1]
    biases = (None,) * 3 if b is None else b.chunk(3)
    return tuple(linear(x, w_x, b_x) for x, w_x, b_x in zip((q, k, v), w.chunk(3), biases))


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """Multi-head attention on (L, N, E) query and (S, N, Ek/Ev) key and value (or unbatched (L, E), (S, E)):
    q, k, v projected (in_proj_weight packed q, k, v, or q/k/v_proj_weight), split into num_heads heads of E/heads,
    out_h = softmax(q_h k_h^T / sqrt(E/heads) + mask) v_h, the heads joined and projected by out_proj.
    bias_k/bias_v append a key and value, add_zero_attn a zero one; masks: bool (True: may not attend) or float
    (added). Returns (output, the attention weights averaged over heads (or per head), or None without
    need_weights). Written as PyTorch's Python, step for step."""
    batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        key_padding_mask = None if key_padding_mask is None else key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    src_len = key.shape[0]
    key_padding_mask = _canonical_mask(key_padding_mask, 'key_padding_mask',
                                       None if attn_mask is None else attn_mask.dtype, 'attn_mask', query.dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError('Need attn_mask if specifying the is_causal hint. You may use the Transformer module '
                           'method `generate_square_subsequent_mask` to create this mask.')
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None        # sdp's is_causal alone says it
    else:
        attn_mask = _canonical_mask(attn_mask, 'attn_mask', None, '', query.dtype, check_other=False)
        is_causal = is_causal and key_padding_mask is None
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f'was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}')
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f'embed_dim {embed_dim} not divisible by num_heads {num_heads}')
    if use_separate_proj_weight and tuple(key.shape[:2]) != tuple(value.shape[:2]):
        raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match value's "
                             f'{value.shape[:2]}')
    if not use_separate_proj_weight and tuple(key.shape) != tuple(value.shape):
        raise AssertionError(f'key shape {key.shape} does not match value shape {value.shape}')
    if not use_separate_proj_weight:
        q, k, v = _in_projection_packed(query, key, value, in_proj_weight, in_proj_bias)
    else:
        biases = (None,) * 3 if in_proj_bias is None else in_proj_bias.chunk(3)
        q, k, v = (linear(x, w, b) for x, w, b in zip((query, key, value), (q_proj_weight, k_proj_weight,
                                                                              v_proj_weight), biases))
    if attn_mask is not None:
        attn_mask = _checked_mask(attn_mask, tgt_len, src_len, bsz * num_heads)
    if (bias_k is None) != (bias_v is None):
        raise AssertionError('bias_k is set but bias_v is None' if bias_v is None else
                             'bias_v is set but bias_k is None')
    if bias_k is not None:      # one more key and value, learned, that every query sees
        k, v = _cat([k, bias_k.repeat(1, bsz, 1)]), _cat([v, bias_v.repeat(1, bsz, 1)])
        attn_mask = None if attn_mask is None else pad(attn_mask, (0, 1))
        key_padding_mask = None if key_padding_mask is None else pad(key_padding_mask, (0, 1))
    q = q.reshape(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    k = (k.reshape(k.shape[0], bsz * num_heads, head_dim).transpose(0, 1) if static_k is None else static_k)
    v = (v.reshape(v.shape[0], bsz * num_heads, head_dim).transpose(0, 1) if static_v is None else static_v)
    if add_zero_attn:           # and one of zeros
        zeros = _factories.zeros(bsz * num_heads, 1, head_dim, dtype=k.dtype, device=k.device)
        k, v = _cat([k, zeros], dim=1), _cat([v, zeros], dim=1)
        attn_mask = None if attn_mask is None else pad(attn_mask, (0, 1))
        key_padding_mask = None if key_padding_mask is None else pad(key_padding_mask, (0, 1))
    src_len = k.shape[1]
    if key_padding_mask is not None:
        for dim, size in enumerate((bsz, src_len)):
            if key_padding_mask.shape[dim] != size:
                raise AssertionError(f'Expected key_padded_mask.shape[{dim}] to be {size}, but got '
                                     f'{key_padding_mask.shape[dim]}')
        key_padding_mask = (key_padding_mask.view(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1)
                            .reshape(bsz * num_heads, 1, src_len))
        attn_mask = key_padding_mask if attn_mask is None else attn_mask + key_padding_mask
    dropout_p = dropout_p if training else 0.0
    if need_weights:
        scores = q * _math.sqrt(1.0 / float(head_dim))
        scores = (scores.bmm(k.transpose(-2, -1)) if attn_mask is None
                  else attn_mask.baddbmm(scores, k.transpose(-2, -1)))
        attn_weights = softmax(scores, dim=-1)
        if dropout_p > 0.0:
            attn_weights = dropout(attn_weights, p=dropout_p)
        out = attn_weights.bmm(v).transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
        attn_weights = attn_weights.view(bsz, num_heads, tgt_len, src_len)
        if average_attn_weights:
            attn_weights = attn_weights.mean(dim=1)
    else:
        if attn_mask is not None:
            attn_mask = (attn_mask.unsqueeze(0) if attn_mask.shape[0] == 1
                         else attn_mask.view(bsz, num_heads, -1, src_len))
        out = scaled_dot_product_attention(q.view(bsz, num_heads, tgt_len, head_dim),
                                           k.view(bsz, num_heads, src_len, head_dim),
                                           v.view(bsz, num_heads, src_len, head_dim), attn_mask, dropout_p, is_causal)
        out = out.permute(2, 0, 1, 3).reshape(bsz * tgt_len, embed_dim)
        attn_weights = None
    out = linear(out, out_proj_weight, out_proj_bias)
    out = out.view(tgt_len, bsz, out.shape[1])
    if not batched:
        out = out.squeeze(1)
        attn_weights = None if attn_weights is None else attn_weights.squeeze(0)
    return out, attn_weights


# -- recurrent ---


# -- sampling grids ---
from ..functions.grid import affine_grid, grid_sample  # noqa: E402
__all__ += ['affine_grid', 'grid_sample']


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    """softmax((logits + G) / tau) along dim, G drawn from Gumbel(0, 1) (-log of an Exponential(1) draw); with hard,
    the one-hot of its argmax in the forward, and the soft sample's gradient (straight through: y_hard - y_soft
    detached + y_soft)."""
    if eps != 1e-10:
        _warnings.warn('`eps` parameter is deprecated and has no effect.', stacklevel=2)
    gumbels = -_factories.empty_like(logits).exponential_().log()
    y_soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = _factories.zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft


__all__ += ['gumbel_softmax']


# -- pooling with indices ---
def _with_indices(pool):
    """F.<pool>_with_indices: the pool's (output, indices) whatever return_indices says, as PyTorch's (the function
    that F.<pool> calls when return_indices is True)."""
    signature = _inspect.signature(pool)

    def pooled(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.arguments['return_indices'] = True
        return pool(*bound.args, **bound.kwargs)
    pooled.__name__ = pooled.__qualname__ = pool.__name__ + '_with_indices'
    pooled.__signature__ = signature
    return pooled


max_pool1d_with_indices, max_pool2d_with_indices, max_pool3d_with_indices = (
    _with_indices(max_pool1d), _with_indices(max_pool2d), _with_indices(max_pool3d))
adaptive_max_pool1d_with_indices, adaptive_max_pool2d_with_indices, adaptive_max_pool3d_with_indices = (
    _with_indices(adaptive_max_pool1d), _with_indices(adaptive_max_pool2d), _with_indices(adaptive_max_pool3d))
__all__ += ['adaptive_max_pool1d_with_indices', 'adaptive_max_pool2d_with_indices', 'adaptive_max_pool3d_with_indices',
            'max_pool1d_with_indices', 'max_pool2d_with_indices', 'max_pool3d_with_indices']


# -- sequence convolution ---
from ..functions.conv_tbc import conv_tbc  # noqa: E402

__all__ += ['conv_tbc']


# -- triplet loss with a distance function ---
def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0, swap=False,
                                      reduction='mean'):
    """max(margin + d(anchor, positive) - d(anchor, negative), 0), reduced; d is distance_function (pairwise_distance
    when None); with swap, d(anchor, negative) becomes min(d(anchor, negative), d(positive, negative))."""
    if reduction not in ('mean', 'sum', 'none'):
        raise ValueError(f'{reduction} is not a valid value for reduction')
    if margin <= 0:
        raise ValueError(f'margin must be greater than 0, got {margin}')
    dims = anchor.ndim, positive.ndim, negative.ndim
    if len(set(dims)) != 1:
        raise RuntimeError('The anchor, positive, and negative tensors are expected to have the same number of '
                           f'dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative {dims[2]}D '
                           'inputs')
    distance = pairwise_distance if distance_function is None else distance_function
    dist_pos, dist_neg = distance(anchor, positive), distance(anchor, negative)
    if swap:
        dist_neg = dist_neg.minimum(distance(positive, negative))
    loss = (margin + dist_pos - dist_neg).clamp_min(0)
    return loss.sum() if reduction == 'sum' else loss.mean() if reduction == 'mean' else loss


__all__ += ['triplet_margin_with_distance_loss']


# -- fractional max pooling ---
from ..functions.fractional_pool import fractional_max_pool2d, fractional_max_pool3d  # noqa: E402

fractional_max_pool2d_with_indices = _with_indices(fractional_max_pool2d)
fractional_max_pool3d_with_indices = _with_indices(fractional_max_pool3d)
__all__ += ['fractional_max_pool2d', 'fractional_max_pool2d_with_indices', 'fractional_max_pool3d',
            'fractional_max_pool3d_with_indices']


# -- channel shuffle without a derivative ---
from ..functions.shuffle import native_channel_shuffle  # noqa: E402

__all__ += ['native_channel_shuffle']


# -- linear layer and cross entropy in one ---
def linear_cross_entropy(input, linear_weight, target, *, linear_bias=None, weight=None, reduction='mean',
                         ignore_index=None, label_smoothing=0.0, options=None):
    """cross_entropy(linear(input, linear_weight, linear_bias), target, ...): PyTorch's reference path; linear_weight
    (C, *out_features, in_features) gives logits (N, C, *out_features), a K-dimensional loss."""
    if options is not None:
        raise NotImplementedError('linear_cross_entropy: options (PyTorch\'s chunked path) is not supported in '
                                  'minigrad; leave it None for the same values')
    if input.dim() < 1 or input.dim() > 2:
        raise RuntimeError(f'expected input with dimensionality 1 or 2, got {input.dim()}')
    if linear_weight.dim() < 2:
        raise RuntimeError(f'expected linear_weight with dimensionality at least 2, got {linear_weight.dim()}')
    batch, in_features = tuple(input.shape[:-1]), input.shape[-1]
    if in_features != linear_weight.shape[-1]:
        raise RuntimeError('expected equal input and linear_weight last dimensions (in_features), got '
                           f'{input.shape[-1]} and {linear_weight.shape[-1]}, respectively')
    classes, out_features = linear_weight.shape[0], tuple(linear_weight.shape[1:-1])
    if linear_bias is not None and tuple(linear_bias.shape) != (classes, *out_features):
        raise RuntimeError(f'expected linear_bias shape {(classes, *out_features)}, got {tuple(linear_bias.shape)}')
    if out_features and not batch:
        raise RuntimeError(f'K-dimensional loss defined by linear_weight shape {tuple(linear_weight.shape)} requires'
                           f' batched input, (N, {in_features}), got unbatched input with shape {tuple(input.shape)}')
    logits_shape = (*batch, classes, *out_features)
    if tuple(target.shape) == logits_shape and ignore_index is not None:
        raise RuntimeError('ignore_index cannot be specified when target contains probabilities')
    if out_features:
        linear_weight = linear_weight.reshape(_math.prod(out_features, start=classes), in_features)
        linear_bias = None if linear_bias is None else linear_bias.reshape(_math.prod(out_features, start=classes))
    logits = linear(input, linear_weight, linear_bias).reshape(logits_shape)
    return cross_entropy(logits, target, weight=weight, reduction=reduction,
                         ignore_index=-100 if ignore_index is None else ignore_index, label_smoothing=label_smoothing)


__all__ += ['linear_cross_entropy']


# Each public function words PyTorch's TypeError for an argument of the wrong kind (None or a list for a tensor), in
# the op table's thin wrapper (functions/table.py: checked), but for those PyTorch writes in Python that read an
# attribute of an argument first: their AttributeError is PyTorch's error (tests/test_error_scan.py compares).
_PYTHON_FIRST = frozenset('''softmin softmax log_softmax sigmoid tanh tanhshrink softsign normalize mse_loss l1_loss
    smooth_l1_loss huber_loss binary_cross_entropy_with_logits dropout1d dropout2d dropout3d lp_pool1d group_norm
    adaptive_avg_pool2d'''.split())
# PyTorch's functions here written in C++ (the others are Python's): its argument parser words a wrong count of
# arguments (functions/table.py: arity_error)
_PARSED = frozenset('''adaptive_avg_pool1d avg_pool1d avg_pool2d avg_pool3d bilinear celu_ channel_shuffle conv1d
    conv2d conv3d conv_tbc conv_transpose1d conv_transpose2d conv_transpose3d cosine_similarity elu_ gelu hardshrink
    hardtanh_ leaky_relu_ linear logsigmoid native_channel_shuffle one_hot pairwise_distance pdist pixel_shuffle
    pixel_unshuffle prelu relu_ rrelu_ scaled_dot_product_attention selu_ softplus softshrink threshold_'''.split())
for _name in __all__:
    globals()[_name] = _checked(globals()[_name], _name, False, _name in _PYTHON_FIRST, _name in _PARSED)
