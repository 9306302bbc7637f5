"""Double backward (create_graph=True) through conv2d, the poolings, batch_norm and prod (zeros included), run in
PyTorch and minigrad on the same float64 inputs:
    (a) the gradient of a function of the first gradients (g**2 and g*u summed), every input's gradient compared
    (b) Hessian-vector products (autograd.grad of the first gradients with grad_outputs)
    (c) gradgradcheck: the second derivatives against finite differences
    (d) the third derivative, where the second-order nodes are differentiated in turn (batch_norm in training against
        PyTorch's batch norm written from primitives: its fused one is wrong there, pytorch/pytorch#186256)
and a WGAN-GP step (the norm of d(out)/d(input) in the loss) on a small conv net: every parameter's gradient.
Tolerance: float64 rtol 1e-10 (helpers.TOL) with atol 1e-11: the second-order sums run over a few hundred terms of
size ~10 in another order than PyTorch's (measured differences below 3e-13)."""
import inspect
import math
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import make_inputs

TOL = dict(rtol=1e-10, atol=1e-11)


def conv(**kw):
    return lambda lib, x, w, *b: lib.nn.functional.conv2d(x, w, *b, **kw)


def batch_norm(training, affine):
    """batch_norm with fixed running statistics (fresh ones per call: training changes them in place)."""
    def fn(lib, x, *wb):
        mean = lib.tensor(np.linspace(-0.5, 0.5, x.shape[1]), device=x.device)
        var = lib.tensor(np.linspace(0.5, 2.0, x.shape[1]), device=x.device)
        return lib.nn.functional.batch_norm(x, mean, var, *wb, training=training)
    return fn


ZEROS = {0: [], 1: [(1, 2)], 2: [(1, 2), (1, 4)]}


def with_zeros(n):
    """A (3, 5) input with n zeros in row 1 (and the values of make_inputs' seed elsewhere)."""
    values = np.random.default_rng(3).uniform(0.5, 1.5, (3, 5)) * np.array([1, -1, 1, 1, -1])
    for ij in ZEROS[n]:
        values[ij] = 0
    return [values]


# name: (input shapes, function(lib, *inputs), make_inputs kwargs)
CASES = {
    'conv2d': ([(2, 3, 5, 5), (4, 3, 3, 3), (4,)], conv(), {}),
    'conv2d no bias': ([(2, 3, 5, 5), (4, 3, 3, 3)], conv(), {}),
    'conv2d stride padding': ([(2, 2, 6, 5), (3, 2, 3, 2), (3,)], conv(stride=2, padding=1), {}),
    'conv2d dilation': ([(1, 2, 7, 7), (2, 2, 3, 3)], conv(dilation=2, padding=(2, 1)), {}),
    'conv2d groups': ([(2, 4, 5, 5), (6, 2, 3, 3), (6,)], conv(groups=2, stride=(2, 1)), {}),
    'conv2d depthwise': ([(1, 3, 5, 5), (3, 1, 2, 2)], conv(groups=3), {}),
    'conv2d same': ([(1, 2, 5, 5), (2, 2, 3, 3)], conv(padding='same', dilation=2), {}),
    'max_pool2d tiled': ([(2, 2, 4, 6)], lambda lib, x: lib.nn.functional.max_pool2d(x, 2), {}),
    'max_pool2d stride padding': ([(2, 2, 6, 6)], lambda lib, x: lib.nn.functional.max_pool2d(x, 3, 2, 1), {}),
    'max_pool2d ceil_mode': ([(1, 2, 6, 5)],
                             lambda lib, x: lib.nn.functional.max_pool2d(x, 3, 2, 1, ceil_mode=True), {}),
    'max_pool2d dilation': ([(1, 2, 6, 6)], lambda lib, x: lib.nn.functional.max_pool2d(x, 2, 1, dilation=2), {}),
    'avg_pool2d': ([(2, 2, 4, 6)], lambda lib, x: lib.nn.functional.avg_pool2d(x, 2), {}),
    'avg_pool2d padding ceil_mode': ([(1, 2, 6, 5)], lambda lib, x: lib.nn.functional.avg_pool2d(
        x, 3, 2, 1, ceil_mode=True, count_include_pad=False), {}),
    'avg_pool2d divisor_override': ([(1, 2, 5, 5)],
                                    lambda lib, x: lib.nn.functional.avg_pool2d(x, 3, 2, divisor_override=5), {}),
    'batch_norm training affine': ([(4, 3, 3, 2), (3,), (3,)], batch_norm(True, True), {}),
    'batch_norm training': ([(4, 3, 3, 2)], batch_norm(True, False), {}),
    'batch_norm training 2d': ([(5, 3), (3,), (3,)], batch_norm(True, True), {}),
    'batch_norm eval affine': ([(4, 3, 3, 2), (3,), (3,)], batch_norm(False, True), {}),
    'batch_norm eval': ([(4, 3, 3, 2)], batch_norm(False, False), {}),
    **{f'prod {n} zeros': ([(3, 5)], lambda lib, x: x.prod(), dict(values=with_zeros(n))) for n in ZEROS},
    **{f'prod(dim) {n} zeros': ([(3, 5)], lambda lib, x: x.prod(1), dict(values=with_zeros(n))) for n in ZEROS},
    **{f'prod(0, keepdim) {n} zeros': ([(3, 5)], lambda lib, x: x.prod(0, keepdim=True), dict(values=with_zeros(n)))
       for n in ZEROS},
}


