"""nn.LSTM's fused layer node, MkldnnRnnLayerBackward0 (minigrad/functions/lstm_layer.py), against PyTorch: where
PyTorch records it (a float32 LSTM without projections on the CPU, padded input with elements) minigrad records it
too, with the same graph around it (Stack, Cat, Transpose, Squeeze, Select, dropout's Mul); elsewhere neither does.
Outputs, h_n, c_n and every gradient against PyTorch's, in float32 (the fused node) and float64 (the cells' ops);
the node's own formulas by gradcheck and gradgradcheck in float64; double backward through the module.

Tolerances: float64 rtol 1e-10 (the same arithmetic, sums in another order); float32 rtol 1e-5, atol 1e-6 (a few
ulps per step, carried through up to 32 steps of the recurrence; PyTorch's oneDNN kernel sums in its own order).
"""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from minigrad.functions.lstm_layer import MkldnnRnnLayerBackward0
from test_nn_rnn import cuda  # noqa: F401 (the fixture: strict_backend.py's stand-in for cupy, or a GPU)

TOL = {'float64': dict(rtol=1e-10, atol=1e-12), 'float32': dict(rtol=1e-5, atol=1e-6)}
pytestmark = pytest.mark.filterwarnings('ignore:LSTM with projections is not supported with oneDNN')

# (name, LSTM keyword arguments, input shape, whether the initial state is given)
CASES = [
    ('plain', {}, (5, 3, 4), False),
    ('hx given', {}, (5, 3, 4), True),
    ('batch_first', dict(batch_first=True), (3, 5, 4), True),
    ('two layers', dict(num_layers=2), (5, 3, 4), True),
    ('bidirectional', dict(bidirectional=True), (5, 3, 4), True),
    ('two layers, both directions', dict(num_layers=2, bidirectional=True), (4, 2, 4), True),
    ('no bias', dict(bias=False), (5, 3, 4), True),
    ('unbatched', {}, (5, 4), True),
    ('char lstm size', dict(num_layers=2, batch_first=True), (16, 32, 4), False),
]


def lstm_pair(dtype, hidden=6, **kwargs):
    """nn.LSTM(4, hidden, **kwargs) in both libraries, minigrad's with torch's weights: (torch's, minigrad's)."""
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        tm = torch.nn.LSTM(4, hidden, dtype=getattr(torch, dtype), **kwargs)
        mm = minigrad.nn.LSTM(4, hidden, dtype=getattr(minigrad, dtype), **kwargs)
    mm.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in tm.state_dict().items()})
    return tm, mm


def inputs(lib, module, shape, dtype, with_state, seed=0):
    """The input (and (h0, c0) if with_state) from a seeded generator, requiring grad: (args, leaves)."""
    rng = np.random.default_rng(seed)

    def tensor(*size):
        return lib.tensor(rng.uniform(-1, 1, size).astype(dtype), requires_grad=True)
    x = tensor(*shape)
    if not with_state:
        return (x,), [x]
    batch = () if len(shape) == 2 else (shape[0 if module.batch_first else 1],)
    states = [tensor(module.num_layers * (1 + module.bidirectional), *batch, module.hidden_size) for _ in range(2)]
    return (x, tuple(states)), [x, *states]


