"""The bilinear form of F.bilinear: out[b, o] = sum over i, j of x1[b, i] w[o, i, j] x2[b, j], as PyTorch's
_trilinear node (TrilinearBackward0) of the flattened inputs."""
from .einsum import einsum
from .grad_utils import is_tensor
from ..autograd.function import Op
from ..backend import get_array_module


def contract(spec, *operands):
    """einsum of arrays, or of Tensors (recorded, under create_graph)."""
    if is_tensor(operands[0]):
        return einsum(spec, *operands)
    return get_array_module(*operands).einsum(spec, *operands, optimize=True)


class TrilinearBackward0(Op):
    """out[b, o] = sum_ij x1[b, i] w[o, i, j] x2[b, j];  with every sum over the indices missing on the left:
    dx1 = g[b, o] w[o, i, j] x2[b, j] (over o, j),  dw = g[b, o] x1[b, i] x2[b, j] (over b),
    dx2 = g[b, o] w[o, i, j] x1[b, i] (over o, i)"""

    @staticmethod
    def forward(ctx, x1, w, x2):
        ctx.save_for_backward(x1, w, x2)
        return contract('bi,oij,bj->bo', x1, w, x2)

    @staticmethod
    def backward(ctx, g):
        x1, w, x2 = ctx.saved_tensors
        need_x1, need_w, need_x2 = ctx.needs_input_grad
        return (contract('bo,oij,bj->bi', g, w, x2) if need_x1 else None,
                contract('bo,bi,bj->oij', g, x1, x2) if need_w else None,
                contract('bo,oij,bi->bj', g, w, x1) if need_x2 else None)
