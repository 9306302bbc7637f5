"""Views and in-place changes: how autograd stays right when tensors share memory.

A view (x.view(...), x.t(), x[1:], ...) shares its base's memory and version counter. When an in-place op writes
into a view, the base's values change too, so the base's graph must learn of it:

    set_inplace(view, result)   writes result into the memory, and gives the base a CopySlices node: the base's
                                gradient passes through, except at the view's elements, where the op's own node
                                (run inside CopySlices) puts its gradient of the view's old values
    ViewRecord.sync(view)       a view taken before the base changed remakes its own node from the base's new one
                                (AsStridedBackward0), the first time anything reads its grad_fn or requires_grad

Where a view's elements sit in its base is found by replaying the view ops on an array of positions (view_key).
"""

import contextlib
import functools
import math
import warnings
import weakref

from . import grad_mode
from .engine import backward_of
from .gradients import EfficientZero
from .function import Op, check_views
from .. import dtypes
from ..dims import check_inplace_shape
from ..backend import data_ptr, dense, get_array_module, scatter_add as backend_scatter_add
from ..tensor import Tensor


def view_of(cls, src, output_nr=None, **params):
    """Apply the view op `cls` to `src`: the result shares src's memory and version counter, and remembers its base
    (the tensor that owns the memory) and, when made in grad mode, the view ops that take it from the base and the
    base's node then. A view of a view made in no_grad mode counts as made in no_grad mode, as in PyTorch.
    `output_nr`: the view is that output of an op that returns several views (split, unbind), which PyTorch does
    not let an in-place op change (nor any view of it)."""
    if _copying:
        return copy_node(cls).apply(src, **params)
    view = cls.apply(src, **params)
    remember(view, src, (cls, params), output_nr)
    return view


def views_of(cls, step, src, keys):
    """The parts src[key] for each of `keys` that a view op with several outputs takes (split, unbind), made by
    one node of the multi-output op `cls` as in PyTorch: part k is its output k. Each part remembers the view op
    `step` (a one-output op taking `key`) as the one that took it from src."""
    if _copying:
        return copy_node(cls).apply(src, keys=keys)
    parts = cls.apply(src, keys=keys)
    for k, (part, key) in enumerate(zip(parts, keys)):
        remember(part, src, (step, {'key': key}), k)
    return parts


_copying = False     # inside copies(): view ops make copies


@contextlib.contextmanager
def copies():
    """Within it a view op makes a new tensor holding the view's values, not a view, recorded by the view node's
    `_copy` twin, as PyTorch's permute_copy, select_copy, ... (PermuteBackward0_copy): minigrad.permute_copy(x, dims)
    is x.permute(dims) run inside copies()."""
    global _copying
    before, _copying = _copying, True
    try:
        yield
    finally:
        _copying = before


@functools.cache
def copy_node(cls):
    """The view op cls's `_copy` twin: cls's forward, its result copied (contiguous, as PyTorch's), and cls's
    backward."""
    def forward(ctx, *arrays, **params):
        out = cls.forward(ctx, *arrays, **params)
        return tuple(a.copy(order='C') for a in out) if isinstance(out, tuple) else out.copy(order='C')
    return type(cls.__name__ + '_copy', (cls,), {'forward': staticmethod(forward), '__doc__': cls.__doc__,
                                                 '__module__': cls.__module__})


def remember(view, src, step, output_nr):
    """Give `view` of `src` src's version counter and base, and (in grad mode) the view ops that take it from the
    base: src's own, then `step` (class, params)."""
    view._vc, view._zero = src._vc, src._zero      # (a view of an efficient zero is one, as PyTorch's)
    if src._base is None:
        view._base, steps = src, ()
    else:
        view._base, steps = src._base, (src._view.steps if src._view is not None else None)
    if not grad_mode._enabled:
        steps = output_nr = None
    elif output_nr is None and src._view is not None and src._view.output_nr is not None:
        output_nr = 0       # a view of a part of split/unbind keeps its rule
    if steps is None:   # made in no_grad mode, or of such a view: no steps, it can never get a node; a part of
        # split/unbind taken in grad mode keeps that op's rule, as PyTorch's newer rule wins
        view._view = ViewRecord(None, view._base.grad_fn, output_nr, view._vc[0])
        return
    view._view = ViewRecord(steps + (step,), view._base.grad_fn, output_nr, view._vc[0])


