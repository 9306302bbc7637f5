"""hypothesis drives random shapes, broadcast pairs and dims through elementwise ops and reductions;
every generated case compares forward and backward with PyTorch (tests/helpers.check_op).
Default profile: 25 examples per test; `pytest --hypothesis-profile=thorough` runs 1000."""
import numpy as np
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import array_shapes, mutually_broadcastable_shapes

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
