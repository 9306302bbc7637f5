"""hypothesis drives random shapes, broadcast pairs and dims through elementwise ops, reductions, matmul,
indexing, conv2d and pooling; every generated case compares forward and backward with PyTorch
(tests/helpers.check_op). Default profile: 25 examples per test; `pytest --hypothesis-profile=thorough` runs 1000."""
import numpy as np
import torch
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import array_shapes, mutually_broadcastable_shapes

import minigrad
from helpers import check_op

BINARY = {
    'add': lambda x, y: x + y, 'sub': lambda x, y: x - y, 'mul': lambda x, y: x * y,
    'div': lambda x, y: x / (y * y + 0.5), 'maximum': lambda x, y: x.maximum(y),
    'minimum': lambda x, y: x.minimum(y), 'pow': lambda x, y: (x * x + 0.5) ** y,
}
UNARY = {
    'exp': lambda x: x.exp(), 'log': lambda x: (x * x + 0.1).log(), 'sqrt': lambda x: (x * x + 0.1).sqrt(),
    'sigmoid': lambda x: x.sigmoid(), 'tanh': lambda x: x.tanh(), 'relu': lambda x: x.relu(),
    'abs': lambda x: x.abs(), 'neg': lambda x: -x, 'clamp': lambda x: x.clamp(-0.5, 0.5),
}


@given(st.sampled_from(sorted(BINARY)), mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4,
                                                                     max_side=4), st.integers(0, 2 ** 16))
def test_binary_broadcasting(op, shapes, seed):
    check_op(list(shapes.input_shapes), BINARY[op], seed=seed)


@given(st.sampled_from(sorted(UNARY)), array_shapes(min_dims=0, max_dims=4, max_side=5), st.integers(0, 2 ** 16))
def test_unary(op, shape, seed):
    check_op([shape], UNARY[op], seed=seed)


@st.composite
def shape_and_dims(draw):
    shape = draw(array_shapes(min_dims=1, max_dims=4, max_side=5))
    dims = draw(st.lists(st.integers(-len(shape), len(shape) - 1), min_size=1, max_size=len(shape),
                         unique_by=lambda d: d % len(shape)))
    return shape, tuple(dims), draw(st.booleans())


REDUCE = {
    'sum': lambda dims, keep: lambda x: x.sum(dims, keepdim=keep),
    'mean': lambda dims, keep: lambda x: x.mean(dims, keepdim=keep),
    'var': lambda dims, keep: lambda x: x.var(dims, keepdim=keep),
    'max_dim': lambda dims, keep: lambda x: x.max(dims[0], keepdim=keep)[0],
    'softmax': lambda dims, keep: lambda x: x.softmax(dims[0]),
    'log_softmax': lambda dims, keep: lambda x: x.log_softmax(dims[0]),
}


@given(st.sampled_from(sorted(REDUCE)), shape_and_dims(), st.integers(0, 2 ** 16))
def test_reductions(op, case, seed):
    shape, dims, keep = case
    if op == 'var' and np.prod([shape[d] for d in dims]) < 2:
        return  # variance of one element divides by zero in both libraries
    check_op([shape], REDUCE[op](dims, keep), seed=seed)


@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.integers(0, 2), st.integers(0, 2 ** 16))
def test_matmul_shapes(n, k, m, batch, seed):
    lead = (2,) * batch
    check_op([lead + (n, k), (k, m)], lambda x, y: x @ y, seed=seed)
    check_op([(k,), lead + (k, m)], lambda x, y: x @ y, seed=seed)


@st.composite
def index_case(draw):
    """A shape and a key of ints, slices (any step), int arrays of one length (repeats allowed) and None."""
    shape = draw(array_shapes(min_dims=1, max_dims=3, max_side=5))
    length, key = draw(st.integers(1, 4)), []
    for n in shape[:draw(st.integers(1, len(shape)))]:
        key.append(draw(st.one_of(
            st.integers(-n, n - 1),
            st.builds(slice, st.none() | st.integers(-n, n), st.none() | st.integers(-n, n),
                      st.none() | st.integers(1, 3)),
            st.lists(st.integers(-n, n - 1), min_size=length, max_size=length))))
    if draw(st.booleans()):
        key.insert(draw(st.integers(0, len(key))), None)
    return shape, key


@given(index_case(), st.integers(0, 2 ** 16))
def test_indexing(case, seed):
    shape, key = case

    def index(lib):
        return lambda x: x[tuple(lib.tensor(k) if isinstance(k, list) else k for k in key)]
    check_op([shape], index(torch), index(minigrad), seed=seed)


def both(name, **kwargs):
    """torch.nn.functional.<name> and minigrad's, with the same keyword arguments."""
    return (lambda *a: getattr(torch.nn.functional, name)(*a, **kwargs),
            lambda *a: getattr(minigrad.nn.functional, name)(*a, **kwargs))


def input_side(draw, kernel, padding, dilation):
    """An input size from which at least one window fits: (n + 2p - d(k-1) - 1) // s + 1 >= 1."""
    return draw(st.integers(max(1, dilation * (kernel - 1) + 1 - 2 * padding), 8))


def pool_side(draw, kernel, dilation):
    """An input size that the dilated window fits without padding, so that no window holds padding only (there
    PyTorch's max_pool2d gives -inf)."""
    return input_side(draw, kernel, 0, dilation)


CONV_TOL = {'float32': dict(rtol=1e-5, atol=2e-4)}   # as in test_conv_pool.py: sums of C*KH*KW products


@st.composite
def conv_case(draw):
    groups = draw(st.integers(1, 3))
    cin, cout = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    kernel, stride, padding, dilation = ([draw(st.integers(lo, hi)) for _ in range(2)]
                                         for lo, hi in ((1, 3), (1, 3), (0, 2), (1, 2)))
    hw = [input_side(draw, *arg) for arg in zip(kernel, padding, dilation)]
    shapes = [(draw(st.integers(1, 2)), cin, *hw), (cout, cin // groups, *kernel)]
    if draw(st.booleans()):
        shapes.append((cout,))
    return shapes, dict(stride=stride, padding=padding, dilation=dilation, groups=groups)


@given(conv_case(), st.integers(0, 2 ** 16))
def test_conv2d(case, seed):
    shapes, kwargs = case
    check_op(shapes, *both('conv2d', **kwargs), tol=CONV_TOL, seed=seed)


@st.composite
def pool_case(draw, dilation):
    kernel = [draw(st.integers(1, 3)) for _ in range(2)]
    stride = draw(st.none() | st.lists(st.integers(1, 3), min_size=2, max_size=2))
    padding = [draw(st.integers(0, k // 2)) for k in kernel]
    dil = [draw(st.integers(1, 2)) for _ in range(2)] if dilation else [1, 1]
    hw = [pool_side(draw, *arg) for arg in zip(kernel, dil)]
    kwargs = dict(kernel_size=kernel, stride=stride, padding=padding, ceil_mode=draw(st.booleans()))
    if dilation:
        kwargs['dilation'] = dil
    else:
        kwargs['count_include_pad'] = draw(st.booleans())
    return (draw(st.integers(1, 2)), draw(st.integers(1, 3)), *hw), kwargs


@given(pool_case(dilation=True), st.integers(0, 2 ** 16))
def test_max_pool2d(case, seed):
    shape, kwargs = case
    check_op([shape], *both('max_pool2d', **kwargs), seed=seed)


@given(pool_case(dilation=False), st.integers(0, 2 ** 16))
def test_avg_pool2d(case, seed):
    shape, kwargs = case
    check_op([shape], *both('avg_pool2d', **kwargs), seed=seed)
