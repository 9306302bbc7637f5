"""Elementwise math (trig.py, special.py, rounding.py, binary.py, bitwise.py, the tests in compare.py) against
PyTorch, beyond test_ops' float CASES: integer and bool inputs (result dtypes, or PyTorch's error), Python numbers on
either side, the in-place `_` methods and out=, second derivatives, and the aliases."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import check_op, check_second_derivative, to_numpy
from test_bad_input import comparable, raises_like_torch
from test_ops import CASES

UNARY = ('sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh exp2 expm1 log2 log10 log1p rsqrt reciprocal '
         'square erf erfc erfinv sinc nan_to_num floor ceil round trunc fix frac isinf isposinf isneginf isreal '
         'signbit isnan isfinite bitwise_not').split()
BINARY = ('atan2 hypot xlogy logaddexp logaddexp2 fmod remainder copysign clamp_min clamp_max bitwise_and bitwise_or '
          'bitwise_xor bitwise_left_shift bitwise_right_shift isclose').split()
VALUES = {'int64': [-3, -1, 0, 2, 5], 'int32': [-3, -1, 0, 2, 5], 'int16': [-3, -1, 0, 2, 5], 'uint8': [0, 1, 2, 5, 200],
          'bool': [True, False, True, True, False], 'float32': [-2.5, -0.5, 0., 0.5, 3.25],
          'float64': [-2.5, -0.5, 0., 0.5, 3.25]}
OTHER = {'int64': [2, 3, -2, 1, 4], 'float32': [0.5, -1.5, 2., 3., -0.25], 'float64': [0.5, -1.5, 2., 3., -0.25],
         'bool': [True, True, False, True, False], 'uint8': [1, 2, 3, 1, 2], 'int32': [2, 3, -2, 1, 4]}


def run_both(fn):
    """fn(lib) in torch and in minigrad: ('error', exception) or ('value', result) for each."""
    results = []
    for lib in (torch, minigrad):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter('ignore')     # numpy warns where torch gives nan or inf in silence
                results.append(('value', fn(lib)))
        except Exception as e:      # noqa: BLE001  (the error itself is what is compared)
            results.append(('error', e))
    return results


def same_as_torch(fn):
    """fn(lib) gives PyTorch's result (dtype, shape, values; nan where torch has nan) or PyTorch's error."""
    (want_kind, want), (got_kind, got) = run_both(fn)
    if want_kind == 'error':
        assert got_kind == 'error', f'torch raises {type(want).__name__}({want}); minigrad gives {got}'
        assert type(got) is type(want) and comparable(got) == comparable(want), f'minigrad: {got!r}\ntorch: {want!r}'
        return
    assert got_kind == 'value', f'minigrad raises {got!r}; torch gives {want}'
    if isinstance(want, torch.Tensor):
        assert got.dtype.name == str(want.dtype).replace('torch.', ''), f'dtype {got.dtype}, torch {want.dtype}'
        assert tuple(got.shape) == tuple(want.shape)
        np.testing.assert_allclose(to_numpy(got), to_numpy(want), rtol=1e-6, atol=1e-6, equal_nan=True)
    else:
        assert got == want and type(got) is type(want)


@pytest.mark.parametrize('dtype', ['int64', 'int32', 'uint8', 'bool', 'float32'])
@pytest.mark.parametrize('name', UNARY)
def test_unary_dtypes_as_torch(name, dtype):
    """sin of an int64 tensor is float32; floor of one is itself; frac of one is PyTorch's error; ..."""
    same_as_torch(lambda lib: getattr(lib, name)(lib.tensor(VALUES[dtype], dtype=getattr(lib, dtype))))
    same_as_torch(lambda lib: getattr(lib.tensor(VALUES[dtype], dtype=getattr(lib, dtype)), name)())


@pytest.mark.parametrize('dtypes', [('int64', 'int64'), ('bool', 'bool'), ('int64', 'float64'), ('float32', 'float64'),
                                    ('uint8', 'int32'), ('bool', 'int64')], ids='-'.join)
@pytest.mark.parametrize('name', BINARY)
def test_binary_dtypes_as_torch(name, dtypes):
    """Promotion (or PyTorch's error) for each pair of dtypes."""
    def tensors(lib):
        return [lib.tensor(values[d], dtype=getattr(lib, d)) for values, d in zip((VALUES, OTHER), dtypes)]
    same_as_torch(lambda lib: getattr(lib, name)(*tensors(lib)))


