"""Attention against PyTorch: F.scaled_dot_product_attention (masks, causal, scale, grouped-query heads, dropout,
rows that may attend to nothing, second derivatives), nn.MultiheadAttention and F.multi_head_attention_forward
(same weights: outputs, attention weights, every gradient), and the transformer layers."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import TOL, check_op, check_second_derivative, to_numpy

TOL32 = dict(rtol=1e-4, atol=1e-5)     # float32: softmax and two matmuls over up to ~16 terms, summed in another order


def lib(x):
    return torch if isinstance(x, torch.Tensor) else minigrad


def sdpa(x):
    return lib(x).nn.functional.scaled_dot_product_attention


def like(x, array):
    """`array` as a tensor of x's library (a mask made once for both)."""
    return lib(x).tensor(array)


QKV = [(2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 3)]


@pytest.mark.parametrize('kw', [{}, dict(is_causal=True), dict(scale=0.3), dict(is_causal=True, scale=2.0)],
                         ids=['plain', 'causal', 'scale', 'causal_scale'])
def test_sdpa_heads(kw):
    check_op(QKV, lambda q, k, v: sdpa(q)(q, k, v, **kw), tol={'float32': TOL32})


def test_sdpa_causal_is_the_top_left_triangle_when_queries_outnumber_keys():
    check_op([(2, 7, 5), (2, 3, 5), (2, 3, 4)], lambda q, k, v: sdpa(q)(q, k, v, is_causal=True),
             tol={'float32': TOL32})


@pytest.mark.parametrize('mask_shape', [(4, 6), (2, 1, 4, 6), (3, 1, 6), (1, 6)])
def test_sdpa_bool_masks_broadcast(mask_shape):
    mask = np.random.default_rng(1).random(mask_shape) > 0.3
    check_op(QKV, lambda q, k, v: sdpa(q)(q, k, v, attn_mask=like(q, mask)), tol={'float32': TOL32})


def test_sdpa_float_mask_gets_a_gradient():
    check_op(QKV + [(3, 4, 6)], lambda q, k, v, m: sdpa(q)(q, k, v, attn_mask=m), tol={'float32': TOL32})


def test_sdpa_float32_mask_on_float64_inputs():
    mask = np.random.default_rng(2).standard_normal((4, 6)).astype('float32')
    for L in (torch, minigrad):
        q = L.ones(2, 4, 5, dtype=L.float64)
        assert sdpa(q)(q, q[:, :1].expand(2, 6, 5), q[:, :1].expand(2, 6, 5), L.tensor(mask)).dtype == L.float64


def test_sdpa_rows_that_see_nothing_are_zero_with_zero_gradient():
    """PyTorch's math path uses a "safe" softmax: a query whose keys are all masked out gives 0 (not nan)."""
    mask = np.ones((4, 6), bool)
    mask[1] = False
    float_mask = np.where(mask, 0.0, -np.inf)
    check_op([(2, 4, 5), (2, 6, 5), (2, 6, 3)], lambda q, k, v: sdpa(q)(q, k, v, attn_mask=like(q, mask)))
    check_op([(2, 4, 5), (2, 6, 5), (2, 6, 3)],
             lambda q, k, v: sdpa(q)(q, k, v, attn_mask=like(q, float_mask).to(q.dtype)))
    q = minigrad.randn(2, 4, 5, requires_grad=True)
    out = minigrad.nn.functional.scaled_dot_product_attention(q, minigrad.randn(2, 6, 5), minigrad.randn(2, 6, 3),
                                                              minigrad.tensor(mask))
    out.sum().backward()
    assert not np.any(to_numpy(out[:, 1])) and not np.any(to_numpy(q.grad[:, 1]))
    assert np.all(np.isfinite(to_numpy(q.grad)))


def test_sdpa_grouped_query_heads():
    check_op([(2, 6, 4, 5), (2, 2, 6, 5), (2, 3, 6, 3)], lambda q, k, v: sdpa(q)(q, k, v, enable_gqa=True),
             tol={'float32': TOL32})


def test_sdpa_second_derivatives():
    mask = np.random.default_rng(3).random((4, 6)) > 0.3
    check_second_derivative(QKV, lambda q, k, v: sdpa(q)(q, k, v, is_causal=True))
    check_second_derivative(QKV + [(4, 6)], lambda q, k, v, m: sdpa(q)(q, k, v, attn_mask=m * like(q, mask)))


def test_sdpa_dropout_drops_whole_weights_and_rescales():
    """Dropout (RNG streams differ from PyTorch's): each output row is (weights * keep / (1 - p)) v, so with v the
    identity the output is the attention weights, some zeroed and the rest scaled by 1/(1-p)."""
    minigrad.manual_seed(0)
    q, k = minigrad.randn(1, 64, 8), minigrad.randn(1, 64, 8)
    v = minigrad.eye(64).unsqueeze(0)
    F = minigrad.nn.functional
    plain = to_numpy(F.scaled_dot_product_attention(q, k, v))
    dropped = to_numpy(F.scaled_dot_product_attention(q, k, v, dropout_p=0.25))
    kept = dropped != 0
    np.testing.assert_allclose(dropped[kept], plain[kept] / 0.75, **TOL['float32'])
    assert 0.65 < kept.mean() < 0.85
    np.testing.assert_array_equal(to_numpy(F.scaled_dot_product_attention(q, k, v, dropout_p=1.0)), 0)


@pytest.mark.parametrize('case', ['dtypes', 'ndim', 'mask_dtype', 'causal_and_mask', 'gqa_heads', 'integers'])
def test_sdpa_errors_as_pytorch(case):
    def call(L):
        q, k = L.ones(2, 4, 5, dtype=L.float64), L.ones(2, 6, 5, dtype=L.float64)
        F = L.nn.functional
        return {'dtypes': lambda: F.scaled_dot_product_attention(q, k.float(), k),
                'ndim': lambda: F.scaled_dot_product_attention(q[0, 0], k[0, 0], k[0, 0]),
                'mask_dtype': lambda: F.scaled_dot_product_attention(q.float(), k.float(), k.float(),
                                                                     L.ones(4, 6, dtype=L.float64)),
                'causal_and_mask': lambda: F.scaled_dot_product_attention(q, k, k, L.ones(4, 6, dtype=L.bool),
                                                                          is_causal=True),
                'gqa_heads': lambda: F.scaled_dot_product_attention(q.view(1, 2, 4, 5).expand(1, 3, 4, 5),
                                                                    k.view(1, 2, 6, 5), k.view(1, 2, 6, 5),
                                                                    enable_gqa=True),
                'integers': lambda: F.scaled_dot_product_attention(q.long(), k.long(), k.long())}[case]()
    with pytest.raises(RuntimeError) as want:
        call(torch)
    with pytest.raises(RuntimeError) as got:
        call(minigrad)
    assert str(got.value) == str(want.value)
