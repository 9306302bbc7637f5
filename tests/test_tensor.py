"""The Tensor API of the tutorials: factories, dtypes, attributes, repr, the numpy bridge, in-place ops."""
import warnings

import numpy as np
import pytest
import torch

import minigrad
from helpers import to_numpy


def same_repr(t, m):
    assert repr(m) == repr(t).replace('torch.', 'minigrad.'), f'\nminigrad: {m!r}\ntorch:    {t!r}'


# -- factories and dtypes --------------------------------------------------------------------------------
@pytest.mark.parametrize('data', [[[1, 2], [3, 4]], [1.5, 2.0], [True, False], 3, 2.5, [[1.0, 2], [3, 4]]])
def test_tensor_infers_dtype_like_torch(data):
    t, m = torch.tensor(data), minigrad.tensor(data)
    assert m.dtype.name == str(t.dtype).replace('torch.', '')
    np.testing.assert_array_equal(m.numpy(), t.numpy())


@pytest.mark.parametrize('name', ['zeros', 'ones', 'empty', 'rand', 'randn'])
def test_shape_factories(name):
    for args in [(2, 3), ((2, 3),), (4,)]:
        t, m = getattr(torch, name)(*args), getattr(minigrad, name)(*args)
        assert tuple(m.shape) == tuple(t.shape) and m.dtype.name == str(t.dtype)[6:]


def test_factory_dtypes_and_values():
    pairs = [
        (lambda l: l.zeros(5, 3, dtype=l.long)), (lambda l: l.full((2, 2), 7)), (lambda l: l.full((2,), 1.5)),
        (lambda l: l.arange(5)), (lambda l: l.arange(0, 1, 0.25)), (lambda l: l.linspace(0, 1, 5)),
        (lambda l: l.eye(3)), (lambda l: l.eye(2, 3, dtype=l.float64)), (lambda l: l.ones(2, dtype=l.bool)),
        (lambda l: l.zeros_like(l.ones(2, 3, dtype=l.int64))), (lambda l: l.ones_like(l.ones(2), dtype=l.float)),
        (lambda l: l.ones(2, 2).new_ones(3, 1)), (lambda l: l.ones(2, dtype=l.float64).new_zeros((2, 2))),
        (lambda l: l.full_like(l.ones(3), 2.0)), (lambda l: l.Tensor([1, 2])), (lambda l: l.tensor(3.0)),
    ]
    for make in pairs:
        t, m = make(torch), make(minigrad)
        assert m.dtype.name == str(t.dtype)[6:], (t, m)
        np.testing.assert_array_equal(m.numpy(), t.numpy())


def test_random_factories_and_seed():
    minigrad.manual_seed(3)
    a = minigrad.rand(1000)
    minigrad.manual_seed(3)
    assert minigrad.rand(1000).equal(a)
    assert 0 <= a.min().item() and a.max().item() < 1 and abs(a.mean().item() - 0.5) < 0.05
    n = minigrad.randn(20000)
    assert abs(n.mean().item()) < 0.05 and abs(n.std().item() - 1) < 0.05
    r = minigrad.randint(3, 7, (1000,))
    assert r.dtype is minigrad.int64 and r.min().item() == 3 and r.max().item() == 6
    assert sorted(minigrad.randperm(10).tolist()) == list(range(10))
    assert minigrad.randn_like(minigrad.ones(2, 3, dtype=minigrad.float64)).dtype is minigrad.float64
    with pytest.raises(RuntimeError, match='check_uniform_bounds'):
        minigrad.rand_like(minigrad.tensor([1, 2]))


def test_conversions():
    for conv in ['double', 'float', 'long', 'int', 'bool']:
        t, m = getattr(torch.tensor([1.5, -2.0, 0.0]), conv)(), getattr(minigrad.tensor([1.5, -2.0, 0.0]), conv)()
        assert m.dtype.name == str(t.dtype)[6:]
        np.testing.assert_array_equal(m.numpy(), t.numpy())
    x = minigrad.ones(2)
    assert x.to(minigrad.float64).dtype is minigrad.float64 and x.to('cpu') is x
    assert x.to('cpu', minigrad.double).dtype is minigrad.float64
    assert minigrad.tensor([[1, 2], [3, 4]]).type() == 'minigrad.LongTensor'


