"""The convolution layers against PyTorch: Conv1d, Conv2d, Conv3d (padding modes, 'same'/'valid', groups, dilation,
unbatched inputs), ConvTranspose1d/2d/3d (output_padding, output_size) and their functionals: the same weights in both
libraries, then outputs, every parameter and input gradient, second derivatives, reprs, state_dict keys, the
initialisation's bounds and the errors (type and message).
Tolerances: float64 as tests/helpers.py; float32 1e-4 (sums of a few dozen products, blocked differently)."""
import math

import numpy as np
import pytest
import torch

import minigrad
from helpers import check_module, check_second_derivative, gradcheck_op, make_inputs
from test_device import cuda  # noqa: F401  (the fixture: the strict stand-in for cupy, or a GPU)

F32 = {'float32': dict(rtol=1e-4, atol=1e-5)}

# (module class, constructor arguments, input shape)
LAYERS = [
    ('Conv1d', (3, 4, 3), {}, (2, 3, 7)),
    ('Conv1d', (4, 6, 3), dict(stride=2, padding=2, dilation=2, groups=2), (2, 4, 9)),
    ('Conv1d', (3, 2, 4), dict(padding='same', bias=False), (2, 3, 6)),
    ('Conv1d', (3, 2, 3), dict(padding='valid'), (3, 8)),
    ('Conv1d', (3, 2, 3), dict(padding=2, padding_mode='reflect'), (2, 3, 5)),
    ('Conv1d', (3, 2, 3), dict(padding=1, padding_mode='reflect'), (3, 5)),
    ('Conv1d', (3, 2, 3), dict(padding=1, padding_mode='replicate', stride=2), (2, 3, 6)),
    ('Conv1d', (3, 2, 4), dict(padding='same', padding_mode='circular', dilation=2), (2, 3, 7)),
    ('Conv2d', (2, 4, (2, 3)), dict(stride=2, padding=(1, 2), dilation=2, groups=2, padding_mode='circular'),
     (2, 2, 6, 7)),
    ('Conv2d', (3, 2, 3), dict(padding=(1, 2), padding_mode='reflect'), (2, 3, 4, 5)),
    ('Conv2d', (3, 2, 2), dict(padding='same', padding_mode='replicate'), (3, 4, 5)),
    ('Conv3d', (4, 6, (2, 3, 2)), dict(stride=(1, 2, 1), padding=(1, 0, 2), dilation=(2, 1, 1), groups=2),
     (2, 4, 5, 6, 5)),
    ('Conv3d', (3, 2, 2), dict(padding='same', padding_mode='circular', bias=False), (3, 4, 5, 4)),
    ('Conv3d', (3, 2, 3), dict(padding=1, padding_mode='reflect', stride=2), (2, 3, 4, 4, 5)),
    ('Conv3d', (2, 3, 3), dict(padding=(0, 1, 2), padding_mode='replicate'), (1, 2, 3, 4, 5)),
    ('ConvTranspose1d', (3, 4, 3), {}, (2, 3, 5)),
    ('ConvTranspose1d', (4, 6, 3), dict(stride=2, padding=1, output_padding=1, groups=2, dilation=2), (2, 4, 5)),
    ('ConvTranspose1d', (3, 2, 2), dict(dilation=2, output_padding=1, bias=False), (3, 5)),
    ('ConvTranspose2d', (3, 4, (3, 2)), {}, (2, 3, 4, 5)),
    ('ConvTranspose2d', (4, 2, 3), dict(stride=(2, 3), padding=(1, 2), output_padding=(1, 2), groups=2,
                                        dilation=(2, 1)), (2, 4, 4, 5)),
    ('ConvTranspose2d', (4, 2, 2), dict(stride=2), (4, 3, 3)),
    ('ConvTranspose3d', (4, 6, (3, 2, 2)), dict(stride=(2, 1, 2), padding=(1, 0, 1), output_padding=(1, 0, 1), groups=2,
                                                dilation=(1, 2, 1)), (2, 4, 3, 4, 3)),
    ('ConvTranspose3d', (3, 2, 2), dict(stride=2, bias=False), (3, 2, 3, 3)),
]
IDS = [f'{name}-{i}' for i, (name, *_) in enumerate(LAYERS)]


def both(name, args, kw):
    return getattr(torch.nn, name)(*args, **kw), getattr(minigrad.nn, name)(*args, **kw)


@pytest.mark.parametrize('name,args,kw,shape', LAYERS, ids=IDS)
def test_layer_matches_torch(name, args, kw, shape):
    check_module(*both(name, args, kw), [shape], tol=F32)


