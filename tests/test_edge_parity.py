"""Edge cases where PyTorch works and minigrad used to crash or refuse: 0-d tensors, empty tensors, views and in-place
changes that PyTorch allows. Each case runs the same function with `lib` = torch and `lib` = minigrad (same_as_torch)
and compares every output (values, dtype, shape, requires_grad, grad_fn name) and every leaf's gradient.

Cases (ids):
  0-d tensors    inplace_through_view_of_0d, setitem_of_0d, max_dim_of_0d_indices, argmax_of_0d, all_any_dim_of_0d
  numbers first  pow_number_tensor, pow_number_int, rfloordiv, rmod, rdiv_is_reciprocal
  autograd       requires_grad_of_non_leaf, reciprocal_then_inplace, linear_frozen_weight_then_inplace,
                 matrix_times_batch_then_inplace, matrix_times_batch_nodes, conv_same_even_kernel_then_inplace
  views          index_array_result_is_viewable, inplace_on_expand_to_same_shape, expand_adding_size_one_dims
  values         max_pool_window_of_minus_inf, setitem_mask_value_with_leading_ones, cat_skips_empty_1d
  empty tensors  softmax_over_empty_dim, log_softmax_over_empty_dim, cross_entropy_empty_batch, max_dim_of_empty,
                 argmax_of_empty, batch_norm_of_empty_batch
  signatures     softmax_stacklevel_argument (PyTorch's third positional argument), dropout_everything_of_ints,
                 mse_int_and_float
  split          split_zero_of_empty (size 0 only where the dim is empty)
"""
import numpy as np
import pytest
import torch

import minigrad


def same_as_torch(fn):
    """fn(lib) -> (outputs, leaves). Outputs must match torch's; the float outputs that require grad are then
    backpropagated (with the same upstream weights) and each leaf's gradient must match torch's (leaves None: no
    backward, for ops that PyTorch records but cannot differentiate)."""
    got = []
    for lib in (torch, minigrad):
        outputs, leaves = fn(lib)
        outputs = tuple(outputs) if isinstance(outputs, (tuple, list)) else (outputs,)
        seen = [(tuple(o.shape), str(o.dtype).split('.')[-1], o.requires_grad,
                 type(o.grad_fn).__name__ if o.grad_fn is not None else None, o.detach().numpy().copy())
                for o in outputs]
        diff = [o for o in outputs if o.requires_grad] if leaves is not None else []
        if diff:
            weights = [lib.tensor(np.linspace(0.5, 1.5, o.numel()).reshape(tuple(o.shape)), dtype=o.dtype)
                       for o in diff]
            lib.autograd.backward(diff, weights)
        grads = [None if t.grad is None else t.grad.numpy().copy() for t in leaves or ()]
        got.append((seen, grads))
    (want, want_grads), (have, have_grads) = got
    for i, (w, h) in enumerate(zip(want, have)):
        assert h[:4] == w[:4], f'output {i}: minigrad {h[:4]}, torch {w[:4]}'
        np.testing.assert_allclose(h[4], w[4], rtol=1e-6, atol=1e-7, err_msg=f'output {i}')
    assert len(have) == len(want)
    for i, (w, h) in enumerate(zip(want_grads, have_grads)):
        assert (h is None) == (w is None), f'leaf {i}: minigrad grad {h}, torch grad {w}'
        if w is not None:
            np.testing.assert_allclose(h, w, rtol=1e-6, atol=1e-7, err_msg=f'gradient of leaf {i}')


def leaf(lib, *values):
    return lib.tensor(values[0] if len(values) == 1 else list(values), dtype=lib.float64, requires_grad=True)


def inplace_through_view_of_0d(lib):
    x = leaf(lib, 2.)
    y = x * 1
    v = y.view(1, 1)
    v.mul_(x)
    return (y, v), [x]


def setitem_of_0d(lib):
    x, w = leaf(lib, 2.), leaf(lib, 3.)
    y = x * 1
    y[...] = w * 2
    return y * 1, [x, w]


