"""Float math of two (or three) tensors: copysign, lerp, clamp_min and clamp_max, fmax and fmin, ldexp, nextafter,
heaviside, float_power, addcmul and addcdiv. Each node is named and numbered as PyTorch's: the form that takes a
number (copysign's ...Backward1, lerp's and clamp_min's ...Backward0) gives it no gradient."""
import numbers

from .elementwise import MulBackward1
from .grad_utils import call, data, is_tensor, masked, where, zeroed, zeros_like
from .nodiff import NotImplemented as Underivable
from .arguments import (METHOD_OTHER, POW_SIGNATURES, TENSOR_OR_NUMBER_OTHER, NotAnOperand, invalid_arguments,
                        overloads)
from .operands import (check_number_bounds_inplace, common_dtype, float_operands, kernel_takes, operands,
                       require_tensor_inplace, require_tensors, write_out)
from .special import power_of_two_grad
from .table import export
from ..autograd import views
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import check_broadcast
from .. import dtypes
from ..tensor import Tensor

C_TYPE_NAMES = {'float16': 'c10::Half', 'float32': 'float', 'float64': 'double', 'int64': 'long int', 'int32': 'int',
                'int16': 'short int', 'int8': 'signed char', 'uint8': 'unsigned char', 'bool': 'bool'}


