"""The bilinear form of F.bilinear: out[b, o] = sum over i, j of x1[b, i] w[o, i, j] x2[b, j], as PyTorch's
_trilinear node (TrilinearBackward0) of the flattened inputs; minigrad.bilinear is nn.functional.bilinear."""
from .einsum import einsum
from .grad_utils import is_tensor
from .table import export
from .. import dtypes
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


@export(method=False)
def bilinear(input1, input2, weight, bias=None):
    """out[..., o] = sum over i, j of input1[..., i] weight[o, i, j] input2[..., j] (+ bias[o]): PyTorch's composite,
    the _trilinear node (TrilinearBackward0) of the inputs flattened to 2-D, viewed back."""
    tensors = [('input1', input1), ('input2', input2), ('weight', weight)] + ([('bias', bias)] if bias is not None
                                                                               else [])
    if len({t.dtype for _, t in tensors}) > 1:
        raise RuntimeError('All tensors must have the same dtype, got ' +
                           ', '.join(f'{name}: {dtypes.cpp_name(t.dtype)}' for name, t in tensors))
    if input1.ndim != input2.ndim:
        raise RuntimeError(f'bilinear(): input dimensions do not match: got {input1.ndim} and {input2.ndim}')
    for dim, (a, b) in enumerate(zip(input1.shape[:-1], input2.shape[:-1])):
        if a != b:
            raise RuntimeError(f'bilinear(): input batch dimensions do not match at dim {dim}: got {a} and {b}')
    for name, x, dim in (('input1', input1, 1), ('input2', input2, 2)):
        if x.shape[-1] != weight.shape[dim]:
            raise RuntimeError(f'bilinear(): {name} size does not match weight size: got {x.shape[-1]} but expected '
                               f'{weight.shape[dim]}')
    if bias is not None and bias.shape[0] != weight.shape[0]:
        raise RuntimeError(f'bilinear(): bias size does not match weight size: got {bias.shape[0]} but expected '
                           f'{weight.shape[0]}')
    if input1.dtype == dtypes.bool:
        dtypes.not_implemented('bmm', input1.dtype)
    out = TrilinearBackward0.apply(input1.reshape(-1, input1.shape[-1]), weight, input2.reshape(-1, input2.shape[-1]))
    out = out.reshape(*input1.shape[:-1], weight.shape[0])
    return out if bias is None else out + bias
