"""nn.RNNCell, LSTMCell, GRUCell, RNN, LSTM, GRU and nn.utils.rnn (padded and packed sequences) against PyTorch:
the same weights (torch's state_dict loaded into minigrad's module) and inputs in both libraries, then every output,
every input and parameter gradient, reprs, parameter names and shapes, state_dict keys, errors (type and message),
train/eval behaviour.

The cells' outputs carry PyTorch's node names (ATen's cells are composite; test_opdb.py checks them). The layers'
do where PyTorch runs its oneDNN LSTM layer node (float32 nn.LSTM: test_lstm_fused.py checks them); elsewhere
minigrad runs its cells' ops step after step and PyTorch its native loop (StackBackward0, CatBackward0,
PackPaddedSequenceBackward0, ...), so grad_fn names of those layers and of packing are not compared.

Tolerances: float64 rtol 1e-10 (the same arithmetic, sums in another order); float32 rtol/atol 1e-5 (a few ulps,
compounded over the time steps; PyTorch may run oneDNN's LSTM kernel).
"""
import warnings

import numpy as np
import pytest
import torch

import minigrad
import strict_backend

TOL = {'float64': dict(rtol=1e-10, atol=1e-12), 'float32': dict(rtol=1e-5, atol=1e-5)}
LIBS = (torch, minigrad)
pytestmark = pytest.mark.filterwarnings('ignore:LSTM with projections is not supported with oneDNN')


def flat(out):
    """The tensors of a (nested) tuple of outputs, a PackedSequence's data for a PackedSequence."""
    if isinstance(out, (torch.nn.utils.rnn.PackedSequence, minigrad.nn.utils.rnn.PackedSequence)):
        return [out.data]
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in flat(o)]
    return [out]


def pair(name, *args, dtype='float64', **kwargs):
    """The same module in both libraries (torch's weights loaded into minigrad's); returns (torch's, minigrad's)."""
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UserWarning)
        tm = getattr(torch.nn, name)(*args, dtype=getattr(torch, dtype), **kwargs)
        mm = getattr(minigrad.nn, name)(*args, dtype=getattr(minigrad, dtype), **kwargs)
    mm.load_state_dict({k: minigrad.tensor(v.numpy()) for k, v in tm.state_dict().items()})
    return tm, mm


def run(lib, module, make_args, dtype, seed=0):
    """module(*args) on inputs made by make_args(lib, tensor), then backward from a random upstream gradient; returns
    the output tensors, the inputs' and the parameters' gradients, as numpy arrays."""
    rng = np.random.default_rng(seed)

    def tensor(*shape):
        return lib.tensor(rng.uniform(-1, 1, shape).astype(dtype), requires_grad=True)
    args, leaves = make_args(lib, tensor)
    outs = flat(module(*args))
    ups = [lib.tensor(np.random.default_rng(seed + 1).standard_normal(tuple(o.shape)).astype(dtype)) for o in outs]
    lib.autograd.backward(outs, ups)
    grads = [None if t.grad is None else t.grad.numpy() for t in leaves]
    params = {k: None if p.grad is None else p.grad.numpy() for k, p in module.named_parameters()}
    return [o.detach().numpy() for o in outs], grads, params


def check(name, args, make_args, dtypes=('float64', 'float32'), train=None, **kwargs):
    for dtype in dtypes:
        tm, mm = pair(name, *args, dtype=dtype, **kwargs)
        if train is not None:
            tm.train(train), mm.train(train)
        (t_outs, t_grads, t_params), (m_outs, m_grads, m_params) = (run(lib, m, make_args, dtype) for lib, m in
                                                                    ((torch, tm), (minigrad, mm)))
        assert len(m_outs) == len(t_outs)
        for i, (m, t) in enumerate(zip(m_outs, t_outs)):
            assert m.shape == t.shape and m.dtype == t.dtype, f'output {i}: {m.shape} {m.dtype} != {t.shape} {t.dtype}'
            np.testing.assert_allclose(m, t, err_msg=f'output {i} ({dtype})', **TOL[dtype])
        for i, (m, t) in enumerate(zip(m_grads, t_grads)):
            assert (m is None) == (t is None), f'input {i}: gradient {m is not None}, torch {t is not None}'
            if t is not None:
                np.testing.assert_allclose(m, t, err_msg=f'gradient of input {i} ({dtype})', **TOL[dtype])
        assert list(m_params) == list(t_params)
        for k, t in t_params.items():
            np.testing.assert_allclose(m_params[k], t, err_msg=f'gradient of {k} ({dtype})', **TOL[dtype])


