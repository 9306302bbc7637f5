"""Bad input: a clear error in PyTorch's words, never a numpy traceback or a silently different result.

Every case runs the same call with `lib` = torch and `lib` = minigrad (raises_like_torch): both must raise the
same exception type with the same message, PyTorch's own text read with 'torch.' as 'minigrad.', so no expected
message is typed in here. Left out of the comparison (comparable()), as they differ for good reason: memory
addresses (0x...).

Cases (ids):
  matrix products   mm_shapes, linear_in_features (LeNet's flatten size wrong), matmul_batch_sizes,
                    matmul_batch_broadcast, bmm_batch_sizes, matmul_0d, dot_sizes, mv_sizes
  dtype mixes       mm_float_double, matmul_float_long, linear_double_input, bmm_float_double, dot_float_double,
                    mv_double_float (PyTorch refuses them; minigrad used to promote silently)
  shapes            view_size, view_two_inferred, view_non_contiguous, reshape_size, flatten_start_after_end,
                    expand_incompatible, expand_fewer_dims, broadcast_add, broadcast_mul, cat_sizes, cat_ndim,
                    cat_empty, stack_sizes, permute_duplicate, permute_length, narrow_past_end, chunk_zero,
                    split_sizes, inplace_broadcast, setitem_broadcast, copy_broadcast, copy_more_dims
  arithmetic dtypes long_div_, long_itruediv, bool_add_, int_negative_power, neg_bool, int_minus_true,
                    true_minus_int, bool_minus_bool, var_int, std_int, int_floordiv_zero, int_mod_zero,
                    int_trunc_div_zero
  elementwise math  bitwise_and_float, bitwise_xor_float, bitwise_not_float, invert_float, lshift_float, rshift_bool,
                    floor_bool, round_decimals_int, frac_int, fmod_bool, fmod_int_zero, fmod_number_first,
                    remainder_bool, floor_divide_bool, pow_bool_bool, logaddexp_int, logaddexp_number, atan2_number,
                    hypot_int, copysign_number_first, xlogy_two_numbers, lerp_end_dtype, lerp_weight_dtype, lerp_int,
                    lerp_number_end, clamp_min_str, bitwise_and_shapes, clamp_min_bool_true, clamp_max_number_first, isclose_dtypes,
                    isclose_rtol, isclose_atol, isclose_number, allclose_number, allclose_shapes, sin_inplace_int,
                    asinh_inplace_backward, floor_divide_backward
  indexing          index_out_of_range, index_negative, index_dim1, index_array_out_of_range, index_list,
                    setitem_out_of_range, too_many_indices, index_float_tensor, index_float
  dims              sum_dim, mean_dim, max_dim, softmax_dim, softmax_int, log_softmax_int, argmax_dim, squeeze_dim, unsqueeze_dim,
                    transpose_dim, size_dim, sum_duplicate_dims
  layers            conv_channels, conv_input_dims, conv_kernel_larger_than_input, max_pool_larger_than_input,
                    avg_pool_larger_than_input, batch_norm_channels, batch_norm_dims, cross_entropy_float_target,
                    cross_entropy_int_target, cross_entropy_class_out_of_range, cross_entropy_negative_class,
                    mse_shapes
  autograd          backward_without_grad, backward_non_scalar, backward_twice, backward_gradient_shape,
                    grad_of_unused_input, inplace_on_leaf, inplace_through_view_of_leaf, inplace_through_slice_of_leaf,
                    inplace_on_view_made_in_no_grad, inplace_on_expanded, inplace_on_saved_output,
                    inplace_on_saved_input, numpy_of_requires_grad, requires_grad_of_non_leaf,
                    requires_grad_of_int, requires_grad_not_bool, tensor_int_requires_grad
  conversions       tensor_ragged, tensor_ragged_deeper, tensor_int_overflow, tensor_int_overflow_list,
                    item_of_many, item_of_empty, float_of_many, bool_of_many, where_float_condition
  training          optimizer_empty_parameters, optimizer_non_leaf, optimizer_tensor_not_list,
                    optimizer_load_state_dict_groups, load_state_dict_missing, load_state_dict_unexpected,
                    load_state_dict_shape, dataloader_batch_size_zero, tensor_dataset_sizes, dropout_probability,
                    pad_mode_unknown, pad_mode_with_value, pad_reflect_dims, pad_reflect_too_wide,
                    pad_circular_wraps_twice
  overlap           inplace_partial_overlap, inplace_overlap_transposed, inplace_overlap_element, inplace_overlap_kwarg,
                    setitem_overlap, setitem_index_overlap
  views, autograd   negative_step, setitem_negative_step, out_requires_grad, out_is_leaf_requiring_grad,
                    out_mm_requires_grad, out_clip_requires_grad, inplace_on_unbind_output, inplace_on_split_output,
                    inplace_on_split_sizes_output, inplace_on_chunk_output_of_leaf, inplace_on_view_of_unbind_output,
                    inplace_on_split_output_of_constant, detach_of_view, detach_of_view_without_grad,
                    requires_grad_true_of_non_leaf, requires_grad_false_of_non_leaf
  no kernel         relu_bool, abs_bool, pow_bool_bool, floordiv_bool, mod_bool, div_trunc_bool, argmax_bool,
                    argmin_bool_dim, and_float, or_double_bool, invert_float, maximum_number, minimum_number_first
  broadcasting      lt_broadcast, eq_broadcast, where_broadcast, floordiv_broadcast, mod_broadcast, bce_sizes,
                    inplace_broadcast_mismatch, inplace_broadcast_mismatch_grad, inplace_broadcast_bigger_grad,
                    setitem_index_broadcast, setitem_mask_broadcast, setitem_index_broadcast_grad
  stale views       'stale_view <code>' for each code of STALE_VIEW: an op on a view whose base changed in place
                    raises PyTorch's first error (the autograd layer's, or a composite's own argument check)
  dims, empty       all_dim, any_dim, cat_0d, split_0d, chunk_0d, unbind_0d, narrow_0d, max_of_empty, min_of_empty,
                    max_dim_of_empty, min_dim_of_empty, argmax_of_empty, argmin_dim_of_empty
  making tensors    zeros_negative, ones_negative, empty_negative, full_negative, rand_negative, randn_negative,
                    randint_negative, randperm_negative, new_zeros_negative, eye_negative, linspace_bool,
                    linspace_negative_steps, arange_bool, arange_wrong_sign, arange_zero_step
  found by the scan pos_bool, sub_bool_float, rsub_number_bool, sub_float_bool_, allclose_dtypes, allclose_broadcast,
  (test_error_scan) random_bounds, uniform_bounds, normal_negative_std, uniform_int, rand_int, split_negative,
                    split_zero, flatten_0d_dim, stack_dim_first, mse_int, bce_logits_int_input, bce_logits_int_target,
                    cross_entropy_int_probabilities, cross_entropy_float_target_batch, dropout_int, mm_bool, dot_bool,
                    mv_bool, bmm_bool, linear_bool
Also checked against PyTorch, in their own files: conv2d's and pooling's argument errors (test_conv_pool.py),
loss arguments (test_losses.py), optimizer hyperparameters (test_optim.py), load_state_dict's full messages
(test_nn.py), checkpoints that are not checkpoints (test_serialization.py).
"""
import re