@pytest.mark.parametrize('number', [2, 1.5, True, -1], ids=repr)
@pytest.mark.parametrize('dtype', ['int64', 'bool', 'float32'])
@pytest.mark.parametrize('name', BINARY + ['xlogy', 'pow', 'remainder', 'floor_divide', 'lerp'])
def test_a_number_on_either_side_as_torch(name, dtype, number):
    """torch.op(t, 2), torch.op(2, t): the number's dtype as PyTorch weighs it, or PyTorch's TypeError."""
    def t(lib):
        return lib.tensor(VALUES[dtype] if name != 'floor_divide' else OTHER[dtype], dtype=getattr(lib, dtype))
    if name == 'pow' and dtype == 'bool' and number is True:
        pytest.skip('bool ** True: PyTorch gives the bool tensor back, minigrad int8 (left as it is)')
    if name == 'lerp':
        same_as_torch(lambda lib: lib.lerp(t(lib), t(lib) * 2, number))
        return
    same_as_torch(lambda lib: getattr(lib, name)(t(lib), number))
    same_as_torch(lambda lib: getattr(lib, name)(number, t(lib)))


@pytest.mark.parametrize('op', ['//', '%', '**', '&', '|', '^', '<<', '>>', '-', '/', '+', '*'])
@pytest.mark.parametrize('dtype', ['int64', 'bool', 'float32'])
def test_a_number_on_the_left_of_an_operator(op, dtype):
    """2 // x, 2 % x, 1 & t, 1 << t, ...: Python's reflected operators, as PyTorch."""
    values = OTHER[dtype] if dtype != 'int64' else [1, 2, 3, 1, 4]
    for number in (2, True, 1.5):
        same_as_torch(lambda lib: eval(f'number {op} x', {'number': number,
                                                          'x': lib.tensor(values, dtype=getattr(lib, dtype))}))


def test_reflected_ops_record_torchs_nodes():
    for expr in ('2 // x', '2 % x', '2 ** x', '2 - x', '2 / x'):
        nodes = [type(eval(expr, {'x': lib.tensor([1.5, 2.], requires_grad=True)}).grad_fn).__name__
                 for lib in (torch, minigrad)]
        assert nodes[0] == nodes[1], expr


def test_shifts_past_the_width_as_torch():
    """numpy leaves a shift by a negative amount or by 64 or more undefined; PyTorch gives 0 (or -1 to the right)."""
    for dtype in ('int64', 'int8', 'uint8', 'int32'):
        a, b = ([-5, 3, 7, -1, 100], [70, 1, -1, 8, 7]) if dtype != 'uint8' else ([5, 3, 7, 1, 200], [70, 1, 0, 8, 7])
        for op in ('<<', '>>'):
            same_as_torch(lambda lib: eval(f'x {op} y', {'x': lib.tensor(a, dtype=getattr(lib, dtype)),
                                                        'y': lib.tensor(b, dtype=getattr(lib, dtype))}))


def test_sigmoid_keeps_its_small_values():
    """sigmoid far below 0 to a few ulps, relative, as PyTorch's 1 / (1 + e^-x) (its e^-x overflows to inf below -88
    in float32, giving 0 in both): the form (tanh(x / 2) + 1) / 2 gave 0 at -20 in float32. silu shares it."""
    for dtype in ('float32', 'float64'):
        x = np.array([-3, -10, -20, -40, -80, -87, -100, -700, 3, 20], dtype=dtype)
        for name in ('sigmoid', 'nn.functional.silu'):
            want, got = [eval(f'lib.{name}(lib.tensor(x))', {'lib': lib, 'x': x}).numpy() for lib in (torch, minigrad)]
            np.testing.assert_allclose(got, want, rtol=4 * np.finfo(dtype).eps, atol=0, err_msg=f'{name} {dtype}')


LDEXP_DTYPES = ['float16', 'float32', 'float64', 'int64', 'int32', 'bool']


