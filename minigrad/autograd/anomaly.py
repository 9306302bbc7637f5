"""Anomaly mode: find the backward function that first produced NaN (`with detect_anomaly():`)."""
enabled = False


class detect_anomaly:
    """Context manager: during backward, raise as soon as a node returns a NaN gradient, naming the node."""

    def __init__(self, check_nan=True):
        self.check_nan = check_nan

    def __enter__(self):
        global enabled
        self.prev, enabled = enabled, self.check_nan

    def __exit__(self, *exc):
        global enabled
        enabled = self.prev


def set_detect_anomaly(mode, check_nan=True):
    """Anomaly mode on or off from here on (detect_anomaly() is the `with` form). minigrad's checks NaN gradients."""
    global enabled
    enabled = bool(mode) and check_nan


def check(node, grads):
    for i, g in enumerate(grads):
        data = getattr(g, '_data', g)
        if g is None or not hasattr(data, 'any'):     # none, or an efficient zero (gradients.EfficientZero)
            continue
        if data.dtype.kind == 'f' and bool((data != data).any()):
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")
