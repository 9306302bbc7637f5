"""Attention against PyTorch: F.scaled_dot_product_attention (masks, causal, scale, grouped-query heads, dropout,
rows that may attend to nothing, second derivatives), nn.MultiheadAttention and F.multi_head_attention_forward
(same weights: outputs, attention weights, every gradient), and the transformer layers."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import TOL, check_op, check_second_derivative, to_numpy

# warnings both libraries give, checked where they are the point (pytest.warns), left out elsewhere
pytestmark = [pytest.mark.filterwarnings('ignore:enable_nested_tensor is True'),
              pytest.mark.filterwarnings('ignore:Support for mismatched'),
              pytest.mark.filterwarnings('ignore:The PyTorch API of nested tensors')]
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


def test_sdpa_gradgradcheck():
    q, k, v = (minigrad.randn(*s, dtype=minigrad.float64, requires_grad=True) for s in ((1, 2, 3, 4), (1, 2, 5, 4),
                                                                                          (1, 2, 5, 2)))
    assert minigrad.autograd.gradgradcheck(
        lambda q, k, v: minigrad.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True), (q, k, v))



FLASH = [(2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 5)]


def node(x):
    return type(x.grad_fn).__name__


@pytest.mark.parametrize('case', ['plain', 'causal_scale', 'bool_mask_2d', 'float_mask_4d', 'gqa_causal'])
def test_sdpa_flash_node_as_pytorch(case):
    """Where PyTorch's CPU takes its flash kernel (4-d, one head size, no dropout, a mask without gradient),
    minigrad records the same one node, with the same values and gradients."""
    rng = np.random.default_rng(5)
    bool_mask, float_mask = rng.random((4, 6)) > 0.4, rng.standard_normal((2, 1, 4, 6))
    shapes, kw = {'plain': (FLASH, lambda x: {}),
                  'causal_scale': (FLASH, lambda x: dict(is_causal=True, scale=0.4)),
                  'bool_mask_2d': (FLASH, lambda x: dict(attn_mask=like(x, bool_mask))),
                  'float_mask_4d': (FLASH, lambda x: dict(attn_mask=like(x, float_mask).to(x.dtype))),
                  'gqa_causal': ([(2, 4, 6, 5), (2, 2, 4, 5), (2, 2, 4, 5)],
                                 lambda x: dict(enable_gqa=True, is_causal=True))}[case]
    check_op(shapes, lambda q, k, v: sdpa(q)(q, k, v, **kw(q)), tol={'float32': TOL32})
    names = []
    for L in (torch, minigrad):
        xs = [L.ones(*s, dtype=L.float64, requires_grad=True) for s in shapes]
        names.append(node(sdpa(xs[0])(*xs, **kw(xs[0]))))
    assert names[1] == names[0] == 'ScaledDotProductFlashAttentionForCpuBackward0'


@pytest.mark.parametrize('case', ['value_head_size', 'dropout', 'mask_needs_grad', 'mask_3d', 'batch_broadcast'])
def test_sdpa_math_path_where_pytorch_takes_it(case):
    """Elsewhere PyTorch takes its math path (recorded ops, ending in a matmul's node), and so does minigrad."""
    names = []
    for L in (torch, minigrad):
        q, k, v = (L.ones(*s, dtype=L.float64, requires_grad=True) for s in FLASH)
        F = L.nn.functional
        out = {'value_head_size': lambda: F.scaled_dot_product_attention(q, k, v[..., :3]),
               'dropout': lambda: F.scaled_dot_product_attention(q, k, v, dropout_p=0.5),
               'mask_needs_grad': lambda: F.scaled_dot_product_attention(
                   q, k, v, L.zeros(4, 6, dtype=L.float64, requires_grad=True)),
               'mask_3d': lambda: F.scaled_dot_product_attention(q, k, v, L.zeros(3, 4, 6, dtype=L.float64)),
               'batch_broadcast': lambda: F.scaled_dot_product_attention(q[:1], k, v)}[case]()
        names.append(node(out))
    assert names[1] == names[0] != 'ScaledDotProductFlashAttentionForCpuBackward0'


def test_sdpa_flash_node_has_second_derivatives():
    """PyTorch's flash node has no double backward; minigrad's recomputes the weights with recorded ops."""
    q, k, v = (minigrad.randn(*s, dtype=minigrad.float64, requires_grad=True) for s in ((1, 4, 3, 5), (1, 2, 5, 5),
                                                                                          (1, 2, 5, 5)))
    fn = lambda q, k, v: minigrad.nn.functional.scaled_dot_product_attention(  # noqa: E731
        q, k, v, is_causal=True, enable_gqa=True)
    assert node(fn(q, k, v)) == 'ScaledDotProductFlashAttentionForCpuBackward0'
    assert minigrad.autograd.gradgradcheck(fn, (q, k, v))

# -- MultiheadAttention ------------------------------------------------------------------------------------------

def mha_pair(dtype='float64', train=False, **kw):
    """A torch MultiheadAttention and a minigrad one holding its weights."""
    tm = torch.nn.MultiheadAttention(**kw).to(getattr(torch, dtype)).train(train)
    mm = minigrad.nn.MultiheadAttention(**kw).to(getattr(minigrad, dtype)).train(train)
    mm.load_state_dict({k: v.numpy() for k, v in tm.state_dict().items()})
    return tm, mm


def run_mha(L, module, arrays, call_kw, self_attention):
    """Output, attention weights, input gradients and parameter gradients (for a fixed upstream gradient)."""
    xs = [L.tensor(a, requires_grad=True) for a in arrays]
    qkv = xs * 3 if self_attention else xs
    kw = {k: L.tensor(v.astype(arrays[0].dtype) if v.dtype.kind == 'f' else v) if isinstance(v, np.ndarray) else v
          for k, v in call_kw.items()}
    out, weights = module(*qkv, **kw)
    up = np.linspace(-1, 1, out.numel()).reshape(tuple(out.shape)).astype(arrays[0].dtype)
    (out * L.tensor(up)).sum().backward()
    return ([('output', out), ('weights', weights)] + [(f'input {i} grad', x.grad) for i, x in enumerate(xs)] +
            [(f'{n} grad', p.grad) for n, p in module.named_parameters()])


KPM = np.zeros((3, 6), bool)
KPM[1, 4:] = True
SUBSEQUENT = np.triu(np.full((5, 5), -np.inf), 1)
MHA_CASES = {
    'cross': (dict(embed_dim=8, num_heads=2), [(5, 3, 8), (6, 3, 8), (6, 3, 8)], {}),
    'self': (dict(embed_dim=8, num_heads=2), [(5, 3, 8)], {}),
    'no_weights': (dict(embed_dim=8, num_heads=2), [(5, 3, 8), (6, 3, 8), (6, 3, 8)], dict(need_weights=False)),
    'kdim_vdim_per_head': (dict(embed_dim=8, num_heads=2, kdim=3, vdim=5), [(5, 3, 8), (6, 3, 3), (6, 3, 5)],
                           dict(average_attn_weights=False)),
    'bias_kv_zero_attn_masks': (dict(embed_dim=8, num_heads=2, add_bias_kv=True, add_zero_attn=True),
                                [(5, 3, 8), (6, 3, 8), (6, 3, 8)],
                                dict(key_padding_mask=KPM, attn_mask=np.triu(np.ones((5, 6), bool), 2))),
    'batch_first_3d_mask_no_bias': (dict(embed_dim=8, num_heads=4, bias=False, batch_first=True),
                                    [(3, 5, 8), (3, 6, 8), (3, 6, 8)],
                                    dict(attn_mask=np.random.default_rng(1).standard_normal((12, 5, 6)))),
    'unbatched_padding': (dict(embed_dim=8, num_heads=2), [(5, 8), (6, 8), (6, 8)], dict(key_padding_mask=KPM[1])),
    'padding_no_weights': (dict(embed_dim=8, num_heads=2), [(5, 3, 8), (6, 3, 8), (6, 3, 8)],
                           dict(key_padding_mask=KPM, need_weights=False)),
    'causal_no_weights': (dict(embed_dim=8, num_heads=2), [(5, 3, 8)],
                          dict(attn_mask=SUBSEQUENT, is_causal=True, need_weights=False)),
    'causal_weights': (dict(embed_dim=8, num_heads=2), [(5, 3, 8)], dict(attn_mask=SUBSEQUENT, is_causal=True)),
}


@pytest.mark.parametrize('dtype', ['float64', 'float32'])
@pytest.mark.parametrize('train', [False, True], ids=['eval', 'train'])
@pytest.mark.parametrize('case', list(MHA_CASES))
def test_multihead_attention_as_pytorch(case, train, dtype):
    kw, shapes, call_kw = MHA_CASES[case]
    tm, mm = mha_pair(dtype, train, **kw)
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s).astype(dtype) for s in shapes]
    want = run_mha(torch, tm, arrays, call_kw, len(shapes) == 1)
    got = run_mha(minigrad, mm, arrays, call_kw, len(shapes) == 1)
    assert [n for n, _ in got] == [n for n, _ in want]
    for (name, g), (_, w) in zip(got, want):
        assert (g is None) == (w is None), name
        if w is not None:
            assert tuple(g.shape) == tuple(w.shape) and g.dtype.name == str(w.dtype)[6:], name
            np.testing.assert_allclose(to_numpy(g), to_numpy(w), err_msg=name,
                                       **(TOL['float64'] if dtype == 'float64' else TOL32))


