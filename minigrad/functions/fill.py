"""Overwriting a tensor: x.copy_(src) and the fills (zero_, fill_, uniform_, normal_, random_). Each replaces every
element, so the old values get a zero gradient, and PyTorch names the node after the op. apply_, map_ and map2_ put
a Python function's values in, outside any graph."""
import functools
import itertools
import numbers
import operator

from .grad_utils import zeros_like
from .arguments import must_be
from .operands import as_operand
from .shape import ExpandBackward0
from .table import export
from .. import dtypes, random
from ..autograd import views
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import check_inplace_shape
from ..tensor import Tensor


class CopyBackwards(Op):
    """a.copy_(src): out = src broadcast to a's shape, in a's dtype;  da = 0 (the old values are gone),  dsrc = g"""

    @staticmethod
    def forward(ctx, a, src):
        check_inplace_shape(a.shape, src.shape)
        out = get_array_module(a).empty_like(a)
        out[...] = src
        return out

    @staticmethod
    def backward(ctx, g):
        return zeros_like(g), g


class ZeroBackward0(CopyBackwards):
    """a.zero_(): out = 0;  da = 0"""


class FillBackward2(CopyBackwards):
    """a.fill_(number): out = the number everywhere;  da = 0"""


class FillBackward3(CopyBackwards):
    """a.fill_(0-dim tensor v): out = v everywhere;  da = 0,  dv = the sum of g"""


class UniformBackward0(CopyBackwards):
    """a.uniform_(lo, hi): out = random values;  da = 0"""


class NormalBackward0(CopyBackwards):
    """a.normal_(mean, std): out = random values;  da = 0"""


class RandomBackward0(CopyBackwards):
    """a.random_(lo, hi): out = random integers;  da = 0"""


class RandomBackward2(CopyBackwards):
    """a.random_(): out = random integers from 0 to the largest the dtype holds exactly;  da = 0"""


class RandomBackward1(CopyBackwards):
    """a.random_(hi): out = random integers in [0, hi);  da = 0"""


@export(function=False)
def copy_(input, src, non_blocking=False):
    if not isinstance(src, (Tensor, numbers.Number)):
        raise TypeError(must_be('copy_', 'other', 1, src))
    views.check_mutable(input, views.IMMUTABLE_COPY)
    if src is input and not input.requires_grad:    # onto itself: PyTorch writes nothing (no memory check)
        input._vc[0] += 1
        return input
    src = as_operand(src, input) if not isinstance(src, Tensor) else src
    if src.device != input.device:
        src = src.to(input.device)
    # (into an integer or bool tensor PyTorch's copy_ records nothing and runs no autograd check)
    return views.inplace(input, CopyBackwards.apply, src, autograd=input._data.dtype.kind in 'fc')


def fill(t, values, node):
    """Overwrite every element of t with `values` (an array, a number, or a 0-d Tensor, which then gets the sum of
    the gradient), recorded as the node class `node`. PyTorch's fill_ of a number and zero_ write even into an
    expanded tensor (their loop skips its memory check); fill_ of a tensor and the random fills refuse one
    (views.check_writeable)."""
    views.check_mutable(t)
    if node not in (ZeroBackward0, FillBackward2):
        views.check_writeable(t)
    # a Tensor value is cloned: it may be an element of t itself (x.fill_(x[0]), fine in PyTorch)
    src = values.clone() if isinstance(values, Tensor) else Tensor._make(t.xp.asarray(values))
    if views.records(t, src):
        return views.set_inplace(t, node.apply(views.snapshot(t), src))
    t._data[...] = src._data
    t._vc[0] += 1
    return t


@export(function=False)
def zero_(input):
    return fill(input, 0, ZeroBackward0)


@export(function=False)
def fill_(input, value):
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(f'fill_ only supports 0-dimension value tensor but got tensor with {value.ndim} '
                               'dimensions.')
        return fill(input, value.to(input.device), FillBackward3)
    return fill(input, dtypes.checked_value(value, input._data.dtype), FillBackward2)


@export(function=False)
def fill_diagonal_(input, fill_value, wrap=False):
    """x[i, i, ...] = fill_value in place, through the diagonal view, as PyTorch (its node: CopySlices). wrap=True
    starts over below a tall matrix's diagonal, every width + 1 rows, as numpy's fill_diagonal."""
    if input.ndim < 2:
        raise RuntimeError('dimensions must larger than 1')
    if any(n != input.shape[0] for n in input.shape[2:] + input.shape[1:2] if input.ndim > 2):
        raise RuntimeError('all dimensions of input must be of equal length')
    diagonal = input
    for _ in range(input.ndim - 1):
        diagonal = diagonal.diagonal(0, 0, 1)
    diagonal.fill_(fill_value)
    height, width = input.shape[:2]
    if wrap and input.ndim == 2 and height > width + 1:
        input[width + 1:].fill_diagonal_(fill_value, wrap=True)
    return input


