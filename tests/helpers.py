"""The one parity helper: run the same function in PyTorch and in minigrad on the same inputs and compare
the forward values and every input's gradient (in the spirit of tinygrad's helper_test_op).

Tolerances: float64 rtol 1e-10 / atol 1e-12 (both libraries do the same arithmetic; only summation order
differs); float32 rtol 1e-5 / atol 1e-6 (a few ulps of float32 after reductions). Ops that reduce over many
terms in a different order (matmul, conv) may pass a looser bound, and say why where they do.
"""
import numpy as np
import torch

import minigrad

TOL = {'float64': dict(rtol=1e-10, atol=1e-12), 'float32': dict(rtol=1e-5, atol=1e-6)}
DTYPES = ('float64', 'float32')


def to_numpy(t):
    return t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t.detach().cpu().numpy())


def as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def torch_device(device):
    """Where torch runs a check of minigrad on `device`: there too when torch has it (a CUDA machine), else on the
    CPU (tests/strict_backend.py runs minigrad's CUDA path on a machine without a GPU)."""
    return device if device is not None and torch.cuda.is_available() else 'cpu'


def make_inputs(shapes, dtype, low=-2.0, high=2.0, seed=0, values=None, device=None):
    """numpy arrays for each shape (or the given `values`), and the same data as torch and minigrad leaves
    (minigrad's on `device`)."""
    rng = np.random.default_rng(seed)
    arrays = values if values is not None else [rng.uniform(low, high, size=s) for s in shapes]
    arrays = [np.asarray(a, dtype=dtype) for a in arrays]
    grad = dtype.startswith('float')
    tt = [torch.tensor(a, requires_grad=grad, device=torch_device(device)) for a in arrays]
    mt = [minigrad.tensor(a, requires_grad=grad, device=device) for a in arrays]
    return arrays, tt, mt


def compare(name, got, want, dtype, tol=None):
    tol = tol or TOL[dtype]
    np.testing.assert_allclose(to_numpy(got), to_numpy(want), err_msg=name, **tol)


def check_op(shapes, torch_fn, minigrad_fn=None, dtypes=DTYPES, low=-2.0, high=2.0, values=None, tol=None,
             grad=True, seed=0, device=None):
    """Compare forward and backward of torch_fn and minigrad_fn (the same lambda when omitted).

    Backward starts from a random upstream gradient (the same in both), so every element of the
    vector-Jacobian product is checked, not only its sum. `tol` maps a dtype name to rtol/atol.
    minigrad's inputs live on `device` (the CPU by default); its outputs and gradients must stay there.
    """
    minigrad_fn = minigrad_fn or torch_fn
    on = minigrad.device(device or 'cpu')
    for dtype in dtypes:
        arrays, tt, mt = make_inputs(shapes, dtype, low, high, seed, values, device)
        t_out, m_out = as_tuple(torch_fn(*tt)), as_tuple(minigrad_fn(*mt))
        assert len(t_out) == len(m_out), f'{len(m_out)} outputs, torch gives {len(t_out)}'
        d_tol = (tol or {}).get(dtype)
        for i, (t, m) in enumerate(zip(t_out, m_out)):
            assert tuple(m.shape) == tuple(t.shape), f'output {i} shape {tuple(m.shape)} != torch {tuple(t.shape)}'
            assert m.dtype.name == str(t.dtype).replace('torch.', ''), f'output {i} dtype {m.dtype} != {t.dtype}'
            assert m.device.type == on.type, f'output {i} is on {m.device}, its inputs on {on}'
            compare(f'forward output {i} ({dtype})', m, t, dtype, d_tol)
        if not grad or not dtype.startswith('float'):
            continue
        rng = np.random.default_rng(seed + 1)
        diff = [(t, m) for t, m in zip(t_out, m_out) if t.requires_grad]
        assert all(m.requires_grad for _, m in diff), 'minigrad output does not require grad where torch does'
        ups = [rng.standard_normal(t.shape).astype(dtype) for t, _ in diff]
        torch.autograd.backward([t for t, _ in diff], [torch.tensor(u, device=torch_device(device)) for u in ups])
        minigrad.autograd.backward([m for _, m in diff], [minigrad.tensor(u, device=device) for u in ups])
        for i, (t, m) in enumerate(zip(tt, mt)):
            if t.grad is None:
                assert m.grad is None or not np.any(to_numpy(m.grad)), f'input {i} has a grad torch does not give'
                continue
            assert m.grad is not None, f'input {i}: no gradient (torch has one)'
            assert m.grad.device.type == on.type, f'gradient of input {i} is on {m.grad.device}, the input on {on}'
            compare(f'gradient of input {i} ({dtype})', m.grad, t.grad, dtype, d_tol)