def test_multihead_attention_eval_without_grad_is_pytorchs_fast_path():
    """PyTorch answers an eval-mode, no-grad, batch-first self-attention with its fused kernel: the same numbers."""
    tm, mm = mha_pair(embed_dim=8, num_heads=2, batch_first=True)
    x = np.random.default_rng(0).standard_normal((3, 5, 8))
    with torch.no_grad():
        want = tm(*[torch.tensor(x)] * 3, key_padding_mask=torch.tensor(KPM[:, :5]))
    with minigrad.no_grad():
        got = mm(*[minigrad.tensor(x)] * 3, key_padding_mask=minigrad.tensor(KPM[:, :5]))
    for g, w in zip(got, want):
        np.testing.assert_allclose(to_numpy(g), to_numpy(w), **TOL['float64'])


def test_multihead_attention_dropout_in_training_only():
    _, mm = mha_pair(embed_dim=8, num_heads=2, dropout=0.5)
    x = minigrad.randn(5, 3, 8, dtype=minigrad.float64)
    mm.eval()
    first, second = mm(x, x, x)[1], mm(x, x, x)[1]
    np.testing.assert_array_equal(to_numpy(first), to_numpy(second))
    mm.train()
    dropped = to_numpy(mm(x, x, x, average_attn_weights=False)[1])
    assert 0.3 < (dropped == 0).mean() < 0.7
    np.testing.assert_allclose(dropped.sum(-1).mean(), 1.0, atol=0.25)


