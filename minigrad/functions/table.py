"""The one table of public ops: each op file marks its public functions with @export, and minigrad/functions/
__init__.py binds the table once, so `minigrad.mul`, `Tensor.mul` and `x * y` are one function, each form in a thin
wrapper (one extra call) that gives PyTorch's answer to an argument of the wrong kind (see `checked` below).

    @export('multiply', '__mul__')      # minigrad.mul and minigrad.multiply; Tensor.mul, .multiply and __mul__
    def mul(input, other, *, out=None):
        ...

A name that starts with '__' (an operator) is a Tensor method only; `function=False` makes every name a method only
(x.view(...), x.long()), `method=False` a function only (minigrad.cat). `inplace=True` adds PyTorch's in-place
method for each name (x.sin_(), x.arcsin_()): the op's result written into x (views.inplace); `inplace` may also be
a function called first with the in-place method's name and arguments (an error PyTorch's in-place form words its own
way).
"""
import inspect

from .arguments import NotAnOperand, invalid_arguments, must_be
from ..autograd import views
from ..dims import NotInts, named_after_argument

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
    fn_.__wrapped__ = fn     # (its arguments are fn's: their names in PyTorch's TypeErrors)
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
        if method:
            operand = name.startswith('__') and takes_other(name, fn)
            setattr(tensor_class, name, operator(fn) if operand else checked(fn, name, True))
        if function or name in INPLACE_FUNCTIONS:
            functions[name] = checked(fn, name, False)
    return functions


# -- an argument of the wrong kind ------------------------------------------------------------------------------
# Each op is bound in a thin wrapper, its one extra call, that words PyTorch's TypeError for an argument of the wrong
# kind: an operand that is neither a tensor nor a number (a list, an array, None: the op raises NotAnOperand), or a
# non-tensor where the op reads a tensor's attributes (None.shape). The function counts input among the positions
# (torch.add(x, [1]): 'other' at position 2), the method does not (x.add([1]): position 1), and an op with several
# signatures lists them (arguments.overloads). An operator gives Python NotImplemented instead, so that Python's own
# rule follows (x + None: TypeError; x == [1]: False) or numpy's (x + array: numpy computes with x's values and hands
# the result to Tensor.__array_wrap__; array + x: numpy leaves it to x, which declines: TypeError), as for PyTorch's.

def takes_other(name, fn):
    """Whether the operator's second argument is a tensor operand (`other`, x ** y's exponent)."""
    params = getattr(fn, '__code__', None)
    return name in ('__pow__', '__rpow__', '__ipow__') or \
        params is not None and params.co_argcount > 1 and params.co_varnames[1] == 'other'


def operator(fn):
    def op(input, other):
        try:
            return fn(input, other)
        except NotAnOperand:
            return NotImplemented
    op.__name__ = op.__qualname__ = fn.__name__
    op.__doc__, op.__wrapped__ = fn.__doc__, fn
    return op


def checked(fn, name, method, python_op=None, parsed=None):
    """The function or the `method` `name` of the op fn (a `python_op` keeps its AttributeError: PYTHON_OPS; one
    not `parsed`, a function PyTorch writes in Python, keeps Python's words for a wrong count of arguments)."""
    python_op = name in PYTHON_OPS if python_op is None else python_op
    parsed = name not in (PYTHON_METHODS if method else PYTHON_FUNCTIONS) if parsed is None else parsed
    writes = name.endswith('_') or name.startswith('__i') or name == '__setitem__'  # (in-place: views.inplace checks)
    first = writes or name in CHECKS_FIRST

    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except NotAnOperand as e:
            raise misfit(fn, name, method, args[1:] if method else args, kwargs, e) from None
        except NotInts as e:
            if e.fn == name:    # (named where it was read: counted as the function counts, input 1)
                e.method = method
            raise TypeError(str(e if e.fn else named_after_argument(e, name, fn, args, kwargs, method))) from None
        except TypeError:
            if parsed and not fits(fn, args, kwargs):   # too many or too few arguments
                raise arity_error(fn, name, method, args, kwargs) from None
            raise
        except AttributeError as e:
            raise e if python_op else not_a_tensor(fn, name, method, args, kwargs, e) from None
        except (RuntimeError, IndexError):  # the op's own error: PyTorch's autograd layer, which runs first, raises
            if not first:                   # for a view its base's in-place change left without a node
                views.check_read(*args, *kwargs.values())
            raise
    call.__name__ = call.__qualname__ = fn.__name__
    call.__doc__, call.__wrapped__ = fn.__doc__, fn
    return call


def fits(fn, args, kwargs):
    """Whether the op fn takes these arguments (numpy's axis= and keepdims= as dim= and keepdim=: numpy_names)."""
    signature = inspect.signature(fn)
    kwargs = {NUMPY_NAMES.get(k, k) if k in NUMPY_NAMES and NUMPY_NAMES[k] in signature.parameters else k: v
              for k, v in kwargs.items()}
    try:
        signature.bind(*args, **kwargs)
    except TypeError:
        return False
    return True


NUMPY_NAMES = {'axis': 'dim', 'keepdims': 'keepdim'}


