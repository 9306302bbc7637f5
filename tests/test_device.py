"""minigrad on CUDA: devices as PyTorch has them, and one code path for numpy and cupy.

There is no GPU in CI, so every test here that takes the `cuda` fixture runs twice:
    [strict]  on tests/strict_backend.py, a CPU stand-in for cupy that numpy cannot see into: a `numpy.` call on
              device data, or a host array mixed with a device array, fails here as it would on a GPU;
    [gpu]     on cupy and a real GPU, against PyTorch on CUDA (`pytest -m gpu`); skipped without one.
A last test reads the op modules' source and fails on any direct use of numpy or cupy outside minigrad/backend.py.
Each tutorial model's GPU parity lives beside its CPU parity, in tests/test_parity_models.py.
"""
import ast
import io
import re
from pathlib import Path

import numpy as np
import pytest
import torch

import minigrad
import strict_backend
from helpers import check_module, check_op, torch_device
from test_bad_input import raises_like_torch
from test_double_backward import CASES as DOUBLE_BACKWARD_CASES, leaves
from test_losses import CASES as LOSS_CASES
from test_nn import CONV_LAYERS, FUNCTIONAL, LAYERS, both, lenet
from test_ops import CASES as OP_CASES

MIXED = 'Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!'


@pytest.fixture(params=['strict', pytest.param('gpu', marks=pytest.mark.gpu)])
def cuda(request, monkeypatch):
    """The device name 'cuda', backed by the strict stand-in, or by cupy on a real GPU."""
    if request.param == 'strict':
        strict_backend.install(monkeypatch)
    elif not minigrad.cuda.is_available():
        pytest.skip('needs cupy and a CUDA device: minigrad.cuda.is_available() is False')
    elif not torch.cuda.is_available():
        pytest.skip('needs PyTorch built with CUDA and a device: torch.cuda.is_available() is False')
    else:   # compare with PyTorch's full float32 arithmetic, not TF32
        monkeypatch.setattr(torch.backends.cuda.matmul, 'allow_tf32', False)
        monkeypatch.setattr(torch.backends.cudnn, 'allow_tf32', False)
    return 'cuda'


def lib(x):
    return torch if isinstance(x, torch.Tensor) else minigrad


# -- op parity on the device: every table of the CPU parity tests, run on 'cuda' ----------------------------------
# ops spelled differently in the two libraries (index tensors, module functions), as in test_ops.py
MORE_OPS = [
    ('index_cpu_int_tensor', [(5, 3)], lambda x: x[lib(x).tensor([0, 2, 2, 4])]),
    ('index_list_repeats', [(5, 3)], lambda x: x[[0, 0, 1]]),
    ('index_bool_mask', [(4, 3)], lambda x: x[x > 0]),
    ('index_mixed', [(4, 5, 3)], lambda x: x[1:, [0, 2, 2], None]),
    ('index_two_arrays', [(4, 5, 3)], lambda x: x[lib(x).tensor([1, 3], device=x.device), :, [0, 2]]),
    ('setitem', [(3, 4), (4,)], lambda x, y: _setitem(x, y)),
    ('cat', [(2, 3), (4, 3)], lambda x, y: lib(x).cat([x, y])),
    ('stack', [(2, 3), (2, 3)], lambda x, y: lib(x).stack([x, y], dim=1)),
    ('where', [(3, 4), (3, 4)], lambda x, y: lib(x).where(x > y, x, y * 2)),
    ('where_scalar', [(3, 4)], lambda x: lib(x).where(x > 0, x, 0.0)),
    ('module_functions', [(3, 4)], lambda x: lib(x).softmax(lib(x).tanh(x), 1) + lib(x).exp(x).sum()),
    ('norm', [(3, 4)], lambda x: x.norm()),
    ('clamp_inplace_graph', [(3, 4)], lambda x: (x * 1).clamp_(min=-0.5)),
    ('inplace_through_views', [(3, 4), (2, 4)], lambda x, y: _through_views(x, y)),
    ('zero_dim_inplace', [(3, 4)], lambda x: (x.sum() * 2).add_(1)),
]


def _through_views(x, y):
    z = x * 1
    z[1:].mul_(y)
    v = z[:, 1]
    z.t()[0].fill_(0)
    return z * v.unsqueeze(1)


def _setitem(x, y):
    z = x * 1
    z[1] = y
    return z


