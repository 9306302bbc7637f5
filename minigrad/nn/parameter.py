"""Parameter: a Tensor that a Module registers as one of its learnable weights."""
from ..tensor import Tensor


class Parameter(Tensor):
    """A leaf tensor that requires grad (by default) and that a Module lists in parameters().
    It shares memory with the tensor it wraps, as torch.nn.Parameter does."""
    __slots__ = ()

    def __new__(cls, data=None, requires_grad=True):
        from ..factories import empty
        if data is None:
            data = empty(0)
        p = object.__new__(cls)
        p._init(data._data, requires_grad=requires_grad)
        return p

    def __init__(self, data=None, requires_grad=True):
        pass  # all done in __new__ (Tensor.__init__ would read `data` as a list of values)

    def __repr__(self):
        return 'Parameter containing:\n' + super().__repr__()
