"""Results that used to be silently different from PyTorch's (issue 14), each run in torch and in minigrad in the
same test: values, dtypes, requires_grad, grad_fn names and gradients. float64 throughout, compared tightly."""
import numpy as np
import pytest
import torch

import minigrad
from helpers import TOL, to_numpy
from test_bad_input import raises_like_torch


def both(fn):
    """fn(lib) for torch and for minigrad."""
    return fn(torch), fn(minigrad)


def same(pair):
    """Equal nested results: tensors by value (float64 tolerance, NaN equal to NaN), and dtype; anything else by
    ==, with torch's names read as minigrad's."""
    want, got = pair
    if isinstance(want, (tuple, list)):
        assert isinstance(got, (tuple, list)) and len(got) == len(want), (got, want)
        for w, g in zip(want, got):
            same((w, g))
    elif isinstance(want, torch.Tensor):
        if want._is_zerotensor():     # torch's stand-in for a gradient known to be 0
            want = torch.zeros(want.shape, dtype=want.dtype)
        assert isinstance(got, minigrad.Tensor), got
        assert str(got.dtype) == str(want.dtype).replace('torch.', 'minigrad.'), (got.dtype, want.dtype)
        assert tuple(got.shape) == tuple(want.shape), (got.shape, want.shape)
        if want.is_floating_point():
            np.testing.assert_allclose(to_numpy(got), to_numpy(want), equal_nan=True, **TOL['float64'])
        else:
            np.testing.assert_array_equal(to_numpy(got), to_numpy(want))
    elif isinstance(want, torch.dtype):
        assert str(got) == str(want).replace('torch.', 'minigrad.'), (got, want)
    else:
        assert got == want, (got, want)


def node(t):
    return None if t.grad_fn is None else type(t.grad_fn).__name__


def leaf(lib, values):
    return lib.tensor(values, dtype=lib.float64, requires_grad=True)


# -- 3: an inf upstream gradient is selected away, not multiplied by 0 (inf * 0 = NaN) ------------------------
@pytest.mark.parametrize('fn', [
    lambda lib, x: lib.relu(x),
    lambda lib, x: x.clamp(min=0),
    lambda lib, x: x.clamp(0, 1),
    lambda lib, x: lib.maximum(x, lib.zeros(4, dtype=lib.float64)),
    lambda lib, x: 2 - lib.minimum(x, 2 * lib.ones(4, dtype=lib.float64)),
    lambda lib, x: lib.where(x > 0, x, lib.zeros(4, dtype=lib.float64)),
    lambda lib, x: x.abs(),
], ids=['relu', 'clamp_min', 'clamp', 'maximum', 'minimum', 'where', 'abs'])
def test_inf_gradient_is_masked_to_zero(fn):
    def run(lib):
        x = leaf(lib, [-1., 0., 0.5, 2.])
        fn(lib, x).sqrt().sum().backward()
        return x.grad
    same(both(run))


@pytest.mark.parametrize('fn', [
    lambda lib, x: x.max(),
    lambda lib, x: -(-x).min(),
    lambda lib, x: x.max(1)[0],
    lambda lib, x: x.min(1)[0].neg().neg() * 0 + x.max(1)[0],
    lambda lib, x: lib.nn.functional.max_pool2d(x.view(1, 1, 2, 2), 2),
    lambda lib, x: lib.nn.functional.max_pool2d(x.view(1, 1, 2, 2), 2, 1, 1),
], ids=['max', 'min', 'max_dim', 'max_dim_b', 'max_pool_tiled', 'max_pool_padded'])
def test_inf_gradient_through_max_is_masked_to_zero(fn):
    def run(lib):
        x = leaf(lib, [[1., 2.], [2., 0.]])
        (fn(lib, x) - 2).sqrt().sum().backward()
        return x.grad
    same(both(run))


def test_inf_gradient_through_std_of_a_constant_is_zero():
    def run(lib):
        x = leaf(lib, [[1., 1., 1.], [1., 2., 4.]])
        x.std(1).sqrt().sum().backward()
        return x.grad
    same(both(run))


def test_inf_gradient_through_nll_loss_is_masked_to_zero():
    def run(lib):
        x = leaf(lib, [[-1., -2.], [-0.5, -3.]])
        losses = lib.nn.functional.nll_loss(x, lib.tensor([0, 1]), reduction='none')
        (losses + 0.5 + x.detach()[:, 0]).sqrt().sum().backward()
        return x.grad
    same(both(run))


