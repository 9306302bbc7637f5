"""conv_tbc (torch.conv_tbc, F.conv_tbc) against PyTorch: values, gradients of input, weight and bias, second
derivatives, padding (negative too), empty outputs, integers, the device stand-in, errors."""
import numpy as np
import pytest
import torch

import minigrad
import strict_backend
from helpers import check_op, check_second_derivative


def conv_tbc_of(pad):
    return lambda x, w, b: (torch if isinstance(x, torch.Tensor) else minigrad).conv_tbc(x, w, b, pad)


@pytest.mark.parametrize('time, pad', [(5, 0), (5, 1), (5, -1), (4, 3), (2, 0)])
def test_conv_tbc(time, pad):
    check_op([(time, 2, 3), (3, 3, 4), (4,)], conv_tbc_of(pad))
    check_second_derivative([(time, 2, 3), (3, 3, 4), (4,)], lambda x, w, b: conv_tbc_of(pad)(x, w, b) ** 2)


def test_conv_tbc_node_and_functional():
    x, w, b = (minigrad.randn(*s, requires_grad=True) for s in ((5, 2, 3), (3, 3, 4), (4,)))
    assert type(minigrad.nn.functional.conv_tbc(x, w, b).grad_fn).__name__ == 'ConvTbcBackward0'


def test_conv_tbc_integers():
    rng = np.random.default_rng(0)
    arrays = [rng.integers(-3, 4, s) for s in ((5, 2, 3), (2, 3, 4), (4,))]
    want = torch.conv_tbc(*[torch.tensor(a) for a in arrays], 1)
    got = minigrad.conv_tbc(*[minigrad.tensor(a) for a in arrays], 1)
    assert got.dtype == minigrad.int64
    np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_conv_tbc_on_the_device(monkeypatch):
    strict_backend.install(monkeypatch)
    check_op([(5, 2, 3), (3, 3, 4), (4,)], conv_tbc_of(1), device='cuda')


ERRORS = [((5, 2), (3, 3, 4), (4,), 'float32'), ((5, 2, 3), (3, 4), (4,), 'float32'),
          ((5, 2, 3), (3, 3, 4), (4, 1), 'float32'), ((5, 2, 2), (3, 3, 4), (4,), 'float32'),
          ((5, 2, 3), (3, 3, 4), (5,), 'float32'), ((5, 2, 3), (3, 3, 4), (4,), 'float64')]


@pytest.mark.parametrize('x, w, b, w_dtype', ERRORS)
def test_conv_tbc_errors(x, w, b, w_dtype):
    raised = []
    for lib in (torch, minigrad):
        with pytest.raises(Exception) as info:
            lib.conv_tbc(lib.zeros(x), lib.zeros(w, dtype=getattr(lib, w_dtype)), lib.zeros(b))
        raised.append((type(info.value), str(info.value)))
    assert raised[1] == raised[0]


def test_conv_tbc_non_contiguous_input():
    """PyTorch raises on a non-contiguous input (opdb KNOWN); minigrad gives torch's result for its contiguous copy."""
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((2, 5, 3)), rng.standard_normal((3, 3, 4)), rng.standard_normal(4)
    want = torch.conv_tbc(torch.tensor(x).transpose(0, 1).contiguous(), torch.tensor(w), torch.tensor(b), 1)
    got = minigrad.conv_tbc(minigrad.tensor(x).transpose(0, 1), minigrad.tensor(w), minigrad.tensor(b), 1)
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-12, atol=1e-12)