@pytest.mark.parametrize('shapes, fn, kw', [pytest.param(s, f, k, id=n) for n, s, f, k in OP_CASES])
def test_op(cuda, shapes, fn, kw):
    check_op(shapes, fn, device=cuda, **kw)


@pytest.mark.parametrize('shapes, fn', [pytest.param(s, f, id=n) for n, s, f in MORE_OPS])
def test_more_ops(cuda, shapes, fn):
    check_op(shapes, fn, device=cuda)


@pytest.mark.parametrize('shapes, fn, kw', [pytest.param(s, f, k, id=n) for n, s, f, k in LOSS_CASES])
def test_loss(cuda, shapes, fn, kw):
    check_op(shapes, fn, device=cuda, **kw)


@pytest.mark.parametrize('shapes, fn', [pytest.param(s, f, id=n) for n, s, f in FUNCTIONAL])
def test_functional(cuda, shapes, fn):
    check_op(shapes, fn, device=cuda)


@pytest.mark.parametrize('make, shapes, kw', [pytest.param(m, s, k, id=n) for n, m, s, k in LAYERS + CONV_LAYERS])
def test_layer(cuda, make, shapes, kw):
    torch.manual_seed(0)
    # conv sums many products in another order than torch: float32 needs a little more room (as in test_nn.py)
    check_module(*both(make), shapes, tol={'float32': dict(rtol=1e-4, atol=1e-5)}, device=cuda)


def test_lenet_training_on_the_device_matches_pytorch(cuda):
    """The tutorial's loop: CPU batches from a DataLoader moved with .to(device), SGD with momentum, 3 steps."""
    torch.manual_seed(0)
    nets = both(lenet)
    nets[1].load_state_dict(nets[0].state_dict())
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((12, 1, 32, 32)).astype(np.float32), rng.integers(0, 10, 12)
    losses = []
    for net, device in zip(nets, (torch_device(cuda), cuda)):
        L = lib(next(net.parameters()))
        net.to(device)
        opt = L.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
        loader = L.utils.data.DataLoader(L.utils.data.TensorDataset(L.tensor(x), L.tensor(y)), batch_size=4)
        for inputs, labels in loader:
            assert inputs.device.type == 'cpu'
            inputs, labels = inputs.to(device), labels.to(device)
            opt.zero_grad()
            loss = L.nn.functional.cross_entropy(net(inputs), labels)
            loss.backward()
            opt.step()
            losses.append(loss.item())
    assert all(p.is_cuda for p in nets[1].parameters())
    np.testing.assert_allclose(losses[3:], losses[:3], rtol=1e-4)
    for (name, tp), mp in zip(nets[0].named_parameters(), nets[1].parameters()):
        np.testing.assert_allclose(mp.detach().cpu().numpy(), tp.detach().cpu().numpy(), rtol=1e-4, atol=1e-5,
                                   err_msg=name)


# -- devices, as PyTorch names and prints them ---------------------------------------------------------------------
@pytest.mark.parametrize('name', ['cpu', 'cuda', 'cuda:0', 'cuda:1'])
def test_device_objects_are_pytorchs(name):
    d, t = minigrad.device(name), torch.device(name)
    assert (repr(d), str(d), d.type, d.index) == (repr(t), str(t), t.type, t.index)
    assert d == minigrad.device(str(t)) and d == name


@pytest.mark.parametrize('make', [lambda L: L.device('cuda:x'), lambda L: L.device('cuda:-1'),
                                  lambda L: L.device('cuda:01'), lambda L: L.device('cuda', -1)],
                         ids=['letter', 'minus', 'zero_pad', 'negative'])
def test_bad_device_names_are_refused_like_torch(make):
    raises_like_torch(make)


def test_an_int_device_is_a_cuda_index_as_in_pytorch(cuda):
    d = minigrad.device(0)
    assert d == minigrad.device('cuda:0') and repr(d) == repr(torch.device('cuda', 0))
    x = minigrad.ones(2)
    assert x.to(0).device == d and x.to(0, minigrad.float64).dtype == minigrad.float64
    assert minigrad.zeros(2, device=0).is_cuda and x.to(device=0).is_cuda
    net = minigrad.nn.Linear(2, 3).to(0)
    assert net.weight.is_cuda and net.weight.device == d


