"""minigrad.nn against torch.nn: every layer's output, input and parameter gradients (weights copied from the torch
module), the functional forms, printed forms, parameter names, state_dict, train/eval, initialisation."""
import math

import numpy as np
import pytest
import torch

import minigrad
from minigrad.utils.interop import copy_weights
from helpers import check_module, check_op

LIBS = (torch, minigrad)


def lib(x):
    return torch if isinstance(x, torch.Tensor) else minigrad


def both(make):
    """The same module built by `make(nn)` for torch and for minigrad."""
    return make(torch.nn), make(minigrad.nn)


# -- layers: forward, input gradients and parameter gradients vs PyTorch --------------------------------------
LAYERS = [
    # (name, make(nn), input shapes, check_module kwargs)
    ('linear', lambda nn: nn.Linear(5, 3), [(4, 5)], {}),
    ('linear_no_bias', lambda nn: nn.Linear(5, 3, bias=False), [(4, 5)], {}),
    ('linear_3d_input', lambda nn: nn.Linear(5, 3), [(2, 4, 5)], {}),
    ('linear_1d_input', lambda nn: nn.Linear(5, 3), [(5,)], {}),
    ('identity', lambda nn: nn.Identity(54, unused=1), [(2, 3)], {}),
    ('relu', lambda nn: nn.ReLU(), [(3, 4)], {}),
    ('sigmoid', lambda nn: nn.Sigmoid(), [(3, 4)], {}),
    ('tanh', lambda nn: nn.Tanh(), [(3, 4)], {}),
    ('softmax', lambda nn: nn.Softmax(dim=1), [(3, 4)], {}),
    ('log_softmax', lambda nn: nn.LogSoftmax(dim=-1), [(2, 3, 4)], {}),
    ('flatten', lambda nn: nn.Flatten(), [(2, 3, 4, 5)], {}),
    ('flatten_dims', lambda nn: nn.Flatten(0, 1), [(2, 3, 4)], {}),
    ('dropout_p0', lambda nn: nn.Dropout(0.0), [(3, 4)], {}),
    ('dropout_eval', lambda nn: nn.Dropout(0.7).eval(), [(3, 4)], {}),
    ('sequential_mlp', lambda nn: nn.Sequential(nn.Flatten(), nn.Linear(12, 8), nn.ReLU(), nn.Linear(8, 3)),
     [(5, 3, 4)], {}),
    ('batchnorm1d', lambda nn: nn.BatchNorm1d(3), [(6, 3)], {}),
    ('batchnorm1d_3d', lambda nn: nn.BatchNorm1d(3, momentum=0.3), [(4, 3, 5)], {}),
    ('batchnorm1d_no_affine', lambda nn: nn.BatchNorm1d(3, affine=False), [(6, 3)], {}),
    ('batchnorm1d_no_bias', lambda nn: nn.BatchNorm1d(3, bias=False), [(6, 3)], {}),
    ('batchnorm2d', lambda nn: nn.BatchNorm2d(3), [(4, 3, 2, 5)], {}),
    ('batchnorm2d_cumulative', lambda nn: nn.BatchNorm2d(3, momentum=None), [(4, 3, 2, 2)], {}),
    ('batchnorm2d_no_stats', lambda nn: nn.BatchNorm2d(3, track_running_stats=False), [(4, 3, 2, 2)], {}),
    ('batchnorm2d_eval', lambda nn: nn.BatchNorm2d(3).eval(), [(4, 3, 2, 2)], {}),
]


@pytest.mark.parametrize('name,make,shapes,kwargs', LAYERS, ids=[c[0] for c in LAYERS])
def test_layer(name, make, shapes, kwargs):
    torch.manual_seed(0)
    check_module(*both(make), shapes, **kwargs)


def test_batchnorm_eval_uses_running_stats_after_training_steps():
    """Several training steps, then eval: the running statistics and the eval outputs equal torch's."""
    rng = np.random.default_rng(0)
    tm, mm = both(lambda nn: nn.BatchNorm2d(3))
    tm, mm = tm.double(), mm.double()
    for _ in range(4):
        x = rng.normal(2.0, 3.0, size=(5, 3, 2, 2))
        tm(torch.tensor(x)), mm(minigrad.tensor(x))
    for name in ('running_mean', 'running_var', 'num_batches_tracked'):
        np.testing.assert_allclose(getattr(mm, name).numpy(), getattr(tm, name).numpy(), rtol=1e-12)
    tm.eval(), mm.eval()
    check_module(tm, mm, [(2, 3, 2, 2)], dtypes=('float64',))