class ViewRecord:
    """How a view was taken from its base: the view ops (class, params; None for a view made in no_grad mode), the
    base's node and the memory's version at the time, and (for a view that comes from an op returning several views)
    its output number there."""
    __slots__ = ('steps', 'base_node', 'output_nr', 'version')

    def __init__(self, steps, base_node, output_nr=None, version=0):
        self.steps, self.base_node, self.output_nr, self.version = steps, base_node, output_nr, version

    def sync(self, view, key=None, check=True):
        """Remake the view's node if an in-place op has changed its base's graph or its memory (in no_grad mode too)
        since the node was made, as PyTorch does (AsStridedBackward0: the gradient goes to the base's node; a
        retain_grad() moves along). A view made in no_grad mode or a part of unbind/split cannot be remade: PyTorch's
        error once its base requires grad (`check`: raised here; reading requires_grad does not raise).
        Returns True where the view requires grad through its base alone: without a node of its own (made in
        no_grad mode, or before its base was set to require grad), or about to raise."""
        base = view._base
        if base.grad_fn is self.base_node and view._vc[0] == self.version:
            return view._grad_fn is None and base._requires_grad    # (PyTorch: its gradient goes nowhere)
        if (self.steps is None or self.output_nr is not None) and base._requires_grad:
            if not check:
                return True
            raise comes_first(RuntimeError(rebase_error(self, view._grad_fn)))
        self.base_node, self.version = base.grad_fn, view._vc[0]
        if self.steps is None or not base._requires_grad:
            view._grad_fn, view._requires_grad = None, False
            return
        with grad_mode.enable_grad():
            key = view_key(base._data, self.steps) if key is None else key
            take_node(view, AsStridedBackward0.apply(base, key=key).grad_fn)


def rebase_error(record, node, what='its base or another view of its base has been'):
    """PyTorch's words for a view made in no_grad mode or by an op with several outputs (`record`) once `what` was
    modified in place: its node named, if it has one (a view taken in grad mode of a view made in no_grad mode)."""
    named = None if node is None else f'Output {record.output_nr or 0} of {node.name().removesuffix("Backward0")}'
    several = record.output_nr is not None      # a part of split/unbind (else a view made in no_grad mode)
    if named is not None and several:
        start = f'{named} is a view and {what} modified inplace. '
    else:
        start = (f'{named} is a view of a view which was created in' if named else 'A view was created in') + \
            f' no_grad mode and {what} modified inplace with grad mode enabled. '
    if several:
        return start + ('This view is the output of a function that returns multiple views. Such functions do not '
                        'allow the output views to be modified inplace. You should replace the inplace operation by '
                        'an out-of-place one.')
    return start + ('Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code '
                    'by moving both the view and the inplace either both inside the no_grad block (if you don\'t '
                    'want the inplace to be tracked) or both outside (if you want the inplace to be tracked).')


def view_key(base, steps):
    """Where the elements of a view of `base` sit in it: an index array per base dim, in the view's shape.
    `steps` are the view ops (class, params) that took the view; they are replayed on an array of positions
    laid out in memory as `base` is (so every view that worked on base works on it)."""
    xp = get_array_module(base)
    pos = xp.empty_like(base, dtype=xp.int64)
    pos[...] = xp.arange(base.size).reshape(base.shape)
    for cls, params in steps:
        pos = cls.forward(cls(), pos, **params)
    if base.ndim == 0:      # every view of a 0-d base is its one element, with size-1 dims added
        return (Ellipsis,) + (None,) * pos.ndim
    return xp.unravel_index(pos, base.shape)


