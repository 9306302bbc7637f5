"""The op layer: every public op goes through the graph with PyTorch's gradients and node names (prod, remainder,
floor division, sign, rounding, casts), minigrad.<name> and Tensor.<name> are one function, nn.functional exports
PyTorch's public names only, and the import graph has no cycle."""
import ast
from pathlib import Path

import numpy as np
import pytest
import torch

import minigrad
from minigrad.functions.table import TABLE, checked, operator
from test_bad_input import raises_like_torch

ROOT = Path(minigrad.__file__).parent

PROGRAMS = {   # each: lambda lib, x, y -> a tensor; x, y float64 leaves (y without zeros)
    'prod times x': lambda lib, x, y: x * x.prod(),
    'prod with a zero': lambda lib, x, y: (x * lib.tensor([1.0, 0.0, 1.0], dtype=lib.float64)).prod() * x,
    'prod(dim)': lambda lib, x, y: x.reshape(1, 3).prod(1) * x,
    'remainder tensor': lambda lib, x, y: x % y,
    'remainder number': lambda lib, x, y: x % 0.7,
    'div floor': lambda lib, x, y: x.div(y, rounding_mode='floor') + x,
    'div trunc': lambda lib, x, y: x.div(y, rounding_mode='trunc') * y,
    'sign': lambda lib, x, y: x.sign() * x,
    'long cast': lambda lib, x, y: x.long().to(lib.float64) * x,
    'bool cast': lambda lib, x, y: x.bool().to(lib.float64) * x + x.int().to(lib.float64),
}


@pytest.mark.parametrize('name', PROGRAMS)
def test_gradients_and_node_names_match_torch(name):
    results = []
    for lib in (torch, minigrad):
        x = lib.tensor([1.0, 2.5, -3.0], dtype=lib.float64, requires_grad=True)
        y = lib.tensor([2.0, -1.5, 0.5], dtype=lib.float64, requires_grad=True)
        out = PROGRAMS[name](lib, x, y)
        out.sum().backward()
        results.append((out, x.grad, y.grad))
    (tout, tx, ty), (mout, mx, my) = results
    np.testing.assert_allclose(mout.detach().numpy(), tout.detach().numpy(), rtol=1e-12)
    assert type(mout.grad_fn).__name__ == type(tout.grad_fn).__name__ == mout.grad_fn.name()
    for t, m in ((tx, mx), (ty, my)):
        assert (t is None) == (m is None)
        if t is not None:
            np.testing.assert_allclose(m.numpy(), t.numpy(), rtol=1e-12)


