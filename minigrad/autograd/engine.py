"""The backward pass: walk the graph of Function nodes once, outputs first, and add up gradients.

    order = nodes in reverse topological order (an iterative depth-first search: no recursion limit)
    for node in order:                 # every node comes after all the nodes that feed it a gradient
        g = grads.pop(node)            # the sum of what its consumers sent back
        for child, g_in in zip(node.next_functions, node(g)):   # node(g) runs its backward(ctx, g)
            grads[child] += sum_to_shape(g_in, child's shape)   # broadcasting undone here, once for all ops
    leaves (AccumulateGrad nodes) add their gradient into .grad, then call the leaf's post-accumulate-grad hooks
"""
import sys

from . import anomaly, grad_mode
from .graph import AccumulateGrad
from ..backend import get_array_module, module_for


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
    """Whether array g may become leaf's .grad as it is: nobody but the engine holds it (or the array it views), and,
    as PyTorch requires, it is laid out like a fresh array (C-contiguous, or the leaf's own strides without a 0):
    so never a broadcast view such as sum's backward, whose elements share memory and would all take a later +=."""
    refs, base_refs = _refcounts(g)
    flags = g.flags
    writeable = getattr(flags, 'writeable', True)    # cupy arrays have no read-only flag
    return (refs == ALONE + 1 and base_refs in (None, VIEW_ALONE) and writeable
            and (flags.c_contiguous or g.strides == leaf.strides and 0 not in g.strides))


def topological_order(roots):
    """Every node reachable from `roots`, each before the nodes its gradient flows to."""
    order, seen = [], set()
    for root in roots:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(root.next_functions))]
        while stack:
            node, children = stack[-1]
            for child, _ in children:
                if child is not None and child not in seen:
                    seen.add(child)
                    stack.append((child, iter(child.next_functions)))
                    break
            else:                       # all children done: post-order
                stack.pop()
                order.append(node)
    order.reverse()
    return order


def run_backward(outputs, grad_outputs, retain_graph=None, create_graph=False, inputs=None, accumulate=True):
    """Backpropagate `grad_outputs` from `outputs`. Accumulates into leaves' .grad when `accumulate`;
    returns the gradients reaching `inputs` (used by autograd.grad)."""
    if retain_graph is None:
        retain_graph = create_graph
    grads, roots = {}, []       # grads[edge]: the gradient sent so far to output 0 of node (edge = node), or to
    for i, (out, g) in enumerate(zip(outputs, grad_outputs)):  # output k > 0 of a node with several (edge = (node, k))
        if not out.requires_grad:
            raise RuntimeError(f'element {i} of tensors does not require grad and does not have a grad_fn')
        if g is None:
            if out.numel() != 1:
                raise RuntimeError('grad can be implicitly created only for scalar outputs')
            g = out.xp.ones(out.shape, out._data.dtype)
        elif hasattr(g, '_data'):
            if g.shape != out.shape:
                raise RuntimeError(f'Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and '
                                   f'output[{i}] has a shape of {out.shape}.')
            g = g if create_graph else g._data
        node = out._grad_node()
        edge = _edge(node, out._output_nr)
        grads[edge] = grads[edge] + g if edge in grads else g
        roots.append(node)

    targets = {_edge(t._grad_node(), t._output_nr): i for i, t in enumerate(inputs)} if inputs is not None else None
    order = topological_order(roots)
    needed = _needed(order, targets) if targets is not None else None
    captured = [None] * len(inputs) if inputs is not None else None
    owned = set()  # edges whose grad buffer the engine allocated, so it may add into it in place

    with grad_mode.set_grad_enabled(create_graph):
        for node in order:
            if needed is not None and node not in needed:
                continue
            n = node.n_outputs
            g = grads.pop(node, None)
            gs = (g,) if n == 1 else (g,) + tuple(grads.pop((node, k), None) for k in range(1, n))
            if g is None and (n == 1 or all(x is None for x in gs)):
                continue
            if targets is not None:
                for k, x in enumerate(gs):
                    if x is not None and _edge(node, k) in targets:
                        captured[targets[_edge(node, k)]] = inputs[targets[_edge(node, k)]]._make(x) \
                            if not create_graph else x
            if isinstance(node, AccumulateGrad):
                if accumulate:
                    # a gradient no one else holds (a matmul's fresh result, or a transposed view of one) becomes
                    # .grad without a copy, as PyTorch steals a buffer whose use count is 1: saves a copy per weight
                    leaf, gs = node.variable, None
                    steal = node in owned or not create_graph and leaf.grad is None and _stealable(g, leaf._data)
                    _accumulate(leaf, g, steal, create_graph)
                    for hook in list((leaf._post_accumulate_grad_hooks or {}).values()):
                        hook(leaf)
                continue
            if node._retained is not None:
                for k, ref in node._retained.items():
                    if ref() is not None and gs[k] is not None:
                        ref().grad = gs[k] if create_graph else ref()._make(gs[k])
            if create_graph and not node.differentiable_backward:
                raise RuntimeError(f'minigrad: double backward (create_graph=True) through {node.name()} '
                                   'is not supported')
            g_inputs = node(*gs)
            if not isinstance(g_inputs, tuple):
                g_inputs = (g_inputs,)
            if anomaly.enabled:
                anomaly.check(node, g_inputs)
            for (child, k), g_in, (shape, dtype) in zip(node.next_functions, g_inputs, node.input_metas):
                if child is None or g_in is None:       # an input that needs no gradient has no node
                    continue
                g_in = fit_grad(g_in, shape, dtype)
                edge = child if not k else (child, k)
                if edge not in grads:
                    grads[edge] = g_in
                elif create_graph or edge not in owned:
                    grads[edge] = grads[edge] + g_in
                    owned.add(edge)
                else:
                    grads[edge] += g_in
            g = gs = g_inputs = g_in = None      # so that `grads` alone holds what was sent on (see `steal` above)
            if not retain_graph:
                node.release()
    return captured


def _edge(node, output_nr):
    """The key of a node's output in the engine's table of gradients: the node itself for output 0."""
    return node if not output_nr else (node, output_nr)


def _needed(order, targets):
    """The nodes from which a target can be reached: only these need to run for autograd.grad."""
    target_nodes = {e if not isinstance(e, tuple) else e[0] for e in targets}
    needed = set()
    for node in reversed(order):
        if node in target_nodes or any(child in needed for child, _ in node.next_functions):
            needed.add(node)
    return needed


def _accumulate(leaf, g, owned, create_graph):
    """leaf.grad += g, in place when we can (PyTorch does the same for a plain backward)."""
    if leaf.grad is None:
        leaf.grad = g if create_graph else leaf._make(g if owned else g.copy())
    elif create_graph or leaf.grad.requires_grad:
        leaf.grad = leaf.grad + g
    else:
        leaf.grad._data += g


def fit_grad(g, shape, dtype):
    """A gradient in the shape and (numpy) dtype of the input it belongs to."""
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
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1 and g.shape[lead + i] != 1)
    return g.sum(axis=axes, keepdims=True).reshape(shape)  # Tensor.sum takes numpy's axis/keepdims too
