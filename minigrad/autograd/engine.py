"""The backward pass: run the graph's Function nodes once, outputs first, and add up gradients.

    waiting = for each node, how many edges lead into it        (counted once over the graph)
    ready = the nodes no edge leads into (the outputs' nodes)
    while ready:
        node = the ready node made last                         (PyTorch's order: its sequence number)
        g = grads.pop(node)                                     # the sum of what its consumers sent back
        for child, g_in in zip(node.next_functions, node(g)):  # node(g) runs its backward(ctx, g)
            grads[child] += sum_to_shape(g_in, child's shape)   # broadcasting undone here, once for all ops
            waiting[child] -= 1; once 0, child is ready         # every consumer has sent its part
    leaves (AccumulateGrad nodes, run as soon as they are ready) add their gradient into .grad, then call the leaf's
    post-accumulate-grad hooks
"""
import heapq

from . import anomaly, grad_mode
from .gradients import EfficientZero, Gradients, materialize, materializes
from .graph import AccumulateGrad
from ..backend import get_array_module, quiet_floats
from ..dtypes import contiguous_format


def dependencies(roots):
    """Every node reachable from `roots`, with how many edges lead into it from those nodes (PyTorch's
    compute_dependencies), in the order a depth-first walk finds them."""
    waiting = dict.fromkeys(roots, 0)
    stack = list(waiting)
    while stack:
        for child, _ in stack.pop().next_functions:
            if child is not None:
                if child not in waiting:
                    waiting[child] = 0
                    stack.append(child)
                waiting[child] += 1
    return waiting


@quiet_floats          # the backward walk computes inf and nan silently, as forward does (backend.IGNORE)
def run_backward(outputs, grad_outputs, retain_graph=None, create_graph=False, inputs=None, accumulate=True):
    """Backpropagate `grad_outputs` from `outputs`. Accumulates into leaves' .grad when `accumulate`;
    returns the gradients reaching `inputs` (used by autograd.grad)."""
    if retain_graph is None:
        retain_graph = create_graph
    grads, roots = Gradients(create_graph), []
    for i, (out, g) in enumerate(zip(outputs, grad_outputs)):
        node = out._grad_node()
        grads.send(_edge(node, out._output_nr), _root_grad(i, out, g, create_graph))
        roots.append(node)

    targets = None      # {edge: the positions in `inputs` of the tensors it is the gradient of}
    if inputs is not None:
        targets = {}
        for i, t in enumerate(inputs):
            targets.setdefault(_edge(t._grad_node(), t._output_nr), []).append(i)
    waiting = dependencies(roots)
    runs = _runs(waiting, targets) if targets is not None else None
    captured = [None] * len(inputs) if inputs is not None else None
    ready = [(-node._seq, i, node) for i, node in enumerate(dict.fromkeys(roots)) if not waiting[node]]
    heapq.heapify(ready)
    made = len(ready)       # how many entries the heap has had: the tie-breaker, first come first served

    with grad_mode.set_grad_enabled(create_graph):
        while ready:
            node = heapq.heappop(ready)[2]
            if grads.reached(node) and (runs is None or node in runs):
                ran = _run(node, grads, outputs, targets, captured, inputs, runs, create_graph, accumulate)
                if ran and not retain_graph:
                    node.release()
            for child, _ in node.next_functions:
                if child is not None:
                    waiting[child] -= 1
                    if not waiting[child]:
                        heapq.heappush(ready, (-child._seq, made, child))
                        made += 1
    return captured


def _run(node, grads, outputs, targets, captured, inputs, runs, create_graph, accumulate):
    """Run one node on the gradients its outputs got: its tensor hooks, what autograd.grad captures, then its
    backward, sending each input its gradient (autograd.grad: not for an input's node that leads to no other input).
    Returns whether backward ran."""
    if node._tensor_hooks:
        grads.run_hooks(node, node._tensor_hooks, outputs[0]._make)   # register_hook: each may replace the gradient
    if targets is not None:
        _capture(captured, targets, inputs, node, grads)
    if isinstance(node, AccumulateGrad):
        if accumulate:
            grads.accumulate(node)          # leaf.grad += g
            node.run_post_hooks()
        return False
    gs = grads.pop(node)
    if node._retained is not None:
        _retain(node, gs, create_graph)
    if runs is not None and not runs[node]:
        return False
    for (child, k), g_in in zip(node.next_functions, backward_of(node, gs, create_graph)):
        if g_in is not None:
            grads.send(_edge(child, k), g_in)
    return True     # (and drops gs and the inputs' gradients: `grads` alone holds what was sent on, see accumulate)


def backward_of(node, gs, create_graph):
    """node's backward on the gradients of its outputs: a gradient per input, in the input's shape and dtype (None
    for an input that needs none: it has no node)."""
    if gs[0].__class__ is EfficientZero:
        g_inputs = _zero_through(node, gs[0], create_graph)
    else:
        g_inputs = _as_tuple(node(*gs))     # the op's backward(ctx, *grads)
    if node.zero_grads is not None:
        g_inputs = _known_zeros(node, g_inputs, create_graph)
    if anomaly.enabled:
        anomaly.check(node, g_inputs)
    return [fit_grad(g_in, shape, dtype) if child is not None and g_in is not None else None
            for (child, _), g_in, (shape, dtype) in zip(node.next_functions, g_inputs, node.input_metas)]