def test_an_int_device_without_a_gpu_is_torchs_error(monkeypatch):
    monkeypatch.setattr(minigrad.backend, 'cupy', None)
    with pytest.raises(RuntimeError, match='Cannot access accelerator device when none is available.'):
        minigrad.device(0)
    if not torch.cuda.is_available():
        raises_like_torch(lambda L: L.device(0))


def test_a_cuda_tensor_prints_and_converts_as_in_pytorch(cuda):
    x = minigrad.tensor([1.0, 2.0], device=cuda)
    assert x.is_cuda and x.device == minigrad.device('cuda:0') and x.device == 'cuda:0'
    assert repr(x.device) == "device(type='cuda', index=0)" and x.type() == 'minigrad.cuda.FloatTensor'
    assert repr(x) == "tensor([1., 2.], device='cuda:0')"
    assert repr(x.double()) == "tensor([1., 2.], device='cuda:0', dtype=minigrad.float64)"
    assert repr(x.requires_grad_()) == "tensor([1., 2.], device='cuda:0', requires_grad=True)"
    assert repr(x * 2) == "tensor([2., 4.], device='cuda:0', grad_fn=<MulBackward0>)"
    assert repr(minigrad.zeros(0, 3, device=cuda)) == "tensor([], device='cuda:0', size=(0, 3))"
    assert x.sum().item() == 3.0 and float(x[1]) == 2.0 and int(x[0]) == 1 and x.tolist() == [1.0, 2.0]
    assert bool(x[0] == 1) and f'{x.sum():.1f}' == '3.0'
    with pytest.raises(TypeError, match=re.escape("can't convert cuda:0 device type tensor to numpy. Use "
                                                  "Tensor.cpu() to copy the tensor to host memory first.")):
        x.detach().numpy()
    with pytest.raises(TypeError, match="can't convert cuda:0"):
        np.asarray(x.detach())
    np.testing.assert_array_equal(x.detach().cpu().numpy(), [1.0, 2.0])


def test_numpy_checks_the_device_first_then_requires_grad_only_in_grad_mode(cuda):
    """PyTorch's order, seen on its meta device (no GPU is needed): the device error even for a tensor that requires
    grad; and a CPU tensor that requires grad converts under no_grad, sharing memory."""
    errors = []
    for x in (torch.ones(2, device='meta', requires_grad=True), minigrad.ones(2, device=cuda, requires_grad=True)):
        with pytest.raises(Exception) as info:
            x.numpy()
        errors.append(info.value)
    assert type(errors[1]) is type(errors[0]) and str(errors[1]) == str(errors[0]).replace('meta', 'cuda:0')
    raises_like_torch(lambda L: L.ones(2, requires_grad=True).numpy())
    for L in (torch, minigrad):
        p = L.ones(2, requires_grad=True)
        with L.no_grad():
            a, b = p.numpy(), np.asarray(p)
        a[0] = 5.0
        assert b[0] == 5.0 and p[0].item() == 5.0 and p.requires_grad


def test_to_cuda_cpu_round_trips(cuda):
    x = minigrad.tensor([[1.5, -2.0]], requires_grad=True)
    y = x.to(cuda)
    assert y.is_cuda and not x.is_cuda and y.grad_fn.name() == 'ToCopyBackward0'
    assert y.to(cuda) is y and y.cuda() is y and y.to('cuda:0') is y and y.to(minigrad.device('cuda')) is y
    assert x.cpu() is x and x.to('cpu') is x
    assert x.cuda().is_cuda and x.cuda(0).device == minigrad.device('cuda', 0) and x.to(y).is_cuda
    for z in (x.to(cuda, minigrad.float64), x.to(device=cuda, dtype=minigrad.float64), x.to(cuda, dtype='float64')):
        assert z.is_cuda and z.dtype == minigrad.float64
    back = y.cpu()
    assert back.device == minigrad.device('cpu') and back.tolist() == x.tolist()
    (y * 3).sum().backward()                     # the gradient comes back to the CPU leaf through the copy
    assert not x.grad.is_cuda and x.grad.tolist() == [[3.0, 3.0]]
    w = minigrad.tensor([1.0, 2.0], device=cuda, requires_grad=True)
    (w.cpu() * 2).sum().backward()
    assert w.grad.is_cuda and w.grad.tolist() == [2.0, 2.0]


