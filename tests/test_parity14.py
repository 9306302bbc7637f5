"""Differences from PyTorch the op database and the program fuzzer found (issue 14), fixed: each case runs in torch
and in minigrad in the same test. Node names (what grad_fn says), values, gradients, and errors (type, message)."""
import itertools

import numpy as np
import pytest
import torch

import minigrad
from test_bad_input import raises_like_torch
from test_parity_fixes import both, same


def node(t):
    return type(t.grad_fn).__name__


def values(lib, *shape):
    """A float64 leaf that requires grad, the same numbers in both libraries."""
    data = np.arange(1.0, 1.0 + np.prod(shape, dtype=int)).reshape(shape) / 7
    return lib.tensor(data, dtype=lib.float64, requires_grad=True)


def same_node_and_gradient(fn, *shape):
    """fn(lib, x) on the same leaf x in both libraries: the result's node name, value, and x's gradient."""
    results = []
    for lib in (torch, minigrad):
        x = values(lib, *shape)
        y = fn(lib, x)
        (y * lib.arange(1.0, 1.0 + y.numel(), dtype=lib.float64).reshape(y.shape)).sum().backward()
        results.append((node(y), y.detach(), x.grad))
    same(results)


# x[key]: PyTorch's node is the one of the last step it takes (Select, Slice, Unsqueeze; Alias for a key that
# keeps all of x; in a tuple key, a slice that keeps its whole dim is no step)
KEYS = ['[0]', '[1:]', '[None]', '[:]', '[...]', '[:, 1]', '[..., -1]', '[0, None]', '[None, 0]', '[0:3]',
        '[:, 0:4]', '[:, 0:100]', '[:, -4:]', '[:, 0:3]', '[::2]', '[1:, :]', '[0:3,]', '[..., None]', '[:, ...]',
        '[0, ..., None]', '[[0, 2]]', '[0, [1, 2]]']


@pytest.mark.parametrize('key', KEYS)
def test_indexing_names_the_node_as_pytorch(key):
    same_node_and_gradient(lambda lib, x: eval('x' + key), 3, 4)


@pytest.mark.parametrize('key', ['[()]', '[None]', '[...]', '[None, None]'])
def test_indexing_a_0d_tensor_names_the_node_as_pytorch(key):
    same_node_and_gradient(lambda lib, x: eval('x' + key))


@pytest.mark.parametrize('code', ['x.narrow(0, 0, 3)', 'x.tensor_split(1)[0]', 'x.tensor_split(2, dim=1)[1]',
                                  'x.hsplit(1)[0]'])
def test_slicing_ops_give_slice_nodes(code):
    same_node_and_gradient(lambda lib, x: eval(code), 3, 4)


@pytest.mark.parametrize('code', ['x[::2].reshape(2, 4)', 'x[::2].reshape(2, 4, 1)', 'x.t().reshape(-1)',
                                  'x[::2].flatten()', 'x[::2].reshape_as(x[::2])', 'x.reshape(4, 4)',
                                  'x.t().unflatten(1, (2, -1))', 'x[::2].unflatten(1, (4, 1))',
                                  'x.unflatten(1, (4,))', 'x[:1].expand(2, 4).reshape(2, 4)'])
def test_reshape_names_view_reshape_alias_or_unsafe_view_as_pytorch(code):
    same_node_and_gradient(lambda lib, x: eval(code), 4, 4)


@pytest.mark.parametrize('shapes', [((4,), (2, 4, 3)), ((2, 3, 4), (4,)), ((2, 3, 4), (2, 4, 3)),
                                    ((1, 2, 3, 4), (2, 1, 4, 3)), ((2, 3, 4), (4, 3)), ((5, 2, 3, 4), (4,))])
def test_batched_matmul_ends_in_unsafe_view_as_pytorch(shapes):
    a, b = shapes
    same_node_and_gradient(lambda lib, x: x[:int(np.prod(a))].reshape(a) @ x[-int(np.prod(b)):].reshape(b), 120)


def test_bmm_is_its_own_node():
    same_node_and_gradient(lambda lib, x: lib.bmm(x[:24].view(2, 3, 4), x[24:].view(2, 4, 3)), 48)


@pytest.mark.parametrize('code', ['x[0]', 'x[1:]', 'x[:]', 'x[0] = 1', 'x[:] = 1', 'x[None, 0]', 'x[..., 0]'])
def test_a_0d_tensor_indexed_raises_pytorchs_error(code):
    raises_like_torch(lambda lib: exec(code, {'x': lib.tensor(1.5)}))


@pytest.mark.parametrize('code', ['x.sum(-1)', 'x.prod(0)', 'x.mean(0, keepdim=True)', 'x.amax(-1)', 'x.max(0)[0]',
                                  'x.transpose(0, -1)', 'x.logsumexp(0)', 'x.cumsum(-1)', 'x.softmax(0)'])
def test_a_0d_tensor_takes_dim_0_or_minus_1(code):
    same_node_and_gradient(lambda lib, x: eval(code))


