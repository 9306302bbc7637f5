"""The engine's table of gradients: the sum of what has been sent so far to each node's outputs.

The walk in engine.py only sends, pops and hands leaves their gradient. What sits here is bookkeeping that saves a
copy per gradient, as PyTorch does: a sum the table allocated itself is added into in place, and a leaf takes over
a gradient array that no one else holds instead of copying it (measured with reference counts).

A gradient may also be an EfficientZero: PyTorch's efficient zero tensor, sgn's derivative. It stays 0 where a
later formula would multiply it by inf or nan (1 / x at 0, var with no degrees of freedom); engine._zero_through
passes it on through each node. It becomes real zeros where a gradient is handed out: .grad, hooks, retain_grad
and autograd.grad; under create_graph a zeros Tensor that is still an efficient zero (Tensor._zero: a product with
it stays 0, elementwise.zero_product), and a sum with it is recorded (its graph goes on to a second derivative).
"""
import sys

from ..backend import dense, get_array_module, module_for
from ..dtypes import contiguous_format


class EfficientZero:
    """A gradient known to be 0, of `shape` and numpy `dtype`, on numpy or cupy (`xp`). In a plain backward it
    becomes a zeros array; under create_graph (`like`: a Tensor) a zeros Tensor in like's graph, that of the formulas
    it went through, as PyTorch's ZeroTensor records them."""
    __slots__ = ('shape', 'dtype', 'xp', 'like')

    def __init__(self, shape, dtype, xp, like=None):
        self.shape, self.dtype, self.xp, self.like = shape, dtype, xp, like

    def materialize(self, efficient=True):
        """Zeros: an array, or (create_graph) a Tensor that is still an efficient zero unless `efficient` is False
        (a product with it stays 0: elementwise.zero_product)."""
        zeros, like = self.xp.zeros(self.shape, self.dtype), self.like
        if like is None:
            return zeros
        t = like._make(zeros, grad_fn=like.grad_fn, requires_grad=like.requires_grad)
        t._output_nr, t._zero = like._output_nr, efficient
        return t


def materialize(g):
    """g, with an efficient zero made real zeros."""
    return g.materialize() if g.__class__ is EfficientZero else g


# The nodes whose PyTorch formula turns an efficient zero into real zeros, so that a later 0 * inf is NaN there as
# in PyTorch: formulas built of ops with no ZeroTensor path (neg, where, index_put, sum_to, masked_fill, mm, the
# activations' own backward kernels). A tuple says it per input (a - b: g for a keeps it, -g for b does not). The
# others (views, g * f'(a), g / b, sum's expand) keep it. Measured against PyTorch 2.13: tests/test_autograd.py.
MATERIALIZE = dict.fromkeys((
    'AsStridedBackward0', 'CeilBackward0', 'CeluBackward0', 'ClampBackward1', 'ClampMaxBackward1', 'ClampMinBackward0',
    'ClampMinBackward1', 'ConstantPadNdBackward0', 'CummaxBackward0', 'CumprodBackward0', 'CumsumBackward0',
    'DiagonalBackward0', 'DotBackward0', 'EluBackward0', 'EmbeddingBackward0', 'ExpandBackward0', 'FlipBackward0',
    'FloorBackward0', 'FmaxBackward0', 'FminBackward0', 'GatherBackward0', 'GeluBackward0', 'GluBackward0',
    'HardshrinkBackward0', 'HardsigmoidBackward0', 'HardswishBackward0', 'HardtanhBackward0', 'IndexBackward0', 'IndexSelectBackward0', 'KthvalueBackward0', 'LeakyReluBackward0', 'LogSigmoidBackward0',
    'LogSoftmaxBackward0', 'LogcumsumexpBackward0', 'LogitBackward0', 'MaskedFillBackward0', 'MaskedSelectBackward0',
    'MaxBackward0', 'MaxBackward1', 'MaximumBackward0', 'MeanBackward0', 'MeanBackward1', 'MedianBackward0',
    'MinBackward0', 'MinBackward1', 'MinimumBackward0', 'MishBackward0', 'MmBackward0', 'MseLossBackward0',
    'NegBackward0', 'NextafterBackward0', 'ReciprocalBackward0', 'ReluBackward0', 'RepeatBackward0', 'RollBackward0',
    'RoundBackward0', 'RreluWithNoiseBackward0', 'RsubBackward1', 'ScatterBackward0', 'SelectBackward0',
    'SigmoidBackward0', 'SignBackward0', 'SiluBackward0', 'SliceBackward0', 'SoftmaxBackward0',
    'SoftplusBackward0', 'SoftshrinkBackward0', 'SortBackward0', 'SpecialLogNdtrBackward0', 'SplitBackward0',
    'TakeBackward0', 'TanhBackward0', 'ThresholdBackward0', 'ToCopyBackward0', 'TopkBackward0', 'TraceBackward0',
    'TrilBackward0', 'TriuBackward0', 'TruncBackward0', 'UnbindBackward0', 'UnfoldBackward0', 'WhereBackward0'), True)