# -- 5: narrow --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('start, length', [(-2, 2), (-5, 5), (5, 0), (0, 0), (2, 3)])
def test_narrow_negative_start(start, length):
    same(both(lambda lib: lib.arange(5.).view(1, 5).narrow(1, start, length)))


@pytest.mark.parametrize('start, length', [(-6, 1), (6, 0), (1, -1), (-2, 3), (4, 2)])
def test_narrow_errors(start, length):
    raises_like_torch(lambda lib: lib.arange(5).narrow(0, start, length))


def test_narrow_0d_error():
    raises_like_torch(lambda lib: lib.tensor(1.).narrow(0, 0, 1))


# -- 7: t_() on a view changes the view only ---------------------------------------------------------------------
def test_t_inplace_on_a_view_keeps_the_base():
    def run(lib):
        x = leaf(lib, [[0., 1., 2.], [3., 4., 5.]])
        base = x * 1
        v = base[:, :2]
        v.t_()
        v.mul_(lib.tensor([[1., 2.], [3., 4.]], dtype=lib.float64))     # writes through the transposed view
        (base * lib.arange(6., dtype=lib.float64).view(2, 3)).sum().backward()
        return base, v, v.shape, node(v), x.grad
    same(both(run))


def test_t_inplace():
    def run(lib):
        x = leaf(lib, [[0., 1., 2.], [3., 4., 5.]])
        y = x * 1
        version = y._version
        y.t_()
        (y * lib.arange(6., dtype=lib.float64).view(3, 2)).sum().backward()
        return y, node(y), y._version - version, x.grad
    same(both(run))


# -- 10: integer linspace truncates toward zero ---------------------------------------------------------------------
@pytest.mark.parametrize('start, end, steps, dtype', [(-5, 5, 7, 'int64'), (0, -7, 4, 'int64'), (-5.5, 5, 4, 'int32'),
                                                      (3, -7, 4, 'int16'), (-9, 0, 4, 'int8')])
def test_integer_linspace(start, end, steps, dtype):
    same(both(lambda lib: lib.linspace(start, end, steps, dtype=getattr(lib, dtype))))


# -- 12: first derivatives are recorded under create_graph --------------------------------------------------------
FIRST_DERIVATIVE = [
    ('abs', lambda lib, x: x.abs().sum()),
    ('relu', lambda lib, x: lib.relu(x).sum()),
    ('relu_squared', lambda lib, x: (lib.relu(x) ** 2).sum()),
    ('l1_loss', lambda lib, x: lib.nn.functional.l1_loss(x, lib.zeros(4, dtype=lib.float64))),
    ('nll_loss', lambda lib, x: lib.nn.functional.nll_loss(x.view(2, 2), lib.tensor([1, 0]))),
    ('nll_loss_none', lambda lib, x: lib.nn.functional.nll_loss(x.view(2, 2), lib.tensor([1, 0]), reduction='none')
     .pow(2).sum()),
    ('clamp', lambda lib, x: x.clamp(-0.5, 1).sum()),
    ('where', lambda lib, x: lib.where(x > 0, x, 0.).sum()),
    ('max', lambda lib, x: x.max()),
    ('pad', lambda lib, x: (lib.nn.functional.pad(x, (1, 1)) ** 2).sum()),
]


@pytest.mark.parametrize('fn', [f for _, f in FIRST_DERIVATIVE], ids=[n for n, _ in FIRST_DERIVATIVE])
def test_first_derivative_requires_grad_as_torch(fn):
    def run(lib):
        x = leaf(lib, [-1., 0.5, 2., -3.])
        g, = lib.autograd.grad(fn(lib, x), x, create_graph=True)
        if not g.requires_grad:
            return g, False
        gg, = lib.autograd.grad((g * lib.arange(4., dtype=lib.float64)).sum(), x, allow_unused=True)
        return g, True, node(g), gg
    same(both(run))


# -- 13: ops that return a new view where they used to return their input ------------------------------------------
@pytest.mark.parametrize('fn', [
    lambda x: x.reshape(x.shape), lambda x: x.reshape_as(x), lambda x: x.reshape(-1), lambda x: x.t(),
    lambda x: x.sum().t(), lambda x: x.unflatten(0, (3,)), lambda x: x.view(3), lambda x: x.expand(3),
    lambda x: x.squeeze(), lambda x: x.contiguous(), lambda x: x.flatten(), lambda x: x.to(x.dtype),
], ids=['reshape', 'reshape_as', 'reshape_-1', 't_1d', 't_0d', 'unflatten', 'view', 'expand', 'squeeze',
        'contiguous', 'flatten', 'to'])
