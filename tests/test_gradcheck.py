"""Finite differences (float64) against minigrad's backward, for every differentiable op of test_ops."""
import numpy as np
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


# second derivatives (issue 14): the ops whose first derivative used to come out of the graph, and their neighbours
GRADGRAD = [
    ('abs', [(3, 4)], lambda x: x.abs()),
    ('relu', [(3, 4)], lambda x: minigrad.relu(x) * x),
    ('l1_loss', [(3, 4), (3, 4)], lambda x, y: minigrad.nn.functional.l1_loss(x, y) * x.sum()),
    ('nll_loss', [(3, 4)], lambda x: minigrad.nn.functional.nll_loss(x.log_softmax(1), minigrad.tensor([0, 3, 1]),
                                                                      weight=minigrad.tensor([1., 2., 3., 4.],
                                                                                             dtype=minigrad.float64))),
    ('nll_loss_none', [(3, 4)], lambda x: minigrad.nn.functional.nll_loss(x, minigrad.tensor([0, 3, 1]),
                                                                           reduction='none') ** 2),
    ('pad_constant', [(2, 3)], lambda x: minigrad.nn.functional.pad(x, (1, -1, 2, 0)) ** 2),
    ('pad_reflect', [(1, 2, 4)], lambda x: minigrad.nn.functional.pad(x, (2, -1), mode='reflect') ** 2),
    ('pad_replicate', [(1, 1, 3, 4)], lambda x: minigrad.nn.functional.pad(x, (1, 2, -1, 1), mode='replicate') ** 2),
    ('pad_circular', [(1, 2, 4)], lambda x: minigrad.nn.functional.pad(x, (1, 2), mode='circular') ** 2),
    ('clamp', [(3, 4)], lambda x: x.clamp(-0.5, 0.5) * x),
    ('where', [(3, 4), (3, 4)], lambda x, y: minigrad.where(x > 0, x * y, y * y)),
    ('maximum', [(3, 4), (3, 4)], lambda x, y: minigrad.maximum(x, y) ** 2),
    ('max_dim', [(3, 4)], lambda x: x.max(1)[0] ** 2),
    ('norm', [(3, 4)], lambda x: x.norm()),
    ('norm_3_dim', [(3, 4)], lambda x: x.norm(3, 1)),
    ('norm_inf', [(3, 4)], lambda x: x.norm(float('inf'), 0) * x.sum()),
    ('pow_tensor', [(3, 4), (3, 4)], lambda x, y: x.abs() ** y),
    ('index', [(5,)], lambda x: x[minigrad.tensor([0, 0, 3])] ** 2),
    ('setitem', [(5,)], lambda x: (lambda y: (y.__setitem__(minigrad.tensor([1]), x[0] * x[2]), y)[1])(x * x)),
]


@pytest.mark.parametrize('shapes, fn', [pytest.param(s, f, id=n) for n, s, f in GRADGRAD])
def test_gradgradcheck(shapes, fn):
    rng = np.random.default_rng(0)
    inputs = [minigrad.tensor(rng.uniform(0.5, 2, size=s) * rng.choice([-1, 1], size=s), dtype=minigrad.float64,
                              requires_grad=True) for s in shapes]
    assert minigrad.autograd.gradgradcheck(fn, inputs)
    assert minigrad.autograd.gradgradcheck(fn, inputs, gen_non_contig_grad_outputs=True)


def test_gradgradcheck_catches_a_wrong_second_derivative():
    class WrongSecond(minigrad.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * 3 * x.detach() ** 2 + g * 0 * x     # the first derivative right, its own derivative 0
    x = minigrad.tensor([0.5, -1.5], dtype=minigrad.float64, requires_grad=True)
    assert minigrad.autograd.gradcheck(WrongSecond.apply, (x,))
    with pytest.raises(minigrad.autograd.GradcheckError):
        minigrad.autograd.gradgradcheck(WrongSecond.apply, (x,))