MATERIALIZE.update(dict.fromkeys(('BmmBackward0', 'CopySlices', 'DiagonalBackward0_copy', 'IndexCopyBackward0',
                                  'IndexFillBackward0', 'MaskedScatterBackward0', 'ScatterBackward1',
                                  'ReflectionPad1DBackward0', 'ReflectionPad2DBackward0', 'ReflectionPad3DBackward0',
                                  'ReplicationPad1DBackward0', 'ReplicationPad2DBackward0',
                                  'ReplicationPad3DBackward0'), True))
# self's gradient a fill or scatter of g (real zeros), the other input's a view of g (its zero kept)
MATERIALIZE.update(dict.fromkeys(('SelectScatterBackward0', 'SliceScatterBackward0', 'DiagonalScatterBackward0',
                                  'IndexPutBackward0', 'PutBackward0'), (True, False)))
# self's gradient g itself, the source's a gather of it
MATERIALIZE.update(dict.fromkeys(('IndexAddBackward0', 'ScatterAddBackward0', 'ScatterReduceBackward0'), (False, True)))
MATERIALIZE.update(dict.fromkeys(('SubBackward0', 'DivBackward0', 'RemainderBackward1', 'CopysignBackward0',
                                  'FmodBackward1'), (False, True)))
MATERIALIZE.update(dict.fromkeys(('XlogyBackward0', 'SpecialXlog1PyBackward0'), (True, False)))
# 'last': the formula keeps the zero up to a final where (g * f'(a) first): its gradient is real zeros, even where
# f'(a) is inf or nan
MATERIALIZE.update(SincBackward0='last', PowBackward1=('last', False))
# The nodes of gradient kernels (grad_utils.GradKernel: sigmoid_backward, gelu_backward, ...), per input (g, x): the
# kernel again is real zeros (True); a product with gg keeps the zero (False); zeros_like(gg) and softmax's sums of
# products are real (True); a where() or a kernel of such a product, a cat or a sum of one, zeros without the
# formula's nans ('last'). Measured against PyTorch 2.13 as the others.
MATERIALIZE.update(dict.fromkeys(('SigmoidBackwardBackward0', 'TanhBackwardBackward0', 'GeluBackwardBackward0',
                                  'LogSigmoidBackwardBackward0'), (True, False)))
MATERIALIZE.update(dict.fromkeys(('LeakyReluBackwardBackward0', 'HardtanhBackwardBackward0',
                                  'HardshrinkBackwardBackward0', 'SoftshrinkBackwardBackward0',
                                  'RreluWithNoiseBackwardBackward0', 'ThresholdBackwardBackward0',
                                  'SoftmaxBackwardDataBackward0'), True))
MATERIALIZE.update(dict.fromkeys(('SoftplusBackwardBackward0', 'HardswishBackwardBackward0'), (True, 'last')))
MATERIALIZE.update(LogSoftmaxBackwardDataBackward0=('last', False), GluBackwardBackward0=(False, 'last'))


def materializes(node, i):
    """Whether node's formula makes an efficient zero real zeros in its gradient for input i (MATERIALIZE, or the
    node's own zero_rule where its formula depends on a parameter): True, False or 'last'."""
    rule = getattr(node, 'zero_rule', None) or MATERIALIZE.get(type(node).__name__, False)
    return rule[i] if rule.__class__ is tuple else rule