@pytest.mark.parametrize('e_dtype', LDEXP_DTYPES)
@pytest.mark.parametrize('a_dtype', LDEXP_DTYPES)
def test_ldexp_rounds_as_torch(a_dtype, e_dtype):
    """ldexp bit for bit, and its gradients: 2^e in e's dtype (float64 for a 0-d e beside float64), the product in
    float32 for float16, a true ldexp for a float a and an integer e (float16 2^-10 * 2^20 is 1024, not inf; e
    wraps to 32 bits), integer pow in the gradient (2^200 wraps to 0). Each operand 1-D or 0-d."""
    a_values, e_values = [2.0 ** -10, 1.0, 3.0, 1.7, 2.0 ** -100], [20.3, 0.3, -24.7, 5.1, 130.0]
    if e_dtype.startswith('int'):
        e_values = [20, 200, -30, 2 ** 31 + 3, 130]
    for a_index, e_index in [(slice(None), slice(None)), (slice(None), 0), (0, slice(None)), (0, 0), (3, 2)]:
        def run(lib):
            dtype_a, dtype_e = getattr(lib, a_dtype), getattr(lib, e_dtype)
            floats_a, floats_e = dtype_a.is_floating_point, dtype_e.is_floating_point
            a = lib.tensor(a_values if floats_a else [1, 0, 3, 1, 2], dtype=dtype_a)[a_index]
            e = lib.tensor(e_values if e_dtype != 'bool' else [True, False] * 2 + [True], dtype=dtype_e)[e_index]
            a, e = a.detach().requires_grad_(floats_a), e.detach().requires_grad_(floats_e)
            out = lib.ldexp(a, e)
            grads = lib.autograd.grad(out.sum(), [t for t in (a, e) if t.requires_grad]) if out.requires_grad else ()
            return out, lib.stack([g.double().broadcast_to(out.shape) for g in grads]) if grads else None
        (want_kind, want), (got_kind, got) = run_both(run)
        assert got_kind == want_kind, (want, got)
        if want_kind == 'value':
            assert got[0].dtype.name == str(want[0].dtype).removeprefix('torch.')
            np.testing.assert_array_equal(to_numpy(got[0]), to_numpy(want[0]), err_msg=f'{a_index} {e_index}')
            # gradients to 4 ulps of the result's dtype: a broadcast operand's is a sum (numpy's order is not
            # PyTorch's), and e's, g * out * ln 2, takes ln 2 in float32 in PyTorch, in float16 in numpy
            rtol = 4 * torch.finfo(want[0].dtype).eps
            assert (got[1] is None) == (want[1] is None)
            if want[1] is not None:
                np.testing.assert_allclose(to_numpy(got[1]), to_numpy(want[1]), rtol=rtol, atol=0)
        else:
            assert type(got) is type(want) and comparable(got) == comparable(want)


# -- in place and out= -------------------------------------------------------------------------------------
# (name, extra arguments, low, high): every op above with PyTorch's `_` method
INPLACE = [(n, (), -0.9, 0.9) for n in ('sin cos tan asin acos atan sinh cosh tanh exp2 expm1 log1p erf erfc erfinv '
                                        'sinc floor ceil round trunc fix frac nan_to_num square arcsin arccos arctan '
                                        'exp sigmoid relu abs absolute neg negative sign').split()]
INPLACE += [(n, (), 1.1, 3) for n in ('log2 log10 rsqrt reciprocal log sqrt').split()]
INPLACE += [('atan2', ('other',), -2, 2), ('arctan2', ('other',), -2, 2), ('hypot', ('other',), -2, 2),
            ('xlogy', ('other',), 0.5, 2), ('fmod', (0.7,), -2, 2), ('fmod', ('other',), 0.5, 2),
            ('copysign', (-1,), -2, 2), ('copysign', ('other',), -2, 2), ('lerp', ('other', 0.3), -2, 2),
            ('lerp', ('other', 'other'), -2, 2), ('clamp_min', (0.2,), -2, 2), ('clamp_max', ('other',), -2, 2),
            ('round', ({'decimals': 1},), -2, 2), ('nan_to_num', ({'nan': 2.0},), -2, 2)]


def call_args(lib, args, other):
    """The extra arguments, with 'other' as the tensor `other` and a dict as keyword arguments."""
    positional = [other if a == 'other' else a for a in args if not isinstance(a, dict)]
    return positional, next((a for a in args if isinstance(a, dict)), {})