# -- attributes --------------------------------------------------------------------------------------
def test_attributes():
    t, m = torch.rand(3, 4), minigrad.rand(3, 4)
    assert repr(m.shape) == repr(t.shape).replace('torch', 'minigrad')
    assert m.size() == t.size() and m.size(1) == t.size(1) == m.size(-1)
    assert m.ndim == m.dim() == 2 and m.numel() == 12 and len(m) == 3
    assert str(m.device) == 'cpu' and repr(m.device) == repr(t.device)
    assert m.T.shape == t.T.shape and m.t().shape == t.t().shape
    assert repr(m.dtype) == 'minigrad.float32'
    assert minigrad.ones(2, 3).size() == (2, 3)
    for attrs in ('ndimension()', 'nbytes', 'itemsize', 'is_cpu', 'get_device()', 'is_same_size(x[:1])',
                  'is_same_size(x * 2)', 'element_size()', 'nelement()', 'stride()', 'is_contiguous()'):
        assert eval(f'x.{attrs}', {'x': m}) == eval(f'x.{attrs}', {'x': t}), attrs


# views of x = arange(12.).view(3, 4): where each starts in x's memory, and so how data_ptr differs from x's
VIEWS = ['x', 'x[1:]', 'x[:, 2]', 'x.t()[1]', 'x.view(-1)[5:]', 'x.expand(2, 3, 4)[1, 2]', 'x.unfold(1, 2, 1)[1]',
         'x.diagonal()', 'x.as_strided((2,), (3,), 4)', 'x.detach()[2]', 'x.unsqueeze(0)[0, 1]', 'x.narrow(1, 1, 2)',
         'x.view(L.int32)[1]', 'x.clone()[1]', 'x[[0]]', 'L.zeros(0)']


@pytest.mark.parametrize('view', VIEWS)
def test_storage_offset_and_data_ptr_as_pytorch(view):
    seen = []
    for L in (torch, minigrad):
        x = L.arange(12.).view(3, 4)
        v = eval(view, {'x': x, 'L': L})
        shares = v.data_ptr() != 0 and x.data_ptr() <= v.data_ptr() < x.data_ptr() + x.nbytes
        seen.append((v.storage_offset(), v.data_ptr() - x.data_ptr() if shares else None, v.data_ptr() == 0))
    assert seen[1] == seen[0]


def test_item_tolist_and_python_conversions():
    assert minigrad.tensor([[1, 2], [3, 4]]).tolist() == [[1, 2], [3, 4]]
    assert minigrad.tensor([2.5]).item() == 2.5 and float(minigrad.tensor(1.5)) == 1.5
    assert int(minigrad.tensor(3)) == 3 and ('abc')[minigrad.tensor(1)] == 'b'
    assert '%.3f' % minigrad.tensor(1.23456).item() == '1.235' and f'{minigrad.tensor(2.0):.1f}' == '2.0'
    with pytest.raises(RuntimeError, match='ambiguous'):
        bool(minigrad.ones(2))


# -- repr -------------------------------------------------------------------------------------------
@pytest.mark.parametrize('make', [
    lambda l: l.tensor([[1., 2.], [3., 4.]]),
    lambda l: l.tensor([1.5, -2.25, 3.0]),
    lambda l: l.tensor([0.001, 12.5]),
    lambda l: l.tensor([1e-5, 1.0]),
    lambda l: l.tensor([1e9, 1.0]),
    lambda l: l.tensor([[1, 2], [3, 4]]),
    lambda l: l.tensor([1, 2], dtype=l.int32),
    lambda l: l.tensor([True, False]),
    lambda l: l.tensor(3.5),
    lambda l: l.tensor([1.0, 2.0], dtype=l.float64),
    lambda l: l.zeros(2, 3),
    lambda l: l.tensor([]),
    lambda l: l.zeros(0, 3),
    lambda l: l.ones(2, requires_grad=True),
    lambda l: l.ones(2, requires_grad=True) + 1,
    lambda l: l.tensor([[1.0, 2.0]], requires_grad=True) * 2,
    lambda l: l.arange(12, dtype=l.float32).reshape(3, 4) / 7,
    lambda l: l.tensor([float('nan'), 1.0, float('inf')]),
])
def test_repr_matches_torch(make):
    same_repr(make(torch), make(minigrad))


def test_repr_of_long_rows_wraps_like_torch():
    same_repr(torch.arange(30, dtype=torch.float32) / 3, minigrad.arange(30, dtype=minigrad.float32) / 3)