def test_batchnorm_input_checks():
    for make, shape in [(lambda nn: nn.BatchNorm2d(3), (2, 3)), (lambda nn: nn.BatchNorm1d(3), (2, 3, 2, 2))]:
        msgs = []
        for L, m in zip(LIBS, both(make)):
            with pytest.raises(ValueError) as info:
                m(L.randn(*shape))
            msgs.append(str(info.value))
        assert msgs[0] == msgs[1]


# -- conv and pooling layers (their ops live in functions/conv.py and pool.py) ---------------------------------
CONV_LAYERS = [
    ('conv2d', lambda nn: nn.Conv2d(2, 4, 3), [(2, 2, 7, 6)], {}),
    ('conv2d_stride_padding', lambda nn: nn.Conv2d(2, 3, (3, 2), stride=2, padding=1), [(2, 2, 7, 6)], {}),
    ('conv2d_dilation_groups_no_bias', lambda nn: nn.Conv2d(4, 6, 3, dilation=2, groups=2, bias=False),
     [(1, 4, 8, 8)], {}),
    ('conv2d_same', lambda nn: nn.Conv2d(2, 3, 3, padding='same'), [(2, 2, 5, 5)], {}),
    ('conv2d_valid', lambda nn: nn.Conv2d(2, 3, 3, padding='valid'), [(2, 2, 5, 5)], {}),
    ('maxpool2d', lambda nn: nn.MaxPool2d(2, 2), [(2, 3, 6, 6)], {}),
    ('maxpool2d_overlap', lambda nn: nn.MaxPool2d(3, stride=2, padding=1), [(2, 3, 7, 7)], {}),
    ('avgpool2d', lambda nn: nn.AvgPool2d(2), [(2, 3, 6, 6)], {}),
    ('lenet_features', lambda nn: nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Flatten(),
                                                nn.Linear(6 * 2 * 2, 3)), [(2, 1, 8, 8)], {}),
]


@pytest.mark.parametrize('name,make,shapes,kwargs', CONV_LAYERS, ids=[c[0] for c in CONV_LAYERS])
def test_conv_pool_layer(name, make, shapes, kwargs):
    torch.manual_seed(0)
    # conv sums many products in another order than torch: float32 needs a little more room
    check_module(*both(make), shapes, tol=kwargs.get('tol', {'float32': dict(rtol=1e-4, atol=1e-5)}))


# -- functional forms -----------------------------------------------------------------------------------------
def F(x):
    return lib(x).nn.functional


FUNCTIONAL = [
    ('linear', [(4, 5), (3, 5), (3,)], lambda x, w, b: F(x).linear(x, w, b)),
    ('linear_no_bias', [(2, 4, 5), (3, 5)], lambda x, w: F(x).linear(x, w)),
    ('relu', [(3, 4)], lambda x: F(x).relu(x)),
    ('sigmoid', [(3, 4)], lambda x: F(x).sigmoid(x)),
    ('tanh', [(3, 4)], lambda x: F(x).tanh(x)),
    ('softmax', [(3, 4)], lambda x: F(x).softmax(x, dim=0)),
    ('log_softmax', [(3, 4)], lambda x: F(x).log_softmax(x, 1)),
    ('pad', [(2, 3, 4)], lambda x: F(x).pad(x, (1, 2, 0, 1), value=0.5)),
    ('pad_crop', [(2, 3, 5)], lambda x: F(x).pad(x, (-1, 2, 1, -1))),
    ('pad_reflect_1d', [(2, 3, 5)], lambda x: F(x).pad(x, (2, 4), mode='reflect')),
    ('pad_reflect_2d', [(1, 2, 4, 5)], lambda x: F(x).pad(x, (2, 1, 3, 2), mode='reflect')),
    ('pad_reflect_crop', [(2, 3, 5)], lambda x: F(x).pad(x, (-1, 2), mode='reflect')),
    ('pad_replicate_2d', [(2, 4, 5)], lambda x: F(x).pad(x, (3, 0, 1, 2), mode='replicate')),
    ('pad_replicate_3d', [(1, 1, 3, 4, 5)], lambda x: F(x).pad(x, (1, 1, 2, 2, 1, 0), mode='replicate')),
    ('pad_circular_2d', [(1, 2, 4, 5)], lambda x: F(x).pad(x, (2, 1, 3, 4), mode='circular')),
    ('pad_circular_crop', [(2, 3, 5)], lambda x: F(x).pad(x, (2, -2), mode='circular')),
    ('flatten', [(2, 3, 4)], lambda x: (minigrad.flatten if lib(x) is minigrad else torch.flatten)(x, 1)),
    ('dropout_eval', [(3, 4)], lambda x: F(x).dropout(x, 0.5, training=False)),
    ('batch_norm_train', [(6, 3), (3,), (3,)],
     lambda x, w, b: F(x).batch_norm(x, None, None, w, b, training=True)),
    ('batch_norm_eval', [(6, 3, 2), (3,), (3,)],
     lambda x, w, b: F(x).batch_norm(x, (w * 0.1).detach(), (w * w + 0.5).detach(), w, b, training=False)),
]


