"""conv2d, max_pool2d and avg_pool2d through the parity helper: forward and every input gradient vs PyTorch,
float64 and float32; a few finite-difference gradchecks; PyTorch's error messages.

float32 tolerance for conv: rtol 1e-5, atol 2e-4 (the helper's default atol is 1e-6). An output sums C*KH*KW
float32 products and a weight gradient N*OH*OW of them (1568 for LeNet's conv1 at batch 2, values up to ~160);
minigrad's BLAS adds them in another order than torch's kernels. Measured against the float64 result, torch's
float32 is off by up to 1e-4 and minigrad's by up to 2e-5, so 2e-4 is what the two honestly disagree by.
Pooling only picks or averages a few values, so it keeps the default tolerances.
"""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import minigrad
from helpers import check_op, gradcheck_op
from minigrad.functions.conv import conv2d
from minigrad.functions.pool import avg_pool2d, max_pool2d

CONV_TOL = {'float32': dict(rtol=1e-5, atol=2e-4)}


def conv(**kw):
    """The same conv2d call for both libraries: x, w and an optional bias."""
    return (lambda x, w, *b: F.conv2d(x, w, *b, **kw)), (lambda x, w, *b: conv2d(x, w, *b, **kw))


CONV_CASES = [  # (name, shapes: input, weight[, bias], kwargs)
    ('lenet_conv1', [(2, 3, 32, 32), (6, 3, 5, 5), (6,)], {}),
    ('lenet_conv2', [(2, 6, 14, 14), (16, 6, 5, 5), (16,)], {}),
    ('stride2', [(2, 3, 9, 8), (4, 3, 3, 3), (4,)], dict(stride=2)),
    ('stride_pair', [(1, 2, 9, 8), (3, 2, 3, 2), (3,)], dict(stride=(2, 1))),
    ('padding1', [(2, 3, 6, 7), (4, 3, 3, 3), (4,)], dict(padding=1)),
    ('padding2_stride2', [(2, 3, 6, 7), (4, 3, 5, 5), (4,)], dict(padding=2, stride=2)),
    ('padding_pair', [(1, 2, 5, 6), (3, 2, 3, 3), (3,)], dict(padding=(0, 2))),
    ('padding_same', [(2, 3, 7, 6), (4, 3, 3, 3), (4,)], dict(padding='same')),
    ('padding_same_even_kernel', [(2, 3, 7, 6), (4, 3, 4, 2), (4,)], dict(padding='same')),
    ('padding_same_dilated', [(1, 2, 8, 8), (3, 2, 3, 3), (3,)], dict(padding='same', dilation=2)),
    ('padding_valid', [(1, 2, 6, 6), (3, 2, 3, 3), (3,)], dict(padding='valid')),
    ('dilation2', [(2, 3, 9, 9), (4, 3, 3, 3), (4,)], dict(dilation=2)),
    ('dilation_stride_padding', [(2, 2, 9, 10), (3, 2, 3, 2), (3,)], dict(dilation=(2, 1), stride=2, padding=1)),
    ('groups2', [(2, 4, 7, 7), (6, 2, 3, 3), (6,)], dict(groups=2)),
    ('depthwise', [(2, 4, 7, 7), (8, 1, 3, 3), (8,)], dict(groups=4, padding=1)),
    ('no_bias', [(2, 3, 8, 8), (5, 3, 3, 3)], {}),
    ('no_bias_groups', [(2, 4, 8, 8), (4, 2, 3, 3)], dict(groups=2, stride=2)),
    ('unbatched', [(3, 8, 8), (4, 3, 3, 3), (4,)], dict(padding=1)),
    ('kernel_1x1', [(2, 4, 5, 5), (3, 4, 1, 1), (3,)], {}),
    ('kernel_equals_input', [(2, 3, 5, 5), (4, 3, 5, 5), (4,)], {}),
]


