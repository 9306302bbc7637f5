"""The bilinear form of F.bilinear: out[b, o] = sum over i, j of x1[b, i] w[o, i, j] x2[b, j], as PyTorch's
_trilinear node (TrilinearBackward0) of the flattened inputs; minigrad.bilinear is nn.functional.bilinear."""
from . import grad_utils
from .table import export
from .. import dtypes
from ..autograd.function import Op
from ..backend import get_array_module


class TrilinearBackward0(Op):
    """out = the contraction `spec` of three operands (bilinear's, 'bi,oij,bj->bo': out[b, o] = sum_ij x1[b, i]
    w[o, i, j] x2[b, j]);  each operand's gradient is that contraction with g in the operand's place and the
    operand's subscripts as the output (dx1 = 'bo,oij,bj->bi' of g, w, x2;  dw = 'bi,bo,bj->oij' of x1, g, x2;
    dx2 = 'bi,oij,bo->bj' of x1, w, g): _trilinear nodes again, as PyTorch's _trilinear_backward"""

    @staticmethod
    def forward(ctx, x1, x2, x3, spec='bi,oij,bj->bo'):
        ctx.spec = spec
        ctx.save_for_backward(x1, x2, x3)
        return get_array_module(x1, x2, x3).einsum(spec, x1, x2, x3, optimize=True)

    @staticmethod
    def backward(ctx, g):
        operands = list(ctx.saved_tensors)
        inputs, output = ctx.spec.split('->')
        subscripts = inputs.split(',')

        def grad(k):        # operand k's: g in its place, its subscripts the output
            spec = ','.join(subscripts[:k] + [output] + subscripts[k + 1:]) + '->' + subscripts[k]
            return grad_utils.run(TrilinearBackward0, *operands[:k], g, *operands[k + 1:], spec=spec)
        return tuple(grad(k) if need else None for k, need in enumerate(ctx.needs_input_grad))


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