# -- the numpy bridge --------------------------------------------------------------------------------
def test_from_numpy_shares_memory_both_ways():
    a = np.ones(5)
    t = minigrad.from_numpy(a)
    np.add(a, 1, out=a)
    assert t.tolist() == [2.0] * 5 and t.dtype is minigrad.float64
    t.add_(1)
    assert a.tolist() == [3.0] * 5


def test_numpy_shares_memory():
    t = minigrad.ones(5)
    n = t.numpy()
    t.add_(1)
    assert n.tolist() == [2.0] * 5


def test_tensor_copies():
    a = np.ones(3)
    t = minigrad.tensor(a)
    a += 1
    assert t.tolist() == [1.0] * 3


# -- in-place ops, out= and indexing ------------------------------------------------------------------
def test_inplace_ops_match_torch():
    def run(lib):
        x = lib.tensor([[1., -2.], [3., 4.]])
        y = lib.ones(2, 2)
        y.add_(x)
        y.sub_(0.5)
        y.mul_(2)
        y.clamp_(-1, 5)
        x.copy_(y)
        x[:, 1] = 0
        x[0] = lib.tensor([9., 8.])
        x.t_()
        z = lib.empty(2, 2).fill_(3)
        return x, y, z, lib.zeros(3).zero_()
    for t, m in zip(run(torch), run(minigrad)):
        np.testing.assert_array_equal(to_numpy(m), to_numpy(t))


def test_zero_dim_results_are_arrays_that_take_inplace_ops():
    """numpy returns scalars for 0-d results; minigrad's 0-d tensors must still take in-place ops and writes."""
    def run(lib):
        x = lib.tensor([1., -2., 3.5])
        s, p, m = x.sum(), x.sum() * 2, x.max()
        s.add_(1)
        p[...] = p * 3
        m.mul_(x.mean())
        d = x.dot(x)
        d /= 2
        return s, p, m, d, x.std().sqrt_(), x[1].neg_(), (x.sum() > 1) | (x[0] < 0), x.argmax() + 1
    for t, m in zip(run(torch), run(minigrad)):
        assert isinstance(m._data, np.ndarray)
        np.testing.assert_allclose(to_numpy(m), to_numpy(t), rtol=1e-6)


PROMOTIONS = {   # result dtypes PyTorch gives: ints promote to the default float, the higher category wins whole
    'exp_of_int': lambda L: L.tensor([1, 2, 3]).exp(),
    'sqrt_log_sigmoid_tanh_of_int': lambda L: (L.tensor([1, 2]).sqrt(), L.tensor([1, 2]).log(),
                                               L.tensor([1, 2]).sigmoid(), L.tensor([1, 2]).tanh()),
    'int_pow_float': lambda L: (L.tensor([1, 4]) ** 0.5, L.tensor([1, 4]) ** 2),
    'cat_int_float': lambda L: L.cat([L.tensor([1, 2]), L.tensor([1.5])]),
    'stack_int_float': lambda L: L.stack([L.tensor([1, 2]), L.tensor([1.5, 2.5])]),
    'cat_int32_int64_bool': lambda L: L.cat([L.tensor([1], dtype=L.int32), L.tensor([3]), L.tensor([True])]),
    'bool_plus_int': lambda L: (L.tensor([True, False]) + 1, L.tensor([True, False]) + L.tensor(2)),
    'int32_plus_0d_double': lambda L: L.tensor([1, 2], dtype=L.int32) + L.tensor(2.5, dtype=L.float64),
    'clamp_int_float_bound': lambda L: (L.tensor([-1, 2, 3]).clamp(min=0.5), L.tensor([-1, 2, 3]).clamp(max=1)),
    'where_numbers': lambda L: (L.where(L.tensor([True, False]), 1., 0.), L.where(L.tensor([True, False]), 1, 0),
                                L.where(L.tensor([True, False]), 1, 0.5)),
    'where_one_argument': lambda L: L.where(L.tensor([[True, False], [False, True]])),
    'nonzero': lambda L: (L.tensor([[1., 0.], [0., 2.]]).nonzero(), *L.tensor([0, 3]).nonzero(as_tuple=True)),
}