import numpy as np
import pytest
import torch

import minigrad


def comparable(error):
    """The message of `error` as compared: 'torch.' read as 'minigrad.', without memory addresses."""
    return re.sub(r'0x[0-9a-fA-F]+', '0x...', str(error).replace('torch.', 'minigrad.'))


def raises_like_torch(fn):
    """fn(lib) must raise the same exception type in torch and in minigrad, with PyTorch's message."""
    errors = []
    for lib in (torch, minigrad):
        with pytest.raises(Exception) as info:
            fn(lib)
        errors.append(info.value)
    want, got = errors
    assert type(got) is type(want), f'minigrad: {type(got).__name__}({got}); torch: {type(want).__name__}({want})'
    assert comparable(got) == comparable(want), f'minigrad: {got}\ntorch:    {want}'


def leaf(lib, *shape):
    return lib.ones(*shape, requires_grad=True)


def backward_twice(lib):
    y = (leaf(lib, 2) * leaf(lib, 2)).sum()
    y.backward()
    y.backward()


def grad_of_unused_input(lib):
    x, w = leaf(lib, 2), leaf(lib, 2)
    lib.autograd.grad((x * 2).sum(), [x, w])


def inplace_on_saved_output(lib):
    y = (leaf(lib, 2) * 2).exp()    # exp saves its output
    y.add_(1)
    y.sum().backward()


def inplace_on_view_made_in_no_grad(lib):
    y = leaf(lib, 3) * 2
    with lib.no_grad():
        v = y[0:2]
    v.mul_(y[1:])


def inplace_on_saved_input(lib):
    y = leaf(lib, 2) * 1
    z = y * y                      # mul saves its inputs
    y.detach().zero_()             # the detached tensor shares y's version counter
    z.sum().backward()


def optimizer_load_state_dict_groups(lib):
    a, b = leaf(lib, 2), leaf(lib, 2)
    state = lib.optim.SGD([a], lr=0.1).state_dict()
    lib.optim.SGD([{'params': [a]}, {'params': [b]}], lr=0.1).load_state_dict(state)


def mlp(lib):
    """The quickstart's network."""
    nn = lib.nn
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))


def lenet_features(lib):
    nn = lib.nn
    return nn.Sequential(nn.Conv2d(3, 6, 5), nn.MaxPool2d(2, 2), nn.Conv2d(6, 16, 5), nn.MaxPool2d(2, 2))