@pytest.mark.filterwarnings('ignore:Using padding=.same. with even kernel')  # torch's note, not an error
@pytest.mark.parametrize('name,shapes,kw', CONV_CASES, ids=[c[0] for c in CONV_CASES])
def test_conv2d(name, shapes, kw):
    check_op(shapes, *conv(**kw), tol=CONV_TOL)


def test_conv2d_input_only_grad():
    """Only the input requires grad: backward computes dx alone (needs_input_grad)."""
    w = minigrad.tensor(np.ones((2, 1, 3, 3)))
    x = minigrad.tensor(np.arange(25.0).reshape(1, 1, 5, 5), requires_grad=True)
    conv2d(x, w).sum().backward()
    want = F.conv2d(torch.tensor(x.detach().numpy(), requires_grad=True), torch.ones(2, 1, 3, 3, dtype=torch.float64))
    xt = want.grad_fn.next_functions[0][0].variable
    want.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), xt.grad.numpy())
    assert w.grad is None


def test_set_num_threads():
    """minigrad.set_num_threads sets the threads of numpy's BLAS (its matmuls), refusing 0 as PyTorch does."""
    before = minigrad.get_num_threads()
    try:
        minigrad.set_num_threads(1)
        assert minigrad.get_num_threads() == 1
    finally:
        minigrad.set_num_threads(before)
    for lib in (torch, minigrad):
        with pytest.raises(RuntimeError, match='set_num_threads expects a positive integer'):
            lib.set_num_threads(0)


def test_conv2d_grad_fn_name():
    x = minigrad.tensor(np.zeros((1, 1, 4, 4)), requires_grad=True)
    assert conv2d(x, minigrad.tensor(np.zeros((1, 1, 3, 3)))).grad_fn.name() == 'ConvolutionBackward0'


def pool(fn_t, fn_m, **kw):
    return (lambda x: fn_t(x, **kw)), (lambda x: fn_m(x, **kw))


def maxpool(**kw):
    return pool(F.max_pool2d, max_pool2d, **kw)


def avgpool(**kw):
    return pool(F.avg_pool2d, avg_pool2d, **kw)


# crafted ties: equal maxima inside one window, and across overlapping windows
TIES = np.array([[[[1, 3, 3, 0, 2],
                   [3, 3, 1, 2, 2],
                   [0, 1, 5, 5, 0],
                   [5, 5, 5, 0, 1],
                   [2, 2, 0, 1, 1]]]], dtype=float)

# NaNs: PyTorch's scan lets a later entry win if larger or NaN, so a window with NaNs points at its last NaN
nan = np.nan
NANS = np.array([[[[nan, 9, 1, nan],
                   [2, 3, nan, 0],
                   [4, 4, 0, 1],
                   [nan, 7, 1, 1]]]])

