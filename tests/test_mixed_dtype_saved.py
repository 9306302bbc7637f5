"""Binary ops on operands of two dtypes (float32 with float64, an int or a bool beside a float) record the op on the
inputs as they are, as PyTorch does: the node's edges lead to the inputs themselves (no cast node between), backward
gets each saved input in its own dtype (so float32 products round as PyTorch's), and an in-place change to an input
before backward is PyTorch's error exactly where PyTorch saved that input. Every binary op of tests/opdb.py (and
igamma, igammac)."""
import math
import warnings

import numpy as np
import pytest
import torch

import minigrad
from opdb import OPS, comparable

BINARY = [info for info in OPS if info.kind == 'binary' or info.name in ('igamma', 'igammac')]
PAIRS = [('float32', 'float64'), ('float64', 'float32'), ('float32', '0d float64'), ('0d float32', 'float64'),
         ('int64', 'float32'), ('float32', 'int64'), ('bool', 'float64'), ('float64', 'bool'),
         ('0d bool', 'float64')]
# a float64 gradient is tight (PyTorch's formulas round where they touch a float32 input, and so must ours), but a
# 0-dim input's gradient beside a float32 input is a float32 sum: float32's tolerance;
# so are igamma's for an integer a (PyTorch's formula takes lgamma(a) in float32, scipy's float32 loop rounds another way)
LGAMMA = ('igamma', 'igammac')
TOL = {'float32': dict(rtol=1e-6, atol=1e-6), 'float64': dict(rtol=1e-12, atol=1e-14)}


def values(arg, spec, seed):
    """numpy data for the argument spec `arg` (an opdb Arg: its range) in the dtype `spec` ('0d float64': 0-dim)."""
    rng = np.random.default_rng(seed)
    dtype = spec.split()[-1]
    shape = () if spec.startswith('0d') else (3, 4)
    x = rng.uniform(arg.low, arg.high, shape)
    if dtype == 'bool':
        return x > (arg.low + arg.high) / 2
    if dtype == 'int64':
        return np.clip(np.round(x), math.ceil(arg.low), math.floor(arg.high)).astype(dtype)
    return x.astype(dtype)


def leaves(L, arrays):
    return [L.tensor(a, requires_grad=a.dtype.kind == 'f') for a in arrays]