def requires_grad_of_non_leaf(lib):
    x = leaf(lib, 1., 2.)
    y = (x * 2).requires_grad_()
    return y, [x]


def reciprocal_then_inplace(lib):
    """1/h saves 1/h (PyTorch's reciprocal), not h: changing h afterwards is no error."""
    x = leaf(lib, 1., 2.)
    h = x * 1
    y = 1 / h
    h.add_(1)
    return (y, h), [x]


def linear_frozen_weight_then_inplace(lib):
    """The weight needs no gradient, so linear does not keep its input."""
    x, b = lib.ones(4, 2, dtype=lib.float64, requires_grad=True), leaf(lib, 1., 2., 3.)
    h = x * 1
    y = lib.nn.functional.linear(h, lib.ones(3, 2, dtype=lib.float64), b)
    h.mul_(2)
    return y, [x, b]


def matrix_times_batch_then_inplace(lib):
    """2-D @ N-D with the matrix requiring grad keeps a copy of the batch, as PyTorch."""
    a = lib.tensor(np.arange(6.).reshape(3, 2), requires_grad=True)
    b = lib.tensor(np.arange(40.).reshape(4, 2, 5), requires_grad=True)
    h = b * 1
    y = a @ h
    h.mul_(2)
    return y, [a, b]


def conv_same_even_kernel_then_inplace(lib):
    """padding='same' with an even kernel pads a copy of the input first, as PyTorch: the conv keeps the copy."""
    x = lib.tensor(np.arange(50.).reshape(1, 2, 5, 5), requires_grad=True)
    w = lib.tensor(np.linspace(-1, 1, 24).reshape(3, 2, 2, 2), requires_grad=True)
    h = x * 1
    y = lib.nn.functional.conv2d(h, w, padding='same')
    h.mul_(2)
    return y, [x, w]


def max_pool_window_of_minus_inf(lib):
    """A padded window whose values are all -inf takes its first element inside the input, as PyTorch."""
    v = np.arange(30.).reshape(1, 1, 5, 6)
    v[0, 0, :2, :2] = -np.inf
    v[0, 0, :, 4:] = -np.inf
    x = lib.tensor(v, requires_grad=True)
    out, indices = lib.nn.functional.max_pool2d(x, 3, 2, 1, return_indices=True)
    return (out, indices), [x]


def setitem_mask_value_with_leading_ones(lib):
    x, v = leaf(lib, 1., -2., 3.), lib.tensor([[[4., 5.]]], dtype=lib.float64, requires_grad=True)
    y = x * 1
    y[y > 0] = v
    return y, [x, v]


def batch_norm_of_empty_batch(lib):
    x = lib.ones(0, 3, 2, dtype=lib.float64, requires_grad=True)
    w, b = leaf(lib, 1., 2., 3.), leaf(lib, 0., 1., 2.)
    mean, var = lib.zeros(3, dtype=lib.float64), lib.ones(3, dtype=lib.float64)
    y = lib.nn.functional.batch_norm(x, mean, var, w, b, training=True)
    return (y, mean, var), [x, w, b]