CASES = {
    # matrix products
    'mm_shapes': lambda L: L.ones(4, 400).mm(L.ones(256, 120)),
    'linear_in_features': lambda L: L.nn.Linear(16 * 5 * 5, 120)(lenet_features(L)(L.ones(4, 3, 28, 28)).flatten(1)),
    'matmul_batch_sizes': lambda L: L.ones(2, 3, 4) @ L.ones(2, 5, 6),
    'matmul_batch_broadcast': lambda L: L.ones(2, 3, 4) @ L.ones(3, 4, 6),
    'bmm_batch_sizes': lambda L: L.ones(2, 2, 3).bmm(L.ones(3, 3, 2)),
    'matmul_0d': lambda L: L.ones(()) @ L.ones(3),
    'dot_sizes': lambda L: L.ones(3).dot(L.ones(4)),
    'mv_sizes': lambda L: L.ones(2, 3).mv(L.ones(4)),
    # dtype mixes
    'mm_float_double': lambda L: L.ones(2, 3).mm(L.ones(3, 2, dtype=L.float64)),
    'matmul_float_long': lambda L: L.ones(2, 3) @ L.ones(3, 2, dtype=L.int64),
    'linear_double_input': lambda L: L.nn.Linear(3, 2)(L.ones(4, 3, dtype=L.float64)),
    'bmm_float_double': lambda L: L.ones(2, 2, 3).bmm(L.ones(2, 3, 2, dtype=L.float64)),
    'dot_float_double': lambda L: L.ones(3).dot(L.ones(3, dtype=L.float64)),
    'mv_double_float': lambda L: L.ones(2, 3, dtype=L.float64).mv(L.ones(3)),
    # shapes
    'view_size': lambda L: L.ones(2, 3).view(4, 2),
    'view_two_inferred': lambda L: L.ones(2, 3).view(-1, -1),
    'view_non_contiguous': lambda L: L.ones(2, 3).t().view(6),
    'reshape_size': lambda L: L.ones(2, 3).reshape(-1, 4),
    'flatten_start_after_end': lambda L: L.ones(2, 3).flatten(1, 0),
    'expand_incompatible': lambda L: L.ones(3).expand(2, 4),
    'expand_fewer_dims': lambda L: L.ones(2, 3).expand(3),
    'broadcast_add': lambda L: L.ones(2, 3) + L.ones(4),
    'broadcast_mul': lambda L: L.ones(2, 3) * L.ones(2, 4),
    'cat_sizes': lambda L: L.cat([L.ones(2, 3), L.ones(2, 4)]),
    'cat_ndim': lambda L: L.cat([L.ones(2, 3), L.ones(3)]),
    'cat_empty': lambda L: L.cat([]),
    'stack_sizes': lambda L: L.stack([L.ones(2, 3), L.ones(2, 4)]),
    'permute_duplicate': lambda L: L.ones(2, 3).permute(0, 0),
    'permute_length': lambda L: L.ones(2, 3).permute(0),
    'narrow_past_end': lambda L: L.ones(5).narrow(0, 3, 4),
    'chunk_zero': lambda L: L.ones(5).chunk(0),
    'split_sizes': lambda L: L.ones(5).split([2, 2]),
    'inplace_broadcast': lambda L: L.ones(3).add_(L.ones(2, 3)),
    'setitem_broadcast': lambda L: L.ones(2, 3).__setitem__(0, L.tensor([5., 6.])),
    'copy_broadcast': lambda L: L.ones(2, 3).copy_(L.ones(2)),
    'copy_more_dims': lambda L: L.ones(3).copy_(L.ones(2, 3)),
    # indexing
    'index_out_of_range': lambda L: L.ones(3)[5],
    'index_negative': lambda L: L.ones(3)[-4],
    'index_dim1': lambda L: L.ones(2, 3)[:, 3],
    'index_array_out_of_range': lambda L: L.ones(3)[L.tensor([0, 5])],
    'index_list': lambda L: L.ones(3)[[0, 5]],
    'setitem_out_of_range': lambda L: L.ones(3).__setitem__(5, 1.0),
    'too_many_indices': lambda L: L.ones(3)[0, 0],
    'index_float_tensor': lambda L: L.ones(3)[L.tensor([0.0, 1.0])],
    'index_float': lambda L: L.ones(3)[1.0],
    # dtypes of arithmetic
    'long_div_': lambda L: L.tensor([1, 2]).div_(2),
    'long_itruediv': lambda L: L.tensor([1, 2]).__itruediv__(2),
    'bool_add_': lambda L: L.tensor([True]).add_(1),
    'int_negative_power': lambda L: L.tensor([1, 2]) ** -1,
    'neg_bool': lambda L: -L.tensor([True, False]),
    'int_minus_true': lambda L: L.tensor([1, 2]) - True,
    'true_minus_int': lambda L: True - L.tensor([1, 2]),
    'bool_minus_bool': lambda L: L.tensor([True]) - L.tensor([False]),
    'var_int': lambda L: L.tensor([1, 2]).var(),
    'std_int': lambda L: L.tensor([1, 2]).std(),
    'int_floordiv_zero': lambda L: L.tensor([1, 2]) // 0,
    'int_mod_zero': lambda L: L.tensor([1, 2]) % 0,
    'int_trunc_div_zero': lambda L: L.tensor([1, 2]).div(0, rounding_mode='trunc'),
    # elementwise math on dtypes or arguments PyTorch refuses
    'bitwise_and_float': lambda L: L.ones(2) & 1,
    'bitwise_xor_float': lambda L: L.tensor([1, 2]) ^ L.ones(2),
    'bitwise_not_float': lambda L: L.ones(2).bitwise_not(),
    'invert_float': lambda L: ~L.ones(2),
    'lshift_float': lambda L: L.tensor([1, 2]) << 1.5,
    'rshift_bool': lambda L: L.tensor([True]) >> L.tensor([True]),
    'floor_bool': lambda L: L.tensor([True]).floor(),
    'round_decimals_int': lambda L: L.tensor([1, 2]).round(decimals=1),
    'frac_int': lambda L: L.tensor([1, 2]).frac(),
    'fmod_bool': lambda L: L.tensor([True]).fmod(L.tensor([True])),
    'fmod_int_zero': lambda L: L.tensor([1, 2]).fmod(0),
    'fmod_number_first': lambda L: L.fmod(2, L.ones(2)),
    'remainder_bool': lambda L: L.tensor([True]) % L.tensor([True]),
    'floor_divide_bool': lambda L: L.tensor([True]) // True,
    'pow_bool_bool': lambda L: L.tensor([True]) ** L.tensor([True]),
    'logaddexp_int': lambda L: L.logaddexp(L.tensor([1]), L.tensor([2])),
    'logaddexp_number': lambda L: L.logaddexp(L.ones(2), 2.0),
    'atan2_number': lambda L: L.atan2(2, L.ones(2)),
    'hypot_int': lambda L: L.hypot(L.tensor([3]), L.tensor([4])),
    'copysign_number_first': lambda L: L.copysign(2, L.ones(2)),
    'xlogy_two_numbers': lambda L: L.xlogy(2, 3),
    'lerp_end_dtype': lambda L: L.lerp(L.ones(2), L.ones(2, dtype=L.float64), 0.5),
    'lerp_weight_dtype': lambda L: L.lerp(L.ones(2), L.ones(2), L.ones(2, dtype=L.float64)),
    'lerp_int': lambda L: L.lerp(L.tensor([1]), L.tensor([2]), 0.5),
    'lerp_number_end': lambda L: L.lerp(L.ones(2), 2.0, 0.5),
    'clamp_min_str': lambda L: L.clamp_min(L.ones(2), 'a'),
    'bitwise_and_shapes': lambda L: L.tensor([1, 2]) & L.tensor([1, 2, 3]),
    'clamp_min_bool_true': lambda L: L.tensor([True]).clamp_min(True),
    'clamp_max_number_first': lambda L: L.clamp_max(1, L.ones(2)),
    'isclose_dtypes': lambda L: L.isclose(L.ones(2), L.ones(2, dtype=L.float64)),
    'isclose_rtol': lambda L: L.isclose(L.ones(2), L.ones(2), rtol=-1.5),
    'isclose_atol': lambda L: L.isclose(L.ones(2), L.ones(2), atol=-1),
    'isclose_number': lambda L: L.isclose(L.ones(2), 1.0),
    'allclose_number': lambda L: L.allclose(L.ones(2), 1.0),
    'allclose_shapes': lambda L: L.allclose(L.ones(2), L.ones(3)),
    'sin_inplace_int': lambda L: L.tensor([1, 2]).sin_(),
    'asinh_inplace_backward': lambda L: (leaf(L, 2) * 2).asinh_().sum().backward(),
    'floor_divide_backward': lambda L: (2 // leaf(L, 2)).sum().backward(),
    # dims
    'sum_dim': lambda L: L.ones(2, 3).sum(2),
    'mean_dim': lambda L: L.ones(2, 3).mean(-3),
    'max_dim': lambda L: L.ones(2, 3).max(2),
    'softmax_dim': lambda L: L.ones(2, 3).softmax(2),
    'softmax_int': lambda L: L.tensor([1, 2]).softmax(0),
    'log_softmax_int': lambda L: L.tensor([1, 2]).log_softmax(0),
    'argmax_dim': lambda L: L.ones(2, 3).argmax(2),
    'squeeze_dim': lambda L: L.ones(2, 3).squeeze(3),
    'unsqueeze_dim': lambda L: L.ones(2, 3).unsqueeze(3),
    'transpose_dim': lambda L: L.ones(2, 3).transpose(0, 2),
    'size_dim': lambda L: L.ones(2, 3).size(2),
    'sum_duplicate_dims': lambda L: L.ones(2, 3).sum((1, -1)),
    # layers
    'conv_channels': lambda L: L.nn.Conv2d(3, 6, 5)(L.ones(1, 1, 32, 32)),
    'conv_input_dims': lambda L: L.nn.Conv2d(3, 6, 5)(L.ones(32, 32)),
    'conv_kernel_larger_than_input': lambda L: L.nn.Conv2d(3, 6, 5)(L.ones(1, 3, 4, 4)),
    'max_pool_larger_than_input': lambda L: L.nn.MaxPool2d(4)(L.ones(1, 1, 3, 3)),
    'avg_pool_larger_than_input': lambda L: L.nn.AvgPool2d(4)(L.ones(1, 1, 3, 3)),
    'batch_norm_channels': lambda L: L.nn.BatchNorm2d(3)(L.ones(2, 4, 2, 2)),
    'batch_norm_dims': lambda L: L.nn.BatchNorm2d(3)(L.ones(2, 3)),
    'cross_entropy_float_target': lambda L: L.nn.CrossEntropyLoss()(mlp(L)(L.ones(3, 28, 28)), L.tensor([1., 2., 3.])),
    'cross_entropy_class_out_of_range': lambda L: L.nn.CrossEntropyLoss()(L.ones(3, 10), L.tensor([1, 2, 10])),
    'cross_entropy_int_target': lambda L: L.nn.CrossEntropyLoss()(L.ones(2, 3), L.tensor([0, 1], dtype=L.int32)),
    'cross_entropy_negative_class': lambda L: L.nn.CrossEntropyLoss()(L.ones(3, 10), L.tensor([1, 2, -3])),
    'mse_shapes': lambda L: L.nn.MSELoss()(L.ones(2, 3), L.ones(3, 2)),
    # autograd
    'backward_without_grad': lambda L: L.ones(2).sum().backward(),
    'backward_non_scalar': lambda L: (leaf(L, 2) * 2).backward(),
    'backward_twice': backward_twice,
    'backward_gradient_shape': lambda L: (leaf(L, 3) * 2).backward(L.ones(2)),
    'grad_of_unused_input': grad_of_unused_input,
    'inplace_on_leaf': lambda L: leaf(L, 2).add_(1),
    'inplace_through_view_of_leaf': lambda L: leaf(L, 2, 3).__setitem__(0, 1.0),
    'inplace_through_slice_of_leaf': lambda L: leaf(L, 3)[0:2].add_(1),
    'inplace_on_view_made_in_no_grad': inplace_on_view_made_in_no_grad,
    'inplace_on_expanded': lambda L: L.ones(3).expand(2, 3).add_(1),
    'inplace_on_saved_output': inplace_on_saved_output,
    'inplace_on_saved_input': inplace_on_saved_input,
    'numpy_of_requires_grad': lambda L: leaf(L, 2).numpy(),
    'requires_grad_of_non_leaf': lambda L: setattr(leaf(L, 2) * 2, 'requires_grad', False),
    'requires_grad_of_int': lambda L: L.ones(2, dtype=L.int64).requires_grad_(),
    'requires_grad_not_bool': lambda L: setattr(L.ones(2), 'requires_grad', 1),
    'tensor_int_requires_grad': lambda L: L.tensor([1, 2], requires_grad=True),
    # conversions
    'tensor_ragged': lambda L: L.tensor([[1, 2], [3]]),
    'tensor_ragged_deeper': lambda L: L.tensor([[[1], [2]], [[3], [4, 5]]]),
    'tensor_int_overflow': lambda L: L.tensor(2 ** 63),
    'tensor_int_overflow_list': lambda L: L.tensor([1, 2 ** 64]),
    'item_of_many': lambda L: L.ones(2).item(),
    'item_of_empty': lambda L: L.ones(0).item(),
    'float_of_many': lambda L: float(L.ones(2)),
    'bool_of_many': lambda L: bool(L.ones(2)),
    'where_float_condition': lambda L: L.where(L.ones(3), L.ones(3), L.zeros(3)),
    # training
    'optimizer_empty_parameters': lambda L: L.optim.SGD(L.nn.ReLU().parameters(), lr=0.1),
    'optimizer_non_leaf': lambda L: L.optim.Adam([leaf(L, 2) * 2]),
    'optimizer_tensor_not_list': lambda L: L.optim.SGD(leaf(L, 2), lr=0.1),
    'optimizer_load_state_dict_groups': optimizer_load_state_dict_groups,
    'load_state_dict_missing': lambda L: mlp(L).load_state_dict({'1.weight': L.ones(512, 784)}),
    'load_state_dict_unexpected': lambda L: L.nn.Linear(2, 3).load_state_dict(
        {'weight': L.ones(3, 2), 'bias': L.ones(3), '0.weight': L.ones(1)}),
    'load_state_dict_shape': lambda L: L.nn.Linear(2, 3).load_state_dict({'weight': L.ones(3, 4), 'bias': L.ones(3)}),
    'dataloader_batch_size_zero': lambda L: L.utils.data.DataLoader([1, 2, 3], batch_size=0),
    'tensor_dataset_sizes': lambda L: L.utils.data.TensorDataset(L.ones(3), L.ones(4)),
    'dropout_probability': lambda L: L.nn.Dropout(1.5),
    'pad_mode_unknown': lambda L: L.nn.functional.pad(L.ones(1, 2, 3), (1, 1), mode='bogus'),
    'pad_mode_with_value': lambda L: L.nn.functional.pad(L.ones(1, 2, 3), (1, 1), mode='reflect', value=2.),
    'pad_reflect_dims': lambda L: L.nn.functional.pad(L.ones(1, 2, 3, 4), (1, 1), mode='reflect'),
    'pad_reflect_too_wide': lambda L: L.nn.functional.pad(L.ones(2, 3, 4), (4, 0), mode='reflect'),
    'pad_reflect_too_high': lambda L: L.nn.functional.pad(L.ones(1, 1, 1, 3), (1, 1, 1, 1), mode='reflect'),
    'pad_reflect_too_deep': lambda L: L.nn.functional.pad(L.ones(1, 1, 1, 3, 3), (1, 1, 1, 1, 1, 1), mode='reflect'),
    'pad_circular_wraps_twice': lambda L: L.nn.functional.pad(L.ones(2, 3, 4), (5, 0), mode='circular'),
    # memory read and written by one in-place op
    'inplace_partial_overlap': lambda L: (lambda y: y[1:].add_(y[:-1]))(L.arange(4.)),
    'inplace_overlap_transposed': lambda L: (lambda y: y.copy_(y.t()))(L.ones(3, 3)),
    'inplace_overlap_element': lambda L: (lambda y: y.mul_(y[0]))(L.arange(4.)),
    'inplace_overlap_kwarg': lambda L: (lambda y: y.clamp_(min=y[0]))(L.arange(4.)),
    'setitem_overlap': lambda L: (lambda y: y.__setitem__(slice(1, None), y[:-1]))(L.arange(4.)),
    'setitem_index_overlap': lambda L: (lambda y: y.__setitem__(L.tensor([1, 2]), y[:2]))(L.arange(4.)),
    # views and autograd
    'negative_step': lambda L: L.arange(4.)[::-1],
    'setitem_negative_step': lambda L: L.ones(3).__setitem__(slice(None, None, -1), 1.),
    'out_requires_grad': lambda L: L.add(leaf(L, 2), 1, out=L.empty(2)),
    'out_is_leaf_requiring_grad': lambda L: L.exp(L.ones(2), out=leaf(L, 2)),
    'out_mm_requires_grad': lambda L: L.mm(leaf(L, 2, 2), L.ones(2, 2), out=L.empty(2, 2)),
    'out_clip_requires_grad': lambda L: L.clip(leaf(L, 2), 0, out=L.empty(2)),
    'inplace_on_unbind_output': lambda L: (leaf(L, 4, 2) * 1).unbind()[1].add_(1),
    'inplace_on_split_output': lambda L: (leaf(L, 4) * 1).split(2)[1].mul_(2),
    'inplace_on_split_sizes_output': lambda L: (leaf(L, 4) * 1).split([1, 3])[0].mul_(2),
    'inplace_on_chunk_output_of_leaf': lambda L: leaf(L, 4).chunk(2)[0].mul_(2),
    'inplace_on_view_of_unbind_output': lambda L: (leaf(L, 4, 2) * 1).unbind()[0][0].add_(1),
    'inplace_on_split_output_of_constant': lambda L: L.ones(4).split(2)[0].add_(leaf(L, 2)),
    'detach_of_view': lambda L: (leaf(L, 4) * 1)[1:].detach_(),
    'detach_of_view_without_grad': lambda L: L.ones(2, 2).t().detach_(),
    'requires_grad_true_of_non_leaf': lambda L: setattr(leaf(L, 2) * 2, 'requires_grad', True),
    'requires_grad_false_of_non_leaf': lambda L: (leaf(L, 2) * 2).requires_grad_(False),
    # bools and floats where PyTorch has no kernel
    'relu_bool': lambda L: L.tensor([True]).relu(),
    'abs_bool': lambda L: L.tensor([True]).abs(),
    'floordiv_bool': lambda L: L.tensor([True]) // L.tensor([False]),
    'mod_bool': lambda L: L.tensor([True]) % L.tensor([False]),
    'div_trunc_bool': lambda L: L.tensor([True]).div(L.tensor([True]), rounding_mode='trunc'),
    'argmax_bool': lambda L: L.tensor([True, False]).argmax(),
    'argmin_bool_dim': lambda L: L.tensor([True, False]).argmin(0),
    'and_float': lambda L: L.ones(2) & L.ones(2),
    'or_double_bool': lambda L: L.ones(2, dtype=L.float64) | L.tensor([True, False]),
    'maximum_number': lambda L: L.maximum(L.ones(2), 2),
    'minimum_number_first': lambda L: L.minimum(2., L.ones(2)),
    # broadcasting
    'lt_broadcast': lambda L: L.ones(2, 3) < L.ones(4),
    'eq_broadcast': lambda L: L.ones(2, 3) == L.ones(2, 4),
    'where_broadcast': lambda L: L.where(L.ones(2, 3) > 0, L.ones(2, 3), L.ones(4)),
    'floordiv_broadcast': lambda L: L.ones(2, 3) // L.ones(4),
    'mod_broadcast': lambda L: L.ones(2, 3) % L.ones(4),
    'bce_sizes': lambda L: L.nn.functional.binary_cross_entropy(L.ones(2, 3) / 2, L.ones(2, 4)),
    'inplace_broadcast_mismatch': lambda L: L.ones(2, 3).mul_(L.ones(4)),
    'inplace_broadcast_mismatch_grad': lambda L: (leaf(L, 2, 3) * 1).mul_(L.ones(4)),
    'inplace_broadcast_bigger_grad': lambda L: (leaf(L, 3) * 1).mul_(L.ones(2, 3)),
    'setitem_index_broadcast': lambda L: L.ones(2, 3).__setitem__(L.tensor([0, 1]), L.ones(4)),
    'setitem_mask_broadcast': lambda L: L.ones(2, 3).__setitem__(L.ones(2, 3) > 0, L.ones(4)),
    'setitem_index_broadcast_grad': lambda L: (leaf(L, 2, 3) * 1).__setitem__(L.tensor([0, 1]), L.ones(4)),
    # dims and empty tensors
    'all_dim': lambda L: L.ones(2, 2, 2).all(dim=3),
    'any_dim': lambda L: L.ones(2, 2, 2).any(dim=-4),
    'cat_0d': lambda L: L.cat([L.tensor(1.), L.tensor(2.)]),
    'split_0d': lambda L: L.tensor(1.).split(1),
    'chunk_0d': lambda L: L.tensor(1.).chunk(1),
    'unbind_0d': lambda L: L.tensor(1.).unbind(),
    'narrow_0d': lambda L: L.tensor(1.).narrow(0, 0, 1),
    'max_of_empty': lambda L: L.ones(0, 3).max(),
    'min_of_empty': lambda L: L.ones(0).min(),
    'max_dim_of_empty': lambda L: L.ones(0, 3).max(0),
    'min_dim_of_empty': lambda L: L.ones(0, 3).min(-2),
    'argmax_of_empty': lambda L: L.ones(0, 3).argmax(),
    'argmin_dim_of_empty': lambda L: L.ones(0, 3).argmin(0),
    # making tensors
    'zeros_negative': lambda L: L.zeros(2, -3),
    'ones_negative': lambda L: L.ones(2, -3),
    'empty_negative': lambda L: L.empty((2, -3)),
    'full_negative': lambda L: L.full((2, -3), 1.),
    'rand_negative': lambda L: L.rand(2, -3),
    'randn_negative': lambda L: L.randn(2, -3),
    'randint_negative': lambda L: L.randint(3, (2, -1)),
    'randperm_negative': lambda L: L.randperm(-1),
    'new_zeros_negative': lambda L: L.ones(2).new_zeros(-2),
    'eye_negative': lambda L: L.eye(2, -1),
    'linspace_bool': lambda L: L.linspace(5, 10, 3, dtype=L.bool),
    'linspace_negative_steps': lambda L: L.linspace(0, 1, -1),
    'arange_bool': lambda L: L.arange(3, dtype=L.bool),
    'arange_wrong_sign': lambda L: L.arange(-1),
    'arange_zero_step': lambda L: L.arange(0, 3, 0),
    # found by test_error_scan.py
    'pos_bool': lambda L: +L.tensor([True]),
    'sub_bool_float': lambda L: L.tensor([True]) - L.ones(1),
    'rsub_number_bool': lambda L: 1.5 - L.tensor([True]),
    'sub_float_bool_': lambda L: L.ones(1).sub_(L.tensor([True])),
    'allclose_dtypes': lambda L: L.allclose(L.ones(2), L.ones(2, dtype=L.int64)),
    'allclose_broadcast': lambda L: L.allclose(L.ones(2, 3), L.ones(4)),
    'random_bounds': lambda L: L.ones(2).random_(5, 2),
    'uniform_bounds': lambda L: L.ones(2).uniform_(2., 1.25),
    'normal_negative_std': lambda L: L.ones(2).normal_(0, -1.),
    'uniform_int': lambda L: L.ones(2, dtype=L.int64).uniform_(),
    'rand_int': lambda L: L.rand(2, dtype=L.int64),
    'split_negative': lambda L: L.ones(3).split(-3),
    'split_zero': lambda L: L.ones(3).split(0),
    'flatten_0d_dim': lambda L: L.tensor(1.).flatten(1),
    'stack_dim_first': lambda L: L.stack([L.tensor(1.), L.ones(2)], 1),
    'mse_int': lambda L: L.nn.functional.mse_loss(L.ones(2, dtype=L.int64), L.ones(2, dtype=L.int64)),
    'bce_logits_int_input': lambda L: L.nn.functional.binary_cross_entropy_with_logits(L.ones(2, dtype=L.int64),
                                                                                         L.ones(2)),
    'bce_logits_int_target': lambda L: L.nn.functional.binary_cross_entropy_with_logits(
        L.ones(2, dtype=L.float64), L.ones(2, dtype=L.int64)),
    'cross_entropy_int_probabilities': lambda L: L.nn.functional.cross_entropy(L.ones(2, 3),
                                                                              L.ones(2, 3, dtype=L.int64)),
    'cross_entropy_float_target_batch': lambda L: L.nn.functional.cross_entropy(L.ones(2, 3), L.ones(4)),
    'dropout_int': lambda L: L.nn.functional.dropout(L.ones(2, dtype=L.int64)),
    'mm_bool': lambda L: L.ones(2, 3, dtype=L.bool) @ L.ones(3, 2, dtype=L.bool),
    'dot_bool': lambda L: L.ones(3, dtype=L.bool) @ L.ones(3, dtype=L.bool),
    'mv_bool': lambda L: L.ones(2, 3, dtype=L.bool) @ L.ones(3, dtype=L.bool),
    'bmm_bool': lambda L: L.ones(2, 2, 3, dtype=L.bool) @ L.ones(2, 3, 2, dtype=L.bool),
    'linear_bool': lambda L: L.nn.functional.linear(L.ones(2, 3, dtype=L.bool), L.ones(2, 3, dtype=L.bool)),
}


def stale_view(L):
    """A view made in no_grad mode of a leaf that requires grad, whose base then changed in place: most ops on it
    raise the autograd layer's error first, PyTorch's composites that check their arguments first their own."""
    x = L.zeros(3, requires_grad=True)
    with L.no_grad():
        v = x.view(3)
        x.mul_(2)
    return v


# code on the stale view v -> which error PyTorch raises first: the op's own or autograd's
STALE_VIEW = ['v.narrow(0, 0, 5)', 'v.flatten(3)', 'v.movedim(0, 4)', 'v.moveaxis(0, 4)', 'v[9]', 'v[0, 0]',
              'v[None, 5]', 'v[[5]]', 'v[1:, 0]', 'v.unflatten(0, (2, 2))', 'v.chunk(0)', 'v.tensor_split(0)',
              'v.hsplit(0)', 'v.vsplit(0)', 'v.mT', 'v.mH', 'v.adjoint()', 'v.select(0, 9)', 'v.view(7)',
              'v.transpose(0, 5)', 'v.sum(3)', 'v.unsqueeze(5)', 'v.split(0)', 'v.expand(3, 2)', 'v.squeeze(4)']
CASES.update({f'stale_view {code}': (lambda code: lambda L: eval(code, {'v': stale_view(L)}))(code)
              for code in STALE_VIEW})


# An int argument (a dim, a size, a count) given a float, a bool or None: PyTorch's argument parser refuses it, in its
# words (minigrad took many silently: zeros(2.5) made 2 elements, view(3.0, 2) viewed, tril(1.0) cut)
NOT_INTS = ['L.zeros(2.0)', 'L.zeros((2.0, 3))', 'L.ones(2, 3.0)', 'L.rand(2.5)', 'L.randn(2, 3.0)', 'L.empty(2.0)',
            'L.full((2.0,), 1)', 'L.zeros(2, None)', 'L.zeros(None)', 'L.ones("a")', 'L.zeros(True)', 'L.rand((2, 3.0))',
            'L.rand(size=(2.0,))', 'L.zeros()', 'L.ones()', 'L.empty()', 'L.eye(2.0)', 'L.randperm(3.0)',
            'x.reshape(3.0, 2)', 'x.reshape((3.0, 2))', 'L.reshape(x, 3.0, 2)', 'L.reshape(x, (3.0, 2))',
            'x.expand(2.0, 3)', 'x.expand(2, 3.0)', 'x.expand(2.0)', 'x.expand(size=(2, 3.0))', 'x.repeat(2.0, 1)',
            'x.repeat(2.0)', 'x.permute(1.0, 0)', 'x.permute((1, 0.0))', 'L.permute(x, (1, 0.0))', 'x.view(3, 2.0)',
            'x.view(size=(3, 2.0))', 'x.new_zeros(2.0)', 'x.new_zeros(2, 3.0)', 'x.new_zeros((2, 3.0))',
            'x.new_zeros()', 'x.new_ones()', 'x.new_empty()', 'x.tile(2.0)', 'x.flip(1.0)', 'x.flip([1.0])',
            'x.flip(0, 1.0)', 'L.flip(x, (0, 1.0))', 'x.roll(1.0)', 'x.rot90(1.0)', 'x.rot90(1, (0, 1.0))',
            'x.sum((0, 1.0))', 'x.amax(1.0)', 'L.amax(x, 1.0)', 'x.amax((0, 1.0))', 'x.logsumexp(1.0)',
            'x.logsumexp((1.0,))', 'x.argmax(1.0)', 'x.softmax(1.0)', 'x.log_softmax(dim=1.0)',
            'L.nn.functional.softmax(x, 1.0)', 'x.transpose(0.0, 1)', 'L.transpose(x, 0, 1.0)',
            'x.transpose(dim0=1.0, dim1=0)', 'x.unsqueeze(1.0)', 'x.unsqueeze(True)', 'x.unsqueeze(dim=None)',
            'x.flatten(0.0)', 'x.cumsum(1.0)', 'x.cumprod(dim=1.0)', 'x.select(0, 1.0)', 'x.chunk(2.0)',
            'x.topk(1.0)', 'x.kthvalue(1.0)', 'x.unbind(1.0)', 'x.median(1.0)', 'x.mode(1.0)', 'x.diagonal(0.0)',
            'x.diag(1.0)', 'x.tril(1.0)', 'x.triu(diagonal=1.0)', 'x.tril_(1.0)', 'x.gather(1.0, L.zeros(2, 1, dtype=L.long))',
            'x.index_select(0.0, L.tensor([0]))', 'x.unfold(0, 1.0, 1)', 'x.size(0.0)', 'x.size(dim=0.0)',
            'x.stride(0.0)', 'L.tril_indices(3.0, 3)', 'L.cat([x, x], 0.0)', 'L.cat([x, x], dim=1.0)',
            'L.stack([x, x], 1.0)', 'L.nn.functional.one_hot(L.tensor([1]), 3.0)', 'L.nn.Linear(3.0, 2)',
            'x.unsqueeze(np.float64(1))', 'x.transpose(0, L.tensor(1.0))', 'L.linalg.vector_norm(x, dim=1.0)',
            'L.linalg.vector_norm(x, dim=(0, 1.0))', 'L.linalg.matrix_norm(x, dim=(0, 1.0))', 'L.special.logsumexp(x, 1.0)']
CASES.update({f'not_ints {code}': (lambda code: lambda L: eval(code, {'L': L, 'x': L.ones(2, 3), 'np': np}))(code)
              for code in NOT_INTS})
# Too few or too many arguments, or a keyword an op does not take: PyTorch's argument parser's words ('missing 1
# required positional arguments: "dim1"', a method counting no input), Python's own for its functions written in
# Python (F.relu, torch.split)
ARITY = ['x.transpose(0)', 'x.transpose()', 'L.transpose(x)', 'L.transpose()', 'x.transpose(0, 1, 2)',
         'L.transpose(x, 0, 1, 2)', 'x.unsqueeze()', 'x.unsqueeze(0, 1)', 'L.matmul(x)', 'x.matmul(x, x)',
         'x.softmax()', 'x.cumsum()', 'x.gather(0)', 'x.argmax(0, True, 1)', 'L.argmax(x, 0, True, 1)', 'L.cat()',
         'x.view_as()', 'x.t(0)', 'x.sin(1)', 'L.sin()', 'L.sin(x, x, x)', 'x.exp(foo=1)', 'x.unfold(0, 1)',
         'x.unsqueeze(dims=1)', 'x.transpose(0, dim0=1)', 'x.softmax(dim=0, foo=1)', 'x.tril_(0, 1)', 'x.exp_(1)',
         'L.nn.functional.linear(x)', 'L.nn.functional.relu()', 'L.nn.functional.cross_entropy(x)',
         'L.split(x)', 'L.nn.functional.linear(x, x, foo=1)', 'x.amax(axis=0, foo=1)']
CASES.update({f'arity {code}': (lambda code: lambda L: eval(code, {'L': L, 'x': L.ones(2, 3)}))(code)
              for code in ARITY})
# The same where PyTorch lists the op's overloads ('sum() received an invalid combination of arguments - got
# (float), but expected one of: ...'): minigrad names the argument instead (a TypeError too; it has no table of
# PyTorch's signatures)
NOT_INTS_OVERLOADED = ['x.sum(1.0)', 'x.sum(dim=1.0)', 'L.sum(x, 1.0)', 'x.mean(1.0)', 'x.max(1.0)', 'x.min(dim=1.0)',
                       'x.squeeze(0.0)', 'x.var(1.0)', 'x.std(dim=1.0)', 'x.prod(1.0)', 'x.all(1.0)', 'x.any(dim=1.0)',
                       'x.sort(1.0)', 'x.argsort(1.0)', 'x.count_nonzero(1.0)', 'x.narrow(0, 0.0, 1)',
                       'x.narrow(0, 0, 1.0)', 'x.movedim(0.0, 1)', 'x.view(3.0, 2)', 'x.view((3.0, 2))',
                       'x.split(1.0)', 'x.tensor_split(2.0)', 'x.repeat_interleave(2.0)', 'L.eye(2, 3.0)',
                       'L.linspace(0, 1, 3.0)', 'L.logspace(0, 1, 3.0)', 'L.randint(0, 3, (2.0,))',
                       'L.randint(0, 3.5, (2,))', 'L.rand()', 'x.view()', 'x.norm(dim=1.0)', 'L.linalg.norm(x, dim=1.0)',
                       'L.add(x)', 'x.add()', 'x.clamp(0, 1, 2)', 'L.where()', 'x.masked_fill(x > 0)', 'L.mm(x)',
                       'x.sum(0, True, None, 1)', 'x.lerp(x)', 'x.addcmul(x)', 'L.nn.functional.conv2d(x)']


@pytest.mark.parametrize('code', NOT_INTS_OVERLOADED)
def test_bad_arguments_of_an_overloaded_op_raise_typeerror(code):
    errors = []
    for L in (torch, minigrad):
        with pytest.raises(Exception) as info:
            eval(code, {'L': L, 'x': L.ones(2, 3)})
        errors.append(info.value)
    assert type(errors[0]) is type(errors[1]) is TypeError, errors


@pytest.mark.parametrize('case', CASES)
def test_bad_input_is_refused_like_torch(case):
    raises_like_torch(CASES[case])


def test_helper_catches_a_different_message():
    """raises_like_torch itself must fail when minigrad's words differ from PyTorch's."""
    with pytest.raises(AssertionError, match='minigrad: '):
        raises_like_torch(lambda L: L.ones(3)[5] if L is torch else L.ones(3)[7])


def test_helper_compares_the_whole_message():
    """A message that only begins like PyTorch's fails; memory addresses do not count."""
    def differs_after_the_first_sentence(lib):
        raise ValueError('shapes differ. ' + ('Expected (2, 3).' if lib is torch else 'Expected (3, 2).'))
    with pytest.raises(AssertionError, match='minigrad: '):
        raises_like_torch(differs_after_the_first_sentence)

    def address(lib):
        raise RuntimeError(f'{lib.__name__}.Tensor at {hex(id(lib))} was modified.')
    raises_like_torch(address)