# -- cells ----------------------------------------------------------------------------------------------

CELLS = [('RNNCell', {}), ('RNNCell', dict(nonlinearity='relu')), ('RNNCell', dict(bias=False)),
         ('LSTMCell', {}), ('LSTMCell', dict(bias=False)), ('GRUCell', {}), ('GRUCell', dict(bias=False))]


def cell_state(name, tensor, *shape):
    return (tensor(*shape), tensor(*shape)) if name == 'LSTMCell' else tensor(*shape)


@pytest.mark.parametrize('name, kw', CELLS, ids=[f'{n}-{k}' for n, k in CELLS])
@pytest.mark.parametrize('batched', [True, False])
@pytest.mark.parametrize('with_hx', [True, False])
def test_cell(name, kw, batched, with_hx):
    batch = (2,) if batched else ()

    def make(lib, tensor):
        x = tensor(*batch, 3)
        if not with_hx:
            return (x,), [x]
        hx = cell_state(name, tensor, *batch, 4)
        return (x, hx), [x, *flat(hx)]
    check(name, (3, 4), make, **kw)


def test_cell_steps_double_backward():
    """Three LSTMCell steps, then second derivatives (grad of grad) of the input: the cell is recorded ops."""
    results = []
    for lib in LIBS:
        _, m = pair('LSTMCell', 3, 4)
        if lib is torch:
            m = pair('LSTMCell', 3, 4)[0]
        x = lib.tensor(np.linspace(-1, 1, 18).reshape(3, 2, 3), requires_grad=True)
        state = None
        for t in range(3):
            state = m(x[t], state)
        g, = lib.autograd.grad(state[0].sum() + (state[1] ** 2).sum(), x, create_graph=True)
        gg = lib.autograd.grad((g ** 2).sum(), [x, m.weight_hh])
        results.append([g.detach().numpy()] + [t.numpy() for t in gg])
    for a, b in zip(*results):
        np.testing.assert_allclose(b, a, **TOL['float64'])


def test_cell_gradcheck():
    for name in ('RNNCell', 'LSTMCell', 'GRUCell'):
        m = pair(name, 3, 2)[1]
        x = minigrad.tensor(np.random.default_rng(0).uniform(-1, 1, (2, 3)), requires_grad=True)
        h = minigrad.tensor(np.random.default_rng(1).uniform(-1, 1, (2, 2)), requires_grad=True)
        fn = (lambda x, h: m(x, (h, h * 2))) if name == 'LSTMCell' else (lambda x, h: m(x, h))
        assert minigrad.autograd.gradcheck(fn, (x, h))
        assert minigrad.autograd.gradgradcheck(fn, (x, h))


# -- layers ---------------------------------------------------------------------------------------------

LAYERS = [('RNN', {}), ('RNN', dict(nonlinearity='relu', num_layers=2)), ('RNN', dict(bidirectional=True)),
          ('LSTM', {}), ('LSTM', dict(num_layers=2, bidirectional=True)), ('LSTM', dict(proj_size=2)),
          ('LSTM', dict(proj_size=3, num_layers=2, bidirectional=True, batch_first=True)),
          ('LSTM', dict(bias=False, batch_first=True)),
          ('GRU', {}), ('GRU', dict(num_layers=3, batch_first=True)), ('GRU', dict(bidirectional=True, bias=False))]


def layer_state(name, kw, tensor, batch):
    layers = kw.get('num_layers', 1) * (2 if kw.get('bidirectional') else 1)
    h = tensor(layers, *batch, kw.get('proj_size') or 5)
    return (h, tensor(layers, *batch, 5)) if name == 'LSTM' else h


