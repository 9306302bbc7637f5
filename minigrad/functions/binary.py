"""Float math of two (or three) tensors: copysign, lerp, clamp_min and clamp_max. Each node is named and numbered as
PyTorch's: the form that takes a number (copysign's ...Backward1, lerp's and clamp_min's ...Backward0) gives it no
gradient."""
from .grad_utils import sign, zeros_like
from .operands import (TENSOR_OR_NUMBER_OTHER, check_number_bounds_inplace, floating, invalid_arguments, kernel_takes,
                       operands, write_out)
from .table import export
from ..autograd.function import Op
from ..backend import get_array_module
from ..tensor import Tensor

C_TYPE_NAMES = {'float16': 'c10::Half', 'float32': 'float', 'float64': 'double', 'int64': 'long int', 'int32': 'int',
                'int16': 'short int', 'int8': 'signed char', 'uint8': 'unsigned char', 'bool': 'bool'}


class CopysignBackward0(Op):
    """copysign(a, b) for tensors: out = |a| with the sign of b (-0 counts as negative);  da = g * out / a (0 where
    a = 0),  db = 0"""

    @staticmethod
    def forward(ctx, a, b):
        out = get_array_module(a, b).copysign(a, b)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        ratio = sign(a) * sign(out)     # out / a: +-1, and 0 where a = 0 (recorded under create_graph: derivative 0)
        return g * ratio, (zeros_like(g) if ctx.needs_input_grad[1] else None)


class CopysignBackward1(CopysignBackward0):
    """copysign(a, b) for a number b: out = |a| with the sign of b;  da = g * out / a (0 where a = 0)"""


class LerpBackward0(Op):
    """lerp(a, b, w) for a number w: out = a + w (b - a);  da = g (1 - w),  db = g w"""

    @staticmethod
    def forward(ctx, a, b, weight):
        ctx.w = weight
        return a + weight * (b - a) if abs(weight) < 0.5 else b - (b - a) * (1 - weight)  # PyTorch's two forms

    @staticmethod
    def backward(ctx, g):
        return g * (1 - ctx.w), g * ctx.w


class LerpBackward1(Op):
    """lerp(a, b, w) for a tensor w: out = a + w (b - a);  da = g (1 - w),  db = g w,  dw = g (b - a)"""

    @staticmethod
    def forward(ctx, a, b, w):
        ctx.save_for_backward(a if ctx.needs_input_grad[2] else None, b if ctx.needs_input_grad[2] else None, w)
        return get_array_module(a, b, w).where(abs(w) < 0.5, a + w * (b - a), b - (b - a) * (1 - w))

    @staticmethod
    def backward(ctx, g):
        a, b, w = ctx.saved_tensors
        need = ctx.needs_input_grad
        return (g * (1 - w) if need[0] else None, g * w if need[1] else None, g * (b - a) if need[2] else None)


class ClampMinBackward0(Op):
    """clamp_min(a, m) for a number m: out = max(a, m);  da = g where a >= m, else 0"""
    tensor_bound = False    # PyTorch keeps a, and m when it is a tensor: an in-place change to one is its error
    kept = staticmethod(lambda a, m: a >= m)
    pick = staticmethod(lambda xp, a, m: xp.maximum(a, m))

    @staticmethod
    def forward(ctx, a, m):
        ctx.mask = ctx.kept(a, m)
        ctx.save_for_backward(a, m if ctx.tensor_bound else None)
        return ctx.pick(get_array_module(a, m), a, m)

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors       # raises if a (or m) changed in place since forward
        return g * ctx.mask, (g * ~ctx.mask if ctx.tensor_bound and ctx.needs_input_grad[1] else None)


class ClampMinBackward1(ClampMinBackward0):
    """clamp_min(a, m) for a tensor m: out = max(a, m);  da = g where a >= m, dm = g where a < m"""
    tensor_bound = True


class ClampMaxBackward0(ClampMinBackward0):
    """clamp_max(a, m) for a number m: out = min(a, m);  da = g where a <= m, else 0"""
    kept = staticmethod(lambda a, m: a <= m)
    pick = staticmethod(lambda xp, a, m: xp.minimum(a, m))


class ClampMaxBackward1(ClampMaxBackward0):
    """clamp_max(a, m) for a tensor m: out = min(a, m);  da = g where a <= m, dm = g where a > m"""
    tensor_bound = True


def same_dtype(input, other, name):
    """lerp's rule: `other` (end or weight) must have input's dtype; PyTorch names both as C types."""
    if other.dtype != input.dtype:
        raise RuntimeError(f'expected dtype {C_TYPE_NAMES[input.dtype.name]} for `{name}` but got dtype '
                           f'{C_TYPE_NAMES[other.dtype.name]}')


def one_sided_clamp(name, number_node, tensor_node, input, bound):
    """clamp_min/clamp_max: the bound a number (number_node) or a tensor (tensor_node), promoted with input."""
    bound_name = name[-3:]
    if not isinstance(input, Tensor) or not isinstance(bound, (Tensor, int, float)):
        raise invalid_arguments(name, (input, bound), (f'Tensor input, Tensor {bound_name}',
                                                       f'Tensor input, Number {bound_name}'))
    a, b = operands(input, bound)
    if not isinstance(bound, Tensor):
        kernel_takes(a._data, f'{name}_scalar_cpu', 'iuf')
    return (tensor_node if isinstance(bound, Tensor) else number_node).apply(a, b)



# -- the public ops ---------------------------------------------------------------------------------------
@export(inplace=True)
def copysign(input, other, *, out=None):
    if not isinstance(input, Tensor):
        raise invalid_arguments('copysign', (input, other), TENSOR_OR_NUMBER_OTHER)
    node = CopysignBackward0 if isinstance(other, Tensor) else CopysignBackward1
    a, b = operands(input, other)
    return write_out(node.apply(floating(a), floating(b)), out, 'copysign')


@export(inplace=True)
def lerp(input, end, weight, *, out=None):
    """input + weight * (end - input): the straight line from input (weight 0) to end (weight 1)."""
    if not isinstance(end, Tensor) or not isinstance(weight, (Tensor, int, float)):
        raise invalid_arguments('lerp', (input, end, weight), ('Tensor input, Tensor end, Tensor weight',
                                                               'Tensor input, Tensor end, Number weight'))
    same_dtype(input, end, 'end')
    if not isinstance(weight, Tensor):
        kernel_takes(input._data, 'lerp_kernel_scalar', 'f')
        return write_out(LerpBackward0.apply(input, end, weight=weight), out, 'lerp')
    same_dtype(input, weight, 'weight')
    kernel_takes(input._data, 'lerp_kernel_tensor', 'f')
    return write_out(LerpBackward1.apply(input, end, weight), out, 'lerp')


@export(inplace=check_number_bounds_inplace)
def clamp_min(input, min, *, out=None):
    return write_out(one_sided_clamp('clamp_min', ClampMinBackward0, ClampMinBackward1, input, min), out,
                     'clamp_min', exact=not isinstance(min, Tensor))


@export(inplace=check_number_bounds_inplace)
def clamp_max(input, max, *, out=None):
    return write_out(one_sided_clamp('clamp_max', ClampMaxBackward0, ClampMaxBackward1, input, max), out,
                     'clamp_max', exact=not isinstance(max, Tensor))
