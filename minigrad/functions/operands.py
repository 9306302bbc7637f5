"""What the ops share before they compute: their tensor operands in one dtype and on one device, numpy's axis/keepdims
arguments, and the out= argument."""
import functools
import numbers

from .cast import ToCopyBackward0
from .arguments import NotAnOperand
from .. import dtypes
from ..autograd import grad_mode
from ..backend import check_same_device
from ..tensor import Tensor


def cast(t, np_dtype):
    """t in the numpy dtype `np_dtype` (itself when it already is): a ToCopyBackward0 node, as PyTorch's .to()."""
    return t if t._data.dtype == np_dtype else ToCopyBackward0.apply(t, dtype=np_dtype)


def floating(t):
    """t, or a copy in the default float dtype if it holds integers or bools (exp, log, ... of integers give floats
    in PyTorch)."""
    return t if t._data.dtype.kind == 'f' else cast(t, dtypes.get_default_dtype().np)


def as_operand(x, like):
    """x as a Tensor beside the tensor `like`: on its device, a Python number in the dtype PyTorch gives it."""
    if isinstance(x, Tensor):
        if cpu_scalar_meets_cuda(x, like):
            return ToCopyBackward0.apply(x, device=like.device)
        check_same_device((like._data, x._data))
        return x
    if isinstance(x, numbers.Number):
        dtypes.check_int64(x)
        dtype = dtypes.scalar_dtype(like._data.dtype, x)
        if dtype.kind in 'iu' and isinstance(x, numbers.Integral):    # beyond the dtype it wraps, as in PyTorch
            return Tensor._make(like.xp.asarray(x).astype(dtype))
        return Tensor._make(like.xp.asarray(x, dtype=dtype))
    raise NotAnOperand(x)


def operands(a, b):
    """(a, b) as Tensors on one device, each in its own dtype; either may be a Python number (a tensor in the dtype
    PyTorch gives it). The op computes in their common dtype (an Op with `promotes`, or `promoted`), and backward
    sees each as it is, as PyTorch's. A CPU 0-dim tensor beside a CUDA tensor joins it on the GPU, on either side."""
    if not isinstance(a, Tensor):
        if not isinstance(b, Tensor):
            raise NotAnOperand(a, 'input', 1)
        b, a = operands(b, a)
        return a, b
    if isinstance(b, Tensor) and cpu_scalar_meets_cuda(a, b):
        a = ToCopyBackward0.apply(a, device=b.device)
    return a, as_operand(b, a)


def common_dtype(*tensors):
    """The numpy dtype PyTorch computes an op of these tensors in (dtypes.promote_all: 0-dim ones widen no dtype of
    their category)."""
    return dtypes.promote_all([t._data.dtype for t in tensors if t._data.ndim],
                              [t._data.dtype for t in tensors if not t._data.ndim])


def promoted(a, b):
    """operands(a, b), both in their common dtype: for the ops that give no gradient (comparisons, bitwise ops)."""
    a, b = operands(a, b)
    if a._data.dtype == b._data.dtype:
        return a, b
    dtype = common_dtype(a, b)
    with grad_mode.no_grad():   # (no node: nor PyTorch's autograd check of a view whose base changed)
        return cast(a, dtype), cast(b, dtype)


def float_operands(a, b):
    """operands(a, b), both in the default float dtype when their common dtype is not a float one (dividing integers,
    copysign of integers give floats)."""
    a, b = operands(a, b)
    if common_dtype(a, b).kind == 'f':
        return a, b
    dtype = dtypes.get_default_dtype().np
    return cast(a, dtype), cast(b, dtype)


def overload_node(input, other, nodes):
    """The node of a float op with PyTorch's three overloads (xlogy, special.zeta) applied: nodes[0] for two
    tensors, nodes[1] for a number and a tensor, nodes[2] for a tensor and a number."""
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):   # (the binding words it: its overloads)
        raise NotAnOperand(input, 'input', 1)
    node = nodes[0 if isinstance(input, Tensor) and isinstance(other, Tensor) else 2 if isinstance(input, Tensor)
                 else 1]
    return node.apply(*float_operands(input, other))


def cpu_scalar_meets_cuda(x, t):
    """Whether x is a CPU scalar (0-dim) tensor and t a CUDA tensor: PyTorch's elementwise ops then move x to t's
    device (`cuda_x * torch.tensor(2.0)`) where any other mix of devices is an error."""
    return x._data.ndim == 0 and t.is_cuda and not x.is_cuda