class AsStridedBackward0(Op):
    """A view's node remade after an in-place op changed its base's graph: out = a[key] (the view's elements,
    see view_key);  da = zeros(a.shape) with g added at key (new zeros, outside the graph under create_graph,
    when the view has no elements, as PyTorch's; but `written`: the input of an in-place op on the view, whose
    gradient PyTorch's CopySlices copies into the base's, in the graph)"""

    @staticmethod
    def forward(ctx, a, key, written=False):
        ctx.shape, ctx.key, ctx.written = a.shape, key, written
        return a[key]

    @staticmethod
    def backward(ctx, g):
        if isinstance(g, Tensor) and (all(g.shape) or ctx.written):
            return ctx.from_storage(g)
        if not ctx.shape:   # a 0-d base: every element of the view (expanded: several) is its one element, so the
            return g        # gradient is g summed, by the engine
        if not g.shape or all(g.shape) or ctx.written:
            return scatter_add(g, ctx.shape, ctx.key)
        return g.new_zeros(ctx.shape) if isinstance(g, Tensor) else get_array_module(g).zeros(ctx.shape, g.dtype)

    def from_storage(self, g):
        """Under create_graph, PyTorch's as_strided_backward: g added into zeros the size of the base's memory at the
        view's places, the base then taken from them (an AsStridedBackward0 again); the same values."""
        xp = get_array_module(g._data)
        size = math.prod(self.shape)
        places = xp.ravel_multi_index(self.key, self.shape) if self.shape else xp.zeros(g.shape, 'int64')
        storage = scatter_add(g, (size,), (places,))
        return AsStridedBackward0.apply(storage, key=(xp.arange(size).reshape(self.shape),))


class IndexBackwardBackward0(Op):
    """out = zeros(shape) with g added at key (the backward of indexing, itself differentiable);  dg = gout[key]"""

    @staticmethod
    def forward(ctx, g, shape, key):
        ctx.key = key
        out = get_array_module(g).zeros(shape, g.dtype)
        if all(k is None or k is Ellipsis or isinstance(k, (int, slice)) for k in key):   # no index repeats
            out[key] = g
        else:
            backend_scatter_add(out, key, g)
        return out

    @staticmethod
    def backward(ctx, gout):
        return gout[ctx.key]


class SliceBackwardBackward0(IndexBackwardBackward0):
    """The backward of a[key] whose first step is a slice (a[1:3], a[1:3, 2]), under create_graph"""


class SelectBackwardBackward0(IndexBackwardBackward0):
    """The backward of a[key] whose first step takes an index (a[1], a[:, 1]), under create_graph"""


class IndexPutImplBackward0(IndexBackwardBackward0):
    """The backward of a[idx] for index tensors (PyTorch's index_put_ into zeros), under create_graph"""


class SqueezeBackward1(IndexBackwardBackward0):
    """The backward of a[key] whose first step inserts a dim (a[None], a[:, None]), under create_graph: that of
    PyTorch's unsqueeze, a squeeze(dim)"""


def scatter_add(g, shape, key, node=IndexBackwardBackward0):
    """zeros(shape) with g added at key, on arrays or (create_graph) through the graph, as the node class `node`."""
    if isinstance(g, Tensor):
        return node.apply(g, shape=shape, key=key)
    return IndexBackwardBackward0.forward(IndexBackwardBackward0(), g, shape, key)


def indexing_node(shape, key):
    """The node PyTorch's gradient of a[key] (a basic key) ends in under create_graph: the backward of the first
    step its indexing takes (a slice, a select, an unsqueeze for None; a slice of a whole dim takes none)."""
    dim = 0
    for k in key:
        if k is Ellipsis:
            dim = len(shape) - sum(1 for j in key if j is not None and j is not Ellipsis) + dim
        elif isinstance(k, int):
            return SelectBackwardBackward0
        elif isinstance(k, slice):
            if k.indices(shape[dim]) != (0, shape[dim], 1):
                return SliceBackwardBackward0
            dim += 1
        elif k is None:
            return SqueezeBackward1
    return IndexBackwardBackward0


