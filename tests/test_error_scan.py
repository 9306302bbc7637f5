"""A scan of every public op with bad arguments, side by side with PyTorch: no numpy or Python exception that PyTorch
would not raise escapes, and minigrad refuses exactly what PyTorch refuses.

Every name of minigrad's op table (functions/table.py, as minigrad.<name> where that exists, else as a Tensor method)
and of minigrad.nn.functional.__all__ is called in each call shape that PyTorch accepts with good arguments (one
tensor; two tensors; a tensor and an int such as a dim; a tensor and a float; a tensor and two ints; a list of
tensors; a list and an int). Then the same shape is called with bad arguments in place of the good ones: bool, int64
and float64 tensors, an empty tensor, a 0-d tensor, a tensor whose shape does not broadcast, values that are no
tensor where one goes (None, a list of floats, a string: PyTorch's TypeError, or the AttributeError of its ops
written in Python), dims out of range. For
each call both libraries must end the same way: both return, or both raise the same exception type (messages are
compared for the cases of test_bad_input.py, not here). Dunder methods PyTorch answers with NotImplemented are left
out, as Python then tries the other operand.

KNOWN lists the differences left, each with its reason; the scan fails on any other.
"""
import warnings

import pytest
import torch

import minigrad
from minigrad.functions.table import TABLE

# the call shapes: T, U tensors; D an int (a dim, a size); N a float; L a list of two tensors [T, U]
CALLS = {'T': 'T', 'TU': 'TU', 'TD': 'TD', 'TN': 'TN', 'TDD': 'TDD', 'L': 'L', 'LD': 'LD'}
GOOD = {'T': ((2, 3), 'float32'), 'U': ((2, 3), 'float32'), 'D': 1, 'N': 0.5}
BAD_TENSORS = [((2, 3), 'bool'), ((2, 3), 'int64'), ((2, 3), 'float64'), ((0, 3), 'float32'), ((), 'float32'),
               ((4,), 'float32'), ('no tensor', None), ('no tensor', [1.0, 2.0]), ('no tensor', 'a')]
BAD_DIMS = [3, -3]
NOT_SCANNED = {'cuda', 'cpu', 'to', 'type', '__setitem__', 'new_tensor', 'requires_grad_',  # devices, dtypes, setters
               'bfloat16',   # numpy holds no bfloat16: refused with PyTorch's TypeError (tests/test_dtypes.py)
               '_weight_norm'}  # torch 2.13 dies of SIGFPE on an empty input; its cases are in tests/test_weight_norm.py

ADD_SUB = ('add', 'sub', 'subtract', 'rsub', '__add__', '__radd__', '__iadd__', '__sub__', '__isub__', 'add_', 'sub_',
           'subtract_')
KNOWN = {
    **{(name, 'TDD'): "PyTorch's deprecated add(input, value, other) overload, which minigrad does not have"
       for name in ADD_SUB},
}
KNOWN_NO_TENSOR = {     # (name, call): a value that is no tensor, taken where PyTorch refuses it
    **{(name, 'TU'): 'a second argument of None is taken as not given (PyTorch refuses None there)'
       for name in ('max', 'min', 'trapz', 'trapezoid', 'cumulative_trapezoid')},
    **{(name, 'TU'): 'clamp(None, None): minigrad raises RuntimeError (no bounds) where PyTorch raises TypeError'
       for name in ('clamp', 'clip')},
    ('normal', 'TU'): "a list or string as mean: numpy's error (ValueError), not PyTorch's TypeError",
    **{('split', call): "torch.split('a', 1) calls str.split (TypeError); minigrad's reads the tensor's shape "
       '(AttributeError)' for call in ('TD', 'TDD')},
}


class NotCalled(Exception):
    """The name is not a function and the first argument is not a tensor: there is no such call."""


def tensor(lib, spec):
    shape, dtype = spec
    if shape == 'no tensor':
        return dtype
    return (lib.arange(1, 1 + int(torch.Size(shape).numel())).reshape(shape) % 3).to(getattr(lib, dtype))