@pytest.mark.parametrize('fn', [lambda lib, x: x.prod(), lambda lib, x: x.sign(), lambda lib, x: x % 2,
                                lambda lib, x: x.div(2, rounding_mode='floor'), lambda lib, x: 2 // x,
                                lambda lib, x: x // 2, lambda lib, x: 2 % x],
                         ids=['prod', 'sign', 'mod', 'div floor', 'number // x', 'x // number', 'number % x'])
def test_results_record_nodes_as_torch(fn):
    names = []
    for lib in (torch, minigrad):
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        out = fn(lib, x)
        names.append((type(out.grad_fn).__name__, out.requires_grad))
    assert names[0] == names[1]


@pytest.mark.parametrize('fn', [lambda lib, x: x // 2, lambda lib, x: 2 % x], ids=['floor_divide', 'remainder'])
def test_ops_without_a_derivative_raise_torchs_error_in_backward(fn):
    raises_like_torch(lambda lib: fn(lib, lib.tensor([1.0, 2.0], requires_grad=True)).sum().backward())


@pytest.mark.parametrize('cast', ['long', 'int', 'bool'])
def test_integer_and_bool_casts_carry_no_gradient(cast):
    for lib in (torch, minigrad):
        x = lib.ones(2, requires_grad=True)
        y = getattr(x, cast)()
        assert not y.requires_grad and y.grad_fn is None and y.is_leaf


def test_every_grad_fn_class_is_named_as_its_node():
    x = minigrad.randn(2, 3, requires_grad=True)
    outs = [x + 1, x * x, x.exp(), x.sum(), x.sum(1), x.t(), x[0], x[:, 1], x.view(6), x.reshape(3, 2), x.relu(),
            x.max(), x.max(1).values, x.softmax(1), x @ x.t(), x.clamp(min=0), x.mean(), x.std(), x.prod(),
            minigrad.nn.functional.linear(x, minigrad.randn(4, 3), minigrad.randn(4))]
    want = ['AddBackward0', 'MulBackward0', 'ExpBackward0', 'SumBackward0', 'SumBackward1', 'TBackward0',
            'SelectBackward0', 'SelectBackward0', 'ViewBackward0', 'ViewBackward0', 'ReluBackward0', 'MaxBackward1',
            'MaxBackward0', 'SoftmaxBackward0', 'MmBackward0', 'ClampBackward1', 'MeanBackward0', 'StdBackward0',
            'ProdBackward0', 'AddmmBackward0']
    got = [type(o.grad_fn).__name__ for o in outs]
    assert got == want
    assert [o.grad_fn.name() for o in outs] == want


def test_no_op_class_shares_a_name_with_an_nn_module():
    modules = {n for n in dir(minigrad.nn) if isinstance(getattr(minigrad.nn, n), type)}
    ops = {cls.__name__ for cls in all_subclasses(minigrad.autograd.function.Op)}
    assert len(ops) > 50
    assert not modules & ops


def all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_subclasses(sub)


def test_module_functions_and_methods_are_one_function():
    """minigrad.mul, Tensor.mul and Tensor.__mul__ are one function of the table, each in the thin wrapper of its
    form (which words PyTorch's TypeError for an argument of the wrong kind, or gives NotImplemented)."""
    wrappers = {operator(abs).__code__, checked(abs, 'abs', True).__code__}

    def unwrapped(fn):
        assert fn.__code__ in wrappers
        return fn.__wrapped__
    assert unwrapped(minigrad.mul) is unwrapped(minigrad.Tensor.mul) is unwrapped(minigrad.Tensor.__mul__)
    assert unwrapped(minigrad.sum) is unwrapped(minigrad.Tensor.sum)
    on_tensor = [name for name, fn, method, function in TABLE if method]
    assert len(on_tensor) > 100 and all(unwrapped(getattr(minigrad.Tensor, n)) is fn for n, fn, m, f in TABLE if m)
    assert all(unwrapped(getattr(minigrad, n)) is fn for n, fn, m, f in TABLE if f)


def test_nn_functional_exports_only_torchs_public_names():
    names = set(minigrad.nn.functional.__all__)
    assert names <= set(dir(torch.nn.functional))
    public = {n for n in vars(minigrad.nn.functional) if not n.startswith('_')}
    assert public == names, public - names


def imports_of(path):
    """The minigrad modules that `path` imports by name (a package's own submodules resolved)."""
    module = '.'.join(path.relative_to(ROOT.parent).with_suffix('').parts).removesuffix('.__init__')
    package = module if path.name == '__init__.py' else module.rsplit('.', 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit('.', node.level - 1)[0] if node.level > 1 else package if node.level else ''
            target = '.'.join(p for p in (base, node.module or '') if p)
            for alias in node.names:
                sub = f'{target}.{alias.name}'
                found.add(sub if (ROOT.parent / sub.replace('.', '/')).with_suffix('.py').exists()
                          or (ROOT.parent / sub.replace('.', '/')).is_dir() else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m.startswith('minigrad')}


def find_cycle(graph):
    """A cycle in {module: imported modules} as a list, or None."""
    state = {}
    for start in graph:
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        state[start] = 'open'
        while stack:
            node, children = stack[-1]
            for child in children:
                if state.get(child) == 'open':
                    return path[path.index(child):] + [child]
                if child in graph and child not in state:
                    state[child] = 'open'
                    stack.append((child, iter(sorted(graph[child]))))
                    path.append(child)
                    break
            else:
                stack.pop()
                state[path.pop()] = 'done'
    return None


def test_the_import_graph_has_no_cycle():
    graph = {}
    for path in ROOT.rglob('*.py'):
        name = '.'.join(path.relative_to(ROOT.parent).with_suffix('').parts).removesuffix('.__init__')
        graph[name] = imports_of(path)
    assert len(graph) > 50
    assert find_cycle(graph) is None, find_cycle(graph)


def test_the_cycle_check_can_fail():
    assert find_cycle({'a': {'b'}, 'b': {'c'}, 'c': {'a'}}) == ['a', 'b', 'c', 'a']
    assert find_cycle({'a': {'b'}, 'b': set()}) is None