def leaves(name, lib, device=None):
    """The case's float64 inputs (leaves that require grad) in lib (minigrad's on `device`)."""
    shapes, _, kw = CASES[name]
    _, tt, mt = make_inputs(shapes, 'float64', device=device, **kw)
    return tt if lib is torch else mt


def randoms(shapes, seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(tuple(s)) for s in shapes]


def first_gradients(name, lib):
    """The inputs, and the gradients of sum(v y + y^2) (y the case's output) with create_graph: y^2 makes the first
    gradient depend on the inputs through y also where the op is linear (pooling)."""
    xs = leaves(name, lib)
    y = CASES[name][1](lib, *xs)
    v, = randoms([y.shape], 1)
    gs = lib.autograd.grad((lib.tensor(v) * y + y * y).sum(), xs, create_graph=True)
    return xs, gs


def assert_close(what, got, want):
    assert (got is None) == (want is None), f'{what}: {got} where torch gives {want}'
    if want is not None:
        np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), err_msg=what, **TOL)


@pytest.mark.parametrize('name', CASES)
def test_gradient_of_first_gradients_matches_torch(name):
    results = {}
    for lib in (torch, minigrad):
        xs, gs = first_gradients(name, lib)
        us = randoms([x.shape for x in xs], 2)
        sum(((g * g).sum() + (g * lib.tensor(u)).sum() for g, u in zip(gs, us))).backward()
        results[lib] = xs, gs
    (txs, tgs), (mxs, mgs) = results[torch], results[minigrad]
    for i, (tg, mg) in enumerate(zip(tgs, mgs)):
        assert_close(f'first gradient {i}', mg, tg)
        assert mg.grad_fn.name() == tg.grad_fn.name(), f'gradient {i}: {mg.grad_fn.name()}, torch {tg.grad_fn.name()}'
    for i, (tx, mx) in enumerate(zip(txs, mxs)):
        assert_close(f'gradient of input {i}', mx.grad, tx.grad)


@pytest.mark.parametrize('name', CASES)
def test_hessian_vector_products_match_torch(name):
    results = {}
    for lib in (torch, minigrad):
        xs, gs = first_gradients(name, lib)
        vs = [lib.tensor(v) for v in randoms([x.shape for x in xs], 3)]
        results[lib] = lib.autograd.grad(gs, xs, vs, allow_unused=True)
    for i, (t, m) in enumerate(zip(results[torch], results[minigrad])):
        assert_close(f'H v for input {i}', m, t)


@pytest.mark.parametrize('name', CASES)
def test_gradgradcheck(name):
    assert minigrad.autograd.gradgradcheck(lambda *xs: CASES[name][1](minigrad, *xs), leaves(name, minigrad))


def batch_norm_from_primitives(lib, x, w, b):
    """Training-mode batch_norm from mean, mul and sqrt: PyTorch's fused batch_norm gives wrong third derivatives in
    training (pytorch/pytorch#186256: its double backward treats the batch statistics as constants); this is the
    reference the issue compares with."""
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    centred = x - x.mean(axes, keepdim=True)
    return centred / ((centred * centred).mean(axes, keepdim=True) + 1e-5).sqrt() * w.reshape(shape) + b.reshape(shape)


THIRD_ORDER = {'batch_norm training affine': batch_norm_from_primitives}


@pytest.mark.parametrize('name', ['conv2d', 'conv2d groups', 'max_pool2d stride padding', 'avg_pool2d',
                                  'batch_norm training affine', 'batch_norm eval affine', 'prod(dim) 2 zeros'])
def test_third_derivative_matches_torch(name):
    """The second-order nodes' own backward is made of recorded ops: differentiate once more."""
    results = {}
    for lib in (torch, minigrad):
        xs = leaves(name, lib)
        fn = THIRD_ORDER.get(name, CASES[name][1]) if lib is torch else CASES[name][1]
        y = fn(lib, *xs)
        v, = randoms([y.shape], 1)
        gs = lib.autograd.grad((lib.tensor(v) * y + y * y).sum(), xs, create_graph=True)
        second = lib.autograd.grad(sum((g * g).sum() for g in gs), xs, create_graph=True, allow_unused=True)
        sum((s * s).sum() for s in second if s is not None).backward()
        results[lib] = [x.grad for x in xs]
    for i, (t, m) in enumerate(zip(results[torch], results[minigrad])):
        assert_close(f'third-order gradient of input {i}', m, t)