POOL_CASES = [  # (name, input shape, (torch_fn, minigrad_fn), check_op kwargs)
    ('max_lenet1', (2, 6, 28, 28), maxpool(kernel_size=2), {}),
    ('max_lenet2', (2, 16, 10, 10), maxpool(kernel_size=2, stride=2), {}),
    ('max_k3', (2, 3, 9, 9), maxpool(kernel_size=3), {}),
    ('max_k3_s1_overlap', (2, 3, 6, 7), maxpool(kernel_size=3, stride=1), {}),
    ('max_k2_s1_overlap', (1, 2, 5, 5), maxpool(kernel_size=2, stride=1), {}),
    ('max_padding1', (2, 3, 7, 6), maxpool(kernel_size=3, stride=2, padding=1), {}),
    ('max_dilation2', (2, 3, 9, 8), maxpool(kernel_size=2, stride=1, dilation=2), {}),
    ('max_dilation_padding', (1, 2, 9, 9), maxpool(kernel_size=3, stride=2, padding=1, dilation=2), {}),
    ('max_ceil', (2, 3, 7, 7), maxpool(kernel_size=2, ceil_mode=True), {}),
    ('max_ceil_padding_drop', (1, 2, 6, 6), maxpool(kernel_size=3, stride=2, padding=1, ceil_mode=True), {}),
    ('max_ceil_s3', (1, 2, 8, 5), maxpool(kernel_size=2, stride=3, ceil_mode=True), {}),
    ('max_rect', (2, 2, 8, 9), maxpool(kernel_size=(2, 3), stride=(2, 1), padding=(1, 0)), {}),
    ('max_unbatched', (3, 8, 8), maxpool(kernel_size=2), {}),
    ('max_indices', (2, 3, 7, 7), maxpool(kernel_size=3, stride=2, padding=1, return_indices=True), {}),
    ('max_indices_dilated_ceil', (1, 2, 9, 8),
     maxpool(kernel_size=2, stride=2, dilation=2, ceil_mode=True, return_indices=True), {}),
    ('max_all_equal', (1, 2, 6, 6), maxpool(kernel_size=3, stride=1, padding=1, return_indices=True),
     dict(values=[np.full((1, 2, 6, 6), 0.5)])),
    ('max_ties_k2', (1, 1, 5, 5), maxpool(kernel_size=2, stride=1, return_indices=True), dict(values=[TIES])),
    ('max_ties_k3', (1, 1, 5, 5), maxpool(kernel_size=3, stride=2, padding=1, return_indices=True),
     dict(values=[TIES])),
    ('max_ties_ceil', (1, 1, 5, 5), maxpool(kernel_size=2, ceil_mode=True, return_indices=True), dict(values=[TIES])),
    ('max_nan_tiled', (1, 1, 4, 4), maxpool(kernel_size=2, return_indices=True), dict(values=[NANS])),
    ('max_nan_overlap', (1, 1, 4, 4), maxpool(kernel_size=2, stride=1, return_indices=True), dict(values=[NANS])),
    ('avg_lenet1', (2, 6, 28, 28), avgpool(kernel_size=2), {}),
    ('avg_k3_s1', (2, 3, 6, 7), avgpool(kernel_size=3, stride=1), {}),
    ('avg_padding1', (2, 3, 7, 6), avgpool(kernel_size=3, stride=2, padding=1), {}),
    ('avg_padding_no_count', (2, 3, 7, 6), avgpool(kernel_size=3, stride=2, padding=1, count_include_pad=False), {}),
    ('avg_ceil', (2, 3, 7, 7), avgpool(kernel_size=2, ceil_mode=True), {}),
    ('avg_ceil_padding', (1, 2, 6, 6), avgpool(kernel_size=3, stride=2, padding=1, ceil_mode=True), {}),
    ('avg_ceil_padding_no_count', (1, 2, 6, 6),
     avgpool(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), {}),
    ('avg_divisor_override', (2, 2, 7, 7), avgpool(kernel_size=3, stride=2, padding=1, divisor_override=2), {}),
    ('avg_rect', (2, 2, 8, 9), avgpool(kernel_size=(2, 3), stride=(1, 2)), {}),
    ('avg_unbatched', (3, 8, 8), avgpool(kernel_size=2), {}),
]


@pytest.mark.parametrize('name,shape,fns,kw', POOL_CASES, ids=[c[0] for c in POOL_CASES])
def test_pool(name, shape, fns, kw):
    check_op([shape], *fns, **kw)


def test_max_pool2d_indices_dtype_and_values():
    x = np.random.default_rng(0).standard_normal((2, 3, 7, 7))
    out, idx = max_pool2d(minigrad.tensor(x), 3, 2, 1, return_indices=True)
    want = F.max_pool2d(torch.tensor(x), 3, 2, 1, return_indices=True)[1]
    assert idx.dtype.name == 'int64'
    np.testing.assert_array_equal(idx.numpy(), want.numpy())


@pytest.mark.parametrize('fn,name', [(max_pool2d, 'MaxPool2DWithIndicesBackward0'), (avg_pool2d, 'AvgPool2DBackward0')])
def test_pool_grad_fn_name(fn, name):
    assert fn(minigrad.tensor(np.zeros((1, 4, 4)), requires_grad=True), 2).grad_fn.name() == name