FACTORIES = {
    'tensor': lambda d: minigrad.tensor([[1, 2], [3, 4]], device=d),
    'tensor_from_numpy_dtype': lambda d: minigrad.tensor(np.ones((2, 2)), dtype=minigrad.float32, device=d),
    'as_tensor': lambda d: minigrad.as_tensor(np.arange(4.0), device=d),
    'zeros': lambda d: minigrad.zeros(2, 3, device=d),
    'ones': lambda d: minigrad.ones((2, 3), device=d, dtype=minigrad.float64),
    'full': lambda d: minigrad.full((2, 3), 1.5, device=d),
    'empty': lambda d: minigrad.empty(2, device=d),
    'rand': lambda d: minigrad.rand(2, 3, device=d),
    'randn': lambda d: minigrad.randn(2, 3, device=d),
    'randint': lambda d: minigrad.randint(0, 5, (2, 3), device=d),
    'randperm': lambda d: minigrad.randperm(5, device=d),
    'arange': lambda d: minigrad.arange(6, device=d),
    'linspace': lambda d: minigrad.linspace(0, 1, 5, device=d),
    'eye': lambda d: minigrad.eye(3, device=d),
    'zeros_like': lambda d: minigrad.zeros_like(minigrad.ones(2, device=d)),
    'rand_like': lambda d: minigrad.rand_like(minigrad.ones(2, device=d)),
    'new_ones': lambda d: minigrad.ones(2, device=d).new_ones(3),
    'new_tensor': lambda d: minigrad.ones(2, device=d).new_tensor([1.0]),
    'Tensor': lambda d: minigrad.Tensor([1.0, 2.0], device=d),
    'normal_': lambda d: minigrad.empty(3, device=d).normal_(),
}


@pytest.mark.parametrize('name', FACTORIES)
def test_factories_make_tensors_on_the_device(cuda, name):
    minigrad.manual_seed(0)
    t = FACTORIES[name](cuda)
    minigrad.manual_seed(0)
    host = FACTORIES[name]('cpu')
    assert t.is_cuda and not host.is_cuda and t.dtype == host.dtype
    if name != 'empty':    # the same values; a seed gives the same random numbers on the CPU and on the GPU
        np.testing.assert_array_equal(t.cpu().numpy(), host.numpy())


MIXING = {
    'add': lambda a, b: a + b,
    'mul': lambda a, b: a.mul(b),
    'matmul': lambda a, b: a @ b,
    'compare': lambda a, b: a < b,
    'maximum': lambda a, b: a.maximum(b),
    'cat': lambda a, b: minigrad.cat([a, b]),
    'where': lambda a, b: minigrad.where(a > 0, a, b),
    'mse_loss': lambda a, b: minigrad.nn.functional.mse_loss(a, b),
    'linear': lambda a, b: minigrad.nn.functional.linear(a, b, minigrad.zeros(2, device=a.device)),
    'cross_entropy_target': lambda a, b: minigrad.nn.functional.cross_entropy(a, b[0].long()),
}


@pytest.mark.parametrize('op', MIXING.values(), ids=MIXING.keys())
def test_mixing_devices_is_pytorchs_error(cuda, op):
    a, b = minigrad.ones(2, 2, device=cuda), minigrad.ones(2, 2)
    with pytest.raises(RuntimeError, match=re.escape(MIXED)):
        op(a, b)
    with pytest.raises(RuntimeError, match=re.escape(MIXED)):
        op(b, a)


# PyTorch's elementwise ops take a CPU scalar (0-dim) tensor beside a CUDA tensor, moving it to the device
CPU_SCALAR_JOINS = {
    'mul': lambda x, s: x * s,
    'rmul': lambda x, s: s * x,
    'sub': lambda x, s: x - s,
    'rdiv': lambda x, s: s / x,
    'pow': lambda x, s: x.abs() ** s,
    'maximum': lambda x, s: x.maximum(s),
    'compare': lambda x, s: x < s,
    'compare_scalar_first': lambda x, s: s < x,
    'where': lambda x, s: lib(x).where(x > 0, x, s),
    'where_first': lambda x, s: lib(x).where(x > 0, s, x),
    'add_': lambda x, s: (x * 1).add_(s),
    'setitem': lambda x, s: _setitem(x * 1, s),
}


