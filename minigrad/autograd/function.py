"""Function: one node of the autograd graph.

An op is a subclass with two methods side by side:
    forward(self, *arrays, **params) -> array      computes the result on numpy/cupy arrays
    backward(self, grad) -> grad per input          the vector-Jacobian product: dL/dinput from dL/doutput
`Op.apply(*tensors)` runs forward and, when grad mode is on and an input requires grad, links the result
into the graph: result.grad_fn is the node, node.next_functions points at the inputs' nodes.

backward() is written with operators that work both on arrays and on Tensors (`grad * y`, `grad @ w.T`):
the engine hands it arrays for a plain backward, and Tensors (with grad mode on) for
`backward(create_graph=True)`, so the backward pass is itself recorded and can be differentiated again.
"""
import weakref

from . import grad_mode
from ..backend import check_same_device, get_array_module
from ..functions.dims import check_broadcast

# set by minigrad.tensor (it imports this module first)
Tensor = None


class SavedTensor:
    """A tensor saved for backward, with the version it had then (in-place changes are caught)."""
    __slots__ = ('data', 'tensor', 'vc', 'version')

    def __init__(self, tensor, is_output=False):
        self.data, self.vc, self.version = tensor._data, tensor._vc, tensor._vc[0]
        # An output is not kept as a Tensor: output -> node -> output would be a reference cycle.
        self.tensor = None if is_output else tensor

    def unpack(self, node):
        if self.vc[0] != self.version:   # named as PyTorch does: by the op that made it, if any ('Exp')
            maker = node if self.tensor is None else self.tensor.grad_fn
            which = f", which is output 0 of {maker.name().removesuffix('Backward0')}," if maker else ''
            raise RuntimeError(
                'one of the variables needed for gradient computation has been modified by an inplace operation: '
                f'[minigrad.{_dtype_name(self.data)} {list(self.data.shape)}]{which} is at version {self.vc[0]}; '
                f'expected version {self.version} instead. Hint: enable anomaly detection to find the operation that '
                'failed to compute its gradient, with minigrad.autograd.set_detect_anomaly(True, check_nan=False).')
        if not grad_mode._enabled:      # plain backward: arrays
            return self.data
        if self.tensor is not None:     # create_graph: Tensors, linked to the graph
            return self.tensor
        return Tensor._make(self.data, grad_fn=node, vc=self.vc)


def _dtype_name(array):
    from ..dtypes import TENSOR_TYPE_NAMES, from_numpy_dtype
    return TENSOR_TYPE_NAMES[from_numpy_dtype(array.dtype)]


FREED = ('Trying to backward through the graph a second time (or directly access saved tensors after they have '
         'already been freed). Saved intermediate values of the graph are freed when you call .backward() or '
         'autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or '
         'if you need to access saved tensors after calling backward.')


