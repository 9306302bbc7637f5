"""Losses (functional and modules) against PyTorch through the parity helper: forward and the gradient of
every floating point input (targets included where PyTorch differentiates them), float64 and float32."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import check_op


def lib(x):
    """torch or minigrad, whichever `x` belongs to: one lambda serves both libraries."""
    return torch if isinstance(x, torch.Tensor) else minigrad


def F(x):
    return lib(x).nn.functional


def idx(x, values):
    """Class-index targets (int64) in x's library, on x's device."""
    return lib(x).tensor(values, device=x.device)


def vec(x, values):
    """A constant float tensor (weights) in x's library, dtype and device."""
    return lib(x).tensor(values, dtype=x.dtype, device=x.device)


T3 = [1, 0, 3]                       # targets for (3, 4) inputs
T_IGN = [1, -100, 3]                 # with one ignored sample
T_ND = [[[0, 2], [1, 1]], [[2, -100], [0, 1]]]   # targets for (2, 3, 2, 2) inputs
W4 = [0.2, 1.0, 0.5, 2.0]
W3 = [0.3, 1.5, 0.7]
REDUCTIONS = ('mean', 'sum', 'none')

CASES = [
    # (name, shapes, fn, check_op kwargs)
    *[(f'mse_{r}', [(3, 4), (3, 4)], lambda x, y, r=r: F(x).mse_loss(x, y, reduction=r), {}) for r in REDUCTIONS],
    ('mse_module', [(3, 4), (3, 4)], lambda x, y: lib(x).nn.MSELoss()(x, y), {}),
    *[(f'l1_{r}', [(3, 4), (3, 4)], lambda x, y, r=r: F(x).l1_loss(x, y, reduction=r), {}) for r in REDUCTIONS],
    ('l1_module', [(3, 4), (3, 4)], lambda x, y: lib(x).nn.L1Loss(reduction='sum')(x, y), {}),
    *[(f'bce_{r}', [(3, 4), (3, 4)], lambda x, y, r=r: F(x).binary_cross_entropy(x, y, reduction=r),
       dict(low=0.05, high=0.95)) for r in REDUCTIONS],
    ('bce_weight', [(3, 4), (3, 4)], lambda x, y: F(x).binary_cross_entropy(x, y, weight=vec(x, W4)),
     dict(low=0.05, high=0.95)),
    ('bce_module', [(3, 4), (3, 4)], lambda x, y: lib(x).nn.BCELoss()(x, y), dict(low=0.05, high=0.95)),
    ('bce_at_bounds', [(4,), (4,)], lambda x, y: F(x).binary_cross_entropy(x, y, reduction='sum'),
     dict(values=[[0.0, 1.0, 0.5, 1e-3], [1.0, 0.0, 0.5, 0.0]], grad=False)),
    *[(f'bce_logits_{r}', [(3, 4), (3, 4)], lambda x, y, r=r: F(x).binary_cross_entropy_with_logits(x, y, reduction=r),
       dict(low=-4, high=4)) for r in REDUCTIONS],
    ('bce_logits_weight_pos_weight', [(3, 4), (3, 4)],
     lambda x, y: F(x).binary_cross_entropy_with_logits(x, y, weight=vec(x, W4), pos_weight=vec(x, W4[::-1])), {}),
    ('bce_logits_module', [(3, 4), (3, 4)],
     lambda x, y: lib(x).nn.BCEWithLogitsLoss(pos_weight=vec(x, W4))(x, y), {}),
    ('bce_logits_huge', [(6,), (6,)], lambda x, y: F(x).binary_cross_entropy_with_logits(x, y, reduction='none'),
     dict(values=[[1e4, -1e4, 1e4, -1e4, 30.0, -30.0], [1.0, 0.0, 0.0, 1.0, 0.3, 0.7]])),
    ('bce_logits_huge_pos_weight', [(6,), (6,)],
     lambda x, y: F(x).binary_cross_entropy_with_logits(x, y, pos_weight=vec(x, [3.0] * 6), reduction='sum'),
     dict(values=[[1e4, -1e4, 1e4, -1e4, 30.0, -30.0], [1.0, 0.0, 0.0, 1.0, 0.3, 0.7]])),
    *[(f'nll_{r}', [(3, 4)], lambda x, r=r: F(x).nll_loss(x.log_softmax(1), idx(x, T3), reduction=r), {})
      for r in REDUCTIONS],
    ('nll_weight_ignore', [(3, 4)], lambda x: F(x).nll_loss(x, idx(x, T_IGN), weight=vec(x, W4)), {}),
    ('nll_module_ignore_custom', [(3, 4)], lambda x: lib(x).nn.NLLLoss(ignore_index=0)(x, idx(x, T3)), {}),
    ('nll_unbatched', [(4,)], lambda x: F(x).nll_loss(x, idx(x, 2)), {}),
    *[(f'cross_entropy_{r}', [(3, 4)], lambda x, r=r: F(x).cross_entropy(x, idx(x, T3), reduction=r), {})
      for r in REDUCTIONS],
    *[(f'cross_entropy_weight_ignore_{r}', [(3, 4)],
       lambda x, r=r: F(x).cross_entropy(x, idx(x, T_IGN), weight=vec(x, W4), reduction=r), {}) for r in REDUCTIONS],
    ('cross_entropy_unbatched', [(4,)], lambda x: F(x).cross_entropy(x, idx(x, 3)), {}),
    ('cross_entropy_unbatched_smoothing', [(4,)], lambda x: F(x).cross_entropy(x, idx(x, 3), label_smoothing=0.2), {}),
    *[(f'cross_entropy_nd_{r}', [(2, 3, 2, 2)], lambda x, r=r: F(x).cross_entropy(x, idx(x, T_ND), reduction=r), {})
      for r in REDUCTIONS],
    ('cross_entropy_nd_weight', [(2, 3, 2, 2)], lambda x: F(x).cross_entropy(x, idx(x, T_ND), weight=vec(x, W3)), {}),
    *[(f'cross_entropy_smoothing_{r}', [(3, 4)],
       lambda x, r=r: F(x).cross_entropy(x, idx(x, T_IGN), label_smoothing=0.1, reduction=r), {}) for r in REDUCTIONS],
    *[(f'cross_entropy_smoothing_weight_{r}', [(3, 4)],
       lambda x, r=r: F(x).cross_entropy(x, idx(x, T_IGN), weight=vec(x, W4), label_smoothing=0.3, reduction=r), {})
      for r in REDUCTIONS],
    ('cross_entropy_smoothing_nd_weight', [(2, 3, 2, 2)],
     lambda x: F(x).cross_entropy(x, idx(x, T_ND), weight=vec(x, W3), label_smoothing=0.25), {}),
    *[(f'cross_entropy_probs_{r}', [(3, 4), (3, 4)],
       lambda x, p, r=r: F(x).cross_entropy(x, p.softmax(1), reduction=r, label_smoothing=0.1), {})
      for r in REDUCTIONS],
    ('cross_entropy_probs_weight', [(3, 4), (3, 4)],
     lambda x, p: F(x).cross_entropy(x, p.softmax(1), weight=vec(x, W4)), {}),
    ('cross_entropy_module', [(3, 4)],
     lambda x: lib(x).nn.CrossEntropyLoss(weight=vec(x, W4), label_smoothing=0.05, reduction='sum')(x, idx(x, T_IGN)),
     {}),
    ('cross_entropy_large_logits', [(3, 4)], lambda x: F(x).cross_entropy(x, idx(x, T3)), dict(low=-1e4, high=1e4)),
]


