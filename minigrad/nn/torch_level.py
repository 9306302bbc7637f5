"""The nn ops PyTorch also has at the torch level (torch.layer_norm, torch.max_pool1d, torch.kl_div, ...), in those
signatures: the aten ops' own, which differ from nn.functional's (a loss's reduction is an int, at::Reduction: 0
none, 1 mean, 2 sum; batch_norm's arguments are all required, its weight and bias first; a pool's default stride
is (); the norms leave out nn.functional's own checks of the batch and spatial sizes). Each calls nn.functional's
op (its aten part, _batch_norm, where F checks more); minigrad/__init__.py binds __all__ as minigrad.<name>."""
from . import functional as F
from .. import dtypes as _dtypes
from ..autograd.grad_mode import no_grad as _no_grad
from ..dims import as_int
from ..functions.bins import searchsorted as _searchsorted
from ..factories import arange as _arange, ones_like as _ones_like, zeros as _zeros
from ..functions.table import checked

__all__ = ['adaptive_avg_pool1d', 'adaptive_max_pool1d', 'avg_pool1d', 'batch_norm', 'binary_cross_entropy_with_logits',
           'constant_pad_nd', 'cosine_embedding_loss', 'cosine_similarity', 'ctc_loss', 'embedding_bag', 'group_norm',
           'hinge_embedding_loss', 'instance_norm', 'kl_div', 'layer_norm', 'margin_ranking_loss', 'max_pool1d',
           'max_pool1d_with_indices', 'max_pool2d', 'max_pool3d', 'pairwise_distance', 'pdist', 'poisson_nll_loss',
           'rms_norm', 'triplet_margin_loss']

# PyTorch's argument parser cannot read its own default for these losses' reduction ('at::Reduction::Mean') and
# takes 0: torch.kl_div(x, t) is unreduced. That is the default here too.
NONE = 0


def reduction_name(reduction):
    """at::Reduction as nn.functional's name: 1 mean, 2 sum, any other int none (apply_loss_reduction's rule)."""
    return {1: 'mean', 2: 'sum'}.get(as_int(reduction), 'none')


def stride_or_default(stride):
    return None if isinstance(stride, (tuple, list)) and not stride else stride


# -- normalization ---
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True):
    return F.layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True):
    return F._group_norm(input, num_groups, weight, bias, eps)


def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled):
    return F._batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, cudnn_enabled):
    return F._instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    return F.rms_norm(input, normalized_shape, weight, eps)


# -- pooling ---
def max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return F.max_pool1d(input, kernel_size, stride_or_default(stride), padding, dilation, ceil_mode)


def max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return F.max_pool2d(input, kernel_size, stride_or_default(stride), padding, dilation, ceil_mode)


def max_pool3d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return F.max_pool3d(input, kernel_size, stride_or_default(stride), padding, dilation, ceil_mode)


def max_pool1d_with_indices(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return F.max_pool1d_with_indices(input, kernel_size, stride_or_default(stride), padding, dilation, ceil_mode)


def avg_pool1d(input, kernel_size, stride=(), padding=0, ceil_mode=False, count_include_pad=True):
    return F.avg_pool1d(input, kernel_size, stride_or_default(stride), padding, ceil_mode, count_include_pad)


def adaptive_avg_pool1d(input, output_size):
    return F.adaptive_avg_pool1d(input, output_size)


def adaptive_max_pool1d(input, output_size):
    """(output, indices), always."""
    return F.adaptive_max_pool1d(input, output_size, True)


# -- distances ---
def cosine_similarity(x1, x2, dim=1, eps=1e-08):
    return F.cosine_similarity(x1, x2, dim, eps)


def pairwise_distance(x1, x2, p=2, eps=1e-06, keepdim=False):
    return F.pairwise_distance(x1, x2, p, eps, keepdim)


def pdist(input, p=2):
    return F.pdist(input, p)


# -- losses ---
def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction=NONE):
    return F.binary_cross_entropy_with_logits(input, target, weight, reduction_name(reduction), pos_weight)


def kl_div(input, target, reduction=NONE, *, log_target=False):
    losses = F.kl_div(input, target, reduction='none', log_target=log_target)
    return F._reduced(losses, reduction_name(reduction))   # (F.kl_div's 'mean' warns; this one does not)


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction=NONE):
    return F._margin_ranking_loss(input1, input2, target, margin, reduction_name(reduction))


def hinge_embedding_loss(input, target, margin=1.0, reduction=NONE):
    return F.hinge_embedding_loss(input, target, margin, reduction=reduction_name(reduction))


def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    return F.poisson_nll_loss(input, target, log_input, full, eps=eps, reduction=reduction_name(reduction))


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False, reduction=NONE):
    return F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                 reduction=reduction_name(reduction))


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=NONE):
    return F.cosine_embedding_loss(input1, input2, target, margin, reduction=reduction_name(reduction))


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction=NONE, zero_infinity=False):
    return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, reduction_name(reduction),
                      zero_infinity)


# -- padding, embedding ---
def constant_pad_nd(input, pad, value=0):
    """F.pad's constant mode, with aten's checks of pad's length."""
    n = len(pad)
    if n % 2:
        raise RuntimeError(f'Length of pad must be even but instead it equals {n}')
    if n // 2 > input.ndim:
        raise RuntimeError('Length of pad should be no more than twice the number of dimensions of the input. Pad '
                           f'length is {n}while the input has {input.ndim}dimensions.')
    return F.pad(input, pad, 'constant', value)


def embedding_bag(weight, indices, offsets, scale_grad_by_freq=False, mode=0, sparse=False, per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """(output, offset2bag, bag_size, max_indices), mode 0 sum, 1 mean, 2 max: F.embedding_bag's output and PyTorch's
    CPU bookkeeping beside it: offset2bag, each index's bag (left empty where PyTorch's kernel sums float32 or
    float16 rows without it); bag_size, each bag's count of indices other than padding_idx (0s for sum); max_indices,
    the row each max came from (max), bag_size again (mean), 0s (sum)."""
    mode = as_int(mode)
    output = F.embedding_bag(indices, weight, offsets, None, 2, scale_grad_by_freq, ('sum', 'mean', 'max')[mode],
                             sparse, per_sample_weights, include_last_offset, padding_idx)
    with _no_grad():
        bags = offsets.shape[0] - include_last_offset
        offset2bag = (_searchsorted(offsets[:bags].contiguous(), _arange(indices.shape[0], dtype=offsets.dtype),
                                     right=True) - 1).to(indices.dtype)
        counted = indices if padding_idx is None else indices[indices != padding_idx % weight.shape[0]]
        kept = offset2bag if padding_idx is None else offset2bag[indices != padding_idx % weight.shape[0]]
        bag_size = _zeros(bags, dtype=indices.dtype).index_add_(0, kept, _ones_like(counted))
        if mode == 0:
            fast = weight.dtype in (_dtypes.float32, _dtypes.float16) and padding_idx is None and weight.stride(1) == 1
            if fast:
                offset2bag = offset2bag[:0]
            return output, offset2bag, bag_size.zero_(), bag_size.clone()
        if mode == 1:
            return output, offset2bag, bag_size, bag_size.clone()
        max_indices = _zeros(bags, weight.shape[1], dtype=indices.dtype)
        for b in range(bags):
            rows = counted[kept == b]
            if rows.numel():
                max_indices[b] = rows[weight[rows].argmax(0)]
        return output, offset2bag, bag_size, max_indices


for _name in __all__:
    globals()[_name] = checked(globals()[_name], _name, False)