@pytest.mark.parametrize('kw', [dict(embed_dim=8, num_heads=2), dict(embed_dim=6, num_heads=3, kdim=4, vdim=5,
                                                                      add_bias_kv=True, bias=False)],
                         ids=['packed', 'separate'])
def test_multihead_attention_parameters_repr_and_init(kw):
    torch.manual_seed(0)
    tm = torch.nn.MultiheadAttention(**kw)
    mm = minigrad.nn.MultiheadAttention(**kw)
    assert repr(mm) == repr(tm)
    assert list(mm.state_dict()) == list(tm.state_dict())
    assert [tuple(p.shape) for p in mm.parameters()] == [tuple(p.shape) for p in tm.parameters()]
    for name in ('embed_dim', 'kdim', 'vdim', 'num_heads', 'head_dim', 'dropout', 'batch_first', 'add_zero_attn',
                 '_qkv_same_embed_dim'):
        assert getattr(mm, name) == getattr(tm, name), name
    for name, p in mm.named_parameters():
        a = to_numpy(p)
        if name.endswith('bias') and 'proj' in name:
            np.testing.assert_array_equal(a, 0)
        elif name.endswith('weight') and name != 'out_proj.weight':      # xavier uniform: +-sqrt(6 / (in + out))
            bound = np.sqrt(6 / sum(p.shape))
            assert np.abs(a).max() <= bound and np.abs(a).max() > 0.8 * bound, name
    for name in ('bias_k', 'bias_v'):
        assert (getattr(mm, name) is None) == (getattr(tm, name) is None)


