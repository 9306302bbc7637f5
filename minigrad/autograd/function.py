"""Function: PyTorch's custom-Function API, and the nodes of the autograd graph.

A new differentiable op is a subclass with two static methods side by side, exactly as in PyTorch:

    class Exp(Function):
        @staticmethod
        def forward(ctx, x):             # runs with grad mode off, on Tensors
            out = x.exp()
            ctx.save_for_backward(out)   # kept for backward, checked against in-place changes
            return out

        @staticmethod
        def backward(ctx, g):            # g = dL/d(out); returns dL/dx, one gradient per forward argument
            out, = ctx.saved_tensors
            return g * out

    y = Exp.apply(x)                     # y.grad_fn is ctx, a node of the class ExpBackward

minigrad's own ops (minigrad/functions/) are written the same way, as subclasses of `Op`: the one difference is that
their forward and backward work on the numpy/cupy arrays inside the Tensors (plain backward hands them arrays), and
each op class is its own node class, named as PyTorch names the node (`MulBackward0`). Their backward formulas use
operators that work on arrays and on Tensors alike, so under `backward(create_graph=True)`, when the engine hands
them Tensors, the backward pass is itself recorded and can be differentiated again.
"""
import functools
import itertools
import math
import re

from . import grad_mode
from ..backend import IGNORE, check_same_device, get_array_module, ignore_float_errors, restore_float_errors
from ..dims import check_broadcast
from ..dtypes import promote_all
from ..tensor import Tensor

FREED = ('Trying to backward through the graph a second time (or directly access saved tensors after they have '
         'already been freed). Saved intermediate values of the graph are freed when you call .backward() or '
         'autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or '
         'if you need to access saved tensors after calling backward.')


_SEQUENCE = itertools.count()     # PyTorch's sequence numbers: one per node, in the order they are made


class Node:
    """A node of the graph (a tensor's grad_fn), and the `ctx` its forward and backward see.

    next_functions    ((node, output number), ...): where the gradient of each tensor input goes
    needs_input_grad  per forward argument: whether it needs a gradient
    n_outputs         how many tensors forward returned (their gradients come to backward in that order)
    """
    __slots__ = ('next_functions', 'needs_input_grad', 'input_metas', '_saved', '_freed', '_retained',
                 '_tensor_hooks', '_seq', '__dict__', '__weakref__')
    n_outputs = 1
    linear = True       # backward is linear in the gradients (a built-in formula): see engine._zero_through
    zero_grads = None   # per input, whether its gradient is an efficient zero (a product with one: elementwise.py)

    def __init__(self):
        self._saved = ()
        self._freed = False
        self._retained = None       # {output number: weakref to a tensor that retains its grad}
        self._tensor_hooks = None   # {output number: {handle id: hook}}: register_hook of the outputs
        self._seq = next(_SEQUENCE)  # the engine runs the ready node made last first, as PyTorch's

    def __call__(self, *grads):
        """The gradients of the inputs from those of the outputs (what the engine calls)."""
        return self.backward(self, *grads)

    # -- what forward leaves for backward ---------------------------------------------------------
    def save_for_backward(self, *tensors):
        """Keep inputs, outputs (or None) for backward, version-checked: an in-place change to one before backward
        is an error. (A built-in op passes the arrays it was given or returned.)"""
        self._saved = tensors

    @property
    def saved_tensors(self):
        if self._freed:
            raise RuntimeError(FREED)
        return tuple([s.unpack(self) if s is not None else None for s in self._saved])

    def mark_dirty(self, *tensors):
        """Say that forward changed these inputs in place (and returns them): they become outputs of this node."""
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors):
        """Say that these outputs get no gradient (indices, masks): they do not require grad, and backward gets
        zeros for them."""
        self._non_differentiable = tensors

    def set_materialize_grads(self, value):
        """True (the default): an output that received no gradient gets zeros in backward; False: None."""
        self._materialize = bool(value)

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

    def tensor_hooks(self, output_nr):
        """The hooks (handle id -> hook) registered on output `output_nr` of this node."""
        if self._tensor_hooks is None:
            self._tensor_hooks = {}
        return self._tensor_hooks.setdefault(output_nr, {})

    # -- what PyTorch shows -----------------------------------------------------------------------
    def _sequence_nr(self):
        return 2 ** 64 - 1 if self._seq == math.inf else self._seq    # (PyTorch's UINT64_MAX)

    def name(self):
        return type(self).__name__

    def __repr__(self):
        return f'<{self.name()} object at {hex(id(self))}>'


