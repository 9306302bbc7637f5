"""Integer math: gcd and lcm. Their results are integers, so they carry no gradient and are computed on the arrays
without a node (compare.constant); floats and bools are refused with PyTorch's error."""
from .bitwise import fits_inplace
from .compare import constant
from .operands import kernel_takes, promoted, require_tensor_inplace, require_tensors, write_out
from .table import export
from ..autograd import views
from ..dims import check_broadcast


def integer(input, other, name):
    """The array module's `name` (gcd, lcm) on the promoted integer operands."""
    require_tensors(input, other)
    views.check_read(input, other)
    a, b = promoted(input, other)
    check_broadcast(a.shape, b.shape)     # PyTorch reports the shapes before the dtype
    kernel_takes(a._data, f'{name}_cpu', 'iu')
    return constant(a, getattr(a.xp, name)(a._data, b._data))


def fits(name, input, other):
    """x.gcd_(other), x.lcm_(other): PyTorch's errors before its kernel's: other a Tensor, then the shapes."""
    require_tensor_inplace(name, input, other)
    fits_inplace(name, input, other)


@export(inplace=fits)
def gcd(input, other, *, out=None):
    """The greatest common divisor of each pair, non-negative (gcd(0, 0) = 0)."""
    return write_out(integer(input, other, 'gcd'), out, None)


@export(inplace=fits)
def lcm(input, other, *, out=None):
    """The least common multiple of each pair, non-negative (0 if either is 0)."""
    return write_out(integer(input, other, 'lcm'), out, None)
