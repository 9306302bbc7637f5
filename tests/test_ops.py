"""Every core op through the parity helper: forward and every input gradient vs PyTorch, float64 and float32."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import check_op


def lib(x):
    """The library a tensor belongs to (for module functions in CASES: lib(x).linalg.inv(x))."""
    return minigrad if isinstance(x, minigrad.Tensor) else torch


def nnf(x):
    """nn.functional of x's library (so that one CASES lambda serves both)."""
    return lib(x).nn.functional


F32 = {'float32': dict(rtol=1e-4, atol=1e-4)}    # factorizations: LAPACK's float32 pivots and blocking
SERIES = {'float64': dict(rtol=1e-8, atol=1e-10)}   # polygamma: scipy's and PyTorch's zeta series, ~1e-9 apart

# (name, shapes, function written once for both libraries, kwargs for check_op)
CASES = [
    ('add', [(3, 4), (3, 4)], lambda x, y: x + y, {}),
    ('add_broadcast', [(3, 1, 4), (5, 1)], lambda x, y: x + y, {}),
    ('add_scalar', [(3, 4)], lambda x: x + 2.5, {}),
    ('radd_scalar', [(3, 4)], lambda x: 1 + x, {}),
    ('add_alpha', [(3, 4), (4,)], lambda x, y: x.add(y, alpha=-0.5), {}),
    ('sub_broadcast', [(2, 3, 4), (3, 1)], lambda x, y: x - y, {}),
    ('rsub_scalar', [(3,)], lambda x: 2 - x, {}),
    ('mul_broadcast', [(4, 1), (1, 5)], lambda x, y: x * y, {}),
    ('mul_scalar', [(2, 3)], lambda x: x * -3, {}),
    ('div', [(3, 4), (3, 4)], lambda x, y: x / y, dict(low=0.5, high=2)),
    ('div_broadcast', [(3, 4), (4,)], lambda x, y: x / y, dict(low=0.5, high=2)),
    ('rdiv_scalar', [(3,)], lambda x: 1 / x, dict(low=0.5, high=2)),
    ('pow_scalar', [(3, 4)], lambda x: x ** 3, {}),
    ('pow_half', [(3, 4)], lambda x: x ** 0.5, dict(low=0.5, high=2)),
    ('pow_tensor', [(3, 4), (3, 4)], lambda x, y: x ** y, dict(low=0.5, high=2)),
    ('rpow', [(3,)], lambda x: 2 ** x, {}),
    ('neg', [(3, 4)], lambda x: -x, {}),
    ('abs', [(3, 4)], lambda x: x.abs(), {}),
    ('exp', [(3, 4)], lambda x: x.exp(), {}),
    ('log', [(3, 4)], lambda x: x.log(), dict(low=0.1, high=3)),
    ('sqrt', [(3, 4)], lambda x: x.sqrt(), dict(low=0.1, high=3)),
    ('sigmoid', [(3, 4)], lambda x: x.sigmoid(), {}),
    ('sigmoid_large', [(3, 4)], lambda x: x.sigmoid(), dict(low=-60, high=60)),
    ('tanh', [(3, 4)], lambda x: x.tanh(), {}),
    ('relu', [(3, 4)], lambda x: x.relu(), {}),
    ('clamp', [(4, 5)], lambda x: x.clamp(-0.5, 0.7), {}),
    ('clamp_min', [(4, 5)], lambda x: x.clamp(min=0.1), {}),
    ('maximum', [(3, 4), (4,)], lambda x, y: x.maximum(y), {}),
    ('maximum_ties', [(2, 2), (2, 2)], lambda x, y: x.maximum(y), dict(values=[[[1, 2], [3, 4]], [[1, 0], [3, 5]]])),
    ('minimum_ties', [(2, 2), (2, 2)], lambda x, y: x.minimum(y), dict(values=[[[1, 2], [3, 4]], [[1, 0], [3, 5]]])),
    ('sum', [(3, 4)], lambda x: x.sum(), {}),
    ('sum_dim', [(3, 4, 5)], lambda x: x.sum(1), {}),
    ('sum_dims_keepdim', [(3, 4, 5)], lambda x: x.sum((0, 2), keepdim=True), {}),
    ('sum_neg_dim', [(3, 4)], lambda x: x.sum(-1), {}),
    ('mean', [(3, 4)], lambda x: x.mean(), {}),
    ('mean_dim_keepdim', [(3, 4, 2)], lambda x: x.mean(dim=1, keepdim=True), {}),
    ('max', [(3, 4)], lambda x: x.max(), {}),
    ('max_ties', [(2, 3)], lambda x: x.max(), dict(values=[[[1, 5, 5], [2, 5, 0]]])),
    ('min_ties', [(2, 3)], lambda x: x.min(), dict(values=[[[1, 0, 5], [0, 5, 0]]])),
    ('max_nan', [(4,)], lambda x: x.max(), dict(values=[[1, float('nan'), 3, float('nan')]])),
    ('min_nan', [(3,)], lambda x: x.min(), dict(values=[[1, float('nan'), 3]])),
    ('max_dim_nan', [(2, 3)], lambda x: x.max(1), dict(values=[[[1, float('nan'), 3], [1, 2, 3]]])),
    ('std_of_constant_rows', [(2, 3)], lambda x: x.std(1), dict(values=[[[1, 1, 1], [1, 2, 3]]])),
    ('std_of_constant', [(3,)], lambda x: x.std(), dict(values=[[2, 2, 2]])),
    ('max_dim', [(3, 4)], lambda x: x.max(1), {}),
    ('max_dim_keepdim', [(3, 4, 2)], lambda x: x.max(dim=0, keepdim=True), {}),
    ('min_dim', [(3, 4)], lambda x: x.min(0), {}),
    ('max_dim_values', [(3, 4)], lambda x: x.max(1)[0] * 2, {}),
    ('var', [(3, 4)], lambda x: x.var(), {}),
    ('norm', [(3, 4)], lambda x: x.norm(), {}),
    ('norm_fro_dim', [(3, 4)], lambda x: x.norm('fro', 1), {}),
    ('norm_1_dim', [(3, 4)], lambda x: x.norm(1, 0, True), {}),
    ('norm_3', [(3, 4)], lambda x: x.norm(3, (0, 1)), {}),
    ('norm_half', [(3, 4)], lambda x: x.norm(0.5, -1), {}),
    ('norm_inf', [(3, 4)], lambda x: x.norm(float('inf')), {}),
    ('norm_inf_dim', [(3, 4)], lambda x: x.norm(float('inf'), 1), {}),
    ('norm_minus_inf_dim', [(3, 4)], lambda x: x.norm(-float('inf'), 0, True), {}),
    ('norm_at_zero_vector', [(2, 3)], lambda x: x.norm(dim=1), dict(values=[[[0, 0, 0], [1, 2, 3]]])),
    ('norm_1_at_zero', [(3,)], lambda x: x.norm(1), dict(values=[[0, 1, -2]])),
    ('norm_inf_ties', [(4,)], lambda x: x.norm(float('inf')), dict(values=[[1, -2, 2, 0]])),
    ('pow_tensor_kink_at_zero', [(5,), (5,)], lambda x, y: x ** y,
     dict(values=[[0, 0, 0, 2, 0.5], [0, 1, 2, 0, -1]])),
    ('var_dim', [(3, 4)], lambda x: x.var(1, keepdim=True), {}),
    ('var_unbiased_false', [(5, 4)], lambda x: x.var(0, unbiased=False), {}),
    ('std', [(3, 4)], lambda x: x.std(), {}),
    ('std_dim', [(3, 4)], lambda x: x.std(dim=0), {}),
    ('softmax', [(3, 5)], lambda x: x.softmax(1), {}),
    ('softmax_dim0', [(3, 5)], lambda x: x.softmax(0), {}),
    ('softmax_large', [(2, 4)], lambda x: x.softmax(-1), dict(low=-1e4, high=1e4)),
    ('log_softmax', [(3, 5)], lambda x: x.log_softmax(1), {}),
    ('log_softmax_large', [(2, 4)], lambda x: x.log_softmax(-1), dict(low=-1e4, high=1e4)),
    ('matmul_2d', [(3, 4), (4, 5)], lambda x, y: x @ y, {}),
    ('mm', [(3, 4), (4, 5)], lambda x, y: x.mm(y), {}),
    ('matmul_1d_1d', [(4,), (4,)], lambda x, y: x @ y, {}),
    ('dot', [(4,), (4,)], lambda x, y: x.dot(y), {}),
    ('matmul_2d_1d', [(3, 4), (4,)], lambda x, y: x @ y, {}),
    ('matmul_1d_2d', [(4,), (4, 5)], lambda x, y: x @ y, {}),
    ('matmul_batched', [(2, 3, 4), (2, 4, 5)], lambda x, y: x @ y, {}),
    ('bmm', [(2, 3, 4), (2, 4, 5)], lambda x, y: x.bmm(y), {}),
    ('matmul_broadcast', [(2, 1, 3, 4), (5, 4, 2)], lambda x, y: x @ y, {}),
    ('matmul_batched_1d', [(2, 3, 4), (4,)], lambda x, y: x @ y, {}),
    ('matmul_1d_batched', [(4,), (2, 4, 3)], lambda x, y: x @ y, {}),
    ('matmul_batched_2d', [(2, 3, 4), (4, 5)], lambda x, y: x @ y, {}),
    ('matmul_batched_2d_transposed', [(3, 2, 4), (4, 5)], lambda x, y: x.transpose(0, 1) @ y, {}),
    ('reshape', [(3, 4)], lambda x: x.reshape(2, 6), {}),
    ('reshape_infer', [(3, 4)], lambda x: x.reshape(-1, 2), {}),
    ('view', [(3, 4)], lambda x: x.view(12), {}),
    ('view_tuple', [(3, 4)], lambda x: x.view((4, 3)), {}),
    ('flatten', [(2, 3, 4)], lambda x: x.flatten(1), {}),
    ('squeeze', [(3, 1, 4, 1)], lambda x: x.squeeze(), {}),
    ('squeeze_dim', [(3, 1, 4)], lambda x: x.squeeze(1), {}),
    ('unsqueeze', [(3, 4)], lambda x: x.unsqueeze(1), {}),
    ('unsqueeze_neg', [(3, 4)], lambda x: x.unsqueeze(-1), {}),
    ('expand', [(3, 1)], lambda x: x.expand(3, 4), {}),
    ('expand_new_dims', [(3, 1)], lambda x: x.expand(2, -1, 4), {}),
    ('expand_as', [(1, 4), (3, 4)], lambda x, y: x.expand_as(y) * y, {}),
    ('permute', [(2, 3, 4)], lambda x: x.permute(2, 0, 1), {}),
    ('transpose', [(2, 3, 4)], lambda x: x.transpose(0, 2), {}),
    ('t', [(3, 4)], lambda x: x.t(), {}),
    ('T', [(3, 4)], lambda x: x.T, {}),
    ('contiguous', [(3, 4)], lambda x: x.t().contiguous() * 1, {}),
    ('clone', [(3, 4)], lambda x: x.clone(), {}),
    ('getitem_int', [(3, 4)], lambda x: x[1], {}),
    ('getitem_neg_int', [(3, 4)], lambda x: x[-1, 2], {}),
    ('getitem_slice', [(5, 4)], lambda x: x[1:4:2], {}),
    ('getitem_column', [(5, 4)], lambda x: x[:, 1], {}),
    ('getitem_none', [(5, 4)], lambda x: x[None, :, None], {}),
    ('getitem_ellipsis', [(2, 3, 4)], lambda x: x[..., -1], {}),
    ('split', [(5, 3)], lambda x: x.split(2), {}),
    ('split_sizes', [(5, 3)], lambda x: x.split([1, 4]), {}),
    ('chunk', [(3, 6)], lambda x: x.chunk(3, dim=1), {}),
    ('unbind', [(3, 2)], lambda x: x.unbind(1), {}),
    ('double', [(3, 4)], lambda x: x.double() * 2, {}),
    ('float', [(3, 4)], lambda x: x.float() * 2, {}),
    # a dim on a 0-d tensor: PyTorch takes 0 and -1
    ('sum_dim_0d', [()], lambda x: x.sum(-1) * x.sum((0,), keepdim=True), {}),
    ('mean_dim_0d', [()], lambda x: x.mean(0), {}),
    ('prod_dim_0d', [()], lambda x: x.prod(-1), {}),
    ('max_dim_0d', [()], lambda x: x.max(-1), {}),
    ('min_dim_0d', [()], lambda x: x.min(0, keepdim=True), {}),
    ('softmax_0d', [()], lambda x: x.softmax(-1) + x.log_softmax(0), {}),
    ('transpose_0d', [()], lambda x: x.transpose(0, -1) * 2, {}),
    ('unsqueeze_squeeze_0d', [()], lambda x: x.unsqueeze(-1).squeeze(0) * x.squeeze(0).unsqueeze(0), {}),
    ('flatten_0d', [()], lambda x: x.flatten(0, -1), {}),
    ('pow_number_tensor', [(3,)], lambda x: 2 ** x * 2.5 ** x, {}),
    ('rdiv_int_number', [(3,)], lambda x: 3 / x, dict(low=0.5, high=2)),
    ('chain', [(4, 3), (3, 2)], lambda x, w: ((x @ w).relu() + 1).log().sum(), {}),
    ('reuse', [(3,)], lambda x: x * x + x.exp() * x, {}),
    # elementwise math: trig.py, special.py, rounding.py, binary.py (each op's domain in low/high)
    ('sin', [(3, 4)], lambda x: x.sin(), {}),
    ('cos', [(3, 4)], lambda x: x.cos(), {}),
    ('tan', [(3, 4)], lambda x: x.tan(), dict(low=-1.2, high=1.2)),
    ('asin', [(3, 4)], lambda x: x.asin(), dict(low=-0.9, high=0.9)),
    ('acos', [(3, 4)], lambda x: x.acos(), dict(low=-0.9, high=0.9)),
    ('atan', [(3, 4)], lambda x: x.atan(), {}),
    ('atan2', [(3, 4), (4,)], lambda x, y: x.atan2(y), {}),
    ('atan2_origin_kink', [(3,), (3,)], lambda x, y: x.atan2(y), dict(values=[[0., 1., 0.], [0., 0., -1.]])),
    ('sinh', [(3, 4)], lambda x: x.sinh(), {}),
    ('cosh', [(3, 4)], lambda x: x.cosh(), {}),
    ('asinh', [(3, 4)], lambda x: x.asinh(), {}),
    ('acosh', [(3, 4)], lambda x: x.acosh(), dict(low=1.1, high=3)),
    ('atanh', [(3, 4)], lambda x: x.atanh(), dict(low=-0.9, high=0.9)),
    ('hypot', [(3, 4), (3, 1)], lambda x, y: x.hypot(y), {}),
    ('exp2', [(3, 4)], lambda x: x.exp2(), {}),
    ('expm1', [(3, 4)], lambda x: x.expm1(), {}),
    ('log2', [(3, 4)], lambda x: x.log2(), dict(low=0.1, high=3)),
    ('log10', [(3, 4)], lambda x: x.log10(), dict(low=0.1, high=3)),
    ('log1p', [(3, 4)], lambda x: x.log1p(), dict(low=-0.9, high=3)),
    ('rsqrt', [(3, 4)], lambda x: x.rsqrt(), dict(low=0.1, high=3)),
    ('reciprocal', [(3, 4)], lambda x: x.reciprocal(), dict(low=0.5, high=2)),
    ('square', [(3, 4)], lambda x: x.square(), {}),
    ('erf', [(3, 4)], lambda x: x.erf(), {}),
    ('erfc', [(3, 4)], lambda x: x.erfc(), {}),
    ('erfinv', [(3, 4)], lambda x: x.erfinv(), dict(low=-0.9, high=0.9)),
    ('sinc', [(3, 4)], lambda x: x.sinc(), {}),
    ('lgamma', [(3, 4)], lambda x: x.lgamma(), dict(low=0.1, high=3.0)),
    ('digamma', [(3, 4)], lambda x: x.digamma(), dict(low=0.1, high=3.0, tol=SERIES)),
    ('polygamma', [(3, 4)], lambda x: x.polygamma(1), dict(low=0.1, high=3.0, tol=SERIES)),
    ('mvlgamma', [(3, 4)], lambda x: x.mvlgamma(2), dict(low=1.1, high=3.0)),
    ('i0', [(3, 4)], lambda x: x.i0(), {}),
    ('logit', [(3, 4)], lambda x: x.logit(), dict(low=0.05, high=0.95)),
    ('logit_eps', [(3, 4)], lambda x: x.logit(eps=0.2), dict(low=0.3, high=0.7)),
    ('deg2rad', [(3, 4)], lambda x: x.deg2rad(), {}),
    ('sinc_at_zero', [(3,)], lambda x: x.sinc(), dict(values=[[0., 0.5, -1.]])),
    ('nan_to_num', [(4,)], lambda x: x.nan_to_num(), dict(values=[[float('nan'), float('inf'), -float('inf'), 1.]])),
    ('nan_to_num_values', [(4,)], lambda x: x.nan_to_num(nan=1.5, posinf=2.0, neginf=-3.0),
     dict(values=[[float('nan'), float('inf'), -float('inf'), 1.]])),
    ('xlogy', [(3, 4), (4,)], lambda x, y: x.xlogy(y), dict(low=0.1, high=3)),
    ('xlogy_at_zero', [(4,), (4,)], lambda x, y: x.xlogy(y), dict(values=[[0., 0., 1., 2.], [2., 0.5, 3., 1.]])),
    ('xlogy_number_other', [(3, 4)], lambda x: x.xlogy(2.5), {}),
    ('logaddexp', [(3, 4), (4,)], lambda x, y: x.logaddexp(y), {}),
    ('logaddexp_large', [(3, 4), (3, 4)], lambda x, y: x.logaddexp(y), dict(low=-800, high=800)),
    ('logaddexp2', [(3, 4), (4,)], lambda x, y: x.logaddexp2(y), {}),
    ('floor', [(3, 4)], lambda x: x.floor(), {}),
    ('ceil', [(3, 4)], lambda x: x.ceil(), {}),
    ('round', [(3, 4)], lambda x: x.round(), {}),
    ('round_decimals', [(3, 4)], lambda x: x.round(decimals=2), dict(low=-3, high=3)),
    ('round_negative_decimals', [(3, 4)], lambda x: x.round(decimals=-1), dict(low=-200, high=200)),
    ('trunc', [(3, 4)], lambda x: x.trunc(), {}),
    ('fix', [(3, 4)], lambda x: x.fix(), {}),
    ('frac', [(3, 4)], lambda x: x.frac(), {}),
    ('fmod', [(3, 4), (4,)], lambda x, y: x.fmod(y), dict(low=0.5, high=3)),
    ('fmod_number', [(3, 4)], lambda x: x.fmod(0.7), dict(low=-3, high=3)),
    ('remainder_tensor', [(3, 4), (4,)], lambda x, y: x.remainder(y), dict(low=0.5, high=3)),
    ('copysign', [(3, 4), (4,)], lambda x, y: x.copysign(y), {}),
    ('copysign_number', [(3, 4)], lambda x: x.copysign(-1), {}),
    ('copysign_at_zero_kink', [(4,), (4,)], lambda x, y: x.copysign(y), dict(values=[[0., -0., 1., -2.],
                                                                                       [-1., 1., -1., 0.]])),
    ('lerp', [(3, 4), (4,)], lambda x, y: x.lerp(y, 0.3), {}),
    ('addmm', [(5,), (3, 4), (4, 5)], lambda x, a, b: x.addmm(a, b, beta=0.5, alpha=-2), {}),
    ('fmax', [(3, 4), (4,)], lambda x, y: x.fmax(y), {}),
    ('cdist', [(2, 3, 4), (5, 4)], lambda x, y: lib(x).cdist(x, y, p=3), {}),
    ('block_diag', [(2, 3), (3,)], lambda x, y: lib(x).block_diag(x, y), {}),
    ('diagflat', [(2, 3)], lambda x: x.diagflat(1), {}),
    ('cartesian_prod', [(3,), (2,)], lambda x, y: lib(x).cartesian_prod(x, y), {}),
    ('combinations', [(4,)], lambda x: lib(x).combinations(x, 3), {}),
    ('cov', [(3, 5)], lambda x: x.cov(), {}),
    ('corrcoef', [(3, 5)], lambda x: x.corrcoef(), {}),
    ('trapezoid', [(3, 4), (4,)], lambda y, x: lib(y).trapezoid(y, x), {}),
    ('cumulative_trapezoid', [(3, 4)], lambda y: lib(y).cumulative_trapezoid(y, dx=0.5), {}),
    ('fmin', [(3, 4), (4,)], lambda x, y: x.fmin(y), {}),
    ('ldexp', [(3, 4), (4,)], lambda x, y: x.ldexp(y), {}),
    ('nextafter', [(3, 4), (4,)], lambda x, y: x.nextafter(y), {}),
    ('float_power', [(3, 4), (4,)], lambda x, y: x.float_power(y), dict(low=0.5, high=2)),
    ('addcmul', [(3, 4), (4,), (3, 1)], lambda x, y, z: x.addcmul(y, z, value=0.5), {}),
    ('addcdiv', [(3, 4), (4,), (3, 1)], lambda x, y, z: x.addcdiv(y, z, value=-2), dict(low=0.5, high=2)),
    ('diff', [(3, 4), (3, 1)], lambda x, p: x.diff(2, prepend=p), {}),
    ('select', [(3, 4)], lambda x: x.select(1, -1), {}),
    ('ravel', [(3, 4)], lambda x: x.t().ravel(), {}),
    ('adjoint', [(2, 3, 4)], lambda x: x.adjoint(), {}),
    ('lerp_large_weight', [(3, 4), (3, 4)], lambda x, y: x.lerp(y, 0.8), {}),
    ('lerp_tensor_weight', [(3, 4), (4,), (3, 1)], lambda x, y, w: x.lerp(y, w), dict(low=-1, high=1)),
    ('clamp_min_number', [(3, 4)], lambda x: x.clamp_min(0.1), {}),
    ('clamp_max_number', [(3, 4)], lambda x: x.clamp_max(0.1), {}),
    ('clamp_min_tensor', [(3, 4), (4,)], lambda x, y: x.clamp_min(y), {}),
    ('clamp_max_tensor', [(3, 4), (4,)], lambda x, y: x.clamp_max(y), {}),
    ('clamp_min_tensor_ties', [(3,), (3,)], lambda x, y: x.clamp_min(y), dict(values=[[1., 2., 3.], [1., 3., 2.]])),
    ('clamp_max_tensor_ties', [(3,), (3,)], lambda x, y: x.clamp_max(y), dict(values=[[1., 2., 3.], [1., 3., 2.]])),
    # -- reductions and scans ---
    ('amax_dims', [(3, 4, 2)], lambda x: x.amax((0, 2)), {}),
    ('amin_ties', [(2, 3)], lambda x: x.amin(1), dict(values=[[[1, 0, 0], [2, 2, 3]]])),
    ('aminmax', [(3, 4)], lambda x: x.aminmax(dim=1)[0] * 2 + x.aminmax(dim=1).max, {}),
    ('logsumexp', [(3, 4)], lambda x: x.logsumexp(1), {}),
    ('logsumexp_large', [(3, 4)], lambda x: x.logsumexp((0, 1)), dict(low=-900, high=900)),
    ('nansum', [(3, 4)], lambda x: x.nansum(0), {}),
    ('nanmean_nan', [(2, 3)], lambda x: x.nanmean(1), dict(values=[[[1, float('nan'), 3], [1, 2, 3]]])),
    ('cumsum', [(3, 4)], lambda x: x.cumsum(1), {}),
    ('cumprod', [(3, 4)], lambda x: x.cumprod(0), {}),
    ('cumprod_zeros_kink', [(6,)], lambda x: x.cumprod(0), dict(values=[[2, 0, 3, 0, 4, 5]])),
    ('cummax', [(3, 4)], lambda x: x.cummax(1)[0], {}),
    ('cummin', [(3, 4)], lambda x: x.cummin(0).values, {}),
    ('logcumsumexp', [(3, 4)], lambda x: x.logcumsumexp(1), {}),
    ('median', [(3, 5)], lambda x: x.median(), {}),
    ('median_dim', [(3, 5)], lambda x: x.median(1)[0], {}),
    ('nanmedian_nan', [(2, 3)], lambda x: x.nanmedian(1).values, dict(values=[[[1, float('nan'), 3], [1, 2, 3]]])),
    ('mode_ties', [(2, 4)], lambda x: x.mode(1).values, dict(values=[[[1, 2, 2, 0], [3, 3, 1, 1]]])),
    ('quantile', [(3, 5)], lambda x: x.quantile(0.3, dim=1), {}),
    ('nanquantile', [(3, 5)], lambda x: x.nanquantile(0.8), {}),

    # -- sorting and selection ---
    ('sort', [(3, 4)], lambda x: x.sort(1)[0], {}),
    ('sort_descending_dim0', [(3, 4)], lambda x: x.sort(dim=0, descending=True, stable=True).values, {}),
    ('msort', [(3, 4)], lambda x: x.msort(), {}),
    ('topk', [(3, 5)], lambda x: x.topk(2).values, {}),
    ('topk_smallest_dim0', [(4, 3)], lambda x: x.topk(3, 0, largest=False)[0], {}),
    ('kthvalue', [(3, 5)], lambda x: x.kthvalue(2).values, {}),
    ('kthvalue_keepdim', [(4, 3)], lambda x: x.kthvalue(3, 0, keepdim=True)[0], {}),

    # -- gathering, scattering and masking ---
    ('gather', [(3, 4)], lambda x: x.gather(0, x.new_tensor([[0, 2, 2, 1], [1, 1, 0, 2]]).long()), {}),
    ('gather_dim1', [(3, 4)], lambda x: x.gather(1, x.new_tensor([[3, 3], [0, 1], [2, 0]]).long()), {}),
    ('take_along_dim', [(3, 4)], lambda x: x.take_along_dim(x.new_tensor([[1], [3], [0]]).long(), 1), {}),
    ('scatter', [(3, 4), (2, 4)], lambda x, s: x.scatter(0, x.new_tensor([[0, 1, 2, 0], [2, 0, 1, 1]]).long(), s), {}),
    ('scatter_value', [(3, 4)], lambda x: x.scatter(1, x.new_tensor([[0], [2], [3]]).long(), 0.5), {}),
    ('scatter_add', [(3, 4), (2, 4)], lambda x, s: x.scatter_add(0, x.new_tensor([[0, 1, 2, 0], [0, 1, 0, 0]]).long(), s),
     {}),
    ('scatter_reduce_sum', [(3, 4), (2, 4)],
     lambda x, s: x.scatter_reduce(0, x.new_tensor([[0, 1, 2, 0], [0, 1, 0, 0]]).long(), s, 'sum'), {}),
    ('scatter_reduce_prod', [(3, 4), (2, 4)],
     lambda x, s: x.scatter_reduce(0, x.new_tensor([[0, 1, 2, 0], [0, 1, 0, 0]]).long(), s, 'prod'), {}),
    ('scatter_reduce_mean_exclude', [(3, 4), (2, 4)],
     lambda x, s: x.scatter_reduce(0, x.new_tensor([[0, 1, 2, 0], [0, 1, 0, 0]]).long(), s, 'mean',
                                   include_self=False), {}),
    ('scatter_reduce_amax', [(3, 4), (2, 4)],
     lambda x, s: x.scatter_reduce(1, x.new_tensor([[0, 1, 2, 0], [3, 1, 0, 0]]).long(), s, 'amax'), {}),
    ('scatter_reduce_amin_exclude', [(3, 4), (2, 4)],
     lambda x, s: x.scatter_reduce(0, x.new_tensor([[0, 1, 2, 0], [0, 1, 0, 0]]).long(), s, 'amin',
                                   include_self=False), {}),
    ('index_select', [(3, 4)], lambda x: x.index_select(1, x.new_tensor([3, 0, 3]).long()), {}),
    ('index_add', [(3, 4), (3, 4)], lambda x, s: x.index_add(0, x.new_tensor([2, 0, 2]).long(), s, alpha=2), {}),
    ('index_copy', [(3, 4), (3, 2)], lambda x, s: x.index_copy(1, x.new_tensor([3, 0]).long(), s), {}),
    ('index_fill', [(3, 4)], lambda x: x.index_fill(0, x.new_tensor([2, 0]).long(), -1.0), {}),
    ('index_fill_tensor_value', [(3, 4), ()], lambda x, v: x.index_fill(1, x.new_tensor([1, 1]).long(), v), {}),
    ('index_put', [(3, 4), (4,)], lambda x, v: x.index_put((x.new_tensor([2, 0]).long(),), v), {}),
    ('index_put_accumulate', [(3, 4), (3,)],
     lambda x, v: x.index_put((x.new_tensor([0, 2, 0]).long(), x.new_tensor([1, 1, 1]).long()), v, accumulate=True),
     {}),
    ('take', [(3, 4)], lambda x: x.take(x.new_tensor([[0, -1], [5, 5]]).long()), {}),
    ('masked_fill', [(3, 4)], lambda x: x.masked_fill(x > 0, 0.5), {}),
    ('masked_fill_tensor_value', [(3, 4), ()], lambda x, v: x.masked_fill(x > 0, v), {}),
    ('masked_select', [(3, 4)], lambda x: x.masked_select(x > 0), {}),
    ('masked_select_broadcast', [(4,), (3, 4)], lambda x, y: x.masked_select(y > 0), {}),
    ('masked_scatter', [(3, 4), (12,)], lambda x, s: x.masked_scatter(x > 0, s), {}),

    # -- shape ops ---
    ('repeat', [(2, 3)], lambda x: x.repeat(2, 1, 3), {}),
    ('tile', [(2, 3)], lambda x: x.tile((2,)), {}),
    ('repeat_interleave', [(2, 3)], lambda x: x.repeat_interleave(2, dim=1), {}),
    ('repeat_interleave_flat', [(2, 3)], lambda x: x.repeat_interleave(3), {}),
    ('flip', [(2, 3, 4)], lambda x: x.flip(0, 2), {}),
    ('fliplr', [(3, 4)], lambda x: x.fliplr() * x, {}),
    ('flipud', [(3, 4)], lambda x: x.flipud() * x, {}),
    ('roll', [(3, 4)], lambda x: x.roll((1, -2), (0, 1)) * x, {}),
    ('roll_flat', [(3, 4)], lambda x: x.roll(5), {}),
    ('rot90', [(3, 4)], lambda x: x.rot90(1, (0, 1)), {}),
    ('rot90_back', [(2, 3, 4)], lambda x: x.rot90(-1, (2, 0)), {}),
    ('tril', [(3, 4)], lambda x: x.tril(-1), {}),
    ('triu', [(2, 3, 4)], lambda x: x.triu(1), {}),
    ('tril_inplace', [(3, 4)], lambda x: (x * x).tril_(1), {}),
    ('diagonal', [(2, 3, 4)], lambda x: x.diagonal(1, 0, 2), {}),
    ('diagonal_inplace', [(3, 4)], lambda x: (lambda y: (y.diagonal(-1).mul_(3), y)[1])(x * x), {}),
    ('diag_1d', [(3,)], lambda x: x.diag(1), {}),
    ('diag_2d', [(3, 4)], lambda x: x.diag(-1), {}),
    ('diag_embed', [(2, 3)], lambda x: x.diag_embed(1, 0, 2), {}),
    ('trace', [(3, 4)], lambda x: x.trace(), {}),
    ('movedim', [(2, 3, 4)], lambda x: x.movedim((0, 1), (2, 0)), {}),
    ('moveaxis', [(2, 3, 4)], lambda x: x.moveaxis(-1, 0), {}),
    ('broadcast_to', [(3, 1)], lambda x: x.broadcast_to((2, 3, 4)), {}),
    ('unfold', [(3, 5)], lambda x: x.unfold(1, 3, 1), {}),
    ('unfold_inplace', [(3, 6)], lambda x: (lambda y: (y.unfold(1, 2, 3).mul_(2), y)[1])(x * x), {}),
    ('narrow_copy', [(5, 3)], lambda x: x.narrow_copy(0, 1, 3), {}),
    ('sum_to_size', [(2, 3, 4)], lambda x: x.sum_to_size(3, 1), {}),
    ('tensor_split', [(3, 7)], lambda x: x.tensor_split(3, 1), {}),
    ('tensor_split_indices', [(5, 2)], lambda x: x.tensor_split([1, 4]), {}),
    ('hsplit', [(3, 4)], lambda x: x.hsplit(2), {}),
    ('vsplit', [(4, 3)], lambda x: x.vsplit([1, 3]), {}),
    ('dsplit', [(2, 3, 4)], lambda x: x.dsplit(2), {}),
    ('split_sizes', [(5, 3)], lambda x: x.split([1, 4]), {}),
    ('swapdims', [(2, 3, 4)], lambda x: x.swapdims(0, 2), {}),

    # -- einsum, products and linalg ---
    ('linalg_inv', [(2, 3, 3)], lambda x: lib(x).linalg.inv(x), dict(tol=F32)),
    ('linalg_det', [(2, 3, 3)], lambda x: lib(x).linalg.det(x), dict(tol=F32)),
    ('linalg_slogdet', [(3, 3)], lambda x: lib(x).linalg.slogdet(x).logabsdet, dict(tol=F32)),
    ('logdet', [(3, 3)], lambda x: (x @ x.mT).logdet(), dict(tol=F32)),
    ('linalg_solve', [(3, 3), (3, 2)], lambda a, b: lib(a).linalg.solve(a, b), dict(tol=F32)),
    ('linalg_solve_right', [(3, 3), (2, 3)], lambda a, b: lib(a).linalg.solve(a, b, left=False), dict(tol=F32)),
    ('linalg_cholesky', [(3, 3)], lambda x: lib(x).linalg.cholesky(x @ x.mT + 3 * lib(x).eye(3, dtype=x.dtype, device=x.device)),
     dict(tol=F32)),
    ('linalg_qr', [(4, 3)], lambda x: lib(x).linalg.qr(x), dict(tol=F32)),
    ('linalg_qr_wide', [(3, 4)], lambda x: lib(x).linalg.qr(x), dict(tol=F32)),
    ('linalg_svd', [(4, 3)], lambda x: (lambda u, s, v: (u * s.unsqueeze(-2) @ v, s, u.abs(), v.abs()))(
        *lib(x).linalg.svd(x, full_matrices=False)), dict(tol=F32)),
    ('linalg_svd_wide', [(3, 5)], lambda x: (lambda u, s, v: (u.abs(), v.abs()))(
        *lib(x).linalg.svd(x, full_matrices=False)), dict(tol=F32)),
    ('linalg_svdvals', [(2, 3, 4)], lambda x: lib(x).linalg.svdvals(x), dict(tol=F32)),
    ('linalg_eigh', [(3, 3)], lambda x: (lambda l, v: (l, v.abs()))(*lib(x).linalg.eigh(x + x.mT)), dict(tol=F32)),
    ('linalg_eigvalsh', [(3, 3)], lambda x: lib(x).linalg.eigvalsh(x + x.mT), dict(tol=F32)),
    ('linalg_pinv', [(4, 3)], lambda x: lib(x).linalg.pinv(x), dict(tol=F32)),
    ('linalg_lstsq', [(4, 3), (4, 2)], lambda a, b: lib(a).linalg.lstsq(a, b, driver='gelsd')[:2], dict(tol=F32)),
    ('linalg_matrix_power', [(3, 3)], lambda x: lib(x).linalg.matrix_power(x, -3), dict(tol=F32, low=-1, high=1)),
    ('linalg_matrix_norm', [(3, 4)],
     lambda x: [lib(x).linalg.matrix_norm(x, o) for o in ('nuc', 2, -2, 1, float('inf'))], dict(tol=F32)),
    ('linalg_vector_norm', [(3, 4)], lambda x: lib(x).linalg.vector_norm(x, 3, dim=1), {}),
    ('dist', [(3, 4), (4,)], lambda x, y: x.dist(y, 1.5), {}),
    ('linalg_cross', [(4, 3), (1, 3)], lambda a, b: lib(a).linalg.cross(a, b), {}),
    ('linalg_multi_dot', [(4,), (4, 5), (5, 2)], lambda a, b, c: lib(a).linalg.multi_dot([a, b, c]), {}),
    ('kron', [(2, 3), (3, 2)], lambda a, b: a.kron(b), {}),
    ('outer', [(3,), (4,)], lambda a, b: a.outer(b), {}),
    ('tensordot', [(2, 3, 4), (4, 3)], lambda a, b: lib(a).tensordot(a, b, ([1, 2], [1, 0])), {}),
    ('inner', [(2, 3), (4, 3)], lambda a, b: a.inner(b), {}),
    ('addmv', [(3,), (3, 4), (4,)], lambda a, b, c: a.addmv(b, c, beta=0.5, alpha=2), {}),
    ('addr', [(3, 4), (3,), (4,)], lambda a, b, c: a.addr(b, c, alpha=-1), {}),
    ('baddbmm', [(2, 3, 5), (2, 3, 4), (2, 4, 5)], lambda a, b, c: a.baddbmm(b, c, beta=2), {}),
    ('addbmm', [(3, 5), (2, 3, 4), (2, 4, 5)], lambda a, b, c: a.addbmm(b, c, alpha=0.5), {}),
    ('einsum_mm', [(3, 4), (4, 5)], lambda a, b: lib(a).einsum('ij,jk->ik', a, b), {}),
    ('einsum_diagonals', [(3, 3, 4), (4, 2)], lambda a, b: lib(a).einsum('iij,jk->ik', a, b), {}),
    ('einsum_ellipsis', [(2, 3, 4), (4,)], lambda a, b: lib(a).einsum('...j,j', a, b), {}),
    ('einsum_sublist', [(2, 3), (3, 4), (4,)], lambda a, b, c: lib(a).einsum(a, [0, 1], b, [1, 2], c, [2], [0]), {}),

    # -- dtypes and random ---

    # -- nn.functional: activations and losses ---
    ('F.leaky_relu', [(3, 4)], lambda x: nnf(x).leaky_relu(x, 0.2), {}),
    ('F.elu', [(3, 4)], lambda x: nnf(x).elu(x, 0.7), {}),
    ('F.selu', [(3, 4)], lambda x: nnf(x).selu(x), {}),
    ('F.celu', [(3, 4)], lambda x: nnf(x).celu(x, 1.3), {}),
    ('F.elu_inplace', [(3, 4)], lambda x: nnf(x).elu(x * 1, 0.7, inplace=True), {}),
    ('F.gelu', [(3, 4)], lambda x: nnf(x).gelu(x), {}),
    ('F.gelu_tanh', [(3, 4)], lambda x: nnf(x).gelu(x, approximate='tanh'), {}),
    ('F.silu', [(3, 4)], lambda x: nnf(x).silu(x), {}),
    ('F.mish', [(3, 4)], lambda x: nnf(x).mish(x), {}),
    ('F.softplus', [(3, 4)], lambda x: nnf(x).softplus(x, 2.0, 3.0), dict(low=-3, high=3)),
    ('F.softsign', [(3, 4)], lambda x: nnf(x).softsign(x), {}),
    ('F.softshrink', [(3, 4)], lambda x: nnf(x).softshrink(x, 0.3), {}),
    ('F.hardshrink', [(3, 4)], lambda x: nnf(x).hardshrink(x, 0.3), {}),
    ('F.tanhshrink', [(3, 4)], lambda x: nnf(x).tanhshrink(x), {}),
    ('F.hardtanh', [(3, 4)], lambda x: nnf(x).hardtanh(x, -0.5, 1.2), {}),
    ('F.relu6', [(3, 4)], lambda x: nnf(x).relu6(x), dict(low=-3, high=8)),
    ('F.hardsigmoid', [(3, 4)], lambda x: nnf(x).hardsigmoid(x), dict(low=-4, high=4)),
    ('F.hardswish', [(3, 4)], lambda x: nnf(x).hardswish(x), dict(low=-4, high=4)),
    ('F.logsigmoid', [(3, 4)], lambda x: nnf(x).logsigmoid(x), dict(low=-30, high=30)),
    ('F.softmin', [(3, 4)], lambda x: nnf(x).softmin(x, 1), {}),
    ('F.glu', [(3, 4)], lambda x: nnf(x).glu(x, 1), {}),
    ('F.threshold', [(3, 4)], lambda x: nnf(x).threshold(x, 0.1, 2.0), {}),
    ('F.rrelu_eval', [(3, 4)], lambda x: nnf(x).rrelu(x, 0.1, 0.3), {}),
    ('F.prelu', [(2, 3, 4), (3,)], lambda x, w: nnf(x).prelu(x, w), {}),
    ('F.smooth_l1_loss', [(3, 4), (3, 4)], lambda x, y: nnf(x).smooth_l1_loss(x, y, beta=0.7), {}),
    ('F.huber_loss', [(3, 4), (3, 4)], lambda x, y: nnf(x).huber_loss(x, y, reduction='none', delta=0.7), {}),
    ('F.soft_margin_loss', [(3, 4), (3, 4)], lambda x, y: nnf(x).soft_margin_loss(x, y.detach().sign()), {}),
    ('F.kl_div', [(3, 4), (3, 4)], lambda x, y: nnf(x).kl_div(x, y, reduction='batchmean', log_target=True), {}),
    ('F.poisson_nll_loss', [(3, 4), (3, 4)], lambda x, y: nnf(x).poisson_nll_loss(x, y * 2, False, True),
     dict(low=0.1, high=2)),
    ('F.gaussian_nll_loss', [(3, 4), (3, 4), (3, 1)], lambda x, y, v: nnf(x).gaussian_nll_loss(x, y, v * v + 0.1), {}),
    ('F.margin_ranking_loss', [(5,), (5,)], lambda x, y: nnf(x).margin_ranking_loss(x, y, (x - y).detach().sign(), 0.5),
     {}),
    ('F.hinge_embedding_loss', [(3, 4), (3, 4)], lambda x, y: nnf(x).hinge_embedding_loss(x, y.detach().sign()), {}),
    ('F.multilabel_soft_margin_loss', [(3, 4), (3, 4)],
     lambda x, y: nnf(x).multilabel_soft_margin_loss(x, (y.detach() > 0).to(x.dtype)), {}),
    ('F.cosine_embedding_loss', [(3, 4), (3, 4)],
     lambda x, y: nnf(x).cosine_embedding_loss(x, y, (y[:, 0] > 0).long().detach() * 2 - 1, margin=-0.5), {}),
    ('F.triplet_margin_loss', [(3, 4), (3, 4), (3, 4)], lambda a, p, n: nnf(a).triplet_margin_loss(a, p, n, swap=True),
     {}),
    ('F.multi_margin_loss', [(3, 4)], lambda x: nnf(x).multi_margin_loss(x, (x[:, 0] > 0).long() + 1, p=2), {}),
    ('F.multilabel_margin_loss', [(3, 4)],
     lambda x: nnf(x).multilabel_margin_loss(x, x.new_tensor([[1, 2, -1, 0], [0, -1, 2, 3], [3, 0, 1, 2]]).long()), {}),
    ('F.normalize', [(3, 4)], lambda x: nnf(x).normalize(x, p=3, dim=0), {}),
    ('F.cosine_similarity', [(3, 4), (4,)], lambda x, y: nnf(x).cosine_similarity(x, y, dim=-1), {}),
    ('F.pairwise_distance', [(3, 4), (3, 4)], lambda x, y: nnf(x).pairwise_distance(x, y), {}),
    ('F.pdist', [(4, 3)], lambda x: nnf(x).pdist(x), {}),
    ('F.pdist_p3', [(4, 3)], lambda x: nnf(x).pdist(x, 3), {}),
    ('F.ctc_loss', [(6, 2, 4)], lambda x: nnf(x).ctc_loss(x.log_softmax(2), x.new_tensor([[1, 2, 2], [3, 1, 0]]).long(),
                                                         (6, 5), (3, 2)), {}),
    ('F.cross_entropy_kdim_smoothing', [(2, 5, 3, 2)],
     lambda x: nnf(x).cross_entropy(x, (x.detach().argmax(1) + 1) % 5, label_smoothing=0.2), {}),

    # -- issue 15: the rest ---
    ('linalg_lu_factor', [(2, 3, 3)], lambda x: lib(x).linalg.lu_factor(x).LU, dict(tol=F32)),
    ('linalg_lu', [(2, 3, 3)], lambda x: lib(x).linalg.lu(x)[1:], dict(tol=F32)),
    ('linalg_lu_tall', [(4, 3)], lambda x: lib(x).linalg.lu(x)[1:], dict(tol=F32)),
    ('linalg_lu_wide', [(3, 5)], lambda x: lib(x).linalg.lu(x)[1:], dict(tol=F32)),
    ('lu_unpack_wide', [(3, 5)], lambda x: lib(x).lu_unpack(*lib(x).linalg.lu_factor(x))[1:], dict(tol=F32)),
    ('lu_unpack_tall', [(5, 3)], lambda x: lib(x).lu_unpack(*lib(x).linalg.lu_factor(x))[1:], dict(tol=F32)),
    ('linalg_lu_solve', [(3, 3), (3, 2)], lambda a, b: lib(a).linalg.lu_solve(*lib(a).linalg.lu_factor(a), b),
     dict(tol=F32)),
    ('linalg_lu_solve_adjoint', [(2, 3, 3), (3, 2)],
     lambda a, b: lib(a).linalg.lu_solve(*lib(a).linalg.lu_factor(a), b, adjoint=True), dict(tol=F32)),
    ('linalg_lu_solve_right', [(3, 3), (2, 3)],
     lambda a, b: lib(a).linalg.lu_solve(*lib(a).linalg.lu_factor(a), b, left=False), dict(tol=F32)),
    ('linalg_lu_solve_right_adjoint', [(3, 3), (2, 3)],
     lambda a, b: lib(a).linalg.lu_solve(*lib(a).linalg.lu_factor(a), b, left=False, adjoint=True), dict(tol=F32)),
    ('linalg_solve_ex', [(3, 3), (3, 2)], lambda a, b: lib(a).linalg.solve_ex(a, b).result, dict(tol=F32)),
    ('linalg_cond', [(2, 3, 3)], lambda x: lib(x).linalg.cond(x), dict(tol=F32)),
    ('linalg_cond_nuc', [(3, 3)], lambda x: lib(x).linalg.cond(x, 'nuc'), dict(tol=F32)),
    ('linalg_householder_product', [(2, 4, 3), (2, 2)], lambda a, t: lib(a).linalg.householder_product(a, t),
     dict(tol=F32)),
    ('orgqr', [(3, 3), (3,)], lambda a, t: a.orgqr(t), dict(tol=F32)),
    ('ormqr', [(4, 3), (3,), (4, 2)], lambda a, t, c: a.ormqr(t, c), dict(tol=F32)),
    ('ormqr_right_transpose', [(4, 3), (3,), (2, 4)], lambda a, t, c: a.ormqr(t, c, False, True), dict(tol=F32)),
    ('select_scatter', [(3, 4), (4,)], lambda x, s: x.select_scatter(s, 0, -1), {}),
    ('slice_scatter', [(3, 5), (3, 2)], lambda x, s: x.slice_scatter(s, 1, 1, None, 2), {}),
    ('diagonal_scatter', [(2, 3, 4), (3, 2)], lambda x, s: x.diagonal_scatter(s, 1, 0, 2), {}),

    ('angle', [(3, 4)], lambda x: x.angle(), {}),
    ('frexp', [(3, 4)], lambda x: x.frexp().mantissa * 3, {}),
    ('renorm', [(3, 4)], lambda x: x.renorm(2, 0, 0.5), {}),
    ('renorm_p3', [(2, 3, 4)], lambda x: x.renorm(3, -1, 0.8), {}),
    ('igamma', [(3, 4)], lambda x: x.new_ones(3, 4).cumsum(1).mul(0.7).igamma(x.exp()), {}),
    ('igammac', [(3, 4)], lambda x: x.new_ones(3, 4).cumsum(1).mul(0.7).igammac(x.exp()), {}),

    ('linalg.solve_triangular', [(3, 3), (3, 2)],
     lambda a, b: lib(a).linalg.solve_triangular(a + 3 * a.new_ones(3).diag(), b, upper=False), {}),
    ('linalg.solve_triangular_right', [(3, 3), (2, 3)],
     lambda a, b: lib(a).linalg.solve_triangular(a + 3 * a.new_ones(3).diag(), b, upper=True, left=False), {}),
    ('triangular_solve', [(3, 2), (3, 3)],
     lambda b, a: b.triangular_solve(a + 3 * a.new_ones(3).diag(), False, True).solution, {}),

    # (the factor's other triangle is not read, and PyTorch's gradient is not 0 there: the samples zero it)
    ('cholesky_solve', [(3, 2), (3, 3)], lambda b, l: b.cholesky_solve(l.tril() + 3 * l.new_ones(3).diag()), {}),
    ('cholesky_solve_upper', [(3, 2), (3, 3)],
     lambda b, l: b.cholesky_solve(l.triu() + 3 * l.new_ones(3).diag(), upper=True), {}),
    ('cholesky_inverse', [(3, 3)], lambda l: (l.tril() + 3 * l.new_ones(3).diag()).cholesky_inverse(), {}),

    ('matrix_exp', [(3, 3)], lambda a: a.matrix_exp(), {}),
    ('linalg.matrix_exp', [(2, 3, 3)], lambda a: lib(a).linalg.matrix_exp(2 * a), {}),

    ('gradient', [(4, 5)], lambda x: lib(x).gradient(x, spacing=[2.0, 0.5], edge_order=2), {}),
    ('gradient_coords', [(5, 3), (5,)], lambda x, h: lib(x).gradient(x, spacing=(h.exp().cumsum(0),), dim=0)[0], {}),

    ('index_reduce_mean', [(5, 3), (4, 3)],
     lambda x, s: x.index_reduce(0, x.new_tensor([0, 4, 2, 0]).long(), s, 'mean'), {}),
    ('index_reduce_prod', [(3, 5), (3, 4)],
     lambda x, s: x.index_reduce(1, x.new_tensor([1, 1, 3, 0]).long(), s, 'prod', include_self=False), {}),

    ('as_strided', [(6,)], lambda x: (x * 1).as_strided((3, 2), (1, 1)), {}),

    ('linalg.vecdot', [(3, 4), (4,)], lambda x, y: lib(x).linalg.vecdot(x, y), {}),
    ('linalg.vander', [(2, 3)], lambda x: lib(x).linalg.vander(x, N=4), {}),

    # -- nn layers: convolution (Conv1d, ConvTranspose1d/2d, padding modes) ---
    ('F.conv1d', [(2, 4, 9), (6, 2, 3), (6,)],
     lambda x, w, b: nnf(x).conv1d(x, w, b, stride=2, padding=1, dilation=2, groups=2), {}),
    ('F.conv1d_same', [(2, 3, 6), (4, 3, 4)], lambda x, w: nnf(x).conv1d(x, w, padding='same'), {}),
    ('F.conv_transpose1d', [(2, 4, 5), (4, 3, 3), (6,)],
     lambda x, w, b: nnf(x).conv_transpose1d(x, w, b, stride=2, padding=1, output_padding=1, groups=2, dilation=2), {}),
    ('F.conv_transpose2d', [(2, 3, 4, 5), (3, 2, 3, 2), (2,)],
     lambda x, w, b: nnf(x).conv_transpose2d(x, w, b, stride=(2, 1), padding=(1, 0), output_padding=(1, 0)), {}),
    ('F.conv3d', [(2, 4, 4, 5, 4), (6, 2, 2, 3, 2), (6,)],
     lambda x, w, b: nnf(x).conv3d(x, w, b, stride=(1, 2, 1), padding=(1, 0, 1), dilation=(2, 1, 1), groups=2), {}),
    ('F.conv_transpose3d', [(2, 4, 3, 3, 2), (4, 3, 2, 2, 2), (6,)],
     lambda x, w, b: nnf(x).conv_transpose3d(x, w, b, stride=(2, 1, 1), padding=(1, 0, 0), output_padding=(1, 0, 0),
                                             groups=2, dilation=(1, 1, 2)), {}),
    ('F.unfold', [(2, 3, 5, 6)], lambda x: nnf(x).unfold(x, (2, 3), dilation=(1, 2), padding=1, stride=(2, 1)), {}),
    ('F.fold', [(2, 12, 30)], lambda x: nnf(x).fold(x, (5, 6), 2, padding=(1, 0)), {}),

    # -- nn layers: pooling and interpolation ---
    ('F.adaptive_avg_pool2d', [(2, 3, 7, 9)], lambda x: nnf(x).adaptive_avg_pool2d(x, (3, 4)), {}),
    ('F.adaptive_avg_pool2d_up', [(2, 3, 3)], lambda x: nnf(x).adaptive_avg_pool2d(x, (5, None)), {}),
    ('F.adaptive_avg_pool1d', [(2, 3, 9)], lambda x: nnf(x).adaptive_avg_pool1d(x, 4), {}),
    ('F.adaptive_max_pool2d', [(2, 3, 7, 9)], lambda x: nnf(x).adaptive_max_pool2d(x, (3, 4)), {}),
    ('F.adaptive_max_pool1d', [(2, 3, 9)], lambda x: nnf(x).adaptive_max_pool1d(x, 5), {}),
    ('F.max_pool1d', [(2, 3, 9)], lambda x: nnf(x).max_pool1d(x, 3, 2, 1, ceil_mode=True), {}),
    ('F.avg_pool1d', [(2, 3, 9)], lambda x: nnf(x).avg_pool1d(x, 3, 2, 1, count_include_pad=False), {}),
    ('F.lp_pool1d', [(2, 3, 9)], lambda x: nnf(x).lp_pool1d(x, 2, 3), dict(low=0.2)),
    ('F.lp_pool2d', [(2, 3, 6, 7)], lambda x: nnf(x).lp_pool2d(x, 1.5, (2, 3), 1), dict(low=0.2)),
    ('F.max_unpool2d', [(2, 3, 6, 7)],
     lambda x: nnf(x).max_unpool2d(*nnf(x).max_pool2d(x, 2, return_indices=True), 2, output_size=(6, 7)), {}),
    ('F.max_pool3d', [(1, 2, 5, 6, 7)], lambda x: nnf(x).max_pool3d(x, 3, 2, 1, ceil_mode=True), {}),
    ('F.avg_pool3d', [(1, 2, 5, 6, 7)], lambda x: nnf(x).avg_pool3d(x, 3, 2, 1, count_include_pad=False), {}),
    ('F.adaptive_max_pool3d', [(1, 2, 5, 6, 7)], lambda x: nnf(x).adaptive_max_pool3d(x, (2, 3, 4)), {}),
    ('F.lp_pool3d', [(1, 2, 4, 4, 6)], lambda x: nnf(x).lp_pool3d(x, 2, (2, 2, 3)), dict(low=0.2)),
    ('F.max_unpool3d', [(1, 2, 4, 4, 6)],
     lambda x: nnf(x).max_unpool3d(*nnf(x).max_pool3d(x, 2, return_indices=True), 2), {}),
    ('F.adaptive_avg_pool3d', [(1, 2, 5, 4, 7)], lambda x: nnf(x).adaptive_avg_pool3d(x, (2, 3, None)), {}),
    ('F.interpolate_nearest', [(2, 3, 4, 5)], lambda x: nnf(x).interpolate(x, (7, 3)), {}),
    ('F.interpolate_nearest_exact', [(2, 3, 5)], lambda x: nnf(x).interpolate(x, 8, mode='nearest-exact'), {}),
    ('F.interpolate_linear', [(2, 3, 5)], lambda x: nnf(x).interpolate(x, 8, mode='linear'), {}),
    ('F.interpolate_bilinear', [(2, 3, 4, 5)], lambda x: nnf(x).interpolate(x, scale_factor=1.5, mode='bilinear'),
     {}),
    ('F.interpolate_bilinear_corners', [(2, 3, 4, 5)],
     lambda x: nnf(x).interpolate(x, (7, 3), mode='bilinear', align_corners=True), {}),
    ('F.interpolate_bicubic', [(2, 3, 4, 5)], lambda x: nnf(x).interpolate(x, (7, 9), mode='bicubic'), {}),
    ('F.interpolate_trilinear', [(1, 2, 2, 3, 4)], lambda x: nnf(x).interpolate(x, (3, 5, 2), mode='trilinear'), {}),
    ('F.interpolate_area', [(2, 3, 7, 5)], lambda x: nnf(x).interpolate(x, (3, 2), mode='area'), {}),
    ('F.max_unpool1d', [(2, 3, 9)],
     lambda x: nnf(x).max_unpool1d(*nnf(x).max_pool1d(x, 3, return_indices=True), 3), {}),

    # -- nn layers: normalization (LayerNorm, GroupNorm, InstanceNorm, RMSNorm, LocalResponseNorm, BatchNorm flags) ---
    ('F.layer_norm', [(3, 4, 5), (4, 5), (4, 5)], lambda x, w, b: nnf(x).layer_norm(x, (4, 5), w, b), {}),
    ('F.layer_norm_plain', [(6, 5)], lambda x: nnf(x).layer_norm(x, (5,), eps=1e-3), {}),
    ('F.group_norm', [(3, 6, 2, 2), (6,), (6,)], lambda x, w, b: nnf(x).group_norm(x, 3, w, b), {}),
    ('F.group_norm_plain', [(2, 4, 5)], lambda x: nnf(x).group_norm(x, 2, eps=1e-3), {}),
    ('F.instance_norm', [(2, 3, 4, 2), (3,), (3,)],
     lambda x, w, b: nnf(x).instance_norm(x, weight=w, bias=b, eps=1e-3), {}),
    ('F.rms_norm', [(3, 4, 5), (4, 5)], lambda x, w: nnf(x).rms_norm(x, (4, 5), w), {}),
    ('F.rms_norm_eps', [(6, 5)], lambda x: nnf(x).rms_norm(x, (5,), eps=1e-3), {}),
    ('F.local_response_norm', [(2, 5, 3, 2)], lambda x: nnf(x).local_response_norm(x, 3, alpha=0.5, k=2.0), {}),

    # -- nn layers: embedding, padding, dropout, pixel shuffle, bilinear, containers ---
    ('F.embedding', [(5, 3)], lambda w: nnf(w).embedding(w.new_tensor([[0, 2, 2], [4, 1, 2]]).long(), w), {}),
    ('F.embedding_bag_sum', [(6, 3), (7,)], lambda w, p: nnf(w).embedding_bag(
        w.new_tensor([0, 2, 2, 5, 1, 3, 2]).long(), w, w.new_tensor([0, 3, 3, 5]).long(), mode='sum',
        per_sample_weights=p), {}),
    ('F.embedding_bag_max', [(6, 3)], lambda w: nnf(w).embedding_bag(w.new_tensor([[0, 2, 1], [5, 5, 3]]).long(), w,
                                                                     mode='max'), {}),
    ('F.bilinear', [(4, 3), (4, 5), (2, 3, 5), (2,)], lambda a, b, w, c: nnf(a).bilinear(a, b, w, c), {}),
    ('F.bilinear_batch', [(2, 2, 3), (2, 2, 4), (3, 3, 4)], lambda a, b, w: nnf(a).bilinear(a * a, b, w), {}),
    ('F.pixel_shuffle', [(2, 8, 3, 2)], lambda x: nnf(x).pixel_shuffle(x, 2) * x.sum(), {}),
    ('F.pixel_unshuffle', [(2, 2, 6, 4)], lambda x: nnf(x).pixel_unshuffle(x.exp(), 2), {}),
    ('F.channel_shuffle', [(2, 6, 3)], lambda x: nnf(x).channel_shuffle(x * x, 3), {}),

    # -- nn layers: attention and transformer ---
    ('F.scaled_dot_product_attention', [(2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 3)],
     lambda q, k, v: nnf(q).scaled_dot_product_attention(q, k, v), {}),
    ('F.scaled_dot_product_attention_causal_mask', [(2, 6, 5), (2, 4, 5), (2, 4, 3), (2, 1, 4)],
     lambda q, k, v, m: nnf(q).scaled_dot_product_attention(q, k, v, m + (q.new_ones(6, 4).triu(1) * -1e9), scale=0.5),
     {}),
    ('F.multi_head_attention_forward', [(3, 2, 4), (5, 2, 4), (12, 4), (12,), (4, 4), (4,)],
     lambda q, k, w, b, wo, bo: nnf(q).multi_head_attention_forward(q, k, k, 4, 2, w, b, None, None, True, 0.0, wo, bo),
     {}),

    # -- nn: sampling grids ---
    ('F.affine_grid', [(2, 2, 3)], lambda t: nnf(t).affine_grid(t, (2, 3, 4, 5), align_corners=False), {}),
    ('F.affine_grid_3d', [(2, 3, 4)], lambda t: nnf(t).affine_grid(t, (2, 1, 2, 3, 4), align_corners=True), {}),
    ('F.grid_sample', [(2, 3, 4, 5), (2, 3, 2, 2)],
     lambda x, g: nnf(x).grid_sample(x, g * 0.6, padding_mode='border', align_corners=False), {}),
    ('F.grid_sample_bicubic', [(1, 2, 4, 5), (1, 3, 2, 2)],
     lambda x, g: nnf(x).grid_sample(x, g * 0.6, mode='bicubic', padding_mode='reflection', align_corners=True), {}),
    ('F.grid_sample_3d', [(1, 2, 3, 4, 2), (1, 2, 2, 3, 3)],
     lambda x, g: nnf(x).grid_sample(x, g * 0.6, align_corners=False), {}),

    ('F.gumbel_softmax', [(3, 4)],
     lambda x: nnf(x).gumbel_softmax(x, tau=0.5, hard=True) * 0 + x.sum(), {}),     # random: its graph only

    *[(f'F.{name}', [shape], lambda x, name=name, args=args: getattr(nnf(x), name)(x, *args)[0], {})
      for name, shape, args in [('max_pool1d_with_indices', (2, 3, 7), (3, 2, 1)),
                                ('max_pool2d_with_indices', (2, 3, 6, 5), (2,)),
                                ('max_pool3d_with_indices', (1, 2, 4, 5, 4), (2,)),
                                ('adaptive_max_pool1d_with_indices', (2, 3, 7), (3,)),
                                ('adaptive_max_pool2d_with_indices', (2, 3, 6, 5), ((2, 3),)),
                                ('adaptive_max_pool3d_with_indices', (1, 2, 4, 5, 4), (2,))]],

    ('conv_tbc', [(5, 2, 3), (3, 3, 4), (4,)], lambda x, w, b: lib(x).conv_tbc(x, w, b, 1), {}),

    ('F.triplet_margin_with_distance_loss', [(3, 4), (3, 4), (3, 4)],
     lambda a, p, n: nnf(a).triplet_margin_with_distance_loss(a, p, n, swap=True, margin=3.0), {}),

    *[(f'F.{name}', [shape], lambda x, name=name, u=u: getattr(nnf(x), name)(
        x, 2, output_size=3, _random_samples=x.new_tensor(u)) * 1, {})
      for name, shape, u in [('fractional_max_pool2d', (2, 3, 7, 6), [[[0.3, 0.8]] * 3, [[0.1, 0.5]] * 3]),
                             ('fractional_max_pool2d_with_indices', (2, 3, 7, 6), [[[0.6, 0.2]] * 3] * 2),
                             ('fractional_max_pool3d', (1, 2, 5, 6, 5), [[[0.3, 0.8, 0.1], [0.5, 0.2, 0.9]]]),
                             ('fractional_max_pool3d_with_indices', (1, 2, 5, 6, 5), [[[0.4, 0.7, 0.2]] * 2])]],

    ('F.linear_cross_entropy', [(4, 6), (5, 6), (5,)], lambda x, w, b: nnf(x).linear_cross_entropy(
        x, w, x.new_tensor([0, 3, 4, 1]).long(), linear_bias=b, label_smoothing=0.1), {}),

    # -- nn layers: recurrent (RNN, LSTM, GRU) ---
    ('rnn_tanh_cell', [(2, 3), (2, 4), (4, 3), (4, 4), (4,), (4,)], lambda x, *a: lib(x).rnn_tanh_cell(x, *a), {}),
    ('rnn_relu_cell', [(2, 3), (2, 4), (4, 3), (4, 4), (4,), (4,)], lambda x, *a: lib(x).rnn_relu_cell(x, *a), {}),
    ('lstm_cell', [(2, 3), (2, 4), (2, 4), (16, 3), (16, 4), (16,), (16,)],
     lambda x, h, c, *w: lib(x).lstm_cell(x, (h, c), *w), {}),
    ('gru_cell', [(2, 3), (2, 4), (12, 3), (12, 4), (12,), (12,)], lambda x, *a: lib(x).gru_cell(x, *a), {}),

]