@pytest.mark.parametrize('case', ['heads', 'not_positive', 'key_value_shapes', 'mask_2d_shape', 'mask_3d_shape',
                                  'padding_shape', 'mask_dtype', 'query_dim', 'key_dim_batched', 'causal_no_mask'])
def test_multihead_attention_errors_as_pytorch(case):
    def call(L):
        x, y = L.ones(5, 3, 8, dtype=L.float64), L.ones(6, 3, 8, dtype=L.float64)
        m = L.nn.MultiheadAttention(8, 2).double()
        return {'heads': lambda: L.nn.MultiheadAttention(8, 3),
                'not_positive': lambda: L.nn.MultiheadAttention(0, 2),
                'key_value_shapes': lambda: m(x, y, y[:5]),
                'mask_2d_shape': lambda: m(x, y, y, attn_mask=L.zeros(5, 5, dtype=L.float64)),
                'mask_3d_shape': lambda: m(x, y, y, attn_mask=L.zeros(2, 5, 6, dtype=L.float64)),
                'padding_shape': lambda: m(x, y, y, key_padding_mask=L.zeros(3, 5, dtype=L.bool)),
                'mask_dtype': lambda: m(x, y, y, attn_mask=L.zeros(5, 6, dtype=L.int64)),
                'query_dim': lambda: m(x[0, 0], y[0, 0], y[0, 0]),
                'key_dim_batched': lambda: m(x, y[0], y[0]),
                'causal_no_mask': lambda: m(x, y, y, is_causal=True)}[case]()
    with pytest.raises(Exception) as want:
        call(torch)
    with pytest.raises(Exception) as got:
        call(minigrad)
    assert (type(got.value), str(got.value)) == (type(want.value), str(want.value).replace('torch.', 'minigrad.'))


def test_multihead_attention_mismatched_mask_types_warn():
    for L in (torch, minigrad):
        m = L.nn.MultiheadAttention(4, 2)
        x = L.ones(3, 2, 4)
        with pytest.warns(UserWarning, match='Support for mismatched key_padding_mask and attn_mask is deprecated'):
            m(x, x, x, key_padding_mask=L.zeros(2, 3, dtype=L.bool), attn_mask=L.zeros(3, 3))


# -- Transformer -------------------------------------------------------------------------------------------------

needs_layer_norm = pytest.mark.skipif(not hasattr(minigrad.nn, 'Transformer'), reason='needs nn.LayerNorm')
RNG = np.random.default_rng(0)
SRC, TGT = RNG.standard_normal((5, 3, 8)), RNG.standard_normal((4, 3, 8))
PAD = np.zeros((3, 5), bool)
PAD[1, 3:] = True
CAUSAL5, CAUSAL4 = np.triu(np.full((5, 5), -np.inf), 1), np.triu(np.full((4, 4), -np.inf), 1)


def batch_first(a):
    return a.transpose(1, 0, 2)


def both(make):
    """make(torch) and make(minigrad) with torch's weights copied in (the nested-tensor warning silenced)."""
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        tm, mm = make(torch), make(minigrad)
    assert list(mm.state_dict()) == list(tm.state_dict())
    assert repr(mm) == repr(tm)
    mm.load_state_dict({k: v.numpy() for k, v in tm.state_dict().items()})
    return tm, mm