@pytest.mark.parametrize('case', PROMOTIONS)
def test_result_dtypes_match_torch(case):
    t_out, m_out = PROMOTIONS[case](torch), PROMOTIONS[case](minigrad)
    for t, m in zip(*(x if isinstance(x, tuple) else (x,) for x in (t_out, m_out))):
        assert m.dtype.name == str(t.dtype).removeprefix('torch.')
        np.testing.assert_allclose(to_numpy(m), to_numpy(t), rtol=1e-6)


def test_clamp_with_tensor_bounds_gives_them_gradients():
    def run(lib):
        x = lib.tensor([1., -2., 3., 0.5], requires_grad=True)
        lo = lib.tensor([0., 0., 5., -1.], requires_grad=True)
        hi = lib.tensor([4., 4., 6., 0.25], requires_grad=True)
        y = x.clamp(min=lo, max=hi)
        (y * lib.tensor([1., 2., 3., 4.])).sum().backward()
        return y, x.grad, lo.grad, hi.grad
    for t, m in zip(run(torch), run(minigrad)):
        np.testing.assert_allclose(to_numpy(m), to_numpy(t))


def test_argmax_keepdim_min_dim_repr_and_version_like_torch():
    def run(lib):
        x = lib.tensor([[1., 5.], [3., 2.]])
        v = x[1:]
        before = x._version
        x.add_(1)
        v.mul_(2)
        return (x.argmax(keepdim=True), x.argmin(keepdim=True), lib.argmax(x, keepdim=True), repr(lib.min(x, 0)),
                repr(x.max(1, keepdim=True)), (before, x._version, v._version))
    for t, m in zip(run(torch), run(minigrad)):
        if isinstance(t, str):
            assert m == t.replace('torch', 'minigrad')
        elif isinstance(t, tuple):
            assert m == t
        else:
            assert m.shape == t.shape and to_numpy(m).tolist() == to_numpy(t).tolist()


def test_inplace_bumps_version():
    x = minigrad.ones(2)
    v = x._version if hasattr(x, '_version') else x._vc[0]
    x.add_(1)
    assert x._vc[0] == v + 1


def test_out_argument():
    for lib in (torch, minigrad):
        x, y = lib.ones(5, 3), lib.ones(5, 3) * 2
        result = lib.empty(5, 3)
        lib.add(x, y, out=result)
        assert result.tolist() == [[3.0] * 3] * 5
        m = lib.empty(2, 2)
        lib.matmul(lib.ones(2, 3), lib.ones(3, 2), out=m)
        assert m.tolist() == [[3.0, 3.0]] * 2


def test_inplace_int_with_float_refused_like_torch():
    for lib in (torch, minigrad):
        with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type Long"):
            lib.tensor([1, 2]).add_(1.5)


def test_view_shares_memory_and_errors():
    x = minigrad.arange(6)
    v = x.view(2, 3)
    v[0, 0] = 100
    assert x[0].item() == 100
    for lib in (torch, minigrad):
        with pytest.raises(RuntimeError, match=r"shape '\[4, 2\]' is invalid for input of size 6"):
            lib.arange(6).view(4, 2)
        with pytest.raises(RuntimeError, match='view size is not compatible'):
            lib.arange(6).view(2, 3).t().view(6)
    assert minigrad.arange(6).view(2, 3).t().reshape(6).tolist() == torch.arange(6).view(2, 3).t().reshape(6).tolist()


def test_comparisons_argmax_and_max_dim():
    t = torch.tensor([[1., 5., 3.], [7., 2., 7.]])
    m = minigrad.tensor(t.numpy())
    for op in ['__eq__', '__lt__', '__gt__', '__le__', '__ge__', '__ne__']:
        np.testing.assert_array_equal(getattr(m, op)(3.0).numpy(), getattr(t, op)(3.0).numpy())
    np.testing.assert_array_equal(m.argmax(1).numpy(), t.argmax(1).numpy())
    assert m.argmax().item() == t.argmax().item()
    tv, ti = torch.max(t, 1)
    mv, mi = minigrad.max(m, 1)
    np.testing.assert_array_equal(mv.numpy(), tv.numpy())
    np.testing.assert_array_equal(mi.numpy(), ti.numpy())
    assert minigrad.max(m, 1).indices.dtype is minigrad.int64
    assert (m == m).all().item() and not (m > 100).any().item()
    assert (mi == minigrad.tensor([1, 0])).sum().item() == 2