def gradcheck_op(shapes, fn, low=-2.0, high=2.0, values=None, seed=0, **kwargs):
    """minigrad.autograd.gradcheck on float64 inputs of the given shapes."""
    _, _, mt = make_inputs(shapes, 'float64', low, high, seed, values)
    assert minigrad.autograd.gradcheck(fn, mt, **kwargs)


def check_module(torch_module, minigrad_module, input_shapes, dtypes=DTYPES, tol=None, seed=0, low=-2.0,
                 high=2.0, device=None):
    """check_op for a layer: copy torch_module's weights into minigrad_module (load_state_dict), then compare
    the output and every input's gradient (check_op), every named parameter's gradient (the name is in the
    failure message) and every buffer (BatchNorm's running statistics) after the forward."""
    for dtype in dtypes:
        tm = torch_module.to(device=torch_device(device), dtype=getattr(torch, dtype))
        mm = minigrad_module.to(device=device, dtype=getattr(minigrad, dtype))
        mm.load_state_dict(tm.state_dict())
        check_op(input_shapes, tm, mm, dtypes=(dtype,), tol=tol, seed=seed, low=low, high=high, device=device)
        d_tol = (tol or {}).get(dtype)
        t_params, m_params = dict(tm.named_parameters()), dict(mm.named_parameters())
        assert list(m_params) == list(t_params), f'parameter names {list(m_params)} != torch {list(t_params)}'
        for name, tp in t_params.items():
            if tp.grad is None:
                assert m_params[name].grad is None, f'{name} has a gradient torch does not give'
                continue
            assert m_params[name].grad is not None, f'{name}: no gradient (torch has one)'
            compare(f'gradient of {name} ({dtype})', m_params[name].grad, tp.grad, dtype, d_tol)
            tp.grad = m_params[name].grad = None
        t_bufs, m_bufs = dict(tm.named_buffers()), dict(mm.named_buffers())
        assert list(m_bufs) == list(t_bufs), f'buffer names {list(m_bufs)} != torch {list(t_bufs)}'
        for name, tb in t_bufs.items():
            compare(f'buffer {name} ({dtype})', m_bufs[name], tb, dtype, d_tol)


class Payload:
    """A pickled object whose unpickling would create the file `marker`: loaders must refuse it without running it."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), 'w'))


def check_second_derivative(shapes, fn, low=-2.0, high=2.0, values=None, seed=0):
    """Second derivatives vs torch (float64): the first gradients g_i = d(fn . v)/dx_i, taken with create_graph=True,
    then d(sum_i g_i . w_i)/dx_j for every input, from random v and w (the same in both libraries)."""
    results = []
    for lib in (torch, minigrad):
        _, tt, mt = make_inputs(shapes, 'float64', low, high, seed, values)
        xs = tt if lib is torch else mt
        outs = as_tuple(fn(*xs))
        rng = np.random.default_rng(seed + 1)
        vs = [lib.tensor(rng.standard_normal(tuple(o.shape))) for o in outs]
        firsts = lib.autograd.grad(outs, xs, vs, create_graph=True, allow_unused=True)
        terms = [(g * lib.tensor(rng.standard_normal(tuple(g.shape)))).sum() for g in firsts
                 if g is not None and g.requires_grad]
        assert terms, 'no first gradient depends on the inputs: nothing to check'
        seconds = lib.autograd.grad(sum(terms), xs, allow_unused=True)
        results.append([[None if g is None else to_numpy(g) for g in grads] for grads in (firsts, seconds)])
    for order, got, want in zip(('first', 'second'), results[1], results[0]):
        for i, (g, w) in enumerate(zip(got, want)):
            if w is None:
                assert g is None or not np.any(g), f'{order} derivative {i}: torch gives none'
                continue
            assert g is not None, f'{order} derivative {i}: none (torch has one)'
            np.testing.assert_allclose(g, w, err_msg=f'{order} derivative {i}', **TOL['float64'])
