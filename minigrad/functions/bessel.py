"""torch.special's Bessel and Airy functions: bessel_j0 ... airy_ai, each f(x) elementwise on a float tensor (an
integer or bool one in the default float dtype). PyTorch has no derivative for them: the result never requires
grad. The values are scipy.special's (cupyx's on a GPU): exact to a few ulps, where PyTorch's float64 kernels for
J0, J1, Y0, Y1 (|x| > 5) and Ai (x < -2) are single-precision approximations, up to 1e-6 away (J0(5.001):
PyTorch -0.17726951, exactly -0.17726914)."""
from .arguments import must_be
from .operands import floating, write_out
from .. import dtypes
from ..backend import get_array_module, special
from ..tensor import Tensor


def spherical_j0(sp, x):
    """j0(x) = sin(x) / x: 1 at 0, 0 at +-inf (cupyx has no spherical_jn)."""
    xp = get_array_module(x)
    return xp.where(x == 0, 1, xp.where(xp.isinf(x), 0, xp.sin(x) / x))


FUNCTIONS = {   # torch.special's name: (its argument's name, f(scipy.special, x))
    'bessel_j0': ('input', lambda sp, x: sp.j0(x)),
    'bessel_j1': ('input', lambda sp, x: sp.j1(x)),
    'bessel_y0': ('input', lambda sp, x: sp.y0(x)),
    'bessel_y1': ('input', lambda sp, x: sp.y1(x)),
    'modified_bessel_i0': ('input', lambda sp, x: sp.i0(x)),
    'modified_bessel_i1': ('input', lambda sp, x: sp.i1(x)),
    'modified_bessel_k0': ('input', lambda sp, x: sp.k0(x)),
    'modified_bessel_k1': ('input', lambda sp, x: sp.k1(x)),
    'scaled_modified_bessel_k0': ('x', lambda sp, x: sp.k0e(x)),     # e^x K0(x)
    'scaled_modified_bessel_k1': ('x', lambda sp, x: sp.k1e(x)),     # e^x K1(x)
    'spherical_bessel_j0': ('x', spherical_j0),
    'airy_ai': ('x', lambda sp, x: sp.airy(x)[0]),
}


def bessel_function(name):
    """special.<name>(input, *, out=None): FUNCTIONS[name] of the input, a result with no graph."""
    arg, f = FUNCTIONS[name]

    def fn(input, *, out=None):
        if not isinstance(input, Tensor):
            raise TypeError(must_be(f'special_{name}', arg, 1, input))
        if input.dtype in (dtypes.float16, dtypes.bfloat16):
            dtypes.not_implemented(f'{name}_cpu', input.dtype)
        x = floating(input)._data
        xp = get_array_module(x)
        with xp.errstate(all='ignore'):     # (scipy gives a 0-d array's value as a number)
            result = Tensor._make(xp.asarray(f(special(x), x), dtype=x.dtype))
        return write_out(result, out, None)
    fn.__name__ = fn.__qualname__ = name
    return fn


bessel_j0 = bessel_function('bessel_j0')
bessel_j1 = bessel_function('bessel_j1')
bessel_y0 = bessel_function('bessel_y0')
bessel_y1 = bessel_function('bessel_y1')
modified_bessel_i0 = bessel_function('modified_bessel_i0')
modified_bessel_i1 = bessel_function('modified_bessel_i1')
modified_bessel_k0 = bessel_function('modified_bessel_k0')
modified_bessel_k1 = bessel_function('modified_bessel_k1')
scaled_modified_bessel_k0 = bessel_function('scaled_modified_bessel_k0')
scaled_modified_bessel_k1 = bessel_function('scaled_modified_bessel_k1')
spherical_bessel_j0 = bessel_function('spherical_bessel_j0')
airy_ai = bessel_function('airy_ai')
