"""PyTorch's custom-Function API (torch.autograd.Function), run in both libraries from the same class body:
the documented examples (LegendrePolynomial3, Exp, MulConstant), several outputs, mark_dirty,
mark_non_differentiable, set_materialize_grads, once_differentiable, create_graph, and PyTorch's errors."""
import numpy as np
import pytest
import torch

import minigrad
from test_bad_input import raises_like_torch


def legendre(lib):
    class LegendrePolynomial3(lib.autograd.Function):   # "Learning PyTorch with Examples"
        @staticmethod
        def forward(ctx, input):
            ctx.save_for_backward(input)
            return 0.5 * (5 * input ** 3 - 3 * input)

        @staticmethod
        def backward(ctx, grad_output):
            input, = ctx.saved_tensors
            return grad_output * 1.5 * (5 * input ** 2 - 1)
    return LegendrePolynomial3


def exp_fn(lib):
    class Exp(lib.autograd.Function):                   # the torch.autograd.Function docstring's example
        @staticmethod
        def forward(ctx, i):
            result = i.exp()
            ctx.save_for_backward(result)
            return result

        @staticmethod
        def backward(ctx, grad_output):
            result, = ctx.saved_tensors
            return grad_output * result
    return Exp


def mul_constant(lib):
    class MulConstant(lib.autograd.Function):           # "Extending PyTorch": a non-tensor argument
        @staticmethod
        def forward(ctx, tensor, constant):
            ctx.constant = constant
            return tensor * constant

        @staticmethod
        def backward(ctx, grad_output):
            return grad_output * ctx.constant, None
    return MulConstant


