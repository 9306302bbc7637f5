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
    ('elu', lambda nn: nn.ELU(inplace=True)), ('selu', lambda nn: nn.SELU(True)), ('celu', lambda nn: nn.CELU(2., True)),
    ('silu', lambda nn: nn.SiLU(True)), ('mish', lambda nn: nn.Mish(True)), ('hardtanh', lambda nn: nn.Hardtanh(inplace=True)),
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