@export(function=False)
def uniform_(input, *args, generator=None, **kwargs):
    """uniform_(from=0, to=1): uniform numbers in [from, to)."""
    a, b = random.bounds(args, kwargs, 0.0, 1.0)
    if input._data.dtype.kind == 'f':
        finfo = input.xp.finfo(input._data.dtype)
        for name, bound in (('from', a), ('to', b)):
            if not finfo.min <= bound <= finfo.max:
                raise RuntimeError(f'{name} is out of bounds for {dtypes.CPP_NAMES[input.dtype]}')
    if a > b:
        raise RuntimeError(f'uniform_ expects to return a [from, to) range, but found from={a:g} > to={b:g}')
    return fill(input, random.uniform(input.shape, a, b, input._data.dtype, input.device, generator), UniformBackward0)


@export(function=False)
def normal_(input, mean=0.0, std=1.0, generator=None):
    if std < 0:
        raise RuntimeError(f'normal expects std >= 0.0, but found std {std:g}')
    return fill(input, random.normal(input.shape, mean, std, input._data.dtype, input.device, generator),
                NormalBackward0)


@export(function=False)
def random_(input, *args, generator=None, **kwargs):
    """random_(from, to), random_(to) or random_(): integers in [from, to), to None meaning the dtype's end (every
    integer it holds exactly)."""
    node = RandomBackward2 if not args and not kwargs else RandomBackward1 if len(args) == 1 and not kwargs or \
        list(kwargs) == ['to'] else RandomBackward0
    low, high = random.bounds((0,) + args if len(args) == 1 else args, kwargs)
    views.check_writeable(input)    # before the bounds, as PyTorch
    dtype = input._data.dtype
    random.check_range(low, high, dtype)
    high = random.full_range(dtype) if high is None else high
    return fill(input, random.integers(input.shape, low, high, dtype, input.device, generator), node)


# -- a Python function of each element: no graph (PyTorch refuses a tensor that requires grad) -------------------
@export(function=False)
def apply_(input, callable):
    """Each element x replaced by callable(x), a Python number of x's value."""
    return map_python('apply_', input, {}, callable)


@export(function=False)
def map_(input, tensor, callable):
    """Each element x replaced by callable(x, t), t the element of `tensor` (broadcast to x's shape) at its place."""
    return map_python('map_', input, {'other': tensor}, callable)


@export(function=False)
def map2_(input, x, y, callable):
    """Each element e replaced by callable(e, a, b), a and b the elements of x and y (broadcast) at its place."""
    return map_python('map2_', input, {'x': x, 'y': y}, callable)


def map_python(name, input, others, fn):
    """input with fn of its elements (and the others' at the same place) written in, one element after the other in
    order, as PyTorch's loop: an expanded input or another tensor on input's own memory sees the values written."""
    for t in (input, *others.values()):
        if t.requires_grad:
            raise RuntimeError(f"Can't call {name}() on Variable that requires grad. Use var.detach().{name}() "
                               'instead.')
    for arg, t in others.items():
        if t.dtype is not input.dtype:
            raise TypeError(f"{name}: expected {input.type()} for {'argument ' if name == 'map2_' else ''}'{arg}' "
                            f'(got {t.type()})')
    if input.is_cuda:
        raise TypeError(f'{name} is only implemented on CPU tensors')
    arrays = [input._data] + [ExpandBackward0.forward(ExpandBackward0(), t._data, input.shape)
                              for t in others.values()]     # (expand's errors, as PyTorch's)
    dtype = input._data.dtype
    convert = _real if dtype.kind == 'f' else bool if dtype.kind == 'b' else functools.partial(_integer, dtype=dtype)
    for index in itertools.product(*map(range, input.shape)):
        input._data[index] = convert(fn(*[a[index].item() for a in arrays]))
    return input    # (PyTorch counts no new version)


def _real(v):
    if not isinstance(v, numbers.Real):
        raise TypeError(f'must be real number, not {type(v).__name__}')
    return v


def _integer(v, dtype):
    """v into an integer dtype as PyTorch converts a Python number there: 2.7 is 2, -2 wraps into uint8, a number
    beyond the dtype is its error (None: Python's TypeError)."""
    v = int(v) if isinstance(v, numbers.Real) else operator.index(v)
    if not -2 ** 63 <= v < 2 ** 63:
        raise ValueError('Overflow when unpacking long long')
    try:
        return dtypes.checked_value(v, dtype)
    except RuntimeError:    # (this path of PyTorch's names the dtype, not its C type)
        raise RuntimeError(f'value cannot be converted to type {dtype.name} without overflow') from None