def attempt(fn):
    """(result, None) or (None, the error as compared)."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        try:
            return fn(), None
        except Exception as e:      # noqa: BLE001 (every error is compared with PyTorch's)
            return None, (type(e).__name__, comparable(e))


def run(L, info, arrays, changed=None):
    """The op on leaves made from `arrays`; input `changed` (or the output: 'out', 'both' inputs, 'input and out',
    'other and out') changed in place (under no_grad) before backward.
    Returns what can be compared: the edges' node names, the error if one step raised, the leaves' gradients."""
    inputs = leaves(L, arrays)
    out, error = attempt(lambda: info.calls[0].fn(L, *inputs))
    if error:
        return {'forward error': error}
    seen = {'dtype': str(out.dtype).split('.')[-1], 'requires_grad': out.requires_grad}
    if not out.requires_grad:
        return seen
    seen['edges'] = [(type(n).__name__ if n is not None else None, k) for n, k in out.grad_fn.next_functions]
    if changed is not None:
        with L.no_grad():
            named = {'out': [out], 'both': inputs, 'input and out': [inputs[0], out], 'other and out': [inputs[1], out]}
            for x in named.get(changed) or [inputs[changed]]:
                x.zero_()
    weight = L.tensor(np.linspace(0.5, 1.5, out.numel()).reshape(tuple(out.shape))).to(out.dtype)
    _, seen['backward error'] = attempt(lambda: out.backward(weight))
    seen['grads'] = [None if x.grad is None else (str(x.grad.dtype).split('.')[-1], x.grad.numpy())
                     for x in inputs]
    return seen


def check(info, arrays, changed=None):
    want, got = run(torch, info, arrays, changed), run(minigrad, info, arrays, changed)
    want_grads, got_grads = want.pop('grads', None), got.pop('grads', None)
    assert got == want
    lgamma32 = info.name in LGAMMA and arrays[0].dtype.kind in 'biu'
    for g, w, a in zip(got_grads or (), want_grads or (), arrays):
        assert (g is None) == (w is None)
        if w is not None:
            assert g[0] == w[0]
            summed = a.ndim == 0 and any(b.dtype == 'float32' for b in arrays)
            tol = TOL['float32' if lgamma32 or g[0] == 'float32' or summed else 'float64']
            np.testing.assert_allclose(g[1], w[1], **tol, equal_nan=True)


CASES = [pytest.param(info, pair, id=f'{info.name}-{pair[0]}-{pair[1]}'.replace(' ', '_'))
         for info in BINARY for pair in PAIRS]


@pytest.mark.parametrize('info, pair', CASES)
def test_edges_and_gradients(info, pair):
    """next_functions lead to the inputs (no ToCopyBackward0), gradients in each input's dtype equal PyTorch's."""
    args = info.calls[0].args
    check(info, [values(a, spec, seed) for seed, (a, spec) in enumerate(zip(args, pair))])


@pytest.mark.parametrize('info, pair', CASES)
@pytest.mark.parametrize('changed', [0, 1, 'both'])
def test_inplace_change_before_backward(info, pair, changed):
    """Zeroing an input under no_grad before backward: PyTorch's error where it saved that input, else its
    gradients (a saved promoted copy would hide the change). Both changed: the error names the one PyTorch checks
    first (its saved variables in alphabetical order: other, result, self)."""
    args = info.calls[0].args
    check(info, [values(a, spec, seed) for seed, (a, spec) in enumerate(zip(args, pair))], changed)


@pytest.mark.parametrize('info', BINARY, ids=[info.name for info in BINARY])
@pytest.mark.parametrize('grads', ['input', 'other'])
def test_inplace_change_of_the_output_before_backward(info, grads):
    """PyTorch keeps an output its formulas use whichever input needs the gradient: zeroing it before backward is
    its error then, else no error. (The other input an int64 one, which needs no gradient.)"""
    args = info.calls[0].args
    arrays = [values(a, 'float64' if (k == 0) == (grads == 'input') else 'int64', k) for k, a in enumerate(args)]
    check(info, arrays, 'out')


@pytest.mark.parametrize('info', BINARY, ids=[info.name for info in BINARY])
@pytest.mark.parametrize('changed', ['input and out', 'other and out'])
def test_inplace_change_of_an_input_and_the_output(info, changed):
    """An input and the output both changed before backward: the error names the one PyTorch checks first (its
    saved inputs, then the result)."""
    args = info.calls[0].args
    check(info, [values(a, 'float64', k) for k, a in enumerate(args)], changed)


def test_three_operands_promote_at_once():
    """addcmul/addcdiv promote all three inputs together (a 0-dim float64 widens no float32 input), record on them
    as they are, and an in-place change to the float32 divisor before backward is PyTorch's error."""
    rng = np.random.default_rng(0)
    data = (rng.uniform(1, 2, (3,)).astype('float32'), np.float64(1.5), rng.uniform(1, 2, (3,)).astype('float32'))
    for name in ('addcmul', 'addcdiv'):
        for change in (None, 2):
            seen = []
            for L in (torch, minigrad):
                a, t1, t2 = leaves(L, [np.asarray(d) for d in data])
                out = getattr(L, name)(a, t1, t2, value=0.5)
                edges = [type(n).__name__ for n, _ in out.grad_fn.next_functions]
                if change is not None:
                    with L.no_grad():
                        t2.mul_(2)
                _, error = attempt(lambda: out.sum().backward())
                seen.append((str(out.dtype).split('.')[-1], edges, error,
                             [None if x.grad is None else x.grad.numpy().tolist() for x in (a, t1, t2)]))
            assert seen[1][:3] == seen[0][:3]
            if seen[0][3][0] is not None:
                for g, w in zip(seen[1][3], seen[0][3]):
                    np.testing.assert_allclose(g, w, rtol=1e-6)


def test_backward_rounds_where_the_float32_input_takes_part():
    """atan2's gradient for a float64 x beside a float32 y: PyTorch's formula squares y in float32 (y * y), so the
    gradient differs from the one computed from a float64 copy of y beyond float64's rounding; minigrad's is
    PyTorch's."""
    y = np.array([1.0 + 2 ** -12 + 2 ** -23], dtype='float32')
    x = np.array([0.25], dtype='float64')
    grads = []
    for L, dtype in ((torch, 'float32'), (minigrad, 'float32'), (minigrad, 'float64')):
        a, b = L.tensor(y.astype(dtype)), L.tensor(x, requires_grad=True)
        L.atan2(a, b).backward(L.ones(1, dtype=L.float64))
        grads.append(b.grad.numpy()[0])
    assert grads[1] == grads[0]
    assert abs(grads[2] - grads[0]) > 1e-9 * abs(grads[0])    # the promoted copy's gradient is another one


def test_logaddexp_with_a_bool_input_refuses_in_backward():
    """PyTorch's logaddexp formula subtracts the inputs: with a bool one, backward (also with create_graph) is
    PyTorch's error, never numpy's silent 0/1 arithmetic."""
    for create_graph in (False, True):
        errors = []
        for L in (torch, minigrad):
            x = L.tensor([0.5, -1.0], dtype=L.float64, requires_grad=True)
            out = L.logaddexp(x, L.tensor([True, False]))
            errors.append(attempt(lambda: out.sum().backward(create_graph=create_graph))[1])
        assert errors[1] == errors[0] and errors[0] is not None