def test_shape_functions_of_the_tutorials():
    def run(lib):
        x = lib.arange(24, dtype=lib.float32).reshape(2, 3, 4)
        return (lib.squeeze(x.view(1, 2, 3, 4)), lib.unsqueeze(x, 0), x.view(-1, 8), x.size(), lib.numel(x),
                lib.cat([x, x], dim=1), lib.stack([x, x], dim=2), x.permute(2, 0, 1), x.flatten(),
                lib.mean(x), x.sum(dim=0), lib.mm(x[0], x[1].t()), x[0].T.matmul(x[1]), x.transpose(0, 1))
    for t, m in zip(run(torch), run(minigrad)):
        if isinstance(t, torch.Tensor):
            assert m.shape == tuple(t.shape)
            np.testing.assert_allclose(to_numpy(m), to_numpy(t))
        else:
            assert m == t


def test_device_errors_are_named():
    x = minigrad.ones(2)
    with pytest.raises(RuntimeError, match='Expected one of cpu, cuda device type'):
        x.to('tpu')


def test_deepcopy_of_a_model_copies_its_leaves():
    import copy
    for lib in (torch, minigrad):
        net = lib.nn.Sequential(lib.nn.Linear(3, 2))
        clone = copy.deepcopy(net)
        assert type(clone[0].weight) is type(net[0].weight) and clone[0].weight is not net[0].weight
        assert clone[0].weight.tolist() == net[0].weight.tolist()
        with lib.no_grad():
            clone[0].weight.add_(1)
        assert clone[0].weight.tolist() != net[0].weight.tolist()
        with pytest.raises(RuntimeError, match='Only Tensors created explicitly by the user'):
            copy.deepcopy(lib.ones(2, requires_grad=True) * 2)


# Python and numpy values where PyTorch code passes them: numpy scalars as numbers, ints and dims, tensors inside
# lists, Size arithmetic, `in` and reversed(); each line runs in both libraries (x a 2x3 float32 tensor)
INTEROP = [
    'L.tensor([L.tensor(1, dtype=L.int32)]).dtype', 'L.tensor([L.tensor(1, dtype=L.int32), 2]).dtype',
    'L.tensor([L.tensor(1, dtype=L.int8), L.tensor(2, dtype=L.uint8)]).dtype', 'L.tensor([L.tensor(1.), 2]).dtype',
    'L.tensor([L.tensor(1., dtype=L.float16), 2.5]).dtype', 'L.tensor([L.tensor(True), 1]).dtype',
    'L.tensor([[L.tensor(1)], [2]])', 'L.tensor([L.tensor([1.])])', 'L.tensor([L.tensor([1., 2.]), L.tensor([3., 4.])])',
    'L.tensor((L.tensor(1.), L.tensor(2., dtype=L.float64))).dtype', 'L.tensor([L.tensor(1., requires_grad=True)])',
    'L.tensor([np.float32(1.5)]).dtype', 'L.tensor([np.float64(1.5)]).dtype', 'L.tensor([np.int32(1)]).dtype',
    'L.tensor(np.arange(6).reshape(2, 3).T).stride()', 'L.tensor(np.arange(6.).reshape(2, 3)[:, ::2]).stride()',
    'L.tensor(np.broadcast_to(np.arange(3.), (2, 3))).stride()',
    'L.full((2,), np.int64(1)).dtype', 'L.full((2,), np.float32(2)).dtype', 'L.full((2,), L.tensor(2)).dtype',
    'L.full((2,), L.tensor(True)).dtype', 'L.full((2,), L.tensor([2]))', 'L.full((2,), "a")',
    'L.arange(np.int64(5))', 'L.arange(np.int32(2), 5)', 'x.sum(dim=np.int64(0))', 'x.std(np.int64(0))',
    'x.mean((np.int64(0), 1))', 'x.lerp(x * 2, np.float32(0.5))', 'x * np.float32(2)', 'x * np.int64(2)',
    'x.view(np.int64(6))', 'L.zeros((np.int64(2), 3)).shape', 'x.narrow(np.int64(1), np.int64(0), np.int64(2))',
    'list(reversed(x))[0]', 'reversed(x[0, 0])', 'x in x', '0.5 in x', '7 in x', 'L.tensor(0.5) in x', '"a" in x',
    'x.shape + (1,)', '(1,) + x.shape', 'L.Size([2]) + L.Size([3])', 'x.shape * 2', '2 * x.shape', 'x.shape[1:]',
    'x.shape[::-1]', 'x.shape[0]',
    'x.type("torch.IntTensor").dtype', 'x.type(L.IntTensor).dtype', 'x.type("DoubleTensor")', 'x.type("torch.Foo")',
    'isinstance(x, L.FloatTensor)', 'isinstance(x, L.DoubleTensor)', 'isinstance(x.long(), L.LongTensor)',
    'L.FloatTensor.dtype', 'L.LongTensor(2, 3).shape', 'L.BoolTensor([1, 0])', 'L.HalfTensor([1.5]).dtype',
    'x.H', 'L.ones(2, 2, 2).H', 'L.ones(2).H', 'x.layout', 'x.output_nr', 'x.unbind(1)[2].output_nr',
    'x.requires_grad_().unbind(1)[2].output_nr', '(x.requires_grad_() * 1).split(1)[1].output_nr',
    '[x.is_sparse, x.is_sparse_csr, x.is_quantized, x.is_meta, x.is_nested, x.is_mkldnn]',
    '[x.is_inference(), x.is_pinned(), x.is_shared(), x.share_memory_() is x]',
    '[x.is_mps, x.is_xpu, x.is_xla, x.is_ipu, x.is_vulkan, x.is_maia, x.is_mtia]', 'x.const_data_ptr() == x.data_ptr()']
