"""The framework surface PyTorch code touches before any op: torch.backends, the default device, deterministic
algorithms, torch.compile, inference_mode; each as torch gives it on a CPU-only build (minigrad's CUDA is cupy's:
tests/test_device.py)."""
import pytest
import torch

import minigrad

LIBS = (torch, minigrad)


@pytest.mark.parametrize('query', [
    lambda L: L.backends.mps.is_available(), lambda L: L.backends.mps.is_built(),
    lambda L: L.backends.cudnn.is_available(), lambda L: L.backends.cudnn.version(),
    lambda L: L.backends.cudnn.enabled, lambda L: L.backends.cudnn.benchmark, lambda L: L.backends.cudnn.deterministic,
    lambda L: L.backends.cuda.matmul.allow_tf32, lambda L: L.backends.mkldnn.enabled,
    lambda L: L.are_deterministic_algorithms_enabled(), lambda L: L.is_deterministic_algorithms_warn_only_enabled(),
    lambda L: str(L.get_default_device()), lambda L: L.is_inference_mode_enabled(),
], ids=['mps', 'mps_built', 'cudnn', 'cudnn_version', 'cudnn_enabled', 'cudnn_benchmark', 'cudnn_deterministic',
        'tf32', 'mkldnn', 'deterministic', 'warn_only', 'default_device', 'inference'])
def test_flags_read_as_on_a_cpu_build(query):
    assert query(minigrad) == query(torch)


def test_cuda_built_means_cupy_importable():
    assert minigrad.backends.cuda.is_built() == (minigrad.backend.cupy is not None)


def test_the_quickstarts_device_choice():
    """The line of PyTorch's quickstart that picks a device, run in both."""
    for L in LIBS:
        device = ('cuda' if L.cuda.is_available() else 'mps' if L.backends.mps.is_available() else 'cpu')
        assert device == 'cpu' or L is minigrad
        assert L.ones(2, device=device).device.type == device


def test_the_accelerator_line_of_the_quickstart():
    """torch.accelerator on a build without a GPU: PyTorch's 2.x quickstart picks its device with it."""
    for L in LIBS:
        device = L.accelerator.current_accelerator().type if L.accelerator.is_available() else 'cpu'
        assert device == 'cpu' or L is minigrad
        assert L.accelerator.device_count() == (0 if L is torch else minigrad.cuda.device_count())
    if minigrad.backend.cupy is None:
        assert minigrad.accelerator.current_accelerator() is torch.accelerator.current_accelerator() is None
    if not minigrad.cuda.is_available():
        errors = []
        for L in LIBS:
            with pytest.raises(RuntimeError) as info:
                L.accelerator.current_device_index()
            errors.append(str(info.value))
        assert errors[0] == errors[1]


def test_setting_flags_keeps_them():
    for L in LIBS:
        old = L.backends.cudnn.benchmark
        L.backends.cudnn.benchmark = True
        assert L.backends.cudnn.benchmark is True
        L.backends.cudnn.benchmark = old


def test_deterministic_algorithms_switch():
    for L in LIBS:
        L.use_deterministic_algorithms(True, warn_only=True)
        assert L.are_deterministic_algorithms_enabled() and L.is_deterministic_algorithms_warn_only_enabled()
        L.use_deterministic_algorithms(False)
        assert not L.are_deterministic_algorithms_enabled() and not L.is_deterministic_algorithms_warn_only_enabled()


def test_default_device():
    for L in LIBS:
        L.set_default_device('cpu')
        assert L.get_default_device() == L.device('cpu') and L.zeros(1).device == L.device('cpu')
        with L.device('cpu'):
            assert L.tensor([1.0]).device.type == 'cpu'
        L.set_default_device(None)
        assert str(L.get_default_device()) == 'cpu'


@pytest.mark.skipif(minigrad.backend.cupy is not None, reason='checks the error of a machine without CUDA')
def test_default_cuda_device_without_cuda():
    minigrad.set_default_device('cuda')
    try:
        with pytest.raises(RuntimeError, match='Torch not compiled with CUDA enabled'):
            minigrad.zeros(2)
    finally:
        minigrad.set_default_device(None)


def test_compile_returns_what_it_was_given():
    net = minigrad.nn.Linear(2, 2)
    fn = lambda x: x * 2        # noqa: E731
    assert minigrad.compile(net) is net and minigrad.compile(fn) is fn
    assert minigrad.compile(mode='reduce-overhead')(fn) is fn
    assert net.compile() is None
    for L in LIBS:
        with pytest.raises(RuntimeError, match="Either mode or options can be specified, but both can't be"):
            L.compile(fn, mode='default', options={})


def test_inference_mode():
    for L in LIBS:
        x = L.ones(2, requires_grad=True)
        with L.inference_mode():
            assert L.is_inference_mode_enabled() and not L.is_grad_enabled()
            assert not (x * 2).requires_grad
        with L.inference_mode(False):
            assert (x * 2).requires_grad

        @L.inference_mode()
        def f(t):
            return t * 2

        @L.inference_mode
        def g(t):
            return t * 2
        assert not f(x).requires_grad and not g(x).requires_grad and L.is_grad_enabled()