class CopySlices(Op):
    """The node an in-place op on a view leaves on the view's base, as PyTorch's: out = the base, whose elements at
    key (the view's, see view_key) the op has rewritten. The op's own node `fn` runs inside it, on the gradient of
    those elements (its edge to the view's old values dropped):
    da = g with fn's gradient of the view's old values put at key (0 if the op does not read them),
    d(fn's other inputs) = fn's gradients of them"""

    @classmethod
    def of(cls, base, view, fn, key):
        node = cls()
        node.fn, node.key, node.steps, node.strides = fn, key, view._view.steps, base._data.strides
        node.reads = fn.next_functions[0] == (view._grad_fn, view._output_nr)     # fn's input 0 is the view
        others = slice(1 if node.reads else 0, None)
        node.next_functions = ((base._grad_node(), base._output_nr),) + fn.next_functions[others]
        node.input_metas = ((base._data.shape, base._data.dtype),) + fn.input_metas[others]
        node.needs_input_grad = (True,) * len(node.next_functions)
        node.linear = fn.linear
        fn.owner = weakref.ref(node)    # (an output fn saved is the view's part of the base: view_node)
        return node

    def view_node(self):
        """The node of the view's part of the base this node makes: what an output that fn saved for backward is
        under create_graph (fn runs inside this node alone, never as a node of its own)."""
        node = AsStridedBackward0()
        node.shape, node.key, node.written = self.input_metas[0][0], self.key, False
        node.next_functions, node.input_metas, node.needs_input_grad = ((self, 0),), self.input_metas[:1], (True,)
        return node

    @staticmethod
    def backward(ctx, g):
        if not isinstance(g, Tensor):
            grads = backward_of(ctx.fn, (g[ctx.key],), False)
            own = grads.pop(0) if ctx.reads else None
            out = get_array_module(g).asarray(g).copy()    # (an array also for numpy's 0-d scalars)
            out[ctx.key] = 0 if own is None or own.__class__ is EfficientZero else own
            return (out, *grads)
        # create_graph: PyTorch's steps, recorded: g copied into the base's layout, fn run on a clone of the view's
        # part of it, fn's gradient of the view copied into that part (the copy's node: CopySlices)
        out = Tensor._make(laid_out(get_array_module(g._data), g.shape, ctx.strides, g._data.dtype))
        out.copy_(g)
        part = out
        for cls, params in ctx.steps:
            part = view_of(cls, part, **params)
        grads = backward_of(ctx.fn, (part.clone(),), True)
        own = grads.pop(0) if ctx.reads else None
        part.zero_() if own is None or own.__class__ is EfficientZero else part.copy_(own)
        return (out, *grads)

    def release(self):
        Op.release(self)
        self.fn.release()


def laid_out(xp, shape, strides, dtype):
    """An empty array of `shape` whose memory runs as `strides` say (the dims of larger strides outer)."""
    order = sorted(range(len(shape)), key=lambda d: -strides[d])
    return xp.empty([shape[d] for d in order], dtype).transpose([order.index(d) for d in range(len(shape))])


# -- in-place ops -----------------------------------------------------------------------------------------
def records(target, *others, view=False, written=None, overlap=True, autograd=True):
    """Whether an in-place op on `target` with these other inputs is recorded. Refused, as in PyTorch, in this
    order: in grad mode with an input that requires grad, on a view made in no_grad mode or taken from an op that
    returns several views, on a leaf that requires grad (`view`: through a view of it) or a view of such a leaf;
    then (in any mode) with an input that partly shares the memory written (`written`: target's elements that the op
    writes, all of them if None) (check_overlap; not for an op that reads them all first: `overlap` False).
    `autograd` False: an op that PyTorch's autograd layer passes by (copy_ into an integer tensor)."""
    record = grad_mode._enabled and autograd and graph_changes(target, others, view)
    for t in others if overlap else ():
        check_overlap(target._data if written is None else written, t._data)
    return record


