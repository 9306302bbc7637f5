"""PyTorch's dtype queries: result_type (the dtype an op of two operands computes in), promote_types, can_cast,
is_signed, is_floating_point, is_complex (and is_conj, is_neg: minigrad's tensors are real), is_nonzero. The rules
themselves are in minigrad/dtypes.py (promote_all, combine)."""
import numbers

from .arguments import invalid_arguments, not_a_tensor
from .table import export
from .. import dtypes
from ..tensor import Tensor

RESULT_TYPE_SIGNATURES = ('Tensor tensor, Tensor other', 'Number scalar, Tensor tensor', 'Tensor tensor, Number other',
                          'Number scalar1, Number scalar2')


@export(method=False)
def result_type(tensor, other):
    """The dtype of an op of `tensor` and `other` (tensors or Python numbers), by PyTorch's promotion."""
    groups = {'dims': [], 'zero_dims': [], 'scalars': []}
    for x in (tensor, other):
        if isinstance(x, Tensor):
            groups['dims' if x.ndim else 'zero_dims'].append(x._data.dtype)
        elif isinstance(x, numbers.Number):
            groups['scalars'].append(x)
        else:
            raise invalid_arguments('result_type', (tensor, other), RESULT_TYPE_SIGNATURES, None)
    return dtypes.from_numpy_dtype(dtypes.promote_all(**groups))


def check_dtypes(name, **named):
    for position, (arg, value) in enumerate(named.items(), 1):
        if not isinstance(value, dtypes.dtype):
            raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be minigrad.dtype, not "
                            f'{type(value).__name__}')


@export(method=False)
def promote_types(type1, type2):
    check_dtypes('promote_types', type1=type1, type2=type2)
    return dtypes.from_numpy_dtype(dtypes.promote_types(type1.np, type2.np))


@export(method=False)
def can_cast(from_, to):
    check_dtypes('can_cast', from_=from_, to=to)
    return dtypes.can_cast(from_, to)


@export()
def is_signed(input):
    return input.dtype.is_signed


@export()
def is_floating_point(input):
    return input._data.dtype.kind == 'f'


@export('is_conj', 'is_neg')
def is_complex(input):
    """False: minigrad has no complex dtypes (nor conjugate or negative views of them)."""
    return False if isinstance(input, Tensor) else not_a_tensor(input)


@export()
def is_nonzero(input):
    """bool(input) for a one-element tensor."""
    if input._data.size == 0:
        raise RuntimeError('Boolean value of Tensor with no values is ambiguous')
    return bool(input)
