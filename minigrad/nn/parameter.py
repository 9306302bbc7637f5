"""Parameter and Buffer: Tensors that a Module registers, when assigned as its attributes, as one of its learnable
weights or as state that is not learned (running statistics, masks)."""
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


class Buffer(Tensor):
    """A tensor that a Module assigned it lists in buffers(), and in state_dict if `persistent`. It shares memory with
    the tensor it wraps (detached, a leaf that requires grad if that tensor did), as torch.nn.Buffer does."""
    __slots__ = ('persistent',)

    def __new__(cls, data=None, *, persistent=True):
        from ..factories import empty
        if data is None:
            data = empty(0)
        b = object.__new__(cls)
        b._init(data._data, requires_grad=data.requires_grad)
        b.persistent = persistent
        return b

    def __init__(self, data=None, *, persistent=True):
        pass  # all done in __new__, as Parameter's