# setitem: PyTorch selects first (its IndexError), expands the value to the selection (leading size-1 dims of the
# value dropped), and only then checks the write (a leaf that requires grad)
@pytest.mark.parametrize('code', ['x[5] = 1', 'x[0, 0] = 1', 'x[0] = lib.ones(3)', 'x[:] = lib.ones(3)',
                                  'x[None] = lib.ones(3)', 'x[[5]] = 1', 'x[0] = 1',
                                  'e = lib.zeros(0, requires_grad=True); e[0] = e'])
def test_setitem_checks_in_pytorchs_order(code):
    raises_like_torch(lambda lib: exec(code, {'lib': lib, 'x': lib.zeros(2, requires_grad=True)}))


def test_setitem_value_with_leading_size_1_dims():
    raises_like_torch(lambda lib: (lib.zeros(2, 3, requires_grad=True) * 1).__setitem__(0, lib.zeros(1, 2, 3)))

    def write(lib):
        x = values(lib, 2, 3) * 1
        v = lib.ones(1, 1, 3, dtype=lib.float64, requires_grad=True)
        x[0] = v * 2
        x.sum().backward()
        return x.detach(), v.grad, node(x)
    same(both(write))


@pytest.mark.parametrize('code', ['x.flatten().bitwise_and_(x)', 'x.flatten().clamp_(x)', 'x[:1].atan2_(1)'])
def test_in_place_on_a_leaf_view_raises_before_the_ops_own_errors(code):
    raises_like_torch(lambda lib: eval(code, {'x': lib.zeros(1, 0, dtype=lib.float64, requires_grad=True)}))


@pytest.mark.parametrize('sizes', [(3, -1), (5,), (), (0, -1)])
def test_unflatten_errors(sizes):
    raises_like_torch(lambda lib: lib.ones(4, 3).unflatten(0, sizes))


def first_gradient(code, *shape):
    """The gradient of code (with x) under create_graph: its value, and whether it requires grad."""
    def run(lib):
        x = values(lib, *shape)
        g, = lib.autograd.grad(eval(code), x, create_graph=True)
        return g.detach(), g.requires_grad
    return both(run)


@pytest.mark.filterwarnings('ignore:.*degrees of freedom')
@pytest.mark.parametrize('code', ['x.var()', 'x.var(0)', 'x.var(-1, keepdim=True)', 'x.std()', 'x.prod()',
                                  'x.prod(0)', 'x.prod(0, keepdim=True)'])
def test_first_gradient_of_a_0d_reduction_requires_grad_as_pytorchs(code):
    same(first_gradient(code))


@pytest.mark.filterwarnings('ignore:.*degrees of freedom')
@pytest.mark.parametrize('code', ['x.var(correction=5)', 'x.var(0, correction=5)', 'x.std(0, correction=5)',
                                  'x.std(correction=5)', 'x.var(0, correction=3)', 'x.var()'])
def test_variance_with_no_degrees_of_freedom_has_pytorchs_derivative(code):
    same(first_gradient(code, 3))


@pytest.mark.parametrize('change', ['with lib.no_grad(): x.mul_(2)', 'with lib.no_grad(): v.mul_(2)',
                                    'v.detach().mul_(2)', 'x.detach()[0] = 2', 'x.mul_(2)'])
@pytest.mark.parametrize('view', ['x[1:]', 'x[None]', 'x.t()'])
def test_a_view_whose_memory_changed_gets_an_as_strided_node(view, change):
    def run(lib):
        x = values(lib, 3) * 1 if change == 'x.mul_(2)' else values(lib, 3)
        leaf = x if x.is_leaf else None
        v = eval(view)
        exec(change, {'lib': lib, 'x': x, 'v': v})
        return node(v), v.detach(), v.requires_grad, leaf is None or lib.autograd.grad(v.sum(), leaf)[0]
    same(both(run))


def test_an_expanded_view_whose_base_changed_gets_an_as_strided_node():
    def run(lib):
        x = values(lib, 3)
        v = x.expand(2, 3)
        with lib.no_grad():
            x.mul_(2)
        return node(v), v.detach(), lib.autograd.grad(v.sum(), x)[0]
    same(both(run))


def test_softshrink_keeps_nan_as_pytorch():
    def run(lib):
        x = lib.tensor([1.0, -1.0, 0.0, 0.2, -0.3, 2.0], dtype=lib.float64, requires_grad=True)
        y = lib.nn.functional.softshrink(x.log() * x, 0.5)
        y.sum().backward()
        return y.detach(), x.grad
    same(both(run))


@pytest.mark.parametrize('code', [
    'v = x.max()\nwith lib.no_grad(): v.mul_(2)\n(v * 2).backward()',
    'v = x.min()\nwith lib.no_grad(): v.add_(1)\nv.backward()',
    'v = x * x\nv.pow_(v)\nv.sum().backward()',
    'v = x.exp()\nv.mul_(2)\nv.mul_(2)\nv.sum().backward()',
    'v = x * 1\nw = v.sin()\nv.mul_(2)\nv.add_(2)\nw.sum().backward()'])
def test_a_saved_tensor_changed_in_place_raises_pytorchs_error(code):
    raises_like_torch(lambda lib: exec(code, {'lib': lib, 'x': values(lib, 2, 2)}))