@pytest.mark.parametrize('name,args,kw,shape', LAYERS, ids=IDS)
def test_repr_parameters_and_state_dict(name, args, kw, shape):
    t, m = both(name, args, kw)
    assert repr(m) == repr(t)
    assert list(m.state_dict()) == list(t.state_dict())
    for (tn, tp), (mn, mp) in zip(t.named_parameters(), m.named_parameters()):
        assert mn == tn and tuple(mp.shape) == tuple(tp.shape) and mp.dtype.name == str(tp.dtype)[6:]
    for attr in ('kernel_size', 'stride', 'padding', 'dilation', 'output_padding', 'groups', 'padding_mode',
                 'transposed', '_reversed_padding_repeated_twice'):
        assert getattr(m, attr) == getattr(t, attr), attr


@pytest.mark.parametrize('name,args,kw', [('Conv1d', (8, 64, 5), dict(groups=2)), ('Conv2d', (6, 40, 3), {}),
                                          ('ConvTranspose1d', (8, 40, 5), dict(groups=4)),
                                          ('ConvTranspose2d', (6, 30, (3, 2)), {}), ('Conv3d', (6, 40, 3), {}),
                                          ('ConvTranspose3d', (6, 30, (3, 2, 2)), dict(groups=2))])
def test_init_bounds(name, args, kw):
    """kaiming_uniform_(a=sqrt(5)) and the bias: both U(+-1/sqrt(fan_in)), fan_in from the weight's dim 1 as torch."""
    t, m = both(name, args, kw)
    fan_in = math.prod(t.weight.shape[1:])
    bound = 1 / math.sqrt(fan_in)
    for mp, tp in ((m.weight, t.weight), (m.bias, t.bias)):
        got, want = np.abs(mp.detach().numpy()), np.abs(tp.detach().numpy())
        assert want.max() <= bound and got.max() <= bound
        assert got.max() > 0.8 * bound and abs(got.mean() - bound / 2) < 0.15 * bound   # spread over the range
    before = m.weight.detach().numpy().copy()
    m.reset_parameters()
    assert not np.array_equal(before, m.weight.detach().numpy())


def test_output_size():
    t, m = both('ConvTranspose2d', (3, 2, 3), dict(stride=(2, 3), padding=1))
    m.load_state_dict(t.state_dict())
    x = np.random.default_rng(0).standard_normal((1, 3, 4, 5))
    for size in ([8, 15], [1, 2, 8, 14], (7, 13)):
        want, got = t(torch.tensor(x).float(), output_size=size), m(minigrad.tensor(x).float(), output_size=size)
        assert tuple(got.shape) == tuple(want.shape)
        np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), rtol=1e-5, atol=1e-6)
    for size in ([9, 15], [8], [1, 1, 1, 8, 15]):
        check_output_size_error(t, m, x, size)
    t1, m1 = both('ConvTranspose1d', (3, 2, 3), dict(stride=2))
    m1.load_state_dict(t1.state_dict())
    assert tuple(m1(minigrad.ones(3, 4), output_size=[10]).shape) == tuple(t1(torch.ones(3, 4), output_size=[10]).shape)


def test_output_size_3d():
    t, m = both('ConvTranspose3d', (2, 3, 2), dict(stride=(1, 2, 3)))
    m.load_state_dict(t.state_dict())
    x = np.random.default_rng(1).standard_normal((2, 3, 4, 2))
    for size in ([4, 8, 6], [3, 4, 9, 7]):
        want, got = t(torch.tensor(x).float(), output_size=size), m(minigrad.tensor(x).float(), output_size=size)
        np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), rtol=1e-5, atol=1e-6)
    for size in ([4, 9], (5, 8, 6)):        # the message prints the size as given, a list or a tuple
        check_output_size_error(t, m, x, size)


def check_output_size_error(t, m, x, size):
    """The layers t (torch's) and m refuse output_size=size for the input x with the same ValueError."""
    errors = []
    for lib, mod in ((torch, t), (minigrad, m)):
        with pytest.raises(ValueError) as e:
            mod(lib.tensor(x).float(), output_size=size)
        errors.append(str(e.value).replace('torch.', '').replace('minigrad.', ''))
    assert errors[0] == errors[1]


