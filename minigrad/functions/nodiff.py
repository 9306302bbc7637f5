"""Nodes PyTorch records for results it has no derivative for (scatter with reduce=, bincount with weights,
unique): the result is computed beside the node and passed in; backward raises PyTorch's error."""
import math

from ..autograd.function import Op


class NotImplemented(Op):  # noqa: A001  (PyTorch's name for this node)
    """out = the result of the aten op `aten` (computed by the caller from a and the other inputs);
    da = an error: 'derivative for aten::<aten> is not implemented'"""

    def __init__(self):
        super().__init__()
        self._seq = math.inf    # PyTorch's error nodes take the largest sequence number: the engine runs them first

    @classmethod
    def apply(cls, *inputs, **params):
        """Op.apply; the node's edges lead to the inputs that require grad alone, as PyTorch's NotImplemented's."""
        result = super().apply(*inputs, **params)
        node = result.grad_fn
        if node is not None:
            need = node.needs_input_grad
            node.next_functions = tuple([e for e, n in zip(node.next_functions, need) if n])
            node.input_metas = tuple([m for m, n in zip(node.input_metas, need) if n])
        return result

    @staticmethod
    def forward(ctx, a, *others, out, aten):
        ctx.aten = aten
        return out

    @staticmethod
    def backward(ctx, g):
        raise RuntimeError(f'derivative for aten::{ctx.aten} is not implemented')


class Unique2Backward0(Op):
    """out = the distinct values of a (computed by unique);  da = an error: PyTorch has no derivative"""
    aten = '_unique2'

    @staticmethod
    def forward(ctx, a, out):
        return out

    @staticmethod
    def backward(ctx, g):
        raise NotImplementedError(f"the derivative for '{ctx.aten}' is not implemented.")


class UniqueDimBackward0(Unique2Backward0):
    """out = the distinct slices of a along dim (unique(dim=));  da = an error: PyTorch has no derivative"""
    aten = 'unique_dim'


class UniqueConsecutiveBackward0(Unique2Backward0):
    """out = a without consecutive repeats (unique_consecutive);  da = an error: PyTorch has no derivative"""
    aten = 'unique_consecutive'