@pytest.mark.parametrize('code', ['v[0] = 1.5', 'v[:] = 1.5', 'v[...] = 1.5', 'v[1:] = 1.5', 'v[None] = 1.5',
                                  'v[[0]] = 1.5', 'v.mul_(2)'])
@pytest.mark.parametrize('parts', ['x.unbind()[1]', 'x.split(1)[1][0]', 'x.chunk(2)[0]'])
def test_writing_into_a_part_of_unbind_or_split_raises_pytorchs_error(parts, code):
    raises_like_torch(lambda lib: exec(f'v = {parts}; {code}', {'x': values(lib, 2, 3) * 1}))


@pytest.mark.parametrize('a, da, b, db', [
    ((1, 2, 1), 'bool', (1, 1, 0), 'float64'), ((1, 2, 1), 'float64', (1, 1, 0), 'bool'),
    ((1, 2, 0), 'float32', (1, 0, 3), 'float64'), ((2, 1), 'float32', (1, 0), 'float64'),
    ((1, 0, 1), 'float32', (1, 1, 2), 'float64'), ((2, 1, 1), 'float32', (1, 0), 'float64'),
    ((2, 1, 1), 'float32', (1,), 'float64'), ((1,), 'float32', (0, 1, 0), 'float64'),
    ((0, 2, 1), 'float64', (1, 1, 4), 'int64'), ((1, 2, 3), 'float32', (1, 3, 1), 'float64')])
def test_matmul_of_two_dtypes_with_an_empty_operand(a, da, b, db):
    """PyTorch's batched product of an empty operand gives zeros in the second one's dtype; the others refuse."""
    def run(lib):
        grad = da.startswith('float') and db.startswith('float')
        x = lib.ones(a, dtype=getattr(lib, da), requires_grad=grad)
        y = lib.ones(b, dtype=getattr(lib, db), requires_grad=grad)
        out = x @ y
        if grad:
            out.sum().backward()
        return out.detach(), x.grad, y.grad
    try:
        want = run(torch)
    except RuntimeError:
        return raises_like_torch(run)
    same((want, run(minigrad)))


@pytest.mark.parametrize('code', ['x[[0, 0]]', 'x[torch.tensor([0])]', 'y[:, [0]]', 'y[[0], [0]]', 'y[[0, 1], [-1]]',
                                  'x.index_put_((torch.tensor([0]),), torch.tensor(1.), accumulate=True)',
                                  'x.__setitem__([0], 1)', 'x[0]'])
def test_index_arrays_into_a_size_0_dim_raise_pytorchs_error(code):
    raises_like_torch(lambda lib: eval(code, {'torch': lib, 'x': lib.zeros(0), 'y': lib.zeros(2, 0)}))


def test_power_minus_one_half_is_rsqrt_as_pytorch():
    def run(lib):
        x = lib.tensor([-np.inf, -0.0, 0.0, 4.0, -1.0, np.inf, np.nan], dtype=lib.float64, requires_grad=True)
        y = x ** -0.5
        y.sum().backward()
        return y.detach(), x.grad
    same(both(run))


@pytest.mark.parametrize('change', ['v.mul_(3)', 'v.mul_(3); v.mul_(3)', 'v[0] = 4', 'v[1:].mul_(2)',
                                    'v.clamp_(min=1.5)', 'w = v[1:]; w.retain_grad(); w.mul_(2)'])
def test_retain_grad_then_in_place_gives_the_gradient_of_the_new_value(change):
    def run(lib):
        x = values(lib, 2)
        v = x * 1
        v.retain_grad()
        scope = {'v': v}
        exec(change, scope)
        (v * lib.tensor([5.0, 7.0], dtype=lib.float64)).sum().backward()
        return v.grad, x.grad, v.retains_grad, scope['w'].grad if 'w' in scope else None
    same(both(run))


@pytest.mark.parametrize('change', ['v.mul_(2)', 'with lib.no_grad(): v.mul_(2)', 'b.detach().mul_(2)'])
@pytest.mark.parametrize('use', ['a.grad_fn', 'a * 1', 'b.grad_fn'])
def test_a_part_of_unbind_whose_base_changed_raises_pytorchs_error(change, use):
    def run(lib):
        v = values(lib, 1, 2) * 1
        a, b = v.unbind(1)
        exec(change, {'lib': lib, 'v': v, 'b': b})
        assert a.requires_grad      # reading the flag does not raise
        eval(use, {'a': a, 'b': b})
    raises_like_torch(run)


# Every unary, binary and reduction op of the database: an input or the result changed in place (in no_grad mode)
# before backward is PyTorch's error exactly where PyTorch keeps that tensor for backward.
def saved_cases():
    import opdb
    for info in opdb.OPS:
        if info.kind in ('unary', 'binary', 'reduction'):
            for changed in ('x', 'y', 'out') if info.kind == 'binary' else ('x', 'out'):
                yield pytest.param(info, changed, id=f'{info.name}-{changed}')