def test_same_shape_ops_return_a_view_as_torch(fn):
    def run(lib):
        x = lib.ones(3, dtype=lib.float64, requires_grad=True)
        y = fn(x)
        result = (y is x, y.is_leaf, y.requires_grad, node(y))
        y.sum().backward()
        return result, x.grad
    same(both(run))


def test_sign_of_bool_is_a_new_tensor():
    def run(lib):
        x = lib.tensor([True, False])
        x.sign()[0] = False
        return x
    same(both(run))


# -- 8: tensors a backward needs are version-checked even when they need no gradient --------------------------------
def where_condition(lib):
    x = leaf(lib, [1., 2., 3.])
    c = lib.tensor([True, False, True])
    y = lib.where(c, x, x * 2)
    c[0] = False
    y.sum().backward()


def nll_target(lib):
    x = leaf(lib, [[-1., -2.], [-0.5, -3.]])
    t = lib.tensor([0, 1])
    loss = lib.nn.functional.nll_loss(x, t)
    t[0] = 1
    loss.backward()


def nll_weight(lib):
    x = leaf(lib, [[-1., -2.], [-0.5, -3.]])
    w = lib.tensor([1., 2.], dtype=lib.float64)
    loss = lib.nn.functional.nll_loss(x, lib.tensor([0, 1]), weight=w)
    w.mul_(2)
    loss.backward()


def bce_weight(lib):
    x = leaf(lib, [0.2, 0.7])
    w = lib.tensor([1., 2.], dtype=lib.float64)
    loss = lib.nn.functional.binary_cross_entropy(x, lib.tensor([0., 1.], dtype=lib.float64), weight=w)
    w[0] = 3
    loss.backward()


def bce_pos_weight(lib):
    x = leaf(lib, [0.2, -0.7])
    p = lib.tensor([1., 2.], dtype=lib.float64)
    loss = lib.nn.functional.binary_cross_entropy_with_logits(x, lib.tensor([0., 1.], dtype=lib.float64), pos_weight=p)
    p.add_(1)
    loss.backward()


def index_tensor(lib):
    x = leaf(lib, [1., 2., 3.])
    i = lib.tensor([0, 0, 1])
    y = x[i]
    i[0] = 2
    y.sum().backward()


def index_mask(lib):
    x = leaf(lib, [1., 2., 3.])
    m = lib.tensor([True, False, True])
    y = x[m]
    m[1] = True
    y.sum().backward()


def frozen_batch_norm_weight(lib):
    x = leaf(lib, np.arange(12.).reshape(2, 3, 2) % 5)
    w = lib.ones(3, dtype=lib.float64)
    y = lib.nn.functional.batch_norm(x, None, None, w, lib.zeros(3, dtype=lib.float64), training=True)
    w.mul_(2)
    y.pow(2).sum().backward()


def max_pool_indices(lib):
    x = leaf(lib, np.arange(16.).reshape(1, 1, 4, 4) % 7)
    y, idx = lib.nn.functional.max_pool2d(x, 2, return_indices=True)
    idx.zero_()
    y.sum().backward()


@pytest.mark.parametrize('fn', [where_condition, nll_target, nll_weight, bce_weight, bce_pos_weight, index_tensor,
                                index_mask, frozen_batch_norm_weight, max_pool_indices])
def test_changed_constant_is_an_error(fn):
    raises_like_torch(fn)


def test_constants_changed_after_backward_or_unsaved_are_fine():
    def run(lib):
        x = leaf(lib, [1., 2., 3.])
        i = lib.tensor([0, 0, 1])
        c = lib.tensor([True, False, True])
        y = x[i].sum() + lib.where(c, x, 0.).sum()
        y.backward()
        i[0], c[0] = 2, False                       # after backward: nothing to check
        z = lib.where(c, lib.ones(3), lib.zeros(3))  # no input needs a gradient: nothing saved
        c[1] = True
        return x.grad, z
    same(both(run))