def two_outputs(lib):
    class SplitScale(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * 2, x * x

        @staticmethod
        def backward(ctx, g2, gsq):
            x, = ctx.saved_tensors
            return g2 * 2 + gsq * 2 * x
    return SplitScale


def run_both(build, program, values):
    """Run program(Function class, input) in torch and minigrad; return (torch, minigrad) outputs and gradients."""
    out = []
    for lib in (torch, minigrad):
        x = lib.tensor(values, dtype=lib.float64, requires_grad=True)
        y = program(build(lib), x)
        y.backward(lib.ones_like(y) if lib is torch else minigrad.ones_like(y))
        out.append((y, x.grad))
    return out


@pytest.mark.parametrize('build', [legendre, exp_fn])
def test_documented_examples_match_torch(build):
    (ty, tg), (my, mg) = run_both(build, lambda F, x: F.apply(x * 1.0) * 3, [0.3, -1.2, 2.0])
    np.testing.assert_allclose(my.detach().numpy(), ty.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(mg.numpy(), tg.numpy(), rtol=1e-12)
    assert type(my.grad_fn.next_functions[0][0]).__name__ == type(ty.grad_fn.next_functions[0][0]).__name__


def test_node_class_name_and_edges_are_torchs():
    for lib in (torch, minigrad):
        x = lib.ones(3, requires_grad=True)
        y = mul_constant(lib).apply(x, 2.0)
        assert type(y.grad_fn).__name__ == 'MulConstantBackward' == y.grad_fn.name()
        assert len(y.grad_fn.next_functions) == 1      # tensor arguments only
        assert y.requires_grad and not y.is_leaf
    (ty, tg), (my, mg) = run_both(mul_constant, lambda F, x: F.apply(x, 3.0), [1.0, 2.0])
    assert mg.tolist() == tg.tolist() == [3.0, 3.0]


def test_no_graph_without_an_input_that_requires_grad():
    for lib in (torch, minigrad):
        y = mul_constant(lib).apply(lib.ones(2), 2.0)
        assert not y.requires_grad and y.grad_fn is None


def test_several_outputs_share_one_node_and_get_zeros_for_an_unused_one():
    for lib in (torch, minigrad):
        x = lib.tensor([1.0, -2.0], requires_grad=True)
        a, b = two_outputs(lib).apply(x)
        assert a.grad_fn is b.grad_fn
        a.sum().backward()
        assert x.grad.tolist() == [2.0, 2.0]
    (ty, tg), (my, mg) = run_both(two_outputs, lambda F, x: sum(o.sum() for o in F.apply(x)), [1.5, -0.5])
    np.testing.assert_allclose(mg.numpy(), tg.numpy())


def test_set_materialize_grads_false_gives_none():
    seen = {}
    for lib in (torch, minigrad):
        class F(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.set_materialize_grads(False)
                return x * 2, x * 3

            @staticmethod
            def backward(ctx, ga, gb):
                seen[lib.__name__] = gb
                return ga * 2
        x = lib.ones(2, requires_grad=True)
        F.apply(x)[0].sum().backward()
    assert seen['torch'] is None and seen['minigrad'] is None


def test_mark_non_differentiable_and_integer_outputs():
    for lib in (torch, minigrad):
        class ArgMax(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                idx = x.argmax()
                ctx.mark_non_differentiable(idx)
                return x * 2, idx

            @staticmethod
            def backward(ctx, g, gi):
                assert gi.shape == () and gi.tolist() == 0
                return g * 2
        x = lib.tensor([1.0, 5.0], requires_grad=True)
        y, i = ArgMax.apply(x)
        assert not i.requires_grad and i.grad_fn is None and y.requires_grad
        y.sum().backward()
        assert x.grad.tolist() == [2.0, 2.0]


def test_mark_dirty_makes_the_input_the_output():
    for lib in (torch, minigrad):
        class Double_(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                x.mul_(2)
                ctx.mark_dirty(x)
                return x

            @staticmethod
            def backward(ctx, g):
                return g * 2
        leaf = lib.ones(2, requires_grad=True)
        z = leaf.clone()
        w = Double_.apply(z)
        assert w is z and type(z.grad_fn).__name__ == 'Double_Backward' and z._version == 2
        (w * w).sum().backward()
        assert leaf.grad.tolist() == [8.0, 8.0]
        with pytest.raises(RuntimeError, match='a leaf Variable that requires grad has been used in an in-place'):
            Double_.apply(lib.ones(2, requires_grad=True))


def test_create_graph_through_a_custom_function_gives_the_second_derivative():
    grads = []
    for lib in (torch, minigrad):
        x = lib.tensor([0.5, -1.5, 2.0], dtype=lib.float64, requires_grad=True)
        y = legendre(lib).apply(x).sum()
        g, = lib.autograd.grad(y, x, create_graph=True)
        g2, = lib.autograd.grad(g.sum(), x)
        grads.append((g.detach().numpy(), g2.numpy()))
    np.testing.assert_allclose(grads[1][0], grads[0][0])
    np.testing.assert_allclose(grads[1][1], grads[0][1])       # 15 x


def test_once_differentiable_refuses_a_second_derivative():
    for lib in (torch, minigrad):
        class Square(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x * x

            @staticmethod
            @lib.autograd.function.once_differentiable
            def backward(ctx, g):
                x, = ctx.saved_tensors
                return 2 * x * g
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = Square.apply(x)
        g, = lib.autograd.grad(y, x, grad_outputs=lib.ones(2, requires_grad=True), create_graph=True)
        assert g.tolist() == [2.0, 4.0]
        with pytest.raises(RuntimeError, match='trying to differentiate twice a function that was marked with '
                                               '@once_differentiable'):
            g.sum().backward()


def bad_backward(lib, returns):
    class Bad(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x, k):
            return x * k

        @staticmethod
        def backward(ctx, g):
            return returns(lib, g)
    return Bad


@pytest.mark.parametrize('returns', [lambda lib, g: g, lambda lib, g: (lib.ones(3), None),
                                     lambda lib, g: (g, g)],
                         ids=['too few', 'wrong shape', 'gradient for a number'])
def test_wrong_gradients_raise_torchs_errors(returns):
    def run(lib):
        y = bad_backward(lib, returns).apply(lib.ones(2, requires_grad=True), 2.0)
        y.sum().backward()
    raises_like_torch(run)


def test_save_for_backward_takes_tensors_only():
    def run(lib):
        class S(lib.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x, 3)
                return x * 1

            @staticmethod
            def backward(ctx, g):
                return g
        S.apply(lib.ones(2, requires_grad=True))
    raises_like_torch(run)