GRADCHECKS = [
    ('conv', [(1, 2, 5, 4), (3, 2, 3, 2), (3,)], lambda x, w, b: conv2d(x, w, b, stride=(2, 1), padding=1)),
    ('conv_groups_dilation', [(1, 4, 6, 6), (4, 2, 2, 2)], lambda x, w: conv2d(x, w, groups=2, dilation=2)),
    ('max_pool_overlap', [(1, 2, 5, 5)], lambda x: max_pool2d(x, 3, 1, padding=1)),
    ('avg_pool_ceil', [(1, 2, 5, 5)], lambda x: avg_pool2d(x, 3, 2, padding=1, ceil_mode=True,
                                                           count_include_pad=False)),
]


@pytest.mark.parametrize('name,shapes,fn', GRADCHECKS, ids=[c[0] for c in GRADCHECKS])
def test_gradcheck(name, shapes, fn):
    gradcheck_op(shapes, fn)


def t(*shape, dtype=np.float32):
    return minigrad.tensor(np.zeros(shape, dtype))


CONV_ERRORS = [
    ((t(1, 1, 32, 32), t(6, 3, 5, 5)), {}, r'Given groups=1, weight of size \[6, 3, 5, 5\], expected '
     r'input\[1, 1, 32, 32\] to have 3 channels, but got 1 channels instead'),
    ((t(4, 8, 8), t(6, 3, 3, 3)), {}, r'expected input\[1, 4, 8, 8\] to have 3 channels, but got 4 channels'),
    ((t(1, 1, 4, 4), t(6, 1, 5, 5)), {}, r'Calculated padded input size per channel: \(4 x 4\). Kernel size: '
     r"\(5 x 5\). Kernel size can't be greater than actual input size"),
    ((t(1, 1, 2, 2), t(6, 1, 3, 3)), dict(dilation=2, padding=1),
     r'padded input size per channel: \(4 x 4\). Kernel size: \(5 x 5\)'),
    ((t(2, 1, 1, 4, 4), t(6, 1, 5, 5)), {}, r'Expected 3D \(unbatched\) or 4D \(batched\) input to conv2d, but got '
     r'input of size: \[2, 1, 1, 4, 4\]'),
    ((t(4, 4), t(6, 1, 5, 5)), {}, r'input to conv2d, but got input of size: \[4, 4\]'),
    ((t(1, 1, 8, 8), t(6, 1)), {}, 'weight should have at least three dimensions'),
    ((t(1, 1, 8, 8), t(6, 1, 5)), {}, r'expected stride to be a single integer value or a list of 1 values to '
     r'match the convolution dimensions, but got stride=\[1, 1\]'),
    ((t(1, 4, 8, 8), t(6, 2, 3, 3)), dict(groups=4), r'Given groups=4, expected weight to be divisible by 4 at '
     r'dimension 0, but got weight of size \[\[6, 2, 3, 3\]\] instead'),
    ((t(1, 4, 8, 8), t(4, 1, 3, 3)), dict(groups=0), 'non-positive groups is not supported'),
    ((t(1, 4, 8, 8), t(6, 4, 3, 3), t(5)), {}, r'Given weight of size \[6, 4, 3, 3\], expected bias to be '
     r'1-dimensional with 6 elements, but got bias of size \[5\] instead'),
    ((t(1, 4, 8, 8), t(6, 4, 3, 3)), dict(stride=0), 'non-positive stride is not supported'),
    ((t(1, 4, 8, 8), t(6, 4, 3, 3)), dict(padding=-1), 'negative padding is not supported'),
    ((t(1, 4, 8, 8), t(6, 4, 3, 3)), dict(dilation=0), r'dilation should be greater than zero, but got \[0, 0\]'),
    ((t(1, 4, 8, 8), t(6, 4, 3, 3)), dict(padding='same', stride=2),
     "padding='same' is not supported for strided convolutions"),
    ((t(1, 4, 8, 8), t(6, 4, 3, 3)), dict(padding='foo'), "Invalid padding string: 'foo'"),
    ((t(1, 4, 8, 8, dtype=np.float64), t(6, 4, 3, 3)), {}, 'expected scalar type Double but found Float'),
    ((t(1, 4, 8, 8), t(6, 4, 3, 3), t(6, dtype=np.float64)), {},
     r'Input type \(float\) and bias type \(double\) should be the same'),
]