def _zero_through(node, zero, create_graph):
    """What node sends back for an efficient zero: a built-in op's backward is linear in g, so efficient zeros (it
    still runs on real zeros, for its errors, a saved tensor changed in place or an op with no derivative, and under
    create_graph for the graph its zeros carry on); a custom Function's backward may be anything, so what it gives
    for real zeros. A gradient PyTorch's formula makes real zeros (MATERIALIZE) is the formula's on real zeros, or,
    where the formula keeps the zero up to a final where ('last'), zeros; under create_graph the formula runs on an
    efficient zero Tensor for the others (products with it stay 0, as PyTorch records them)."""
    if not node.linear:
        return _as_tuple(node(zero.materialize(efficient=False)))
    rules = [materializes(node, i) for i in range(len(node.input_metas))]
    real = _as_tuple(node(zero.materialize(efficient=False))) if True in rules else None
    kept = _as_tuple(node(zero.materialize())) if create_graph and not all(r is True for r in rules) or real is None \
        else real
    return tuple([r if rule is True or r is None else
                  (k if create_graph else zero.xp.zeros(shape, dtype)) if rule else   # 'last'
                  k if k.__class__ is EfficientZero else   # (sgn's own...)
                  EfficientZero(shape, dtype, zero.xp, fit_grad(k, shape, dtype) if create_graph else None)
                  for rule, r, k, (shape, dtype) in zip(rules, real or kept, kept, node.input_metas)])


def _as_tuple(g_inputs):
    """What a backward returned, as one gradient per input."""
    return g_inputs if isinstance(g_inputs, tuple) else (g_inputs,)


def _known_zeros(node, g_inputs, create_graph):
    """The gradients of a product with an efficient zero (elementwise.zero_product), efficient zeros where it says."""
    return tuple([EfficientZero(shape, dtype, g.xp if create_graph else get_array_module(g),
                                fit_grad(g, shape, dtype) if create_graph else None)
                  if zero and g is not None and g.__class__ is not EfficientZero else g
                  for g, zero, (shape, dtype) in zip(g_inputs, node.zero_grads, node.input_metas)])


def _root_grad(i, out, g, create_graph):
    """The gradient backward starts from at output i: g, or 1 for a one-element output."""
    if not out.requires_grad:
        raise RuntimeError(f'element {i} of tensors does not require grad and does not have a grad_fn')
    if g is None:
        if out.numel() != 1:
            raise RuntimeError('grad can be implicitly created only for scalar outputs')
        ones = out.xp.ones(out.shape, out._data.dtype)
        return out._make(ones) if create_graph else ones    # create_graph: every gradient a Tensor, never an array
    if hasattr(g, '_data'):
        if g.shape != out.shape:
            raise RuntimeError(f'Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and '
                               f'output[{i}] has a shape of {out.shape}.')
        if g._data.dtype != out._data.dtype:     # PyTorch casts it to the output's dtype before any formula
            g = g.to(out.dtype)
        return g if create_graph else g._data
    return g


def _capture(captured, targets, inputs, node, grads):
    """For autograd.grad: keep the gradient of each of node's outputs that is one of the `inputs`."""
    for k in range(node.n_outputs):
        positions = targets.get(_edge(node, k), ())
        g = grads.tensor(_edge(node, k), inputs[positions[0]]._make) if positions else None
        for i in positions if g is not None else ():
            captured[i] = g     # (a tensor listed twice gets its gradient twice)


def _retain(node, gs, create_graph):
    """.grad of the non-leaf outputs of node that called retain_grad(): added up over backward passes (and
    autograd.grad calls), as a leaf's is; the first one a contiguous copy (PyTorch's clone: the engine may still add
    into the gradient it holds)."""
    for k, ref in node._retained.items():
        t = ref()
        if t is not None and gs[k] is not None:
            g = materialize(gs[k])
            if t.grad is not None:
                t.grad = t.grad + (g if create_graph else t._make(g))
            else:
                t.grad = g.clone(memory_format=contiguous_format) if create_graph else t._make(g.copy())


def _edge(node, output_nr):
    """The key of a node's output in the engine's table of gradients: the node itself for output 0."""
    return node if not output_nr else (node, output_nr)


def _runs(waiting, targets):
    """What autograd.grad runs, as PyTorch's exec_info: {node: True} for a node from which an input's node can be
    reached (its backward runs), {node: False} for an input's own node that leads to no other (its hooks run and
    its gradient is captured); other nodes do not run."""
    parents = {}
    for node in waiting:
        for child, _ in node.next_functions:
            if child is not None:
                parents.setdefault(child, []).append(node)
    stack = [e if not isinstance(e, tuple) else e[0] for e in targets]
    runs = dict.fromkeys(stack, False)
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if not runs.get(parent):
                runs[parent] = True
                stack.append(parent)
    return runs


def fit_grad(g, shape, dtype):
    """A gradient in the shape and (numpy) dtype of the input it belongs to."""
    if g.__class__ is EfficientZero:        # made in the input's shape and dtype
        return g
    g = sum_to_shape(g, shape)
    if hasattr(g, '_data'):
        return g if g._data.dtype == dtype else g.to(dtype)
    if not g.ndim:      # numpy gives scalars for 0-d results: a gradient, like a Tensor, is an array
        g = get_array_module(g).asarray(g)
    return g if g.dtype == dtype else g.astype(dtype)


def sum_to_shape(g, shape):
    """Undo broadcasting: sum `g` over the axes that forward broadcast to reach g.shape from `shape`."""
    if g.shape == shape:
        return g
    if not shape:       # (PyTorch's sum_to: a plain sum for a 0-d input, SumBackward0)
        return g.sum()
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1 and g.shape[lead + i] != 1)
    g = g.sum(axis=axes, keepdims=True)     # Tensor.sum takes numpy's axis/keepdims too
    if not lead:
        return g
    return g.view(shape) if hasattr(g, '_data') else g.reshape(shape)     # (PyTorch's sum_to: a view, to drop
    #                                                                          the leading dims, whatever the layout)
