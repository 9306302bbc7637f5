"""Finite differences (float64) against minigrad's backward, for every differentiable op of test_ops."""
import pytest

import minigrad
from helpers import gradcheck_op
from test_ops import CASES

# Ties, kinks (std of a constant, 0 ** y) and NaNs are where a function has no derivative, and a cast to float32 is too
# coarse for finite differences: those cases are left to the PyTorch comparison of test_ops.
SMOOTH = [(n, s, f, k) for n, s, f, k in CASES
          if not any(word in n for word in ('ties', 'nan', 'constant', 'kink')) and n != 'float']


@pytest.mark.parametrize('shapes, fn, kw', [pytest.param(s, f, k, id=n) for n, s, f, k in SMOOTH])
def test_gradcheck(shapes, fn, kw):
    kw = {k: v for k, v in kw.items() if k in ('low', 'high', 'values')}
    gradcheck_op(shapes, fn, **kw)


def test_gradcheck_cat_stack_where():
    gradcheck_op([(2, 3), (4, 3)], lambda x, y: minigrad.cat([x, y.exp()]))
    gradcheck_op([(2, 3), (2, 3)], lambda x, y: minigrad.stack([x, y * x], dim=1))
    gradcheck_op([(3, 4), (3, 4)], lambda x, y: minigrad.where(x > y, x * y, y))
    gradcheck_op([(4, 3)], lambda x: x[minigrad.tensor([0, 2, 2])] * x[1:3].sum())
    for mode in ('reflect', 'replicate', 'circular'):
        gradcheck_op([(1, 2, 3, 4)], lambda x: minigrad.nn.functional.pad(x, (2, 1, -1, 2), mode=mode) ** 2)


def test_gradcheck_perturbs_non_contiguous_inputs_in_place():
    x = minigrad.tensor([[1., 2., 3.], [4., 5., 6.]], dtype=minigrad.float64)
    assert minigrad.autograd.gradcheck(lambda t: (t * t).sum(1), [x.t().requires_grad_()])
    assert minigrad.autograd.gradcheck(lambda t: t.exp(), [x[:, ::2].requires_grad_()])


def test_gradcheck_catches_a_wrong_gradient():
    class Wrong(minigrad.autograd.Function):
        def forward(self, a):
            return a * a

        def backward(self, g):
            return g * 3   # the true derivative is 2a
    x = minigrad.tensor([0.5, 1.5], dtype=minigrad.float64, requires_grad=True)
    with pytest.raises(minigrad.autograd.GradcheckError, match='Jacobian mismatch'):
        minigrad.autograd.gradcheck(lambda t: Wrong.apply(t), [x])


def test_gradcheck_refuses_float32():
    x = minigrad.tensor([0.5], requires_grad=True)
    with pytest.raises(minigrad.autograd.GradcheckError, match='float64'):
        minigrad.autograd.gradcheck(lambda t: t * t, [x])