@pytest.mark.parametrize('name, kw', LAYERS, ids=[f'{n}-{k}' for n, k in LAYERS])
@pytest.mark.parametrize('batched', [True, False])
@pytest.mark.parametrize('with_hx', [True, False])
def test_layer(name, kw, batched, with_hx):
    shape = ((2, 4) if kw.get('batch_first') else (4, 2)) if batched else (4,)

    def make(lib, tensor):
        x = tensor(*shape, 3)
        if not with_hx:
            return (x,), [x]
        hx = layer_state(name, kw, tensor, (2,) if batched else ())
        return (x, hx), [x, *flat(hx)]
    check(name, (3, 5), make, **kw)


@pytest.mark.parametrize('name', ['RNN', 'LSTM', 'GRU'])
def test_layer_double_backward(name):
    """Second derivatives through a two-layer bidirectional layer, as PyTorch's (its CPU kernel is differentiable
    twice too)."""
    results = []
    for lib, m in zip(LIBS, pair(name, 2, 3, num_layers=2, bidirectional=True)):
        x = lib.tensor(np.linspace(-1, 1, 12).reshape(3, 2, 2), requires_grad=True)
        out, _ = m(x)
        g, = lib.autograd.grad((out ** 2).sum(), x, create_graph=True)
        gg = lib.autograd.grad((g ** 2).sum(), [x, m.weight_ih_l0, m.weight_hh_l1_reverse])
        results.append([g.detach().numpy()] + [t.numpy() for t in gg])
    for a, b in zip(*results):
        np.testing.assert_allclose(b, a, **TOL['float64'])


def test_dropout_between_layers():
    """Dropout acts between layers while training only: in eval the output is PyTorch's; in training it differs
    from eval, and with the same seed it is the same twice."""
    def make(lib, tensor):
        x = tensor(4, 2, 3)
        return (x,), [x]
    check('LSTM', (3, 5), make, dtypes=('float64',), num_layers=2, dropout=0.5, train=False)
    m = pair('GRU', 3, 5, num_layers=2, dropout=0.5)[1]
    x = minigrad.tensor(np.ones((4, 2, 3)))
    outs = []
    for _ in range(2):
        minigrad.manual_seed(1)
        outs.append(m(x)[0].detach().numpy())
    np.testing.assert_array_equal(outs[0], outs[1])
    assert not np.allclose(outs[0], m.eval()(x)[0].detach().numpy())
    assert np.array_equal(m.eval()(x)[0].detach().numpy(), m(x)[0].detach().numpy())


# -- parameters, reprs, state_dict ----------------------------------------------------------------------

MODULES = [('RNNCell', (3, 4), {}), ('RNNCell', (3, 4), dict(bias=False, nonlinearity='relu')),
           ('LSTMCell', (3, 4), {}), ('GRUCell', (3, 4), dict(bias=False))] + \
          [(n, (3, 5), kw) for n, kw in LAYERS] + [('RNN', (3, 5), dict(dropout=0.25, num_layers=2))]


@pytest.mark.parametrize('name, args, kw', MODULES, ids=[f'{n}-{k}' for n, _, k in MODULES])
def test_parameters_repr_state_dict(name, args, kw):
    tm, mm = pair(name, *args, **kw)
    assert repr(mm) == repr(tm)
    assert list(mm.state_dict()) == list(tm.state_dict())
    assert [(k, tuple(p.shape)) for k, p in mm.named_parameters()] == \
        [(k, tuple(p.shape)) for k, p in tm.named_parameters()]
    if hasattr(tm, 'all_weights'):
        assert mm._flat_weights_names == tm._flat_weights_names
        assert [[tuple(p.shape) for p in ws] for ws in mm.all_weights] == \
            [[tuple(p.shape) for p in ws] for ws in tm.all_weights]
        assert all(a is b for a, b in zip(mm._flat_weights, mm.parameters()))
    bound = 1 / np.sqrt(tm.hidden_size)
    mm.reset_parameters()
    for k, p in mm.named_parameters():
        v = p.detach().numpy()
        assert v.min() >= -bound and v.max() <= bound and np.unique(v).size > 1, k