def check_inplace(target, *args, view=False):
    """PyTorch's autograd errors for an in-place op on target with these arguments (a leaf, a view of a leaf, a view
    that may not change; `view`: written through a view of target), which come before any error of the op itself."""
    if grad_mode._enabled:
        graph_changes(target, [a for a in args if isinstance(a, Tensor)], view)


def graph_changes(target, others, view):
    record, follows = target._view, False
    if record is not None:
        if target._base._requires_grad:
            check_view_writable(target)     # its own error comes before its base's change
        follows = record.sync(target)
    if not (target._requires_grad or follows) and not any(t.requires_grad for t in others):
        return False
    base = target if target._base is None else target._base
    if base is not target:
        check_view_writable(target)
    if base.grad_fn is None and base._requires_grad:
        leaf_inplace_error(view or base is not target)
    return True


def check_view_writable(view):
    """PyTorch's errors for an in-place change of a view made in no_grad mode or by an op with several outputs."""
    record = view._view
    if record is not None and (record.steps is None or record.output_nr is not None):
        raise RuntimeError(rebase_error(record, view._grad_fn, 'is being'))


def same_layout(a, b):
    """Whether a and b see memory alike, as PyTorch's strides compare: the same strides (whatever the shapes: x of
    shape (2, 1) and x.t() have (1, 1)), or the same shape with strides that differ only in a size-1 dim where
    numpy's is 0 (a dim inserted by None or unsqueeze, where PyTorch's follows from the others)."""
    return a.strides == b.strides or a.shape == b.shape and all(
        s == t or n == 1 and 0 in (s, t) for n, s, t in zip(a.shape, a.strides, b.strides))


def check_overlap(written, read):
    """PyTorch's error when an in-place op reads memory it writes, laid out otherwise (y[1:].add_(y[:-1]),
    y.copy_(y.t())): its rule compares the byte ranges of two dense arrays; the same range with the same strides
    (y.add_(y)) is fine (same_layout), and arrays that are not dense are not checked."""
    if written is read or written.base is None and read.base is None or type(written) is not type(read) or \
            not written.size or not read.size or not get_array_module(written).may_share_memory(written, read) or \
            not (dense(written) and dense(read)):
        return      # (two arrays that own their memory, or arrays on two devices, share nothing)
    begin, other = data_ptr(written), data_ptr(read)
    same = begin == other and written.nbytes == read.nbytes and same_layout(written, read)
    if not same and begin < other + read.nbytes and other < begin + written.nbytes:
        raise partial_overlap()


def partial_overlap():
    """PyTorch's error for an input that lies on the memory written, laid out otherwise."""
    return RuntimeError('unsupported operation: some elements of the input tensor and the written-to tensor refer '
                        'to a single memory location. Please clone() the tensor before performing the operation.')


def leaf_inplace_error(view=False):
    raise RuntimeError(f'a {"view of a " if view else ""}leaf Variable that requires grad is being used in an '
                       'in-place operation.')


def check_writeable(t):
    """PyTorch's error for an in-place write into a tensor with elements on one memory location: a dim of stride 0
    and more than one element (an expanded tensor, an as_strided one), the rule of PyTorch's has_internal_overlap.
    An empty tensor has nothing to overlap (numpy gives it strides of 0). Nor is an efficient zero written."""
    check_mutable(t)
    check_no_repeats(t._data)


IMMUTABLE = ('ZeroTensors are immutable. Please use the materialized zero tensor obtained using .clone() if you want a '
             'mutable tensor.')
