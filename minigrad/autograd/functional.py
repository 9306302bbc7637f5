"""autograd.grad: gradients of outputs with respect to chosen inputs, without touching any .grad."""
from .engine import run_backward


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=None,
         materialize_grads=False):
    from ..tensor import Tensor
    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    if not inputs:
        raise RuntimeError('`inputs` argument to `grad()` cannot be empty.')
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    elif isinstance(grad_outputs, Tensor):
        grad_outputs = [grad_outputs]
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError('One of the differentiated Tensors does not require grad')
    grads = run_backward(outputs, list(grad_outputs), retain_graph, create_graph, inputs, accumulate=False)
    for i, (t, g) in enumerate(zip(inputs, grads)):
        if g is None:
            if materialize_grads:
                grads[i] = Tensor._make(t.xp.zeros(t.shape, t._data.dtype))
            elif not allow_unused:
                raise RuntimeError(f'The differentiated Tensor at index {i} appears to not have been used in the '
                                   'graph. Set allow_unused=True if this is the desired behavior.')
    return tuple(grads)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False):
    """torch.autograd.backward: backward from several outputs at once, adding into leaves' .grad."""
    from ..tensor import Tensor
    tensors = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    if grad_tensors is None:
        grad_tensors = [None] * len(tensors)
    elif isinstance(grad_tensors, Tensor):
        grad_tensors = [grad_tensors]
    run_backward(tensors, list(grad_tensors), retain_graph, create_graph)


# -- torch.autograd.functional: Jacobians and their products, built from grad ---------------------------------
def _as_tuple(x):
    return (x,) if not isinstance(x, (tuple, list)) else tuple(x)


def _prepare(inputs, create_graph):
    """Inputs that require grad, on a graph of their own: views of the caller's tensors when create_graph (so that
    gradients can flow back to them), else detached copies."""
    from . import grad_mode
    with grad_mode.enable_grad():
        return tuple(x.view_as(x) if create_graph and x.requires_grad else x.detach().requires_grad_(True)
                     for x in inputs)


def _grads(outputs, inputs, grad_outputs, create_graph):
    """autograd.grad, with zeros for inputs that `outputs` do not depend on (PyTorch's strict=False)."""
    from ..factories import zeros_like
    needed = [o for o in outputs if o.requires_grad]
    if not needed:
        return tuple(zeros_like(x) for x in inputs)
    gs = grad([o for o in outputs if o.requires_grad], inputs,
              [g for o, g in zip(outputs, grad_outputs) if o.requires_grad], retain_graph=True,
              create_graph=create_graph, allow_unused=True)
    return tuple(zeros_like(x) if g is None else g for x, g in zip(inputs, gs))


def _result(values, create_graph, as_tuple):
    values = tuple(v if create_graph else v.detach() for v in values)
    return values if as_tuple else values[0]


def _call(func, inputs):
    from . import grad_mode
    with grad_mode.enable_grad():
        return func(*inputs)


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T J): the vector-Jacobian product, one backward pass."""
    from ..factories import ones_like
    is_tuple = isinstance(inputs, (tuple, list))
    inputs = _prepare(_as_tuple(inputs), create_graph)
    outputs = _call(func, inputs)
    out_tuple = isinstance(outputs, (tuple, list))
    outputs = _as_tuple(outputs)
    if v is None:
        if len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError('The vector v can only be None if the user-provided function returns a single '
                               'Tensor with a single element.')
        v = (ones_like(outputs[0]),)
    v = _as_tuple(v)
    return (_result(outputs, create_graph, out_tuple),
            _result(_grads(outputs, inputs, v, create_graph), create_graph, is_tuple))


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v): the Jacobian-vector product, by differentiating a vector-Jacobian product with respect
    to its vector (the double-backward trick PyTorch uses too)."""
    from ..factories import ones_like, zeros_like
    inputs = _prepare(_as_tuple(inputs), create_graph)
    if v is None:
        if len(inputs) != 1 or inputs[0].numel() != 1:
            raise RuntimeError('The vector v can only be None if the input to the user-provided function is a '
                               'single Tensor with a single element.')
        v = (ones_like(inputs[0]),)
    v = _as_tuple(v)
    outputs = _call(func, inputs)
    out_tuple = isinstance(outputs, (tuple, list))
    outputs = _as_tuple(outputs)
    from . import grad_mode
    with grad_mode.enable_grad():
        us = tuple(zeros_like(o).requires_grad_(True) for o in outputs)
        g = _grads(outputs, inputs, us, create_graph=True)
        jv = _grads(g, us, v, create_graph)
    return _result(outputs, create_graph, out_tuple), _result(jv, create_graph, out_tuple)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy='reverse-mode'):
    """The Jacobian of func at inputs, one row per output element (a backward pass each). For one input and one
    output: a tensor of shape output.shape + input.shape; else tuples (over outputs, then inputs) of such."""
    from ..functions.shape import stack
    from ..factories import zeros
    is_tuple = isinstance(inputs, (tuple, list))
    inputs = _prepare(_as_tuple(inputs), create_graph)
    outputs = _call(func, inputs)
    out_tuple = isinstance(outputs, (tuple, list))
    outputs = _as_tuple(outputs)
    blocks = []
    for out in outputs:
        flat = out.reshape(-1)
        rows = [_grads((flat[i],), inputs, (None,), create_graph) for i in range(flat.numel())]
        row = []
        for k, x in enumerate(inputs):
            block = (stack([r[k] for r in rows]) if rows else zeros(0, *x.shape, dtype=x.dtype))
            row.append(_result((block.reshape((*out.shape, *x.shape)),), create_graph, False))
        blocks.append(tuple(row) if is_tuple else row[0])
    return tuple(blocks) if out_tuple else blocks[0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy='reverse-mode'):
    """The Hessian of a function with a one-element output: the Jacobian of its gradient."""
    is_tuple = isinstance(inputs, (tuple, list))

    def gradient(*xs):
        out = func(*xs)
        if not hasattr(out, 'numel') or out.numel() != 1:
            raise RuntimeError('The function given to hessian should return a single Tensor with a single element.')
        return _grads((out.reshape(()),), xs, (None,), create_graph=True)

    h = jacobian(gradient, _as_tuple(inputs), create_graph)
    return h if is_tuple else h[0][0]


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T H): for a function with a one-element output."""
    return _hessian_product(func, inputs, v, create_graph)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v): equal to vhp's, the Hessian being symmetric (PyTorch computes it by double backward)."""
    return _hessian_product(func, inputs, v, create_graph)


def _hessian_product(func, inputs, v, create_graph):
    from ..factories import ones_like
    is_tuple = isinstance(inputs, (tuple, list))
    inputs = _prepare(_as_tuple(inputs), create_graph)
    out = _call(func, inputs)
    if isinstance(out, (tuple, list)) or out.numel() != 1:
        raise RuntimeError('The function given to hvp should return a single Tensor with a single element.')
    if v is None:
        if len(inputs) != 1 or inputs[0].numel() != 1:
            raise RuntimeError('The vector v can only be None if the input to the user-provided function is a '
                               'single Tensor with a single element.')
        v = (ones_like(inputs[0]),)
    from . import grad_mode
    with grad_mode.enable_grad():
        g = _grads((out,), inputs, (None,), create_graph=True)
        hv = _grads(g, inputs, _as_tuple(v), create_graph)
    return _result((out,), create_graph, False), _result(hv, create_graph, is_tuple)
