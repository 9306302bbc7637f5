"""Comparisons, logical and bitwise ops, tests (isnan, isfinite), all/any, argmax/argmin, nonzero: results that
never carry a gradient (bool or integer), computed on the arrays and returned as new tensors without a node."""
import numbers

from .arguments import METHOD_OTHER, TENSOR_OR_NUMBER_OTHER, NotAnOperand, invalid_arguments, overloads
from .grad_utils import zeros_like
from .operands import numpy_names, operands, promoted, require_tensors, write_out
from .table import export
from .. import dtypes
from ..autograd import grad_mode, views
from ..autograd.function import Op
from ..backend import get_array_module, is_host_array
from ..dims import check_broadcast, normalize_dims, reduced_dim
from ..tensor import Tensor


def constant(like, array):
    """A result without a gradient, on like's device: always an array (numpy gives a scalar for a 0-d result)."""
    return Tensor._make(array if array.ndim else like.xp.asarray(array))


def elementwise(input, other, name):
    """The array module's elementwise comparison or logical op `name` ('less', 'bitwise_and', ...) on the operands
    as arithmetic sees them (promoted; a CPU scalar tensor beside a CUDA one moved to its device, either side)."""
    a, b = promoted(input, other)
    if a._data.shape != b._data.shape:
        check_broadcast(a._data.shape, b._data.shape)
    return constant(a, getattr(a.xp, name)(a._data, b._data))


@export()
@overloads(TENSOR_OR_NUMBER_OTHER, METHOD_OTHER)
def eq(input, other, *, out=None):
    return write_out(elementwise(input, other, 'equal'), out, None)


@export('__ne__', 'not_equal')
@overloads(TENSOR_OR_NUMBER_OTHER, METHOD_OTHER)
def ne(input, other, *, out=None):
    return write_out(elementwise(input, other, 'not_equal'), out, None)


@export(function=False)
def __eq__(input, other):
    """x == other: eq, where a numpy array is a tensor (PyTorch's == takes one; its eq, !=, <, ... do not)."""
    return eq(input, Tensor._make(other) if is_host_array(other) else other)


@export('__lt__', 'less')
@overloads(TENSOR_OR_NUMBER_OTHER, METHOD_OTHER)
def lt(input, other, *, out=None):
    return write_out(elementwise(input, other, 'less'), out, None)


@export('__le__', 'less_equal')
@overloads(TENSOR_OR_NUMBER_OTHER, METHOD_OTHER)
def le(input, other, *, out=None):
    return write_out(elementwise(input, other, 'less_equal'), out, None)


@export('__gt__', 'greater')
@overloads(TENSOR_OR_NUMBER_OTHER, METHOD_OTHER)
def gt(input, other, *, out=None):
    return write_out(elementwise(input, other, 'greater'), out, None)


@export('__ge__', 'greater_equal')
@overloads(TENSOR_OR_NUMBER_OTHER, METHOD_OTHER)
def ge(input, other, *, out=None):
    return write_out(elementwise(input, other, 'greater_equal'), out, None)


class ComparisonBackward(Op):
    """x.gt_(other) and the other comparisons in place: out = (x > other) as 1 or 0 in x's dtype;  dx = 0,
    dother = 0 (a step). PyTorch names the node after the comparison, 0 for a number `other` (GtBackward0), 1 for
    a tensor (GtBackward1): the subclasses that comparison_ makes."""

    @staticmethod
    def forward(ctx, a, *other, ufunc, number=None):
        return getattr(get_array_module(a), ufunc)(a, other[0] if other else number).astype(a.dtype)

    @staticmethod
    def backward(ctx, g):
        zero = zeros_like(g)
        return zero if len(ctx.needs_input_grad) == 1 else (zero, zero)