@pytest.mark.parametrize('shapes, fn, kw', [pytest.param(s, f, k, id=n) for n, s, f, k in CASES])
def test_op(shapes, fn, kw):
    check_op(shapes, fn, **kw)


# ops whose torch and minigrad spellings differ (module functions, index arrays built per library)
def test_index_int_array_with_repeats():
    check_op([(5, 3)], lambda x: x[torch.tensor([0, 2, 2, 4])], lambda x: x[minigrad.tensor([0, 2, 2, 4])])
    check_op([(5, 3)], lambda x: x[[0, 0, 1]])


def test_index_bool_mask():
    check_op([(4, 3)], lambda x: x[x > 0], lambda x: x[x > 0])


def test_index_mixed():
    check_op([(4, 5, 3)], lambda x: x[1:, [0, 2, 2], None], lambda x: x[1:, [0, 2, 2], None])
    check_op([(4, 5, 3)], lambda x: x[torch.tensor([1, 3]), :, torch.tensor([0, 2])],
             lambda x: x[minigrad.tensor([1, 3]), :, minigrad.tensor([0, 2])])


@pytest.mark.parametrize('lib_fn', ['cat', 'stack'])
@pytest.mark.parametrize('dim', [0, 1, -1])
def test_cat_stack(lib_fn, dim):
    shapes = [(2, 3), (2, 3), (2, 3)]
    check_op(shapes, lambda *xs: getattr(torch, lib_fn)(xs, dim=dim),
             lambda *xs: getattr(minigrad, lib_fn)(xs, dim=dim))


