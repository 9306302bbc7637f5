"""Grad mode: whether ops record the graph. `no_grad`, `enable_grad`, `set_grad_enabled` as in PyTorch."""
import functools

_enabled = True


def is_grad_enabled():
    return _enabled


class set_grad_enabled:
    """Context manager (and decorator) that turns graph recording on or off."""

    def __init__(self, mode=True):
        global _enabled
        self.prev, _enabled = _enabled, bool(mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        global _enabled
        _enabled = self.prev

    def __call__(self, fn):
        mode = _enabled
        self.__exit__()  # constructing the decorator must not change the mode

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)
        return wrapper


class _Mode:
    mode = True

    def __new__(cls, fn=None):
        """`@no_grad` without parentheses decorates fn directly, as `@no_grad()` does (PyTorch takes both)."""
        mode = super().__new__(cls)
        return mode if fn is None else mode(fn)

    def __enter__(self):
        global _enabled
        self.prev, _enabled = _enabled, self.mode

    def __exit__(self, *exc):
        global _enabled
        _enabled = self.prev

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with type(self)():
                return fn(*args, **kwargs)
        return wrapper


class no_grad(_Mode):
    """`with no_grad():` or `@no_grad()`: ops inside record no graph."""
    mode = False


class enable_grad(_Mode):
    """`with enable_grad():` turns recording back on inside a no_grad block."""
    mode = True


_inference = False


def is_inference_mode_enabled():
    return _inference


class inference_mode(_Mode):
    """`with inference_mode():` or `@inference_mode()`: no graph is recorded, as in no_grad (PyTorch also skips
    its version counters there; minigrad's cost nothing to keep). inference_mode(False) leaves the mode as it is.
    Unlike PyTorch, tensors made inside are not marked as inference tensors: using them in autograd later works
    instead of raising."""

    def __new__(cls, mode=True):
        self = super().__new__(cls)
        self.on = True if callable(mode) else bool(mode)
        return self(mode) if callable(mode) else self       # @inference_mode without parentheses: decorate

    def __enter__(self):
        global _inference, _enabled
        self.prev_inference, self.prev = _inference, _enabled
        if self.on:
            _inference, _enabled = True, False

    def __exit__(self, *exc):
        global _inference, _enabled
        _inference, _enabled = self.prev_inference, self.prev

    def __call__(self, fn):
        on = self.on

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with inference_mode(on):
                return fn(*args, **kwargs)
        return wrapper