def test_device_dtype_and_module_moves():
    m = minigrad.nn.LSTM(3, 4, num_layers=2, dtype=minigrad.float64)
    assert all(p.dtype == minigrad.float64 for p in m.parameters())
    m.float()
    assert all(p.dtype == minigrad.float32 for p in m.all_weights[1])
    out, (h, c) = m(minigrad.ones(2, 1, 3))
    assert out.dtype == h.dtype == c.dtype == minigrad.float32


# -- errors ---------------------------------------------------------------------------------------------

def outcome(fn):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', UserWarning)
            fn()
    except Exception as e:      # noqa: BLE001 -- the type and message are what is compared
        return type(e).__name__, str(e).replace('minigrad.', 'torch.')
    return None


ERRORS = [
    ('RNNCell', lambda L: L.nn.RNNCell(3, 4)(L.ones(2, 5))),
    ('RNNCell_3d', lambda L: L.nn.RNNCell(3, 4)(L.ones(1, 2, 3))),
    ('RNNCell_hx_3d', lambda L: L.nn.RNNCell(3, 4)(L.ones(2, 3), L.ones(1, 2, 4))),
    ('RNNCell_batch', lambda L: L.nn.RNNCell(3, 4)(L.ones(2, 3), L.ones(3, 4))),
    ('RNNCell_nonlinearity', lambda L: L.nn.RNNCell(3, 4, nonlinearity='gelu')(L.ones(2, 3))),
    ('LSTMCell_hidden', lambda L: L.nn.LSTMCell(3, 4)(L.ones(2, 3), (L.ones(2, 5), L.ones(2, 4)))),
    ('LSTMCell_cell', lambda L: L.nn.LSTMCell(3, 4)(L.ones(2, 3), (L.ones(2, 4), L.ones(2, 5)))),
    ('LSTMCell_hx_3d', lambda L: L.nn.LSTMCell(3, 4)(L.ones(2, 3), (L.ones(2, 4), L.ones(1, 2, 4)))),
    ('GRUCell_input', lambda L: L.nn.GRUCell(3, 4)(L.ones(2, 4))),
    ('GRUCell_4d', lambda L: L.nn.GRUCell(3, 4)(L.ones(1, 1, 2, 3))),
    ('RNN_input_size', lambda L: L.nn.RNN(4, 5)(L.ones(2, 3, 3))),
    ('LSTM_input_size', lambda L: L.nn.LSTM(4, 5)(L.ones(2, 3, 3))),
    ('GRU_input_size', lambda L: L.nn.GRU(4, 5, batch_first=True)(L.ones(2, 3, 3))),
    ('RNN_4d', lambda L: L.nn.RNN(3, 5)(L.ones(1, 2, 3, 3))),
    ('LSTM_1d', lambda L: L.nn.LSTM(3, 5)(L.ones(3))),
    ('GRU_4d', lambda L: L.nn.GRU(3, 5)(L.ones(1, 2, 3, 3))),
    ('RNN_hidden', lambda L: L.nn.RNN(3, 5, num_layers=2)(L.ones(4, 2, 3), L.ones(1, 2, 5))),
    ('GRU_hidden_batch', lambda L: L.nn.GRU(3, 5)(L.ones(4, 2, 3), L.ones(1, 3, 5))),
    ('LSTM_h', lambda L: L.nn.LSTM(3, 5, proj_size=2)(L.ones(4, 2, 3), (L.ones(1, 2, 5), L.ones(1, 2, 5)))),
    ('LSTM_c', lambda L: L.nn.LSTM(3, 5)(L.ones(4, 2, 3), (L.ones(1, 2, 5), L.ones(1, 2, 4)))),
    ('RNN_hx_dims', lambda L: L.nn.RNN(3, 5)(L.ones(4, 2, 3), L.ones(2, 5))),
    ('RNN_unbatched_hx_dims', lambda L: L.nn.RNN(3, 5)(L.ones(4, 3), L.ones(1, 2, 5))),
    ('GRU_hx_dims', lambda L: L.nn.GRU(3, 5)(L.ones(4, 2, 3), L.ones(2, 5))),
    ('LSTM_hx_dims', lambda L: L.nn.LSTM(3, 5)(L.ones(4, 2, 3), (L.ones(1, 2, 5), L.ones(2, 5)))),
    ('LSTM_unbatched_hx_dims', lambda L: L.nn.LSTM(3, 5)(L.ones(4, 3), (L.ones(1, 2, 5), L.ones(1, 5)))),
    ('dtype', lambda L: L.nn.LSTM(3, 5)(L.ones(4, 2, 3, dtype=L.float64))),
    ('dropout', lambda L: L.nn.LSTM(3, 5, dropout=1.5)),
    ('dropout_bool', lambda L: L.nn.GRU(3, 5, dropout=True)),
    ('bias_type', lambda L: L.nn.RNN(3, 5, bias=1)),
    ('batch_first_type', lambda L: L.nn.RNN(3, 5, batch_first=None)),
    ('input_size_type', lambda L: L.nn.RNN(3.0, 5)),
    ('input_size_zero', lambda L: L.nn.RNN(0, 5)),
    ('hidden_size_type', lambda L: L.nn.LSTM(3, '5')),
    ('hidden_size_zero', lambda L: L.nn.GRU(3, 0)),
    ('num_layers', lambda L: L.nn.GRU(3, 5, num_layers=0)),
    ('proj_size', lambda L: L.nn.LSTM(3, 5, proj_size=5)),
    ('proj_size_negative', lambda L: L.nn.LSTM(3, 5, proj_size=-1)),
    ('proj_size_gru', lambda L: L.nn.GRU(3, 5, proj_size=2)),
    ('proj_size_rnn', lambda L: L.nn.RNN(3, 5, proj_size=2)),
    ('nonlinearity', lambda L: L.nn.RNN(3, 5, 1, 'gelu')),
    ('pad_side', lambda L: L.nn.utils.rnn.pad_sequence([L.ones(2)], padding_side='middle')),
    ('pad_empty', lambda L: L.nn.utils.rnn.pad_sequence([])),
    ('pack_unsorted', lambda L: L.nn.utils.rnn.pack_padded_sequence(L.ones(3, 2, 2), [1, 3])),
    ('pack_zero', lambda L: L.nn.utils.rnn.pack_padded_sequence(L.ones(3, 2, 2), [3, 0])),
    ('pack_lengths', lambda L: L.nn.utils.rnn.pack_padded_sequence(L.ones(3, 2, 2), [3, 2, 1])),
    ('total_length', lambda L: L.nn.utils.rnn.pad_packed_sequence(
        L.nn.utils.rnn.pack_sequence([L.ones(3, 2), L.ones(1, 2)]), total_length=2)),
    ('packed_input_size', lambda L: L.nn.GRU(3, 5)(L.nn.utils.rnn.pack_sequence([L.ones(3, 2), L.ones(1, 2)]))),
    ('packed_hidden', lambda L: L.nn.GRU(2, 5)(L.nn.utils.rnn.pack_sequence([L.ones(3, 2), L.ones(1, 2)]),
                                               L.ones(1, 2, 4))),
]