def arity_error(fn, name, method, args, kwargs):
    """PyTorch's TypeError for a call of the op fn named `name` (its `method`, or its function) whose `args` (input
    first) and `kwargs` do not fit its parameters, in its argument parser's words: the required ones not given
    first, then too many positional arguments (a method counts no input; one that takes nothing else is
    TensorBase's), then a keyword it does not take. (An op PyTorch gives several signatures lists them instead.)"""
    params = list(inspect.signature(inspect.unwrap(fn)).parameters.values())
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    given = {p.name for p in positional[:len(args)]} | set(kwargs)
    missing = [p.name for p in positional if p.default is p.empty and p.name not in given]
    if missing:
        return TypeError(f'{name}() missing {len(missing)} required positional argument{"s" * (len(missing) == 1)}: '
                         + ', '.join(f'"{m}"' for m in missing))
    if method and len(positional) == 1 and not any(p.kind == p.VAR_POSITIONAL for p in params):
        return TypeError(f'TensorBase.{name}() takes no arguments ({len(args) - 1} given)' if len(args) > 1 else
                         f'TensorBase.{name}() takes no keyword arguments')
    if len(args) > len(positional) and not any(p.kind == p.VAR_POSITIONAL for p in params):
        low = sum(p.default is p.empty for p in positional) - method
        high, n = len(positional) - method, len(args) - method
        takes = f'from {low} to {high}' if low != high else f'{high}'
        return TypeError(f'{name}() takes {takes} positional argument{"s" * (takes != "1")} but {n} '
                         f'{"was" if n == 1 else "were"} given')
    unknown = [k for k in kwargs if k not in {p.name for p in params}]
    if unknown:
        return TypeError(f"{name}() got an unexpected keyword argument '{unknown[0]}'")
    twice = next(k for k in kwargs if k in {p.name for p in positional[:len(args)]})
    return TypeError(f"{name}() got multiple values for argument '{twice}'")


def misfit(fn, name, method, args, kwargs, error):
    """PyTorch's TypeError for the operand of NotAnOperand `error`, given to the op `fn` named `name` (its `method`
    or its function, with these `args` and `kwargs`): its signatures listed if it has several."""
    function_signatures, keywords, method_signatures = getattr(fn, 'overloads', (None, None, None))
    if method and method_signatures:
        return invalid_arguments(name, args, method_signatures, None, kwargs)
    if not method and function_signatures:
        return invalid_arguments(name, args, function_signatures, keywords, kwargs)
    position = None if error.arg in kwargs else error.position - method     # (the method: x not counted)
    return TypeError(must_be(name, error.arg, position, error.value))


# PyTorch's ops written in Python that read an attribute of an argument before its C++ part checks the types: for
# a non-tensor there, their AttributeError is PyTorch's error (tests/test_error_scan.py compares)
PYTHON_OPS = frozenset(['norm', 'tensordot', 'split', 'svd_lowrank', 'pca_lowrank'])
# PyTorch's functions and Tensor methods written in Python (torch/functional.py, torch/_tensor.py): Python's own words
# for a wrong count of arguments, where its argument parser words them for the others (arity_error)
PYTHON_FUNCTIONS = frozenset('''atleast_1d atleast_2d atleast_3d block_diag broadcast_shapes broadcast_tensors
    cartesian_prod cdist chain_matmul einsum lu meshgrid norm pca_lowrank split svd_lowrank tensordot unique
    unique_consecutive unravel_index'''.split())
PYTHON_METHODS = frozenset('''__floordiv__ __ipow__ __pow__ __rfloordiv__ __rlshift__ __rmatmul__ __rmod__ __rpow__
    __rrshift__ __rsub__ __rtruediv__ lu norm split unflatten unique unique_consecutive'''.split())
# PyTorch's composites that check their arguments before the op with an autograd layer they call (slice, select,
# view, split_with_sizes): their own errors come before the autograd layer's
CHECKS_FIRST = frozenset(['narrow', 'flatten', 'unflatten', 'movedim', 'moveaxis', '__getitem__', 'chunk',
                          'tensor_split', 'hsplit', 'vsplit', 'dsplit', 'adjoint'])


def not_a_tensor(fn, name, method, args, kwargs, error):
    """PyTorch's TypeError for the argument that raised AttributeError `error` in the op fn (called with `args`,
    input first, and `kwargs`): a value of the type the error names where the op read a tensor's attribute, or an
    item of a list of tensors (or of fn's *tensors). `error` itself if no argument is such a value (then it is
    minigrad's own bug)."""
    kind = str(error).split("'")[1] if str(error).startswith("'") else None
    code = getattr(inspect.unwrap(fn), '__code__', None)
    params = code.co_varnames[:code.co_argcount] if code is not None else ()
    for i, value in enumerate(args):
        items = value if isinstance(value, (list, tuple)) else (value,) if i >= len(params) else ()
        for j, item in enumerate(items):     # a list of tensors; fn's *tensors count as one list argument
            if type(item).__name__ == kind:
                place = min(i, len(params)) - method
                return TypeError(f'expected Tensor as element {j if i < len(params) else i - len(params)} in '
                                 f'argument {place}, but got {kind}')
        if type(value).__name__ == kind:
            overloads = getattr(fn, 'overloads', (None, None, None))
            if overloads[2 if method else 0]:
                return misfit(fn, name, method, args[1:] if method else args, kwargs, NotAnOperand(value))
            return TypeError(must_be(name, params[i] if i < len(params) else 'input', i + (not method), value))
    for arg, value in kwargs.items():
        if type(value).__name__ == kind:
            return TypeError(must_be(name, arg, None, value))
    return error