def test_torchs_fused_batch_norm_is_what_differs_at_third_order():
    """The reference above is needed: PyTorch's own fused batch_norm and its primitives disagree at third order
    (if a PyTorch release fixes or refuses it, this test says so and the reference can go)."""
    grads = []
    for fn in (CASES['batch_norm training affine'][1], batch_norm_from_primitives):
        x, w, b = leaves('batch_norm training affine', torch)
        g, = torch.autograd.grad(fn(torch, x, w, b).pow(3).sum(), x, create_graph=True)
        s, = torch.autograd.grad(g.pow(2).sum(), x, create_graph=True)
        s.pow(2).sum().backward()
        grads.append(x.grad)
    assert not torch.allclose(grads[0], grads[1], rtol=1e-3)


def test_double_backward_through_a_conv_net_is_no_longer_refused_and_matches_torch():
    """create_graph through conv2d, batch norm and pooling used to raise 'double backward ... is not supported'."""
    results = {}
    for lib in (torch, minigrad):
        x, w = leaves('conv2d no bias', lib)
        y = lib.nn.functional.max_pool2d(lib.nn.functional.batch_norm(
            lib.nn.functional.conv2d(x, w), None, None, training=True).relu(), 2)
        g, = lib.autograd.grad(lib.nn.functional.avg_pool2d(y, 1).pow(2).sum(), x, create_graph=True)
        g.pow(2).sum().backward()
        results[lib] = g, x.grad, w.grad
    for what, t, m in zip(('g', 'x.grad', 'w.grad'), results[torch], results[minigrad]):
        assert_close(what, m, t)


def make_critic(lib):
    """A small conv critic with every op of this file: conv, batch norm (training), max and average pooling."""
    nn = lib.nn
    return nn.Sequential(nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(4, 3, 3, stride=1, padding=1, bias=False), nn.AvgPool2d(2), nn.Flatten(),
                         nn.Linear(12, 1))


def test_gradient_penalty_training_step_matches_torch():
    """WGAN-GP: loss = D(fake) - D(real) + 10 (|dD(mix)/d(mix)| - 1)^2, averaged; one SGD step."""
    torch.manual_seed(0)
    t_net = make_critic(torch).double()
    m_net = make_critic(minigrad).double()
    m_net.load_state_dict(t_net.state_dict())
    real, fake, alpha = randoms([(3, 2, 8, 8), (3, 2, 8, 8), (3, 1, 1, 1)], 4)
    alpha = np.abs(alpha) / (1 + np.abs(alpha))
    nets = {torch: t_net, minigrad: m_net}
    for lib, net in nets.items():
        opt = lib.optim.SGD(net.parameters(), lr=0.1)
        mix = lib.tensor(alpha * real + (1 - alpha) * fake, requires_grad=True)
        g, = lib.autograd.grad(net(mix).sum(), mix, create_graph=True)
        penalty = ((g.reshape(3, -1).norm(2, dim=1) - 1) ** 2).mean()
        loss = net(lib.tensor(fake)).mean() - net(lib.tensor(real)).mean() + 10 * penalty
        opt.zero_grad()
        loss.backward()
        nets[lib] = (loss, {k: p.grad for k, p in net.named_parameters()}, net)
        opt.step()
    (t_loss, t_grads, t_net), (m_loss, m_grads, m_net) = nets[torch], nets[minigrad]
    assert_close('loss', m_loss, t_loss)
    assert list(m_grads) == list(t_grads)
    for k in t_grads:
        assert_close(f'gradient of {k}', m_grads[k], t_grads[k])
    for (k, tp), mp in zip(t_net.state_dict().items(), m_net.state_dict().values()):
        assert_close(f'{k} after the step', mp, tp)