@pytest.mark.filterwarnings('ignore')
@pytest.mark.parametrize('info, changed', list(saved_cases()))
def test_a_tensor_changed_in_place_before_backward_is_an_error_where_pytorch_keeps_it(info, changed):
    from test_program_fuzz import call

    def run(lib):
        x = values(lib, 2, 3) - 0.6
        y = (values(lib, 2, 3) * 1.3 - 1).detach().requires_grad_()
        code = call(info, 'x', 'y') if info.kind == 'binary' else call(info, 'x')
        try:
            out = eval(code, {'torch': lib, 'x': x, 'y': y})
        except (RuntimeError, TypeError):
            return 'no result'
        out = out[0] if isinstance(out, tuple) else out
        if not out.requires_grad:
            return 'no graph'
        with lib.no_grad():
            {'x': x, 'y': y, 'out': out}[changed].mul_(1)
        try:
            out.sum().backward()
        except RuntimeError as e:
            return 'modified by an inplace operation' in str(e)
        return False
    want = run(torch)
    if want in ('no result', 'no graph'):
        return
    assert run(minigrad) == want


@pytest.mark.parametrize('create_graph', [False, True])
def test_atan2_of_a_bool_tensor_refuses_to_negate_it_in_backward_as_pytorch(create_graph):
    def run(lib):
        b = values(lib, 2)
        lib.atan2(lib.tensor([True, False]), b).sum().backward(create_graph=create_graph)
    raises_like_torch(run)

    def bool_second(lib):       # a bool second operand is not negated: no error
        a = values(lib, 2)
        out = lib.atan2(a, lib.tensor([True, False]))
        g, = lib.autograd.grad(out.sum(), a, create_graph=create_graph)
        return out.detach(), g.detach()
    same(both(bool_second))


@pytest.mark.parametrize('code', ['F.glu(torch.tensor([2]))', 'F.glu(torch.tensor([2, 3]))',
                                  'F.glu(torch.tensor([True]))', 'F.glu(torch.tensor([1.0]), dim=3)'])
def test_glu_checks_in_pytorchs_order(code):
    raises_like_torch(lambda lib: eval(code, {'torch': lib, 'F': lib.nn.functional}))


def test_fill_with_a_0d_tensor_passes_the_gradient_to_it():
    def run(lib):
        x = values(lib, 2, 3) * 1
        v = lib.tensor(2.0, dtype=lib.float64, requires_grad=True)
        x.fill_(v)
        (x * lib.arange(6.0, dtype=lib.float64).view(2, 3)).sum().backward()
        y = values(lib, 3) * 1
        y.fill_(y[1])       # an element of itself
        return x.detach(), v.grad, node(x), y.detach()
    same(both(run))
    raises_like_torch(lambda lib: lib.ones(2).fill_(lib.ones(2)))


@pytest.mark.parametrize('code', ['x.repeat_interleave(torch.tensor([1, 0, 2]))',
                                  'x.view(1, 3).repeat_interleave(torch.tensor([2]), dim=0)',
                                  'x.view(1, 3).repeat_interleave(torch.tensor([2, 1, 1]), dim=1, output_size=4)'])
def test_repeat_interleave_with_counts_is_index_select(code):
    same_node_and_gradient(lambda lib, x: eval(code, {'torch': lib, 'x': x}), 3)


@pytest.mark.parametrize('code', ['x.repeat_interleave(torch.tensor([2, 1, 1]), output_size=5)',
                                  'torch.repeat_interleave(torch.tensor([2, 1, 1]), output_size=5)',
                                  'x.repeat_interleave(2, output_size=5)'])
def test_repeat_interleave_output_size_errors(code):
    raises_like_torch(lambda lib: eval(code, {'torch': lib, 'x': lib.ones(3)}))


@pytest.mark.parametrize('code', ['y[:] = v', 'y[...] = 3', 'y[:, 0:2] = 3', 'y[:] = s', 'y[0] = v', 'y[0] = s',
                                  'y[:] = y[0]', 'y[0] = y[1]', 'y[0:1] = y[0]'])
def test_setitem_of_a_whole_key_writes_into_the_tensor_itself_as_pytorch(code):
    def run(lib):
        x = values(lib, 2, 2)
        y = x * 1
        v = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
        s = lib.tensor(5.0, dtype=lib.float64, requires_grad=True)
        exec(code, {'y': y, 'v': v, 's': s})
        (y * lib.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=lib.float64)).sum().backward()
        return y.detach(), node(y), x.grad, v.grad, s.grad
    same(both(run))


@pytest.mark.parametrize('code', ['x1 = torch.tensor([[[2, 1]]]); x1[0] = x1', 'y.copy_(y.t())',
                                  'y[1:].add_(y[:-1])', 'y.add_(y)', 'y.view(1, 4).add_(y)', 'y[0] = y[1]',
                                  'y.view(4, 1).copy_(y)'])
def test_overlapping_writes_as_pytorch(code):
    def run(lib):
        y = lib.arange(4.0).view(2, 2) if 't()' in code or '[0] = y[1]' in code else lib.arange(4.0)
        scope = {'torch': lib, 'y': y}
        exec(code, scope)
        return scope.get('x1', y)
    try:
        want = run(torch)
    except RuntimeError:
        return raises_like_torch(run)
    same((want, run(minigrad)))


