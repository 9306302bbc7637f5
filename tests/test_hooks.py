"""Hooks against torch: Tensor.register_hook (leaves and non-leaves, replacing the gradient, removal, with
create_graph) and Module's forward pre-hooks, forward hooks and full backward (pre-)hooks: what each hook sees,
what it may replace, the node names, and the gradients that come out."""
import warnings

import numpy as np
import pytest
import torch

import minigrad

LIBS = (torch, minigrad)
TOL = dict(rtol=1e-10, atol=1e-12)


def arrays(*shapes, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s) for s in shapes]


def same(got, want):
    """Nested results of both libraries agree: tensors as numpy, shapes as tuples, everything else equal."""
    if isinstance(want, (list, tuple)):
        assert len(got) == len(want), (got, want)
        for g, w in zip(got, want):
            same(g, w)
    elif isinstance(want, torch.Tensor):
        np.testing.assert_allclose(np.asarray(got.detach().numpy()), want.detach().numpy(), **TOL)
    else:
        assert got == want


def tensor_hook_program(lib, x0, w0):
    x = lib.tensor(x0, requires_grad=True)
    w = lib.tensor(w0, requires_grad=True)
    seen = []
    x.register_hook(lambda g: seen.append(g.clone()))
    h = x.register_hook(lambda g: g * 2)            # replaces x's gradient
    y = (x * w).sin()
    y.register_hook(lambda g: seen.append(g.clone()) or g + 1)
    y.retain_grad()
    z = y.exp().sum()
    z.backward(retain_graph=True)
    first = [x.grad.clone(), w.grad.clone(), y.grad.clone()]
    h.remove()
    x.grad = w.grad = None
    z.backward()
    return first + [x.grad, w.grad] + seen


def test_tensor_hooks_see_and_replace_gradients():
    x0, w0 = arrays(3, 3)
    same(tensor_hook_program(minigrad, x0, w0), tensor_hook_program(torch, x0, w0))


def test_tensor_hooks_in_autograd_grad_and_create_graph():
    x0, = arrays(4)
    results = []
    for lib in LIBS:
        x = lib.tensor(x0, requires_grad=True)
        x.register_hook(lambda g: g * 3)
        y = (x ** 3).sum()
        g, = lib.autograd.grad(y, x, create_graph=True)
        gg, = lib.autograd.grad(g.sum(), x)
        results.append([g, g.requires_grad, gg])
    same(*results[::-1])


def test_tensor_hook_errors():
    for lib in LIBS:
        with pytest.raises(RuntimeError, match="cannot register a hook on a tensor that doesn't require gradient"):
            lib.ones(2).register_hook(lambda g: g)


class Net:
    """A two-layer net built the same way in both libraries, with the same weights."""

    @staticmethod
    def make(lib):
        torch.manual_seed(0)
        ref = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2)).double()
        if lib is torch:
            return ref
        net = minigrad.nn.Sequential(minigrad.nn.Linear(3, 4), minigrad.nn.Tanh(), minigrad.nn.Linear(4, 2)).double()
        net.load_state_dict({k: minigrad.tensor(v.detach().numpy()) for k, v in ref.state_dict().items()})
        return net


def shapes(gs):
    return [None if g is None else tuple(g.shape) for g in gs]


def module_hook_program(lib, x0, input_grad):
    net = Net.make(lib)
    log = []
    first, last = net[0], net[2]
    first.register_forward_pre_hook(lambda m, args: (args[0] * 2,))
    first.register_forward_pre_hook(lambda m, args, kwargs: log.append(('pre-kw', len(args), kwargs)),
                                    with_kwargs=True)
    last.register_forward_hook(lambda m, args, out: out + 1)
    last.register_forward_hook(lambda m, args, out: log.append(('first', tuple(out.shape))), prepend=True)
    last.register_full_backward_pre_hook(lambda m, go: log.append(('bpre', shapes(go))) or (go[0] * 2,))
    first.register_full_backward_hook(lambda m, gi, go: log.append(('bfull', shapes(gi), shapes(go))) or
                                      (None if gi[0] is None else gi[0] * 0.5,))
    x = lib.tensor(x0, requires_grad=input_grad)
    out = net(x)
    log.append(type(out.grad_fn).__name__)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        (out ** 2).sum().backward()
    log.append(len(caught))
    return [out, log] + [p.grad for p in net.parameters()] + ([x.grad] if input_grad else [])


@pytest.mark.parametrize('input_grad', [True, False], ids=['input-requires-grad', 'input-without-grad'])
def test_module_hooks(input_grad):
    x0, = arrays((5, 3))
    same(module_hook_program(minigrad, x0, input_grad), module_hook_program(torch, x0, input_grad))


def test_removing_module_hooks():
    x0, = arrays((2, 3))
    results = []
    for lib in LIBS:
        net = Net.make(lib)
        handles = [net.register_forward_hook(lambda m, a, o: o * 10),
                   net.register_forward_pre_hook(lambda m, a: (a[0] + 1,), with_kwargs=False)]
        before = net(lib.tensor(x0))
        for h in handles:
            h.remove()
        results.append([before, net(lib.tensor(x0)), len(net._forward_hooks), len(net._forward_pre_hooks)])
    same(*results[::-1])


def test_get_submodule_parameter_buffer():
    for lib in LIBS:
        net = lib.nn.Sequential(lib.nn.Linear(2, 2), lib.nn.BatchNorm1d(2))
        assert net.get_submodule('1') is net[1] and net.get_submodule('') is net
        assert net.get_parameter('0.weight') is net[0].weight
        assert net.get_buffer('1.running_mean') is net[1].running_mean
        with pytest.raises(AttributeError, match='Linear has no attribute `x`'):
            net.get_submodule('0.x')
        with pytest.raises(AttributeError, match='`weight` is not a buffer'):
            net.get_buffer('0.weight')
        with pytest.raises(AttributeError, match='`running_mean` is not an nn.Parameter'):
            net.get_parameter('1.running_mean')
