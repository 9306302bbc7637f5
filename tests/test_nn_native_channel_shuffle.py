"""torch.native_channel_shuffle / F.native_channel_shuffle against PyTorch: channel_shuffle's values and errors,
with PyTorch's node that has no derivative (NotImplemented: backward raises)."""
import numpy as np
import pytest
import torch

import minigrad


@pytest.mark.parametrize('shape, groups', [((2, 6, 3), 2), ((1, 6, 2, 2), 3), ((2, 4, 3), 1)])
def test_values_and_node(shape, groups):
    x = np.random.default_rng(0).standard_normal(shape)
    results = []
    for lib in (torch, minigrad):
        t = lib.tensor(x, requires_grad=True)
        y = lib.nn.functional.native_channel_shuffle(t, groups)
        with pytest.raises(RuntimeError) as info:
            y.sum().backward()
        results.append((y.detach().numpy(), type(y.grad_fn).__name__ if lib is minigrad else y.grad_fn.name(),
                        str(info.value)))
    (y_m, node_m, error_m), (y_t, node_t, error_t) = results[1], results[0]
    np.testing.assert_array_equal(y_m, y_t)
    assert node_t.endswith(node_m) and error_m == error_t


@pytest.mark.parametrize('shape, groups', [((2, 6, 3), 4), ((2, 4), 2), ((2, 6, 3), 0)])
def test_errors(shape, groups):
    raised = []
    for lib in (torch, minigrad):
        with pytest.raises(RuntimeError) as info:
            lib.native_channel_shuffle(lib.zeros(shape), groups)
        raised.append(str(info.value))
    assert raised[1] == raised[0]