@pytest.mark.parametrize('op', ['cummax', 'cummin'])
def test_cummax_keeps_its_input_and_gives_an_empty_input_itself_as_gradient(op):
    def changed(lib):
        x = values(lib, 3) * 1
        v = getattr(x, op)(0).values
        x.mul_(2)
        v.sum().backward()
    raises_like_torch(changed)

    def empty(lib):
        x = lib.zeros(0, 3, dtype=lib.float64, requires_grad=True)
        g, = lib.autograd.grad(getattr(x, op)(0).values.sum(), x, create_graph=True)
        return g.detach(), g.requires_grad, g.grad_fn is None
    same(both(empty))


@pytest.mark.parametrize('dtype', ['float64', 'float32'])
def test_trigamma_agrees_with_pytorchs_to_the_last_bits(dtype):
    """polygamma(1, x), also lgamma's second derivative: PyTorch's series, not scipy's (they differ by 3e-10)."""
    x = np.concatenate([np.linspace(-5, 5, 1001), [0.55, 1e-8, -1e-8, 0, -1, 100, 1e10, np.inf, np.nan, 0.4999999]])
    want = torch.polygamma(1, torch.tensor(x, dtype=getattr(torch, dtype))).numpy()
    got = minigrad.polygamma(1, minigrad.tensor(x, dtype=getattr(minigrad, dtype))).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-13 if dtype == 'float64' else 1e-6, atol=0)

    def second(lib):
        a = lib.tensor(0.55, dtype=lib.float64, requires_grad=True)
        g, = lib.autograd.grad(lib.lgamma(a), a, create_graph=True)
        return lib.autograd.grad(g, a)[0]
    want, got = both(second)
    np.testing.assert_allclose(got.item(), want.item(), rtol=1e-14)


@pytest.mark.parametrize('code', ['F.pairwise_distance(x, y)', 'F.pairwise_distance(x, y, p=1)',
                                  'F.pairwise_distance(x[0], y[0])', 'torch.norm_except_dim(x, 2, -1)',
                                  'torch.norm_except_dim(x, 3, -1)', 'torch.norm_except_dim(x, 2, 0)'])
def test_norms_that_aten_computes_are_norm_nodes(code):
    same_node_and_gradient(lambda lib, x: eval(code, {'torch': lib, 'F': lib.nn.functional, 'x': x,
                                                      'y': lib.ones(3, 4, dtype=lib.float64)}), 3, 4)


def test_batched_matmul_saves_views_of_its_inputs_as_pytorch():
    """bmm keeps the inputs expanded and folded to 3-D (views): PyTorch's error names their remade node."""
    def run(lib):
        x = values(lib, 1, 1, 1)
        y = x @ x
        with lib.no_grad():
            x.mul_(2)
        y.sum().backward()
    raises_like_torch(run)


@pytest.mark.parametrize('code', ['x.logical_and_(x)', 'x.logical_or_(x)', 'x.logical_xor_(x)', 'x.logical_not_()',
                                  'y.logical_and_(y)', 'y.logical_not_()'])
def test_logical_in_place_leaves_the_graph_alone_as_pytorch(code):
    def run(lib):
        x = lib.tensor([0.0, 2.0], dtype=lib.float64, requires_grad=True)
        y = x * 1
        version = y._version
        eval(code, {'x': x, 'y': y})
        return x.detach(), y.detach(), x.requires_grad, x.is_leaf, node(y), y._version - version
    same(both(run))


@pytest.mark.parametrize('code', ['x.logical_and_(1)', 'x.ldexp_(1.5)', 'torch.ldexp(x, 1.5)'])
def test_in_place_type_errors_name_the_in_place_method(code):
    raises_like_torch(lambda lib: eval(code, {'torch': lib, 'x': lib.tensor([0.0, 2.0])}))


@pytest.mark.parametrize('code', ['torch.zeros(0, 3).reshape(0, -1)', 'torch.zeros(0, 3).view(-1, 0)',
                                  'torch.zeros(2, 3).reshape(0, -1)'])
def test_reshape_of_0_elements_with_minus_1_is_ambiguous(code):
    raises_like_torch(lambda lib: eval(code, {'torch': lib}))


def inplace_binary():
    import opdb
    return [pytest.param(o.inplace, id=o.inplace) for o in opdb.OPS if o.kind == 'binary' and o.inplace]


@pytest.mark.filterwarnings('ignore')
@pytest.mark.parametrize('method', inplace_binary())
@pytest.mark.parametrize('number', [1.5, 2])
def test_in_place_binary_ops_with_a_number_as_pytorch(method, number):
    """x.op_(number): PyTorch's result, or its TypeError naming the in-place method and position 1."""
    def run(lib):
        x = lib.tensor([[0.5, 2.0], [3.0, -1.0]], dtype=lib.float64) if number == 1.5 else lib.tensor([[4, 2], [3, -1]])
        getattr(x, method)(number)
        return x
    try:
        want = run(torch)
    except (TypeError, RuntimeError):
        return raises_like_torch(run)
    same((want, run(minigrad)))