def forward_backward(lib, module, shape, dtype, with_state):
    """(output, h_n, c_n), the leaves' gradients and the parameters' gradients (numpy), from a seeded upstream."""
    args, leaves = inputs(lib, module, shape, dtype, with_state)
    output, (h, c) = module(*args)
    outs = [output, h, c]
    rng = np.random.default_rng(1)
    lib.autograd.backward(outs, [lib.tensor(rng.standard_normal(tuple(o.shape)).astype(dtype)) for o in outs])
    return ([o.detach().numpy() for o in outs], [t.grad.numpy() for t in leaves],
            {k: p.grad.numpy() for k, p in module.named_parameters()})


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
@pytest.mark.parametrize('name, kwargs, shape, with_state', CASES, ids=[c[0] for c in CASES])
def test_outputs_and_gradients_match_torch(name, kwargs, shape, with_state, dtype):
    tm, mm = lstm_pair(dtype, **kwargs)
    (t_outs, t_grads, t_params), (m_outs, m_grads, m_params) = (
        forward_backward(lib, m, shape, dtype, with_state) for lib, m in ((torch, tm), (minigrad, mm)))
    for what, m, t in zip(('output', 'h_n', 'c_n'), m_outs, t_outs):
        assert m.shape == t.shape and m.dtype == t.dtype, what
        np.testing.assert_allclose(m, t, err_msg=what, **TOL[dtype])
    for what, m, t in zip(('input', 'h0', 'c0'), m_grads, t_grads):
        np.testing.assert_allclose(m, t, err_msg=f'gradient of {what}', **TOL[dtype])
    assert list(m_params) == list(t_params)
    for k, t in t_params.items():
        np.testing.assert_allclose(m_params[k], t, err_msg=f'gradient of {k}', **TOL[dtype])


def graph_names(lib, tensor):
    """The node names of tensor's grad_fn graph, breadth first (None for an input without a node), the leaves'
    AccumulateGrad as one name in both libraries."""
    names, queue, seen = [], [tensor.grad_fn], set()
    while queue:
        fn = queue.pop(0)
        if fn is None:
            names.append(None)
            continue
        names.append(fn.name().replace('torch::autograd::', ''))
        if id(fn) not in seen:
            seen.add(id(fn))
            queue.extend(f for f, _ in fn.next_functions)
    return names


GRAPH_CASES = CASES + [('dropout between layers', dict(num_layers=2, dropout=0.5), (5, 3, 4), True)]


@pytest.mark.parametrize('train', [True, False])
@pytest.mark.parametrize('name, kwargs, shape, with_state', GRAPH_CASES, ids=[c[0] for c in GRAPH_CASES])
def test_float32_graph_is_torchs(name, kwargs, shape, with_state, train):
    """The graphs of output, h_n and c_n: MkldnnRnnLayerBackward0 per layer and direction, and around them the
    same nodes as PyTorch's, with the same inputs (None for those that need no gradient)."""
    tm, mm = lstm_pair('float32', **kwargs)
    tm.train(train), mm.train(train)
    (t_out, (t_h, t_c)), (m_out, (m_h, m_c)) = (m(*inputs(lib, m, shape, 'float32', with_state)[0])
                                                for lib, m in ((torch, tm), (minigrad, mm)))
    for what, m, t in (('output', m_out, t_out), ('h_n', m_h, t_h), ('c_n', m_c, t_c)):
        assert graph_names(minigrad, m) == graph_names(torch, t), what
        assert 'MkldnnRnnLayerBackward0' in graph_names(torch, t)


def fused(lib, module, *args):
    """Whether module(*args) records MkldnnRnnLayerBackward0 (in output, h_n or c_n), or None without a graph."""
    output, states = module(*args)
    output = output.data if hasattr(output, 'batch_sizes') else output
    tensors = [output, *(states if isinstance(states, tuple) else (states,))]
    if all(t.grad_fn is None for t in tensors):
        return None
    return any('MkldnnRnnLayerBackward0' in graph_names(lib, t) for t in tensors if t.grad_fn is not None)


def packed(lib, x):
    return lib.nn.utils.rnn.pack_padded_sequence(x, [5, 3, 2])


# (what, module kind, dtype, LSTM keyword arguments, input(lib, x) from x (5, 3, 4), parameters require grad)
WHERE = [
    ('float32', 'LSTM', 'float32', {}, None, True),
    ('float64', 'LSTM', 'float64', {}, None, True),
    ('float16', 'LSTM', 'float16', {}, None, True),
    ('GRU', 'GRU', 'float32', {}, None, True),
    ('RNN', 'RNN', 'float32', {}, None, True),
    ('proj_size', 'LSTM', 'float32', dict(proj_size=2), None, True),
    ('packed', 'LSTM', 'float32', {}, packed, True),
    ('empty batch', 'LSTM', 'float32', {}, lambda lib, x: x[:, :0], True),
    ('weights frozen', 'LSTM', 'float32', {}, None, False),
]