IMMUTABLE_COPY = ('ZeroTensors are immutable. Please materialize the tensor using `.clone()`, if you want a mutable '
                  'zero tensor.')     # (copy_'s words, and x[k] = v's)


def check_mutable(t, message=IMMUTABLE):
    """PyTorch's error for an in-place write into an efficient zero (a gradient known to be 0, Tensor._zero), which
    is immutable as its ZeroTensor is."""
    if t._zero:
        raise RuntimeError(message)


def has_repeats(a):
    """Whether elements of array a share memory: a dim of stride 0 and more than one element."""
    return a.size and any(stride == 0 and n > 1 for n, stride in zip(a.shape, a.strides))


def expanded_warning(name, example):
    """PyTorch's warning for a fill or an index_put_ into an expanded tensor (which it still writes)."""
    warnings.warn(f'Use of {name} on expanded tensors is deprecated. Please clone() the tensor before performing '
                  f'this operation. This also applies to advanced indexing e.g. {example}', UserWarning, stacklevel=3)


def check_no_repeats(a):
    """check_writeable's rule for the array written."""
    if has_repeats(a):
        raise RuntimeError('unsupported operation: more than one element of the written-to tensor refers to a single '
                           'memory location. Please clone() the tensor before performing the operation.')


def snapshot(t):
    """A copy of t's current value that stays in the graph where t is (the input of an in-place op's node). For a
    remade view with no elements, a node of its own that keeps the op's gradient in the graph (AsStridedBackward0)."""
    node = t.grad_fn
    if node.__class__ is AsStridedBackward0 and not t._data.size:
        node = AsStridedBackward0.apply(t._base, key=node.key, written=True).grad_fn
    s = Tensor._make(t._data.copy(), grad_fn=node, requires_grad=t._requires_grad)
    s._output_nr = t._output_nr
    if s.grad_fn is None and t._requires_grad:
        s._accumulator = t._accumulator
    return s


def inplace(target, op, *args, autograd=True, **kwargs):
    """Run `op(target, *args)` and write the result into target, as PyTorch's trailing-underscore ops do. A fill
    (masked_fill_, index_fill_, tril_, ...) says which elements it writes (`op.written`): its loop in PyTorch writes
    only those, with no memory check, so into an expanded tensor too (outside a graph: minigrad records none there)."""
    others = [a for a in args + tuple(kwargs.values()) if isinstance(a, Tensor)]
    record = records(target, *others, overlap=not getattr(op, 'reads_first', False), autograd=autograd)
    written = None if record else getattr(op, 'written', None)
    try:
        if record:
            result = op(snapshot(target), *args, **kwargs)
        else:
            with grad_mode.no_grad():
                result = op(target, *args, **kwargs)
    except RuntimeError as e:   # the op's own error (its kernel's for a dtype, an integer division by 0): PyTorch's
        if not getattr(e, 'comes_first', False):    # checks of the memory written and of the shapes come first,
            if written is None:                     # but for an op's own checks of its arguments and the autograd
                check_writeable(target)             # layer's errors for a view
            check_shape_before_kernel(target, args)
        raise
    if written is not None and has_repeats(target._data):
        return overwrite(target, result, lambda: written(target, *args, **kwargs))
    return set_inplace(target, result)


def comes_first(error):
    """`error` marked as one that PyTorch raises before an in-place op's checks of the memory it writes: an op's own
    checks of its arguments (relu_ of an expanded bool tensor: 'Boolean inputs not supported for relu'), the autograd
    layer's error for a view whose base changed."""
    error.comes_first = True
    return error


def check_shape_before_kernel(target, args):
    """On an op's own error: PyTorch checks first that a binary op's result (target with one tensor, `args[0]`)
    fits target, so its shape error, then its cast error (a Long result into a Bool), come first."""
    if args and isinstance(args[0], Tensor) and not any(isinstance(a, Tensor) for a in args[1:]):
        a, b = target._data, args[0]._data
        check_inplace_shape(a.shape, b.shape)
        dtypes.check_cast(dtypes.result_type(a.dtype, b.dtype, a.ndim, b.ndim), a.dtype)