@pytest.mark.parametrize('args,kw,msg', CONV_ERRORS)
def test_conv2d_errors(args, kw, msg):
    torch_args = [torch.tensor(a.numpy()) for a in args]
    with pytest.raises(RuntimeError, match=msg):    # the pattern is PyTorch's own message
        F.conv2d(*torch_args, **kw)
    with pytest.raises(RuntimeError, match=msg):
        conv2d(*args, **kw)


POOL_ERRORS = [
    ('max', (1, 16, 2, 2), dict(kernel_size=3, padding=2), 'pad should be at most half of effective kernel size, '
     'but got pad=2, kernel_size=3 and dilation=1'),
    ('max', (1, 4, 8, 8), dict(kernel_size=3, dilation=2, padding=2), 'pad should be smaller than or equal to half '
     'of kernel size, but got padW = 2, padH = 2, kW = 3, kH = 3'),
    ('max', (16, 1, 1), dict(kernel_size=2), r'Given input size: \(16x1x1\). Calculated output size: '
     r'\(16x0x0\). Output size is too small'),
    ('avg', (1, 4, 1, 8), dict(kernel_size=2), r'Given input size: \(4x1x8\). Calculated output size: '
     r'\(4x0x4\). Output size is too small'),
    ('max', (16, 1), dict(kernel_size=2), r'non-empty 3D or 4D \(batch mode\) tensor expected for input'),
    ('avg', (1, 1, 16, 4, 4), dict(kernel_size=2), r'Expected 3D or 4D \(batch mode\) tensor with optional 0 dim '
     r'batch size for input, but got:\[1, 1, 16, 4, 4\]'),
    ('max', (1, 16, 0, 4), dict(kernel_size=2), r'optional 0 dim batch size for input, but got:\[1, 16, 0, 4\]'),
    ('max', (1, 4, 4, 4), dict(kernel_size=0), 'stride should not be zero'),
    ('avg', (1, 4, 4, 4), dict(kernel_size=0, stride=1),
     'kernel size should be greater than zero, but got kH: 0 kW: 0'),
    ('max', (1, 4, 4, 4), dict(kernel_size=2, stride=-1), 'stride should be greater than zero, but got dH: -1 dW: -1'),
    ('max', (1, 4, 4, 4), dict(kernel_size=2, dilation=0), 'dilation should be greater than zero, but got '
     'dilationH: 0 dilationW: 0'),
    ('max', (1, 4, 4, 4), dict(kernel_size=2, padding=-1), 'pad must be non-negative, but got pad: -1'),
    ('max', (1, 4, 4, 4), dict(kernel_size=(2, 2, 2)), 'max_pool2d: kernel_size must either be a single int, or a '
     'tuple of two ints'),
    ('avg', (1, 4, 4, 4), dict(kernel_size=2, stride=(1, 1, 1)), 'avg_pool2d: stride must either be omitted, a '
     'single int, or a tuple of two ints'),
    ('avg', (1, 4, 4, 4), dict(kernel_size=2, divisor_override=0), 'divisor must be not zero'),
]


@pytest.mark.parametrize('kind,shape,kw,msg', POOL_ERRORS)
def test_pool_errors(kind, shape, kw, msg):
    fn_t, fn_m = (F.max_pool2d, max_pool2d) if kind == 'max' else (F.avg_pool2d, avg_pool2d)
    with pytest.raises(RuntimeError, match=msg):    # the pattern is PyTorch's own message
        fn_t(torch.zeros(shape), **kw)
    with pytest.raises(RuntimeError, match=msg):
        fn_m(t(*shape), **kw)