class BackwardCFunction(Node):
    """The node class of a user's Function: backward gets Tensors (zeros for an output that got no gradient, unless
    set_materialize_grads(False)) and returns one gradient per forward argument, checked as PyTorch checks it."""
    _forward_cls = None
    _materialize = True
    linear = False      # a user's backward may compute anything

    def __call__(self, *grads):
        create_graph = grad_mode._enabled       # the engine runs backward in grad mode only for create_graph
        tensors = []
        for g, meta in zip(grads, self._output_metas):
            if g is None and self._materialize and meta is not None:
                shape, dtype, xp = meta
                g = xp.zeros(shape, dtype)
            tensors.append(Tensor._make(g) if g is not None and not isinstance(g, Tensor) else g)
        results = self._forward_cls.backward(self, *tensors)
        results = results if isinstance(results, tuple) else (results,)
        if len(results) != self._n_args and not (len(results) > self._n_args and
                                                 all(r is None for r in results[self._n_args:])):
            raise RuntimeError(f'function {self.name()} returned an incorrect number of gradients (expected '
                               f'{self._n_args}, got {len(results)})')
        for i, r in enumerate(results[:self._n_args]):
            if r is not None and i not in self._positions:
                raise RuntimeError(f'function {self.name()} returned a gradient different than None at position '
                                   f'{i + 1}, but the corresponding forward input was not a Variable')
        out = []
        for k, i in enumerate(self._positions):
            g = results[i]
            if g is not None:
                _check_grad_shape(self, k, g, self.input_metas[k][0])
                g = g if create_graph else g._data
            out.append(g)
        return tuple(out)


class FunctionMeta(type):
    """Gives every Function its node class: a user's Function F gets a new class named FBackward, as in PyTorch;
    a built-in op (an Op, which is a Node) is its own node class."""

    def __init__(cls, name, bases, namespace):
        super().__init__(name, bases, namespace)
        cls._backward_cls = cls if issubclass(cls, Node) else type(name + 'Backward', (BackwardCFunction,),
                                                                   {'_forward_cls': cls, '__module__': cls.__module__})