class Function:
    __slots__ = ('next_functions', 'needs_input_grad', 'input_metas', '_saved', '_freed', '_retained',
                 '__dict__', '__weakref__')
    is_view = False                # True for ops whose result shares its input's memory (view, transpose, ...)
    differentiable_backward = True  # False: backward uses raw array code, so create_graph through it is refused
    grad_fn_name = None            # PyTorch's name when it is not ClassName + 'Backward0'

    def __init__(self):
        self._saved = ()
        self._freed = False
        self._retained = None

    # -- building the graph --------------------------------------------------------------------
    @classmethod
    def apply(cls, *inputs, **params):
        """Run the op on Tensors; record a node when grad mode is on and an input requires grad."""
        fn = cls()
        for t in inputs:
            if t._view is not None:     # a view whose base has changed in place since may require grad now
                t._sync_view()
        needs = [t._requires_grad for t in inputs]  # list comprehensions, not generator expressions: cheaper per op
        fn.needs_input_grad = tuple(needs)          # forward may save only what those gradients need
        arrays = [t._data for t in inputs]
        check_same_device(arrays, params)
        try:
            out = fn.forward(*arrays, **params)
        except ValueError as e:         # numpy's broadcasting error, in PyTorch's words
            if 'broadcast' in str(e):
                check_broadcast(*[a.shape for a in arrays])
            raise
        record = grad_mode._enabled and True in needs
        data = out if out.ndim else get_array_module(out).asarray(out)   # numpy gives scalars for 0-d results
        result = Tensor._make(data, grad_fn=fn if record else None, vc=inputs[0]._vc if cls.is_view else None)
        if cls.is_view:
            _link_view(fn, inputs[0], result, params)
        if record:
            fn.next_functions = tuple([(t._grad_node(), 0) for t in inputs])
            fn.input_metas = tuple([(t._data.shape, t._data.dtype) for t in inputs])
            fn._saved = _resolve_saved(fn, inputs, out, result)
        else:
            fn._saved = ()
        return result

    def save_for_backward(self, *arrays):
        """Keep inputs or the output (arrays given to/returned by forward) for backward, version-checked."""
        self._saved = arrays

    @property
    def saved_tensors(self):
        if self._freed:
            raise RuntimeError(FREED)
        return tuple(s.unpack(self) if s is not None else None for s in self._saved)

    def release(self):
        """Free the arrays kept for backward (the engine calls this unless retain_graph).
        Small metadata (shapes, dims) stays, so a node that saved no arrays can run again, as in PyTorch."""
        buffers = [k for k, v in self.__dict__.items() if hasattr(v, 'nbytes')]
        if self._saved or buffers:
            self._saved, self._freed = (), True
            for k in buffers:
                del self.__dict__[k]

    def __getattr__(self, name):  # reached only for a missing attribute: a buffer freed by release()
        if self._freed:
            raise RuntimeError(FREED)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    # -- what PyTorch shows ---------------------------------------------------------------------
    def name(self):
        return self.grad_fn_name or type(self).__name__ + 'Backward0'

    def __repr__(self):
        return f'<{self.name()} object at {hex(id(self))}>'


def _link_view(fn, src, view, params):
    """`view`, made by the view op `fn`, shares src's memory. It remembers its base (the tensor that owns the memory)
    and, when made in grad mode, the view ops that take it from the base and the base's node then: an in-place op on
    the view updates the base's graph through them (Tensor._set_inplace), and the view's node is remade when the
    base's changes (Tensor._sync_view). A view of a view made in no_grad mode counts as made in no_grad mode, as in
    PyTorch."""
    cls = type(fn)
    if src._base is None:
        view._base, steps = src, ()
    else:
        view._base, steps = src._base, (src._view[0] if src._view is not None else None)
    if steps is not None and grad_mode._enabled:
        view._view = (steps + ((cls, params),), view._base.grad_fn)


def _resolve_saved(fn, inputs, out, result):
    """Map the arrays given to save_for_backward back to the Tensors they came from."""
    saved = []
    for a in fn._saved:
        if a is None:
            saved.append(None)
        elif a is out:
            saved.append(SavedTensor(result, is_output=True))
        else:
            for t in inputs:    # a plain loop: a generator here cost 6 us per saved array
                if a is t._data:
                    saved.append(SavedTensor(t))
                    break
            else:
                raise ValueError('save_for_backward takes only the arrays of inputs or of the output; '
                                 'keep other buffers as attributes')
    return tuple(saved)


class AccumulateGrad:
    """The node of a leaf tensor: adds the gradient that reaches it into `variable.grad`."""
    __slots__ = ('variable', '__weakref__')
    next_functions = ()

    def __init__(self, variable):
        self.variable = variable

    def name(self):
        return 'torch::autograd::AccumulateGrad'

    def __repr__(self):
        return f'<AccumulateGrad object at {hex(id(self))}>'


def accumulate_node(leaf):
    """The leaf's AccumulateGrad node, shared by every op that uses the leaf (cached weakly, as PyTorch does)."""
    node = leaf._accumulator() if leaf._accumulator is not None else None
    if node is None:
        node = AccumulateGrad(leaf)
        leaf._accumulator = weakref.ref(node)
    return node
