"""torch.backends.mha: whether PyTorch's fused path for MultiheadAttention and TransformerEncoder may run. minigrad
has no fused kernel; the one result of that path it reproduces is TransformerEncoder's zeros at padded positions
(nested tensors), which this flag turns off as in PyTorch."""
_is_fastpath_enabled = True


def get_fastpath_enabled():
    return _is_fastpath_enabled


def set_fastpath_enabled(value):
    global _is_fastpath_enabled
    _is_fastpath_enabled = value