TRANSFORMER_CASES = {
    'encoder_layer': (lambda L: L.nn.TransformerEncoderLayer(8, 2, 16), [SRC], {}),
    'encoder_layer_gelu_norm_first_no_bias': (lambda L: L.nn.TransformerEncoderLayer(
        8, 2, 16, activation='gelu', norm_first=True, bias=False), [SRC], {}),
    'encoder_layer_module_activation': (lambda L: L.nn.TransformerEncoderLayer(8, 2, 16, activation=L.nn.GELU()),
                                        [SRC], {}),
    'encoder_layer_batch_first_masks': (lambda L: L.nn.TransformerEncoderLayer(8, 2, 16, batch_first=True),
                                        [batch_first(SRC)], dict(src_key_padding_mask=PAD, src_mask=CAUSAL5)),
    'encoder_layer_unbatched_causal': (lambda L: L.nn.TransformerEncoderLayer(8, 2, 16), [SRC[:, 0]],
                                       dict(src_mask=CAUSAL5, is_causal=True)),
    'decoder_layer_masks': (lambda L: L.nn.TransformerDecoderLayer(8, 2, 16), [TGT, SRC],
                            dict(tgt_mask=CAUSAL4, memory_key_padding_mask=PAD)),
    'decoder_layer_norm_first_gelu': (lambda L: L.nn.TransformerDecoderLayer(8, 2, 16, norm_first=True,
                                                                            activation='gelu', layer_norm_eps=1e-3),
                                      [TGT, SRC], {}),
    'encoder': (lambda L: L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(8, 2, 16), 2, L.nn.LayerNorm(8)),
                [SRC], dict(mask=CAUSAL5)),
    'decoder': (lambda L: L.nn.TransformerDecoder(L.nn.TransformerDecoderLayer(8, 2, 16), 2, L.nn.LayerNorm(8)),
                [TGT, SRC], dict(tgt_mask=CAUSAL4)),
    'transformer': (lambda L: L.nn.Transformer(8, 2, 2, 2, 16), [SRC, TGT],
                    dict(tgt_mask=CAUSAL4, src_key_padding_mask=PAD, memory_key_padding_mask=PAD)),
    'transformer_unbatched': (lambda L: L.nn.Transformer(8, 2, 1, 1, 16), [SRC[:, 0], TGT[:, 0]],
                              dict(tgt_mask=CAUSAL4)),
    'transformer_batch_first_norm_first': (lambda L: L.nn.Transformer(8, 2, 1, 1, 16, batch_first=True,
                                                                      norm_first=True),
                                           [batch_first(SRC), batch_first(TGT)], dict(tgt_is_causal=True,
                                                                                      tgt_mask=CAUSAL4)),
}


def run_transformer(L, module, arrays, call_kw, dtype):
    xs = [L.tensor(a.astype(dtype), requires_grad=True) for a in arrays]
    kw = {k: L.tensor(v.astype(dtype) if v.dtype.kind == 'f' else v) if isinstance(v, np.ndarray) else v
          for k, v in call_kw.items()}
    out = module(*xs, **kw)
    up = np.linspace(-1, 1, out.numel()).reshape(tuple(out.shape)).astype(dtype)
    (out * L.tensor(up)).sum().backward()
    return ([('output', out)] + [(f'input {i} grad', x.grad) for i, x in enumerate(xs)] +
            [(f'{n} grad', p.grad) for n, p in module.named_parameters()])


@needs_layer_norm
@pytest.mark.parametrize('dtype', ['float64', 'float32'])
@pytest.mark.parametrize('train', [False, True], ids=['eval', 'train_dropout0'])
@pytest.mark.parametrize('case', list(TRANSFORMER_CASES))
def test_transformer_as_pytorch(case, train, dtype):
    """The same weights give the same output and gradients, in eval mode and in training with dropout 0."""
    make, arrays, call_kw = TRANSFORMER_CASES[case]

    def build(L):
        module = make(L).to(getattr(L, dtype)).train(train)
        if train:
            for m in module.modules():
                if isinstance(m, L.nn.Dropout):
                    m.p = 0.0
                if isinstance(m, L.nn.MultiheadAttention):
                    m.dropout = 0.0
        return module
    tm, mm = both(build)
    want = run_transformer(torch, tm, arrays, call_kw, dtype)
    got = run_transformer(minigrad, mm, arrays, call_kw, dtype)
    assert [n for n, _ in got] == [n for n, _ in want]
    tol = TOL['float64'] if dtype == 'float64' else dict(rtol=1e-3, atol=1e-4)  # float32: ~20 layers of sums
    for (name, g), (_, w) in zip(got, want):
        assert (g is None) == (w is None), name
        if w is not None:
            np.testing.assert_allclose(to_numpy(g), to_numpy(w), err_msg=name, **tol)