def test_gradgradcheck_catches_a_wrong_second_derivative():
    class Square(minigrad.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a * a

        @staticmethod
        def backward(ctx, g):
            a, = ctx.saved_tensors
            return g * 2 * a.detach()       # right first derivative; its own derivative in a is lost
    x = minigrad.tensor([0.5, 1.5], dtype=minigrad.float64, requires_grad=True)
    assert minigrad.autograd.gradcheck(Square.apply, [x])
    with pytest.raises(minigrad.autograd.GradcheckError, match='Jacobian mismatch'):
        minigrad.autograd.gradgradcheck(Square.apply, [x])
    assert minigrad.autograd.gradgradcheck(Square.apply, [x], raise_exception=False) is False


def test_gradgradcheck_takes_torchs_arguments():
    ours = inspect.signature(minigrad.autograd.gradgradcheck).parameters
    theirs = inspect.signature(torch.autograd.gradgradcheck).parameters
    for name, p in ours.items():
        assert name in theirs and theirs[name].kind == p.kind and theirs[name].default == p.default, name
    x = minigrad.tensor(np.linspace(0.5, 1.5, 6).reshape(2, 3), requires_grad=True)
    g = minigrad.tensor(np.linspace(-1, 1, 2), requires_grad=True)
    assert minigrad.autograd.gradgradcheck(lambda t: (t * t * t).sum(1), [x], [g])
    assert minigrad.autograd.gradgradcheck(lambda t: t.exp() * t, (x,), gen_non_contig_grad_outputs=True)


def test_create_graph_gradients_are_tensors_as_in_torch():
    """An implicit gradient of 1 under create_graph used to stay a numpy array through ops whose backward multiplies
    by a constant (abs: g * sign): x.grad and autograd.grad's result came back as ndarrays."""
    grads = {}
    for lib in (torch, minigrad):
        x = lib.tensor([1.5, -2.0, 3.0], dtype=lib.float64, requires_grad=True)
        g, = lib.autograd.grad(x.abs().sum(), x, create_graph=True)
        with warnings.catch_warnings():     # PyTorch's note on the cycle x -> x.grad -> graph -> x
            warnings.simplefilter('ignore', UserWarning)
            x.abs().sum().backward(create_graph=True)
        assert isinstance(g, lib.Tensor) and isinstance(x.grad, lib.Tensor)
        grads[lib] = g, x.grad
    for what, t, m in zip(('autograd.grad', 'x.grad'), grads[torch], grads[minigrad]):
        assert_close(what, m, t)


# An in-place op through a view whose formula reads its own output (exp_, sigmoid_, tanh_, ...) or its input, under
# create_graph: the base's node (CopySlices) runs the op's node inside itself, and the output the op saved is the
# view's part of the base in the graph; the second derivative goes through both, as in PyTorch.
INPLACE_ON_VIEW = ['y[0].exp_()', 'y[:, 1].sigmoid_()', 'y[1:].tanh_()', 'y[0].mul_(x[1])', 'y[0].div_(x[1] + 1)', 'y.t()[0].pow_(3)', 'L.nn.functional.elu(y[1], inplace=True)',
                   'y[0].copy_(y[1] * 2)', 'y[0, 0].fill_(2.)', 'y[:, 0].sqrt_()', 'y.view(-1)[1:3].reciprocal_()']


@pytest.mark.parametrize('code', INPLACE_ON_VIEW)
def test_second_derivative_through_an_inplace_op_on_a_view_matches_torch(code):
    def run(L):
        x = L.tensor([[0.5, 1.5, 0.7], [1.2, 0.3, 2.0]], dtype=L.float64, requires_grad=True)
        y = x * 1
        eval(code, {'L': L, 'x': x, 'y': y})
        g, = L.autograd.grad((y * y).sum(), x, create_graph=True)
        h, = L.autograd.grad((g * g).sum(), x)
        return type(g.grad_fn).__name__, g, h
    (t_name, t_g, t_h), (m_name, m_g, m_h) = run(torch), run(minigrad)
    assert m_name == t_name
    assert_close('first', m_g, t_g)
    assert_close('second', m_h, t_h)


# A view taken before its base changed in place (in no_grad mode) gets a node remade from the base's
# (AsStridedBackward0); under create_graph its gradient is PyTorch's as_strided_backward, which ends in
# AsStridedBackward0 again, and differentiates once more.
REMADE_VIEWS = [((), 'x.expand(2)'), ((3,), 'x[1:]'), ((3,), 'x.expand(2, 3)'), ((2, 3), 'x.t()'), ((2, 3), 'x[0]'),
                ((), 'x[None]')]


@pytest.mark.parametrize('shape, code', REMADE_VIEWS)
def test_the_gradient_through_a_remade_view_matches_torch(shape, code):
    def run(L):
        x = L.tensor(np.linspace(0.5, 1.5, math.prod(shape)).reshape(shape), requires_grad=True)
        v = eval(code, {'x': x})
        with L.no_grad():
            x.mul_(2)
        g, = L.autograd.grad((v.exp() * 1.5).sum(), x, create_graph=True)
        h, = L.autograd.grad(g.sum(), x)
        return type(g.grad_fn).__name__, g, h
    (t_name, t_g, t_h), (m_name, m_g, m_h) = run(torch), run(minigrad)
    assert m_name == t_name
    assert_close('first', m_g, t_g)
    assert_close('second', m_h, t_h)
