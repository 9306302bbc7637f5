"""The one table of public ops: each op file marks its public functions with @export, and minigrad/functions/
__init__.py binds the table once, so `minigrad.sum` and `Tensor.sum` are the very same function (no wrapper, no
extra call per op). The one exception: an op that takes a tensor `other` (mul: `minigrad.mul`, `Tensor.mul`,
`x * y`) gets a thin wrapper per form, for PyTorch's answer to an `other` that is neither a tensor nor a number
(see takes_other below).

    @export('multiply', '__mul__')      # minigrad.mul and minigrad.multiply; Tensor.mul, .multiply and __mul__
    def mul(input, other, *, out=None):
        ...

A name that starts with '__' (an operator) is a Tensor method only; `function=False` makes every name a method only
(x.view(...), x.long()), `method=False` a function only (minigrad.cat). `inplace=True` adds PyTorch's in-place
method for each name (x.sin_(), x.arcsin_()): the op's result written into x (views.inplace); `inplace` may also be
a function called first with the in-place method's name and arguments (an error PyTorch's in-place form words its own
way).
"""
from .arguments import NotAnOperand, invalid_arguments, must_be_tensor
from ..autograd import views

TABLE = []      # (name, function, on Tensor, in minigrad)


def export(*aliases, name=None, method=True, function=True, inplace=False):
    """Put the decorated function in the table under its own name (or `name`) and `aliases`."""
    def register(fn):
        for name_ in (name or fn.__name__,) + aliases:
            TABLE.append((name_, fn, method, function and not name_.startswith('__')))
            if inplace and not name_.startswith('__'):
                check = None if inplace is True else inplace
                TABLE.append((name_ + '_', in_place(fn, check, name_ + '_'), True, False))
        return fn
    return register


def in_place(fn, check=None, name=None):
    """x.fn_(*args): fn(x, *args) written into x, recorded in x's graph as PyTorch records an in-place op."""
    def fn_(input, *args, **kwargs):
        try:
            if check is not None:
                try:
                    check(name, input, *args, **kwargs)
                except RuntimeError as e:   # a kernel's error: PyTorch's autograd errors (a leaf, a view) come
                    if not getattr(check, 'before_autograd', False):    # first, unless PyTorch checks before
                        views.check_inplace(input, *args, *kwargs.values())     # autograd
                    if isinstance(e, NotImplementedError):      # then the memory and the shape, before the kernel
                        views.check_writeable(input)            # takes the dtype
                        views.check_shape_before_kernel(input, args)
                    raise
            return views.inplace(input, fn, *args, **kwargs)
        except NotAnOperand as e:   # (a list, an array, None as other)
            raise misfit(fn, name, True, args, kwargs, e) from None
    fn_.__name__ = fn_.__qualname__ = fn.__name__ + '_'
    return fn_


# The in-place methods PyTorch also has as functions (torch.exp_(x) is x.exp_())
INPLACE_FUNCTIONS = frozenset('''abs_ acos_ acosh_ addmv_ arccos_ arccosh_ arcsin_ arcsinh_ arctan_ arctanh_ asin_ asinh_
    atan_ atanh_ ceil_ clamp_ clamp_max_ clamp_min_ clip_ cos_ cosh_ deg2rad_ erf_ erfc_ exp2_ exp_ expm1_ fill_
    fix_ floor_ frac_ gcd_ i0_ index_put_ lcm_ ldexp_ log10_ log1p_ log2_ log_ logit_ nan_to_num_ neg_ negative_
    rad2deg_ reciprocal_ round_ rsqrt_ sin_ sinc_ sinh_ sqrt_ square_ tan_ trunc_ xlogy_ zero_'''.split())


def bind(tensor_class):
    """Set every method on the Tensor class; return the minigrad-level functions as {name: function}."""
    functions = {}
    for name, fn, method, function in TABLE:
        other = takes_other(name, fn)
        if method:
            setattr(tensor_class, name, fn if not other else operator(fn) if name.startswith('__') else
                    counting_other(fn, name, True))
        if function or name in INPLACE_FUNCTIONS:
            functions[name] = counting_other(fn, name, False) if other else fn
    return functions


# -- an operand that is neither a tensor nor a number -------------------------------------------------------------
# A binary op gets a list, an array or None as `other`: the function raises PyTorch's TypeError counting input as
# position 1 (torch.add(x, [1]): 'other' at position 2), the method without it (x.add([1]): position 1), an op with
# several signatures lists them (arguments.overloads), and the operator gives Python NotImplemented, so that Python's
# own rule follows (x + None: TypeError; x == [1]: False) or numpy's (x + array: numpy computes with x's values and
# hands the result to Tensor.__array_wrap__; array + x: numpy leaves it to x, which declines: TypeError), as for
# PyTorch's tensors. These are the only wrappers the table adds: one call more, for these ops alone.

def takes_other(name, fn):
    """Whether the op's second argument is a tensor operand (`other`, addcmul's `tensor1`, x ** y's exponent, any
    op that lists its overloads)."""
    params = getattr(fn, '__code__', None)
    return name in ('__pow__', '__rpow__', '__ipow__') or hasattr(fn, 'overloads') or \
        params is not None and params.co_argcount > 1 and params.co_varnames[1] in ('other', 'tensor1')


def operator(fn):
    def op(input, other):
        try:
            return fn(input, other)
        except NotAnOperand:
            return NotImplemented
    op.__name__ = op.__qualname__ = fn.__name__
    op.__doc__, op.__wrapped__ = fn.__doc__, fn
    return op


def counting_other(fn, name, method):
    """The function (it counts input among the positions) or the `method` of an op that takes tensor operands."""
    def counted(input, *args, **kwargs):
        try:
            return fn(input, *args, **kwargs)
        except NotAnOperand as e:
            raise misfit(fn, name, method, args if method else (input,) + args, kwargs, e) from None
    counted.__name__ = counted.__qualname__ = fn.__name__
    counted.__doc__, counted.__wrapped__ = fn.__doc__, fn
    return counted


def misfit(fn, name, method, args, kwargs, error):
    """PyTorch's TypeError for the operand of NotAnOperand `error`, given to the op `fn` named `name` (its `method`
    or its function, with these `args` and `kwargs`): its signatures listed if it has several."""
    function_signatures, keywords, method_signatures = getattr(fn, 'overloads', (None, None, None))
    if method and method_signatures:
        return invalid_arguments(name, args, method_signatures, None, kwargs)
    if not method and function_signatures:
        return invalid_arguments(name, args, function_signatures, keywords, kwargs)
    return TypeError(must_be_tensor(name, error.arg, error.position - method, error.value))  # (the method: x not
                                                                                            # counted)
