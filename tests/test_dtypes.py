"""The small dtypes (uint8, int8, int16, float16; bfloat16 by name) against PyTorch: type promotion over every pair
of dtypes and every kind of operand, can_cast, iinfo/finfo, printing, wrapping integer arithmetic and the uint8 image
to float conversion of data pipelines. (tests/opdb.py runs the first call of every op entry in these dtypes too.)"""
import itertools

import numpy as np
import pytest
import torch

import minigrad
from test_math_ops import same_as_torch

NAMES = ('bool', 'uint8', 'int8', 'int16', 'int32', 'int64', 'float16', 'float32', 'float64')
PAIRS = list(itertools.product(NAMES, NAMES))


def both(name):
    return getattr(minigrad, name), getattr(torch, name)


def name_of(d):
    return str(d).split('.')[-1]


def operand(L, kind, dtype):
    """A tensor with dims, a 0-dim tensor, or a Python number of dtype's kind."""
    if kind == 'dims':
        return L.ones(3, dtype=dtype)
    if kind == 'zero':
        return L.ones((), dtype=dtype)
    return {'bool': True, 'float16': 2.5, 'float32': 2.5, 'float64': 2.5}.get(name_of(dtype), 2)


@pytest.mark.parametrize('kinds', [('dims', 'dims'), ('dims', 'zero'), ('zero', 'dims'), ('zero', 'zero'),
                                   ('dims', 'number'), ('number', 'zero'), ('number', 'number')])
def test_result_type_and_the_dtype_of_add_are_torchs(kinds):
    for a, b in PAIRS:
        want = [operand(torch, k, both(n)[1]) for k, n in zip(kinds, (a, b))]
        got = [operand(minigrad, k, both(n)[0]) for k, n in zip(kinds, (a, b))]
        assert name_of(minigrad.result_type(*got)) == name_of(torch.result_type(*want)), (a, b, kinds)
        if 'dims' in kinds or 'zero' in kinds:
            op = (lambda x, y: x | y) if {a, b} == {'bool'} else (lambda x, y: x + y)
            assert name_of(op(*got).dtype) == name_of(op(*want).dtype), (a, b, kinds)


def test_promote_types_and_can_cast_are_torchs():
    for a, b in PAIRS:
        (ma, ta), (mb, tb) = both(a), both(b)
        assert name_of(minigrad.promote_types(ma, mb)) == name_of(torch.promote_types(ta, tb)), (a, b)
        assert minigrad.can_cast(ma, mb) == torch.can_cast(ta, tb), (a, b)


@pytest.mark.parametrize('name', NAMES + ('bfloat16',))
def test_dtype_properties_and_limits(name):
    m, t = both(name)
    assert (m.is_floating_point, m.is_signed, m.itemsize) == (t.is_floating_point, t.is_signed, t.itemsize)
    assert repr(m) == repr(t).replace('torch', 'minigrad')
    for info in ('iinfo', 'finfo'):
        try:
            want = getattr(torch, info)(t)
        except TypeError as e:
            with pytest.raises(TypeError) as got:
                getattr(minigrad, info)(m)
            assert str(got.value) == str(e).replace('torch', 'minigrad')
            continue
        got = getattr(minigrad, info)(m)
        assert repr(got) == repr(want)
        for attr in ('bits', 'min', 'max', 'dtype') + (('eps', 'tiny', 'smallest_normal', 'resolution')
                                                        if info == 'finfo' else ()):
            assert getattr(got, attr) == getattr(want, attr), attr
    assert repr(minigrad.finfo()) == repr(torch.finfo())


def test_bfloat16_is_refused_in_pytorchs_words():
    """numpy cannot hold bfloat16: making or converting to one raises the TypeError PyTorch's .numpy() gives."""
    with pytest.raises(TypeError) as want:
        torch.ones(2).bfloat16().numpy()
    for make in (lambda: minigrad.ones(2).bfloat16(), lambda: minigrad.zeros(2, dtype=minigrad.bfloat16),
                 lambda: minigrad.tensor([1.0], dtype=minigrad.bfloat16), lambda: minigrad.ones(2).to(minigrad.bfloat16)):
        with pytest.raises(TypeError) as got:
            make()
        assert str(got.value) == str(want.value)