CASES = {
    'inplace_through_view_of_0d': inplace_through_view_of_0d,
    'setitem_of_0d': setitem_of_0d,
    'max_dim_of_0d_indices': lambda L: (L.tensor(2., requires_grad=True).max(0, keepdim=True)[1], []),
    'argmax_of_0d': lambda L: ((L.tensor(2.).argmax(-1), L.tensor(2.).argmin(0, keepdim=True)), []),
    'all_any_dim_of_0d': lambda L: ((L.tensor(2.).all(0), L.tensor(0.).any(-1, keepdim=True)), []),
    'pow_number_tensor': lambda L: (lambda x: (L.pow(2, x), [x]))(leaf(L, 1., 2.)),
    'pow_number_int': lambda L: ((2 ** L.tensor([1, 2]), 2.5 ** L.tensor([1, 2]), 2 ** L.tensor([True])), []),
    'rfloordiv': lambda L: ((2 // leaf(L, 1., 3.), 7 // L.tensor([2, 3]), 2.5 // L.tensor([2, 3])), None),
    'rmod': lambda L: ((2 % leaf(L, 1.5, 3.), 7 % L.tensor([2, 3]), 2.5 % L.tensor([2, 3])), None),
    'rdiv_is_reciprocal': lambda L: (lambda x: ((1 / x, 2.5 / L.tensor([1, 2])), [x]))(leaf(L, 1., 2.)),
    'requires_grad_of_non_leaf': requires_grad_of_non_leaf,
    'reciprocal_then_inplace': reciprocal_then_inplace,
    'linear_frozen_weight_then_inplace': linear_frozen_weight_then_inplace,
    'matrix_times_batch_then_inplace': matrix_times_batch_then_inplace,
    'matrix_times_batch_nodes': lambda L: (lambda a: (a @ L.ones(4, 2, 5, dtype=L.float64), [a]))(
        L.ones(3, 2, dtype=L.float64, requires_grad=True)),
    'conv_same_even_kernel_then_inplace': conv_same_even_kernel_then_inplace,
    'index_array_result_is_viewable': lambda L: (lambda x: (x[:, L.tensor([0, 1, 2, 3, 4, 5])].view(6, 2), [x]))(
        L.tensor(np.arange(12.).reshape(2, 6), requires_grad=True)),
    'inplace_on_expand_to_same_shape': lambda L: (L.ones(3).expand(3).add_(1), []),
    'expand_adding_size_one_dims': lambda L: (L.ones(2, 1).expand(1, 2, 1).mul_(3), []),
    'max_pool_window_of_minus_inf': max_pool_window_of_minus_inf,
    'setitem_mask_value_with_leading_ones': setitem_mask_value_with_leading_ones,
    'cat_skips_empty_1d': lambda L: (lambda x, e: (L.cat([x, e]) * 1, [x, e]))(
        L.ones(2, 3, dtype=L.float64, requires_grad=True), L.ones(0, dtype=L.float64, requires_grad=True)),
    'softmax_over_empty_dim': lambda L: (lambda x: (x.softmax(1), [x]))(L.ones(2, 0, requires_grad=True)),
    'log_softmax_over_empty_dim': lambda L: (lambda x: (x.log_softmax(-1), [x]))(L.ones(2, 0, requires_grad=True)),
    'cross_entropy_empty_batch': lambda L: (lambda x: (L.nn.functional.cross_entropy(
        x, L.ones(0, dtype=L.int64), reduction='sum'), [x]))(L.ones(0, 3, requires_grad=True)),
    'max_dim_of_empty': lambda L: (lambda x: (tuple(x.max(1)), [x]))(L.ones(0, 3, requires_grad=True)),
    'argmax_of_empty': lambda L: ((L.ones(0, 3).argmax(1), L.ones(0, 3).argmin(-1, keepdim=True)), []),
    'batch_norm_of_empty_batch': batch_norm_of_empty_batch,
    'softmax_stacklevel_argument': lambda L: (lambda x: ((L.nn.functional.softmax(x, 1, 3, L.float64),
                                                          L.nn.functional.log_softmax(x, 0, 3)), [x]))(
        L.ones(2, 3, requires_grad=True)),
    'dropout_everything_of_ints': lambda L: (L.nn.functional.dropout(L.tensor([1, 2]), 1.0), []),
    'mse_int_and_float': lambda L: (lambda y: (L.nn.functional.mse_loss(L.tensor([1, 2]), y), [y]))(
        L.tensor([0.5, 3.], dtype=L.float64, requires_grad=True)),
    'split_zero_of_empty': lambda L: (lambda x: (x.split(0, 1), [x]))(L.ones(2, 0, requires_grad=True)),
}


@pytest.mark.parametrize('case', CASES)
def test_works_as_in_torch(case):
    same_as_torch(CASES[case])