@pytest.mark.parametrize('name,shapes,fn', FUNCTIONAL, ids=[c[0] for c in FUNCTIONAL])
def test_functional(name, shapes, fn):
    check_op(shapes, fn)


def test_linear_graph_is_addmm_like_pytorch():
    def chain(L):
        x = L.randn(4, 5, requires_grad=True)
        out = L.nn.functional.relu(x)
        y = L.nn.Linear(5, 3)(out)
        return y.grad_fn.name(), [n.name() if n is not None else None for n, _ in y.grad_fn.next_functions]
    assert chain(minigrad) == chain(torch)


def test_relu_inplace_and_dropout_inplace():
    x = minigrad.randn(3, 4)
    y = minigrad.nn.ReLU(inplace=True)(x)
    assert y is x and (x.numpy() >= 0).all()
    z = minigrad.ones(100)
    assert minigrad.nn.functional.dropout(z, 0.5, inplace=True) is z


# -- dropout --------------------------------------------------------------------------------------------------
def test_dropout_train_zeroes_and_scales_eval_is_identity():
    minigrad.manual_seed(0)
    layer = minigrad.nn.Dropout(p=0.3)
    x = minigrad.ones(200_000, requires_grad=True)
    y = layer(x)
    values = y.detach().numpy()
    kept = values != 0
    # the kept fraction is 0.7 +- 5 standard deviations of a binomial proportion
    assert abs(kept.mean() - 0.7) < 5 * math.sqrt(0.7 * 0.3 / values.size)
    np.testing.assert_allclose(values[kept], 1 / 0.7, rtol=1e-6)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), values)    # d(x * mask)/dx = mask
    assert layer.eval()(x) is x
    assert minigrad.nn.Dropout(1.0)(x).detach().numpy().max() == 0
    for L in LIBS:
        with pytest.raises(ValueError, match='dropout probability has to be between 0 and 1, but got 1.5'):
            L.nn.Dropout(1.5)


def test_dropout_masks_follow_minigrad_seed():
    x = minigrad.ones(50)
    minigrad.manual_seed(3)
    a = minigrad.nn.functional.dropout(x).numpy()
    minigrad.manual_seed(3)
    np.testing.assert_array_equal(minigrad.nn.functional.dropout(x).numpy(), a)


# -- the tutorials' networks -----------------------------------------------------------------------------------
def lenet(nn):
    F = nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 6, 5)
            self.conv2 = nn.Conv2d(6, 16, 5)
            self.fc1 = nn.Linear(16 * 5 * 5, 120)
            self.fc2 = nn.Linear(120, 84)
            self.fc3 = nn.Linear(84, 10)

        def forward(self, x):
            x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
            x = F.max_pool2d(F.relu(self.conv2(x)), 2)
            x = x.view(-1, 16 * 5 * 5)
            x = F.relu(self.fc1(x))
            x = F.relu(self.fc2(x))
            return self.fc3(x)
    return Net()