@pytest.mark.parametrize('name', ['uint8', 'int8', 'int16', 'int32', 'float16'])
def test_small_dtypes_end_to_end(name):
    m, t = both(name)
    data = [[0, 1, 100], [7, 120, 3]]
    x, y = minigrad.tensor(data, dtype=m), torch.tensor(data, dtype=t)
    assert repr(x) == repr(y).replace('torch', 'minigrad')
    assert repr(minigrad.zeros(2, dtype=m)) == repr(torch.zeros(2, dtype=t)).replace('torch', 'minigrad')
    assert repr(minigrad.arange(3, dtype=m)) == repr(torch.arange(3, dtype=t)).replace('torch', 'minigrad')
    assert x.type() == y.type().replace('torch', 'minigrad') and x.element_size() == y.element_size()
    for f in (lambda v: v * 3, lambda v: v + 200, lambda v: v - 5, lambda v: v * v, lambda v: -v, lambda v: v // 7,
              lambda v: v.sum(), lambda v: v.max(), lambda v: v / 2, lambda v: v.float().mean(), lambda v: v > 50):
        got, want = f(x), f(y)
        assert name_of(got.dtype) == name_of(want.dtype)
        np.testing.assert_allclose(got.numpy().astype(float), want.numpy().astype(float), rtol=1e-3)


@pytest.mark.parametrize('name', ['uint8', 'int8', 'int32', 'int64', 'bool', 'float16'])
@pytest.mark.parametrize('data', ['[2 ** 31 + 3]', '300', '[-1, 2]', '[-255]', '[-256]', '[[1, 2 ** 40]]', '[1.5e10]',
                                  '[float("inf")]', '[-1.0]', '[True, 2 ** 40]', '[-2 ** 63]', '[2 ** 63]', '2 ** 70'])
def test_python_numbers_beyond_a_dtype_as_torch(data, name):
    """tensor(data, dtype=...) with numbers the dtype cannot hold: PyTorch's error in its words (ValueError beyond
    int64, RuntimeError beyond the dtype), never numpy's OverflowError; a negative int wraps into uint8 down to -255."""
    results = []
    for L in (torch, minigrad):
        try:
            t = L.tensor(eval(data), dtype=getattr(L, name))
            results.append((name_of(t.dtype), t.tolist()))
        except Exception as e:      # noqa: BLE001  (the error is what is compared)
            results.append((type(e), str(e)))
    assert results[1] == results[0]