class Function(metaclass=FunctionMeta):
    """Subclass it with static forward(ctx, *args) and backward(ctx, *grads) methods; call it with Cls.apply(...)."""
    __slots__ = ()

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError('You must implement the forward function for custom autograd.Function.')

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError('You must implement either the backward or vjp method for your custom '
                                  'autograd.Function to use it with backward mode AD.')

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run forward (grad mode off) on the arguments; when grad mode is on and a tensor argument requires grad,
        the tensors it returns get ctx as their grad_fn."""
        ctx = cls._backward_cls()
        positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        with grad_mode.no_grad():
            outputs = cls.forward(ctx, *args, **kwargs)
        single = not isinstance(outputs, tuple)
        outputs = (outputs,) if single else outputs
        record = grad_mode._enabled and True in ctx.needs_input_grad
        if record:      # the inputs' edges first: an input changed in place (mark_dirty) is about to get ctx
            ctx.next_functions = tuple((args[i]._grad_node(), args[i]._output_nr) for i in positions)
            ctx.input_metas = tuple((args[i]._data.shape, args[i]._data.dtype) for i in positions)
            ctx._positions, ctx._n_args, ctx.n_outputs = positions, len(args), len(outputs)
            ctx._output_metas = tuple((o._data.shape, o._data.dtype, get_array_module(o._data))
                                      if isinstance(o, Tensor) else None for o in outputs)
        results = [_custom_output(ctx, o, nr, args, record) for nr, o in enumerate(outputs)]
        ctx._saved = tuple(_saved(i, t, results) for i, t in enumerate(ctx._saved))   # also without a graph
        return results[0] if single else tuple(results)


def _custom_output(ctx, out, nr, args, record):
    """An output of a custom Function as the caller gets it: linked to ctx when recorded, unless non-differentiable;
    an input returned as it is comes back as a new tensor sharing its memory, one changed in place (mark_dirty) as
    the input itself."""
    if not isinstance(out, Tensor):
        return out
    dirty = any(out is t for t in ctx.__dict__.get('_dirty', ()))
    if dirty:
        if record and out._grad_fn is None and out._requires_grad:
            raise RuntimeError('a leaf Variable that requires grad has been used in an in-place operation.')
        out._vc[0] += 1         # PyTorch counts the change once more when the node takes the tensor over
    elif any(out is a for a in args):
        out = Tensor._make(out._data, vc=out._vc)
    differentiable = not any(out is t for t in ctx.__dict__.get('_non_differentiable', ()))
    if record and differentiable and out._data.dtype.kind == 'f':
        out._grad_fn, out._requires_grad, out._output_nr = ctx, True, nr
    return out


def _saved(i, t, outputs):
    if t is None:
        return None
    if not isinstance(t, Tensor):
        raise TypeError(f'save_for_backward can only save variables, but argument {i} is of type {type(t).__name__}')
    return SavedTensor(t, is_output=any(t is o for o in outputs))


def _check_grad_shape(node, index, g, shape):
    """PyTorch's check: a gradient must have the input's shape, or one the engine can sum down to it."""
    gshape = tuple(g.shape)
    try:
        ok = get_array_module(g._data).broadcast_shapes(shape, gshape) == gshape
    except ValueError:
        ok = False
    if not ok:
        raise RuntimeError(f'Function {node.name()} returned an invalid gradient at index {index} - got '
                           f'{list(gshape)} but expected shape compatible with {list(shape)}')


def once_differentiable(backward):
    """Decorate a custom Function's backward that cannot itself be differentiated: it runs with grad mode off, and
    differentiating its result (create_graph=True) raises instead of giving a wrong second derivative."""
    @functools.wraps(backward)
    def wrapper(ctx, *grads):
        with grad_mode.no_grad():
            results = backward(ctx, *grads)
        if not grad_mode._enabled or not any(isinstance(g, Tensor) and g.requires_grad for g in grads):
            return results
        single = not isinstance(results, tuple)
        linked = [g for g in grads if isinstance(g, Tensor) and g.requires_grad]
        results = tuple(DelayedError.apply(r, *linked) if isinstance(r, Tensor) else r
                        for r in ((results,) if single else results))
        return results[0] if single else results
    return wrapper


class Op(Node, Function):
    """A built-in op: forward(ctx, *arrays, **params) and backward(ctx, *grads) on the numpy/cupy arrays.
    Op.apply(*tensors, **params) is Function.apply without the Tensor wrapping, and records no node for a result
    that is not floating point (integer and bool results never carry a gradient, as in PyTorch).

    tensor_params names the params that may hold Tensors that get no gradient (a where condition, a loss's target
    and weight, index tensors, in a tuple too): forward gets their arrays, and may save them, version-checked as
    inputs are (an in-place change to one before backward is PyTorch's error).

    promotes = True: the inputs may differ in dtype (f32 * f64) and forward gets their arrays cast to the dtype
    PyTorch computes in (dtypes.promote_all). The node still belongs to the inputs as they are, as PyTorch's: its
    edges lead to them (no cast node between), and what forward saves of a cast array is the input itself, so that
    backward gets it in its own dtype (PyTorch's formulas round where they touch a float32 input) and an in-place
    change to it is caught."""
    __slots__ = ()
    tensor_params = ()
    promotes = False

    @classmethod
    def apply(cls, *inputs, **params):
        held = ()
        if cls.tensor_params:
            params, held = _unwrap_params(params, cls.tensor_params)
        fn = cls()
        follows = False
        for t in inputs:
            if t._view is not None and t._view.sync(t, check=False):   # a view that requires grad through its base
                follows = True  # alone (made in no_grad mode, a part of unbind/split): it raises if the op records
        arrays = [t._data for t in inputs]  # list comprehensions, not generator expressions: cheaper per op
        # PyTorch computes (and keeps what it needs for) a gradient only for an input with an edge: none for a view
        # that follows its base (a formula's saves for other inputs, as a one-input op's, it keeps all the same)
        needs = fn.needs_input_grad = tuple([t._requires_grad for t in inputs])
        check_same_device(arrays, params)
        quiet = ignore_float_errors(IGNORE)     # inf and nan without numpy's warnings, as in PyTorch (see backend)
        try:
            promoted = cls.promotes and _promoted(arrays)      # None where the inputs agree in dtype
            out = fn.forward(fn, *(promoted or arrays), **params)
        except Exception as e:
            if follows and grad_mode._enabled:
                check_views(inputs)        # PyTorch's autograd error comes before the op's own
            if isinstance(e, ValueError) and 'broadcast' in str(e):     # numpy's, in PyTorch's words
                check_broadcast(*[a.shape for a in arrays])
            raise
        finally:
            restore_float_errors(quiet)
        data = out if out.ndim else get_array_module(out).asarray(out)   # numpy gives scalars for 0-d results
        if grad_mode._enabled and (follows or True in needs) and data.dtype.kind == 'f':
            if follows:
                check_views(inputs)        # PyTorch's error (not for an int result: v.int() passes)
            result = Tensor._make(data, grad_fn=fn)
            fn.next_functions = tuple([(t._grad_node(), t._output_nr) for t in inputs])
            fn.input_metas = tuple([(a.shape, a.dtype) for a in arrays])
            fn._saved = _resolve_saved(fn, inputs + held if held else inputs, out, result, promoted) if fn._saved else ()
            return result
        fn._saved = ()
        return Tensor._make(data)


def check_views(inputs):
    """PyTorch's error for a view among `inputs` (other values passed over) that its base's in-place change has left
    without a node."""
    for t in inputs:
        if isinstance(t, Tensor) and t._view is not None:
            t._view.sync(t)


class MultiOutputOp(Op):
    """A built-in op with several outputs: forward returns a tuple of arrays (None for one it was not asked for);
    output k is the edge (node, k), and backward gets one gradient per output (None for one that got none).
    The nodes of conv's and batch norm's gradients under create_graph are these: (gx, gw, gb) from one node."""
    __slots__ = ()

    @classmethod
    def apply(cls, *inputs, **params):
        fn = cls()
        if grad_mode._enabled:
            check_views(inputs)
        fn.needs_input_grad = tuple([t._requires_grad for t in inputs])     # (none for a view without an edge)
        outs = fn.forward(fn, *[t._data for t in inputs], **params)
        fn.n_outputs = len(outs)
        record = grad_mode._enabled and any([t.requires_grad for t in inputs])
        results = tuple(None if out is None else Tensor._make(out, grad_fn=fn if record else None) for out in outs)
        for k, result in enumerate(results):
            if result is not None:
                result._output_nr = k
        if record:
            fn.next_functions = tuple([(t._grad_node(), t._output_nr) for t in inputs])
            fn.input_metas = tuple([(t._data.shape, t._data.dtype) for t in inputs])
        fn._saved = _resolve_saved(fn, inputs, None, None) if record else ()
        return results


class DelayedError(Op):
    """The node once_differentiable puts on a gradient computed with create_graph=True, linked to the incoming
    gradients that require grad: out = a;  da = an error (the decorated backward cannot be differentiated)"""

    @staticmethod
    def forward(ctx, a, *grads):
        return a

    @staticmethod
    def backward(ctx, g):
        raise RuntimeError('trying to differentiate twice a function that was marked with @once_differentiable')


class SavedTensor:
    """A tensor saved for backward, with the version it had then (in-place changes are caught); `data`: the array a
    plain backward gets instead of the tensor's own (a promoted copy); `maker`: a weak reference to the node an error
    names under create_graph, where it is not the one that made the tensor (an in-place op's output written into a
    view: the view's own node, which PyTorch's error names while that node lives, kept by the graph or the view; a
    plain backward has let it go, as has a view whose node was remade since, so the error names the op)."""
    __slots__ = ('data', 'tensor', 'vc', 'version', 'maker')

    def __init__(self, tensor, data=None, is_output=False):
        self.data, self.vc, self.version = tensor._data if data is None else data, tensor._vc, tensor._vc[0]
        self.maker = None
        # An output is not kept as a Tensor: output -> node -> output would be a reference cycle.
        self.tensor = None if is_output else tensor

    def unpack(self, node):
        if self.vc[0] != self.version:   # named as PyTorch does: by the op that made it, if any ('Exp')
            made_by = node if self.tensor is None else self.tensor.grad_fn
            alive = self.maker() if self.maker is not None and grad_mode._enabled else None
            maker = alive.name() if alive is not None else made_by.name() if made_by else None
            name = re.sub('Backward0$|Backward', '', maker) if maker else None
            name = f'torch::autograd::{name}' if name in ('CopySlices', 'NotImplemented') else name   # C++ classes
            which = f", which is output 0 of {name}," if maker else ''
            data = self.data if self.tensor is None else self.tensor._data
            raise RuntimeError(
                'one of the variables needed for gradient computation has been modified by an inplace operation: '
                f'[{_type_name(data)} {list(data.shape)}]{which} is at version {self.vc[0]}; '
                f'expected version {self.version} instead. Hint: enable anomaly detection to find the operation that '
                'failed to compute its gradient, with minigrad.autograd.set_detect_anomaly(True, check_nan=False).')
        if not grad_mode._enabled and isinstance(node, Op):     # a built-in op's plain backward: arrays
            return self.data
        if self.tensor is not None:     # Tensors; under create_graph, linked to the graph
            return self.tensor
        made = node if grad_mode._enabled else None
        owner = made.__dict__.get('owner') if made is not None else None
        if owner is not None:   # the op wrote through a view: its output is the view's part of the base (CopySlices)
            made = owner().view_node()
        return Tensor._make(self.data, grad_fn=made, vc=self.vc)


def _type_name(array):
    """How PyTorch's message names a tensor's type: minigrad.FloatTensor, but CPUBoolType for bool."""
    from ..dtypes import TENSOR_TYPE_NAMES, from_numpy_dtype
    if array.dtype.kind == 'b':
        return 'CPUBoolType'
    return 'minigrad.' + TENSOR_TYPE_NAMES[from_numpy_dtype(array.dtype)]


def _unwrap_params(params, names):
    """The params with the Tensors among `names` (alone or in a tuple) replaced by their arrays, and those Tensors."""
    params, held = dict(params), []
    for name in names:
        v = params.get(name)
        if isinstance(v, tuple):
            params[name] = tuple(_array(k, held) for k in v)
        elif v is not None:
            params[name] = _array(v, held)
    return params, tuple(held)


def _array(v, held):
    """v's array if v is a Tensor (added to `held`), else v."""
    if isinstance(v, Tensor):
        held.append(v)
        return v._data
    return v


def _promoted(arrays):
    """The arrays of a promoting op's inputs, each cast to the dtype PyTorch computes in (their promotion: 0-dim ones
    widen no dtype of their category); None when they agree in dtype."""
    dtype = arrays[0].dtype
    for a in arrays:
        if a.dtype != dtype:
            break
    else:
        return None
    dtype = promote_all([a.dtype for a in arrays if a.ndim], [a.dtype for a in arrays if not a.ndim])
    return [a if a.dtype == dtype else a.astype(dtype) for a in arrays]


def _resolve_saved(fn, inputs, out, result, promoted=None):
    """Map the arrays given to save_for_backward back to the Tensors they came from (the inputs, the Tensors held in
    tensor_params, or the output); `promoted`: the inputs' promoted arrays forward got instead (Op.promotes)."""
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
                saved.append(_saved_promoted(a, inputs, promoted, out))
    return tuple(saved)


def _saved_promoted(a, inputs, promoted, out):
    """The SavedTensor of the input whose promoted copy `a` is. A plain backward gets the input's own array (PyTorch's
    formulas work on the inputs as they are), except for a 0-dim input beside inputs with dims: PyTorch computes with
    that one in the others' dtype (f32 * 0-dim f64 is float32) where numpy would widen, so it gets the copy, unless
    the input is a narrower float (a 0-dim f32 beside f64: PyTorch's self * self is float32) or a bool (which numpy
    widens no further, and which PyTorch's formulas may refuse: atan2's negates it)."""
    for t, given in zip(inputs, promoted or ()):
        if a is given:
            own = t._data.dtype
            as_is = own.kind == 'b' or own.kind == 'f' and own.itemsize < given.dtype.itemsize
            return SavedTensor(t, given) if given.ndim == 0 < out.ndim and not as_is else SavedTensor(t)
    raise ValueError('save_for_backward takes only the arrays of inputs, of tensor_params or of the output; keep '
                     'other buffers as attributes')