def cifar_net(nn):
    F = nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 6, 5)
            self.pool = nn.MaxPool2d(2, 2)
            self.conv2 = nn.Conv2d(6, 16, 5)
            self.fc1 = nn.Linear(16 * 5 * 5, 120)
            self.fc2 = nn.Linear(120, 84)
            self.fc3 = nn.Linear(84, 10)

        def forward(self, x):
            x = self.pool(F.relu(self.conv1(x)))
            x = self.pool(F.relu(self.conv2(x)))
            x = x.view(-1, 16 * 5 * 5)
            x = F.relu(self.fc1(x))
            x = F.relu(self.fc2(x))
            return self.fc3(x)
    return Net()


def fashion_net(nn):
    class NeuralNetwork(nn.Module):
        def __init__(self):
            super().__init__()
            self.flatten = nn.Flatten()
            self.linear_relu_stack = nn.Sequential(
                nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10), nn.ReLU())

        def forward(self, x):
            return self.linear_relu_stack(self.flatten(x))
    return NeuralNetwork()


def every_module(nn):
    """One of each module with non-default settings, nested in containers."""
    return nn.Sequential(
        nn.Linear(3, 4), nn.Linear(3, 4, bias=False), nn.Identity(), nn.Conv2d(1, 6, 5),
        nn.Conv2d(3, 6, (3, 5), stride=2, padding=1, dilation=2, groups=3, bias=False),
        nn.Conv2d(2, 4, 3, padding='same'), nn.Conv2d(2, 4, 3, padding='valid'),
        nn.MaxPool2d(2, 2), nn.MaxPool2d(3), nn.AvgPool2d(2), nn.AvgPool2d(3, 2, 1), nn.ReLU(), nn.ReLU(inplace=True),
        nn.Sigmoid(), nn.Tanh(), nn.Softmax(dim=1), nn.Softmax(), nn.LogSoftmax(1), nn.Flatten(), nn.Flatten(0, 2),
        nn.Dropout(), nn.Dropout(0.2, inplace=True), nn.BatchNorm1d(4),
        nn.BatchNorm2d(3, eps=1e-3, momentum=None, affine=False, track_running_stats=False),
        nn.MSELoss(), nn.L1Loss(), nn.NLLLoss(), nn.CrossEntropyLoss(label_smoothing=0.1), nn.BCELoss(),
        nn.BCEWithLogitsLoss(), nn.Sequential(), nn.Sequential(nn.ReLU(), nn.Sequential(nn.Tanh())),
        nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 2)]),
        nn.ModuleList(), nn.ModuleDict({'act': nn.ReLU(), 'fc': nn.Linear(1, 2)}))


NETS = [lenet, cifar_net, fashion_net, every_module]


@pytest.mark.parametrize('make', NETS, ids=[m.__name__ for m in NETS])
def test_repr_equals_pytorch(make):
    tm, mm = both(make)
    assert repr(mm) == repr(tm)


@pytest.mark.parametrize('make', NETS, ids=[m.__name__ for m in NETS])
def test_named_parameters_and_state_dict_keys_equal_pytorch(make):
    tm, mm = both(make)
    assert [(n, tuple(p.shape)) for n, p in mm.named_parameters()] == \
        [(n, tuple(p.shape)) for n, p in tm.named_parameters()]
    assert [(n, tuple(b.shape)) for n, b in mm.named_buffers()] == \
        [(n, tuple(b.shape)) for n, b in tm.named_buffers()]
    assert list(mm.state_dict()) == list(tm.state_dict())
    assert [n for n, _ in mm.named_modules()] == [n for n, _ in tm.named_modules()]
    assert [n for n, _ in mm.named_children()] == [n for n, _ in tm.named_children()]
    assert all(isinstance(p, minigrad.nn.Parameter) and p.requires_grad for p in mm.parameters())


def test_parameter_repr_and_type():
    tp, mp = torch.nn.Parameter(torch.tensor([1.0, 2.5])), minigrad.nn.Parameter(minigrad.tensor([1.0, 2.5]))
    assert repr(mp) == repr(tp)
    assert repr(minigrad.nn.Parameter(minigrad.ones(2), requires_grad=False)) == \
        repr(torch.nn.Parameter(torch.ones(2), requires_grad=False))
    assert mp.is_leaf and type(mp * 2) is minigrad.Tensor


