"""The activation and loss modules of torch.nn against minigrad.nn: printed forms, parameter and state_dict keys,
forward and every gradient (weights copied from the torch module), in-place forms, RReLU's random slopes."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import check_module


def both(make):
    """The same module built by `make(nn)` for torch and for minigrad."""
    return make(torch.nn), make(minigrad.nn)


ACTIVATIONS = [
    # (id, make(nn), input shape)
    ('leaky_relu', lambda nn: nn.LeakyReLU(), (3, 4)),
    ('leaky_relu_slope', lambda nn: nn.LeakyReLU(0.2), (3, 4)),
    ('prelu', lambda nn: nn.PReLU(), (2, 3, 4)),
    ('prelu_channels', lambda nn: nn.PReLU(3, 0.1), (2, 3, 4)),
    ('rrelu_eval', lambda nn: nn.RReLU(0.1, 0.3).eval(), (3, 4)),
    ('elu', lambda nn: nn.ELU(0.5), (3, 4)),
    ('selu', lambda nn: nn.SELU(), (3, 4)),
    ('celu', lambda nn: nn.CELU(1.5), (3, 4)),
    ('gelu', lambda nn: nn.GELU(), (3, 4)),
    ('gelu_tanh', lambda nn: nn.GELU('tanh'), (3, 4)),
    ('silu', lambda nn: nn.SiLU(), (3, 4)),
    ('mish', lambda nn: nn.Mish(), (3, 4)),
    ('softplus', lambda nn: nn.Softplus(2.0, 1.0), (3, 4)),
    ('softsign', lambda nn: nn.Softsign(), (3, 4)),
    ('softshrink', lambda nn: nn.Softshrink(0.3), (3, 4)),
    ('hardshrink', lambda nn: nn.Hardshrink(0.3), (3, 4)),
    ('tanhshrink', lambda nn: nn.Tanhshrink(), (3, 4)),
    ('hardtanh', lambda nn: nn.Hardtanh(-0.5, 1.5), (3, 4)),
    ('relu6', lambda nn: nn.ReLU6(), (3, 4)),
    ('hardsigmoid', lambda nn: nn.Hardsigmoid(), (3, 4)),
    ('hardswish', lambda nn: nn.Hardswish(), (3, 4)),
    ('logsigmoid', lambda nn: nn.LogSigmoid(), (3, 4)),
    ('softmin', lambda nn: nn.Softmin(1), (3, 4)),
    ('softmax2d', lambda nn: nn.Softmax2d(), (2, 3, 2, 2)),
    ('glu', lambda nn: nn.GLU(), (3, 4)),
    ('glu_dim', lambda nn: nn.GLU(0), (4, 3)),
    ('threshold', lambda nn: nn.Threshold(0.1, 20.0), (3, 4)),
]
INPLACE = [
    ('leaky_relu', lambda nn: nn.LeakyReLU(0.2, True)), ('rrelu_eval', lambda nn: nn.RReLU(inplace=True).eval()),
    ('elu', lambda nn: nn.ELU(inplace=True)), ('selu', lambda nn: nn.SELU(True)),
    ('celu', lambda nn: nn.CELU(2., True)), ('silu', lambda nn: nn.SiLU(True)), ('mish', lambda nn: nn.Mish(True)),
    ('hardtanh', lambda nn: nn.Hardtanh(inplace=True)),
    ('relu6', lambda nn: nn.ReLU6(True)), ('hardsigmoid', lambda nn: nn.Hardsigmoid(True)),
    ('hardswish', lambda nn: nn.Hardswish(True)), ('threshold', lambda nn: nn.Threshold(0.1, 2.0, True)),
]


@pytest.mark.parametrize('make,shape', [pytest.param(m, s, id=i) for i, m, s in ACTIVATIONS])
def test_activation_module(make, shape):
    torch.manual_seed(0)
    check_module(*both(make), [shape], low=-4.0, high=4.0)


@pytest.mark.parametrize('make', [pytest.param(m, id=i) for i, m, _ in ACTIVATIONS]
                         + [pytest.param(m, id=i + '_inplace') for i, m in INPLACE])
def test_activation_repr_and_state_dict_keys(make):
    tm, mm = both(make)
    assert repr(mm) == repr(tm)
    assert list(mm.state_dict()) == list(tm.state_dict())
    assert [n for n, _ in mm.named_parameters()] == [n for n, _ in tm.named_parameters()]


@pytest.mark.parametrize('make', [pytest.param(m, id=i) for i, m in INPLACE])
def test_inplace_activation_writes_into_its_input_with_pytorchs_node(make):
    """inplace=True: the result is the input tensor (a non-leaf), with PyTorch's node, value and gradient."""
    seen = []
    for lib, m in zip((torch, minigrad), both(make)):
        leaf = lib.tensor(np.linspace(-3, 3, 12).reshape(3, 4), requires_grad=True)
        x = leaf * 1
        y = m(x)
        assert y is x
        y.backward(lib.tensor(np.arange(12.0).reshape(3, 4)))
        seen.append((type(y.grad_fn).__name__, y.detach().numpy(), leaf.grad.numpy()))
    (tn, ty, tg), (mn, my, mg) = seen
    assert mn == tn
    np.testing.assert_allclose(my, ty, rtol=1e-12)
    np.testing.assert_allclose(mg, tg, rtol=1e-12)


