"""The one table of public ops: each op file marks its public functions with @export, and minigrad/functions/
__init__.py binds the table once, so `minigrad.mul`, `Tensor.mul` and `x * y` are the very same function (no
wrapper, no extra call per op).

    @export('multiply', '__mul__')      # minigrad.mul and minigrad.multiply; Tensor.mul, .multiply and __mul__
    def mul(input, other, *, out=None):
        ...

A name that starts with '__' (an operator) is a Tensor method only; `function=False` makes every name a method only
(x.view(...), x.long()), `method=False` a function only (minigrad.cat). `inplace=True` adds PyTorch's in-place
method for each name (x.sin_(), x.arcsin_()): the op's result written into x (views.inplace); `inplace` may also be
a function called first with the in-place method's name and arguments (an error PyTorch's in-place form words its own
way).
"""
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
        if check is not None:
            try:
                check(name, input, *args, **kwargs)
            except RuntimeError as e:   # a kernel's error: PyTorch's autograd errors (a leaf, a view) come first,
                if not getattr(check, 'before_autograd', False):    # unless PyTorch checks before autograd
                    views.check_inplace(input, *args, *kwargs.values())
                if isinstance(e, NotImplementedError):      # then the memory and the shape, before the kernel
                    views.check_writeable(input)            # takes the dtype
                    views.check_shape_before_kernel(input, args)
                raise
        return views.inplace(input, fn, *args, **kwargs)
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
        if method:
            setattr(tensor_class, name, fn)
        if function or name in INPLACE_FUNCTIONS:
            functions[name] = fn
    return functions