@pytest.mark.parametrize('make,shape', [(fashion_net, (3, 28, 28)), (cifar_net, (2, 3, 32, 32)),
                                        (lenet, (2, 1, 32, 32))], ids=['fashion', 'cifar', 'lenet'])
def test_load_torch_state_dict_reproduces_torch(make, shape):
    torch.manual_seed(0)
    tm, mm = both(make)
    assert repr(mm.load_state_dict(tm.state_dict())) == '<All keys matched successfully>'
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    want = tm(torch.tensor(x)).detach().numpy()
    # float32 to 1e-5 of the largest output, as in the parity suite (benchmarks/parity.py): outputs are sums of up to
    # 784 products, some of which cancel to near 0, where a relative bound per element means little. Measured over
    # 20 seeds: at most 1.2e-6 of the largest output.
    np.testing.assert_allclose(mm(minigrad.tensor(x)).detach().numpy(), want, rtol=1e-5,
                               atol=1e-5 * np.abs(want).max())


def test_state_dict_round_trip_and_detached_values():
    a, b = fashion_net(minigrad.nn), fashion_net(minigrad.nn)
    sd = a.state_dict()
    assert type(sd).__name__ == 'OrderedDict'
    assert all(not v.requires_grad and v.grad_fn is None for v in sd.values())
    b.load_state_dict(sd)
    for (n, p), q in zip(a.named_parameters(), b.parameters()):
        np.testing.assert_array_equal(q.detach().numpy(), p.detach().numpy(), err_msg=n)
    params_before = list(b.parameters())
    b.load_state_dict({k: v.numpy() for k, v in a.state_dict().items()})   # numpy values work too
    assert all(p is q for p, q in zip(b.parameters(), params_before))    # loaded in place
    # state_dict values share memory with the parameters, as in PyTorch
    with minigrad.no_grad():
        a.linear_relu_stack[0].bias.fill_(7.0)
    assert sd['linear_relu_stack.0.bias'].numpy()[0] == 7.0


def load_errors(make_state):
    """(torch's message, minigrad's) when loading make_state(L, module) into a Linear(2, 3)."""
    msgs = []
    for L, m in zip(LIBS, both(lambda nn: nn.Linear(2, 3))):
        with pytest.raises(RuntimeError) as info:
            m.load_state_dict(make_state(L))
        msgs.append(str(info.value).replace('torch.Size', 'minigrad.Size'))
    return msgs


@pytest.mark.parametrize('make_state', [
    lambda L: {'weight': L.ones(3, 2)},
    lambda L: {'weight': L.ones(3, 2), 'bias': L.ones(3), 'extra': L.ones(1), 'more.x': L.ones(1)},
    lambda L: {'weight': L.ones(4, 2), 'bias': L.ones(3)},
    lambda L: {'weight': L.ones(3, 5), 'extra': L.ones(1)},
], ids=['missing', 'unexpected', 'size_mismatch', 'all_three'])
def test_load_state_dict_errors_in_pytorch_words(make_state):
    want, got = load_errors(make_state)
    assert got == want


def test_load_state_dict_not_strict_returns_incompatible_keys():
    for L, m in zip(LIBS, both(lambda nn: nn.Linear(2, 3))):
        result = m.load_state_dict({'weight': L.ones(3, 2), 'x': L.ones(1)}, strict=False)
        assert (result.missing_keys, result.unexpected_keys) == (['bias'], ['x'])
        assert m.weight.detach().numpy().sum() == 6
    assert repr(both(lambda nn: nn.Linear(2, 3))[1].load_state_dict({'weight': minigrad.ones(3, 2)}, strict=False)) \
        == repr(torch.nn.Linear(2, 3).load_state_dict({'weight': torch.ones(3, 2)}, strict=False))