def test_rrelu_training_draws_slopes_in_bounds_and_eval_uses_their_mean():
    m = minigrad.nn.RReLU(0.1, 0.3)
    x = minigrad.full((20000,), -1.0, dtype=minigrad.float64, requires_grad=True)
    y = m(x)
    slopes = -y.detach().numpy()
    assert type(y.grad_fn).__name__ == 'RreluWithNoiseBackward0'
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3
    assert abs(slopes.mean() - 0.2) < 0.005 and abs(slopes.std() - 0.2 / 12 ** 0.5) < 0.005    # U(0.1, 0.3)
    assert len(np.unique(slopes)) > 19000
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), slopes)    # each element's gradient is its own slope
    positive = m(minigrad.ones(5))
    np.testing.assert_array_equal(positive.numpy(), np.ones(5))
    m.eval()
    z = minigrad.tensor([-2.0, 3.0])
    np.testing.assert_allclose(m(z).numpy(), torch.nn.RReLU(0.1, 0.3).eval()(torch.tensor([-2.0, 3.0])).numpy())


def test_softmax2d_and_hardtanh_errors_in_pytorchs_words():
    for lib in (torch, minigrad):
        with pytest.raises(ValueError, match='Softmax2d: expected input to be 3D or 4D, got 2D instead'):
            lib.nn.Softmax2d()(lib.ones(2, 3))
        with pytest.raises(AssertionError, match=r'max_val \(-1.0\) must be greater than min_val \(1.0\)'):
            lib.nn.Hardtanh(1.0, -1.0)
        with pytest.raises(ValueError, match='min_val cannot be greater than max_val'):
            lib.nn.functional.hardtanh(lib.ones(2), 1.0, -1.0)


# -- losses: (id, make(nn, L), inputs as (values, requires grad)) -----------------------------------------------
RNG = np.random.default_rng(0)
X, Y, POS = RNG.uniform(-2, 2, (3, 4)), RNG.uniform(-2, 2, (3, 4)), RNG.uniform(0.1, 1.0, (3, 4))
SIGNS, CLASSES = np.sign(RNG.uniform(-1, 1, (3, 4))), np.array([1, 0, 3])
LABELS = np.array([[1, 2, -1, 0], [0, -1, 2, 3], [3, 0, 1, 2]])
LOSSES = [
    ('smooth_l1', lambda nn, L: nn.SmoothL1Loss(beta=0.5), [(X, True), (Y, True)]),
    ('smooth_l1_legacy', lambda nn, L: nn.SmoothL1Loss(size_average=False), [(X, True), (Y, True)]),
    ('huber', lambda nn, L: nn.HuberLoss('sum', delta=0.7), [(X, True), (Y, True)]),
    ('kl_div', lambda nn, L: nn.KLDivLoss(reduction='batchmean'), [(X, True), (POS, True)]),
    ('kl_div_log_target', lambda nn, L: nn.KLDivLoss(reduction='none', log_target=True), [(X, True), (Y, True)]),
    ('poisson_nll', lambda nn, L: nn.PoissonNLLLoss(), [(X, True), (POS * 3, False)]),
    ('poisson_nll_full', lambda nn, L: nn.PoissonNLLLoss(False, True, reduction='sum'),
     [(POS, True), (POS * 3, False)]),
    ('gaussian_nll', lambda nn, L: nn.GaussianNLLLoss(full=True), [(X, True), (Y, True), (POS, True)]),
    ('margin_ranking', lambda nn, L: nn.MarginRankingLoss(0.2), [(X[0], True), (Y[0], True), (SIGNS[0], False)]),
    ('hinge_embedding', lambda nn, L: nn.HingeEmbeddingLoss(0.5, reduction='none'), [(X, True), (SIGNS, False)]),
    ('soft_margin', lambda nn, L: nn.SoftMarginLoss(), [(X, True), (SIGNS, False)]),
    ('multilabel_soft_margin', lambda nn, L: nn.MultiLabelSoftMarginLoss(L.tensor(POS[0])),
     [(X, True), (SIGNS > 0, False)]),
    ('cosine_embedding', lambda nn, L: nn.CosineEmbeddingLoss(0.1),
     [(X, True), (Y, True), (np.array([1, -1, 1]), False)]),
    ('triplet_margin', lambda nn, L: nn.TripletMarginLoss(p=1, swap=True), [(X, True), (Y, True), (POS, True)]),
    ('triplet_margin_with_distance', lambda nn, L: nn.TripletMarginWithDistanceLoss(margin=0.5, swap=True),
     [(X, True), (Y, True), (POS, True)]),
    ('triplet_margin_with_cosine', lambda nn, L: nn.TripletMarginWithDistanceLoss(
        distance_function=nn.CosineSimilarity(), reduction='none'), [(X, True), (Y, True), (POS, True)]),
    ('multilabel_margin', lambda nn, L: nn.MultiLabelMarginLoss(), [(X, True), (LABELS, False)]),
    ('multi_margin', lambda nn, L: nn.MultiMarginLoss(2, 0.5, L.tensor(POS[0])), [(X, True), (CLASSES, False)]),
    ('ctc', lambda nn, L: nn.CTCLoss(blank=3, reduction='sum'),
     [(RNG.standard_normal((6, 2, 4)), True), (np.array([[1, 2, 2], [0, 1, 0]]), False), (np.array([6, 5]), False),
      (np.array([3, 2]), False)]),
    ('cross_entropy_kdim', lambda nn, L: nn.CrossEntropyLoss(L.tensor(POS[0]), ignore_index=2, label_smoothing=0.1),
     [(RNG.uniform(-2, 2, (2, 4, 3, 2)), True), (RNG.integers(0, 4, (2, 3, 2)), False)]),
    ('cross_entropy_probs', lambda nn, L: nn.CrossEntropyLoss(label_smoothing=0.2, reduction='sum'),
     [(X, True), (POS / POS.sum(1, keepdims=True), False)]),
]
# the distance modules, whose outputs are compared as a loss's (one value per row or column)
DISTANCES = [
    ('pairwise_distance', lambda nn, L: nn.PairwiseDistance(p=1.5, keepdim=True), [(X, True), (Y, True)]),
    ('pairwise_distance_default', lambda nn, L: nn.PairwiseDistance(), [(X[0], True), (Y, True)]),
    ('cosine_similarity', lambda nn, L: nn.CosineSimilarity(dim=0, eps=1e-3), [(X, True), (Y[:1], True)]),
    ('cosine_similarity_default', lambda nn, L: nn.CosineSimilarity(), [(X, True), (Y, True)]),
]