@pytest.mark.parametrize('what, kind, dtype, kwargs, make, params_grad', WHERE, ids=[w[0] for w in WHERE])
def test_fused_exactly_where_torch_is(what, kind, dtype, kwargs, make, params_grad):
    results = []
    for lib in (torch, minigrad):
        torch.manual_seed(0)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', UserWarning)
            module = getattr(lib.nn, kind)(4, 6, dtype=getattr(lib, dtype), **kwargs)
        module.requires_grad_(params_grad)
        x = lib.tensor(np.random.default_rng(0).uniform(-1, 1, (5, 3, 4)).astype(dtype), requires_grad=True)
        results.append(fused(lib, module, make(lib, x) if make else x))
    assert results[1] == results[0]


def test_no_graph_under_no_grad_values_still_torchs():
    tm, mm = lstm_pair('float32', num_layers=2)
    x = np.random.default_rng(0).uniform(-1, 1, (5, 3, 4)).astype('float32')
    with torch.no_grad(), minigrad.no_grad():
        t_out, (t_h, t_c) = tm(torch.tensor(x))
        m_out, (m_h, m_c) = mm(minigrad.tensor(x))
    for m, t in ((m_out, t_out), (m_h, t_h), (m_c, t_c)):
        assert m.grad_fn is None and not m.requires_grad
        np.testing.assert_allclose(m.numpy(), t.numpy(), **TOL['float32'])


def test_missing_gradients_are_zeros_and_only_needed_inputs_get_one():
    """Backward from h_n alone (output and c_n get no gradient), with the weights frozen: as PyTorch's."""
    results = []
    for lib, module in zip((torch, minigrad), lstm_pair('float32', num_layers=2)):
        module.requires_grad_(False)
        (x, states), (leaf, h0, c0) = inputs(lib, module, (5, 3, 4), 'float32', True)
        h0.requires_grad_(False)
        _, (h, _) = module(x, states)
        h.sum().backward()
        assert h0.grad is None
        results.append((leaf.grad.numpy(), c0.grad.numpy()))
    for m, t in zip(*results[::-1]):
        np.testing.assert_allclose(m, t, **TOL['float32'])


def node_inputs(dtype, seed=0, steps=3, batch=2, size=3, hidden=2):
    """Random inputs of MkldnnRnnLayerBackward0: x, w_ih, w_hh, b_ih, b_hh, h0, c0 (all requiring grad)."""
    gen = minigrad.Generator().manual_seed(seed)
    shapes = [(steps, batch, size), (4 * hidden, size), (4 * hidden, hidden), (4 * hidden,), (4 * hidden,),
              (batch, hidden), (batch, hidden)]
    return [minigrad.randn(*s, dtype=getattr(minigrad, dtype), generator=gen, requires_grad=True) for s in shapes]


@pytest.mark.parametrize('reverse', [False, True])
def test_node_gradcheck_and_gradgradcheck(reverse):
    """The node's own formulas, in float64 (the module uses it in float32 only)."""
    def layer(*args):
        return MkldnnRnnLayerBackward0.apply(*args, reverse=reverse)
    args = node_inputs('float64')
    assert minigrad.autograd.gradcheck(layer, args)
    assert minigrad.autograd.gradgradcheck(layer, args)


def test_node_gradcheck_some_inputs_without_gradient():
    args = node_inputs('float64', seed=1)
    for k in (0, 3, 5):
        args[k].requires_grad_(False)
    assert minigrad.autograd.gradcheck(lambda *a: MkldnnRnnLayerBackward0.apply(*a), args)