# -- module behaviour --------------------------------------------------------------------------------------------
def test_zero_grad_sets_none_or_zeros():
    net = fashion_net(minigrad.nn)
    net(minigrad.randn(2, 28, 28)).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(p.grad is not None and not p.grad.numpy().any() for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_train_eval_propagates_to_every_module():
    for mm in both(lambda nn: nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Dropout(), nn.BatchNorm1d(2)))):
        assert mm.eval() is mm and not any(m.training for m in mm.modules())
        assert all(m.training for m in mm.train().modules())
        with pytest.raises(ValueError, match='training mode is expected to be boolean'):
            mm.train('yes')


def test_to_double_keeps_parameter_objects_and_int_buffers():
    net = minigrad.nn.Sequential(minigrad.nn.Linear(2, 3), minigrad.nn.BatchNorm1d(3))
    params = list(net.parameters())
    net(minigrad.randn(4, 2)).sum().backward()
    assert net.double() is net
    assert all(p is q for p, q in zip(net.parameters(), params))
    assert all(p.dtype is minigrad.float64 and p.grad.dtype is minigrad.float64 for p in net.parameters())
    assert net[1].running_mean.dtype is minigrad.float64 and net[1].num_batches_tracked.dtype is minigrad.int64
    assert net.to(minigrad.float32).to('cpu')[0].weight.dtype is minigrad.float32
    assert not net[0].weight.grad_fn and net[0].weight.is_leaf


def test_buffer_assigned_registers_with_its_persistence_as_pytorch():
    seen = []
    for L in LIBS:
        m = L.nn.Linear(2, 3)
        x = L.ones(2, requires_grad=True)
        m.mask, m.tmp, m.empty = L.nn.Buffer(x), L.nn.Buffer(L.zeros(3), persistent=False), L.nn.Buffer()
        kept = [list(m.state_dict()), [n for n, _ in m.named_buffers()]]
        m.tmp = L.ones(1)                   # a plain tensor keeps the name's persistence
        kept.append(list(m.state_dict()))
        with pytest.raises(TypeError, match="cannot assign '.*' as parameter 'weight'"):
            m.weight = L.nn.Buffer(L.ones(1))
        with pytest.raises(TypeError, match="cannot assign '.*\\.Linear' as parameter 'bias'"):
            m.bias = L.nn.Linear(1, 1)
        m.bias = None
        with pytest.raises(TypeError, match="as parameter 'bias'"):     # (a name set to None stays a parameter's)
            m.bias = L.nn.Buffer(L.ones(1))
        m.lin = L.nn.Linear(1, 1)
        with pytest.raises(TypeError, match="as child module 'lin'"):
            m.lin = L.nn.Buffer(L.ones(1))
        kept += [list(m.state_dict()), [n for n, _ in m.named_parameters()], m.double().mask.dtype is L.float64]
        b = L.nn.Buffer(x)
        kept += [b.requires_grad, b.is_leaf, isinstance(b, L.nn.Buffer), isinstance(x, L.nn.Buffer),
                 b.data_ptr() == x.data_ptr(), tuple(m.empty.shape)]
        seen.append(kept)
    assert seen[1] == seen[0]


def test_module_to_channels_last_lays_out_4d_weights_and_trains_alike():
    seen = []
    for L in LIBS:
        L.manual_seed(0)
        net = L.nn.Sequential(L.nn.Conv2d(3, 4, 3), L.nn.BatchNorm2d(4), L.nn.Flatten(), L.nn.Linear(16, 2)).double()
        seen.append(net)
    copy_weights(*seen)
    got = []
    for L, net in zip(LIBS, seen):
        weights = list(net.parameters())
        assert net.to(memory_format=L.channels_last) is net and list(net.parameters()) == weights
        x = L.tensor(np.random.default_rng(0).standard_normal((2, 3, 4, 4))).to(memory_format=L.channels_last)
        net(x).square().sum().backward()
        got.append([(p.stride(), p.is_contiguous(memory_format=L.channels_last) if p.dim() == 4 else None,
                     p.grad.numpy()) for p in net.parameters()])
    for (m_stride, m_last, m_grad), (t_stride, t_last, t_grad) in zip(got[1], got[0], strict=True):
        assert (m_stride, m_last) == (t_stride, t_last)
        np.testing.assert_allclose(m_grad, t_grad, rtol=1e-10, atol=1e-12)