@pytest.mark.parametrize('name, args, low, high', INPLACE, ids=[f'{n}{len(a)}' for n, a, _, _ in INPLACE])
def test_inplace_as_torch(name, args, low, high):
    """y.op_(...) on a non-leaf: its values, the same tensor back, its node and the gradient through it."""
    def fn(x, other):
        y = x * 1
        positional, kw = call_args(None, args, other)
        assert getattr(y, name + '_')(*positional, **kw) is y
        return y
    check_op([(2, 3), (2, 3)], fn, low=low, high=high)
    nodes = []
    for lib in (torch, minigrad):
        x, other = lib.rand(2, 3, requires_grad=True) * (high - low) + low, lib.rand(2, 3) * (high - low) + low
        positional, kw = call_args(lib, args, other)
        nodes.append(type(getattr(x, name + '_')(*positional, **kw).grad_fn).__name__)
    assert nodes[0] == nodes[1]


@pytest.mark.parametrize('name, args, low, high', INPLACE, ids=[f'{n}{len(a)}' for n, a, _, _ in INPLACE])
def test_out_as_torch(name, args, low, high):
    """torch.op(x, ..., out=t) writes into t (of the result's dtype) and returns it."""
    def fn(lib):
        x = lib.tensor(np.linspace(low, high, 6).reshape(2, 3))
        out = lib.empty(2, 3, dtype=lib.float64)
        positional, kw = call_args(lib, args, lib.tensor(np.linspace(high, low, 6).reshape(2, 3)))
        assert getattr(lib, name)(x, *positional, out=out, **kw) is out
        return out
    same_as_torch(fn)


@pytest.mark.parametrize('name', ['bitwise_and', 'bitwise_or', 'bitwise_xor', 'bitwise_left_shift',
                                  'bitwise_right_shift', '__iand__', '__ior__', '__ixor__', '__ilshift__',
                                  '__irshift__'])
def test_bitwise_inplace_as_torch(name):
    def fn(lib):
        x = lib.tensor([5, 3, 12, 7])
        method = getattr(x, name if name.startswith('__') else name + '_')
        assert method(lib.tensor([1, 2, 3, 1])) is x
        return x
    same_as_torch(fn)
    same_as_torch(lambda lib: lib.bitwise_not(lib.tensor([5, 3]), out=lib.empty(2, dtype=lib.int64)))
    same_as_torch(lambda lib: lib.tensor([True, False]).bitwise_not_())


@pytest.mark.parametrize('name', ['asinh', 'arcsinh', 'acosh', 'arccosh', 'atanh', 'arctanh'])
def test_inplace_inverse_hyperbolics_have_no_derivative_as_in_torch(name):
    """PyTorch records asinh_/acosh_/atanh_ (AsinhBackward1, ...) but has no derivative for them."""
    def inplace(lib):
        scale = 1 if 'cosh' in name else 0.25       # inside the domain: acosh from 1, atanh below 1
        y = lib.tensor([1.5, 2.5], dtype=lib.float64, requires_grad=True) * scale
        return getattr(y, name + '_')()
    same_as_torch(inplace)
    nodes = [type(inplace(lib).grad_fn).__name__ for lib in (torch, minigrad)]
    assert nodes[0] == nodes[1]
    raises_like_torch(lambda lib: inplace(lib).sum().backward())


@pytest.mark.parametrize('op', ['//=', '%=', '**=', '&=', '|=', '^=', '<<=', '>>=', '+=', '-=', '*='])
def test_augmented_assignment_changes_the_tensor_in_place(op):
    """x //= 2 and the others write into x (a view of it sees the change), as in PyTorch."""
    def fn(lib):
        x = lib.tensor([5, 3, 12, 7])
        view = x[1:]
        exec(f'x {op} 2', {}, {'x': x})
        return view
    same_as_torch(fn)


def test_inplace_float_result_into_an_integer_tensor_is_torchs_error():
    same_as_torch(lambda lib: lib.tensor([1, 2]).sin_())
    same_as_torch(lambda lib: lib.tensor([1, 2]).floor_())


# -- second derivatives ------------------------------------------------------------------------------------
# the CASES of these ops whose first derivative depends on the inputs (step functions, frac and the like have none)
# (sinc_at_zero is left out: PyTorch's second derivative there is nan, from its formula's 0/0, where minigrad's is 0)
SECOND = ('sin cos tan asin acos atan atan2 sinh cosh asinh acosh atanh hypot exp2 expm1 log2 log10 log1p rsqrt '
          'reciprocal square erf erfc erfinv sinc xlogy xlogy_at_zero logaddexp logaddexp2 lerp_tensor_weight').split()


@pytest.mark.parametrize('shapes, fn, kw', [pytest.param(s, f, k, id=n) for n, s, f, k in CASES if n in SECOND])
def test_second_derivative(shapes, fn, kw):
    check_second_derivative(shapes, fn, **kw)


