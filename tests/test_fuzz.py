"""hypothesis drives random shapes, broadcast pairs and dims through elementwise ops, reductions, matmul,
indexing, conv2d and pooling; every generated case compares forward and backward with PyTorch
(tests/helpers.check_op). Elementwise ops and matmul also get non-contiguous inputs: transposed or strided views
of a bigger leaf, made the same way in both libraries (the gradient flows back through the view).
Default profile: 25 examples per test (the file runs in seconds); `pytest --hypothesis-profile=thorough` runs 1000."""
import numpy as np
import torch
from hypothesis import example, given, strategies as st
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


# name -> (the leaf's shape for a view of `shape`, the view); all of them but the first are non-contiguous
VIEWS = {
    'contiguous': (lambda shape: shape, lambda x: x),
    'strided': (lambda shape: shape[:-1] + (2 * shape[-1] + 1,), lambda x: x[..., 1::2]),
    'transposed': (lambda shape: shape[:-2] + shape[:-3:-1], lambda x: x.transpose(-1, -2)),
}


@st.composite
def operand(draw, shape):
    """(leaf shape, view): an input of `shape`, either a leaf itself or a non-contiguous view of a bigger one."""
    kind = draw(st.sampled_from(list(VIEWS)[:1 + min(len(shape), 2)]))   # strided needs 1 dim, transposed 2
    leaf_shape, view = VIEWS[kind]
    return leaf_shape(tuple(shape)), view


def check_on_views(operands, fn, **kwargs):
    """check_op of fn on the views of the leaves that `operands` (from operand()) describe."""
    shapes, views = zip(*operands)
    check_op(list(shapes), lambda *leaves: fn(*(view(x) for view, x in zip(views, leaves))), **kwargs)


@st.composite
def broadcast_operands(draw):
    shapes = draw(mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, max_side=4)).input_shapes
    return [draw(operand(shape)) for shape in shapes]


@given(st.sampled_from(sorted(BINARY)), broadcast_operands(), st.integers(0, 2 ** 16))
def test_binary_broadcasting(op, operands, seed):
    check_on_views(operands, BINARY[op], seed=seed)


@given(st.sampled_from(sorted(UNARY)), array_shapes(min_dims=0, max_dims=4, max_side=5).flatmap(operand),
       st.integers(0, 2 ** 16))
def test_unary(op, x, seed):
    check_on_views([x], UNARY[op], seed=seed)


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


@st.composite
def matmul_operands(draw):
    """Every kind of torch.matmul: 1-D @ 1-D (dot), 2-D @ 1-D, 1-D @ N-D, N-D @ 1-D and N-D @ N-D with batch
    dims that broadcast against each other ((2, 1, 3, 4) @ (3, 4, 5)); each operand maybe a non-contiguous view."""
    n, k, m = (draw(st.integers(1, 4)) for _ in range(3))
    batch = draw(mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2, max_side=3)).input_shapes
    left = (k,) if draw(st.booleans()) else batch[0] + (n, k)
    right = (k,) if draw(st.booleans()) else batch[1] + (k, m)
    return [draw(operand(left)), draw(operand(right))]


def leaves(*shapes):
    return [(shape, VIEWS['contiguous'][1]) for shape in shapes]


@given(matmul_operands(), st.integers(0, 2 ** 16))
@example(leaves((2, 1, 3, 4), (3, 4, 5)), 0)
@example(leaves((3,), (3,)), 0)
@example(leaves((2, 3), (3,)), 0)
@example(leaves((3,), (2, 3, 4)), 0)
@example([((2, 4, 3), VIEWS['transposed'][1]), ((4, 9), VIEWS['strided'][1])], 0)
def test_matmul(operands, seed):
    check_on_views(operands, lambda x, y: x @ y, seed=seed)


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


def conv_tol(shapes, kwargs):
    """float32 bounds for a conv2d case. Each output and gradient element is a sum, done in another order than
    PyTorch's: of K = C_in/groups*KH*KW products (the output), C_out/groups*KH*KW (the input's gradient) or
    N*OH*OW (the weight's and bias's). Terms of size ~4 (inputs in [-2, 2], upstream gradients ~N(0, 1)) summed
    in another order differ by about K * 4 * 2**-24 for the longest sum. Measured over 400 cases: at worst
    2.7 * K * 2**-24, and 3.8e-6 absolute. So atol = 8 * K * 2**-24 (8.6e-6 for K = 18; the fixed 2e-4 it replaces
    was 50 times the worst difference)."""
    (n, _, h, w), (c_out, c_in_per_group, kh, kw) = shapes[:2]
    groups, (sh, sw), (ph, pw), (dh, dw) = kwargs['groups'], kwargs['stride'], kwargs['padding'], kwargs['dilation']
    oh, ow = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1, (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    longest = max(c_in_per_group * kh * kw, c_out // groups * kh * kw, n * oh * ow)
    return {'float32': dict(rtol=1e-5, atol=8 * longest * 2 ** -24)}


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
    check_op(shapes, *both('conv2d', **kwargs), tol=conv_tol(shapes, kwargs), seed=seed)


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