def test_module_attribute_rules_match_pytorch():
    for L, m in zip(LIBS, both(lambda nn: nn.Linear(2, 3))):
        with pytest.raises(TypeError, match='cannot assign .* as parameter \'weight\''):
            m.weight = L.ones(3, 2)
        with pytest.raises(AttributeError, match="'Linear' object has no attribute 'foo'"):
            m.foo
        with pytest.raises(KeyError, match="attribute 'weight' already exists"):
            m.register_buffer('weight', L.ones(1))
        m.register_buffer('scale', L.ones(1))
        m.register_buffer('tmp', L.ones(1), persistent=False)
        assert list(m.state_dict()) == ['weight', 'bias', 'scale']
        m.bias = None
        assert [n for n, _ in m.named_parameters()] == ['weight']
        m.weight = L.nn.Parameter(L.ones(3, 2))    # replacing a parameter keeps its place
        assert [n for n, _ in m.named_parameters()] == ['weight'] and m.weight.sum().item() == 6
        del m.scale
        assert list(m.state_dict()) == ['weight']
        with pytest.raises(NotImplementedError, match='missing the required "forward" function'):
            L.nn.Module()(1)


def test_shared_modules_and_parameters_are_listed_once():
    for nn in (torch.nn, minigrad.nn):
        shared = nn.Linear(2, 2)
        net = nn.Sequential(shared, nn.ReLU(), shared)
        assert len(list(net.parameters())) == 2 and len(list(net.modules())) == 3


def test_containers():
    for nn in (torch.nn, minigrad.nn):
        seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
        seq.append(nn.Linear(3, 1))
        assert len(seq) == 3 and isinstance(seq[-1], nn.Linear) and isinstance(seq[1:], nn.Sequential)
        assert [type(m).__name__ for m in seq] == ['Linear', 'ReLU', 'Linear']
        with pytest.raises(IndexError, match='index 3 is out of range'):
            seq[3]
        ml = nn.ModuleList([nn.ReLU()])
        ml.extend([nn.Tanh()])
        assert len(ml) == 2 and isinstance(ml[1], nn.Tanh)
        md = nn.ModuleDict({'a': nn.ReLU()})
        md['b'] = nn.Linear(1, 1)
        assert list(md) == ['a', 'b'] and 'b' in md and [n for n, _ in md.named_parameters()] == ['b.weight', 'b.bias']


def test_apply_and_requires_grad():
    seen = []
    net = minigrad.nn.Sequential(minigrad.nn.Linear(2, 2), minigrad.nn.Sequential(minigrad.nn.ReLU()))
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen == ['Linear', 'ReLU', 'Sequential', 'Sequential']
    assert not any(p.requires_grad for p in net.requires_grad_(False).parameters())
    net.apply(lambda m: minigrad.nn.init.zeros_(m.weight) if isinstance(m, minigrad.nn.Linear) else None)
    assert not net[0].weight.numpy().any()


def test_fast_attribute_lookup_finds_registered_values():
    m = minigrad.nn.Linear(2, 3)
    assert m.__dict__['weight'] is m._parameters['weight']          # a plain attribute: no __getattr__ per forward
    m._parameters['extra'] = minigrad.nn.Parameter(minigrad.ones(1))  # written straight into the registry
    assert m.extra is m._parameters['extra']


# -- initialisation -------------------------------------------------------------------------------------------
def _draws(fn, shape=(400, 500)):
    t = minigrad.empty(*shape)
    fn(t)
    return t.numpy().astype(np.float64)


def _assert_uniform(values, bound):
    assert values.min() >= -bound and values.max() <= bound
    assert values.min() < -0.99 * bound and values.max() > 0.99 * bound    # fills the whole interval
    # a uniform on +-bound has std bound/sqrt(3); the sample std of 2e5 draws is within 1%
    np.testing.assert_allclose(values.std(), bound / math.sqrt(3), rtol=0.01)
    assert abs(values.mean()) < 0.01 * bound


def _assert_normal(values, std):
    np.testing.assert_allclose(values.std(), std, rtol=0.01)
    assert abs(values.mean()) < 0.01 * std
    assert abs(np.mean(np.abs(values) > 2 * std) - 0.0455) < 0.003       # the tails of a normal, not a uniform