# numpy's functions take a tensor's values and give a tensor back (a bool result in uint8); an operator given an
# array (or None, a list) leaves it to Python and numpy; an op's function or method refuses what it cannot take
INTEROP += [
    'np.exp(x)', 'np.add(x, 1)', 'np.isnan(x)', 'np.maximum(x, 0.3)', 'np.exp(x, out=np.zeros((2, 3)))',
    'np.exp(x.requires_grad_())', 'np.argmax(x)', 'x + np.ones(3)', 'x * np.array(2.0)', 'x ** np.array(2.0)',
    'x - np.array([1, 2, 3])', 'x @ np.ones(3)', 'np.ones(3) + x', 'np.ones(3) * x', 'np.ones(3) < x', 'x < np.ones(3)',
    'x == np.ones(3)', 'x != np.ones(3)', 'np.ones(3) == x', 'x == None', 'x != None', 'x == [1.0]', 'x + None',
    'None + x', 'x + "a"', 'x * (1.0, 2.0)', 'x + [1.0]', '[1.0] + x', 'x < None', 'x ** None', 'x ** [2]',
    'x.add(np.ones(3))', 'L.add(x, [1.0])', 'x.mul(None)', 'L.mul(x, "a")', 'x.sub([1.0], alpha=2)', 'L.rsub(x, [1.0])',
    'np.array([True, False, True]) - x', 'x.add_([1.0])', 'x.mul_(None)', 'L.eq(x, [1.0])', 'x.lt(None)', 'x.eq_(None)',
    'x.lt_(np.ones(3))', 'L.fmod(x, [1.0])', 'x.fmod(None)', 'x.fmod_([1, 2.5])', 'x.fmod((1, "a"))', 'x.fmod([])',
    'x.fmod([x])', 'L.remainder(x, None)', 'x.remainder([1])', 'L.bitwise_and(x.long(), [1])',
    'x.long().bitwise_or([1])', 'x.long() & None', 'L.pow(x, None)', 'x.pow([2])', 'x.pow_([2])', 'L.float_power(x, None)',
    'x.float_power([1])', 'L.xlogy(x, [1.0])', 'x.xlogy([1])', 'L.copysign(x, [1])', 'L.where(x > 0.2, x, np.ones(3))',
    'L.where(x > 0.2, [1.0], x)', 'x.where(x > 0.2, None)', 'x.masked_fill(x > 0.2, np.array(1.0))',
    'x.masked_fill_(x > 0.2, None)', 'L.masked_fill(x, x > 0, None)', 'x.copy_(None)', 'x.copy_(1.0)',
    'L.dist(x, None)', 'x[0].dot(None)', 'L.vdot(x[0], None)', 'L.inner(x, None)', 'x.inner([1.])',
    'L.addcmul(x, x, [1.0])', 'x.addcdiv(2.0, x)', 'L.addcmul(x, x, 2.0)', 'L.maximum(x, np.ones(3))',
    'L.atan2(x, None)', 'L.hypot(x, None)',
    # the method counts its arguments after x; one given by name has no position (its words, trailing comma too)
    'x.atan2(None)', 'x.atan2_([1.0])', 'L.atan2(x, other=None)', 'L.atan2(input=None, other=x)', 'x.hypot_(other=None)',
    'x.isclose(np.ones(3))', 'x.allclose(None)', 'x.fmax(None)', 'L.maximum(input=x, other=None)', 'x.ldexp_(None)',
    'L.gcd(x.long(), other=None)', 'x.heaviside_(values=None)', 'L.heaviside(x, None)', 'x.nextafter_(None)',
    'x.logical_and(None)', 'L.logaddexp(x, other=[1.0])', 'x.add(other=None)', 'x.eq_(other=[1])',
    'x.fmod(other=None)', 'x.pow(exponent=None)', 'L.fmod(x, other=None)', 'x.type_as(np.ones(2))',
    'L.scatter_add(x, 0, L.tensor([[0]]), np.ones(1))', 'x.scatter_add(0, L.tensor([[0]]), None)',
    'x.put_(L.tensor([0]), [1.0])', 'L.nn.functional.lp_pool1d(L.ones(1, 1, 4), 2, [2])',
    # a non-tensor where an op reads a tensor: PyTorch's TypeError (or the AttributeError of its ops in Python)
    'L.sum(None)', 'x.expand_as(None)', 'L.cat([x, None])', 'L.cat((x, [1.0]))', 'L.stack([x, [1., 2.]])',
    'L.nn.functional.linear(x, None)', 'L.nn.functional.linear(x, L.ones(4, 3), [1.0])', 'L.nn.functional.relu(None)',
    'x.view_as([1])', 'x.reshape_as(None)', 'L.equal(x, None)', 'L.cdist(x, None)', 'x.index_select(0, None)',
    'x.index_add(0, L.tensor([0]), None)', 'x.index_select(0, [0])', 'x.gather(0, None)', 'L.exp(None)',
    'L.exp([1.0])', 'L.relu([1.0])', 'L.matmul(None, x)', 'L.softmax(None, 0)', 'L.nn.functional.softmax(None, 0)',
    'L.nn.functional.softmin(None)', 'L.nn.functional.layer_norm(x, (3,), None, [1.0])', 'L.where(None, x, x)',
    'x.masked_fill(None, 1.0)', 'L.nn.functional.alpha_dropout(None)', 'L.searchsorted(x, None)', 'L.conj(None)',
    # in place into an expanded tensor: an op's own checks of its arguments come before those of the memory written
    'L.tensor(True).expand(2).relu_()', 'L.tensor(True).expand(2).neg_()', 'L.tensor(True).expand(2).tril_()',
    'L.nn.functional.hardtanh_(L.tensor(True).expand(2))', 'L.nn.functional.threshold_(L.tensor(True).expand(2), 0.5, 0.)',
    'L.tensor(True).expand(2).sqrt_()', 'L.tensor(1).expand(2).div_(0)', 'L.tensor(True).expand(2).clamp_(0, 1)',
    # fill_ of a number and zero_ write into an expanded tensor (PyTorch's loop skips the check), fill_ of a tensor not
    'x[0].expand(2, 3).fill_(1.5)', 'x[0].expand(2, 3).zero_()', 'x[0].expand(2, 3).fill_(L.tensor(1.5))',
    # so do the loops of masked_fill_, index_fill_, tril_ and triu_ (which write only the elements they fill)
    'x[0].expand(3, 3).tril_()', 'x[0].expand(2, 3, 3).triu_(1)', 'x[:, :1].expand(2, 2).tril_(-1)',
    'x[0].expand(2, 3).masked_fill_(L.tensor([[True, False, False], [False, False, True]]), 7.)',
    'x[0].expand(2, 3).masked_fill_(L.tensor([True, False, True]), L.tensor(7.))',
    'x[0].expand(2, 3).masked_fill_(L.ones(2, 2, 3, dtype=L.bool), 7.)', 'x[0].expand(2, 3).masked_fill_(x > 0, 7)',
    'x[0].expand(2, 3).masked_fill_(L.tensor([1, 0, 1]), 7.)', 'x[0].expand(2, 3).index_fill_(1, L.tensor([1]), 7.)',
    'x[0].expand(2, 3).index_fill_(0, L.tensor(1), L.tensor(7.))', 'x[0].expand(2, 3).index_fill_(1, L.tensor([5]), 7.)']


