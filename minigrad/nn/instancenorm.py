"""InstanceNorm1d/2d/3d: normalise each channel of each sample over its positions (F.instance_norm), then scale
and shift per channel (affine=False by default). With track_running_stats, eval uses the running statistics."""
import warnings

from . import functional as F
from .batchnorm import _NormBase


class _InstanceNorm(_NormBase):
    """An input without its batch dim (no_batch_dim dims) is treated as a batch of one."""
    dims = ()           # the input dims each subclass accepts: (no batch dim, batched)

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=False, track_running_stats=False,
                 device=None, dtype=None, *, bias=True):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias)

    def forward(self, input):
        if input.dim() not in self.dims:
            raise ValueError(f"expected {' or '.join(f'{d}D' for d in self.dims)} input (got {input.dim()}D input)")
        feature_dim = input.dim() - self.dims[0]
        if input.shape[feature_dim] != self.num_features:
            if self.affine:
                raise ValueError(f"expected input's size at dim={feature_dim} to match num_features "
                                 f'({self.num_features}), but got: {input.shape[feature_dim]}.')
            warnings.warn(f"input's size at dim={feature_dim} does not match num_features. You can silence this "
                          'warning by not passing in num_features, which is not used because affine=False',
                          stacklevel=2)
        if input.dim() == self.dims[0]:
            return self._instance_norm(input.unsqueeze(0)).squeeze(0)
        return self._instance_norm(input)

    def _instance_norm(self, input):
        return F.instance_norm(input, self.running_mean, self.running_var, self.weight, self.bias,
                               self.training or not self.track_running_stats,
                               self.momentum if self.momentum is not None else 0.0, self.eps)


class InstanceNorm1d(_InstanceNorm):
    """Over (N, C, L) or (C, L) inputs."""
    dims = (2, 3)


class InstanceNorm2d(_InstanceNorm):
    """Over (N, C, H, W) or (C, H, W) inputs."""
    dims = (3, 4)


class InstanceNorm3d(_InstanceNorm):
    """Over (N, C, D, H, W) or (C, D, H, W) inputs."""
    dims = (4, 5)