def comparison_(name, ufunc):
    """x.gt_(other), ...: the comparison written into x (recorded, with a zero gradient, as PyTorch records it)."""
    number_node, tensor_node = (type(f'{name.title()}Backward{k}', (ComparisonBackward,), {'__slots__': ()})
                                for k in (0, 1))

    @overloads(None, METHOD_OTHER)
    def fn_(input, other):
        if isinstance(other, Tensor):
            return views.inplace(input, lambda x, y: tensor_node.apply(*operands(x, y), ufunc=ufunc), other)
        if not isinstance(other, numbers.Number):
            raise NotAnOperand(other)
        return views.inplace(input, lambda x: number_node.apply(x, ufunc=ufunc, number=other))
    fn_.__name__ = fn_.__qualname__ = name + '_'
    return fn_


for _name, _ufunc, _aliases in (('eq', 'equal', ()), ('ne', 'not_equal', ('not_equal_',)), ('lt', 'less', ('less_',)),
                                ('le', 'less_equal', ('less_equal_',)), ('gt', 'greater', ('greater_',)),
                                ('ge', 'greater_equal', ('greater_equal_',))):
    export(*_aliases, function=False)(comparison_(_name, _ufunc))


@export()
def equal(input, other):
    return input.shape == other.shape and bool((input._data == other._data).all())


@export()
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|input - other| <= atol + rtol * |other| elementwise (equal infinities are close; nans only with equal_nan)."""
    require_tensors(input, other)
    a, b = close_operands(input, other, rtol, atol)
    composite(input, other)
    return constant(a, a.xp.isclose(a._data, b._data, rtol, atol, equal_nan))


@export()
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether every element of input is close to other's (isclose; one kernel in PyTorch, not a composite)."""
    require_tensors(input, other)
    a, b = close_operands(input, other, rtol, atol)
    return bool(a.xp.isclose(a._data, b._data, rtol, atol, equal_nan).all())


def close_operands(input, other, rtol, atol):
    """isclose's checks, in PyTorch's words; the operands promoted onto one device."""
    if input.dtype != other.dtype:
        raise RuntimeError(f'{dtypes.title(input.dtype)} did not match {dtypes.title(other.dtype)}')
    for name, tol in (('rtol', rtol), ('atol', atol)):
        if tol < 0:
            raise RuntimeError(f'{name} must be greater than or equal to zero, but got {tol:g}')
    a, b = promoted(input, other)
    check_broadcast(a.shape, b.shape)
    return a, b


@export()
def logical_not(input):
    return constant(input, input.xp.logical_not(input._data))


def logical(input, other, name):
    """logical_and/or/xor: the truth (non-zero) of each element of both, broadcast; bool."""
    require_tensors(input, other)
    return elementwise(input, other, name)


@export()
def logical_and(input, other, *, out=None):
    return write_out(logical(input, other, 'logical_and'), out, None)


@export()
def logical_or(input, other, *, out=None):
    return write_out(logical(input, other, 'logical_or'), out, None)


@export()
def logical_xor(input, other, *, out=None):
    return write_out(logical(input, other, 'logical_xor'), out, None)


def untracked_inplace(fn):
    """x.fn_(...): fn's values (which carry no gradient) written into x, x's place in the graph left as it was:
    PyTorch neither records these nor refuses them on a leaf that requires grad."""
    def fn_(input, *args):
        if args:
            require_tensors(input, *args)
        views.check_memory(input, *args)
        return views.overwrite(input, fn(input, *args))
    fn_.__name__ = fn_.__qualname__ = fn.__name__ + '_'
    export(function=False)(fn_)


for _fn in (logical_and, logical_or, logical_xor, logical_not):
    untracked_inplace(_fn)


@export()
def isin(elements, test_elements, *, assume_unique=False, invert=False, out=None):
    """Whether each of `elements` is among `test_elements` (either may be a number); `invert`: is not."""
    if not isinstance(elements, Tensor) and not isinstance(test_elements, Tensor):
        raise invalid_arguments('isin', (elements, test_elements), (
            'Tensor elements, Tensor test_elements', 'Number element, Tensor test_elements',
            'Tensor elements, Number test_element'), '*, bool assume_unique = False, bool invert = False, Tensor out = None')
    if dtypes.bool in {x.dtype for x in (elements, test_elements) if isinstance(x, Tensor)}:
        raise RuntimeError('Unsupported input type encountered for isin(): Bool')
    a, b = promoted(elements, test_elements)
    return write_bools(constant(a, a.xp.isin(a._data, b._data, invert=invert)), out, 'isin')