def interop_result(r):
    if hasattr(r, 'detach'):    # float32 values to 6 decimals: sums of a few values differ by an ulp in their order
        return str(r.dtype).split('.')[-1], np.round(r.detach().numpy().astype(float), 6).tolist()
    return repr(r).replace('torch', 'L').replace('minigrad', 'L')


@pytest.mark.parametrize('code', INTEROP)
def test_python_and_numpy_values_as_pytorch_takes_them(code):
    seen = []
    for L in (torch, minigrad):
        x = L.tensor([[0.1, 0.5, 0.9], [0.2, 0.4, 0.6]])
        try:
            seen.append(interop_result(eval(code)))
        except Exception as e:      # noqa: BLE001  (the error is what is compared)
            seen.append((type(e).__name__, str(e).replace('torch', 'L').replace('minigrad', 'L')))
    assert seen[1] == seen[0]


# writes into an expanded tensor that PyTorch still does, with its deprecation warnings
EXPANDED_WRITES = ['e[L.tensor([0])] = 1.', 'e[L.ones(2, 3, dtype=L.bool)] = 2.', 'e[L.tensor([True, False])] = 2.',
                   'e[L.tensor([0])] = L.ones(3)', 'e[L.tensor([True, False])] = L.ones(3)', 'e[[0, 1]] = 1.',
                   'e[0, L.tensor([0])] = 1.', 'e[:, L.tensor([0])] = 1.', 'e.index_fill_(0, L.tensor([0]), 1.)',
                   'e.masked_fill_(L.ones(2, 3, dtype=L.bool), 1.)', 'e.tril_()', 'x[L.tensor([0])] = 1.']