def test_nextafter_gradient_is_zero_where_the_inputs_are_equal():
    """nextafter(a, b) is a itself where a == b: PyTorch's da is g only where a != b (a NaN on either side counts as
    different), also under create_graph (found by the thorough fuzz profile: nextafter(v, v))."""
    a = np.array([1.0, 2.0, np.nan, 1.0, 0.5])
    b = np.array([np.nextafter(1.0, 2.0), 2.0, 1.0, np.nan, 0.5])
    grads = []
    for L in (torch, minigrad):
        x = L.tensor(a, requires_grad=True)
        (x.nextafter(L.tensor(b)) * x).sum().backward(create_graph=True)
        second, = L.autograd.grad(x.grad.sum(), [x])
        grads.append((x.grad.detach().numpy(), second.numpy()))
    np.testing.assert_array_equal(grads[1][0], grads[0][0])
    np.testing.assert_array_equal(grads[1][1], grads[0][1])


def test_pow_second_derivative_takes_the_log_of_the_base_in_the_result_dtype():
    """bool ** float64 (found by the thorough fuzz profile): PyTorch's exponent gradient selects 0 at a zero base
    from out * log(base), the log taken in the result's dtype; differentiated again the unselected -inf side gives
    nan, as in PyTorch."""
    seconds = []
    for L in (torch, minigrad):
        x = L.tensor([0.55, 1.5], dtype=L.float64, requires_grad=True)
        base = L.tensor([False, True])
        first, = L.autograd.grad((base ** x).sum(), [x], create_graph=True)
        second, = L.autograd.grad((first ** 2).sum(), [x])
        seconds.append((first.detach().numpy(), second.numpy()))
    np.testing.assert_allclose(seconds[1][0], seconds[0][0], rtol=1e-12)
    np.testing.assert_allclose(seconds[1][1], seconds[0][1], rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize('info', BINARY, ids=[info.name for info in BINARY])
def test_a_0dim_float64_beside_float32_takes_part_in_float32(info):
    """A 0-dim float64 input beside a float32 one with dims: PyTorch's result is float32 and its backward formulas
    compute with the 0-dim input in float32 too, so its float64 gradient is a float32 number (found by the thorough
    fuzz profile: xlogy). One element, so no sum's order can differ: the gradients are equal to float64's rounding."""
    args = info.calls[0].args
    arrays = [values(args[0], 'float32', 0)[:1, 0], values(args[1], '0d float64', 1)]
    want, got = run(torch, info, arrays), run(minigrad, info, arrays)
    want_grads, got_grads = want.pop('grads', None) or (), got.pop('grads', None) or ()
    assert got == want
    # special.xlog1py's db = g * a / (b + 1): PyTorch adds 1 to b in float64 before float32 takes it, minigrad's
    # backward has b's float32 copy (see autograd/function.py, _saved_promoted), so b + 1 may differ by 1 ulp of float32
    rtol = np.finfo(np.float32).eps if info.name == 'special.xlog1py' else 1e-15
    for g, w in zip(got_grads, want_grads):
        assert (g is None) == (w is None)
        if w is not None:
            np.testing.assert_allclose(g[1], w[1], rtol=rtol, atol=0, equal_nan=True)


@pytest.mark.parametrize('name', ['floor_divide', 'heaviside', 'rfloordiv', 'rmod'])
def test_not_implemented_nodes_lead_to_the_inputs_that_require_grad(name):
    """PyTorch's NotImplemented node (an op it records but cannot differentiate) has an edge for each input that
    requires grad alone, in either place and whatever the dtypes."""
    calls = {'floor_divide': lambda L, a, b: L.floor_divide(a, b), 'heaviside': lambda L, a, b: L.heaviside(a, b),
             'rfloordiv': lambda L, a, b: 2.5 // (a + b), 'rmod': lambda L, a, b: 2.5 % (a * b)}
    for grads in ((True, False), (False, True)):
        seen = []
        for L in (torch, minigrad):
            a, b = (L.tensor([1.5, 0.0, -2.0], requires_grad=g) for g in grads)
            node = calls[name](L, a, b).grad_fn
            seen.append((node.name().split('::')[-1], [(type(n).__name__, k) for n, k in node.next_functions]))
        assert seen[1] == seen[0]


def test_subtracting_a_bool_in_place_from_a_leaf_is_the_leafs_error_first():
    """x.sub_(True) on a leaf that requires grad: PyTorch's autograd refuses the leaf before its kernel refuses the
    bool (found by the thorough fuzz profile); under no_grad the bool's error."""
    for grad in (True, False):
        errors = []
        for L in (torch, minigrad):
            x = L.zeros(3, dtype=L.float64, requires_grad=True)
            with L.set_grad_enabled(grad):
                errors.append(attempt(lambda: x.sub_(True))[1])
        assert errors[1] == errors[0] and errors[0] is not None