@pytest.mark.parametrize('name,args,kw', [
    ('Conv1d', (3, 4, 3), dict(groups=2)), ('Conv2d', (4, 3, 3), dict(groups=2)), ('Conv2d', (2, 2, 3), dict(groups=0)),
    ('Conv1d', (2, 2, 3), dict(padding='full')), ('Conv1d', (2, 2, 3), dict(padding='same', stride=2)),
    ('Conv2d', (2, 2, 3), dict(padding_mode='mirror')), ('ConvTranspose1d', (2, 2, 3), dict(padding_mode='reflect')),
    ('ConvTranspose2d', (2, 4, 3), dict(groups=3)), ('Conv3d', (2, 2, 3), dict(padding='same', stride=(1, 1, 2))),
    ('ConvTranspose3d', (2, 2, 3), dict(padding_mode='circular'))])
def test_constructor_errors(name, args, kw):
    errors = []
    for lib in (torch, minigrad):
        with pytest.raises(ValueError) as e:
            getattr(lib.nn, name)(*args, **kw)
        errors.append(str(e.value))
    if '{' in errors[0]:        # PyTorch prints a set there: its order changes from run to run
        errors = [e.split('}')[-1] for e in errors]
    assert errors[0] == errors[1]


@pytest.mark.parametrize('name,kw,shape', [
    ('Conv1d', dict(padding=5, padding_mode='reflect'), (1, 3, 3)),
    ('Conv1d', dict(padding=5, padding_mode='circular'), (1, 3, 3)),
    ('Conv2d', dict(padding=(3, 1), padding_mode='circular'), (1, 3, 2, 3)),
    ('Conv2d', dict(padding=1, padding_mode='reflect'), (1, 3, 3, 3, 3)),
    ('Conv1d', dict(padding=1, padding_mode='replicate'), (1, 2, 3))])
def test_padding_mode_errors(name, kw, shape):
    """A padding mode pads with F.pad first: its errors (too much padding, a wrong rank), then conv's."""
    errors = []
    for lib in (torch, minigrad):
        with pytest.raises((RuntimeError, NotImplementedError)) as e:
            getattr(lib.nn, name)(3, 2, 3, **kw)(lib.ones(shape))
        errors.append((type(e.value), str(e.value)))
    assert errors[0] == errors[1]


def test_conv_forward_with_other_weight():
    """_conv_forward(input, weight, bias): the layer's convolution (padding mode included) with another weight."""
    t, m = both('Conv2d', (2, 3, 3), dict(padding=1, padding_mode='circular'))
    x = np.random.default_rng(2).standard_normal((1, 2, 4, 4))
    w = np.random.default_rng(3).standard_normal((3, 2, 3, 3))
    want = t._conv_forward(torch.tensor(x), torch.tensor(w), None)
    got = m._conv_forward(minigrad.tensor(x), minigrad.tensor(w), None)
    np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize('fn,shapes,kw', [
    ('conv1d', [(2, 4, 9), (6, 2, 3), (6,)], dict(stride=2, padding=1, dilation=2, groups=2)),
    ('conv1d', [(3, 6), (2, 3, 4)], dict(padding='same')),
    ('conv2d', [(2, 2, 5, 4), (2, 2, 2, 3)], dict(padding='same', dilation=(2, 1))),
    ('conv_transpose1d', [(2, 4, 5), (4, 3, 3), (6,)], dict(stride=2, padding=1, output_padding=1, groups=2,
                                                            dilation=2)),
    ('conv_transpose2d', [(2, 3, 3, 4), (3, 2, 3, 2), (2,)],
     dict(stride=(2, 1), padding=(1, 0), output_padding=(1, 0))),
    ('conv_transpose2d', [(3, 3, 4), (3, 4, 2, 2)], dict(dilation=2, output_padding=1)),
    ('conv3d', [(2, 4, 3, 4, 3), (2, 2, 2, 1, 2), (2,)], dict(stride=(1, 2, 1), padding=(1, 0, 1), dilation=(1, 1, 2),
                                                           groups=2)),
    ('conv_transpose3d', [(2, 2, 2, 3, 2), (2, 2, 2, 1, 2), (2,)], dict(stride=(2, 1, 1), padding=(1, 0, 0),
                                                                     output_padding=(1, 0, 0)))])
def test_second_derivatives(fn, shapes, kw):
    def f(*xs):
        lib = torch if isinstance(xs[0], torch.Tensor) else minigrad
        return getattr(lib.nn.functional, fn)(*xs, **kw)
    check_second_derivative(shapes, f)
    gradcheck_op(shapes, f)
    _, _, mt = make_inputs(shapes, 'float64')
    assert minigrad.autograd.gradgradcheck(f, mt)


@pytest.mark.parametrize('fn,w', [('conv2d', (2, 2, 2, 2)), ('conv3d', (2, 2, 2, 2, 2)),
                                  ('conv_transpose3d', (2, 2, 2, 1, 2))])