@pytest.mark.parametrize('code', ['torch.tensor(0.55).gcd_(torch.zeros(0))', 'torch.tensor([5.0]).gcd_(torch.zeros(1))',
                                  'torch.tensor([4, 6]).gcd_(torch.tensor([1, 2, 3]))',
                                  'torch.tensor(5).lcm_(torch.zeros(0, dtype=torch.int64))'])
def test_gcd_in_place_checks_shapes_before_the_dtype(code):
    raises_like_torch(lambda lib: eval(code, {'torch': lib}))


def test_xlogy_gradient_at_zero_with_a_negative_other():
    def run(lib):
        x = lib.tensor([0.0, 0.0, 0.0, 1.0, 0.0], dtype=lib.float64, requires_grad=True)
        y = lib.tensor([2.0, -3.0, np.nan, -1.0, 0.0], dtype=lib.float64)
        lib.xlogy(x, y).sum().backward()
        return x.grad
    same(both(run))


@pytest.mark.parametrize('form', ['tensors', 'number_other', 'number_self', 'same_tensor'])
def test_xlogy_first_and_second_derivatives_at_zero_negatives_nan_and_inf(form):
    """Every first and second derivative of xlogy(x, y) * w for x, y in {0, -0, -1, 1, nan, inf}: PyTorch's
    formula for a number y takes da = 0 where x = 0 unless y > 0 (a nan y too), for a tensor y where y <= 0."""
    grid = [0.0, -0.0, -1.0, 1.0, np.nan, np.inf]

    def run(lib):
        derivatives = []
        for xv, yv in itertools.product(grid, repeat=2):
            x, y, w = (lib.tensor(v, dtype=lib.float64, requires_grad=True) for v in (xv, yv, 0.3))
            calls = {'tensors': (x, y), 'number_other': (x, yv), 'number_self': (xv, y), 'same_tensor': (x, x)}
            firsts = lib.autograd.grad(lib.xlogy(*calls[form]) * w, [x, y, w], create_graph=True, allow_unused=True)
            derivatives.append(firsts)
            derivatives += [lib.autograd.grad(g, [x, y, w], allow_unused=True, retain_graph=True)
                            for g in firsts if g is not None and g.requires_grad]
        return derivatives
    same(both(run))


def test_nextafter_gradient_is_0_where_the_input_equals_other():
    """nextafter(a, b) is b where a == b: PyTorch's da selects g only where a != b (an inf g stays out too)."""
    def run(lib):
        a = lib.tensor([0.5, 1.0, 2.0, np.nan], dtype=lib.float64, requires_grad=True)
        b = lib.tensor([0.5, 0.0, 2.0, 1.0], dtype=lib.float64, requires_grad=True)
        w = lib.tensor([1.0, 2.0, np.inf, 4.0], dtype=lib.float64, requires_grad=True)
        out = lib.nextafter(a, b)
        da, db = lib.autograd.grad(out, [a, b], w, create_graph=True)
        return out, da, db, node(da), lib.autograd.grad(da.sum(), [w])
    same(both(run))


@pytest.mark.parametrize('shapes', [[(2, 0, 2), (2, 0)], [(3, 1, 2), (2, 3)], [(2, 0, 2), (2, 0), (3, 2)],
                                    [(2, 3), (3, 1, 2), (4, 3, 2)]])
def test_broadcast_error_names_the_last_dim_that_differs_pair_by_pair(shapes):
    """PyTorch broadcasts the shape so far with each next operand, checking from the last dim: its error names the
    last dim that differs (where's condition is the first operand)."""
    raises_like_torch(lambda lib: lib.zeros(shapes[0]) + lib.zeros(shapes[1]))
    if len(shapes) == 3:
        raises_like_torch(lambda lib: lib.where(lib.zeros(shapes[0]) > 0, lib.zeros(shapes[1]), lib.zeros(shapes[2])))
        raises_like_torch(lambda lib: lib.addcmul(*(lib.zeros(s) for s in shapes)))


@pytest.mark.parametrize('code', ['x.add_(x.t())', 'x.copy_(x.t())', 'x.t().mul_(x)', 'y.add_(y.t())',
                                  'x.add_(x.view(1, 2))', 'x[None].add_(x)', 'z.nextafter_(z[..., ::2])',
                                  'z.add_(z[0])', 'z.logical_and_(z[0])', 'y.logical_and_(y.view(-1))'])
def test_in_place_overlap_compares_strides_as_pytorch(code):
    """x of shape (2, 1) and x.t() have the same strides, (1, 1): PyTorch sees a full overlap, which is allowed,
    and its next check, the shape, raises; other layouts of the same memory overlap partly, an error (z[..., ::2]
    of one element too: its stride is 2), checked before the shapes (logical_and_ too)."""
    def run(lib):
        x, y = lib.tensor([[0.55], [-0.92]], dtype=lib.float64), lib.ones(2, 2, dtype=lib.float64)
        z = lib.tensor([0.55], dtype=lib.float64)
        eval(code)
    raises_like_torch(run)