@needs_layer_norm
@pytest.mark.parametrize('fast', [True, False], ids=['fastpath', 'fastpath_off'])
@pytest.mark.parametrize('case', ['layer', 'encoder_nested', 'encoder_not_left_aligned', 'transformer'])
def test_transformer_inference_without_grad_as_pytorchs_fast_paths(case, fast):
    """Eval mode without gradients, batch first: PyTorch's fused layer, and its encoder on nested tensors (padded
    positions come out 0 before the final norm when the padding mask is left-aligned), unless
    backends.mha.set_fastpath_enabled(False)."""
    ragged = PAD.copy()
    ragged[0, 1] = True
    layer = lambda L: L.nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)  # noqa: E731
    make, inputs, kw = {
        'layer': (layer, [batch_first(SRC)], dict(src_key_padding_mask=PAD)),
        'encoder_nested': (lambda L: L.nn.TransformerEncoder(layer(L), 2, L.nn.LayerNorm(8)), [batch_first(SRC)],
                           dict(src_key_padding_mask=PAD)),
        'encoder_not_left_aligned': (lambda L: L.nn.TransformerEncoder(layer(L), 2), [batch_first(SRC)],
                                     dict(src_key_padding_mask=ragged)),
        'transformer': (lambda L: L.nn.Transformer(8, 2, 1, 1, 16, batch_first=True),
                        [batch_first(SRC), batch_first(TGT)], dict(src_key_padding_mask=PAD)),
    }[case]
    tm, mm = both(lambda L: make(L).double().eval())
    outs = []
    for L, m in ((torch, tm), (minigrad, mm)):
        L.backends.mha.set_fastpath_enabled(fast)
        try:
            with L.no_grad():
                outs.append(to_numpy(m(*[L.tensor(a) for a in inputs], **{k: L.tensor(v) for k, v in kw.items()})))
        finally:
            L.backends.mha.set_fastpath_enabled(True)
    if case == 'encoder_nested':    # the padded positions are zeros through the norm (its bias) on the fast path only
        padded = outs[0][1, 3:]
        assert np.allclose(padded, padded.flat[0]) == fast
    np.testing.assert_allclose(outs[1], outs[0], **TOL['float64'])


@needs_layer_norm
def test_transformer_dropout_only_in_training():
    minigrad.manual_seed(0)
    m = minigrad.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.5)
    x = minigrad.tensor(SRC, dtype=minigrad.float32)
    m.eval()
    np.testing.assert_array_equal(to_numpy(m(x)), to_numpy(m(x)))
    m.train()
    assert not np.allclose(to_numpy(m(x)), to_numpy(m(x)))


@needs_layer_norm
def test_transformer_init_repr_and_mask():
    torch.manual_seed(0)
    tm, mm = torch.nn.Transformer(8, 2, 2, 1, 16), minigrad.nn.Transformer(8, 2, 2, 1, 16)
    assert repr(mm) == repr(tm)
    assert list(mm.state_dict()) == list(tm.state_dict())
    for (name, p), (_, tp) in zip(mm.named_parameters(), tm.named_parameters()):
        assert tuple(p.shape) == tuple(tp.shape), name
        a = to_numpy(p)
        if p.ndim > 1:       # xavier uniform over every matrix, out_proj included
            bound = np.sqrt(6 / (p.shape[0] + p.shape[1]))
            assert bound >= np.abs(a).max() > 0.7 * bound, name
        elif '.linear' in name:     # Linear's bias: uniform on +-1/sqrt(in_features)
            fan_in = dict(mm.named_parameters())[name.replace('bias', 'weight')].shape[1]
            assert 1 / np.sqrt(fan_in) >= np.abs(a).max() > 0.5 / np.sqrt(fan_in), name
        else:                       # attention's zero biases and LayerNorm's ones and zeros
            np.testing.assert_array_equal(a, to_numpy(tp.detach()), err_msg=name)
    layers = mm.encoder.layers
    assert not any(p is q for p, q in zip(layers[0].parameters(), layers[1].parameters()))     # deep copies
    for dtype in ('float32', 'float64'):
        want = torch.nn.Transformer.generate_square_subsequent_mask(4, dtype=getattr(torch, dtype))
        got = minigrad.nn.Transformer.generate_square_subsequent_mask(4, dtype=getattr(minigrad, dtype))
        assert got.dtype.name == dtype
        np.testing.assert_array_equal(to_numpy(got), to_numpy(want))
    for attr in ('d_model', 'nhead', 'batch_first'):
        assert getattr(mm, attr) == getattr(tm, attr)