def test_node_matches_torch_mkldnn_rnn_layer():
    """The node against PyTorch's own op, torch.mkldnn_rnn_layer, in float32, both directions."""
    args = node_inputs('float32', steps=7, batch=3, size=4, hidden=5)
    t_args = [torch.tensor(a.detach().numpy(), requires_grad=True) for a in args]
    for reverse in (False, True):
        outs = MkldnnRnnLayerBackward0.apply(*args, reverse=reverse)
        t_outs = torch.mkldnn_rnn_layer(*t_args, reverse, [], 2, 5, 1, True, False, False, True)[:3]
        ups = [np.random.default_rng(2).standard_normal(tuple(o.shape)).astype('float32') for o in outs]
        grads = minigrad.autograd.grad(outs, args, [minigrad.tensor(u) for u in ups])
        t_grads = torch.autograd.grad(t_outs, t_args, [torch.tensor(u) for u in ups])
        for m, t in zip(list(outs) + list(grads), list(t_outs) + list(t_grads)):
            np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), **TOL['float32'])


def test_double_backward_through_the_module_matches_torch():
    """grad of x with create_graph, then the gradient of its sum of squares for the weights and x, as PyTorch's
    (its backward recomputes the layer with differentiable ops there, minigrad's through the cells' ops)."""
    results = []
    for lib, module in zip((torch, minigrad), lstm_pair('float32', num_layers=2, bidirectional=True)):
        (x, states), leaves = inputs(lib, module, (4, 2, 4), 'float32', True)
        output, (h, c) = module(x, states)
        gx, = lib.autograd.grad((output * output).sum() + h.sum() + c.sum(), x, create_graph=True)
        assert gx.requires_grad
        wanted = [x, *states, module.weight_hh_l0, module.weight_ih_l1_reverse, module.bias_hh_l1]
        results.append([gx.detach().numpy()] + [g.numpy() for g in lib.autograd.grad((gx * gx).sum(), wanted)])
    for m, t in zip(*results[::-1]):
        np.testing.assert_allclose(m, t, rtol=1e-4, atol=1e-6)


def test_input_changed_in_place_before_backward_is_torchs_error():
    errors = []
    for lib, module in zip((torch, minigrad), lstm_pair('float32')):
        w = lib.ones(5, 3, 4, requires_grad=True)
        x = w * 1
        output, _ = module(x)
        x.add_(1)
        with pytest.raises(RuntimeError) as info:
            output.sum().backward()
        errors.append(str(info.value).split('[')[0])
    assert errors[1] == errors[0]


@pytest.mark.filterwarnings('error:LSTM with projections')
def test_projections_warn_where_torch_runs_its_cells_instead():
    """A float32 LSTM with proj_size on the CPU: PyTorch warns (once per process) and runs its cells; minigrad warns
    (Python's filters: once per place by default) and runs its cells too. Not in float64, not for packed input."""
    module = minigrad.nn.LSTM(4, 6, proj_size=2)
    x = minigrad.randn(5, 3, 4)
    with pytest.warns(UserWarning, match=r'^LSTM with projections is not supported with oneDNN\. Using default '
                                         r'implementation\.$'):
        module(x)
    module.double()(x.double())
    module(minigrad.nn.utils.rnn.pack_padded_sequence(x.double(), [5, 3, 2]))


def test_node_runs_on_the_device(cuda):
    """The node on device arrays (tests/strict_backend.py's stand-in for cupy, or a GPU): the same outputs, gradients
    and second derivatives as on the CPU, every one on the device."""
    results = {}
    for device in ('cpu', cuda):
        args = [a.detach().to(device).requires_grad_() for a in node_inputs('float64', seed=3)]
        for reverse in (False, True):
            output, h, c = MkldnnRnnLayerBackward0.apply(*args, reverse=reverse)
            loss = (output * output).sum() + (h * c).sum()
            plain = minigrad.autograd.grad(loss, args, retain_graph=True)        # the node's own backward
            grads = minigrad.autograd.grad(loss, args, create_graph=True)        # through the cells' ops
            second = minigrad.autograd.grad(sum((g * g).sum() for g in grads), args[1:3])
            tensors = [output, h, c, *plain, *grads, *second]
            assert all(t.device.type == device for t in tensors)
            results.setdefault(device, []).extend(t.detach().cpu().numpy() for t in tensors)
    for a, b in zip(results['cpu'], results[cuda]):
        np.testing.assert_allclose(b, a, **TOL['float64'])