def test_init_distributions():
    init = minigrad.nn.init
    fan_in, fan_out = 500, 400
    _assert_uniform(_draws(lambda t: init.uniform_(t, -0.3, 0.3)), 0.3)
    _assert_normal(_draws(lambda t: init.normal_(t, 0.0, 0.2)), 0.2)
    _assert_uniform(_draws(lambda t: init.kaiming_uniform_(t, a=math.sqrt(5))), 1 / math.sqrt(fan_in))
    _assert_uniform(_draws(lambda t: init.kaiming_uniform_(t, nonlinearity='relu')), math.sqrt(6 / fan_in))
    _assert_normal(_draws(lambda t: init.kaiming_normal_(t, mode='fan_out', nonlinearity='relu')),
                   math.sqrt(2 / fan_out))
    _assert_uniform(_draws(lambda t: init.xavier_uniform_(t)), math.sqrt(6 / (fan_in + fan_out)))
    _assert_normal(_draws(lambda t: init.xavier_normal_(t, gain=2.0)), 2 * math.sqrt(2 / (fan_in + fan_out)))
    assert (_draws(lambda t: init.constant_(t, 0.5)) == 0.5).all()
    assert (_draws(init.ones_) == 1).all() and (_draws(init.zeros_) == 0).all()


def test_init_helpers_match_pytorch():
    for args in [('linear',), ('relu',), ('tanh',), ('leaky_relu', 0.2), ('leaky_relu',), ('sigmoid',), ('selu',)]:
        assert minigrad.nn.init.calculate_gain(*args) == torch.nn.init.calculate_gain(*args)
    for shape in [(3, 4), (6, 2, 5, 5)]:
        assert minigrad.nn.init._calculate_fan_in_and_fan_out(minigrad.empty(*shape)) == \
            torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape))


def test_init_runs_without_recording_a_graph():
    p = minigrad.nn.Parameter(minigrad.empty(3, 4))
    minigrad.nn.init.kaiming_uniform_(p)
    assert p.is_leaf and p.requires_grad and p.grad_fn is None


@pytest.mark.parametrize('make,fan_in', [(lambda nn: nn.Linear(300, 200), 300),
                                         (lambda nn: nn.Conv2d(8, 300, 3), 8 * 9)], ids=['linear', 'conv2d'])
def test_default_layer_init_is_pytorchs_distribution(make, fan_in):
    """weight and bias uniform on +-1/sqrt(fan_in): compare the range and the spread with torch's layer."""
    tm, mm = both(make)
    bound = 1 / math.sqrt(fan_in)
    for m in (tm, mm):
        _assert_uniform(m.weight.detach().numpy().astype(np.float64), bound)
        b = m.bias.detach().numpy()
        assert b.min() >= -bound and b.max() <= bound and b.std() > 0.4 * bound


@pytest.mark.parametrize('dtype', ['float32', 'float64'])
@pytest.mark.parametrize('shape', [(64, 784, 512), (16, 256, 8), (200, 300, 20)])
def test_linear_of_every_layout_matches_torch(shape, dtype):
    """F.linear's product takes another layout for 16-128 rows and k >= 256 (functions/linalg.py: product): output
    and every gradient as PyTorch's. float32: within 1e-5 of the largest magnitude (sums of up to 784 products in
    another order, each rounding to an ulp of the running sum)."""
    n, k, m = shape
    rng = np.random.default_rng(0)
    x, w, b, gy = (rng.standard_normal(s).astype(dtype) for s in [(n, k), (m, k), (m,), (n, m)])
    outs = []
    for lib in (torch, minigrad):
        xs = [lib.tensor(a, requires_grad=True) for a in (x, w, b)]
        y = lib.nn.functional.linear(*xs)
        y.backward(lib.tensor(gy))
        assert y.is_contiguous() and y.grad_fn.name() == 'AddmmBackward0'
        outs.append([y.detach().numpy()] + [t.grad.numpy() for t in xs])
    for want, got in zip(*outs):
        scale = np.abs(want).max()
        np.testing.assert_allclose(got, want, **(dict(rtol=0, atol=1e-5 * scale) if dtype == 'float32' else
                                                 dict(rtol=1e-12, atol=1e-13 * scale)))
