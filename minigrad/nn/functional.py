"""minigrad.nn.functional: the stateless ops behind the layers, as torch.nn.functional.
Each is a Tensor method or an op from minigrad/functions; nothing here touches arrays directly."""
import math as _math
import warnings as _warnings

from .. import dtypes as _dtypes, factories as _factories
from ..autograd import grad_mode as _grad_mode, views as _views
from ..autograd.grad_mode import no_grad as _no_grad
from ..dims import check_broadcast as _broadcast_shapes
from ..functions import activation as _act, loss as _loss, loss_elementwise as _loss_elementwise
from ..functions import loss_margin as _loss_margin
from ..functions.distance import PdistBackward0 as _Pdist
from ..functions.loss_ctc import CtcLossBackward0 as _CtcLoss
from ..functions.elementwise import div as _div, where as _where
from ..functions.conv import conv2d
from ..functions.elementwise import DivBackward1 as _DivNumber
from ..functions.linalg import AddmmBackward0 as _Addmm
from ..functions.normalization import NativeBatchNormBackward0 as _NativeBatchNorm
from ..functions.norms import aten_norm as _aten_norm
from ..functions.pad import pad
from ..functions.pool import avg_pool2d, max_pool2d

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
    if not training and (running_mean is None or running_var is None):
        raise RuntimeError('running_mean and running_var must be defined in evaluation mode')
    if input.ndim < 2:
        raise ValueError(f'Expected 2 or more dimensions (got {input.ndim})')
    if training and input.shape[0] * _math.prod(input.shape[2:]) == 1:
        raise ValueError(f'Expected more than 1 value per channel when training, got input size {input.shape}')
    for name, stat in (('running_mean', running_mean), ('running_var', running_var)):
        if stat is not None and stat.numel() != input.shape[1]:
            raise RuntimeError(f'{name} should contain {input.shape[1]} elements not {stat.numel()}')
    if not input.is_floating_point():
        _dtypes.not_implemented('batch_norm', input.dtype)
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
    _dtypes.check_cast(_dtypes.float32, input.dtype)     # PyTorch's error, from scaling an integer mask in place
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


def one_hot(tensor, num_classes=-1):
    """A (..., num_classes) int64 tensor with 1 at each index of `tensor` (num_classes -1: max + 1)"""
    if tensor.dtype != _dtypes.int64:
        raise RuntimeError('one_hot is only applicable to index tensor of type LongTensor.')
    if num_classes == -1:
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


# -- pooling and interpolation ---


# -- normalization (layer_norm, group_norm, instance_norm, rms_norm, local_response_norm) ---


# -- embedding, padding, dropout variants, pixel shuffle, bilinear ---


# -- attention (scaled_dot_product_attention, multi_head_attention_forward) ---


# -- recurrent ---

