"""autograd.grad: gradients of outputs with respect to chosen inputs, without touching any .grad."""
from .engine import run_backward


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=None,
         materialize_grads=False):
    from ..tensor import Tensor
    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
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