# Python numbers an op takes as values of a tensor's dtype: PyTorch converts them checked (fill_, full, setitem, where,
# masked_fill, index_fill, scatter, clamp's bounds, an integer pow's exponent, alpha), or wraps them (add, sub, ...)
NUMBERS_INTO_DTYPES = [
    'L.full((2,), 300, dtype=L.uint8)', 'L.full((2,), -1, dtype=L.uint8)', 'L.zeros(2, dtype=L.uint8).fill_(300)',
    'L.zeros(2, dtype=L.uint8) + 300', 'L.zeros(2, dtype=L.int32) + 2**40', 'L.zeros(2, dtype=L.int64) + 2**70',
    'L.zeros(2) + 2**70', 'L.zeros(2, dtype=L.uint8) * -1', 'L.full((2,), 2**70)', 'L.arange(2**70, 2**70+2)',
    'L.zeros(2, dtype=L.int8).clamp(max=300)', 'L.zeros(2, dtype=L.int8).masked_fill(L.tensor([True, False]), 300)',
    'L.zeros(2, dtype=L.int8).index_fill(0, L.tensor([0]), 300)', 'L.zeros(3, dtype=L.uint8).__setitem__(0, 300)',
    'L.zeros(3, dtype=L.uint8).__setitem__(0, -1)', 'L.zeros(2, dtype=L.int16).add_(40000)',
    'L.tensor([1, 2], dtype=L.int8) == 300', 'L.zeros(2, dtype=L.int8).where(L.tensor([True, False]), 300)',
    'L.linspace(0, 300, 3, dtype=L.uint8)', 'L.zeros(2, dtype=L.uint8).new_full((2,), 300)',
    'L.tensor([1, 2], dtype=L.uint8).remainder(300)', 'L.zeros(2, dtype=L.int8).pow(300)',
    'L.zeros(2, dtype=L.int64).bitwise_and(2**70)', 'L.tensor([3]) // 2**70',
    'L.zeros(2, dtype=L.uint8).lerp(L.ones(2,dtype=L.uint8), 0.5)', 'L.zeros(2).clamp(max=1e39)',
    'L.zeros(2).where(L.tensor([True, False]), 1e39)', 'L.zeros(2).pow(1e39)', 'L.full((2,), 1e39)',
    'L.zeros(2).fill_(1e39)', 'L.zeros(2, dtype=L.float16).fill_(1e5)', 'L.zeros(2, dtype=L.float64).fill_(1e300)',
    'L.zeros(3, dtype=L.uint8).masked_fill(L.tensor([True, False, True]), -1)',
    'L.zeros(2, dtype=L.uint8).where(L.tensor([True, False]), -1)',
    'L.zeros(2, dtype=L.uint8).where(L.tensor([True, False]), -256)', 'L.linspace(-1, 10, 3, dtype=L.uint8)',
    'L.linspace(-300, 10, 3, dtype=L.uint8)', 'L.linspace(0, 2**70, 3)', 'L.zeros(2, dtype=L.uint8).clamp(min=-1)',
    'L.zeros(2, dtype=L.uint8).clamp(max=-1)', 'L.zeros(2, dtype=L.int8).clamp(max=2.5)',
    'L.zeros(2, dtype=L.int8).clamp(max=1e39)', 'L.zeros(2, dtype=L.int8).pow(2.5)',
    'L.ones(2, dtype=L.uint8).pow(-1)', 'L.zeros(2, dtype=L.int8).scatter(0, L.tensor([0]), 300)',
    'L.zeros(2, dtype=L.int8).masked_fill_(L.tensor([True, False]), 300)',
    'L.zeros(2, dtype=L.int8).index_fill_(0, L.tensor([0]), 300)', 'L.zeros(2, dtype=L.int8).clamp_(max=300)',
    'L.zeros(2, dtype=L.int8).pow_(300)', 'L.where(L.tensor([True, False]), 300, 2)',
    'L.where(L.tensor([True, False]), 2**70, 2)', 'L.zeros(2, dtype=L.int8).new_full((2,), -1)',
    'L.full_like(L.zeros(2, dtype=L.int8), 300)', 'L.zeros(2, dtype=L.uint8).fill_(L.tensor(300))',
    'L.zeros(2, dtype=L.int8).add(300)', 'L.zeros(2, dtype=L.int8).sub(300, alpha=2)',
    'L.zeros(2, dtype=L.int8).add(1, alpha=300)', 'L.zeros(2,dtype=L.int8).clamp_min(300)',
    'L.zeros(2,dtype=L.int8).clamp_max(-300)', 'L.zeros(2,dtype=L.bool).fill_(300)',
    'L.zeros(2, dtype=L.int32).masked_fill(L.tensor([True, False]), 2.5)',
    'L.zeros(2).masked_fill(L.tensor([True, False]), 2**70)', 'L.tensor([1., 2.]).fill_(float("nan"))',
    'L.zeros(2, dtype=L.int8).fill_(float("nan"))', 'L.zeros(2, dtype=L.int8).__setitem__(0, float("nan"))',
    'L.zeros(2, dtype=L.int8).__setitem__(L.tensor([True, False]), 300)',
    'L.zeros(2, dtype=L.int8).__setitem__((L.tensor([0]),), 300)',
    'L.zeros(2, dtype=L.int8).index_put_((L.tensor([0]),), L.tensor(300))', 'L.zeros(2, dtype=L.int8).lt(300)',
    'L.zeros(2, dtype=L.int8).eq(2**70)', 'L.zeros(2,dtype=L.int8).fmod(300)',
    'L.zeros(2,dtype=L.int8).remainder(-300)', 'L.zeros(2,dtype=L.int8).bitwise_and(300)',
    'L.zeros(2,dtype=L.int8).bitwise_left_shift(300)',
]


# alpha of add, sub, rsub (and in place): checked against the result's dtype
NUMBERS_INTO_DTYPES += [
    'L.tensor([1.]).add(L.tensor([2.]), alpha=True)', 'L.tensor([1]).add(L.tensor([2]), alpha=True)',
    'L.tensor([True]).add(L.tensor([True]), alpha=True)', 'L.tensor([1]).add_(L.tensor([2]), alpha=0.5)',
    'L.tensor([1]).add(2.5, alpha=0.5)', 'L.tensor([1.]).add(2, alpha=0.5)', 'L.tensor([1]).sub(L.tensor([2.]), alpha=0.5)',
    'L.tensor([1]).add(L.tensor([2]), alpha=2.0)', '(L.ones(2, requires_grad=True) * 1).add_(L.ones(2), alpha=True)',
    'L.rsub(L.tensor([1]), 2, alpha=0.5)', 'L.rsub(L.tensor([1, 2]), L.tensor([3, 4]), alpha=-2)',
    'L.rsub(L.ones(2), L.ones(3))', 'L.tensor([1], dtype=L.int8).sub(1, alpha=300)']


