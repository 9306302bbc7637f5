"""PyTorch's TypeErrors for arguments an op cannot take, in its argument parser's words:

    add(): argument 'other' (position 2) must be Tensor, not list          (an op with one signature)
    lt() received an invalid combination of arguments - got (Tensor, list), but expected one of:
     * (Tensor input, Tensor other, *, Tensor out = None)
     * (Tensor input, Number other, *, Tensor out = None)                  (an op with several)

An op that takes a tensor operand raises NotAnOperand for a value that is neither a tensor nor a number (a list, an
array, None); table.bind has each form of the op (function, method, operator) word it as PyTorch's does."""
from ..dims import type_name
from ..tensor import Tensor


class NotAnOperand(TypeError):
    """`value`, the argument `arg` of an op at `position` (counted as in its function form: input is 1), is not an
    operand the op can take as a tensor."""
    def __init__(self, value, arg='other', position=2):
        super().__init__(must_be('op', arg, position, value))
        self.value, self.arg, self.position = value, arg, position


def not_a_tensor(input):
    """For an op that only passes its input on (conj of a real tensor): PyTorch's TypeError for one that is not a
    tensor."""
    raise NotAnOperand(input, 'input', 1)


def must_be(name, arg, position, value, expected='Tensor'):
    """PyTorch's words for `value`, argument `arg` of `name` at `position` (None: given by keyword), that is not
    what it takes."""
    where = '' if position is None else f' (position {position})'
    return f"{name}(): argument '{arg}'{where} must be {expected}, not {type_name(value)}"


TENSOR_OR_NUMBER_OTHER = ('Tensor input, Tensor other', 'Tensor input, Number other')   # fmod, copysign, ...
NUMBER_SELF_OTHER = ('Tensor input, Tensor other, *, Tensor out = None', 'Number self, Tensor other',  # remainder,
                     'Tensor input, Number other, *, Tensor out = None')                            # bitwise_and
METHOD_OTHER = ('Tensor other', 'Number other')     # x.fmod(other), x.remainder(other), ...
EITHER_A_NUMBER = ('Tensor input, Tensor other', 'Number self, Tensor other', 'Tensor input, Number other')  # xlogy
POW_SIGNATURES = ('Tensor input, Tensor exponent', 'Number self, Tensor exponent', 'Tensor input, Number exponent')


def invalid_arguments(name, args, signatures, keywords='*, Tensor out = None', kwargs=None):
    """PyTorch's TypeError for arguments that fit none of the op's `signatures` ('Tensor input, Number other'), each
    followed by the keyword-only arguments `keywords` (None: the signatures are written whole); `kwargs`: the
    arguments given by name, which the message lists after the others ('got (int, beta=float)'). Under a signature
    whose every parameter is required and that takes as many arguments as given, PyTorch says which do not fit."""
    kwargs = kwargs or {}
    got = listed([type_name(a) for a in args], [f'{k}={type_name(v)}' for k, v in kwargs.items()])
    lines = []
    for s in signatures:
        whole = f'{s}, {keywords}' if keywords else s
        lines.append(f' * ({whole})\n')
        params = {p.split()[1]: p.split()[0] for p in whole.split(', ') if p != '*'}     # {name: type}
        if '=' not in whole and len(params) == len(args) + len(kwargs) and set(kwargs) <= set(params):
            fits = listed([mark(kind, a) for kind, a in zip(params.values(), args)],
                          [mark(params[k], v, k) for k, v in kwargs.items()])
            lines.append(f"      didn't match because some of the arguments have invalid types: ({fits})\n")
    return TypeError(f'{name}() received an invalid combination of arguments - got ({got}), but expected one of:\n'
                     + ''.join(lines))


def listed(positional, named):
    """The arguments as PyTorch's message lists them: given by name after the others; only named, each followed by
    ', ' (its words)."""
    return ', '.join(positional + named) if positional else ''.join(f'{n}, ' for n in named)


def mark(param_type, value, name=None):
    """An argument (given as `name`=) as a "didn't match" line shows it: its type where it fits a parameter of
    `param_type` ('Tensor', 'Number', ...), else between '!'s, a sequence with its items' types."""
    given = f'{name}=' if name else ''
    return f'{given}{type_name(value)}' if takes(param_type, value) else f'!{given}{described(value)}!'


def takes(param_type, value):
    """Whether PyTorch's message shows `value` as fitting a parameter of `param_type` ('Tensor', 'Number', ...): a
    tensor a Tensor one; a number never (its parser's account marks one even under Number)."""
    if param_type == 'Tensor':
        return isinstance(value, Tensor)
    return param_type != 'Number' and type_name(value) == param_type


def described(value):
    """A value's type as PyTorch's parser shows a misfit: a sequence with its items' types ('list of [int, float]',
    'tuple of (int, str)')."""
    if isinstance(value, (list, tuple)):
        kinds = ', '.join(dict.fromkeys(type_name(v) for v in value))
        return f'list of [{kinds}]' if isinstance(value, list) else f'tuple of ({kinds})'
    return type_name(value)


def overloads(function, method, keywords='*, Tensor out = None'):
    """Decorator: the op's signatures as PyTorch lists them when an argument fits none (`function`: torch.lt's,
    followed by `keywords`; `method`: x.lt's, written whole), for table.bind's wrappers."""
    def mark(fn):
        fn.overloads = (function, keywords, method)
        return fn
    return mark