def test_in_place_full_overlap_through_a_dim_inserted_by_none():
    """w[:, None] and w.view(3, 1) see the same memory alike (numpy's stride of the inserted dim is 0, PyTorch's 1):
    a full overlap, allowed."""
    def run(lib):
        w = lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64)
        w[:, None].add_(w.view(3, 1))
        return w
    same(both(run))


def test_threshold_keeps_nan_and_its_gradient():
    """PyTorch's threshold tests a <= threshold for the value: a NaN input stays NaN and passes its gradient."""
    def run(lib):
        x = lib.tensor([np.nan, 0.05, 0.1, 0.5, -np.inf], dtype=lib.float64, requires_grad=True)
        out = lib.nn.functional.threshold(x, 0.1, 2.0)
        y = x.detach().clone()
        lib.nn.functional.threshold_(y, 0.1, 2.0)
        return out, lib.autograd.grad(out, x, lib.arange(1.0, 6.0, dtype=lib.float64)), y
    same(both(run))


@pytest.mark.parametrize('code', ['torch.zeros(2, 0).expand(1, 1)', 'torch.zeros(2, 3).expand(3, 2)',
                                  'torch.ones(1, 1, 1)[0].__setitem__(0, torch.zeros(2, 0))'])
def test_expand_error_names_the_last_dim_that_differs(code):
    raises_like_torch(lambda lib: eval(code, {'torch': lib}))


@pytest.mark.parametrize('code', ['torch.tensor(0).nextafter_(torch.zeros(0, dtype=torch.int64))',
                                  'torch.tensor(True).remainder_(torch.ones(3, dtype=torch.bool))',
                                  'torch.zeros(2, dtype=torch.bool).floor_divide_(torch.ones(3, dtype=torch.bool))',
                                  'torch.zeros(()).ldexp_(torch.ones(3, dtype=torch.bool))',
                                  'torch.zeros((), dtype=torch.int64).hypot_(torch.ones(2, 2, dtype=torch.int64))',
                                  'torch.zeros(0, dtype=torch.bool).nextafter_(torch.zeros(0, dtype=torch.int64))',
                                  'torch.zeros(2, dtype=torch.int64).hypot_(torch.zeros((), dtype=torch.float64))',
                                  'torch.tensor(2).floor_divide_(torch.tensor([0]))'])
def test_binary_in_place_checks_the_shape_and_cast_before_the_kernel_dtype(code):
    raises_like_torch(lambda lib: eval(code, {'torch': lib}))


def test_clamp_min_and_max_with_a_nan_bound_pass_no_gradient():
    """PyTorch's formulas: da = g where a >= m, dm = g where a < m (clamp_min; <= and > for clamp_max), so a NaN on
    either side gives neither a gradient."""
    def run(lib):
        out = []
        for clamp in (lib.clamp_min, lib.clamp_max):
            a = lib.tensor([0.5, np.nan, 1.0, 2.0, 1.0], dtype=lib.float64, requires_grad=True)
            m = lib.tensor([np.nan, 0.5, 1.0, 1.0, 2.0], dtype=lib.float64, requires_grad=True)
            g = lib.arange(1.0, 6.0, dtype=lib.float64)
            out += [clamp(a, m), lib.autograd.grad(clamp(a, m), [a, m], g), lib.autograd.grad(clamp(a, 0.7), a, g)]
        return out
    same(both(run))


def test_sub_in_place_on_a_leaf_refuses_the_leaf_before_a_bool_other():
    raises_like_torch(lambda lib: lib.zeros(2, requires_grad=True).sub_(lib.ones(2) > 0))


@pytest.mark.parametrize('eps', [None, 0.0, 0.1])
def test_logit_gradient_at_minus_zero_is_g_times_inf(eps):
    """PyTorch's kernel gives g * inf at a = 0 or 1 (a -0.0 too, where g / (a (1 - a)) would flip the sign)."""
    def run(lib):
        x = lib.tensor([0.06, -0.0, 0.0, 1.0, -0.5, 1.5], dtype=lib.float64, requires_grad=True)
        return lib.autograd.grad(lib.logit(x, eps), x, lib.tensor([0.27, -0.46, -0.3, -0.2, 1.0, 1.0], dtype=lib.float64))
    same(both(run))


@pytest.mark.parametrize('code', ['a @ b', 'torch.bmm(a, b)', 'a.expand(2, 1, 1) @ b'])
def test_empty_bmm_of_an_integer_with_an_input_that_requires_grad_is_refused(code):
    """PyTorch's bmm of no elements gives zeros in the second operand's dtype: an integer result of an input that
    requires grad is refused."""
    def run(lib):
        a, b = lib.ones(1, 1, 1, dtype=lib.float64, requires_grad=True), lib.zeros(1, 1, 0, dtype=lib.int64)
        eval(code, {'torch': lib, 'a': a, 'b': b})
    raises_like_torch(run)


