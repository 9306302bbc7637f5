"""Anomaly mode: find the backward function that first produced NaN (`with detect_anomaly():`)."""
from .gradients import EfficientZero

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
        if g is None or g.__class__ is EfficientZero:    # an efficient zero is 0, never NaN
            continue
        data = getattr(g, '_data', g)
        if data.dtype.kind == 'f' and bool((data != data).any()):
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")