def set_metadata(target, cls, **params):
    """An in-place op that changes only how target sees its memory (t_(), squeeze_(), ...): target takes the array,
    the node and (when target is itself a view) the record of the view that the view op `cls` takes of it."""
    records(target)     # PyTorch's errors for a leaf that requires grad, before the op's own
    view = view_of(cls, target, **params)
    node = view.grad_fn     # read before the version changes (which would remake it)
    target._data = view._data
    target._vc[0] += 1
    if node is not None:
        target._grad_fn, target._requires_grad, target._output_nr = node, True, 0
    if target._base is not None:
        target._view = view._view
        if view._view is not None:
            view._view.version = target._vc[0]
    return target


def set_inplace(target, result):
    """Write `result` into target's memory and give target result's place in the graph."""
    overwrite(target, result)
    if result.grad_fn is None:
        return target
    for saved in getattr(result.grad_fn, '_saved', None) or ():     # the op's result, if saved for backward, is
        if getattr(saved, 'vc', None) is result._vc:                 # target now: its later changes are errors
            saved.data, saved.vc, saved.version = target._data, target._vc, target._vc[0]
    if target._base is None:
        take_node(target, result.grad_fn)
    else:   # the change went through a view into its base: the base's node now puts the view's gradient back
        base, key = target._base, view_key(target._base._data, target._view.steps)
        take_node(base, CopySlices.of(base, target, result.grad_fn, key))
        target._view.sync(target, key)
        for saved in getattr(result.grad_fn, '_saved', None) or ():    # PyTorch's error names the view's own
            if getattr(saved, 'vc', None) is target._vc and saved.tensor is None:   # node for the output saved
                saved.maker = weakref.ref(target.grad_fn)   # (an input on the same memory: its own node, then)
    return target


def check_read(*inputs):
    """PyTorch's error, in grad mode, for an op reading a part of split/unbind whose base an in-place op changed:
    its autograd layer raises before the op's own checks (bitwise_and of floats)."""
    if grad_mode._enabled:
        check_views(inputs)


def check_memory(target, *inputs):
    """PyTorch's first checks of an in-place op on target, before its shapes: no element of target shares memory
    with another (check_writeable), no input lies partly on the memory written (check_overlap)."""
    check_writeable(target)
    for t in inputs:
        if isinstance(t, Tensor):
            check_overlap(target._data, t._data)


def overwrite(target, result, written=None):
    """Write `result`'s values into target's memory (a new version), the graph left as it is: alone, the in-place
    form of an op without a derivative (logical_and_), which PyTorch neither records nor refuses on a leaf. PyTorch's
    checks come in its order: memory overlap, shape, dtype. `written`: a function that gives a mask of the elements
    to write, in order (into an expanded tensor: the last write to a memory location stays)."""
    if written is None:
        check_writeable(target)
    if result._data.shape != target._data.shape:
        raise RuntimeError(f'output with shape {list(target.shape)} doesn\'t match the broadcast shape '
                           f'{list(result.shape)}')
    dtypes.check_cast(result._data.dtype, target._data.dtype)
    if written is not None:
        mask = written()
        target._data[mask] = result._data[mask]
    elif target._data.size:
        target._data[...] = result._data
    target._vc[0] += 1
    return target


def take_node(t, node):
    """t becomes output 0 of node (an in-place op changed its value). A retain_grad() moves along, as in PyTorch:
    t.grad is then the gradient of the new value."""
    old, nr = t._grad_fn, t._output_nr
    ref = old._retained.get(nr) if old is not None and old._retained else None
    moves = ref is not None and ref() is t
    if moves:
        del old._retained[nr]
    t._grad_fn, t._requires_grad, t._output_nr = node, True, 0
    if moves:
        t.retain_grad()
