"""What the ops share before they compute: their tensor operands in one dtype and on one device, numpy's axis/keepdims
arguments, and the out= argument."""
import numbers

from .cast import ToCopyBackward0
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
        dtype = dtypes.scalar_dtype(like._data.dtype, x)
        if isinstance(x, numbers.Integral) and dtype.kind in 'iu':    # beyond the dtype it wraps, as in PyTorch
            return Tensor._make(like.xp.asarray(x).astype(dtype))
        return Tensor._make(like.xp.asarray(x, dtype=dtype))
    return Tensor._make(like.xp.asarray(x))


def operands(a, b):
    """(a, b) as Tensors in the dtype PyTorch computes in (dtypes.result_type); either may be a Python number.
    A CPU 0-dim tensor beside a CUDA tensor joins it on the GPU, on either side."""
    if not isinstance(a, Tensor):
        b, a = operands(b, a)
        return a, b
    if isinstance(b, Tensor) and cpu_scalar_meets_cuda(a, b):
        a = ToCopyBackward0.apply(a, device=b.device)
    b = as_operand(b, a)
    if a._data.dtype == b._data.dtype:
        return a, b
    dtype = dtypes.result_type(a._data.dtype, b._data.dtype, a._data.ndim, b._data.ndim)
    return cast(a, dtype), cast(b, dtype)


def cpu_scalar_meets_cuda(x, t):
    """Whether x is a CPU scalar (0-dim) tensor and t a CUDA tensor: PyTorch's elementwise ops then move x to t's
    device (`cuda_x * torch.tensor(2.0)`) where any other mix of devices is an error."""
    return x._data.ndim == 0 and t.is_cuda and not x.is_cuda


def np_aliases(dim, keepdim, axis, keepdims):
    """PyTorch's dim/keepdim, or numpy's axis/keepdims (which the tutorials' numpy habits bring along)."""
    return (axis if dim is None else dim), (keepdims if keepdims is not None else keepdim)


def kernel_takes(a, kernel, kinds):
    """PyTorch's error when its kernel `kernel` has no loop for a's dtype, as '"frac_cpu" not implemented for 'Long''
    (rather than a numpy result PyTorch would not give): `kinds` are the numpy dtype kinds it takes ('f', 'biu')."""
    if a.dtype.kind not in kinds:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{dtypes.title(a.dtype)}\'')


def require_tensors(name, input, other):
    """PyTorch's TypeError when input or other of the op `name` is not a Tensor (atan2, hypot, isclose, ...)."""
    for position, (arg, value) in enumerate((('input', input), ('other', other)), 1):
        if not isinstance(value, Tensor):
            raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, not "
                            f"{type(value).__name__}")


TENSOR_OR_NUMBER_OTHER = ('Tensor input, Tensor other', 'Tensor input, Number other')   # fmod, copysign, ...


def invalid_arguments(name, args, signatures, keywords='*, Tensor out = None'):
    """PyTorch's TypeError for arguments that fit none of the op's `signatures` ('Tensor input, Number other'), each
    followed by the keyword-only arguments `keywords` (None: the signatures are written whole)."""
    got = ', '.join(type(a).__name__ for a in args)
    return TypeError(f'{name}() received an invalid combination of arguments - got ({got}), but expected one of:\n'
                     + ''.join(f' * ({s}, {keywords})\n' if keywords else f' * ({s})\n' for s in signatures))


def write_out(result, out, name):
    """Write into a user-given `out=` tensor, as torch.add(x, y, out=result) does. PyTorch refuses it in grad mode
    when an input (so the result) or `out` requires grad, naming the op `name` (None: an op it cannot differentiate,
    which it does not check)."""
    if out is None:
        return result
    if name is not None and grad_mode._enabled and (result._requires_grad or out._requires_grad):
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic differentiation, "
                           'but one of the arguments requires grad.')
    if out._data.shape == result._data.shape:
        out._data[...] = result._data
    else:
        out._data = result._data.astype(out._data.dtype)
    out._vc[0] += 1
    return out