@pytest.mark.parametrize('name,shapes,fn,kwargs', CASES, ids=[c[0] for c in CASES])
def test_loss(name, shapes, fn, kwargs):
    check_op(shapes, fn, **kwargs)


def test_bce_with_logits_finite_for_huge_logits():
    x = minigrad.tensor([1e4, -1e4, 1e4, -1e4], requires_grad=True)
    y = minigrad.tensor([1.0, 0.0, 0.0, 1.0])
    loss = minigrad.nn.functional.binary_cross_entropy_with_logits(x, y, reduction='sum')
    loss.backward()
    assert np.isfinite(loss.item()) and np.isfinite(x.grad.numpy()).all()
    tx = torch.tensor([1e4, -1e4, 1e4, -1e4], requires_grad=True)
    t_loss = torch.nn.functional.binary_cross_entropy_with_logits(tx, torch.tensor([1.0, 0.0, 0.0, 1.0]),
                                                                   reduction='sum')
    t_loss.backward()
    assert loss.item() == t_loss.item()
    np.testing.assert_array_equal(x.grad.numpy(), tx.grad.numpy())


def test_grad_fn_names_match_pytorch():
    def names(fn, x):
        out = fn(x)
        node, chain = out.grad_fn, []
        while node is not None:
            chain.append(node.name())
            node = node.next_functions[0][0] if node.next_functions else None
        return chain
    x_np = np.random.default_rng(0).standard_normal((3, 4))
    fns = [lambda x: F(x).cross_entropy(x, idx(x, T3)),
           lambda x: F(x).nll_loss(x, idx(x, T3)),
           lambda x: F(x).mse_loss(x, x.detach() * 2),
           lambda x: F(x).l1_loss(x, x.detach() * 2),
           lambda x: F(x).binary_cross_entropy(x.sigmoid(), x.detach().sigmoid()),
           lambda x: F(x).binary_cross_entropy_with_logits(x, x.detach().sigmoid())]
    for fn in fns:
        want = names(fn, torch.tensor(x_np, requires_grad=True))
        got = names(fn, minigrad.tensor(x_np, requires_grad=True))
        assert got == want