@export()
def isnan(input):
    return constant(input, input.xp.isnan(input._data))


@export()
def isfinite(input):
    composite(input)
    return constant(input, input.xp.isfinite(input._data))


def composite(*tensors):
    """PyTorch computes isfinite and isclose of floats from ops it records (abs, sub): there a part of unbind or
    split whose base has changed in place raises its error, as in any recorded op (isinf and comparisons do not)."""
    if grad_mode.is_grad_enabled():
        for t in tensors:
            if t._view is not None and t._data.dtype.kind == 'f':
                t._view.sync(t)


@export()
def isinf(input):
    return constant(input, input.xp.isinf(input._data))


@export()
def isposinf(input, *, out=None):
    return write_bools(constant(input, input.xp.isinf(input._data) & (input._data > 0)), out, 'isposinf')


@export()
def isneginf(input, *, out=None):
    return write_bools(constant(input, input.xp.isinf(input._data) & (input._data < 0)), out, 'isneginf')


@export()
def isreal(input):
    """True everywhere: minigrad has no complex dtypes."""
    return constant(input, input.xp.ones(input._data.shape, dtype=bool))


@export()
def signbit(input, *, out=None):
    """Whether the sign bit is set: True for negative numbers and for -0.0."""
    return write_bools(constant(input, input.xp.signbit(input._data)), out, 'signbit')


def write_bools(result, out, name):
    """out= of a test whose result is bool: PyTorch refuses an `out` of another dtype (where write_out would cast)."""
    if out is not None and out._data.dtype.kind != 'b':
        raise RuntimeError(f'{name} does not support non-boolean outputs.')
    return write_out(result, out, name)


@export()
@numpy_names
def all(input, dim=None, keepdim=False):
    return truth(input, input._data.all(axis=normalize_dims(dim, input.ndim), keepdims=keepdim))


@export()
@numpy_names
def any(input, dim=None, keepdim=False):
    return truth(input, input._data.any(axis=normalize_dims(dim, input.ndim), keepdims=keepdim))


def truth(input, bools):
    """all/any's result: bool, but uint8 for a uint8 input, as in PyTorch."""
    return constant(input, bools.astype(input._data.dtype) if input._data.dtype.kind == 'u' else bools)


@export()
@numpy_names
def argmax(input, dim=None, keepdim=False):
    return arg('argmax', input, dim, keepdim)


@export()
@numpy_names
def argmin(input, dim=None, keepdim=False):
    return arg('argmin', input, dim, keepdim)


def arg(name, input, dim, keepdim):
    """argmax or argmin (`name`), with PyTorch's errors for bool and empty inputs."""
    fn = getattr(input._data, name)
    if input._data.dtype.kind == 'b':
        raise RuntimeError(f'{name}(): does not support bool input')
    if dim is None:    # the index into the flattened tensor (keepdim: in a shape of ones)
        if input._data.size == 0:
            raise IndexError(f'{name}(): Expected reduction dim to be specified for input.numel() == 0.')
        return constant(input, fn().reshape((1,) * input.ndim if keepdim else ()))
    return constant(input, fn(axis=reduced_dim(name, input.shape, dim), keepdims=keepdim))


@export()
def argwhere(input):
    """The indices of the non-zero elements, one row each (nonzero)."""
    return nonzero(input)


@export()
def nonzero(input, *, as_tuple=False):
    """The indices of the non-zero elements: one row per element (as_tuple: one index tensor per dim)."""
    if as_tuple:
        return tuple(constant(input, i) for i in input.xp.nonzero(input.xp.atleast_1d(input._data)))
    return constant(input, input.xp.argwhere(input._data))
