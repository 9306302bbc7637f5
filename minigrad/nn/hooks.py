"""A module call with hooks (Module.register_forward_pre_hook, register_forward_hook, register_full_backward_hook,
register_full_backward_pre_hook), as torch.nn.Module._call_impl runs them:

    args = pre_hook(module, args)               each may replace the arguments
    args = identity(args)                       BackwardHookFunctionBackward: calls the backward hooks with the
    out = module.forward(*args)                 gradients of the inputs and of the outputs
    out = hook(module, args, out)               each may replace the output
    out = identity(out)                         BackwardHookFunctionBackward: calls the backward pre-hooks
"""
import warnings

from ..autograd.function import Function
from ..tensor import Tensor


def call_with_hooks(module, args, kwargs):
    for id_, hook in list(module._forward_pre_hooks.items()):
        if id_ in module._forward_pre_hooks_with_kwargs:
            result = hook(module, args, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError('forward pre-hook must return None or a tuple of (new_args, new_kwargs), '
                                       f'but got {result}.')
                args, kwargs = result
        else:
            result = hook(module, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
    backward = BackwardHook(module) if module._backward_hooks or module._backward_pre_hooks else None
    if backward is not None:
        args = backward.wrap_inputs(args)
    out = module.forward(*args, **kwargs)
    for id_, hook in list(module._forward_hooks.items()):
        result = (hook(module, args, kwargs, out) if id_ in module._forward_hooks_with_kwargs
                  else hook(module, args, out))
        if result is not None:
            out = result
    return backward.wrap_outputs(out) if backward is not None else out


class BackwardHookFunction(Function):
    """An identity on the tensors a hooked module takes or returns: its backward hands their gradients to `call`,
    which may replace them (PyTorch's node of the same name)."""

    @staticmethod
    def forward(ctx, call, *tensors):
        ctx.call = call
        ctx.set_materialize_grads(False)
        return tensors

    @staticmethod
    def backward(ctx, *grads):
        return (None,) + tuple(ctx.call(grads))


class BackwardHook:
    """One module call's backward hooks: the gradients of the outputs come first (kept, after the pre-hooks), then
    those of the inputs, and the full backward hooks see both."""

    def __init__(self, module):
        self.module, self.grad_outputs, self.inputs, self.wrapped = module, None, [], []

    def wrap_inputs(self, args):
        """grad_input has one entry per tensor argument: None for one that requires no gradient."""
        self.inputs = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        self.wrapped = [k for k, i in enumerate(self.inputs) if args[i].requires_grad]
        return _replace(args, self.inputs, self.inputs_done)

    def wrap_outputs(self, out):
        if isinstance(out, Tensor):
            return _replace((out,), [0], self.outputs_done)[0]
        if isinstance(out, (tuple, list)):
            return type(out)(_replace(tuple(out), [i for i, o in enumerate(out) if isinstance(o, Tensor)],
                                      self.outputs_done))
        return out

    def outputs_done(self, grads):
        for hook in list(self.module._backward_pre_hooks.values()):
            result = hook(self.module, grads)
            if result is not None:
                grads = _checked(result, grads, 'backward pre hook')
        self.grad_outputs = grads
        if not self.wrapped and self.module._backward_hooks:
            warnings.warn('Full backward hook is firing when gradients are computed with respect to module outputs '
                          'since no inputs require gradients. See https://docs.pytorch.org/docs/main/generated/'
                          'torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details.')
            self.inputs_done(())
        return grads

    def inputs_done(self, grads):
        """The gradients of the wrapped inputs, after the full backward hooks (which see every tensor input)."""
        grad_input = [None] * len(self.inputs)
        for k, g in zip(self.wrapped, grads):
            grad_input[k] = g
        grad_input = tuple(grad_input)
        for hook in list(self.module._backward_hooks.values()):
            result = hook(self.module, grad_input, self.grad_outputs)
            if result is not None:
                grad_input = _checked(result, grad_input, 'backward hook')
        return tuple(grad_input[k] for k in self.wrapped)


def _replace(values, positions, call):
    """`values` with the tensors at `positions` that require grad passed through one BackwardHookFunction."""
    positions = [i for i in positions if values[i].requires_grad]
    if not positions:
        return values
    wrapped = BackwardHookFunction.apply(call, *[values[i] for i in positions])
    values = list(values)
    for i, w in zip(positions, wrapped):
        values[i] = w
    return tuple(values)


def _checked(result, grads, what):
    result = tuple(result) if isinstance(result, (tuple, list)) else (result,)
    if len(result) != len(grads):
        raise RuntimeError(f'{what} returned an invalid number of grad_input, got {len(result)}, but expected '
                           f'{len(grads)}')
    return result