# -- 1: an op's output changed in place before backward -------------------------------------------------------------
@pytest.mark.parametrize('affine', [False, True])
def test_batch_norm_then_inplace_relu(affine):
    def run(lib):
        rng = np.random.default_rng(0)
        x = lib.tensor(rng.standard_normal((2, 3, 2, 2)), requires_grad=True)
        bn = lib.nn.BatchNorm2d(3, affine=affine).double()
        y = lib.nn.ReLU(inplace=True)(bn(x))
        (y * lib.tensor(rng.standard_normal((2, 3, 2, 2)))).sum().backward()
        return y, x.grad
    same(both(run))


# -- 4: x ** y at x == 0 --------------------------------------------------------------------------------------------
def test_pow_gradients_at_zero():
    def run(lib):
        x = leaf(lib, [0., 0., 0., 0., 2.])
        y = leaf(lib, [0., 1., 2., 0.5, 0.])
        (x ** y).sum().backward()
        return x.grad, y.grad
    same(both(run))


def test_pow_zero_exponent_with_inf_gradient():
    def run(lib):
        x = leaf(lib, [0., 1.])
        (x ** 0 - 1).sqrt().sum().backward()
        return x.grad
    same(both(run))


# -- 6: norm -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('args', [(), (float('inf'),), (-float('inf'),), (0,), ('fro',), (1,), (3,), (0.5,),
                                  (float('inf'), 1), (0, 1, True), ('fro', 0), (2, (0, 1), True), (-float('inf'), -1)])
def test_norm(args):
    def run(lib):
        x = leaf(lib, [[3., -4., 0.], [0., 1., -1.]])
        y = x.norm(*args)
        (y * lib.arange(1., y.numel() + 1, dtype=lib.float64).view(y.shape)).sum().backward()
        return y, node(y), x.grad
    same(both(run))


@pytest.mark.parametrize('p', [2, 3, 1.5, 0.5, 'fro'])
def test_norm_of_zeros(p):
    def run(lib):
        x = leaf(lib, [[0., 0.], [1., 0.]])
        x.norm(p, 1).sum().backward()
        return x.grad
    same(both(run))


def test_norm_of_integers_is_an_error():
    raises_like_torch(lambda lib: lib.arange(3).norm())


# -- 9: reflect and replicate pad the whole input, then crop; circular crops, then wraps --------------------------------
@pytest.mark.parametrize('mode, pad', [
    ('reflect', (3, -3)), ('reflect', (2, -4)), ('reflect', (-1, 2)), ('reflect', (-3, 1, 2, -1)),
    ('reflect', (1, -2, -1, 3)), ('replicate', (3, -3)), ('replicate', (-2, 4, 1, -2)),
    ('circular', (-1, 2)), ('circular', (-2, -1)), ('circular', (1, -1, -1, 2)),
])
def test_pad_with_negative_pads(mode, pad):
    def run(lib):
        x = lib.arange(20., dtype=lib.float64).view(1, 1, 4, 5).requires_grad_()
        y = lib.nn.functional.pad(x if len(pad) == 4 else x[0], pad, mode=mode)
        (y * lib.arange(1., y.numel() + 1, dtype=lib.float64).view(y.shape)).sum().backward()
        return y, x.grad
    same(both(run))


# -- 11: result dtypes: Python numbers and 0-dim tensors take part by category only ----------------------------------
DTYPE_NAMES = ['bool', 'uint8', 'int8', 'int32', 'int64', 'float32', 'float64']
DTYPE_OPS = {
    'pow_number': lambda lib, a, b: a ** 2, 'pow_true': lambda lib, a, b: a ** True, 'pow_float': lambda lib, a, b: a ** 0.5,
    'add_alpha': lambda lib, a, b: a.add(b, alpha=2), 'radd_alpha': lambda lib, a, b: b.add(a, alpha=2),
    'clamp_int': lambda lib, a, b: a.clamp(max=2), 'clamp_min_int': lambda lib, a, b: a.clamp(min=0),
    'clamp_float': lambda lib, a, b: a.clamp(-1.5, 2.5), 'and': lambda lib, a, b: a & b, 'or': lambda lib, a, b: a | b,
    'and_number': lambda lib, a, b: a & 3, 'add_0d': lambda lib, a, b: a + b.sum(), 'mul': lambda lib, a, b: a * b,
    'div_trunc': lambda lib, a, b: a.div(b, rounding_mode='trunc'),
    'div_trunc_1': lambda lib, a, b: a.div(b.reshape(-1)[:1], rounding_mode='trunc'),
}