@pytest.mark.parametrize('make', [e[1] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors(make):
    want = outcome(lambda: make(torch))
    assert want is not None, 'torch raises nothing here: the case tests nothing'
    assert outcome(lambda: make(minigrad)) == want


def test_dropout_warning():
    for lib in LIBS:
        with pytest.warns(UserWarning, match='num_layers greater than 1, but got dropout=0.5 and num_layers=1'):
            lib.nn.LSTM(3, 5, dropout=0.5)


# -- padded and packed sequences ------------------------------------------------------------------------

def sequences(lib, lengths, seed=0, dtype='float64', features=(3,)):
    rng = np.random.default_rng(seed)
    return [lib.tensor(rng.uniform(-1, 1, (n, *features)).astype(dtype), requires_grad=True) for n in lengths]


def same(m, t, dtype='float64'):
    m, t = (x.detach().numpy() if hasattr(x, 'detach') else np.asarray(x) for x in (m, t))
    assert m.shape == t.shape and m.dtype == t.dtype, f'{m.shape} {m.dtype} != {t.shape} {t.dtype}'
    np.testing.assert_allclose(m, t, **TOL[dtype])


@pytest.mark.parametrize('kw', [{}, dict(batch_first=True), dict(padding_value=-2.5, padding_side='left'),
                                dict(batch_first=True, padding_side='left')])
def test_pad_sequence(kw):
    results = []
    for lib in LIBS:
        seqs = sequences(lib, [2, 4, 1], features=(3, 2))
        out = lib.nn.utils.rnn.pad_sequence(seqs, **kw)
        out.backward(lib.tensor(np.arange(out.numel(), dtype='float64').reshape(tuple(out.shape))))
        results.append([out] + [s.grad for s in seqs])
    for m, t in zip(results[1], results[0]):
        same(m, t)


@pytest.mark.parametrize('enforce_sorted, lengths', [(True, [4, 2, 2, 1]), (False, [2, 4, 1, 3]),
                                                     (False, [1, 3, 2])])
@pytest.mark.parametrize('batch_first', [False, True])
def test_pack_and_pad_packed(enforce_sorted, lengths, batch_first):
    results = []
    for lib in LIBS:
        seqs = sequences(lib, lengths)
        padded = lib.nn.utils.rnn.pad_sequence(seqs, batch_first=batch_first)
        packed = lib.nn.utils.rnn.pack_padded_sequence(padded, lib.tensor(lengths), batch_first=batch_first,
                                                        enforce_sorted=enforce_sorted)
        again = lib.nn.utils.rnn.pack_sequence(seqs, enforce_sorted=enforce_sorted)
        unpacked, out_lengths = lib.nn.utils.rnn.pad_packed_sequence(packed, batch_first=batch_first,
                                                                      padding_value=-1.0, total_length=6)
        (unpacked * lib.tensor(np.arange(unpacked.numel(), dtype='float64').reshape(tuple(unpacked.shape)))).sum() \
            .backward()
        unpacked_list = lib.nn.utils.rnn.unpack_sequence(again)
        unpadded = lib.nn.utils.rnn.unpad_sequence(unpacked.clone(), out_lengths, batch_first=batch_first)
        results.append([packed.data, packed.batch_sizes, unpacked, out_lengths, again.data]
                       + [s.grad for s in seqs] + unpacked_list + unpadded)
        for field in ('sorted_indices', 'unsorted_indices'):
            results[-1].append(getattr(packed, field) if getattr(packed, field) is not None else np.zeros(0))
        assert type(packed).__name__ == 'PackedSequence' and packed.batch_sizes.dtype == lib.int64
    for m, t in zip(results[1], results[0]):
        same(m, t)


PACKED = [('RNN', {}), ('LSTM', dict(num_layers=2, bidirectional=True)), ('LSTM', dict(proj_size=2)),
          ('GRU', dict(bidirectional=True)), ('RNN', dict(nonlinearity='relu', num_layers=2, bidirectional=True))]


@pytest.mark.parametrize('name, kw', PACKED, ids=[f'{n}-{k}' for n, k in PACKED])
@pytest.mark.parametrize('enforce_sorted', [True, False])
@pytest.mark.parametrize('with_hx', [True, False])
def test_layer_on_packed_sequence(name, kw, enforce_sorted, with_hx):
    """A PackedSequence in, a PackedSequence out (its data compared) and the final states of each sequence,
    at its own length, in the original order of the sequences."""
    lengths = [5, 3, 3, 1] if enforce_sorted else [3, 5, 1, 3]

    def make(lib, tensor):
        seqs = [tensor(n, 3) for n in lengths]
        packed = lib.nn.utils.rnn.pack_sequence(seqs, enforce_sorted=enforce_sorted)
        if not with_hx:
            return (packed,), seqs
        hx = layer_state(name, kw, tensor, (4,))
        return (packed, hx), seqs + flat(hx)
    check(name, (3, 5), make, **kw)


def test_packed_sequence_is_a_tuple():
    p = minigrad.nn.utils.rnn.pack_sequence([minigrad.ones(2, 3), minigrad.ones(3, 3)], enforce_sorted=False)
    data, batch_sizes, sorted_indices, unsorted_indices = p
    assert data is p.data and p._fields == torch.nn.utils.rnn.PackedSequence._fields
    assert p.to(minigrad.float64).data.dtype == minigrad.float64 and p.to(minigrad.float32) is p
    assert p.double().sorted_indices is not None and not p.is_cuda
    perm = minigrad.tensor([2, 0, 3, 1])
    assert minigrad.nn.utils.rnn.invert_permutation(perm).tolist() == \
        torch.nn.utils.rnn.invert_permutation(torch.tensor([2, 0, 3, 1])).tolist()


# -- on the device --------------------------------------------------------------------------------------

@pytest.fixture(params=['strict', pytest.param('gpu', marks=pytest.mark.gpu)])
def cuda(request, monkeypatch):
    """'cuda' on tests/strict_backend.py's stand-in for cupy (no numpy call may touch device data), or on a GPU."""
    if request.param == 'strict':
        strict_backend.install(monkeypatch)
    elif not minigrad.cuda.is_available():
        pytest.skip('needs cupy and a CUDA device: minigrad.cuda.is_available() is False')
    return 'cuda'


def test_layers_and_packing_run_on_the_device(cuda):
    """A bidirectional two-layer LSTM on unsorted packed sequences with a given (h, c), and a GRU cell: the same
    outputs and gradients on the device as on the CPU, every one of them on the device."""
    results = {}
    for device in ('cpu', cuda):
        lstm = pair('LSTM', 3, 5, num_layers=2, bidirectional=True, proj_size=2)[1].to(device)
        cell = pair('GRUCell', 3, 5)[1].to(device)
        rng = np.random.default_rng(0)
        seqs = [minigrad.tensor(rng.uniform(-1, 1, (n, 3)), device=device, requires_grad=True) for n in (2, 4, 1)]
        hx = tuple(minigrad.ones(4, 3, n, device=device, dtype=minigrad.float64) for n in (2, 5))
        packed = minigrad.nn.utils.rnn.pack_sequence(seqs, enforce_sorted=False)
        out, (h, c) = lstm(packed, hx)
        padded, lengths = minigrad.nn.utils.rnn.pad_packed_sequence(out, batch_first=True)
        step = cell(seqs[0], padded[0, :2].sum(1, keepdim=True).expand(2, 5).contiguous())
        ((padded ** 2).sum() + (h * c[..., :2]).sum() + step.sum()).backward()
        tensors = [padded, h, c, step] + [s.grad for s in seqs] + [p.grad for p in lstm.parameters()]
        assert all(t.device.type == device for t in tensors)
        results[device] = [t.detach().cpu().numpy() for t in tensors] + [lengths.numpy()]
    for a, b in zip(results['cpu'], results[cuda]):
        np.testing.assert_allclose(b, a, **TOL['float64'])


# -- the character-level LSTM language model (reference/lstm_lm.py; its training parity: test_parity_models.py) --

def test_lstm_lm_trains_and_writes_as_torch():
    """Three training steps from PyTorch's initial weights, then 30 characters written greedily, the LSTM's (h, c)
    carried from one character to the next: the same text in both libraries."""
    from minigrad.utils.interop import copy_weights
    from reference import lstm_lm
    text = lstm_lm.Characters()
    torch.manual_seed(0)
    nets = {torch: lstm_lm.build(torch)(text.vocab_size).double()}
    nets[minigrad] = lstm_lm.build(minigrad)(text.vocab_size).double()
    copy_weights(nets[torch], nets[minigrad])
    written = []
    for lib, net in nets.items():
        criterion, optimizer = lstm_lm.training(lib, net)
        for x, y in text.batches(lstm_lm.batch_size, lstm_lm.seq_len)[:3]:
            optimizer.zero_grad()
            criterion(net(lib.tensor(x)), lib.tensor(y)).backward()
            optimizer.step()
        written.append(lstm_lm.generate(lib, net, text, 'The sea ', 30))
    assert written[1] == written[0] and len(written[0]) == 38