def test_cat_different_sizes():
    check_op([(2, 3), (4, 3)], lambda x, y: torch.cat([x, y]), lambda x, y: minigrad.cat([x, y]))


def test_where():
    check_op([(3, 4), (3, 4)], lambda x, y: torch.where(x > y, x, y * 2), lambda x, y: minigrad.where(x > y, x, y * 2))
    check_op([(3, 4)], lambda x: torch.where(x > 0, x, 0.0), lambda x: minigrad.where(x > 0, x, 0.0))


def test_batched_times_matrix_is_one_mm_as_torch():
    """(..., n, k) @ (k, m) folds the batch dims into one mm and unfolds them after, with PyTorch's nodes."""
    def nodes(lib, x):
        names, node = [], (x @ lib.ones(4, 5, dtype=lib.float64, requires_grad=True)).grad_fn
        while node is not None:
            names.append(node.name().replace('torch::autograd::', ''))
            node = node.next_functions[0][0] if node.next_functions else None
        return names
    for make in (lambda L: L.ones(2, 3, 4, dtype=L.float64, requires_grad=True),
                 lambda L: L.ones(3, 2, 4, dtype=L.float64, requires_grad=True).transpose(0, 1)):
        assert nodes(minigrad, make(minigrad)) == nodes(torch, make(torch))