@pytest.mark.parametrize('op', CPU_SCALAR_JOINS.values(), ids=CPU_SCALAR_JOINS.keys())
def test_a_cpu_scalar_tensor_joins_a_cuda_tensor_as_in_pytorch(cuda, op):
    results = []
    for L, device in ((torch, torch_device(cuda)), (minigrad, cuda)):
        x = L.tensor([[-1.0, 2.0], [3.0, -4.0]], device=device, requires_grad=True)
        s = L.tensor(2.0, requires_grad=True)
        out = op(x, s)
        assert out.device == x.device
        if out.requires_grad:
            out.sum().backward()
        results.append([out.detach()] + [t.grad for t in (x, s) if t.grad is not None])
    assert s.grad is None or s.grad.device == s.device      # the scalar's gradient comes back to the CPU
    assert len(results[0]) == len(results[1])
    for got, want in zip(*reversed(results)):
        np.testing.assert_allclose(got.cpu().numpy(), want.cpu().numpy(), rtol=1e-6)


@pytest.mark.parametrize('op', ['mul', 'rmul', 'where', 'where_first', 'add_'])
def test_a_cuda_scalar_tensor_does_not_join_a_cpu_tensor(cuda, op):
    with pytest.raises(RuntimeError, match=re.escape(MIXED)):
        CPU_SCALAR_JOINS[op](minigrad.ones(2, 2), minigrad.tensor(2.0, device=cuda))


def test_overlapping_inplace_writes_are_refused_on_the_device_as_in_pytorch(cuda):
    """The memory check of in-place ops reads device arrays' addresses (cupy's .data.ptr)."""
    for L, device in ((torch, torch_device(cuda)), (minigrad, cuda)):
        y = L.arange(4., device=device)
        y.add_(y)                           # the same memory seen the same way: fine
        with pytest.raises(RuntimeError, match='refer to a single memory location'):
            y[1:].add_(y[:-1])
        assert y.cpu().tolist() == [0., 2., 4., 6.]


def test_a_model_on_the_device_refuses_cpu_inputs(cuda):
    net = minigrad.nn.Sequential(minigrad.nn.Linear(3, 2)).to(cuda)
    with pytest.raises(RuntimeError, match=re.escape(MIXED)):
        net(minigrad.ones(1, 3))
    with pytest.raises(RuntimeError, match=re.escape('indices should be either on cpu or on the same device')):
        minigrad.ones(3)[minigrad.tensor([0], device=cuda)]


def test_module_to_moves_parameters_and_buffers_keeping_the_objects(cuda):
    net = minigrad.nn.Sequential(minigrad.nn.Linear(3, 2), minigrad.nn.BatchNorm1d(2))
    params = list(net.parameters())
    net(minigrad.ones(4, 3)).sum().backward()
    assert net.to(cuda) is net
    assert [id(p) for p in net.parameters()] == [id(p) for p in params]
    assert all(isinstance(p, minigrad.nn.Parameter) and p.requires_grad and p.is_cuda and p.grad.is_cuda
               for p in params)
    assert [name for name, b in net.named_buffers() if not b.is_cuda] == []
    assert net[1].num_batches_tracked.dtype == minigrad.int64
    out = net(minigrad.randn(4, 3).to(cuda))
    assert out.is_cuda and net[1].running_mean.is_cuda
    out.sum().backward()
    assert all(p.grad.is_cuda for p in params)
    net.cpu()
    assert not any(t.is_cuda for t in [*net.parameters(), *net.buffers(), *(p.grad for p in params)])
    assert all(p.is_cuda for p in net.cuda().parameters())
    assert all(p.dtype == minigrad.float64 and p.is_cuda for p in net.cpu().to(cuda, minigrad.float64).parameters())


@pytest.mark.parametrize('make', [lambda ps: minigrad.optim.SGD(ps, lr=0.1, momentum=0.9),
                                  lambda ps: minigrad.optim.Adam(ps, lr=0.1, amsgrad=True)], ids=['sgd', 'adam'])
def test_optimizer_state_lives_on_its_parameters_device(cuda, make):
    def trained(device):
        minigrad.manual_seed(0)
        net = minigrad.nn.Linear(3, 2).to(device)
        opt = make(net.parameters())
        net(minigrad.ones(4, 3, device=device)).sum().backward()
        opt.step()
        return net, opt

    net, opt = trained(cuda)
    tensors = {k: v for s in opt.state.values() for k, v in s.items()}
    assert tensors and all(v.is_cuda for k, v in tensors.items() if k != 'step')
    assert all(not v.is_cuda for k, v in tensors.items() if k == 'step')   # Adam's step stays on the CPU, as in torch
    host_net, host_opt = trained('cpu')
    for p, q in zip(net.parameters(), host_net.parameters()):
        np.testing.assert_allclose(p.detach().cpu().numpy(), q.detach().numpy(), rtol=1e-6)
    host_opt.load_state_dict(opt.state_dict())            # GPU state into a CPU optimizer: moved to the CPU
    assert not any(v.is_cuda for s in host_opt.state.values() for v in s.values())
    opt.load_state_dict(trained('cpu')[1].state_dict())   # and CPU state into a GPU optimizer: moved to the GPU
    assert all(v.is_cuda for s in opt.state.values() for k, v in s.items() if k != 'step')
    opt.step()