@pytest.mark.parametrize('code', NUMBERS_INTO_DTYPES)
def test_numbers_beyond_a_dtype_in_ops_as_torch(code):
    """PyTorch's value, or its error in its words: RuntimeError 'value cannot be converted to type int8_t without
    overflow', OverflowError 'int too big to convert' beyond int64; never numpy's OverflowError or a wrapped value."""
    same_as_torch(lambda L: eval(code, {'L': L}))


@pytest.mark.parametrize('method, name', [('half', 'float16'), ('short', 'int16'), ('char', 'int8'),
                                          ('byte', 'uint8'), ('int', 'int32')])
def test_casting_methods(method, name):
    data = [-1.7, 0.2, 3.9, 100.0]
    got, want = getattr(minigrad.tensor(data), method)(), getattr(torch.tensor(data), method)()
    assert name_of(got.dtype) == name_of(want.dtype) == name
    np.testing.assert_array_equal(got.numpy(), want.numpy())
    assert name_of(minigrad.tensor(data).to(getattr(minigrad, name)).dtype) == name


def test_uint8_images_to_float_as_data_pipelines_do():
    image = np.random.default_rng(0).integers(0, 256, (2, 3, 4, 4)).astype(np.uint8)
    for convert in (lambda L, x: x.float() / 255, lambda L, x: x.to(L.float32).div(255),
                    lambda L, x: x.permute(0, 2, 3, 1).contiguous().to(dtype=L.float32).div_(255), lambda L, x: x / 255):
        got, want = convert(minigrad, minigrad.from_numpy(image)), convert(torch, torch.from_numpy(image))
        assert name_of(got.dtype) == name_of(want.dtype) == 'float32'
        np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_float16_training_step_gradients():
    """A linear layer with a tanh in float16: output and gradients to float16's precision (PyTorch computes each
    op in float32 and rounds once; numpy's float16 loops round as they go: within a few float16 ulps)."""
    rng = np.random.default_rng(1)
    values = [rng.standard_normal(s).astype(np.float16) for s in ((4, 5), (3, 5), (3,))]
    grads = []
    for L in (minigrad, torch):
        x, w, b = [L.tensor(v, requires_grad=True) for v in values]
        y = L.nn.functional.linear(x, w, b).tanh()
        (y * y).sum().backward()
        grads.append([y.detach().numpy().astype(float)] + [t.grad.numpy().astype(float) for t in (x, w, b)])
        assert x.grad.dtype == L.float16
    for got, want in zip(*grads):
        np.testing.assert_allclose(got, want, rtol=1e-2, atol=1e-2)


PYTHON_TYPES_AS_DTYPES = [
    'L.ones(2, dtype=float)', 'L.zeros(2, dtype=int)', 'L.tensor([1, 2], dtype=float)', 'L.ones(2).to(float)',
    'L.ones(2, dtype=L.float64).to(int)', 'L.ones(2).to(dtype=bool)', 'L.arange(3, dtype=float)',
    'L.ones(2).sum(dtype=float)', 'L.full((2,), 1, dtype=float)', 'L.ones(2).new_ones(2, dtype=float)',
    'L.randn(2, dtype=float).dtype == L.float64', 'L.ones(2).softmax(0, dtype=float)', 'L.zeros_like(L.ones(2), dtype=float)',
    'L.linspace(0, 1, 3, dtype=float)', 'L.ones(2).type(float)', 'L.ones(2).type(int)', 'L.ones(2).type(3)',
    'L.set_default_dtype(float)', 'L.set_default_dtype(L.int64)']


@pytest.mark.parametrize('code', PYTHON_TYPES_AS_DTYPES)
@pytest.mark.parametrize('default', ['float32', 'float64'])
def test_python_types_as_dtypes_as_torch(code, default):
    """float is float64 (whatever the default dtype), int int64, bool bool; .type() and set_default_dtype refuse
    them in PyTorch's words."""
    def run(L):
        old = L.get_default_dtype()
        L.set_default_dtype(getattr(L, default))
        try:
            return eval(code, {'L': L})
        finally:
            L.set_default_dtype(old)
    same_as_torch(run)