def test_node_names(fn, w):
    """The output's node and, under create_graph, the gradients' nodes are named as PyTorch's."""
    names = []
    for lib in (torch, minigrad):
        x = lib.ones((1, 2) + (3,) * (len(w) - 2), dtype=lib.float64, requires_grad=True)
        weight = lib.ones(w, dtype=lib.float64, requires_grad=True)
        out = getattr(lib.nn.functional, fn)(x, weight)
        grads = lib.autograd.grad(out.sum(), (x, weight), create_graph=True)
        names.append([type(t.grad_fn).__name__ for t in (out,) + tuple(grads)])
    assert names[0] == names[1]


@pytest.mark.parametrize('fn,args', [
    ('conv1d', ((1, 3, 4, 4), (2, 3, 2))), ('conv1d', ((1, 3, 4), (2, 3, 2, 2))), ('conv1d', ((1, 3, 4), (2, 3, 5))),
    ('conv_transpose1d', ((3,), (3, 2, 2))), ('conv_transpose1d', ((1, 3, 4), (2, 2, 2))),
    ('conv_transpose2d', ((1, 3, 4, 4), (3, 2, 2, 2), (3,))), ('conv2d', ((1, 3, 4, 4), (2, 3, 2))),
    ('conv3d', ((1, 3, 4, 4, 4), (2, 3, 2, 2))), ('conv3d', ((1, 3, 4, 4), (2, 3, 2, 2, 2))),
    ('conv3d', ((1, 3, 2, 4, 4), (2, 3, 3, 2, 2))), ('conv_transpose3d', ((1, 3, 4, 4, 4), (3, 2, 2, 2, 2), (3,))),
    ('conv_transpose3d', ((1, 2, 4, 4, 4), (3, 2, 2, 2, 2))), ('conv_transpose3d', ((3, 4, 4, 4), (3, 2, 2, 2)))])
@pytest.mark.parametrize('kw', [{}, dict(stride=(1, 2, 3)), dict(padding=-1), dict(groups=4), dict(dilation=0),
                                dict(stride=0, dilation=0)])
def test_functional_errors(fn, args, kw):
    errors = []
    for lib in (torch, minigrad):
        with pytest.raises(Exception) as e:
            getattr(lib.nn.functional, fn)(*[lib.ones(s) for s in args], **kw)
        errors.append((type(e.value), str(e.value)))
    assert errors[0] == errors[1]


@pytest.mark.parametrize('dtype', ['int64', 'int32', 'uint8', 'bool', 'float16'])
@pytest.mark.parametrize('fn,w,kw', [('conv1d', (2, 3, 2), {}), ('conv2d', (2, 3, 2, 2), dict(dilation=2)),
                                     ('conv_transpose1d', (3, 2, 2), dict(stride=2)),
                                     ('conv_transpose2d', (3, 2, 2, 2), {}), ('conv3d', (2, 3, 2, 2, 2), {}),
                                     ('conv3d', (2, 3, 2, 2, 2), dict(dilation=2)),
                                     ('conv_transpose3d', (3, 2, 2, 2, 2), dict(stride=(1, 2, 1)))])
def test_dtypes(dtype, fn, w, kw):
    """Integer convolutions as PyTorch's CPU kernels: the plain one has every integer type, the dilated and
    transposed ones int64 alone; none has bool."""
    results = []
    for lib in (torch, minigrad):
        x = lib.arange(3 * 4 ** (len(w) - 2)).reshape((1, 3) + (4,) * (len(w) - 2)) % 3
        try:
            out = getattr(lib.nn.functional, fn)(x.to(getattr(lib, dtype)), lib.ones(w, dtype=getattr(lib, dtype)),
                                                 **kw)
            results.append((str(out.dtype).split('.')[-1], out.float().numpy().tolist()))
        except (RuntimeError, NotImplementedError) as e:
            results.append((type(e), str(e)))
    assert results[0] == results[1]


@pytest.mark.parametrize('fn', ['conv2d', 'conv_transpose2d', 'conv3d', 'conv_transpose3d'])
def test_bias_of_another_dtype(fn):
    """A float32 bias with float64 input and weight: the plain kernels and the 3-d transposed one refuse it, the 2-d
    transposed one takes it in the input's type."""
    results = []
    for lib in (torch, minigrad):
        dims = int(fn[-2])
        x, w = lib.ones((1, 2) + (3,) * dims, dtype=lib.float64), lib.ones((2, 2) + (2,) * dims, dtype=lib.float64)
        try:
            out = getattr(lib.nn.functional, fn)(x, w, lib.ones(2, dtype=lib.float32))
            results.append((str(out.dtype).split('.')[-1], out.numpy().tolist()))
        except RuntimeError as e:
            results.append(str(e))
    assert results[0] == results[1]