def test_save_and_load_keep_the_device_or_map_it(cuda):
    f = io.BytesIO()
    minigrad.save({'w': minigrad.arange(3.0, device=cuda)}, f)
    assert minigrad.load(io.BytesIO(f.getvalue()))['w'].is_cuda
    w = minigrad.load(io.BytesIO(f.getvalue()), map_location='cpu')['w']
    assert not w.is_cuda and w.tolist() == [0.0, 1.0, 2.0]


def test_gradcheck_runs_on_the_device(cuda):
    x = minigrad.randn(3, 2, dtype=minigrad.float64, device=cuda, requires_grad=True)
    assert minigrad.autograd.gradcheck(lambda x: (x.tanh() @ x.t()).softmax(1), [x])


@pytest.mark.parametrize('name', ['conv2d groups', 'conv2d stride padding', 'max_pool2d tiled',
                                  'max_pool2d stride padding', 'avg_pool2d padding ceil_mode',
                                  'batch_norm training affine', 'batch_norm eval affine', 'prod 2 zeros',
                                  'prod(dim) 1 zeros'])
def test_double_backward_runs_on_the_device(cuda, name):
    """The second-order nodes (conv, pooling, batch norm) and prod's recorded path, on the device's arrays."""
    fn = DOUBLE_BACKWARD_CASES[name][1]
    assert minigrad.autograd.gradgradcheck(lambda *xs: fn(minigrad, *xs), leaves(name, minigrad, cuda))


def test_the_cuda_module(cuda):
    assert minigrad.cuda.is_available() and minigrad.cuda.device_count() >= 1
    assert minigrad.cuda.current_device() == 0 and isinstance(minigrad.cuda.get_device_name(0), str)
    minigrad.cuda.synchronize()
    minigrad.cuda.set_device('cuda:0')       # as torch.cuda.set_device(rank) in a DDP script
    assert minigrad.cuda.current_device() == 0 and minigrad.zeros(1, device='cuda').device == minigrad.device(0)


def test_without_cupy_there_is_no_cuda_and_asking_for_it_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(minigrad.backend, 'cupy', None)
    assert not minigrad.cuda.is_available() and minigrad.cuda.device_count() == 0
    for ask in (lambda: minigrad.zeros(2, device='cuda'), lambda: minigrad.ones(2).cuda(),
                lambda: minigrad.tensor([1.0], device='cuda:0'), lambda: minigrad.nn.Linear(2, 2).to('cuda')):
        with pytest.raises(RuntimeError, match=r'Torch not compiled with CUDA enabled \(minigrad: cupy is not '):
            ask()
    x = minigrad.ones(2, requires_grad=True)
    (x * 2).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0] and x.to('cpu') is x


# -- .grad takes a gradient without a copy only when that is safe (the engine's steal) ----------------------------
def shares_memory(a, b):
    return minigrad.backend.get_array_module(a).shares_memory(a, b)


# losses whose backward hands the leaf a broadcast view (sum's), in which every element is one memory cell
BROADCAST_GRADS = {
    'sum': lambda x: x.sum(),
    'mean': lambda x: x.mean(),
    'sum_dim_then_all': lambda x: x.sum(0).sum(),
    'expand': lambda x: x.expand(3, 4).sum(),
    'mean_of_sum': lambda x: (x + 1).mean(),
}


@pytest.mark.parametrize('loss', BROADCAST_GRADS.values(), ids=BROADCAST_GRADS.keys())
def test_a_broadcast_gradient_is_copied_into_grad_and_accumulates(cuda, loss):
    """.grad must not take a broadcast view: the next backward's += would add into shared cells (on cupy silently,
    which has no read-only flag)."""
    grads = []
    for L, device in ((torch, torch_device(cuda)), (minigrad, cuda)):
        x = L.ones(3, 4, device=device, requires_grad=True)
        loss(x).backward()
        loss(x).backward()
        grads.append(x.grad)
    np.testing.assert_allclose(grads[1].cpu().numpy(), grads[0].cpu().numpy(), rtol=1e-6)
    g = grads[1]._data
    assert 0 not in g.strides and g.flags.c_contiguous