def loss_inputs(L, inputs, dtype):
    return [L.tensor(v.astype(dtype) if v.dtype.kind == 'f' or v.dtype.kind == 'b' else v, requires_grad=g)
            for v, g in inputs]


@pytest.mark.parametrize('make,inputs', [pytest.param(m, i, id=n) for n, m, i in LOSSES + DISTANCES])
@pytest.mark.parametrize('dtype', ['float64', 'float32'])
def test_loss_module(make, inputs, dtype):
    """Value and every gradient as torch's (float32: a few ulps after sums over 12-48 terms)."""
    tol = dict(rtol=1e-10, atol=1e-12) if dtype == 'float64' else dict(rtol=1e-5, atol=1e-6)
    seen = []
    for L in (torch, minigrad):
        module = make(L.nn, L).to(getattr(L, dtype))
        xs = loss_inputs(L, inputs, dtype)
        loss = module(*xs)
        g = np.random.default_rng(1).standard_normal(tuple(loss.shape)).astype(dtype)
        loss.backward(L.tensor(g))
        seen.append((loss.detach().numpy(), [x.grad.numpy() for x in xs if x.requires_grad], repr(module),
                     list(module.state_dict())))
    (t_loss, t_grads, t_repr, t_keys), (m_loss, m_grads, m_repr, m_keys) = seen
    assert (m_repr, m_keys) == (t_repr, t_keys)
    assert m_loss.dtype == t_loss.dtype and m_loss.shape == t_loss.shape
    np.testing.assert_allclose(m_loss, t_loss, **tol)
    for m, t in zip(m_grads, t_grads, strict=True):
        np.testing.assert_allclose(m, t, **tol)


def test_loss_constructor_errors_in_pytorchs_words():
    for lib in (torch, minigrad):
        with pytest.raises(ValueError, match='only p == 1 and p == 2 supported'):
            lib.nn.MultiMarginLoss(p=3)
        with pytest.raises(ValueError, match='expected margin to be greater than 0, got 0'):
            lib.nn.TripletMarginLoss(margin=0)
        with pytest.raises(ValueError, match='TripletMarginWithDistanceLoss: expected margin to be greater than 0, '
                                             'got -1 instead'):
            lib.nn.TripletMarginWithDistanceLoss(margin=-1)
        with pytest.raises(ValueError, match='nonsense is not a valid value for reduction'):
            lib.nn.TripletMarginWithDistanceLoss(reduction='nonsense')(*[lib.ones(2, 3)] * 3)  # (checked when called)
        with pytest.raises(ValueError, match='expected weight to be None or 1D tensor, got 2D instead'):
            lib.nn.MultiMarginLoss(weight=lib.ones(2, 2))


def test_legacy_size_average_and_reduce_give_the_reduction_with_pytorchs_warning():
    for size_average, reduce in ((False, None), (None, False), (True, True)):
        with pytest.warns(UserWarning, match='size_average and reduce args will be deprecated') as t:
            want = torch.nn.MarginRankingLoss(0.1, size_average, reduce).reduction
        with pytest.warns(UserWarning, match='size_average and reduce args will be deprecated') as m:
            got = minigrad.nn.MarginRankingLoss(0.1, size_average, reduce).reduction
        assert got == want and str(m[0].message) == str(t[0].message)