@pytest.mark.parametrize('code', ['v = x + 1.5\nv.exp_()', 'v = torch.exp(x)\nv.exp_()', 'v = x + 1.5\nv.sigmoid_()'])
def test_an_in_place_op_that_saves_its_result_catches_a_later_change(code):
    """exp_ saves its result, which is the tensor changed in place: a change after it (under no_grad) is an error at
    backward, expecting the version the in-place op left."""
    def run(lib):
        x = lib.tensor([0.5, 1.0], dtype=lib.float64, requires_grad=True)
        exec(code + '\nwith torch.no_grad(): v.mul_(2)\n(v * 1).sum().backward()', {'torch': lib, 'x': x})
    raises_like_torch(run)


@pytest.mark.parametrize('code', ['x @ x.detach()', 'x * x.detach()', 'torch.atan2(x.detach(), x)'])
def test_an_op_of_x_and_x_detach_keeps_the_detached_one_out_of_the_graph(code):
    """x.detach() shares x's memory; saved for backward it stays itself, so x.grad under create_graph does not
    require grad, as PyTorch's."""
    def run(lib):
        x = lib.tensor([0.5, 1.5], dtype=lib.float64, requires_grad=True)
        eval(code, {'torch': lib, 'x': x}).sum().backward(create_graph=True)
        return x.grad, x.grad.requires_grad
    same(both(run))


@pytest.mark.parametrize('grad', [True, False])
@pytest.mark.parametrize('code', ['torch.bitwise_and(v, 1.5)', '1 & v', 'v << 1', 'torch.bitwise_not(v)',
                                  'torch.gcd(v, v)', 'torch.lcm(v, v)'])
def test_reading_a_part_of_split_whose_base_changed_is_refused_before_the_kernel(code, grad):
    """In grad mode PyTorch's autograd layer refuses the part first; in no_grad mode the kernel refuses floats."""
    def run(lib):
        x = lib.zeros(2, dtype=lib.float64, requires_grad=True)
        v = x.split(1)[-1]
        with lib.no_grad():
            x.mul_(2)
        with lib.set_grad_enabled(grad):
            eval(code, {'torch': lib, 'v': v})
    raises_like_torch(run)


@pytest.mark.parametrize('shapes', [((1, 0), (0,)), ((0, 2), (2,)), ((1, 0), (0, 2)), ((2, 3), (3, 0)),
                                    ((0,), (0, 2)), ((2, 1, 0), (2, 0, 3))])
def test_bool_matmul_with_no_elements_runs_no_kernel(shapes):
    """PyTorch's mm, mv and bmm run no kernel on no elements: bool passes, giving zeros (False)."""
    same(both(lambda lib: lib.zeros(shapes[0], dtype=lib.bool) @ lib.zeros(shapes[1], dtype=lib.bool)))


@pytest.mark.parametrize('code', ['x // z', 'x % z', 'torch.fmod(x, z)', 'z // x', 'x.floor_divide_(z)',
                                  'x.div(z, rounding_mode="trunc")'])
def test_integer_division_by_zero_with_no_elements_divides_nothing(code):
    same(both(lambda lib: eval(code, {'torch': lib, 'x': lib.zeros(0, dtype=lib.int64), 'z': lib.tensor(0)})))


@pytest.mark.parametrize('others', [0, 3])
def test_cat_gives_a_1d_empty_input_new_zeros_outside_the_graph(others):
    def run(lib):
        x = lib.zeros(0, dtype=lib.float64, requires_grad=True)
        out = lib.exp(lib.cat([x, x, lib.ones(others, dtype=lib.float64, requires_grad=True)]))
        (out * lib.ones(others, dtype=lib.float64)).sum().backward(create_graph=True)
        return x.grad, x.grad.requires_grad
    same(both(run))


@pytest.mark.parametrize('n', [0, 2])
def test_a_remade_view_with_no_elements_gives_new_zeros_outside_the_graph(n):
    """A view whose base changed in place is remade as AsStrided; with no elements its gradient is new zeros."""
    def run(lib):
        x = lib.zeros(n, 2, dtype=lib.float64, requires_grad=True)
        v = x.t()
        with lib.no_grad():
            x.mul_(2)
        (lib.exp(v) * lib.ones(2, n, dtype=lib.float64)).sum().backward(create_graph=True)
        return node(v), x.grad, x.grad.requires_grad
    same(both(run))


@pytest.mark.parametrize('code', ['v.bitwise_and_(1.5)', 'v.gcd_(v)', 'v.bitwise_xor_(w)', 'w.bitwise_and_(w[None])'])
def test_bitwise_in_place_checks_memory_overlap_first(code):
    def run(lib):
        v, w = lib.tensor(0.55, dtype=lib.float64).expand(2), lib.tensor([1, 2])
        eval(code)
    raises_like_torch(run)


def test_heaviside_in_place_on_a_leaf_refuses_the_leaf_before_the_dtypes():
    raises_like_torch(lambda lib: lib.zeros(2, requires_grad=True).heaviside_(lib.ones(2) > 0))


def test_version_error_names_copy_slices_as_pytorch():
    def run(lib):
        x = values(lib, 2) * 1
        x[0] = 3
        y = x * x
        x.mul_(2)
        y.sum().backward()
    raises_like_torch(run)