def test_integer_power_with_negative_exponents_as_torch():
    """numpy refuses integers to negative integer powers; PyTorch gives 1 for 1, +-1 for -1 and 0 otherwise."""
    a, b = [[2, 3, 1, -1, -1, 0, 5]], [[-1, 2, -2, -1, -2, -1, 0]]
    for base, exponent in ((a, b), (2, b)):
        got = (minigrad.tensor(base) if base is a else base) ** minigrad.tensor(exponent)
        want = (torch.tensor(base) if base is a else base) ** torch.tensor(exponent)
        assert got.dtype.name == str(want.dtype).replace('torch.', '')
        np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_pad():
    check_op([(2, 3, 4)], lambda x: torch.nn.functional.pad(x, (1, 2)), lambda x: minigrad.functions.pad.ConstantPadNdBackward0.apply(
        x, pad=(1, 2)))
    check_op([(2, 3, 4)], lambda x: torch.nn.functional.pad(x, (1, 0, 2, 1), value=3.0),
             lambda x: minigrad.functions.pad.ConstantPadNdBackward0.apply(x, pad=(1, 0, 2, 1), value=3.0))


@pytest.mark.parametrize('name', ['exp', 'sigmoid', 'tanh', 'relu', 'sum', 'mean', 'softmax', 'log_softmax'])
def test_module_functions(name):
    args = (1,) if name in ('softmax', 'log_softmax') else ()
    check_op([(3, 4)], lambda x: getattr(torch, name)(x, *args), lambda x: getattr(minigrad, name)(x, *args))


def test_var_std_without_degrees_of_freedom_give_nan_and_warn_like_torch():
    """var/std over one element (correction 1) divide by 0: nan values and gradients, and PyTorch's warning."""
    for name in ('var', 'std'):
        with pytest.warns(UserWarning, match=rf'{name}\(\): degrees of freedom is <= 0'):
            getattr(minigrad.ones(1, 4), name)(0)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            check_op([(1, 4)], lambda x: getattr(x, name)(0))


def test_mixed_dtypes_promote_and_each_grad_keeps_its_inputs_dtype():
    check_op([(3,), (3,)], lambda x, y: x.float() * y, dtypes=('float64',))
