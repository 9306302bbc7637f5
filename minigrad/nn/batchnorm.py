"""BatchNorm1d/2d/3d: normalise each channel with the batch's statistics (training) or the running ones (eval),
then scale and shift: y = (x - mean) / sqrt(var + eps) * weight + bias. _NormBase holds what the instance norms
share with them: the optional weight and bias, the running statistics and their counter."""
from ..factories import ones, tensor, zeros
from . import functional as F
from .normalization import _Affine


class _NormBase(_Affine):
    """weight (ones) and bias (zeros) per channel with `affine` (bias None without `bias`); with
    `track_running_stats` the buffers running_mean (zeros), running_var (ones) and num_batches_tracked (0), else
    those buffers are None."""
    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
                 device=None, dtype=None, *, bias=True):
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        self._make_affine(num_features, affine, bias, device, dtype)
        track = track_running_stats
        self.register_buffer('running_mean', zeros(num_features, device=device, dtype=dtype) if track else None)
        self.register_buffer('running_var', ones(num_features, device=device, dtype=dtype) if track else None)
        self.register_buffer('num_batches_tracked', tensor(0, device=device) if track else None)

    def reset_running_stats(self):
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self):
        self.reset_running_stats()
        super().reset_parameters()

    def extra_repr(self):
        return (f'{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, '
                f'bias={self.bias is not None}, track_running_stats={self.track_running_stats}')


class _BatchNorm(_NormBase):
    """running_mean/var move towards each training batch's mean and unbiased variance:
        running = (1 - momentum) running + momentum batch_stat
    (momentum=None: the plain average of all batches so far, by num_batches_tracked). Without
    track_running_stats the batch's statistics are used in eval too."""
    dims = ()       # the input dims each subclass accepts

    def _check_input_dim(self, input):
        if input.dim() not in self.dims:
            raise ValueError(f"expected {' or '.join(f'{d}D' for d in self.dims)} input (got {input.dim()}D input)")

    def forward(self, input):
        self._check_input_dim(input)
        factor = self.momentum or 0.0
        if self.training and self.track_running_stats:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:
                factor = 1.0 / float(self.num_batches_tracked)
        use_batch_stats = self.training or self.running_mean is None
        track = not self.training or self.track_running_stats
        return F.batch_norm(input, self.running_mean if track else None, self.running_var if track else None,
                            self.weight, self.bias, use_batch_stats, factor, self.eps)


class BatchNorm1d(_BatchNorm):
    """Over (N, C) or (N, C, L) inputs."""
    dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Over (N, C, H, W) inputs."""
    dims = (4,)


class BatchNorm3d(_BatchNorm):
    """Over (N, C, D, H, W) inputs."""
    dims = (5,)