@pytest.mark.parametrize('code', EXPANDED_WRITES)
def test_writes_into_an_expanded_tensor_warn_as_pytorch(code):
    seen = []
    for L in (torch, minigrad):
        x = L.arange(3.)
        e = x.expand(2, 3)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            exec(code)
        seen.append((x.tolist(), [str(w.message).split(' (Triggered internally')[0] for w in caught]))
    assert seen[1] == seen[0]


# views whose size-1 dims numpy would give other strides than PyTorch (whose in-place overlap checks compare them)
VIEW_STRIDES = ['x.view(2, 1)', 'x.view(1, 2)', 'x.view(1, 1, 2, 1)', 'x.reshape(2, 1, 1)', 'y.view(4, 3, 2, 1)',
                'y[:, :, :1].view(4, 3)', 'y[:1].view(1, 3, 1, 2)', 'z.view(3, 2, 1)', 'z.view(3, 1, 2)',
                'L.ones(3)[None].view(1, 1, 3)', 'L.ones(3, 1).t().view(3, 1)', 'L.tensor(1.).view(1, 1)',
                'L.stack([x.expand(2, 2, 2), x.expand(2, 2, 2)], -1)', 'L.stack([y.mT, y.mT], 1)',
                'x.expand(2, 2, 2).double()', 'L.float_power(x, x.expand(3, 2, 2))', 'y.double()',
                'z.float().to(L.float64)']


@pytest.mark.parametrize('code', VIEW_STRIDES)
def test_view_strides_of_size_one_dims_as_pytorch(code):
    seen = []
    for L in (torch, minigrad):
        x = L.arange(2.).view(1, 2, 1).permute(2, 1, 0)
        y, z = L.arange(24.).view(2, 3, 4).transpose(0, 2), L.arange(12.).view(3, 4)[:, ::2]
        seen.append(eval(code).stride())
    assert seen[1] == seen[0]


@pytest.mark.parametrize('code', ['x.clone(memory_format=L.contiguous_format)', 'x.clone()',
                                  'x.clone(memory_format=L.preserve_format)', 'x.contiguous()',
                                  'x.clone(memory_format=L.channels_last)', 's.clone(memory_format=L.contiguous_format)'])
def test_a_clone_is_a_copy_whatever_its_memory_format(code):
    """A clone never shares memory with what it copies (x.contiguous() of a contiguous x is x itself), 0-d too."""
    seen = []
    for L in (torch, minigrad):
        x, s = L.ones(2, 3, 4, 5), L.tensor(1.)
        y = eval(code)
        y.add_(1)
        seen.append((x.sum().item(), s.item(), y.shape, y.stride()))
    assert seen[1] == seen[0]