@needs_layer_norm
def test_transformer_encoder_warns_as_pytorch_about_nested_tensors():
    for L in (torch, minigrad):
        with pytest.warns(UserWarning, match='enable_nested_tensor is True, but self.use_nested_tensor is False '
                                             r'because encoder_layer.self_attn.batch_first was not True'):
            encoder = L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(8, 2, 16), 1)
        assert encoder.use_nested_tensor is False and encoder.enable_nested_tensor is True
        assert L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 1).use_nested_tensor


@needs_layer_norm
@pytest.mark.parametrize('case', ['activation', 'batch', 'features'])
def test_transformer_errors_as_pytorch(case):
    def call(L):
        m = L.nn.Transformer(8, 2, 1, 1, 16)
        return {'activation': lambda: L.nn.TransformerEncoderLayer(8, 2, activation='tanh'),
                'batch': lambda: m(L.ones(5, 3, 8), L.ones(4, 2, 8)),
                'features': lambda: m(L.ones(5, 3, 8), L.ones(4, 3, 6))}[case]()
    with pytest.raises(RuntimeError) as want:
        call(torch)
    with pytest.raises(RuntimeError) as got:
        call(minigrad)
    assert str(got.value) == str(want.value)


@needs_layer_norm
def test_transformer_custom_encoder_and_callable_activation():
    """custom_encoder / custom_decoder replace the built ones; a plain function serves as the activation."""
    def make(L):
        layer = L.nn.TransformerEncoderLayer(8, 2, 16, activation=lambda x: x.tanh())
        return L.nn.Transformer(8, 2, custom_encoder=L.nn.TransformerEncoder(layer, 1), num_decoder_layers=1,
                                dim_feedforward=16).double().eval()
    tm, mm = both(make)
    assert mm.encoder.layers[0].activation_relu_or_gelu == tm.encoder.layers[0].activation_relu_or_gelu == 0
    outs = [to_numpy(m(L.tensor(SRC), L.tensor(TGT))) for L, m in ((torch, tm), (minigrad, mm))]
    np.testing.assert_allclose(outs[1], outs[0], **TOL['float64'])


@pytest.mark.parametrize('masks', ['none', 'padding', 'attn_2d', 'attn_3d_and_padding'])
def test_multihead_attention_merge_masks(masks):
    rng = np.random.default_rng(4)
    padding, mask_2d, mask_3d = (rng.standard_normal(s) for s in ((3, 5), (5, 5), (6, 5, 5)))
    attn, pad = {'none': (None, None), 'padding': (None, padding), 'attn_2d': (mask_2d, None),
                 'attn_3d_and_padding': (mask_3d, padding)}[masks]
    results = []
    for L in (torch, minigrad):
        m = L.nn.MultiheadAttention(8, 2, batch_first=True)
        results.append(m.merge_masks(None if attn is None else L.tensor(attn), None if pad is None else L.tensor(pad),
                                     L.ones(3, 5, 8, dtype=L.float64)))
    (t_mask, t_type), (m_mask, m_type) = results
    assert m_type == t_type and (m_mask is None) == (t_mask is None)
    if t_mask is not None:
        assert tuple(m_mask.shape) == tuple(t_mask.shape)
        np.testing.assert_array_equal(to_numpy(m_mask), to_numpy(t_mask))