def numpy_names(fn):
    """fn that also takes numpy's names axis= for dim= and keepdims= for keepdim=, as PyTorch does wherever it takes
    a dim (x.amax(axis=(0, 1), keepdims=True))."""
    @functools.wraps(fn)
    def call(*args, **kwargs):
        if 'axis' in kwargs:
            kwargs['dim'] = kwargs.pop('axis')
        if 'keepdims' in kwargs:
            kwargs['keepdim'] = kwargs.pop('keepdims')
        return fn(*args, **kwargs)
    return call


def kernel_takes(a, kernel, kinds, half=True):
    """PyTorch's error when its kernel `kernel` has no loop for the dtype of the array a (or the numpy dtype a), as
    '"frac_cpu" not implemented for 'Long'' (rather than a numpy result PyTorch would not give): `kinds` are the numpy
    dtype kinds it takes ('f', 'biu'), float16 among them unless not `half`."""
    dtype = getattr(a, 'dtype', a)
    if dtype.kind not in kinds or not half and dtype == 'float16':
        raise NotImplementedError(f'"{kernel}" not implemented for \'{dtypes.title(dtype)}\'')


def require_tensors(input, other, other_name='other'):
    """PyTorch's TypeError when input or other of an op (atan2, hypot, isclose, ...) is not a Tensor: NotAnOperand,
    which the op's binding words (its name; the method's positions count after x, none for a keyword argument)."""
    for position, (arg, value) in enumerate((('input', input), (other_name, other)), 1):
        if not isinstance(value, Tensor):
            raise NotAnOperand(value, arg, position)


def check_sub(a, b):
    """PyTorch has no subtraction with a bool operand (a tensor, True/False, or an array in a backward formula)."""
    bools = [x is True or x is False or getattr(getattr(x, '_data', x), 'dtype', None) == bool for x in (a, b)]
    if bools[0] and bools[1]:
        raise RuntimeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or '
                           '`logical_xor()` operator instead.')
    if bools[0] or bools[1]:
        raise RuntimeError('Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to '
                           'invert a mask, use the `~` or `logical_not()` operator instead.')


def write_out(result, out, name, exact=False):
    """Write into a user-given `out=` tensor, as torch.add(x, y, out=result) does. PyTorch refuses it in grad mode
    when an input (so the result) or `out` requires grad, naming the op `name` (None: an op it cannot differentiate,
    which it does not check: `out` then takes the result's node), and refuses an `out` that cannot hold the result's
    dtype (`exact`: any other dtype)."""
    if out is None:
        return result
    if name is not None and grad_mode._enabled and (result._requires_grad or out._requires_grad):
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic differentiation, "
                           'but one of the arguments requires grad.')
    if exact and out._data.dtype != result._data.dtype:
        raise RuntimeError(f'Found dtype {dtypes.title(out.dtype)} but expected {dtypes.title(result.dtype)}')
    dtypes.check_cast(result._data.dtype, out._data.dtype)
    if out._data.shape == result._data.shape:
        out._data[...] = result._data
    else:
        out._data = result._data.astype(out._data.dtype)
    out._vc[0] += 1
    if result.grad_fn is not None:
        out._grad_fn, out._requires_grad, out._output_nr = result.grad_fn, True, 0
    return out


def require_tensor_inplace(name, input, other, **kwargs):
    """x.atan2_(other), hypot_, ...: PyTorch's TypeError for an `other` that is not a Tensor."""
    require_tensors(input, other)


def check_number_bounds_inplace(name, input, *bounds, **named):
    """x.clamp_(), clamp_min_(), clamp_max_() with number bounds: PyTorch's error for a result x cannot hold
    ('result type Float can't be cast to the desired output type long int')."""
    bounds += tuple(named.values())
    if all(isinstance(b, numbers.Number) or b is None for b in bounds):
        dtypes.check_cast(dtypes.with_scalars(input._data.dtype, *bounds), input._data.dtype, dtypes.cpp_name)


def write_outs(results, out, name):
    """out= of an op with several results (a named tuple `results`): each written into its tensor of `out`."""
    if out is None:
        return results
    return type(results)(*(write_out(r, o, name) for r, o in zip(results, out)))