class CopysignBackward0(Op):
    """copysign(a, b) for tensors: out = |a| with the sign of b (-0 counts as negative);  da = g * out / a (0 where
    a = 0),  db = 0"""
    promotes = True
    one_input = False

    @staticmethod
    def forward(ctx, a, b):
        out = get_array_module(a, b).copysign(a, b)
        # a for da alone, as PyTorch's, which keeps it always with a number b (its node has one input)
        ctx.save_for_backward(a if ctx.needs_input_grad[0] or ctx.one_input else None, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, out = ctx.saved_tensors
        da = None
        if ctx.needs_input_grad[0]:
            da = g * where(a != 0, out / a, 0.0)    # PyTorch's formula: NaN at a NaN a; recorded under create_graph
        return da, (zeros_like(g) if ctx.needs_input_grad[1] else None)


class CopysignBackward1(CopysignBackward0):
    """copysign(a, b) for a number b: out = |a| with the sign of b;  da = g * out / a (0 where a = 0)"""
    one_input = True


class LerpBackward0(Op):
    """lerp(a, b, w) for a number w: out = a + w (b - a);  da = g (1 - w),  db = g w"""

    @staticmethod
    def forward(ctx, a, b, weight):
        ctx.w = weight
        return a + weight * (b - a) if abs(weight) < 0.5 else b - (b - a) * (1 - weight)  # PyTorch's two forms

    @staticmethod
    def backward(ctx, g):
        return MulBackward1.of(g, 1 - ctx.w), MulBackward1.of(g, ctx.w)


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
    promotes = True
    tensor_bound = False    # PyTorch keeps a, and m when it is a tensor: an in-place change to one is its error
    kept = staticmethod(lambda a, m: a >= m)
    bound = staticmethod(lambda a, m: a < m)    # where m is the result (neither mask holds at a NaN)
    pick = staticmethod(lambda xp, a, m: xp.maximum(a, m))

    @staticmethod
    def forward(ctx, a, m):
        need_m = ctx.tensor_bound and ctx.needs_input_grad[1]
        ctx.mask, ctx.bound_mask = ctx.kept(a, m), ctx.bound(a, m) if need_m else None
        ctx.save_for_backward(m if ctx.tensor_bound else None, a)
        return ctx.pick(get_array_module(a, m), a, m)

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors       # raises if a (or m) changed in place since forward
        return masked(g, ctx.mask), (masked(g, ctx.bound_mask) if ctx.bound_mask is not None else None)


class ClampMinBackward1(ClampMinBackward0):
    """clamp_min(a, m) for a tensor m: out = max(a, m);  da = g where a >= m, dm = g where a < m (both 0 where a or
    m is NaN, as PyTorch's formula)"""
    tensor_bound = True


class ClampMaxBackward0(ClampMinBackward0):
    """clamp_max(a, m) for a number m: out = min(a, m);  da = g where a <= m, else 0"""
    kept = staticmethod(lambda a, m: a <= m)
    bound = staticmethod(lambda a, m: a > m)
    pick = staticmethod(lambda xp, a, m: xp.minimum(a, m))


class ClampMaxBackward1(ClampMaxBackward0):
    """clamp_max(a, m) for a tensor m: out = min(a, m);  da = g where a <= m, dm = g where a > m (both 0 where a or
    m is NaN, as PyTorch's formula)"""
    tensor_bound = True


class FmaxBackward0(Op):
    """out = max(a, b), NaN only where both are NaN;  da = g where a >= b or b is NaN, db = g elsewhere (a tie goes
    to a, unlike maximum's halves)"""
    promotes = True

    pick = 'fmax'

    @classmethod
    def forward(cls, ctx, a, b):
        ctx.save_for_backward(b, a)     # PyTorch keeps both, and checks them for in-place changes
        return getattr(get_array_module(a, b), cls.pick)(a, b)

    @classmethod
    def backward(cls, ctx, g):
        b, a = ctx.saved_tensors
        to_a = ((a >= b) if cls.pick == 'fmax' else (a <= b)) | call('isnan', b)
        return zeroed(g, ~to_a), (zeroed(g, to_a) if ctx.needs_input_grad[1] else None)


class FminBackward0(FmaxBackward0):
    """out = min(a, b), NaN only where both are NaN;  da = g where a <= b or b is NaN, db = g elsewhere"""
    pick = 'fmin'


class LdexpBackward0(Op):
    """out = a * 2^e in the dtype of a and e promoted, rounded as PyTorch's kernels round it. A float a with an
    integer e is a true ldexp: no 2^e is formed (float16 2^-10 * 2^20 is 1024, not inf), and e wraps to the
    kernel's 32-bit int. Otherwise 2^e is taken in e's dtype (in float64 for a 0-d e beside float64), and the
    product in float32 for a float16 result;
    da = g * 2^e (an integer e's in integer pow: 0 where it overflows, as PyTorch's),  de = g * out * ln 2"""

    @staticmethod
    def forward(ctx, a, e):
        xp = get_array_module(a)
        if a.dtype.kind == 'f' and e.dtype.kind in 'iu':
            out = xp.ldexp(a, e.astype(xp.int32))
        else:
            dtype = dtypes.promote_all([x.dtype for x in (a, e) if x.ndim], [x.dtype for x in (a, e) if not x.ndim])
            wide = not e.ndim and xp.float64 in (a.dtype, e.dtype)
            power = exp2(e.astype(xp.float64) if wide else e)
            opmath = xp.float32 if dtype == xp.float16 else dtype
            out = (a.astype(dtype).astype(opmath, copy=False) * power.astype(opmath, copy=False)).astype(dtype)
        ctx.save_for_backward(e if ctx.needs_input_grad[0] else None, out)   # the output always, as PyTorch's
        return out

    @staticmethod
    def backward(ctx, g):
        e, out = ctx.saved_tensors
        return (g * power_of_two(e) if ctx.needs_input_grad[0] else None,
                power_of_two_grad(g, out) if ctx.needs_input_grad[1] else None)


def power_of_two(e):
    """2^e in e's own dtype, as PyTorch's ldexp formula computes it: an integer e's negative powers are 0 (integer
    pow; on Tensors, pow itself follows that rule)."""
    if data(e).dtype.kind == 'f':
        return e.exp2() if is_tensor(e) else exp2(e)
    if is_tensor(e):
        return 2 ** e
    xp = get_array_module(e)
    return xp.where(e >= 0, 2 ** xp.maximum(e, 0), 0).astype(e.dtype)


def exp2(e):
    """2^e of a float array, correctly rounded as PyTorch's (numpy's float32 exp2 may be an ulp off: in float64, then
    rounded)."""
    xp = get_array_module(e)
    return xp.exp2(e.astype(xp.float64)).astype(e.dtype) if e.dtype.itemsize < 8 else xp.exp2(e)


class NextafterBackward0(Op):
    """out = the next float after a towards b, b itself where a == b;  da = g where a != b, else 0 (there out is
    b),  db = 0 (PyTorch's: a step of one ulp)"""
    promotes = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(*(b, a) if ctx.needs_input_grad[0] else ())    # da's, as PyTorch's
        return get_array_module(a, b).nextafter(a, b)

    @staticmethod
    def backward(ctx, g):
        da = None
        if ctx.needs_input_grad[0]:
            b, a = ctx.saved_tensors
            da = masked(g, a != b)
        return da, (zeros_like(g) if ctx.needs_input_grad[1] else None)


class AddcmulBackward0(Op):
    """out = a + v * t1 * t2;  da = g,  dt1 = g * v * t2,  dt2 = g * v * t1"""
    promotes = True

    @staticmethod
    def forward(ctx, a, t1, t2, value):
        need = ctx.needs_input_grad
        ctx.value = value
        ctx.save_for_backward(t1 if need[2] else None, t2 if need[1] else None)
        return a + value * t1 * t2

    @staticmethod
    def backward(ctx, g):
        t1, t2 = ctx.saved_tensors
        need = ctx.needs_input_grad
        return g, (g * ctx.value * t2 if need[1] else None), (g * ctx.value * t1 if need[2] else None)


class AddcdivBackward0(Op):
    """out = a + v * t1 / t2;  da = g,  dt1 = g * (v / t2),  dt2 = -g * (v * t1 / (t2 * t2)) (PyTorch's order)"""
    promotes = True

    @staticmethod
    def forward(ctx, a, t1, t2, value):
        ctx.value = value
        ctx.save_for_backward(t1 if ctx.needs_input_grad[2] else None, t2)
        return a + value * (t1 / t2)

    @staticmethod
    def backward(ctx, g):
        t1, t2 = ctx.saved_tensors
        need = ctx.needs_input_grad
        return (g, (g * (ctx.value / t2) if need[1] else None),
                (-g * (ctx.value * t1 / (t2 * t2)) if need[2] else None))


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
    if not isinstance(bound, Tensor):
        bound = dtypes.checked_value(bound, dtypes.scalar_dtype(input._data.dtype, bound))
    a, b = operands(input, bound)
    if not isinstance(bound, Tensor):
        kernel_takes(common_dtype(a, b), f'{name}_scalar_cpu', 'iuf')
    return (tensor_node if isinstance(bound, Tensor) else number_node).apply(a, b)



# -- the public ops ---------------------------------------------------------------------------------------
@export(inplace=True)
@overloads(TENSOR_OR_NUMBER_OTHER, METHOD_OTHER)
def copysign(input, other, *, out=None):
    if not isinstance(input, Tensor):
        raise invalid_arguments('copysign', (input, other), TENSOR_OR_NUMBER_OTHER)
    node = CopysignBackward0 if isinstance(other, Tensor) else CopysignBackward1
    return write_out(node.apply(*float_operands(input, other)), out, 'copysign')


@export(inplace=True)
def lerp(input, end, weight, *, out=None):
    """input + weight * (end - input): the straight line from input (weight 0) to end (weight 1)."""
    if not isinstance(end, Tensor) or not isinstance(weight, (Tensor, numbers.Real)):
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


@export()
def fmax(input, other, *, out=None):
    """The larger of each pair, ignoring a NaN where the other is a number."""
    require_tensors(input, other)
    return write_out(FmaxBackward0.apply(*operands(input, other)), out, 'fmax')


@export()
def fmin(input, other, *, out=None):
    """The smaller of each pair, ignoring a NaN where the other is a number."""
    require_tensors(input, other)
    return write_out(FminBackward0.apply(*operands(input, other)), out, 'fmin')


def ldexp_into(name, input, other):
    """x.ldexp_(e) (or out=x): x must hold floats (PyTorch words the error its own way)."""
    require_tensors(input, other)
    if input._data.dtype.kind != 'f':
        raise RuntimeError(f"ldexp can't be cast to the desired output type {dtypes.title(input.dtype)}")
    check_exponent(input, other)


def check_exponent(input, other):
    if other.dtype is dtypes.bool and input._data.dtype.kind == 'f':     # PyTorch's float kernel takes no bool
        raise NotImplementedError('"ldexp_cpu_exp" not implemented for \'Bool\'')  # exponent (an integer a: floats)


@export(inplace=ldexp_into)
def ldexp(input, other, *, out=None):
    """input * 2**other; integers give floats."""
    require_tensors(input, other)
    check_exponent(input, other)
    if out is not None:
        ldexp_into('ldexp', out, other)
    a, e = operands(input, other)
    if not (a._data.dtype.kind == 'f' and e._data.dtype.kind in 'iu'):   # (that pair: PyTorch's ldexp kernel)
        a, e = float_operands(a, e)
    return write_out(LdexpBackward0.apply(a, e), out, 'ldexp')


ldexp.reads_first = True    # ldexp_ reads its exponent before it writes, as PyTorch's: x[1:].ldexp_(x[:-1]) works


@export(inplace=require_tensor_inplace)
def nextafter(input, other, *, out=None):
    require_tensors(input, other)
    a, b = operands(input, other)
    kernel_takes(common_dtype(a, b), 'nextafter_cpu', 'f')
    return write_out(NextafterBackward0.apply(a, b), out, 'nextafter')


@export()
def heaviside(input, values, *, out=None):
    """0 where input < 0, 1 where input > 0, `values` where input == 0."""
    return write_out(step(input, values, 'heaviside'), out, None)


@export(function=False)
def heaviside_(input, values):
    require_tensors(input, values, other_name='values')
    views.check_inplace(input, values)      # PyTorch's autograd errors (a leaf that requires grad) first,
    same_dtypes(input, values)      # then the dtypes, before the in-place cast check
    return views.inplace(input, step, values, 'heaviside_')


def same_dtypes(input, values):
    if input.dtype != values.dtype:
        raise RuntimeError('heaviside is not yet implemented for tensors with different dtypes.')


def step(input, values, name):
    """heaviside's node, `name` the op its backward names."""
    require_tensors(input, values, other_name='values')
    same_dtypes(input, values)
    check_broadcast(input.shape, values.shape)
    return Underivable.apply(input, values, out=heaviside_kernel(input._data, values._data), aten=name)


def heaviside_kernel(a, values):
    """PyTorch's kernel: values where a == 0, else a > 0 (0 for a NaN a, where numpy's heaviside gives NaN), for
    every dtype (numpy's is for floats only)."""
    xp = get_array_module(a, values)
    return xp.where(a == 0, values, a > 0).astype(a.dtype)


def float_power_inplace(name, input, exponent):
    """x.float_power_(e): x must already be float64."""
    if input.dtype.name != 'float64':
        raise RuntimeError(f"the base given to float_power_ has dtype {dtypes.title(input.dtype)} but the "
                           "operation's result requires dtype Double")


float_power_inplace.before_autograd = True      # PyTorch's float_power_ checks the dtype before autograd does


@export(inplace=float_power_inplace)
@overloads(POW_SIGNATURES, ('Tensor exponent', 'Number exponent'))
def float_power(input, exponent, *, out=None):
    """input ** exponent computed in float64, whatever the inputs' dtypes."""
    if not isinstance(exponent, (Tensor, numbers.Number)):
        raise NotAnOperand(exponent)
    if not isinstance(input, Tensor):
        if not isinstance(input, numbers.Number):
            raise NotAnOperand(input, 'input', 1)
        return float_power(Tensor._make(exponent.xp.asarray(input, dtype='float64')), exponent, out=out)
    if out is not None and out.dtype.name != 'float64':
        raise RuntimeError(f'the output given to float_power has dtype {dtypes.title(out.dtype)} but the '
                           "operation's result requires dtype Double")
    double = input.double()
    return write_out(double.pow(exponent.double() if isinstance(exponent, Tensor) else exponent), out, 'pow')


@export(inplace=True)
def addcmul(input, tensor1, tensor2, *, value=1, out=None):
    """input + value * tensor1 * tensor2"""
    a, t1, t2 = three_operands(input, tensor1, tensor2)
    kernel_takes(common_dtype(a, t1, t2), 'addcmul_cpu_out', 'iuf')
    return write_out(AddcmulBackward0.apply(a, t1, t2, value=value), out, 'addcmul')


@export(inplace=True)
def addcdiv(input, tensor1, tensor2, *, value=1, out=None):
    """input + value * tensor1 / tensor2 (floats only)"""
    a, t1, t2 = three_operands(input, tensor1, tensor2)
    if t1._data.dtype.kind in 'biu' and t2._data.dtype.kind in 'biu':
        raise RuntimeError(ADDCDIV_INTEGERS)
    return write_out(AddcdivBackward0.apply(a, t1, t2, value=value), out, 'addcdiv')


ADDCDIV_INTEGERS = (
    'Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true '
    'division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * '
    'torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) '
    'for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * tensor1 / '
    'tensor2), for all dtypes.')


def three_operands(a, b, c):
    """a, b and c as Tensors on one device, each in its own dtype (the op promotes all three at once); tensor1 and
    tensor2 (b and c) must be tensors, as in PyTorch."""
    for arg, value, position in (('tensor1', b, 2), ('tensor2', c, 3)):
        if not isinstance(value, Tensor):
            raise NotAnOperand(value, arg, position)
    a, b = operands(a, b)
    a, c = operands(a, c)
    return a, b, c