def test_weight_gradients_become_grad_without_a_copy_and_accumulate(cuda, monkeypatch):
    """Linear's and conv's gradients are fresh arrays (or a transposed view of one): .grad takes them as they are,
    as PyTorch steals them, and they share memory with nothing else."""
    from minigrad.autograd import gradients
    stolen, accumulate = {}, gradients._accumulate

    def spy(leaf, g, steal, create_graph):
        stolen.setdefault(id(leaf), steal)
        accumulate(leaf, g, steal, create_graph)

    monkeypatch.setattr(gradients, '_accumulate', spy)
    torch.manual_seed(0)
    make = lambda nn: nn.Sequential(nn.Conv2d(2, 3, 3), nn.Flatten(), nn.Linear(27, 2))
    nets = both(make)
    nets[1].load_state_dict(nets[0].state_dict())
    x = np.random.default_rng(0).standard_normal((2, 2, 5, 5)).astype(np.float32)
    for net, L, device in zip(nets, (torch, minigrad), (torch_device(cuda), cuda)):
        net.to(device)
        for _ in range(2):
            net(L.tensor(x, device=device)).sum().backward()
    params = list(nets[1].parameters())
    assert [stolen[id(p)] for p in params] == [True] * len(params)
    arrays = [p._data for p in params] + [p.grad._data for p in params]
    assert not any(shares_memory(a, b) for i, a in enumerate(arrays) for b in arrays[i + 1:])
    for (name, tp), mp in zip(nets[0].named_parameters(), params):
        np.testing.assert_allclose(mp.grad.cpu().numpy(), tp.grad.cpu().numpy(), rtol=1e-5, atol=1e-6, err_msg=name)


# -- the stand-in itself: it refuses what cupy refuses ------------------------------------------------------------
def test_the_stand_in_refuses_what_cupy_refuses():
    cp = strict_backend.cupy
    a = cp.asarray([1.0, 2.0])
    with pytest.raises(TypeError, match='Implicit conversion to a NumPy array is not allowed'):
        np.asarray(a)
    for mix in (lambda: a + np.ones(2), lambda: np.ones(2) * a, lambda: cp.maximum(a, np.ones(2)),
                lambda: np.concatenate([a, np.ones(2)]), lambda: np.lib.stride_tricks.as_strided(a, (2,), (8,)),
                lambda: strict_backend.cupyx.scatter_add(np.zeros(2), [0], a)):
        with pytest.raises(TypeError):
            mix()
    for missing in (lambda: cp.errstate, lambda: cp.add.at, lambda: cp.random, lambda: a.flags.writeable):
        with pytest.raises(AttributeError):
            missing()
    for kwarg in (lambda: cp.maximum(a, a, where=a > 1), lambda: a.sum(initial=1.0), lambda: cp.max(a, initial=0.0)):
        with pytest.raises(TypeError, match='Wrong arguments'):
            kwarg()
    b = cp.broadcast_to(a[:1], (3, 2))   # a view keeps the array that owns the memory as its base, as in cupy
    assert b.base is a and b.T.base is a and a.base is None and cp.exp(b).base is None
    assert (b.flags.c_contiguous, b.flags.f_contiguous, b.flags.owndata, a.flags.owndata) == (False, False, False, True)
    assert isinstance(a.sum(), cp.ndarray) and a.sum().ndim == 0 and a.sum().item() == 3.0
    assert isinstance(np.exp(a), cp.ndarray) and isinstance(a * np.float32(2), cp.ndarray)
    view = a[:1]
    view += 1                      # views share memory, as cupy's do
    assert a.tolist() == [2.0, 2.0] and a.device.id == 0
    assert type(cp.asnumpy(a)) is np.ndarray and cp.get_array_module(a) is cp