def arguments(lib, call, values):
    out = []
    for k in call:
        if k in 'TU':
            out.append(tensor(lib, values[k]))
        elif k == 'L':
            out.append([tensor(lib, values['T']), tensor(lib, values['U'])])
        else:
            out.append(values[k])
    return out


FUNCTIONS = {}
for _name, _fn, _method, _function in TABLE:
    FUNCTIONS[_name] = FUNCTIONS.get(_name) or _function


def run(lib, kind, name, call, values):
    """'ok', 'skip' (NotImplemented: Python would try the other operand) or the exception's type name."""
    try:
        args = arguments(lib, call, values)
        if kind == 'F':
            result = getattr(lib.nn.functional, name)(*args)
        elif FUNCTIONS[name] and hasattr(lib, name):
            result = getattr(lib, name)(*args)
        elif isinstance(args[0], lib.Tensor):
            result = getattr(args[0], name)(*args[1:])
        else:
            raise NotCalled
        return 'skip' if result is NotImplemented else 'ok'
    except NotCalled:
        return 'skip'
    except Exception as e:
        return type(e).__name__


def variants(call):
    """The good arguments, then each bad one in place of a good one (both tensors at once too)."""
    yield GOOD
    for k in call:
        if k in 'TUL':
            for bad in BAD_TENSORS:
                yield dict(GOOD, **{('T' if k == 'L' else k): bad})
                if k in 'UL':
                    yield dict(GOOD, U=bad)
                    yield dict(GOOD, T=bad, U=bad)
        elif k == 'D':
            for d in BAD_DIMS:
                yield dict(GOOD, D=d)


def all_names():
    names = [('T', n) for n in sorted(FUNCTIONS) if n not in NOT_SCANNED and
             (hasattr(torch, n) or hasattr(torch.Tensor, n))]
    return names + [('F', n) for n in minigrad.nn.functional.__all__]


def scan(names):
    """Every (name, call, arguments) where minigrad ends otherwise than torch: [(kind, name, call, values, torch's
    outcome, minigrad's)]."""
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for kind, name in names:
            for call in CALLS.values():
                if run(torch, kind, name, call, GOOD) != 'ok' or (name, call) in KNOWN:
                    continue
                for values in variants(call):
                    if (name, call) in KNOWN_NO_TENSOR and 'no tensor' in [values[k][0] for k in 'TU']:
                        continue
                    want, got = run(torch, kind, name, call, values), run(minigrad, kind, name, call, values)
                    if want != got:
                        found.append((kind, name, call, {k: values[k] for k in 'TUDN' if k in call or
                                                         (k in 'TU' and 'L' in call)}, want, got))
    return found


def test_minigrad_raises_exactly_what_torch_raises():
    names = all_names()
    assert len(names) > 150
    found = scan(names)
    assert not found, '\n'.join(f'{name} {call} {values}: torch {want}, minigrad {got}'
                                for _, name, call, values, want, got in found[:40])


def test_the_scan_sees_a_difference(monkeypatch):
    """The scan itself must catch an op that refuses what PyTorch accepts, and one that accepts what it refuses."""
    def refuses(input, *args):
        raise TypeError('unsupported')
    monkeypatch.setattr(minigrad, 'exp', refuses)
    monkeypatch.setattr(minigrad, 'relu', lambda input: input)      # PyTorch refuses bools
    found = {(name, got) for _, name, _, _, _, got in scan([('T', 'exp'), ('T', 'relu')])}
    assert ('exp', 'TypeError') in found and ('relu', 'ok') in found


@pytest.mark.parametrize('key', KNOWN)
def test_each_known_difference_is_still_there(key):
    """A difference fixed since leaves KNOWN."""
    name, call = key
    kind = 'T'
    assert any(run(torch, kind, name, call, v) != run(minigrad, kind, name, call, v) for v in variants(call)), \
        f'{name} {call} now behaves as in torch: remove it from KNOWN'
