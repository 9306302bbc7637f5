"""Layers of issue 16 against PyTorch: Embedding (and the layers after it). The same module and weights in both
libraries (torch's state_dict loaded into minigrad's), the same inputs; then outputs, every gradient, reprs,
state_dict keys, errors (type and message) and train/eval behaviour compared. float64 to 1e-10."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import TOL, to_numpy

LIBS = (torch, minigrad)


def same(got, want, tol=TOL['float64'], what=''):
    """got and want (tensors of either library or numpy arrays) equal within tol."""
    arrays = [a if isinstance(a, np.ndarray) else to_numpy(a) for a in (got, want)]
    np.testing.assert_allclose(*arrays, err_msg=what, **tol)


def error_of(fn, lib):
    try:
        fn(lib)
    except Exception as e:      # noqa: BLE001 (the type and message are what is compared)
        return type(e).__name__, str(e).replace('torch.', 'minigrad.')
    return None


def assert_same_error(fn):
    want, got = error_of(fn, torch), error_of(fn, minigrad)
    assert want is not None, 'torch raises nothing: the case is wrong'
    assert got == want


def twin(make):
    """The module make(lib) in both libraries, in float64, minigrad's holding torch's weights."""
    tm, mm = make(torch).double(), make(minigrad).double()
    mm.load_state_dict({k: v.numpy() for k, v in tm.state_dict().items()})
    return tm, mm


def run_both(tm, mm, *inputs, upstream_seed=1):
    """Each module on the same inputs (numpy arrays; float ones require grad) and the same upstream gradient:
    (output, input gradients, parameter gradients) of each, for comparison."""
    results = []
    for lib, m in ((torch, tm), (minigrad, mm)):
        xs = [lib.tensor(a, requires_grad=a.dtype.kind == 'f') for a in inputs]
        y = m(*xs)
        up = np.random.default_rng(upstream_seed).standard_normal(tuple(y.shape))
        y.backward(lib.tensor(up))
        results.append((y, [x.grad for x in xs], {n: p.grad for n, p in m.named_parameters()}))
    return results


def assert_same_run(tm, mm, *inputs, tol=TOL['float64']):
    (ty, tgx, tgp), (my, mgx, mgp) = run_both(tm, mm, *inputs)
    assert tuple(my.shape) == tuple(ty.shape) and str(my.dtype)[9:] == str(ty.dtype)[6:]
    same(my, ty, tol, 'output')
    for i, (t, m) in enumerate(zip(tgx, mgx)):
        assert (t is None) == (m is None), f'input {i} gradient'
        if t is not None:
            same(m, t, tol, f'input {i} gradient')
    assert list(mgp) == list(tgp)
    for name in tgp:
        assert (tgp[name] is None) == (mgp[name] is None), name
        if tgp[name] is not None:
            same(mgp[name], tgp[name], tol, f'gradient of {name}')


# -- Embedding --------------------------------------------------------------------------------------------------
INDICES = np.array([[0, 2, 2, 9], [4, 1, 2, 0]])
EMBEDDINGS = {
    'plain': lambda nn: nn.Embedding(10, 3),
    'padding': lambda nn: nn.Embedding(10, 3, padding_idx=2),
    'padding_negative': lambda nn: nn.Embedding(10, 3, padding_idx=-1),
    'scale_grad_by_freq': lambda nn: nn.Embedding(10, 3, scale_grad_by_freq=True, padding_idx=0),
    'max_norm': lambda nn: nn.Embedding(10, 3, max_norm=1.0),
    'max_norm_p3': lambda nn: nn.Embedding(10, 3, max_norm=0.5, norm_type=3.0),
}


@pytest.mark.parametrize('make', EMBEDDINGS.values(), ids=EMBEDDINGS.keys())
def test_embedding_matches_torch(make):
    tm, mm = twin(lambda lib: make(lib.nn))
    assert repr(mm) == repr(tm)
    assert list(mm.state_dict()) == list(tm.state_dict())
    assert mm.padding_idx == tm.padding_idx
    assert_same_run(tm, mm, INDICES)
    same(mm.weight, tm.weight, what='weight after the call (max_norm renormalises in place)')


def test_embedding_float32_and_int32_indices():
    tm, mm = twin(lambda lib: lib.nn.Embedding(10, 4, padding_idx=3))
    tm, mm = tm.float(), mm.float()
    assert_same_run(tm, mm, INDICES.astype(np.int32), tol=TOL['float32'])


def test_embedding_repr_of_every_option():
    for make in (lambda nn: nn.Embedding(5, 3, padding_idx=-2),
                 lambda nn: nn.Embedding(5, 3, max_norm=1.0, norm_type=3, scale_grad_by_freq=True, sparse=True),
                 lambda nn: nn.Embedding(5, 3, norm_type=2.0)):
        assert repr(make(minigrad.nn)) == repr(make(torch.nn))


def test_embedding_init_is_standard_normal_with_the_padding_row_zero():
    minigrad.manual_seed(0)
    m = minigrad.nn.Embedding(4000, 50, padding_idx=-3)
    w = m.weight.detach().numpy()
    assert m.weight.requires_grad and m.weight.dtype == minigrad.float32
    assert not w[3997].any()
    rest = np.delete(w, 3997, axis=0)
    assert abs(rest.mean()) < 0.01 and abs(rest.std() - 1) < 0.01
    m.weight.data.fill_(2.0)
    m.reset_parameters()
    assert not m.weight.detach().numpy()[3997].any() and abs(m.weight.detach().numpy().std() - 1) < 0.01


def test_embedding_weight_and_freeze_arguments():
    for lib in LIBS:
        w = lib.arange(6.).view(3, 2)
        m = lib.nn.Embedding(3, 2, _weight=w, padding_idx=0)
        assert m.weight.requires_grad and m.weight[0].tolist() == [0.0, 1.0]   # the given weight as it is
        assert not lib.nn.Embedding(3, 2, _freeze=True).weight.requires_grad
        m = lib.nn.Embedding(3, 2, dtype=lib.float64)
        assert m.weight.dtype == lib.float64


@pytest.mark.parametrize('freeze', [True, False])
def test_embedding_from_pretrained(freeze):
    weights = np.arange(12.).reshape(4, 3)
    results = []
    for lib in LIBS:
        m = lib.nn.Embedding.from_pretrained(lib.tensor(weights), freeze=freeze, padding_idx=1, max_norm=20.0)
        y = m(lib.tensor([[1, 3], [0, 3]]))
        if freeze:
            assert not y.requires_grad
        else:
            y.sum().backward()
        results.append((repr(m), m.weight.requires_grad, y.detach().numpy(), m.weight.detach().numpy(),
                        None if m.weight.grad is None else m.weight.grad.numpy()))
    (trepr, treq, ty, tw, tg), (mrepr, mreq, my, mw, mg) = results
    assert (mrepr, mreq) == (trepr, treq)
    same(my, ty)
    same(mw, tw)
    assert (tg is None) == (mg is None)
    if tg is not None:
        same(mg, tg)


def test_embedding_max_norm_changes_only_the_rows_looked_up_in_place():
    weights = np.random.default_rng(3).standard_normal((6, 4)) * 3
    got = []
    for lib in LIBS:
        w = lib.tensor(weights, requires_grad=True)
        y = lib.nn.functional.embedding(lib.tensor([[5, 1], [1, 0]]), w, max_norm=1.5)
        got.append((w._version, w.detach().numpy(), y.detach().numpy()))
    assert got[1][0] == got[0][0] > 0
    same(got[1][1], got[0][1])
    same(got[1][2], got[0][2])
    assert np.array_equal(got[1][1][2:5], weights[2:5])


def test_embedding_double_backward_gives_pytorchs_nodes_and_values():
    results = []
    for lib in LIBS:
        w = lib.tensor(np.random.default_rng(0).standard_normal((5, 3)), requires_grad=True)
        y = lib.nn.functional.embedding(lib.tensor([[0, 2, 2], [4, 1, 2]]), w, padding_idx=2)
        g = lib.tensor(np.random.default_rng(1).standard_normal((2, 3, 3)), requires_grad=True)
        gw, = lib.autograd.grad(y, w, g, create_graph=True)
        gg, = lib.autograd.grad((gw * lib.tensor(np.cos(np.arange(15.)).reshape(5, 3))).sum(), g)
        results.append((y.grad_fn.name(), gw.grad_fn.name(), gw.detach().numpy(), gg.numpy()))
    (tn1, tn2, tgw, tgg), (mn1, mn2, mgw, mgg) = results
    assert (mn1, mn2) == (tn1, tn2)
    same(mgw, tgw)
    same(mgg, tgg)


def test_embedding_scale_grad_by_freq_second_derivative_is_right():
    """PyTorch's double backward of scale_grad_by_freq leaves out the division by the counts; minigrad's passes
    gradgradcheck (the upstream gradient is the variable)."""
    w = minigrad.tensor(np.random.default_rng(0).standard_normal((5, 3)), requires_grad=True)
    fn = lambda w: minigrad.nn.functional.embedding(minigrad.tensor([[0, 2, 2], [4, 2, 0]]), w,
                                                    padding_idx=4, scale_grad_by_freq=True)
    assert minigrad.autograd.gradgradcheck(fn, [w])


EMBEDDING_ERRORS = {
    'out_of_range': lambda L: L.nn.Embedding(4, 2)(L.tensor([1, 4])),
    'negative_index': lambda L: L.nn.Embedding(4, 2)(L.tensor([-1])),
    'float_indices': lambda L: L.nn.Embedding(4, 2)(L.tensor([1.0])),
    'bool_indices': lambda L: L.nn.Embedding(4, 2)(L.tensor([True])),
    'uint8_indices': lambda L: L.nn.Embedding(4, 2)(L.tensor([1], dtype=L.uint8)),
    'padding_too_big': lambda L: L.nn.Embedding(4, 2, padding_idx=4),
    'padding_too_small': lambda L: L.nn.Embedding(4, 2, padding_idx=-5),
    'weight_shape': lambda L: L.nn.Embedding(4, 2, _weight=L.zeros(3, 2)),
    'pretrained_1d': lambda L: L.nn.Embedding.from_pretrained(L.zeros(3)),
    'functional_1d_weight': lambda L: L.nn.functional.embedding(L.tensor([0]), L.zeros(3)),
}


@pytest.mark.parametrize('bad', EMBEDDING_ERRORS.values(), ids=EMBEDDING_ERRORS.keys())
def test_embedding_errors_match_torch(bad):
    assert_same_error(bad)
