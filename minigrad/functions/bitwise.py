"""Bitwise ops on integer and bool tensors (& | ^ ~ << >>), with a Python number on either side. Their results are
integers or bools, so they carry no gradient and are computed on the arrays without a node (compare.constant).
Floats are refused with PyTorch's error."""
from .compare import constant
from .arguments import METHOD_OTHER, NUMBER_SELF_OTHER, overloads
from .operands import kernel_takes, promoted, write_out
from .table import export
from .. import dtypes
from ..autograd import views
from ..dims import check_broadcast, check_inplace_shape


def bitwise(input, other, name, kernel):
    """The array module's bitwise op `name` on the promoted operands (PyTorch's error for floats)."""
    views.check_read(input, other)
    a, b = promoted(input, other)
    check_broadcast(a.shape, b.shape)     # PyTorch reports the shapes before the dtype
    kernel_takes(a._data, kernel, 'biu')
    return constant(a, getattr(a.xp, name)(a._data, b._data))


def fits_inplace(name, input, other, **kwargs):
    """x.bitwise_and_(other), ...: PyTorch's errors before its kernel's: memory overlap, the shapes, then a result x
    cannot hold."""
    views.check_memory(input, other)
    a, b = promoted(input, other)
    check_broadcast(a.shape, b.shape)
    check_inplace_shape(input.shape, b.shape)
    dtypes.check_cast(a._data.dtype, input._data.dtype)


def shift(input, other, left):
    """a << b or a >> b on integers. PyTorch defines what numpy leaves undefined: a shift by a negative amount or by
    the type's width or more gives 0 to the left, and the sign (0 or -1) to the right."""
    views.check_read(input, other)
    a, b = promoted(input, other)
    check_broadcast(a.shape, b.shape)
    kernel_takes(a._data, 'lshift_cpu' if left else 'rshift_cpu', 'iu')
    xp, bits = a.xp, a._data.dtype.itemsize * 8
    defined = (b._data >= 0) & (b._data < bits)
    by = xp.where(defined, b._data, 0)
    if left:
        result = xp.where(defined, a._data << by, 0)
    else:
        result = xp.where(defined, a._data >> by, a._data >> (bits - 1) if a._data.dtype.kind == 'i' else 0)
    return constant(a, result.astype(a._data.dtype))


# -- the public ops ---------------------------------------------------------------------------------------
@export('__and__', inplace=fits_inplace)
@overloads(NUMBER_SELF_OTHER, METHOD_OTHER, keywords=None)
def bitwise_and(input, other, *, out=None):
    return write_out(bitwise(input, other, 'bitwise_and', 'bitwise_and_cpu'), out, 'bitwise_and')


@export('__or__', inplace=fits_inplace)
@overloads(NUMBER_SELF_OTHER, METHOD_OTHER, keywords=None)
def bitwise_or(input, other, *, out=None):
    return write_out(bitwise(input, other, 'bitwise_or', 'bitwise_or_cpu'), out, 'bitwise_or')


@export('__xor__', inplace=fits_inplace)
@overloads(NUMBER_SELF_OTHER, METHOD_OTHER, keywords=None)
def bitwise_xor(input, other, *, out=None):
    return write_out(bitwise(input, other, 'bitwise_xor', 'bitwise_xor_cpu'), out, 'bitwise_xor')


@export('__lshift__', inplace=fits_inplace)
@overloads(NUMBER_SELF_OTHER, METHOD_OTHER, keywords=None)
def bitwise_left_shift(input, other, *, out=None):
    return write_out(shift(input, other, left=True), out, 'bitwise_left_shift')


@export('__rshift__', inplace=fits_inplace)
@overloads(NUMBER_SELF_OTHER, METHOD_OTHER, keywords=None)
def bitwise_right_shift(input, other, *, out=None):
    return write_out(shift(input, other, left=False), out, 'bitwise_right_shift')


@export(inplace=True)
def bitwise_not(input, *, out=None):
    views.check_read(input)
    kernel_takes(input._data, 'bitwise_not_cpu', 'biu')
    return write_out(constant(input, ~input._data), out, 'bitwise_not')


@export(function=False)
def __invert__(input):
    if input._data.dtype.kind not in 'biu':
        raise TypeError('~ (operator.invert) is only implemented on integer and Boolean-type tensors')
    return bitwise_not(input)


# number & tensor, ...: the number on the left
@export(function=False)
def __rand__(input, other):
    return bitwise_and(other, input)


@export(function=False)
def __ror__(input, other):
    return bitwise_or(other, input)


@export(function=False)
def __rxor__(input, other):
    return bitwise_xor(other, input)


@export(function=False)
def __rlshift__(input, other):
    return bitwise_left_shift(other, input)


@export(function=False)
def __rrshift__(input, other):
    return bitwise_right_shift(other, input)


# x &= y, ...: in place, as x.bitwise_and_(y)
@export(function=False)
def __iand__(input, other):
    return input.bitwise_and_(other)


@export(function=False)
def __ior__(input, other):
    return input.bitwise_or_(other)


@export(function=False)
def __ixor__(input, other):
    return input.bitwise_xor_(other)


@export(function=False)
def __ilshift__(input, other):
    return input.bitwise_left_shift_(other)


@export(function=False)
def __irshift__(input, other):
    return input.bitwise_right_shift_(other)