# -- the one code path: op code never calls numpy (or cupy) itself ------------------------------------------------
MINIGRAD = Path(minigrad.__file__).parent
HOST_ONLY = {'autograd/gradcheck.py': 'finite differences on the host, in float64, whatever the device'}
# files that may `import numpy` for host-side dtype and shape logic, using only the HOST_SIDE names below
HOST_SIDE_FILES = {'functions/elementwise.py': 'dtype promotion (can_cast) and broadcast shapes of in-place ops',
                   'autograd/views.py': 'dtype promotion of in-place ops (can_cast)',
                   'tensor.py': 'none today: it holds state only',
                   'factories.py': 'from_numpy takes numpy arrays only (isinstance numpy.ndarray)'}
HOST_SIDE = {'int64', 'can_cast', 'result_type', 'broadcast_shapes', 'ndarray'}   # dtypes and shapes, no data
OP_SOURCES = sorted([p for pattern in ('functions/*.py', 'nn/*.py', 'optim/*.py', 'autograd/*.py')
                     for p in MINIGRAD.glob(pattern) if p.relative_to(MINIGRAD).as_posix() not in HOST_ONLY]
                    + [MINIGRAD / name for name in HOST_SIDE_FILES if '/' not in name])
ARRAY_MODULES = {'numpy', 'np', 'cupy', 'cupyx', 'cp'}


def array_module_uses(source, host_side=False):
    """Line numbers where `source` imports numpy/cupy or names them: op code must ask get_array_module().
    With host_side, `import numpy` and numpy.<a HOST_SIDE name> pass."""
    tree = ast.parse(source)
    allowed = {id(node.value) for node in ast.walk(tree) if host_side and isinstance(node, ast.Attribute)
               and isinstance(node.value, ast.Name) and node.value.id in ('numpy', 'np') and node.attr in HOST_SIDE}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name.split('.')[0] for a in node.names if not (host_side and a.name == 'numpy')]
        elif isinstance(node, ast.ImportFrom):
            names = [(node.module or '').split('.')[0] if node.level == 0 else ''] + [a.name for a in node.names]
        elif isinstance(node, ast.Name) and id(node) not in allowed:
            names = [node.id]
        else:
            continue
        if ARRAY_MODULES & set(names):
            lines.append(node.lineno)
    return lines


def test_the_op_sources_are_all_there():
    names = {p.relative_to(MINIGRAD).as_posix() for p in OP_SOURCES}
    assert {'autograd/engine.py', 'autograd/function.py', 'functions/elementwise.py', 'functions/conv.py',
            'functions/pool.py', 'nn/module.py', 'optim/adam.py'} <= names


@pytest.mark.parametrize('path', OP_SOURCES, ids=lambda p: p.relative_to(MINIGRAD).as_posix())
def test_op_code_uses_no_numpy_directly(path):
    lines = array_module_uses(path.read_text(), host_side=path.relative_to(MINIGRAD).as_posix() in HOST_SIDE_FILES)
    assert not lines, (f'{path.name} uses numpy/cupy directly on lines {lines}: ask get_array_module(array) for the '
                       'module, or add a helper to minigrad/backend.py')


@pytest.mark.parametrize('source', [
    'import numpy\n', 'import numpy as np\n', 'import numpy.linalg\n', 'from numpy import exp\n',
    'from numpy.lib.stride_tricks import as_strided\n', 'def f(a):\n    return np.exp(a)\n',
    'def f(out, k, v):\n    numpy.add.at(out, k, v)\n', 'import cupy\n', 'from ..backend import numpy\n',
    'xp = cupy if a else np\n'])
def test_the_check_catches_direct_numpy(source):
    assert array_module_uses(source)


@pytest.mark.parametrize('source', ['import numpy\n\ndef f(a):\n    return numpy.exp(a)\n',
                                    'import numpy\n\ndef f(a):\n    return numpy.zeros(a.shape)\n',
                                    'import cupy\n', 'from numpy import can_cast\n', 'xp = numpy\n'])
def test_host_side_files_may_use_only_dtype_and_shape_names(source):
    assert array_module_uses(source, host_side=True)


def test_host_side_files_pass_with_dtype_and_shape_names():
    source = ('import numpy\n\ndef f(a, b):\n    return numpy.can_cast(a.dtype, b.dtype) and '
              'numpy.broadcast_shapes(a.shape, b.shape)\n')
    assert not array_module_uses(source, host_side=True) and array_module_uses(source)


def test_the_check_passes_array_module_code():
    assert not array_module_uses('from ..backend import get_array_module\n\n'
                                 'def f(a):\n    xp = get_array_module(a)\n    return xp.exp(a) + a.sum()\n')