FOLDS = [
    ('Unfold', ((2, 3),), dict(dilation=(1, 2), padding=1, stride=(2, 1)), (2, 3, 5, 6)),
    ('Unfold', (2,), {}, (3, 4, 4)),
    ('Fold', ((5, 6), 2), dict(padding=(1, 0)), (2, 12, 30)),
    ('Fold', (5, (2, 3)), dict(dilation=2, padding=1, stride=3), (1, 12, 2)),
    ('Fold', (4, 2), {}, (8, 9)),
]


@pytest.mark.parametrize('name,args,kw,shape', FOLDS, ids=[f'{f[0]}-{i}' for i, f in enumerate(FOLDS)])
def test_fold_layers(name, args, kw, shape):
    t, m = both(name, args, kw)
    assert repr(m) == repr(t) and list(m.state_dict()) == list(t.state_dict()) == []
    check_module(t, m, [shape])
    f = lambda lib: lambda x: getattr(lib.nn.functional, name.lower())(x, *args, **kw)   # noqa: E731
    check_second_derivative([shape], lambda x: f(torch if isinstance(x, torch.Tensor) else minigrad)(x) ** 2)


def test_fold_is_unfold_adjoint():
    """<unfold(x), c> = <x, fold(c)>, and fold(unfold(ones)) counts the blocks each pixel is in, as torch."""
    kw = dict(kernel_size=(3, 2), dilation=(2, 1), padding=(2, 1), stride=(1, 2))
    rng = np.random.default_rng(3)
    x = minigrad.tensor(rng.standard_normal((2, 3, 6, 5)))
    u = minigrad.nn.functional.unfold(x, **kw)
    c = minigrad.tensor(rng.standard_normal(tuple(u.shape)))
    back = minigrad.nn.functional.fold(c, (6, 5), **kw)
    np.testing.assert_allclose(float((u * c).sum()), float((x * back).sum()), rtol=1e-12)
    counts = [lib.nn.functional.fold(lib.nn.functional.unfold(lib.ones(1, 2, 6, 5, dtype=lib.float64), **kw),
                                     (6, 5), **kw).numpy() for lib in (torch, minigrad)]
    np.testing.assert_array_equal(counts[1], counts[0])


@pytest.mark.parametrize('call', [
    'unfold(T(5, 6), 2)', 'unfold(T(5), 2)', 'unfold(T(1, 3, 0, 5), 2)', 'unfold(T(1, 3, 5, 5), (2, 2, 2))',
    'unfold(T(1, 3, 5, 5), 2, padding=-1, dilation=0)', 'unfold(T(1, 3, 5, 5), 2, padding=-1, stride=0)',
    'fold(T(12), (5, 6), 2)', 'fold(T(1, 4, 0), 5, 2)', 'fold(T(1, 4, 16), 5, 2, padding=-1, stride=0)',
    'fold(T(1, 4, 16), 5, 2, padding=(1, 2, 3))', 'fold(T(1, 4, 1), (2, 1), 2, stride=3, dilation=2)',
    'fold(T(1, 4, 16).long(), 5, 2)', 'unfold(T(1, 3, 5, 5).int(), 2)'])
def test_fold_errors(call):
    errors = []
    for lib in (torch, minigrad):
        with pytest.raises(Exception) as e:
            eval('F.' + call, dict(F=lib.nn.functional, T=lambda *s: lib.ones(*s)))
        errors.append((type(e.value), str(e.value)))
    assert errors[0] == errors[1]


@pytest.mark.parametrize('dtype', ['bool', 'float16'])
def test_fold_dtypes(dtype):
    results = []
    for lib in (torch, minigrad):
        x = (lib.arange(2 * 5 * 5).reshape(1, 2, 5, 5) % 3).to(getattr(lib, dtype))
        u = lib.nn.functional.unfold(x, 2, stride=1)
        results.append([str(u.dtype).split('.')[-1], u.float().numpy().tolist(),
                        lib.nn.functional.fold(u, 5, 2).float().numpy().tolist()])
    assert results[0] == results[1]


@pytest.mark.parametrize('name,args,kw,shape', LAYERS[::3] + FOLDS[::2], ids=IDS[::3] + ['Unfold', 'Fold', 'Fold2'])
def test_layers_on_the_device(cuda, name, args, kw, shape):
    """On 'cuda' (the strict cupy stand-in here; cupy on a GPU with -m gpu): outputs and gradients stay there."""
    check_module(*both(name, args, kw), [shape], tol=F32, device=cuda)