class Gradients:
    """sums[edge]: the gradient sent so far to output 0 of a node (edge = node), or to output k > 0 of a node with
    several outputs (edge = (node, k))."""

    def __init__(self, create_graph):
        self.sums, self.owned, self.create_graph = {}, set(), create_graph  # owned: edges whose sum we allocated

    def send(self, edge, g):
        """sums[edge] += g (in place only into an array the table allocated: never into an op's saved array)."""
        sums = self.sums
        if edge not in sums:
            sums[edge] = g
        elif self.create_graph and EfficientZero in (g.__class__, sums[edge].__class__):
            sums[edge] = _add_recorded(sums[edge], g)
        elif g.__class__ is EfficientZero:          # + 0 changes nothing
            return
        elif sums[edge].__class__ is EfficientZero:
            sums[edge] = g
        elif self.create_graph or edge not in self.owned:
            sums[edge] = sums[edge] + g
            self.owned.add(edge)
        else:
            sums[edge] += g

    def reached(self, node):
        """Whether any output of node got a gradient."""
        return node in self.sums or any((node, k) in self.sums for k in range(1, node.n_outputs))

    def tensor(self, edge, wrap):
        """The gradient sent to edge as a Tensor (`wrap` makes one of an array), or None. An efficient zero is still
        one (Tensor._zero): PyTorch's hooks and autograd.grad get its ZeroTensor."""
        raw = self.sums.get(edge)
        if raw is None:
            return None
        g = materialize(raw)
        if not hasattr(g, '_data'):
            g = wrap(g)
            g._zero = raw.__class__ is EfficientZero
        return g

    def run_hooks(self, node, hooks, wrap):
        """Hand the gradient of each hooked output of node to its hooks, in order, as a Tensor (`wrap` makes one of
        an array); a hook that returns a tensor replaces it. A gradient a hook has seen is no longer the table's own
        to add into in place."""
        for k, output_hooks in hooks.items():
            edge = node if not k else (node, k)
            g = self.tensor(edge, wrap) if output_hooks else None
            if g is None:
                continue
            seen = g
            for hook in list(output_hooks.values()):
                result = hook(g)
                if result is not None:
                    g = result
            if g is seen and self.sums[edge].__class__ is EfficientZero:
                continue        # (still an efficient zero: no hook replaced it)
            self.sums[edge] = g if self.create_graph else g._data
            self.owned.discard(edge)

    def pop(self, node):
        """The gradients of node's outputs, one per output (None for an output that got none). A node of several
        outputs gets real zeros for an efficient zero (its backward runs: another output may have a gradient)."""
        first = self.sums.pop(node, None)
        if node.n_outputs == 1:
            return (first,)
        return tuple([materialize(first)] + [materialize(self.sums.pop((node, k), None))
                                             for k in range(1, node.n_outputs)])

    def accumulate(self, node):
        """leaf.grad += the gradient sent to the leaf's AccumulateGrad node. A gradient no one else holds (a matmul's
        fresh result, or a transposed view of one) becomes .grad without a copy, as PyTorch steals a buffer whose use
        count is 1: that saves a copy per weight."""
        leaf, g = node.variable, materialize(self.sums.pop(node))
        steal = node in self.owned or not self.create_graph and leaf.grad is None and _stealable(g, leaf._data)
        _accumulate(leaf, g, steal, self.create_graph)


def _add_recorded(a, b):
    """a + b under create_graph where either is an efficient zero: a sum in the graph of both, as PyTorch records
    it (a second derivative goes through the zero's formulas too); an efficient zero if both are."""
    total = materialize(a) + materialize(b)
    if a.__class__ is EfficientZero and b.__class__ is EfficientZero:
        return EfficientZero(a.shape, a.dtype, a.xp, total)
    return total


def _accumulate(leaf, g, owned, create_graph):
    """leaf.grad += g, in place when we can (PyTorch does the same for a plain backward)."""
    if leaf.grad is None and create_graph:  # PyTorch's copy in the leaf's layout, in the graph (CopyBackwards)
        dense_leaf = dense(leaf._data)      # (a clone of a leaf with gaps or repeats: CloneBackward0)
        leaf.grad = leaf._make(get_array_module(leaf._data).empty_like(leaf._data)).copy_(g) if dense_leaf else \
            g.clone(memory_format=contiguous_format)
    elif leaf.grad is None:
        leaf.grad = leaf._make(g if owned else g.copy())
    elif create_graph or leaf.grad.requires_grad:
        leaf.grad = leaf.grad + g
    else:
        leaf.grad._data += g


def _refcounts(g):
    """References to array g and to the array it is a view of (None when g owns its memory)."""
    base = g.base
    return sys.getrefcount(g), None if base is None else sys.getrefcount(base)


def _calibrate():
    """_refcounts of a gradient that only a local variable holds, and of the base of a view nobody else holds,
    measured in this interpreter (so no reference count is assumed)."""
    g = module_for('cpu').empty((2, 2))
    alone = _refcounts(g)[0]
    view = g.T
    del g
    return alone, _refcounts(view)[1]


ALONE, VIEW_ALONE = _calibrate()


def _stealable(g, leaf):
    """Whether array g may become leaf's .grad as it is: nobody but the table holds it (or the array it views), and,
    as PyTorch requires, it is laid out like a fresh array (C-contiguous, or the leaf's own strides without a 0):
    so never a broadcast view such as sum's backward, whose elements share memory and would all take a later +=."""
    refs, base_refs = _refcounts(g)
    flags = g.flags
    writeable = getattr(flags, 'writeable', True)    # cupy arrays have no read-only flag
    return (refs == ALONE + 1 and base_refs in (None, VIEW_ALONE) and writeable
            and (flags.c_contiguous or g.strides == leaf.strides and 0 not in g.strides))