def test_every_second_derivative_case_is_in_cases():
    assert set(SECOND) <= {n for n, *_ in CASES}


def test_first_gradient_without_a_graph_is_a_tensor():
    """Under create_graph=True a gradient no graph reaches (floor's zeros) is still a Tensor, as in PyTorch."""
    for lib in (torch, minigrad):
        x = lib.tensor([0.5, 1.5], requires_grad=True)
        g, = lib.autograd.grad(x.floor().sum(), x, create_graph=True)
        assert isinstance(g, lib.Tensor) and not g.requires_grad and g.tolist() == [0.0, 0.0]


# -- the rest ----------------------------------------------------------------------------------------------
ALIASES = 'arcsin arccos arctan arctan2 arcsinh arccosh arctanh fix absolute negative clip'.split()


@pytest.mark.parametrize('name', ALIASES + UNARY + BINARY + ['lerp', 'allclose'])
def test_names_are_where_torch_has_them(name):
    """minigrad.name, Tensor.name and Tensor.name_ exist exactly where PyTorch has them (not torch.name_, which
    PyTorch has for some ops only)."""
    assert hasattr(minigrad, name) == hasattr(torch, name)
    for n in (name, name + '_'):
        assert hasattr(minigrad.Tensor, n) == hasattr(torch.Tensor, n), n


@pytest.mark.parametrize('kw', [{}, dict(rtol=0.1), dict(atol=0.5), dict(equal_nan=True), dict(rtol=0, atol=0)])
def test_isclose_allclose_as_torch(kw):
    a, b = [1., 2., float('nan'), float('inf'), -float('inf'), 1e-9], [1.05, 2.5, float('nan'), float('inf'), 0., 0.]
    same_as_torch(lambda lib: lib.isclose(lib.tensor(a), lib.tensor(b), **kw))
    same_as_torch(lambda lib: lib.isclose(lib.tensor([[1.], [2.]]), lib.tensor(b), **kw))
    same_as_torch(lambda lib: lib.allclose(lib.tensor(a), lib.tensor(b), **kw))
    same_as_torch(lambda lib: lib.tensor(a[:2]).allclose(lib.tensor(a[:2]), **kw))


def test_nan_to_num_defaults_are_the_dtypes_extremes():
    for dtype in ('float32', 'float64', 'float16'):
        same_as_torch(lambda lib: lib.tensor([float('nan'), float('inf'), -float('inf'), 1.],
                                             dtype=getattr(lib, dtype)).nan_to_num())


def test_round_halves_to_even_and_decimals():
    values = [0.5, 1.5, 2.5, -0.5, -1.5, 1.2345, 125., 135.]
    for kw in ({}, dict(decimals=0), dict(decimals=2), dict(decimals=-1)):
        same_as_torch(lambda lib: lib.round(lib.tensor(values, dtype=lib.float64), **kw))
    nodes = [type(lib.round(lib.ones(2, requires_grad=True), decimals=0).grad_fn).__name__ for lib in (torch, minigrad)]
    assert nodes[0] == nodes[1] == 'RoundBackward1'


def test_float16_inputs_keep_their_dtype():
    for name in ('sin', 'erf', 'erfinv', 'exp2', 'log1p', 'sinc'):
        same_as_torch(lambda lib: getattr(lib, name)(lib.tensor([0.25, 0.5], dtype=lib.float16)))


@pytest.mark.parametrize('code', ['a % b', 'a % -0.5', 'L.remainder(2.0, b)', '-2.0 % b', 'a.float() % b.float()',
                                  'a.clone().remainder_(b)', 'L.fmod(a, b)', 'L.tensor(2) % -0.5'])
def test_a_zero_remainder_has_pytorchs_sign(code):
    """PyTorch's remainder is fmod, then b added to a nonzero result of the other sign: a zero keeps a's sign
    (numpy's, as Python's, takes b's)."""
    seen = []
    for L in (torch, minigrad):
        a = L.tensor([2., -2., 2., -2., 0., -0., 3., float('nan')], dtype=L.float64)
        b = L.tensor([-0.5, 0.5, 0.5, -0.5, -1., 1., 2., 1.], dtype=L.float64)
        r = eval(code).numpy()
        seen.append((r.dtype, np.signbit(r).tolist(), np.nan_to_num(r).tolist()))
    assert seen[1] == seen[0]