@pytest.mark.parametrize('loss', [
    lambda x, y: F(x).cross_entropy(x, idx(x, T_IGN), weight=vec(x, W4), label_smoothing=0.1),
    lambda x, y: F(x).mse_loss(x, y),
    lambda x, y: F(x).binary_cross_entropy(x.sigmoid(), y.sigmoid(), weight=vec(x, W4)),
    lambda x, y: F(x).binary_cross_entropy_with_logits(x, y.sigmoid(), pos_weight=vec(x, W4)),
], ids=['cross_entropy', 'mse', 'bce', 'bce_with_logits'])
def test_loss_backward_is_differentiable_like_torch(loss):
    """create_graph: d/d(x, y) of sum((dL/dx)^2), the loss's backward differentiated again."""
    x_np, y_np = np.random.default_rng(1).standard_normal((2, 3, 4))
    grads = []
    for L in (torch, minigrad):
        x, y = L.tensor(x_np, requires_grad=True), L.tensor(y_np, requires_grad=True)
        g, = L.autograd.grad(loss(x, y), x, create_graph=True)
        (g * g).sum().backward()
        grads.append([t.grad.detach().numpy() if t.grad is not None else 0 for t in (x, y)])
    for got, want in zip(grads[1], grads[0]):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def error_of(fn, *libs):
    """(type name, message) of the exception fn raises in each library; torch's names as minigrad's."""
    out = []
    for L in libs:
        with pytest.raises(Exception) as info:
            fn(L)
        out.append((type(info.value).__name__, str(info.value).replace('torch.Size', 'minigrad.Size')))
    return out


ERRORS = [
    lambda L: L.nn.functional.cross_entropy(L.randn(3, 5), L.tensor([1.0, 2.0, 3.0])),
    lambda L: L.nn.functional.nll_loss(L.randn(3, 5), L.tensor([1, 2, 3]).double()),
    lambda L: L.nn.functional.cross_entropy(L.randn(3, 5), L.tensor([1, 2, 10])),
    lambda L: L.nn.functional.nll_loss(L.randn(3, 5), L.tensor([1, 2, -1])),
    lambda L: L.nn.functional.cross_entropy(L.randn(3, 5), L.tensor([1, 2])),
    lambda L: L.nn.functional.cross_entropy(L.randn(3, 5), L.tensor([[1, 2, 0]])),
    lambda L: L.nn.functional.cross_entropy(L.randn(2, 3, 4), L.tensor([0, 1])),
    lambda L: L.nn.functional.cross_entropy(L.randn(3, 5), L.tensor([1, 2, 3]), weight=L.ones(4)),
    lambda L: L.nn.functional.cross_entropy(L.randn(3, 5), L.tensor([1, 2, 3]), reduction='avg'),
    lambda L: L.nn.functional.cross_entropy(L.randn(3, 5), L.tensor([1, 2, 3]), label_smoothing=1.5),
    lambda L: L.nn.functional.mse_loss(L.randn(3, 5), L.randn(4, 5)),
    lambda L: L.nn.functional.binary_cross_entropy(L.rand(3, 5), L.rand(4, 5)),
    lambda L: L.nn.functional.binary_cross_entropy(L.tensor([2.0]), L.tensor([1.0])),
    lambda L: L.nn.functional.binary_cross_entropy_with_logits(L.randn(3, 5), L.rand(4, 5)),
]


@pytest.mark.parametrize('fn', ERRORS)
def test_errors_in_pytorch_words(fn):
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        want, got = error_of(fn, torch, minigrad)
    assert got == want


def test_mse_broadcast_warns_as_pytorch():
    for L in (torch, minigrad):
        with pytest.warns(UserWarning, match='Using a target size .* different to the input size'):
            L.nn.functional.mse_loss(L.randn(3, 5), L.randn(5))
