"""repr(tensor) letter for letter as PyTorch's: the same data printed by both libraries, for seeded random tensors
of every dtype, rank 0 to 4, empty and summarised (> 1000 elements) shapes, values from 1e-6 to 1e10, nan, inf, -0.,
and every suffix (dtype=, requires_grad=True, grad_fn=, each wrapped to a new line when the line is full)."""
import numpy as np
import pytest
import torch

import minigrad

DTYPES = ['float32', 'float64', 'float16', 'int64', 'int32', 'uint8', 'bool']
BIG_SHAPES = [(2000,), (30, 40), (3, 400), (11, 11, 11), (2, 3, 200, 2), (1001, 1), (7, 7, 7, 3)]


def same_repr(t, m):
    assert repr(m) == repr(t).replace('torch.', 'minigrad.'), f'\nminigrad: {m!r}\ntorch:    {t!r}'
    assert str(m) == repr(m)


def random_shape(rng):
    kind = rng.integers(10)
    if kind == 0:
        return BIG_SHAPES[rng.integers(len(BIG_SHAPES))]
    if kind == 1:                                   # empty: (0,), (2, 0), (0, 3, 1), ...
        shape = list(rng.integers(1, 4, size=rng.integers(1, 4)))
        shape[rng.integers(len(shape))] = 0
        return tuple(shape)
    return tuple(rng.integers(1, 9, size=rng.integers(0, 5)))


def random_values(rng, dtype, shape):
    if dtype == 'bool':
        return rng.random(shape) < 0.5
    if dtype in ('int64', 'int32', 'uint8'):
        digits = {'int64': 10, 'int32': 9, 'uint8': 2}[dtype]
        a = rng.integers(0, 10 ** rng.integers(1, digits + 1), size=shape)
        return (a if dtype == 'uint8' or rng.random() < 0.3 else a * rng.choice([-1, 1], size=shape)).astype(dtype)
    scale = 10.0 ** rng.uniform(-6, 10 if dtype != 'float16' else 4)
    a = rng.standard_normal(shape) * scale
    if rng.random() < 0.3:
        a = np.round(a)                             # integer-valued floats print as '3.'
    if rng.random() < 0.2 and a.size:
        specials = rng.choice([np.nan, np.inf, -np.inf, -0.0, 0.0], size=a.size)
        a = np.where(rng.random(a.size) < 0.2, specials, a.ravel()).reshape(shape)
    return a.astype(dtype)


@pytest.mark.parametrize('seed', range(400))
def test_random_tensor_repr_matches_torch(seed):
    rng = np.random.default_rng(seed)
    dtype = DTYPES[rng.integers(len(DTYPES))]
    a = random_values(rng, dtype, random_shape(rng))
    t, m = torch.tensor(a), minigrad.tensor(a)
    same_repr(t, m)
    if dtype.startswith('float'):                   # the suffixes: a leaf that requires grad, and a result of one
        t.requires_grad_()
        m.requires_grad_()
        same_repr(t, m)
        same_repr(t * 2, m * 2)


@pytest.mark.parametrize('make', [
    lambda l: l.arange(2000),
    lambda l: l.ones(30, 40),
    lambda l: l.empty(0, dtype=l.int64),
    lambda l: l.zeros(2, 0, dtype=l.bool),
    lambda l: l.zeros(2, 0, requires_grad=True),
    lambda l: l.tensor([-0., 0.]),
    lambda l: l.tensor(-0.),
    lambda l: l.tensor([float('nan')] * 3, dtype=l.float64),
    lambda l: (l.arange(16, dtype=l.float32) / 7 - 1).view(-1, 8),
    lambda l: l.arange(10, dtype=l.float64).reshape(1, 10).requires_grad_() * 1.2345678,
    lambda l: l.linspace(-1e6, 1e6, 9, dtype=l.float64).requires_grad_() * 3,
])
def test_repr_cases_from_the_tutorials_match_torch(make):
    same_repr(make(torch), make(minigrad))


@pytest.mark.filterwarnings('error')
def test_repr_whose_ratio_of_values_overflows_is_quiet():
    """1e308 beside 1e-300: the ratio that picks scientific notation is inf, without a numpy warning."""
    same_repr(torch.tensor([1e308, -1e-300], dtype=torch.float64),
              minigrad.tensor([1e308, -1e-300], dtype=minigrad.float64))


def test_lenet_output_prints_like_torch():
    """A (1, 10) float32 result of a layer fits 8 columns per line and moves grad_fn to its own line."""
    a = np.random.default_rng(0).standard_normal((1, 10)).astype('float32') / 10
    t, m = torch.tensor(a, requires_grad=True), minigrad.tensor(a, requires_grad=True)
    same_repr(t + 1e-3, m + 1e-3)


def test_repr_under_float64_default_dtype():
    torch.set_default_dtype(torch.float64)
    minigrad.set_default_dtype(minigrad.float64)
    try:
        for make in (lambda l: l.tensor([1.5, 2.]), lambda l: l.tensor([1.5], dtype=l.float32),
                     lambda l: l.zeros(0), lambda l: l.zeros(0, dtype=l.int64)):
            same_repr(make(torch), make(minigrad))
    finally:
        torch.set_default_dtype(torch.float32)
        minigrad.set_default_dtype(minigrad.float32)


PRINT_OPTIONS = [dict(precision=2), dict(profile='short'), dict(profile='full', linewidth=60), dict(sci_mode=True),
                 dict(sci_mode=False, precision=6), dict(edgeitems=1, threshold=10), dict(linewidth=40)]


@pytest.mark.parametrize('options', PRINT_OPTIONS, ids=[str(o) for o in PRINT_OPTIONS])
def test_set_printoptions_as_torch(options):
    rng = np.random.default_rng(0)
    values = [rng.standard_normal((3, 5)) * 100, rng.standard_normal(2000), np.arange(12.).reshape(3, 4) * 1e5,
              rng.standard_normal((2, 3)) * 1e-3]
    try:
        for lib in (torch, minigrad):
            lib.set_printoptions(**options)
        for v in values:
            same_repr(torch.tensor(v), minigrad.tensor(v))
    finally:
        for lib in (torch, minigrad):
            lib.set_printoptions(profile='default')


FORMATS = [   # (tensor, format spec) as f-strings and training loops write them
    (lambda l: l.tensor(2.345678), ''), (lambda l: l.tensor(2.345678), '.3f'), (lambda l: l.tensor(2.5), '>10.2e'),
    (lambda l: l.tensor(2.345678, dtype=l.float64), ''), (lambda l: l.tensor(3), ''), (lambda l: l.tensor(3), '05d'),
    (lambda l: l.tensor(True), ''), (lambda l: l.tensor(0.25, requires_grad=True) * 2, '.1%'),
    (lambda l: l.tensor([1.5, 2.0]), ''), (lambda l: l.ones(2, 2, requires_grad=True), ''),
]


@pytest.mark.parametrize('make,spec', FORMATS)
def test_format_as_torch(make, spec):
    """format(t, spec): a 0-d tensor formats its Python number; others print as str(t) with an empty spec."""
    want = format(make(torch), spec).replace('torch.', 'minigrad.')
    assert format(make(minigrad), spec) == want


@pytest.mark.parametrize('make,spec', [(lambda l: l.tensor([1.5, 2.0]), '.3f'), (lambda l: l.tensor(1.5), 'd'),
                                       (lambda l: l.ones(1), '>8')])
def test_format_spec_errors_as_torch(make, spec):
    from test_bad_input import raises_like_torch
    raises_like_torch(lambda lib: format(make(lib), spec))