def dtype_result(lib, op, da, db, shape_a, shape_b):
    a = lib.ones(shape_a, dtype=getattr(lib, da))
    b = (2 * lib.ones(shape_b, dtype=lib.int64)).to(getattr(lib, db)) if db != 'bool' else lib.ones(shape_b, dtype=lib.bool)
    try:
        r = DTYPE_OPS[op](lib, a, b)
    except Exception:
        return 'error'      # which errors PyTorch raises is test_bad_input's business
    return r.dtype, tuple(r.shape), r.tolist()


@pytest.mark.parametrize('op', list(DTYPE_OPS))
def test_result_dtypes(op):
    for da in DTYPE_NAMES:
        for db in DTYPE_NAMES:
            for shapes in [((2,), (2,)), ((), (2,)), ((2,), ()), ((), ())]:
                want, got = both(lambda lib: dtype_result(lib, op, da, db, *shapes))
                if 'error' in (want, got):
                    continue
                assert str(got[0]) == str(want[0]).replace('torch.', 'minigrad.'), (op, da, db, shapes, got, want)
                assert got[1:] == want[1:], (op, da, db, shapes, got, want)


@pytest.mark.parametrize('write', [
    lambda lib, y: y.__setitem__(0, 0.),
    lambda lib, y: y.__setitem__(lib.tensor([0, 2]), 0.),
    lambda lib, y: y[1:].zero_(),
], ids=['setitem', 'index_put', 'view_zero_'])
def test_inf_gradient_at_overwritten_elements_is_zero(write):
    def run(lib):
        x = leaf(lib, [1., 2., 3.])
        y = x * 1
        write(lib, y)
        y.sqrt().sum().backward()
        return x.grad
    same(both(run))


# -- 2: integer and bool targets never join the graph -------------------------------------------------------------------
def test_integer_targets_of_copy_and_setitem_have_no_graph():
    def run(lib):
        x = leaf(lib, [1.5, 2.5])
        a = lib.zeros(3, dtype=lib.long)
        a[:2] = x * 2
        a[2] = x[1]
        b = lib.zeros(2, dtype=lib.bool)
        b.copy_(x)
        c = lib.zeros(2, dtype=lib.int32)
        c[1] = x[0]
        y = (a[:2].double() * x).sum()
        y.backward()
        return a, b, c, [(t.requires_grad, node(t)) for t in (a, b, c)], x.grad
    same(both(run))


@pytest.mark.parametrize('dtype', ['int64', 'int32', 'int8', 'uint8'])
def test_integer_trunc_division(dtype):
    def run(lib):
        big = 2 ** 60 + 1 if dtype == 'int64' else 7
        a = lib.tensor([big, 7, -7, 7, -7, 0, 6] if dtype != 'uint8' else [7, 200, 0, 6], dtype=getattr(lib, dtype))
        b = lib.tensor([3, 2, 2, -2, -2, 3, 3] if dtype != 'uint8' else [2, 3, 3, 3], dtype=getattr(lib, dtype))
        return a.div(b, rounding_mode='trunc'), a.div(b, rounding_mode='floor')
    same(both(run))


@pytest.mark.parametrize('dtype', ['float16', 'float32', 'float64'])
@pytest.mark.parametrize('op', ['relu', 'clamp_min0', 'clamp_max0', 'clamp_min_neg0', 'clamp_both'])
def test_relu_and_clamp_keep_the_sign_of_zero(op, dtype):
    """relu(-0.) is -0. in PyTorch (its clamp keeps x where x is not below the bound); numpy's maximum(x, 0) gave
    +0. Compared bit for bit, NaN and infinities included."""
    values = np.array([-0.0, 0.0, np.nan, -np.inf, np.inf, -1, 1, 0.5, -0.5], dtype)
    fn = {'relu': lambda t: t.relu(), 'clamp_min0': lambda t: t.clamp(min=0), 'clamp_max0': lambda t: t.clamp(max=0),
          'clamp_min_neg0': lambda t: t.clamp(min=-0.0), 'clamp_both': lambda t: t.clamp(-0.0, 0.5)}[op]
    want, got = fn(torch.tensor(values)).numpy(), fn(minigrad.tensor(values)).numpy()
    np.testing.assert_array_equal(got.view(f'u{values.itemsize}'), want.view(f'u{values.itemsize}'))
