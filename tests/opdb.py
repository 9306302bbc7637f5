"""The op database: one entry per public op, each a compact description from which the parity samples are made
(in the spirit of PyTorch's OpInfo / SampleInput in common_methods_invocations.py, written for minigrad).

An entry is one line: a family helper (unary, binary, reduction, or `op` with explicit calls) with the op's name
and what is special about it (its domain, its in-place name, whether it takes out=). From it `samples()` makes:

  - each call in float64 (the op's own shapes: 0-d, empty, size-1 and rank broadcasting on either side, Python
    scalars on either side, negative dims, keepdim, ...),
  - the first calls in every dtype (bool, int32, int64, float32): what PyTorch refuses it must refuse in its words,
  - the first call on non-contiguous inputs (transposed, strided, expanded, a view of a view),
  - the method and every alias of the table (`multiply`, `__mul__`, ...),
  - the in-place variant on a non-leaf, on a view of a non-leaf and on a leaf that requires grad (an error), and
    `out=` (with inputs that require grad: an error; without: the value, written into the given tensor),
  - error samples (a bad dim, a bad shape).

`run(sample, lib)` runs a sample in one library and returns what can be observed, in order: every output (value,
dtype, shape, requires_grad, is_leaf, grad_fn's name), every input after the call, every leaf's gradient for a
random upstream gradient (the same in both), in float64 the second derivative (grad of sum(first grad * v) for
a random v) wherever the first gradient requires grad, or the error a step raised (its type and message).
tests/test_opdb.py compares the two lists; tests/test_program_fuzz.py builds random programs from the same entries.

Tolerances: float64 rtol 1e-10 (both libraries do the same arithmetic); float32 per family (TOL32): elementwise
ops 1e-5/1e-6 (a few ulps), reductions and products 1e-5/1e-5 (sums in another order), convolutions 1e-4
(longest sums), integers and bools exactly.
"""
import fnmatch
import re
import warnings
import zlib
from dataclasses import dataclass, field, replace

import numpy as np
import torch

import minigrad
from minigrad.functions.table import TABLE

DTYPES = ('bool', 'int32', 'int64', 'float32', 'float64')
SMALL_DTYPES = ('uint8', 'int8', 'int16', 'float16')    # the first call of each entry only (the suite's runtime)
LAYOUTS = ('transposed', 'strided', 'expanded', 'view_of_view')
# an expanded matrix has rank 1: its singular vectors for the repeated zero singular values are any basis of the
# null space, so each LAPACK build returns its own; svd's samples leave that layout out
FULL_RANK_LAYOUTS = ('transposed', 'strided', 'view_of_view')
TOL64 = dict(rtol=1e-10, atol=1e-12)
SERIES = dict(rtol=1e-8, atol=1e-10)    # polygamma(n >= 1), the gamma family's derivatives: scipy's and PyTorch's
#                                         series (Hurwitz zeta) agree to about 1e-9 relative in float64
TOL16 = dict(rtol=4e-3, atol=4e-3)     # float16: eps 1e-3, PyTorch computes in float32 and rounds once: 4 ulps
TOL32 = {'elementwise': dict(rtol=1e-5, atol=1e-6),      # one rounding per element: a few ulps
         'recurrence': dict(rtol=1e-4, atol=1e-5),       # a polynomial's recurrence, which PyTorch's compiled loop
         #                                                 may run with fused multiply-adds: a few ulps a step
         'reduction': dict(rtol=1e-5, atol=1e-5),        # sums over up to ~24 terms in another order
         'product': dict(rtol=1e-5, atol=1e-5),          # matmul: dot products in another order
         'conv': dict(rtol=1e-4, atol=1e-4),             # conv/pool/norm: longest sums, other blocking
         'linalg': dict(rtol=1e-4, atol=1e-4)}           # factorizations: LAPACK's float32 blocking and pivots


@dataclass(frozen=True)
class Arg:
    """A tensor argument: its shape, the range of its values, a dtype of its own (else the sample's), and whether
    it requires grad when floating."""
    shape: tuple
    low: float = -2.0
    high: float = 2.0
    dtype: str = None
    grad: bool = True


def T(*shape, low=-2.0, high=2.0, dtype=None):
    return Arg(shape, low, high, dtype)


def I(*shape, high):
    """An int64 index (or class) tensor with values in [0, high)."""
    return Arg(shape, 0, high - 1, 'int64', False)


def W(*shape):
    """A float tensor in [0, 1] that never requires grad (a loss's weight)."""
    return Arg(shape, 0.0, 1.0, None, False)


def B(*shape):
    return Arg(shape, dtype='bool', grad=False)


@dataclass(frozen=True)
class Sample:
    id: str
    fn: object                 # fn(lib, *inputs) -> result
    args: tuple                # Arg (a tensor made from the same data in both libraries) or a plain value
    dtype: str = 'float64'     # the dtype of every Arg without one
    layout: str = 'contiguous' # how each tensor input is made (LAYOUTS: a non-contiguous view of a bigger leaf)
    target: str = None         # in-place samples: the first input is a 'leaf', a 'nonleaf' or a 'view'
    grad: bool = True          # floating inputs require grad
    random: bool = False       # values are random: compare everything but them
    second: bool = True        # check the second derivative (float64)
    tol: dict = None           # float32 rtol/atol
    tol64: dict = None         # float64 rtol/atol (TOL64 unless the entry says why not)


@dataclass
class Call:
    id: str
    args: tuple
    fn: object
    variants: dict = field(default_factory=dict)   # name -> fn: 'inplace', 'out', 'method', aliases


@dataclass
class OpInfo:
    name: str                  # as in the op table, 'F.<name>' for nn.functional, or a factory's name
    family: str
    calls: list
    errors: list = field(default_factory=list)     # Calls where PyTorch raises
    inplace: str = None        # the in-place method's name ('add_'), made from the variant 'inplace'
    also: tuple = ()           # other public names its samples call (reflected operators: '__radd__')
    dtype_calls: int = 1       # how many leading calls run in every dtype
    random: bool = False
    second: bool = True
    auto_alias: bool = False   # call every table alias like the first call (families built with fn_of)
    tol64: dict = None
    kind: str = 'calls'        # 'unary', 'binary', 'reduction' (the family helpers), else 'calls'
    kw: dict = field(default_factory=dict)          # the keyword arguments of every call (clamp's min, max)
    operator: str = None       # binary ops written as an operator: '+'
    layouts: tuple = LAYOUTS   # the non-contiguous layouts its first call runs in


def fn_of(name, kw=None):
    """The op called by name: minigrad.<name>(...) when PyTorch has it as a function, else a method of the first
    argument; F.<name> is nn.functional's, special.<name> special's."""
    kw = kw or {}
    if name.startswith('F.'):
        return lambda L, *a: getattr(L.nn.functional, name[2:])(*a, **kw)
    if name.startswith('special.') or hasattr(torch, name) and not name.startswith('_'):
        return lambda L, *a: function(L, name)(*a, **kw)
    return lambda L, x, *a: getattr(x, name)(*a, **kw)


def function(L, name):
    """L.<name>, or L.special.<name> for 'special.<name>'."""
    return getattr(L.special, name[8:]) if name.startswith('special.') else getattr(L, name)


def has_both(name):
    return hasattr(torch, name) and hasattr(torch.Tensor, name) and not name.startswith('_')


def method_of(name, kw=None):
    kw = kw or {}
    return lambda L, x, *a: getattr(x, name)(*a, **kw)


def with_out(fn):
    """fn with out= an empty tensor of the first input's dtype: (result, out, result is out)."""
    def call(L, x, *a):
        out = L.empty(0, dtype=x.dtype)
        result = fn(L, x, *a, out=out)
        return result, out, result is out
    return call


# ---- families: each makes an OpInfo from one line -------------------------------------------------------------

def unary(name, low=-2.0, high=2.0, inplace=None, out=True, functional=False, family='elementwise', **kw):
    fname = ('F.' + name) if functional else name
    f = fn_of(fname, kw)
    first = Call('x', (T(3, 4, low=low, high=high),), f, variants={})
    if not functional and has_both(name):
        first.variants['method'] = method_of(name, kw)
    if inplace:
        first.variants['inplace'] = method_of(inplace, kw)
    if out:
        first.variants['out'] = with_out(lambda L, *a, **o: function(L, name)(*a, **kw, **o))
    shapes = {'0d': (), 'empty': (0, 3), 'size1': (1,), '3d': (2, 3, 4)}
    calls = [first] + [Call(i, (T(*s, low=low, high=high),), f) for i, s in shapes.items()]
    return OpInfo(fname, family, calls, inplace=inplace, auto_alias=True, kind='unary', kw=kw)


def binary(name, low=-2.0, high=2.0, rlow=-2.0, rhigh=2.0, inplace=None, out=True, operator=None, rname=None,
           alpha=False, family='elementwise', more=(), **kw):
    """A binary elementwise op: broadcasting on either side, 0-d and empty operands, Python scalars on either
    side (`operator`, e.g. '+', also gives the reflected form 1.5 + x), dtype promotion, alpha=; `more` calls."""
    f = fn_of(name, kw)

    def A(*s, dtype=None):
        return T(*s, low=low, high=high, dtype=dtype)

    def R(*s, dtype=None):
        return T(*s, low=rlow, high=rhigh, dtype=dtype)
    scalar = max(abs(rlow), abs(rhigh)) / 1.5 if rlow > 0 else 1.5
    same = Call('same', (A(3, 4), R(3, 4)), f, variants={'method': method_of(name, kw)} if has_both(name) else {})
    if inplace:
        same.variants['inplace'] = method_of(inplace, kw)
    if out:
        same.variants['out'] = with_out(lambda L, *a, **o: function(L, name)(*a, **kw, **o))
    calls = [same,
             Call('scalar_float', (A(3, 4), scalar), f),
             Call('scalar_int', (A(3, 4), 2), f),
             Call('scalar_bool', (A(3, 4), True), f),
             Call('bcast_size1', (A(3, 1), R(1, 4)), f),
             Call('bcast_rank_left', (A(4), R(3, 4)), f),
             Call('bcast_rank_right', (A(3, 4), R(4)), f,
                  variants={'inplace': method_of(inplace, kw)} if inplace else {}),
             Call('0d_left', (A(), R(3, 4)), f),
             Call('0d_right', (A(3, 4), R()), f),
             Call('empty', (A(0, 3), R(3)), f),
             Call('float32_float64', (A(3, 4, dtype='float32'), R(3, 4, dtype='float64')), f),
             Call('int64_float32', (A(3, 4, dtype='int64'), R(3, 4, dtype='float32')), f),
             Call('bool_int64', (A(3, 4, dtype='bool'), R(3, 4, dtype='int64')), f),
             Call('int32_int64', (A(3, 4, dtype='int32'), R(3, 4, dtype='int64')), f),
             Call('float32_0d_float64', (A(3, 4, dtype='float32'), R(dtype='float64')), f),
             Call('int64_0d_float32', (A(3, 4, dtype='int64'), R(dtype='float32')), f)]
    if alpha:
        calls.append(Call('alpha', (A(3, 4), R(3, 4)), fn_of(name, dict(kw, alpha=-0.5))))
    if operator:
        calls.append(Call('operator', (A(3, 4), R(3, 4)), eval(f'lambda L, x, y: x {operator} y')))
        calls.append(Call('reflected', (R(3, 4),), eval(f'lambda L, y: {scalar} {operator} y')))
        calls.append(Call('reflected_int', (R(3, 4),), eval(f'lambda L, y: 2 {operator} y')))
    calls += more
    errors = [Call('bad_broadcast', (A(2, 3), R(4)), f)]
    return OpInfo(name, family, calls, errors, inplace=inplace, also=(rname,) if rname else (), dtype_calls=3,
                  auto_alias=True, kind='binary', kw=kw, operator=operator)


def reduction(name, multi=True, keepdim=True, low=-2.0, high=2.0, family='reduction', **kw):
    """A reduction: over everything, over a dim (negative too, given by keyword), keepdim, several dims, 0-d and
    empty inputs."""
    def on(dim=None, **more):
        return fn_of(name, dict(kw, **more) if dim is None else dict(kw, dim=dim, **more))

    def X(*s):
        return T(*s, low=low, high=high)
    calls = [Call('all', (X(3, 4),), on(), variants={'method': method_of(name, kw)}),
             Call('dim0', (X(3, 4),), on(0), variants={'method': method_of(name, dict(kw, dim=0))}),
             Call('dim_neg', (X(3, 4),), on(-1)),
             Call('0d', (X(),), on()),
             Call('0d_dim', (X(),), on(0)),
             Call('3d_dim', (X(2, 3, 4),), on(1)),
             Call('empty', (X(0, 3),), on()),
             Call('empty_dim', (X(0, 3),), on(1))]
    if keepdim:
        calls.append(Call('keepdim', (X(3, 4),), on(1, keepdim=True)))
    if multi:
        calls.append(Call('dims', (X(2, 3, 4),), on((0, -1))))
    errors = [Call('bad_dim', (X(3, 4),), on(2))]
    return OpInfo(name, family, calls, errors, dtype_calls=2, auto_alias=True, kind='reduction', kw=kw)


def op(name, *calls, errors=(), family='shape', dtype_calls=1, **kw):
    """An op with its calls written out: (id, args, fn) each."""
    return OpInfo(name, family, [c if isinstance(c, Call) else Call(*c) for c in calls],
                  [Call(*c) for c in errors], dtype_calls=dtype_calls, **kw)


def factory(name, *calls, **kw):
    """A factory: each call is (id, fn(L)); its dtype= calls are spelled out."""
    return op(name, *[(i, (), lambda L, f=f: f(L)) for i, f in calls], family='factory', dtype_calls=0, **kw)


F = 'F.'
BAG = 'L.nn.functional.embedding_bag'


def unpooled(kernel, pool, unpool, output_size=None, **kw):
    """x max-pooled with return_indices, then unpooled with the same windows (indices a pool really returns)."""
    pool_fn, unpool_fn = fn_of(pool, dict(kw, return_indices=True)), fn_of(unpool, dict(kw, output_size=output_size))
    return lambda L, x: unpool_fn(L, *pool_fn(L, x, kernel), kernel)


def activation(name, inplace=None, top=False, low=-2.0, high=2.0, calls=(), errors=(), **kw):
    """An activation, F.<name> (minigrad.<name> with top): unary's samples, with F.<name>(x, inplace=True) on a
    non-leaf when `inplace`, and when it names a function (F.elu_, minigrad.selu_), that in-place form on the first
    call's targets. `calls` and `errors`: more (id, args, fn)."""
    info = unary(name, low=low, high=high, out=False, functional=not top, **kw)
    if isinstance(inplace, str):
        info.inplace = inplace if top else F + inplace
        info.calls[0].variants['inplace'] = fn_of(info.inplace, kw)
    if inplace and not top:
        info.calls.append(Call('inplace_kw', (T(3, 4, low=low, high=high),),
                               lambda L, x: getattr(L.nn.functional, name)(x * 1, inplace=True, **kw)))
    info.calls += [Call(*c) for c in calls]
    info.errors += [Call(*c) for c in errors]
    return info


def lam(src):
    """A sample function from the text after 'L, ' (keeps the one-line entries short)."""
    return eval(f'lambda L, {src}')


BESSEL = ('bessel_j0', 'bessel_j1', 'bessel_y0', 'bessel_y1', 'modified_bessel_i0', 'modified_bessel_i1',
          'modified_bessel_k0', 'modified_bessel_k1', 'scaled_modified_bessel_k0', 'scaled_modified_bessel_k1',
          'spherical_bessel_j0', 'airy_ai')
POLYNOMIALS = tuple(f'{s}chebyshev_polynomial_{k}' for s in ('', 'shifted_') for k in 'tuvw') + (
    'hermite_polynomial_h', 'hermite_polynomial_he', 'laguerre_polynomial_l', 'legendre_polynomial_p')

OPS = [
    # elementwise, one input
    unary('exp', inplace='exp_'),
    unary('log', low=0.1, high=3.0, inplace='log_'),
    unary('sqrt', low=0.1, high=3.0, inplace='sqrt_'),
    unary('abs', inplace='abs_'),
    unary('neg', inplace='neg_'),
    unary('sigmoid', inplace='sigmoid_'),
    unary('tanh', inplace='tanh_'),
    unary('relu', inplace='relu_', out=False),
    unary('sign', inplace='sign_'),
    unary('logical_not', inplace='logical_not_', out=False),
    unary('isnan', out=False),
    unary('isfinite', out=False),
    unary('__invert__', out=False),
    unary('__pos__', out=False),
    unary('clamp', inplace='clamp_', min=-0.5, max=0.7),
    unary('relu', functional=True, out=False),
    unary('sigmoid', functional=True, out=False),
    unary('tanh', functional=True, out=False),
    # elementwise math, one input (trig.py, special.py, rounding.py, bitwise.py)
    *[unary(n, inplace=n + '_') for n in ('sin', 'cos', 'tan', 'atan', 'sinh', 'cosh', 'asinh', 'erf', 'erfc',
                                          'exp2', 'expm1', 'sinc', 'square', 'floor', 'ceil', 'round', 'trunc',
                                          'frac', 'nan_to_num')],
    *[unary(n, low=-0.9, high=0.9, inplace=n + '_') for n in ('asin', 'acos', 'atanh', 'erfinv')],
    unary('acosh', low=1.1, high=3.0, inplace='acosh_'),
    *[unary(n, low=0.1, high=3.0, inplace=n + '_') for n in ('log2', 'log10', 'rsqrt', 'reciprocal')],
    unary('log1p', low=-0.5, high=3.0, inplace='log1p_'),
    *[unary(n, inplace=n + '_') for n in ('sgn', 'deg2rad', 'rad2deg', 'i0')],
    *[replace(unary(n, low=0.1, high=3.0, inplace=n + '_'), tol64=SERIES) for n in ('lgamma', 'digamma')],
    op('lgamma', ('negative', (T(3, 4, low=-3.9, high=-3.1),), fn_of('lgamma')), family='elementwise', tol64=SERIES),
    unary('logit', low=0.05, high=0.95, inplace='logit_'),
    op('logit', ('eps', (T(3, 4, low=-0.2, high=1.2),), lam('x: L.logit(x, 0.1)')),
       ('eps_inplace', (T(3, 4, low=-0.2, high=1.2),), lam('x: (x * 1).logit_(eps=0.2)')),
       ('outside', (T(3, 4, low=-0.5, high=1.5),), lam('x: x.logit()')), family='elementwise'),
    # torch.special's own functions (the rest of minigrad.special names the ops above)
    *[unary('special.' + n) for n in ('ndtr', 'log_ndtr', 'erfcx', 'i0e', 'i1', 'i1e')],
    *[op('special.' + n, ('tiny', (T(4),), lam(f'x: L.special.{n}(x * 1e-20)')), ('large', (T(4),), lam(f'x: L.special.{n}(x * 8)')),
         ('int', (I(4, high=5),), fn_of('special.' + n)), family='elementwise') for n in ('ndtr', 'log_ndtr', 'erfcx', 'i0e', 'i1', 'i1e')],
    unary('special.ndtri', low=0.02, high=0.98),
    op('special.ndtri', ('ends', (), lam(': L.special.ndtri(L.tensor([0., 1., -0.5, 1.5, 1e-300]))')), family='elementwise'),
    unary('special.entr', low=0.1, high=3.0),
    op('special.entr', ('at_and_below_0', (T(4, low=0.1, high=3.0),),
                        lam('x: L.special.entr(x * L.tensor([0., -1., 1., 0.5], dtype=x.dtype))')), family='elementwise'),
    binary('special.xlog1py', rlow=-0.9, rhigh=2.0,
           more=[Call('number_self', (T(3, 4, low=-0.9, high=2.0),), lam('y: L.special.xlog1py(2.0, y)')),
                 Call('zero_self', (T(4, low=-0.9, high=2.0),), lam('y: L.special.xlog1py(L.zeros(4, dtype=y.dtype), y - 1)')),
                 Call('nan_other', (T(2),), lam('x: L.special.xlog1py(x * 0, L.tensor([float("nan"), -1.0], dtype=x.dtype))'))]),
    # the Hurwitz zeta function: a gradient in q alone (x requires none: in x PyTorch's raises 'not implemented')
    op('special.zeta', Call('x', (Arg((3, 4), 1.1, 4.0, None, False), T(3, 4, low=0.2, high=3.0)), fn_of('special.zeta'),
                            {'out': with_out(lambda L, x, q, out=None: L.special.zeta(x, q, out=out))}),
       ('bcast', (Arg((4,), 1.1, 4.0, None, False), T(3, 1, low=0.2, high=3.0)), fn_of('special.zeta')),
       ('number_x', (T(3, 4, low=0.2, high=3.0),), lam('q: L.special.zeta(2.5, q)')),
       ('number_q', (T(3, 4, low=1.1, high=4.0),), lam('x: L.special.zeta(x.detach(), 1.5)')),
       ('0d', (Arg((), 1.1, 4.0, None, False), T(low=0.2, high=3.0)), fn_of('special.zeta')),
       ('empty', (Arg((0, 3), 1.1, 4.0, None, False), T(0, 3)), fn_of('special.zeta')),
       ('edges', (T(6, low=0.5, high=2.0),), lam('q: L.special.zeta(L.tensor([1., 0.5, 2., 2., 2., 3.], dtype=q.dtype), '
                                                 'L.tensor([1., 1., 0., -1., -1.5, float("inf")], dtype=q.dtype))')),
       errors=[('grad_x', (T(3, low=1.5, high=3.0), T(3, low=0.5)), lam('x, q: L.special.zeta(x, q).sum().backward()')),
               ('numbers', (), lam(': L.special.zeta(2.0, 1.0)')), ('none', (T(3, low=0.5),), lam('q: L.special.zeta(None, q)')),
               ('str', (T(3, low=1.5),), lam('x: L.special.xlog1py(x, "a")'))],
       family='elementwise', tol64=SERIES),
    # Bessel and Airy functions (no gradient in PyTorch): [-2, 2], then their far range, where PyTorch's float64 kernels
    # for J0, J1, Y0, Y1 and Ai are single-precision approximations (1e-6 away; minigrad's are scipy's, exact)
    *[unary('special.' + n) for n in BESSEL],
    *[op('special.' + n, ('far', (T(3, 4, low=2.0, high=30.0),), fn_of('special.' + n)),
         ('negative', (T(3, 4, low=-30.0, high=-2.0),), fn_of('special.' + n)),
         ('ends', (), lam(f': L.special.{n}(L.tensor([0., -0., float("inf"), -float("inf"), float("nan"), 1e-300]))')),
         errors=[('number', (), lam(f': L.special.{n}(1.0)'))], family='elementwise',
         tol64=dict(rtol=1e-5, atol=1e-6) if n in ('bessel_j0', 'bessel_j1', 'bessel_y0', 'bessel_y1', 'airy_ai')
         else None) for n in BESSEL],
    # orthogonal polynomials (no gradient in PyTorch): degrees up to 9 (the trigonometric forms above 4 to 8),
    # |x| up to 1.2 (the recurrence outside [-1, 1]), the ends, a degree that is a float, a number or NaN
    *[op('special.' + n, Call('x', (T(3, 4, low=-1.2, high=1.2), I(3, 4, high=10)), fn_of('special.' + n),
                               {'out': with_out(lambda L, x, k, out=None, n=n: function(L, 'special.' + n)(x, k, out=out))}),
         ('float_n', (T(3, 4, low=-1.2, high=1.2), T(3, 4, low=-1.0, high=9.9)), fn_of('special.' + n)),
         ('number_n', (T(3, 4, low=-1.2, high=1.2), 7), fn_of('special.' + n)),
         ('number_x', (I(3, 4, high=10),), lam(f'k: L.special.{n}(0.25, k)')),
         ('bcast', (T(3, 1, low=-1.2, high=1.2), I(5, high=10)), fn_of('special.' + n)),
         ('0d', (T(low=-1.2, high=1.2), I(high=10)), fn_of('special.' + n)),
         ('empty', (T(0, 3), I(3, high=10)), fn_of('special.' + n)),
         ('ends', (I(6, 4, high=10),), lam(f'k: L.special.{n}(L.tensor([1., -1., 0., 0.5]), k)')),
         ('nan_n', (T(4),), lam(f'x: L.special.{n}(x, L.tensor([float("nan"), float("inf"), -2.0, 600.0], dtype=x.dtype))')),
         errors=[('numbers', (), lam(f': L.special.{n}(0.5, 3)')), ('none', (I(3, high=4),), lam(f'k: L.special.{n}(None, k)')),
                 ('bcast', (T(3), I(4, high=4)), fn_of('special.' + n)),
                 ('half', (T(3, dtype='float16'), I(3, high=4)), fn_of('special.' + n))],
         family='recurrence') for n in POLYNOMIALS],
    op('polygamma', Call('n1', (T(3, 4, low=0.1, high=3.0),), lam('x: L.polygamma(1, x)'),
                         {'out': with_out(lam('x, out=None: L.polygamma(1, x, out=out)'))}),
       ('n0', (T(3, 4, low=0.1, high=3.0),), lam('x: L.polygamma(0, x)')),
       ('method', (T(2, 3, low=0.1, high=3.0),), lam('x: x.polygamma(2)')),
       ('inplace', (T(2, 3, low=0.1, high=3.0),), lam('x: (x * 1).polygamma_(3)')),
       ('0d', (T(low=0.1, high=3.0),), lam('x: L.polygamma(1, x)')), ('empty', (T(0, 3),), lam('x: L.polygamma(1, x)')),
       errors=[('negative_n', (T(3, 4),), lam('x: L.polygamma(-1, x)'))], family='elementwise', dtype_calls=2,
       tol64=SERIES, inplace='polygamma_'),
    op('mvlgamma', Call('p1', (T(3, 4, low=0.1, high=3.0),), lam('x: L.mvlgamma(x, 1)'),
                        {'out': with_out(lam('x, out=None: L.mvlgamma(x, 1, out=out)'))}),
       ('p3', (T(3, 4, low=1.1, high=3.0),), lam('x: x.mvlgamma(3)')),
       ('inplace', (T(3, 4, low=1.1, high=3.0),), lam('x: (x * 1).mvlgamma_(p=2)')),
       ('empty', (T(0, 3),), lam('x: L.mvlgamma(x, 2)')),
       errors=[('p0', (T(3, 4),), lam('x: L.mvlgamma(x, 0)'))], family='elementwise', dtype_calls=2, tol64=SERIES,
       inplace='mvlgamma_'),
    unary('positive', out=False),
    unary('bitwise_not', inplace='bitwise_not_'),
    *[unary(n, out=False) for n in ('isinf', 'isreal')],
    *[unary(n) for n in ('isposinf', 'isneginf', 'signbit')],
    # elementwise, two inputs
    binary('add', inplace='add_', operator='+', rname='__radd__', alpha=True),
    binary('sub', inplace='sub_', operator='-', rname='__rsub__', alpha=True),
    binary('mul', inplace='mul_', operator='*', rname='__rmul__'),
    binary('rsub', alpha=True, out=False),
    binary('div', rlow=0.5, rhigh=2.0, inplace='div_', operator='/', rname='__rtruediv__',
           more=[Call(mode, (T(3, 4), T(3, 4, low=0.5, high=2.0)), fn_of('div', dict(rounding_mode=mode)),
                      variants={'inplace': method_of('div_', dict(rounding_mode=mode))}) for mode in ('floor', 'trunc')]),
    binary('floor_divide', rlow=0.5, rhigh=2.0, inplace='floor_divide_', operator='//', rname='__rfloordiv__'),
    binary('remainder', rlow=0.5, rhigh=2.0, inplace='remainder_', operator='%', rname='__rmod__'),
    binary('pow', low=0.5, high=2.0, inplace='pow_', operator='**', rname='__rpow__'),
    binary('maximum'),
    binary('minimum'),
    binary('eq', inplace='eq_', operator='==', rname='__eq__'),
    binary('ne', inplace='ne_'),
    binary('lt', inplace='lt_'),
    binary('le', inplace='le_'),
    binary('gt', inplace='gt_'),
    binary('ge', inplace='ge_'),
    binary('__and__', out=False, rname='__rand__'),
    binary('__or__', out=False, rname='__ror__'),
    # elementwise math, two inputs
    *[binary(n, inplace=n + '_') for n in ('atan2', 'hypot', 'copysign', 'clamp_min', 'clamp_max')],
    binary('fmod', rlow=0.5, rhigh=2.0, inplace='fmod_'),
    binary('xlogy', low=0.1, high=3.0, inplace='xlogy_'),
    binary('logaddexp'),
    binary('logaddexp2', more=[Call('equal_operands', (T(3, 4),),     # PyTorch's fused multiply-add: -4.8e-17 at -1
                                    lam('x: 1 / L.logaddexp2(x * 0 - 1, x * 0 - 1)'))]),
    binary('isclose', out=False),
    *[op(n, ('int64', (T(3, 4, dtype='int64'), T(3, 4, dtype='int64')), lambda L, x, y, n=n: getattr(x * 1, n)(y)),
         family='elementwise') for n in ('__iand__', '__ior__', '__ixor__', '__ilshift__', '__irshift__')],
    binary('bitwise_and', inplace='bitwise_and_'),
    binary('bitwise_or', inplace='bitwise_or_'),
    binary('bitwise_xor', inplace='bitwise_xor_', operator='^', rname='__rxor__'),
    binary('bitwise_left_shift', inplace='bitwise_left_shift_', operator='<<', rname='__rlshift__'),
    binary('bitwise_right_shift', inplace='bitwise_right_shift_', operator='>>', rname='__rrshift__'),
    op('lerp', ('same', (T(3, 4), T(3, 4)), lambda L, x, y: L.lerp(x, y, 0.3)),
       ('tensor_weight', (T(3, 4), T(3, 4), T(3, 4, low=0.0, high=1.0)), lambda L, x, y, w: L.lerp(x, y, w)),
       ('inplace', (T(3, 4), T(3, 4)), lambda L, x, y: (x * 1).lerp_(y, 0.3)), family='elementwise', inplace='lerp_'),
    *[binary(n) for n in ('fmax', 'fmin')],
    *[binary(n, inplace=n + '_') for n in ('ldexp', 'nextafter', 'heaviside', 'float_power', 'logical_and',
                                           'logical_or', 'logical_xor', 'gcd', 'lcm')],
    op('gcd', ('int', (I(3, 4, high=20), I(3, 4, high=20)), lam('a, b: L.gcd(a - 10, b)')), family='elementwise'),
    op('lcm', ('int', (I(3, 4, high=20), I(4, high=20)), lam('a, b: L.lcm(a - 10, b)')), family='elementwise'),
    op('ldexp', ('int_exponent', (T(3, 4), I(4, high=6)), fn_of('ldexp')),
       ('wide_int_exponent', (T(3, 4),), lam('x: L.ldexp(x * 2.0 ** -100, L.tensor([130, 1, -3, 2 ** 31 + 3]))')),
       ('0d_exponent', (T(3, 4),), lam('x: L.ldexp(x, L.tensor(20.3, dtype=L.float64))')), family='elementwise'),
    op('heaviside', ('zeros', (T(3, 4), T(3, 4)), lam('x, v: L.heaviside(x * (x > 0), v)')), family='elementwise'),
    op('fmax', ('nan', (T(4),), lam('x: L.fmax(x, L.tensor([1.0, float("nan"), 0.5, float("nan")], dtype=x.dtype))')),
       ('tie', (T(3, 4),), lam('x: L.fmax(x, x.detach())')), family='elementwise'),
    op('fmin', ('nan', (T(4),), lam('x: L.fmin(x, L.tensor([1.0, float("nan"), 0.5, float("nan")], dtype=x.dtype))')),
       family='elementwise'),
    *[op(n, Call('same', (T(3, 4), T(3, 4), T(3, 4, low=0.5, high=2.0)), fn_of(n), {'inplace': method_of(n + '_')}),
         ('value', (T(3, 4), T(3, 4), T(3, 4, low=0.5, high=2.0)), fn_of(n, dict(value=-0.5))),
         ('bcast', (T(3, 1), T(4), T(3, 4, low=0.5, high=2.0)), fn_of(n)),
         ('0d', (T(), T(3, 4), T(low=0.5, high=2.0)), fn_of(n)),
         ('dtypes', (T(3, 4, dtype='float32'), T(3, 4, dtype='float64'), T(3, 4, low=0.5, high=2.0)), fn_of(n)),
         ('int', (I(3, high=4), I(3, high=4), I(3, high=4)), lam(f'a, b, c: L.{n}(a, b, c + 1)')),
         errors=[('bad_broadcast', (T(3, 4), T(2), T(3, 4)), fn_of(n))],
         family='elementwise', inplace=n + '_', dtype_calls=1) for n in ('addcmul', 'addcdiv')],
    op('isin', ('row', (T(3, 4),), lam('x: L.isin(x, x[0])')), ('invert', (T(3, 4),), lam('x: L.isin(x, x[1], invert=True)')),
       ('number', (T(3, 4),), lam('x: L.isin(x, 1)')), ('element', (T(3, 4),), lam('x: L.isin(1, x.round())')),
       ('ints', (I(3, 4, high=5), I(4, high=5)), fn_of('isin')), family='compare'),
    op('argwhere', ('2d', (T(3, 4),), fn_of('argwhere')), ('0d', (T(),), fn_of('argwhere')),
       ('empty', (T(0, 3),), fn_of('argwhere')), family='compare'),
    # reductions
    reduction('sum'),
    reduction('mean'),
    reduction('prod', multi=False),
    reduction('max', multi=False),
    reduction('min', multi=False),
    reduction('argmax', multi=False),
    reduction('argmin', multi=False),
    reduction('all', multi=False),
    reduction('any', multi=False),
    reduction('var'),
    reduction('std'),
    reduction('norm', multi=True),
    op('softmax', ('dim1', (T(3, 4), 1), fn_of('softmax')), ('dim_neg', (T(2, 3, 4), -1), fn_of('softmax')),
       ('0d', (T(), 0), fn_of('softmax')), ('empty', (T(0, 3), 1), fn_of('softmax')),
       ('dtype', (T(3, 4), 1), lam('x, d: x.softmax(d, dtype=L.float64)')), family='reduction',
       errors=[('bad_dim', (T(3, 4), 2), fn_of('softmax'))]),
    op('log_softmax', ('dim1', (T(3, 4), 1), fn_of('log_softmax')), ('0d', (T(), 0), fn_of('log_softmax')),
       ('dim_neg', (T(2, 3, 4), -1), fn_of('log_softmax')), ('empty', (T(0, 3), 1), fn_of('log_softmax')),
       family='reduction', errors=[('bad_dim', (T(3, 4), 2), fn_of('log_softmax'))]),
    op(F + 'softmax', ('dim1', (T(3, 4), 1), fn_of(F + 'softmax')), family='reduction'),
    op(F + 'log_softmax', ('dim1', (T(3, 4), 1), fn_of(F + 'log_softmax')), family='reduction'),
    # comparisons that give one Python value
    op('equal', ('same', (T(3, 4), T(3, 4)), fn_of('equal')), ('self', (T(3, 4),), lam('x: L.equal(x, x)')),
       ('shapes', (T(3, 4), T(4)), fn_of('equal')), family='compare', dtype_calls=2),
    op('allclose', ('self', (T(3, 4),), lam('x: L.allclose(x, x * 1.000001)')),
       ('different', (T(3, 4), T(3, 4)), fn_of('allclose')), family='compare', dtype_calls=0),
    op('nonzero', ('2d', (T(3, 4),), fn_of('nonzero')), ('0d', (T(),), fn_of('nonzero')),
       ('empty', (T(0, 3),), fn_of('nonzero')), ('as_tuple', (T(3, 4),), lam('x: L.nonzero(x, as_tuple=True)')),
       family='compare', dtype_calls=1),
    op('where', ('3', (B(3, 4), T(3, 4), T(3, 4)), fn_of('where')), ('bcast', (B(3, 1), T(4), T(3, 4)), fn_of('where')),
       ('scalar', (B(3, 4), T(3, 4)), lam('c, x: L.where(c, x, 0.0)')), ('one_arg', (B(3, 4),), fn_of('where')),
       ('method', (T(3, 4), B(3, 4), T(3, 4)), lam('x, c, y: x.where(c, y)')),
       errors=[('float_condition', (T(3, 4), T(3, 4), T(3, 4)), fn_of('where'))], family='elementwise'),
    # casts and copies
    # (a clone keeps its source's order of dims in memory, as PyTorch's preserve_format: the strides are compared)
    op('clone', ('x', (T(3, 4),), fn_of('clone')), ('0d', (T(),), fn_of('clone')),
       ('strides', (T(3, 4),), lam('x: [x.clone().stride(), x.t().clone().stride(), x[:, ::2].clone().stride(), '
                                   'x[:, :1].expand(3, 2).clone().stride(), x.t().clone().is_contiguous()]')),
       ('channels_last', (T(2, 3, 4, 5),), lam('x: x.clone(memory_format=L.channels_last) * 2')),
       ('formats', (T(2, 3, 4, 5),), lam('x: [x.clone(memory_format=L.channels_last).stride(), '
                                         'x.permute(0, 2, 3, 1).clone(memory_format=L.contiguous_format).stride()]')),
       errors=[('rank', (T(3, 4),), lam('x: x.clone(memory_format=L.channels_last)')),
               ('rank_3d', (T(2, 3, 4, 5),), lam('x: x.clone(memory_format=L.channels_last_3d)'))], dtype_calls=1),
    op('contiguous', ('x', (T(3, 4),), method_of('contiguous')),
       ('channels_last', (T(2, 3, 4, 5),), lam('x: x.contiguous(memory_format=L.channels_last) + 1')),
       ('is_contiguous', (T(2, 3, 4, 5),), lam('x: [y := x.contiguous(memory_format=L.channels_last), y.stride(), '
                                               'y.is_contiguous(), y.is_contiguous(memory_format=L.channels_last), '
                                               'y.contiguous().stride(), (y * 2).stride(), y[0].stride()][1:]')),
       ('3d', (T(1, 2, 3, 4, 5),), lam('x: x.contiguous(memory_format=L.channels_last_3d).stride()')),
       errors=[('rank', (T(3, 4),), lam('x: x.contiguous(memory_format=L.channels_last)'))], dtype_calls=1),
    op('to', ('dtype', (T(3, 4),), lam('x: x.to(L.float32)')), ('same', (T(3, 4),), lam('x: x.to(x.dtype)')),
       ('int', (T(3, 4),), lam('x: x.to(dtype=L.int64)')),
       ('memory_format', (T(2, 3, 4, 5),), lam('x: [y := x.to(L.float64, memory_format=L.channels_last), y.stride()][1]')),
       ('copy_format', (T(2, 3, 4, 5),), lam('x: x.to(copy=True, memory_format=L.channels_last) * 2')),
       errors=[('rank', (T(3, 4),), lam('x: x.to(memory_format=L.channels_last)'))], dtype_calls=1),
    *[op(n, ('x', (T(3, 4),), method_of(n)), dtype_calls=1) for n in ('double', 'float', 'half', 'long', 'int',
                                                                      'bool')],
    op('copy_', Call('same', (T(3, 4), T(3, 4)), lam('x, y: x.clone().copy_(y)'),
                     {'inplace': lam('x, y: x.copy_(y)')}),
       ('bcast', (T(3, 4), T(4)), lam('x, y: x.clone().copy_(y)')),
       ('dtype', (T(3, 4), T(3, 4, dtype='int64')), lam('x, y: x.clone().copy_(y)')),
       errors=[('bad_shape', (T(3), T(2, 3)), lam('x, y: x.clone().copy_(y)'))], family='fill'),
    op('zero_', Call('x', (T(3, 4),), lam('x: x.clone().zero_()'), {'inplace': method_of('zero_')}), family='fill'),
    op('fill_', Call('x', (T(3, 4),), lam('x: x.clone().fill_(2.5)'), {'inplace': lam('x: x.fill_(2.5)')}),
       ('tensor_value', (T(3, 4), T()), lam('x, v: x.clone().fill_(v)')), family='fill'),
    op('uniform_', Call('x', (T(3, 4),), lam('x: x.clone().uniform_()'), {'inplace': method_of('uniform_')}),
       ('from_to', (T(3, 4),), lam('x: x.clone().uniform_(**{"from": -1.0, "to": 2.0})')),
       errors=[('order', (T(3),), lam('x: x.clone().uniform_(1.0, 0.0)')),
               ('inf', (T(3),), lam('x: x.clone().uniform_(0, float("inf"))'))], family='fill', random=True),
    op('normal_', Call('x', (T(3, 4),), lam('x: x.clone().normal_()'), {'inplace': method_of('normal_')}),
       family='fill', random=True),
    op('random_', Call('x', (T(3, 4),), lam('x: x.clone().random_(0, 5)')), ('to', (T(3, 4),), lam('x: x.clone().random_(5)')),
       ('all', (T(3, 4),), lam('x: x.clone().random_()')), ('to_kw', (T(3, 4),), lam('x: x.clone().random_(to=5)')),
       ('from_none', (T(3, 4),), lam('x: x.clone().random_(2, None)')),
       ('uint8', (T(3, dtype='uint8'),), lam('x: x.clone().random_()')),
       errors=[('order', (T(3),), lam('x: x.clone().random_(5, 0)')),
               ('bounds', (T(3, dtype='uint8'),), lam('x: x.clone().random_(300)')),
               ('from_bounds', (T(3, dtype='int8'),), lam('x: x.clone().random_(-200, 5)'))], family='fill', random=True),
    # shapes and views
    op('view', ('flat', (T(3, 4),), lam('x: x.view(12)')), ('infer', (T(3, 4),), lam('x: x.view(-1, 2)')),
       ('tuple', (T(3, 4),), lam('x: x.view((4, 3))')), ('0d', (T(),), lam('x: x.view(1)')),
       ('empty', (T(0, 3),), lam('x: x.view(3, 0)')), ('dtype_same', (T(3, 4),), lam('x: x.view(x.dtype)')),
       errors=[('size', (T(3, 4),), lam('x: x.view(5, 2)')),
               ('non_contiguous', (T(3, 4),), lam('x: x.t().view(12)'))]),
    op('reshape', ('flat', (T(3, 4),), lam('x: x.reshape(12)')), ('infer', (T(3, 4),), lam('x: x.reshape(-1, 6)')),
       ('same', (T(3, 4),), lam('x: x.reshape(3, 4)')), ('0d', (T(),), lam('x: x.reshape(())')),
       ('to_0d', (T(1),), lam('x: L.reshape(x, ())')), ('empty', (T(0, 3),), lam('x: x.reshape(-1, 0)')),
       errors=[('size', (T(3, 4),), lam('x: x.reshape(5, -1)'))]),
    op('view_as', ('x', (T(3, 4), T(12)), lam('x, y: x.view_as(y)'))),
    op('reshape_as', ('x', (T(3, 4), T(2, 6)), lam('x, y: x.reshape_as(y)'))),
    op('flatten', ('all', (T(2, 3, 4),), fn_of('flatten')), ('start', (T(2, 3, 4), 1), fn_of('flatten')),
       ('neg', (T(2, 3, 4), -2, -1), fn_of('flatten')), ('0d', (T(),), fn_of('flatten')),
       ('same', (T(2, 3, 4), 1, 1), fn_of('flatten')),
       errors=[('order', (T(2, 3), 1, 0), fn_of('flatten'))]),
    op('unflatten', ('x', (T(3, 4), 1, (2, 2)), fn_of('unflatten')), ('infer', (T(3, 4), -1, (-1, 2)),
        fn_of('unflatten'))),
    op('squeeze', Call('all', (T(3, 1, 4, 1),), fn_of('squeeze'), {'inplace': method_of('squeeze_')}),
       Call('dim', (T(3, 1, 4), 1), fn_of('squeeze'), {'inplace': method_of('squeeze_')}),
       Call('dims', (T(1, 3, 1, 4), (0, 2, 3)), fn_of('squeeze'), {'inplace': method_of('squeeze_')}),
       ('dim_not_1', (T(3, 4), 0), fn_of('squeeze')), ('0d', (T(),), fn_of('squeeze')),
       ('0d_dim', (T(), 0), fn_of('squeeze')), ('neg', (T(3, 1), -1), fn_of('squeeze')),
       errors=[('bad_dim', (T(3, 4), 2), fn_of('squeeze')), ('bad_dim_inplace', (T(3, 4), 2), method_of('squeeze_'))],
       inplace='squeeze_'),
    op('unsqueeze', Call('x', (T(3, 4), 1), fn_of('unsqueeze'), {'inplace': method_of('unsqueeze_')}),
       Call('neg', (T(3, 4), -1), fn_of('unsqueeze'), {'inplace': method_of('unsqueeze_')}),
       ('0d', (T(), 0), fn_of('unsqueeze')), ('end', (T(3, 4), 2), fn_of('unsqueeze')),
       errors=[('bad_dim', (T(3, 4), 3), fn_of('unsqueeze')), ('bad_dim_inplace', (T(3, 4), 3), method_of('unsqueeze_'))],
       inplace='unsqueeze_'),
    op('expand', ('x', (T(3, 1),), lam('x: x.expand(3, 4)')), ('new_dims', (T(3, 1),), lam('x: x.expand(2, -1, 4)')),
       ('0d', (T(),), lam('x: x.expand(2, 3)')), ('tuple', (T(1, 4),), lam('x: x.expand((3, 4))')),
       ('part_written', (T(3, 1),), lam('x: (x * 1).expand(3, 4)[:, 1].mul_(2)')),
       ('0d_part_written', (T(),), lam('x: (x * 1).expand(2, 3)[1, 2:].add_(1)')),
       errors=[('bad', (T(3),), lam('x: x.expand(2, 4)')), ('written', (T(3, 1),), lam('x: (x * 1).expand(3, 4).mul_(2)')),
               ('row_written', (T(3, 1),), lam('x: (x * 1).expand(3, 4)[0].add_(1)'))]),
    op('expand_as', ('x', (T(1, 4), T(3, 4)), lam('x, y: x.expand_as(y)'))),
    op('broadcast_to', ('x', (T(3, 1), (2, 3, 4)), fn_of('broadcast_to')), ('0d', (T(), (2,)), fn_of('broadcast_to'))),
    op('permute', ('x', (T(2, 3, 4), (2, 0, 1)), fn_of('permute')), ('neg', (T(2, 3, 4),),
        lam('x: x.permute(-1, 0, 1)')),
       ('0d', (T(), ()), fn_of('permute')),
       errors=[('duplicate', (T(2, 3), (0, 0)), fn_of('permute'))]),
    op('transpose', Call('x', (T(2, 3, 4), 0, 2), fn_of('transpose'), {'inplace': method_of('transpose_')}),
       Call('swapaxes_', (T(2, 3, 4), 0, -1), method_of('swapaxes_')), Call('swapdims_', (T(2, 3), 0, 1), method_of('swapdims_')),
       ('neg', (T(3, 4), -1, -2), fn_of('transpose')),
       ('0d', (T(), 0, -1), fn_of('transpose')), ('same', (T(3, 4), 1, 1), fn_of('transpose')),
       ('swapaxes', (T(3, 4), 0, 1), fn_of('swapaxes')), ('swapdims', (T(3, 4), 0, 1), fn_of('swapdims')),
       errors=[('bad_dim', (T(3, 4), 0, 2), fn_of('transpose'))], inplace='transpose_'),
    op('t', Call('x', (T(3, 4),), fn_of('t'), {'inplace': method_of('t_')}), ('1d', (T(4),), fn_of('t')),
       ('0d', (T(),), fn_of('t')), errors=[('3d', (T(2, 3, 4),), fn_of('t'))], inplace='t_'),
    op('cat', ('dim0', (T(2, 3), T(4, 3)), lam('x, y: L.cat([x, y])')), ('dim_neg', (T(2, 3), T(2, 1)),
        lam('x, y: L.cat((x, y), -1)')),
       ('empty', (T(2, 3), T(0, 3)), lam('x, y: L.cat([x, y])')), ('one', (T(2, 3),), lam('x: L.cat([x])')),
       ('concat', (T(2, 3), T(4, 3)), lam('x, y: L.concat([x, y])')),
       ('concatenate', (T(2, 3), T(4, 3)), lam('x, y: L.concatenate([x, y], 0)')),
       ('dtypes', (T(2, 3), T(2, 3, dtype='int64')), lam('x, y: L.cat([x, y])')),
       errors=[('0d', (T(), T()), lam('x, y: L.cat([x, y])')), ('sizes', (T(2, 3), T(2, 4)),
       lam('x, y: L.cat([x, y])'))]),
    op('stack', ('dim0', (T(2, 3), T(2, 3)), lam('x, y: L.stack([x, y])')), ('dim_neg', (T(2, 3), T(2, 3)),
        lam('x, y: L.stack((x, y), -1)')),
       ('0d', (T(), T()), lam('x, y: L.stack([x, y])')), ('empty', (T(0, 3), T(0, 3)), lam('x, y: L.stack([x, y], 1)')),
       errors=[('sizes', (T(2, 3), T(3, 2)), lam('x, y: L.stack([x, y])'))]),
    # indexing
    op('__getitem__', ('int', (T(3, 4),), lam('x: x[1]')), ('neg', (T(3, 4),), lam('x: x[-1, 2]')),
       ('slice', (T(5, 4),), lam('x: x[1:4:2]')), ('column', (T(5, 4),), lam('x: x[:, 1]')),
       ('none', (T(3, 4),), lam('x: x[None, :, None]')), ('ellipsis', (T(2, 3, 4),), lam('x: x[..., -1]')),
       ('0d', (T(),), lam('x: x[()]')), ('0d_none', (T(),), lam('x: x[None]')), ('empty_slice', (T(3, 4),),
       lam('x: x[2:1]')),
       ('list', (T(5, 3),), lam('x: x[[0, 2, 2]]')), ('index_tensor', (T(5, 3), I(4, high=5)), lam('x, i: x[i]')),
       ('mask', (T(3, 4), B(3, 4)), lam('x, m: x[m]')), ('mixed', (T(4, 5, 3),), lam('x: x[1:, [0, 2, 2], None]')),
       ('two_arrays', (T(4, 5, 3), I(2, high=4), I(2, high=3)), lam('x, i, j: x[i, :, j]')),
       ('numpy_ints', (T(3, 4),), lam('x: x[np.int64(1), np.int32(-1)]')), ('numpy_0d', (T(3, 4),), lam('x: x[np.array(2)]')),
       ('tensor_0d', (T(3, 4),), lam('x: x[L.tensor(1), L.tensor(-2)]')),   # (ints: a select, no index array)
       ('byte_mask', (T(3, 4),), lam('x: x[L.tensor([1, 0, 2], dtype=L.uint8)]')),     # (masks, as bool)
       ('byte_0d', (T(3, 4),), lam('x: x[L.tensor(1, dtype=L.uint8)]')),
       ('whole_slice', (T(1, 3),), lam('x: x[0:1]')), ('then_select', (T(1, 3),), lam('x: x.narrow(0, 0, 1)[:, 1]')),
       ('range', (T(3, 4), I(3, high=4)), lam('x, t: x[range(3), t]')), ('tuple', (T(3, 4),), lam('x: x[(0, 2), 1:]')),
       ('bool', (T(3, 4),), lam('x: x[True]')), ('false', (T(3, 4),), lam('x: x[1, False]')),
       ('bool_list', (T(3, 4),), lam('x: x[True, [0, 2]]')),
       errors=[('out_of_range', (T(3),), lam('x: x[5]')), ('too_many', (T(3),), lam('x: x[0, 0]')),
               ('float_index', (T(3),), lam('x: x[1.0]')), ('numpy_bool', (T(3),), lam('x: x[np.bool_(True)]')),
               ('numpy_float', (T(3),), lam('x: x[np.float64(1)]'))], family='index'),
    op('__setitem__', ('int', (T(3, 4), T(4)), lam('x, v: (x.clone().__setitem__(1, v), )')),
       ('scalar', (T(3, 4),), lam('x: x.clone().__setitem__(slice(None), 2.0)')),
       ('mask', (T(3, 4), B(3, 4)), lam('x, m: x.clone().__setitem__(m, 0.5)')),
       ('tensor_0d', (T(3, 4),), lam('x: [y := x.clone(), y.__setitem__(L.tensor(1), 2.0), y][2]')),
       ('byte_mask', (T(3, 4), T(2, 4)), lam('x, v: [y := x.clone(), y.__setitem__(L.tensor([1, 0, 1], dtype=L.uint8), v), y][2]')),
       ('range', (T(3, 4), T(2)), lam('x, v: [y := x.clone(), y.__setitem__((range(2), 1), v), y][2]')),
       ('bool', (T(3, 4), T(4)), lam('x, v: [y := x.clone(), y.__setitem__((True, 1), v), y][2]')),
       errors=[('broadcast', (T(2, 3), T(2)), lam('x, v: x.clone().__setitem__(0, v)')),
               ('byte_fill', (T(3, 4),), lam('x: x.clone().__setitem__(L.tensor([1, 0, 1], dtype=L.uint8), 2.0)'))],
       family='index'),
    op('select', ('x', (T(3, 4), 0, 1), fn_of('select')), ('neg', (T(3, 4), -1, -2), fn_of('select')),
       ('3d', (T(2, 3, 4), 1, 2), fn_of('select')),
       errors=[('range', (T(3, 4), 0, 5), fn_of('select')), ('0d', (T(), 0, 0), fn_of('select')),
               ('dim', (T(3, 4), 2, 0), fn_of('select'))]),
    op('ravel', ('x', (T(3, 4),), fn_of('ravel')), ('0d', (T(),), fn_of('ravel')), ('3d', (T(2, 3, 4),), fn_of('ravel'))),
    op('adjoint', ('x', (T(3, 4),), fn_of('adjoint')), ('batched', (T(2, 3, 4),), fn_of('adjoint')),
       ('0d', (T(),), fn_of('adjoint')),
       errors=[('1d', (T(3),), fn_of('adjoint'))]),
    op('conj', ('x', (T(3, 4),), fn_of('conj')), ('0d', (T(),), fn_of('conj')), auto_alias=True),
    op('real', ('x', (T(3, 4),), fn_of('real')), ('property', (T(3, 4),), lam('x: x.real * 2'))),
    op('imag', ('unused', (T(3, 4),), lam('x: x * 2')),
       errors=[('real', (T(3, 4),), fn_of('imag')), ('property', (T(3, 4),), lam('x: x.imag'))]),
    op('type_as', ('float64', (T(3, 4),), lam('x: x.type_as(L.zeros(2, dtype=L.float64))')),
       ('int', (T(3, 4),), lam('x: x.type_as(L.zeros(1, dtype=L.int64))')), ('same', (T(3, 4),), lam('x: x.type_as(x * 0)')),
       ('from_int', (I(3, 4, high=5),), lam('x: x.type_as(L.zeros(1))')),
       errors=[('number', (T(3, 4),), lam('x: x.type_as(2)'))], family='cast'),
    op('split_with_sizes', ('x', (T(5, 3), [1, 4]), fn_of('split_with_sizes')),
       ('method_dim', (T(3, 5),), lam('x: x.split_with_sizes((2, 0, 3), dim=-1)')),
       errors=[('sum', (T(5),), lam('x: x.split_with_sizes([2, 2])')), ('int', (T(5),), lam('x: x.split_with_sizes(2)')),
               ('int_function', (T(5),), lam('x: L.split_with_sizes(x, 2)'))],
       family='index'),
    op('diff', ('x', (T(3, 4),), fn_of('diff')), ('n2_dim0', (T(4, 3),), lam('x: L.diff(x, 2, 0)')),
       ('prepend_append', (T(3, 4), T(3, 1), T(3, 2)), lam('x, p, a: L.diff(x, append=a, prepend=p)')),
       ('n_past_length', (T(3, 4),), lam('x: L.diff(x, n=5)')), ('bool', (B(3, 4),), fn_of('diff')),
       ('1d', (T(5),), fn_of('diff')),
       errors=[('0d', (T(),), fn_of('diff')), ('negative_n', (T(3, 4),), lam('x: L.diff(x, n=-1)')),
               ('prepend_dims', (T(3, 4), T(3)), lam('x, p: L.diff(x, prepend=p)'))], family='reduction'),
    op('narrow', ('x', (T(5, 3), 0, 1, 3), fn_of('narrow')), ('neg', (T(5, 3), -1, 1, 2), fn_of('narrow')),
       ('empty', (T(5, 3), 0, 2, 0), fn_of('narrow')), ('neg_start', (T(5, 3), 0, -2, 2), fn_of('narrow')),
       ('whole', (T(1, 3), 0, 0, 1), fn_of('narrow')),
       errors=[('past_end', (T(5),), lam('x: x.narrow(0, 3, 4)'))], family='index'),
    op('split', ('int', (T(5, 3), 2), fn_of('split')), ('sizes', (T(5, 3), [1, 4]), fn_of('split')),
       ('dim', (T(3, 5), 2, 1), fn_of('split')), ('empty', (T(0, 3), 2), fn_of('split')),
       errors=[('sizes', (T(5),), lam('x: x.split([2, 2])'))], family='index'),
    op('chunk', ('x', (T(3, 6), 3, 1), fn_of('chunk')), ('uneven', (T(5, 2), 2), fn_of('chunk')),
       errors=[('zero', (T(5),), lam('x: x.chunk(0)'))], family='index'),
    op('unsafe_split', ('int', (T(5, 3), 2), fn_of('unsafe_split')), ('dim', (T(3, 5), 2, 1), fn_of('unsafe_split')),
       ('in_place', (T(5, 3),), lam('x: [p.mul_(2) for p in (x * 1).unsafe_split(2)]')),     # (no view: no error)
       errors=[('sizes', (T(5),), lam('x: L.unsafe_split(x, [2, 3])')), ('sizes_method', (T(5),), lam('x: x.unsafe_split([2, 3])')),
               ('neg', (T(5),), lam('x: x.unsafe_split(-1)'))],
       family='index'),
    op('unsafe_split_with_sizes', ('x', (T(5, 3), [1, 4]), fn_of('unsafe_split_with_sizes')),
       ('method_dim', (T(3, 5),), lam('x: x.unsafe_split_with_sizes((2, 0, 3), dim=-1)')),
       errors=[('sum', (T(5),), lam('x: x.unsafe_split_with_sizes([2, 2])')),
               ('int', (T(5),), lam('x: L.unsafe_split_with_sizes(x, 2)')),
               ('int_method', (T(5),), lam('x: x.unsafe_split_with_sizes(2)'))], family='index'),
    op('unsafe_chunk', ('x', (T(3, 6), 3, 1), fn_of('unsafe_chunk')), ('uneven', (T(5, 2), 2), fn_of('unsafe_chunk')),
       errors=[('zero', (T(5),), lam('x: x.unsafe_chunk(0)'))], family='index'),
    op('unbind', ('x', (T(3, 2),), fn_of('unbind')), ('dim', (T(3, 2), 1), fn_of('unbind')),
       ('neg', (T(3, 2), -1), fn_of('unbind')), family='index'),
    # products
    op('matmul', ('2d', (T(3, 4), T(4, 5)), fn_of('matmul')), ('1d_1d', (T(4), T(4)), fn_of('matmul')),
       ('2d_1d', (T(3, 4), T(4)), fn_of('matmul')), ('1d_2d', (T(4), T(4, 5)), fn_of('matmul')),
       ('batched', (T(2, 3, 4), T(2, 4, 5)), fn_of('matmul')), ('bcast', (T(2, 1, 3, 4), T(5, 4, 2)), fn_of('matmul')),
       ('batched_1d', (T(2, 3, 4), T(4)), fn_of('matmul')), ('1d_batched', (T(4), T(2, 4, 3)), fn_of('matmul')),
       ('empty', (T(0, 4), T(4, 5)), fn_of('matmul')), ('operator', (T(3, 4), T(4, 5)), lam('x, y: x @ y')),
       ('batch_of_one', (T(1, 3, 4), T(2, 4, 5)), fn_of('matmul')),
       ('batch_of_one_right', (T(2, 3, 4), T(1, 4, 5)), fn_of('matmul')),
       ('batch_of_one_empty', (T(1, 1, 2), T(2, 2, 0)), fn_of('matmul')),
       ('strided_batch', (T(3, 2, 4), T(4, 5)), lam('x, y: x.transpose(0, 1) @ y.detach()')),
       ('strided_batch_1d', (T(3, 2, 4), T(4)), lam('x, y: x.transpose(0, 1) @ y.detach()')),
       ('rmatmul', (T(4, 5),), lam('y: y.__rmatmul__(L.ones(3, 4, dtype=y.dtype))')),
       errors=[('0d', (T(), T(3)), fn_of('matmul')), ('sizes', (T(2, 3), T(4, 5)), fn_of('matmul')),
               ('float_double', (T(2, 3, dtype='float32'), T(3, 2)), fn_of('matmul')),
               ('strided_batch_sizes', (T(3, 2, 4), T(3, 5)), lam('x, y: x.transpose(0, 1) @ y.detach()')),
               ('strided_batch_1d_sizes', (T(3, 2, 4), T(3)), lam('x, y: x.transpose(0, 1) @ y.detach()')),
               ('batch_sizes_1d', (T(3, 2, 4), T(3)), fn_of('matmul'))],
       family='product', also=('__rmatmul__',), dtype_calls=2),
    op('mm', ('x', (T(3, 4), T(4, 5)), fn_of('mm')), ('empty', (T(3, 0), T(0, 5)), fn_of('mm')),
       errors=[('1d', (T(4), T(4, 5)), fn_of('mm'))], family='product'),
    op('bmm', ('x', (T(2, 3, 4), T(2, 4, 5)), fn_of('bmm')), errors=[('sizes', (T(2, 3, 4), T(3, 4, 5)), fn_of('bmm'))],
       family='product'),
    op('dot', ('x', (T(4), T(4)), fn_of('dot')), ('empty', (T(0), T(0)), fn_of('dot')),
       errors=[('sizes', (T(3), T(4)), fn_of('dot'))], family='product'),
    op('mv', ('x', (T(3, 4), T(4)), fn_of('mv')), errors=[('sizes', (T(3, 4), T(3)), fn_of('mv'))], family='product'),
    op(F + 'linear', ('bias', (T(2, 4), T(3, 4), T(3)), fn_of(F + 'linear')), ('no_bias', (T(5, 4), T(3, 4)),
        fn_of(F + 'linear')),
       ('1d', (T(4), T(3, 4), T(3)), fn_of(F + 'linear')), ('3d', (T(2, 5, 4), T(3, 4)), fn_of(F + 'linear')),
       errors=[('sizes', (T(2, 5), T(3, 4)), fn_of(F + 'linear'))], family='product'),
    # layers
    op(F + 'conv2d', ('x', (T(2, 3, 5, 5), T(4, 3, 3, 3), T(4)), fn_of(F + 'conv2d')),
       ('strided', (T(1, 2, 6, 5), T(2, 2, 2, 3)), fn_of(F + 'conv2d', dict(stride=2, padding=1))),
       ('groups', (T(1, 4, 4, 4), T(4, 2, 2, 2)), fn_of(F + 'conv2d', dict(groups=2, dilation=2, padding=1))),
       errors=[('channels', (T(1, 2, 5, 5), T(4, 3, 3, 3)), fn_of(F + 'conv2d'))], family='conv'),
    op(F + 'max_pool2d', ('x', (T(2, 3, 6, 6), 2), fn_of(F + 'max_pool2d')),
       ('ceil', (T(1, 2, 5, 5), 2), fn_of(F + 'max_pool2d', dict(stride=2, ceil_mode=True, padding=1))),
       ('3d', (T(2, 5, 5), 3), fn_of(F + 'max_pool2d', dict(stride=1, dilation=2))),
       errors=[('too_big', (T(1, 1, 2, 2), 3), fn_of(F + 'max_pool2d'))], family='conv'),
    op(F + 'avg_pool2d', ('x', (T(2, 3, 6, 6), 2), fn_of(F + 'avg_pool2d')),
       ('pad', (T(1, 2, 5, 5), 3), fn_of(F + 'avg_pool2d', dict(stride=2, padding=1, count_include_pad=False))),
       errors=[('too_big', (T(1, 1, 2, 2), 3), fn_of(F + 'avg_pool2d'))], family='conv'),
    op(F + 'batch_norm', ('train', (T(4, 3, 2, 2), T(3), T(3, low=0.5), T(3), T(3)),
                          lam('x, m, v, w, b: L.nn.functional.batch_norm(x, m.detach(), v.detach(), w, b, True)')),
       ('eval', (T(4, 3), T(3), T(3, low=0.5)), lam('x, m, v: L.nn.functional.batch_norm(x, m.detach(), v.detach())')),
       ('no_stats', (T(4, 3, 5), T(3)), lam('x, w: L.nn.functional.batch_norm(x, None, None, w, training=True)')),
       ('bias_only', (T(3, 2, 2, 2, 2), T(2)),
        lam('x, b: L.nn.functional.batch_norm(x, None, None, None, b, True, 0.1, 1e-3)')),
       ('momentum', (T(5, 3), T(3), T(3, low=0.5), T(3)),
        lam('x, m, v, w: L.nn.functional.batch_norm(x, m.detach(), v.detach(), w, None, True, 0.6, 0.1)')),
       ('eval_affine', (T(2, 3, 4), T(3), T(3, low=0.5), T(3), T(3)),
        lam('x, m, v, w, b: L.nn.functional.batch_norm(x, m.detach(), v.detach(), w, b, eps=0.01)')),
       errors=[('channels', (T(4, 2), T(3), T(3, low=0.5)), lam('x, m, v: L.nn.functional.batch_norm(x, m, v)')),
               ('one_value', (T(1, 3),), lam('x: L.nn.functional.batch_norm(x, None, None, training=True)')),
               ('weight_size', (T(4, 3), T(3), T(3, low=0.5), T(4)), fn_of(F + 'batch_norm')),
               ('eval_no_stats', (T(4, 3),), lam('x: L.nn.functional.batch_norm(x, None, None)')),
               ('one_stat', (T(4, 3), T(3)), lam('x, m: L.nn.functional.batch_norm(x, m.detach(), None, training=True)')),
               ('stat_requires_grad', (T(4, 3), T(3), T(3, low=0.5)), fn_of(F + 'batch_norm'))],
       family='conv'),
    op(F + 'pad', ('constant', (T(2, 3, 4), (1, 2)), fn_of(F + 'pad')),
       ('value', (T(2, 3, 4), (1, 0, 2, 1)), fn_of(F + 'pad', dict(value=3.0))),
       ('negative', (T(2, 3, 4), (-1, 1)), fn_of(F + 'pad')),
       ('reflect', (T(1, 2, 3, 4), (2, 1, 1, 2)), fn_of(F + 'pad', dict(mode='reflect'))),
       ('replicate', (T(1, 2, 3, 4), (2, 1, 1, 2)), fn_of(F + 'pad', dict(mode='replicate'))),
       ('circular', (T(1, 2, 3, 4), (2, 1, 1, 2)), fn_of(F + 'pad', dict(mode='circular'))),
       errors=[('mode', (T(1, 2, 3), (1, 1)), fn_of(F + 'pad', dict(mode='bogus')))], family='shape'),
    op(F + 'dropout', ('eval', (T(3, 4),), fn_of(F + 'dropout', dict(training=False))),
       ('p0', (T(3, 4),), fn_of(F + 'dropout', dict(p=0.0))), ('train', (T(3, 4),), fn_of(F + 'dropout')),
       errors=[('p', (T(3, 4),), fn_of(F + 'dropout', dict(p=1.5)))], family='elementwise', random=True),
    # losses
    op(F + 'mse_loss', ('mean', (T(3, 4), T(3, 4)), fn_of(F + 'mse_loss')),
       ('sum', (T(3, 4), T(3, 4)), fn_of(F + 'mse_loss', dict(reduction='sum'))),
       ('none', (T(3, 4), T(3, 4)), fn_of(F + 'mse_loss', dict(reduction='none'))),
       ('empty', (T(0), T(0)), fn_of(F + 'mse_loss')), family='reduction'),
    op(F + 'l1_loss', ('mean', (T(3, 4), T(3, 4)), fn_of(F + 'l1_loss')),
       ('none', (T(3, 4), T(3, 4)), fn_of(F + 'l1_loss', dict(reduction='none'))), family='reduction'),
    op(F + 'binary_cross_entropy', ('mean', (T(3, 4, low=0.2, high=0.8), T(3, 4, low=0, high=1)),
                                    fn_of(F + 'binary_cross_entropy')),
       ('weight', (T(3, 4, low=0.2, high=0.8), T(3, 4, low=0, high=1), W(4)), fn_of(F + 'binary_cross_entropy')),
       errors=[('weight_grad', (T(3, 4, low=0.2, high=0.8), T(3, 4, low=0, high=1), T(4, low=0, high=1)),
                fn_of(F + 'binary_cross_entropy'))], family='reduction',
       tol64=dict(rtol=1e-10, atol=1e-10)),   # its second derivative sums terms ~1/(x(1-x)) that cancel
    op(F + 'binary_cross_entropy_with_logits', ('mean', (T(3, 4), T(3, 4, low=0, high=1)),
                                                fn_of(F + 'binary_cross_entropy_with_logits')),
       ('pos_weight', (T(3, 4), T(3, 4, low=0, high=1), W(4)),
        lam('x, y, p: L.nn.functional.binary_cross_entropy_with_logits(x, y, pos_weight=p + 0.5)')),
       errors=[('pos_weight_grad', (T(3, 4), T(3, 4, low=0, high=1), T(4, low=0.5, high=2)),
                lam('x, y, p: L.nn.functional.binary_cross_entropy_with_logits(x, y, pos_weight=p)'))],
       family='reduction'),
    op(F + 'cross_entropy', ('mean', (T(3, 5), I(3, high=5)), fn_of(F + 'cross_entropy')),
       ('probs', (T(3, 5), T(3, 5, low=0, high=1)), fn_of(F + 'cross_entropy')),
       ('smoothing', (T(3, 5), I(3, high=5)), fn_of(F + 'cross_entropy', dict(label_smoothing=0.1))),
       ('ignore', (T(3, 5), I(3, high=5)), fn_of(F + 'cross_entropy', dict(ignore_index=1, reduction='sum'))),
       ('1d', (T(5), I(high=5)), fn_of(F + 'cross_entropy')),
       errors=[('class', (T(3, 5),),
       lam('x: L.nn.functional.cross_entropy(x, L.tensor([1, 2, 5]))'))], family='reduction'),
    op(F + 'nll_loss', ('mean', (T(3, 5), I(3, high=5)), fn_of(F + 'nll_loss')),
       ('weight', (T(3, 5), I(3, high=5), W(5)), fn_of(F + 'nll_loss')),
       ('none', (T(3, 5), I(3, high=5)), fn_of(F + 'nll_loss', dict(reduction='none'))),
       # K-dimensional inputs: 4-d is PyTorch's nll_loss2d, 3-d and 5-d go through it seen as (N, C, 1, -1)
       ('3d_none', (T(2, 3, 4), I(2, 4, high=3)), fn_of(F + 'nll_loss', dict(reduction='none'))),
       ('3d_weight', (T(2, 3, 4), I(2, 4, high=3), W(3)), fn_of(F + 'nll_loss')),
       ('4d', (T(2, 3, 2, 2), I(2, 2, 2, high=3)), fn_of(F + 'nll_loss')),
       ('4d_none', (T(2, 3, 2, 2), I(2, 2, 2, high=3)), fn_of(F + 'nll_loss', dict(reduction='none'))),
       ('5d_sum', (T(2, 3, 2, 1, 2), I(2, 2, 1, 2, high=3)), fn_of(F + 'nll_loss', dict(reduction='sum'))),
       ('3d_empty', (T(0, 3, 4), I(0, 4, high=3)), fn_of(F + 'nll_loss', dict(reduction='none'))),
       errors=[('weight_grad', (T(3, 5), I(3, high=5), T(5, low=0, high=1)), fn_of(F + 'nll_loss')),
               ('4d_size', (T(2, 3, 2, 2), I(2, 2, 3, high=3)), fn_of(F + 'nll_loss')),
               ('4d_target_dims', (T(2, 3, 2, 2), I(2, 4, high=3)), fn_of(F + 'nll_loss')),
               ('4d_weight', (T(2, 3, 2, 2), I(2, 2, 2, high=3), W(4)), fn_of(F + 'nll_loss')),
               ('3d_size', (T(2, 3, 4), I(2, 5, high=3)), fn_of(F + 'nll_loss'))],
       family='reduction'),
    # factories (no tensor input) and the new_* methods
    factory('zeros', ('size', lambda L: L.zeros(2, 3)), ('tuple', lambda L: L.zeros((2, 3), dtype=L.int64)),
            ('0d', lambda L: L.zeros(())), ('empty', lambda L: L.zeros(0, 3)),
            ('grad', lambda L: L.zeros(2, requires_grad=True))),
    factory('ones', ('size', lambda L: L.ones(2, 3)), ('bool', lambda L: L.ones(2, dtype=L.bool)),
        ('0d', lambda L: L.ones([]))),
    factory('full', ('float', lambda L: L.full((2, 3), 1.5)), ('int', lambda L: L.full((2,), 7)),
            ('bool', lambda L: L.full((2,), True)), ('dtype', lambda L: L.full((2,), 2, dtype=L.float64))),
    factory('empty', ('size', lambda L: L.empty(2, 3).shape), ('dtype', lambda L: L.empty(2, dtype=L.int32).dtype)),
    factory('arange', ('end', lambda L: L.arange(5)), ('float', lambda L: L.arange(0, 1, 0.25)),
            ('neg', lambda L: L.arange(5, 0, -2)), ('dtype', lambda L: L.arange(3, dtype=L.float32)),
            ('empty', lambda L: L.arange(0))),
    factory('range', ('x', lambda L: L.range(0, 4)), ('step', lambda L: L.range(0, 1, 0.5))),
    factory('linspace', ('x', lambda L: L.linspace(0, 1, 5)), ('one', lambda L: L.linspace(2, 3, 1)),
            ('int', lambda L: L.linspace(0, 10, 4, dtype=L.int64))),
    factory('logspace', ('x', lambda L: L.logspace(0, 2, 5)), ('base', lambda L: L.logspace(0, 1, 5, base=2)),
            ('float64', lambda L: L.logspace(-1, 1, 7, dtype=L.float64)), ('one', lambda L: L.logspace(2, 3, 1)),
            ('int', lambda L: L.logspace(0, 3, 4, dtype=L.int64))),
    factory('broadcast_shapes', ('x', lambda L: L.broadcast_shapes((3, 1), (4,))), ('int', lambda L: L.broadcast_shapes(3, (2, 1))),
            ('none', lambda L: L.broadcast_shapes()), ('errors', lambda L: L.broadcast_shapes((3, 2), (4,)))),
    *[factory(n, ('x', lambda L, n=n: getattr(L, n)(8)), ('symmetric', lambda L, n=n: getattr(L, n)(7, False)),
              ('long', lambda L, n=n: getattr(L, n)(65, dtype=L.float64)), ('one', lambda L, n=n: getattr(L, n)(1)),
              ('empty', lambda L, n=n: getattr(L, n)(0)), ('grad', lambda L, n=n: getattr(L, n)(5, requires_grad=True)),
              errors=[('negative', (), lambda L, n=n: getattr(L, n)(-1)),
                      ('int', (), lambda L, n=n: getattr(L, n)(4, dtype=L.int64)),
                      ('float_length', (), lambda L, n=n: getattr(L, n)(4.0)),
                      ('int_periodic', (), lambda L, n=n: getattr(L, n)(4, 1)),     # (PyTorch's overloads: a bool)
                      ('unknown_keyword', (), lambda L, n=n: getattr(L, n)(4, foo=1)),
                      ('too_many', (), lambda L, n=n: getattr(L, n)(4, True, 1.0, 2.0, 3.0))])
      for n in ('hann_window', 'hamming_window', 'blackman_window', 'bartlett_window', 'kaiser_window')],
    factory('hamming_window', ('alpha_beta', lambda L: L.hamming_window(6, True, 0.5, 0.3)),
            ('keywords', lambda L: L.hamming_window(6, periodic=False, beta=0.3, alpha=0.5)),
            errors=[('alpha_alone', (), lambda L: L.hamming_window(5, alpha=0.5)),
                    ('beta_without_alpha', (), lambda L: L.hamming_window(5, False, beta=0.5))]),
    factory('kaiser_window', ('beta', lambda L: L.kaiser_window(6, True, beta=5.0)), ('beta_symmetric', lambda L: L.kaiser_window(9, False, 3.0)),
            errors=[('beta_alone', (), lambda L: L.kaiser_window(5, beta=8.0)),
                    ('periodic_twice', (), lambda L: L.kaiser_window(5, True, periodic=False))]),
    factory('eye', ('n', lambda L: L.eye(3)), ('nm', lambda L: L.eye(2, 4)),
        ('dtype', lambda L: L.eye(2, dtype=L.int64))),
    factory('tensor', ('list', lambda L: L.tensor([[1, 2], [3, 4]])), ('float', lambda L: L.tensor([1.5, 2])),
            ('bool', lambda L: L.tensor([True, False])), ('0d', lambda L: L.tensor(3.5)),
            ('empty', lambda L: L.tensor([])),
            ('dtype', lambda L: L.tensor([1, 2], dtype=L.float64)),
            ('grad', lambda L: L.tensor([1.0], requires_grad=True)),
            ('of_tensor', lambda L: L.tensor(L.ones(2)))),
    factory('as_tensor', ('list', lambda L: L.as_tensor([1, 2])), ('tensor', lambda L: L.as_tensor(L.ones(2),
        dtype=L.int64))),
    factory('from_numpy', ('x', lambda L: L.from_numpy(np.arange(6.0).reshape(2, 3))),
            ('int32', lambda L: L.from_numpy(np.arange(3, dtype=np.int32)))),
    factory('empty_strided', ('stride', lambda L: L.empty_strided((2, 3), (1, 2)).stride()),
            ('dtype', lambda L: L.empty_strided((2, 3), (3, 1), dtype=L.int64).dtype),
            ('expanded', lambda L: L.empty_strided((2, 3), (0, 1)).stride()), ('0d', lambda L: L.empty_strided((), ()).shape),
            ('grad', lambda L: L.empty_strided((2,), (1,), requires_grad=True).requires_grad),
            errors=[('dims', (), lambda L: L.empty_strided((2, 3), (1,))), ('negative', (), lambda L: L.empty_strided((2, -3), (1, 2)))]),
    factory('asarray', ('list', lambda L: L.asarray([1, 2.5])), ('nested', lambda L: L.asarray([[1, 2]], dtype=L.float64)),
            ('number', lambda L: L.asarray(3)), ('bool', lambda L: L.asarray(True)),
            ('numpy', lambda L: L.asarray(np.arange(3.0))), ('cast', lambda L: L.asarray(L.ones(2, dtype=L.float64), dtype=L.float32)),
            ('same', lambda L: (lambda t: L.asarray(t) is t)(L.ones(2))),
            ('copy', lambda L: (lambda t: L.asarray(t, copy=True) is t)(L.ones(2))),
            ('shares', lambda L: (lambda a: (L.asarray(a), a.fill(7.0))[0])(np.zeros(3))),
            ('grad', lambda L: L.asarray([1.0, 2.0], requires_grad=True).requires_grad),
            errors=[('alias', (), lambda L: L.asarray(L.ones(2, dtype=L.float64), dtype=L.float32, copy=False)),
                    ('sequence', (), lambda L: L.asarray([1, 2], copy=False))]),
    factory('frombuffer', ('int16', lambda L: L.frombuffer(bytearray(range(1, 9)), dtype=L.int16)),
            ('count', lambda L: L.frombuffer(bytearray(range(8)), dtype=L.uint8, count=3, offset=2)),
            ('shares', lambda L: (lambda b: (L.frombuffer(b, dtype=L.uint8), b.__setitem__(0, 9))[0])(bytearray(4))),
            errors=[('multiple', (), lambda L: L.frombuffer(bytearray(8), dtype=L.int32, offset=3)),
                    ('empty', (), lambda L: L.frombuffer(bytearray(), dtype=L.uint8)),
                    ('offset', (), lambda L: L.frombuffer(bytearray(8), dtype=L.uint8, offset=9)),
                    ('count', (), lambda L: L.frombuffer(bytearray(8), dtype=L.uint8, count=10)),
                    ('no_buffer', (), lambda L: L.frombuffer([1, 2], dtype=L.uint8))]),
    factory('is_tensor', ('yes', lambda L: L.is_tensor(L.ones(1))), ('no', lambda L: L.is_tensor([1]))),
    factory('typename', ('tensor', lambda L: L.typename(L.ones(1, dtype=L.int64)).replace(L.__name__, 'lib')),
            ('number', lambda L: L.typename(2.5)), ('list', lambda L: L.typename([1])),
            ('module', lambda L: L.typename(L.nn.Linear(1, 1)).startswith(L.__name__ + '.nn.')),
            ('class', lambda L: L.typename(L.nn.Linear).rsplit('.', 1)[-1])),
    factory('rand', ('x', lambda L: L.rand(2, 3)), ('dtype', lambda L: L.rand(2, dtype=L.float64)),
            ('generator', lambda L: L.rand(2, generator=L.Generator().manual_seed(3))),
            ('float16', lambda L: L.rand(2, dtype=L.float16)), random=True,
            errors=[('int', (), lambda L: L.rand(2, dtype=L.int64))]),
    factory('randn', ('x', lambda L: L.randn(2, 3)), ('grad', lambda L: L.randn(2, requires_grad=True)),
            ('generator', lambda L: L.randn(2, generator=L.Generator().manual_seed(3))),
            ('float16', lambda L: L.randn(2, dtype=L.float16)), random=True,
            errors=[('int', (), lambda L: L.randn(2, dtype=L.int64))]),
    factory('randint', ('x', lambda L: L.randint(0, 5, (2, 3))), ('high', lambda L: L.randint(5, (4,))),
            ('generator', lambda L: L.randint(0, 5, (2,), generator=L.Generator().manual_seed(2))),
            ('uint8', lambda L: L.randint(0, 256, (2,), dtype=L.uint8)), random=True,
            errors=[('order', (), lambda L: L.randint(3, 0, (2,))),
                    ('bounds', (), lambda L: L.randint(0, 300, (2,), dtype=L.uint8))]),
    factory('randperm', ('x', lambda L: L.randperm(5)), ('generator', lambda L: L.randperm(5, generator=L.Generator())),
            ('float16', lambda L: L.randperm(5, dtype=L.float16)), random=True,
            errors=[('overflow', (), lambda L: L.randperm(300, dtype=L.uint8)),
                    ('bool', (), lambda L: L.randperm(3, dtype=L.bool))]),
    op('zeros_like', ('x', (T(2, 3),), fn_of('zeros_like')), ('dtype', (T(2, 3),),
        lam('x: L.zeros_like(x, dtype=L.int64)')),
       family='factory'),
    op('ones_like', ('x', (T(2, 3),), fn_of('ones_like')), ('grad', (T(2, 3),),
        lam('x: L.ones_like(x, requires_grad=True)')),
       family='factory'),
    op('full_like', ('x', (T(2, 3), 4), fn_of('full_like')), ('float', (T(2, 3), 0.5), fn_of('full_like')),
        family='factory'),
    op('empty_like', ('x', (T(2, 3),), fn_of('empty_like')), family='factory', random=True),
    op('rand_like', ('x', (T(2, 3),), fn_of('rand_like')), family='factory', random=True, dtype_calls=0),
    op('randn_like', ('x', (T(2, 3),), fn_of('randn_like')), family='factory', random=True, dtype_calls=0),
    op('randint_like', ('x', (T(2, 3), 5), fn_of('randint_like')), family='factory', random=True),
    op('new_ones', ('x', (T(2, 3),), lam('x: x.new_ones(2)')),
       ('dtype', (T(2, 3),), lam('x: x.new_ones((1, 2), dtype=L.int64)')), family='factory'),
    op('new_zeros', ('x', (T(2, 3),), lam('x: x.new_zeros(2, 2)')), family='factory'),
    op('new_full', ('x', (T(2, 3),), lam('x: x.new_full((2,), 3)')), family='factory'),
    op('new_empty', ('x', (T(2, 3),), lam('x: x.new_empty(2)')), family='factory', random=True),
    op('new', ('sizes', (T(2, 3),), lam('x: x.new(2, 3).shape')), ('size', (T(2, 3),), lam('x: x.new(L.Size([3])).shape')),
       ('none', (T(2, 3),), lam('x: x.new()')), ('data', (T(2, 3),), lam('x: x.new([[1, 2]])')),
       ('tuple', (T(2, 3),), lam('x: x.new((2, 3))')), ('tensor', (T(2, 3),), lam('x: x.new(x.detach())')),
       errors=[('number', (T(2, 3),), lam('x: x.new(2.5)')), ('dtype', (T(2, 3),), lam('x: x.new(L.ones(1, dtype=L.int64))')),
               ('negative', (T(2, 3),), lam('x: x.new(-1)'))], family='factory'),
    op('new_tensor', ('x', (T(2, 3),), lam('x: x.new_tensor([1, 2])')), ('float', (T(2, 3),),
        lam('x: x.new_tensor([1.5])')),
       family='factory'),
    # -- reductions and scans ---
    *[reduction(n) for n in ('amax', 'amin', 'nansum')],
    reduction('nanmean'),
    op('count_nonzero', Call('all', (T(3, 4),), fn_of('count_nonzero'), {'method': method_of('count_nonzero')}),
       ('dim', (T(3, 4), 0), fn_of('count_nonzero')), ('dims', (T(2, 3, 4), (0, -1)), fn_of('count_nonzero')),
       ('0d', (T(),), fn_of('count_nonzero')), ('empty', (T(0, 3), 1), fn_of('count_nonzero')),
       errors=[('bad_dim', (T(3, 4), 2), fn_of('count_nonzero'))], family='reduction', dtype_calls=2),
    *[op(n, Call('dim1', (T(3, 4), 1), fn_of(n), {'method': method_of(n), 'out': with_out(fn_of(n))}),
         ('dims', (T(2, 3, 4), (0, -1)), fn_of(n)), ('0d', (T(), 0), fn_of(n)), ('empty', (T(0, 3), 1), fn_of(n)),
         ('empty_dim', (T(0, 3), 0), fn_of(n)), ('keepdim', (T(3, 4), -1, True), fn_of(n)),
         ('axis', (T(3, 4),), lam(f'x: x.{n}(axis=0, keepdims=True)')),
         errors=[('bad_dim', (T(3, 4), 2), fn_of(n))], family='reduction', dtype_calls=2)
      for n in ('logsumexp',)],
    op('aminmax', ('all', (T(3, 4),), fn_of('aminmax')), ('dim', (T(3, 4),), lam('x: L.aminmax(x, dim=1)')),
       ('keepdim', (T(2, 3, 4),), lam('x: x.aminmax(dim=-2, keepdim=True)')), ('0d', (T(),), fn_of('aminmax')),
       ('empty_dim', (T(0, 3),), lam('x: L.aminmax(x, dim=1)')),
       ('ties', (T(3, 4, low=-1, high=1, dtype='int64'),), lam('x: L.aminmax(x.double(), dim=0)')),
       errors=[('empty', (T(0, 3),), fn_of('aminmax')), ('empty_dim0', (T(0, 3),), lam('x: L.aminmax(x, dim=0)')),
               ('bad_dim', (T(3, 4),), lam('x: L.aminmax(x, dim=2)'))], family='reduction', dtype_calls=2),
    *[op(n, ('first', (T(3, 4),), lam(f'x: L.{n}(x, {a})')), ('out', (T(3, 4),), lam(f'x: L.{n}(x.detach(), {a}out=(L.empty(0, dtype=x.dtype), L.empty(0, dtype={o})))')),
         ('out_grad', (T(3, 4),), lam(f'x: L.{n}(x, {a}out=(L.empty(0, dtype=x.dtype), L.empty(0, dtype={o})))')),
         family='reduction', dtype_calls=1)
      for n, a, o in (('aminmax', 'dim=1, ', 'x.dtype'), ('cummax', '1, ', 'L.int64'), ('cummin', '0, ', 'L.int64'),
                      ('median', '1, ', 'L.int64'), ('nanmedian', '1, ', 'L.int64'), ('mode', '1, ', 'L.int64'))],
    op('amax', ('ties', (T(3, 4, low=-1, high=1, dtype='int64'),), lam('x: x.double().amax(1)')),
       ('nan', (T(3, 4),), lam('x: (x / (x > 1.5)).amax(1)')),
       errors=[('empty', (T(0, 3),), lam('x: x.amax((1, 0))'))], family='reduction'),
    *[op(n, Call('dim0', (T(3, 4), 0), fn_of(n), {'method': method_of(n), 'out': with_out(fn_of(n))}),
         ('dim_neg', (T(2, 3, 4), -1), fn_of(n)), ('0d', (T(), 0), fn_of(n)), ('empty', (T(0, 3), 1), fn_of(n)),
         ('size1', (T(3, 1), 1), fn_of(n)), ('dtype_int', (T(3, 4, dtype='int32'), 1),
                                              lam(f'x, d: L.{n}(x, d, dtype=L.int32)')),
         ('axis', (T(3, 4),), lam(f'x: L.{n}(x, axis=1)')),
         errors=[('bad_dim', (T(3, 4), 2), fn_of(n))], family='reduction', dtype_calls=2)
      for n in ('cumsum', 'cumprod')],
    *[op(n, ('dtype', (T(3, 4),), lam(f'x: L.{n}(x, 1, dtype=L.float32)')),
         ('dtype_all', (T(3, 4),), lam(f'x: x.{n}(dtype=L.float32)' if n == 'prod' else f'x: x.{n}(0, dtype=L.float32)')),
         family='reduction', tol64=TOL32['reduction'])   # the gradient too goes through float32
      for n in ('prod', 'cumprod', 'cumsum')],
    op('cumprod', ('zeros', (T(3, 5),), lam('x: (x * (x.abs() > 0.6)).cumprod(1)')),
       ('one_zero', (T(6),), lam('x: (x * (L.arange(6) != 2)).cumprod(0)')), family='reduction'),
    *[op(n + '_', Call('dim1', (T(3, 4), 1), lam(f'x, d: x.clone().{n}_(d)'), {'inplace': method_of(n + '_')}),
         family='reduction', inplace=n + '_', dtype_calls=2) for n in ('cumsum', 'cumprod')],
    *[op(n, Call('dim0', (T(3, 4), 0), fn_of(n), {'method': method_of(n)}), ('dim_neg', (T(2, 3, 4), -1), fn_of(n)),
         ('0d', (T(), 0), fn_of(n)), ('empty', (T(0, 3), 0), fn_of(n)),
         ('ties', (T(3, 6, low=-1, high=1, dtype='int64'),), lam(f'x: x.double().{n}(1)')),
         ('nan', (T(3, 4),), lam(f'x: (x / (x > 1.5)).{n}(1)')),
         errors=[('bad_dim', (T(3, 4), 2), fn_of(n))], family='reduction', dtype_calls=2)
      for n in ('cummax', 'cummin')],
    op('logcumsumexp', Call('dim0', (T(3, 4), 0), fn_of('logcumsumexp'), {'method': method_of('logcumsumexp'),
                                                                         'out': with_out(fn_of('logcumsumexp'))}),
       ('dim_neg', (T(2, 3, 4), -1), fn_of('logcumsumexp')), ('0d', (T(), 0), fn_of('logcumsumexp')),
       ('empty', (T(0, 3), 0), fn_of('logcumsumexp')), ('large', (T(5, low=-800, high=800),), lam('x: x.logcumsumexp(0)')),
       errors=[('bad_dim', (T(3, 4), 2), fn_of('logcumsumexp'))], family='reduction', dtype_calls=2),
    *[op(n, Call('all', (T(3, 4),), fn_of(n), {'method': method_of(n)}),
         Call('dim1', (T(3, 5), 1), fn_of(n), {'method': method_of(n)}), ('dim_keepdim', (T(2, 3, 4), 0, True), fn_of(n)),
         ('0d', (T(),), fn_of(n)), ('0d_dim', (T(), -1), fn_of(n)), ('empty', (T(0, 3),), fn_of(n)),
         ('empty_dim', (T(0, 3), 1), fn_of(n)),
         ('ties', (T(3, 6, low=-1, high=1, dtype='int64'),), lam(f'x: x.double().{n}()')),
         ('ties_dim', (T(3, 6, low=-1, high=1, dtype='int64'),), lam(f'x: x.double().{n}(1)')),
         ('nan', (T(3, 4),), lam(f'x: (x / (x > 1.0)).{n}()')),
         ('nan_dim', (T(3, 5),), lam(f'x: (x / (x > 1.0)).{n}(1)')),
         ('axis', (T(3, 4),), lam(f'x: x.{n}(axis=0)')),
         errors=[('bad_dim', (T(3, 4), 2), fn_of(n)), ('empty_dim0', (T(0, 3), 0), fn_of(n))],
         family='reduction', dtype_calls=2)
      for n in ('median', 'nanmedian')],
    op('cov', ('x', (T(3, 5),), fn_of('cov')), ('1d', (T(5),), fn_of('cov')),
       ('correction0', (T(3, 5),), fn_of('cov', dict(correction=0))),
       ('weights', (T(3, 5), I(5, high=3), W(5)), lam('x, f, a: L.cov(x, fweights=f + 1, aweights=a)')),
       ('one_observation', (T(3, 1),), fn_of('cov')),
       errors=[('3d', (T(2, 3, 4),), fn_of('cov')), ('fweights_float', (T(3, 5), T(5)),
                                                    lam('x, f: L.cov(x, fweights=f)')),
               ('aweights_size', (T(3, 5), W(4)), lam('x, a: L.cov(x, aweights=a)')),
               ('negative', (T(3, 5), I(5, high=3)), lam('x, f: L.cov(x, fweights=f - 5)'))], family='reduction'),
    op('corrcoef', ('x', (T(3, 5),), fn_of('corrcoef')), ('1d', (T(5),), fn_of('corrcoef')),
       errors=[('3d', (T(2, 3, 4),), fn_of('corrcoef'))], family='reduction'),
    op('trapezoid', ('x', (T(3, 4),), fn_of('trapezoid')), ('dx', (T(3, 4),), fn_of('trapezoid', dict(dx=0.5))),
       ('x_1d', (T(3, 4), T(4)), fn_of('trapezoid')), ('x_2d_dim0', (T(3, 4), T(3, 4)), fn_of('trapezoid', dict(dim=0))),
       ('empty', (T(3, 0),), fn_of('trapezoid')), ('one', (T(3, 1),), fn_of('trapezoid')),
       errors=[('x_size', (T(3, 4), T(3)), fn_of('trapezoid')), ('bool', (B(3, 4),), fn_of('trapezoid'))],
       family='reduction', auto_alias=True),
    op('trapz', ('x', (T(3, 4), T(4)), fn_of('trapz')), ('dx', (T(3, 4),), fn_of('trapz', dict(dx=2.0))),
       family='reduction'),
    op('cumulative_trapezoid', ('x', (T(3, 4),), fn_of('cumulative_trapezoid')),
       ('dx', (T(3, 4),), fn_of('cumulative_trapezoid', dict(dx=0.5, dim=0))),
       ('x_1d', (T(3, 4), T(4)), fn_of('cumulative_trapezoid')), family='reduction'),
    op('mode', Call('last', (T(3, 4),), fn_of('mode'), {'method': method_of('mode')}),
       ('dim0', (T(3, 5), 0), fn_of('mode')), ('keepdim', (T(2, 3, 4), 1, True), fn_of('mode')),
       ('0d', (T(),), fn_of('mode')), ('empty', (T(0, 3),), fn_of('mode')),
       ('ties', (T(3, 12, low=-2, high=2, dtype='int64'),), lam('x: x.double().mode()')),
       ('int', (T(4, 16, low=-3, high=3, dtype='int64'),), lam('x: x.mode(1)')),
       errors=[('bad_dim', (T(3, 4), 2), fn_of('mode')), ('empty_dim0', (T(0, 3), 0), fn_of('mode'))],
       family='reduction', dtype_calls=2),
    *[op(n, Call('q', (T(3, 4), 0.3), fn_of(n), {'method': method_of(n), 'out': with_out(fn_of(n))}),
         ('dim', (T(3, 5), 0.75), lam(f'x, q: x.{n}(q, dim=1)')),
         ('tensor_q', (T(3, 4), T(3, low=0, high=1)), lam(f'x, q: L.{n}(x, q.detach(), dim=0, keepdim=True)')),
         ('keepdim', (T(2, 3, 4), 0.5), lam(f'x, q: L.{n}(x, q, -2, True)')),
         ('keepdim_all', (T(2, 3), 0.5), lam(f'x, q: L.{n}(x, q, keepdim=True)')),
         ('0d', (T(), 0.5), fn_of(n)), ('0d_dim', (T(),), lam(f'x: x.{n}(0.2, 0)')),
         ('lower', (T(3, 5),), lam(f"x: x.{n}(0.3, 1, interpolation='lower')")),
         ('higher', (T(3, 5),), lam(f"x: x.{n}(0.3, 1, interpolation='higher')")),
         ('midpoint', (T(3, 5),), lam(f"x: x.{n}(0.3, 0, interpolation='midpoint')")),
         ('nearest', (T(3, 6),), lam(f"x: x.{n}(L.tensor([0.1, 0.5, 0.9], dtype=x.dtype), 1, interpolation='nearest')")),
         ('nan', (T(3, 5),), lam(f'x: (x / (x > 1.0)).{n}(0.4, dim=1)')),
         ('all_nan', (T(2, 3),), lam(f'x: (x / 0 * 0).{n}(0.4, dim=1)')),
         errors=[('q_range', (T(3, 4), 1.5), fn_of(n)), ('q_2d', (T(3, 4),), lam(f'x: x.{n}(x[:2, :2].detach())')),
                 ('empty', (T(0, 3), 0.5), fn_of(n)), ('q_dtype', (T(3, 4),), lam(f'x: x.{n}(L.tensor([0.5]))')),
                 ('q_values', (T(3, 4),), lam(f'x: x.{n}(L.tensor([0.5, 2.0], dtype=x.dtype))')),
                 ('interpolation', (T(3, 4),), lam(f"x: x.{n}(0.5, interpolation='cubic')")),
                 ('bad_dim', (T(3, 4), 0.5, 2), fn_of(n))], family='reduction', dtype_calls=1)
      for n in ('quantile', 'nanquantile')],
    *[op(n, ('all', (T(3, 4),), fn_of(n)), ('dim', (T(3, 4), 1), fn_of(n)),
         ('dims_keepdim', (T(2, 3, 4),), lam(f'x: L.{n}(x, (0, -1), keepdim=True)')),
         ('correction', (T(3, 4),), lam(f'x: L.{n}(x, 0, correction=0)')),
         ('unbiased', (T(3, 4),), lam(f'x: L.{n}(x, 1, False)')), ('unbiased_only', (T(3, 4),), lam(f'x: L.{n}(x, False)')),
         ('axis', (T(3, 4),), lam(f'x: L.{n}(x, axis=1, keepdims=True)')), ('empty_dim', (T(0, 3), 1), fn_of(n)),
         ('constant', (T(2, 3),), lam(f'x: L.{n}(x * 0 + 1, 1)')),
         errors=[('bad_dim', (T(3, 4), 2), fn_of(n))], family='reduction', dtype_calls=2)
      for n in ('var_mean', 'std_mean')],
    op('var', ('axis', (T(3, 4),), lam('x: x.var(axis=(0, 1), keepdims=True)')),
       ('correction', (T(3, 4),), lam('x: x.var(1, correction=2)')), ('unbiased_only', (T(3, 4),), lam('x: x.var(False)')),
       ('out', (T(3, 4),), lam('x: L.var(x.detach(), 1, out=L.empty(0, dtype=x.dtype))')), family='reduction'),
    op('std', ('axis', (T(3, 4),), lam('x: x.std(axis=1, keepdims=True, correction=0)')), family='reduction'),
    op('prod', ('zeros', (T(3, 5),), lam('x: (x * (x.abs() > 0.8)).prod(1)')),
       ('two_zeros_all', (T(6),), lam('x: (x * (L.arange(6) % 3 != 1)).prod()')),
       ('one_zero_all', (T(6),), lam('x: (x * (L.arange(6) != 2)).prod()')),
       ('axis', (T(3, 4),), lam('x: x.prod(axis=0, keepdims=True)')),
       family='reduction', dtype_calls=2),
    *[op(n, ('axis', (T(2, 3, 4),), lam(f'x: x.{n}(axis=(0, 2), keepdims=True)')),
         ('axis_fn', (T(3, 4),), lam(f'x: L.{n}(x, axis=1)')), family='reduction', dtype_calls=2)
      for n in ('sum', 'mean', 'any', 'all', 'amax', 'amin', 'nansum')],
    op('count_nonzero', ('axis', (T(2, 3, 4),), lam('x: L.count_nonzero(x, axis=(0, 2))')), family='reduction',
       dtype_calls=2),

    # -- sorting and selection ---
    op('sort', Call('x', (T(3, 4),), fn_of('sort'), {'method': method_of('sort')}),
       ('dim0_desc', (T(3, 4), 0, True), fn_of('sort')),
       ('stable', (T(3, 4),), lam('x: L.sort(x, dim=0, descending=True, stable=True)')),
       ('stable_false', (T(3, 4),), lam('x: x.sort(stable=False)')), ('0d', (T(),), fn_of('sort')),
       ('empty', (T(0, 3), 0), fn_of('sort')), ('neg_dim', (T(2, 3, 4), -2), fn_of('sort')),
       ('ties', (T(2, 5),), lam('x: (x * 0 + L.tensor([1, 0, 1, 2, 1], dtype=x.dtype)).sort(1, True)')),
       ('out', (T(3, 4),), lam('x: L.sort(x, out=(L.empty(0, dtype=x.dtype), L.empty(0, dtype=L.int64)))')),
       ('out_value', (T(3, 4),), lam('x: L.sort(x.detach(), 0, out=(L.empty(0, dtype=x.dtype), '
                                     'L.empty(0, dtype=L.int64)))')),
       errors=[('bad_dim', (T(3, 4), 2), fn_of('sort'))], family='index', dtype_calls=2),
    op('argsort', Call('x', (T(3, 4),), fn_of('argsort'), {'method': method_of('argsort')}),
       ('desc_stable', (T(3, 4),), lam('x: L.argsort(x, dim=0, descending=True, stable=True)')),
       ('0d', (T(),), fn_of('argsort')), ('empty', (T(0, 3),), fn_of('argsort')),
       errors=[('bad_dim', (T(3, 4), 2), fn_of('argsort'))], family='index', dtype_calls=2),
    op('msort', Call('x', (T(3, 4),), fn_of('msort'), {'method': method_of('msort')}), ('0d', (T(),), fn_of('msort')),
       ('out', (T(3, 4),), lam('x: L.msort(x.detach(), out=L.empty(0, dtype=x.dtype))')), family='index'),
    op('topk', Call('x', (T(3, 4), 2), fn_of('topk'), {'method': method_of('topk')}),
       ('smallest', (T(3, 4), 3, 0, False), fn_of('topk')), ('all', (T(3, 5), 5), fn_of('topk')),
       ('unsorted', (T(3, 9), 4, 1, True, False), fn_of('topk')),
       ('ties_long_row', (T(2, 130),), lam('x: (x * 0 + L.arange(130).remainder(3).to(x.dtype)).topk(2, largest=False)')),
       ('k0', (T(3, 4), 0), fn_of('topk')), ('0d', (T(), 1), fn_of('topk')), ('0d_k0', (T(), 0), fn_of('topk')),
       ('neg_dim', (T(2, 3, 4), 2, -2), fn_of('topk')),
       ('out', (T(3, 4),), lam('x: L.topk(x.detach(), 2, out=(L.empty(0, dtype=x.dtype), L.empty(0, dtype=L.int64)))')),
       errors=[('k_too_big', (T(3, 4), 5), fn_of('topk')), ('k_negative', (T(3, 4), -1), fn_of('topk')),
               ('bad_dim', (T(3, 4), 1, 2), fn_of('topk'))], family='index', dtype_calls=2),
    op('kthvalue', Call('x', (T(3, 5), 2), fn_of('kthvalue'), {'method': method_of('kthvalue')}),
       ('keepdim', (T(3, 4), 2, 0, True), fn_of('kthvalue')), ('0d', (T(), 1), fn_of('kthvalue')),
       ('empty', (T(0, 3), 1), fn_of('kthvalue')), ('neg_dim', (T(2, 3, 4), 3, -2), fn_of('kthvalue')),
       ('ties', (T(2, 7),), lam('x: (x * 0 + L.tensor([1, 0, 1, 2, 1, 1, 0], dtype=x.dtype)).kthvalue(4)')),
       ('out', (T(3, 4),), lam('x: L.kthvalue(x.detach(), 2, out=(L.empty(0, dtype=x.dtype), '
                               'L.empty(0, dtype=L.int64)))')),
       errors=[('k0', (T(3, 4), 0), fn_of('kthvalue')), ('k_too_big', (T(3, 4), 5), fn_of('kthvalue')),
               ('empty_dim', (T(0, 3), 1, 0), fn_of('kthvalue'))], family='index', dtype_calls=2),
    op('unique', Call('x', (T(3, 4),), fn_of('unique'), {'method': method_of('unique')}),
       ('inverse_counts', (T(3, 4),), lam('x: L.unique(x, return_inverse=True, return_counts=True)')),
       ('dim', (T(3, 4),), lam('x: L.unique(L.cat([x, x[:1]]), dim=0, return_inverse=True, return_counts=True)')),
       ('dim_neg', (T(3, 4),), lam('x: x.unique(dim=-1, return_counts=True)')),
       ('unsorted', (T(3, 4),), lam('x: x.unique(sorted=False, return_inverse=True)')),
       ('0d', (T(),), lam('x: L.unique(x, return_inverse=True)')), ('empty', (T(0, 3),), fn_of('unique')),
       errors=[('bad_dim', (T(3, 4),), lam('x: L.unique(x, dim=2)')),
               ('zero_size', (T(0, 3),), lam('x: L.unique(x, dim=1)'))], family='index', dtype_calls=2),
    op('unique_consecutive', Call('x', (T(3, 4),), fn_of('unique_consecutive'),
                                  {'method': method_of('unique_consecutive')}),
       ('inverse_counts', (T(3, 4),), lam('x: L.unique_consecutive(x, return_inverse=True, return_counts=True)')),
       ('dim', (T(3, 4),), lam('x: L.unique_consecutive(L.cat([x[:1], x]), dim=0, return_inverse=True, '
                               'return_counts=True)')),
       ('0d', (T(),), lam('x: L.unique_consecutive(x, return_counts=True)')),
       ('empty', (T(0, 3),), fn_of('unique_consecutive')), family='index', dtype_calls=2),
    op('bincount', Call('weights', (I(5, high=3), T(5)), fn_of('bincount'), {'method': method_of('bincount')}),
       ('x', (I(6, high=4),), fn_of('bincount')), ('minlength', (I(6, high=4),), lam('i: L.bincount(i, minlength=7)')),
       ('empty', (I(0, high=1),), fn_of('bincount')), ('int32', (), lambda L: L.bincount(L.tensor([3, 1], dtype=L.int32))),
       errors=[('negative', (), lambda L: L.bincount(L.tensor([0, -1]))), ('float', (T(3),), fn_of('bincount')),
               ('2d', (I(2, 3, high=3),), fn_of('bincount')), ('weights_len', (I(3, high=2), T(2)), fn_of('bincount')),
               ('minlength', (I(3, high=2),), lam('i: L.bincount(i, minlength=-1)'))], family='index'),
    op('histc', Call('x', (T(3, 4),), fn_of('histc'), {'method': method_of('histc')}),
       ('range', (T(3, 4),), lam('x: L.histc(x, bins=4, min=-1, max=1)')),
       ('constant', (T(3, 4),), lam('x: L.histc(x * 0 + 1, bins=4)')), ('empty', (T(0),), lam('x: x.histc(3)')),
       ('out', (T(3, 4),), lam('x: L.histc(x.detach(), bins=5, out=L.empty(0, dtype=x.dtype))')),
       errors=[('bins0', (T(3, 4),), lam('x: L.histc(x, bins=0)')),
               ('min_max', (T(3, 4),), lam('x: L.histc(x, bins=4, min=2, max=1)'))], family='index'),
    op('searchsorted', ('x', (T(5), T(3, 4)), lam('b, v: L.searchsorted(b.sort().values, v)')),
       ('right', (T(5), T(3)), lam('b, v: L.searchsorted(b.sort().values, v, right=True)')),
       ('side', (T(5), T(3)), lam("b, v: L.searchsorted(b.sort().values, v, side='right', out_int32=True)")),
       ('scalar', (T(5),), lam('b: L.searchsorted(b.sort().values, 0.5)')),
       ('nd', (T(2, 5), T(2, 3)), lam('b, v: L.searchsorted(b.sort().values, v)')),
       ('sorter', (T(5), T(3)), lam('b, v: L.searchsorted(b, v, sorter=b.argsort())')),
       ('ties', (), lambda L: L.searchsorted(L.tensor([1, 2, 2, 3]), L.tensor([2, 2, 0, 4]), right=True)),
       ('out', (T(5), T(3)), lam('b, v: L.searchsorted(b.sort().values, v, out=L.empty(0, dtype=L.int64))')),
       errors=[('0d', (T(), T(3)), fn_of('searchsorted')), ('shapes', (T(2, 5), T(3, 3)), fn_of('searchsorted')),
               ('opposites', (T(5), T(3)), lam("b, v: L.searchsorted(b, v, side='left', right=True)"))],
       family='index', dtype_calls=2),
    op('bucketize', ('x', (T(3, 4), T(5)), lam('v, b: L.bucketize(v, b.sort().values)')),
       ('right', (T(3), T(5)), lam('v, b: L.bucketize(v, b.sort().values, right=True, out_int32=True)')),
       ('scalar', (T(5),), lam('b: L.bucketize(0.5, b.sort().values)')),
       ('out', (T(3), T(5)), lam('v, b: L.bucketize(v, b.sort().values, out=L.empty(0, dtype=L.int64))')),
       errors=[('2d', (T(3), T(2, 3)), fn_of('bucketize'))], family='index', dtype_calls=2),

    # -- gathering, scattering and masking ---
    op('gather', Call('x', (T(3, 4), 0, I(2, 4, high=3)), fn_of('gather'),
                      {'method': method_of('gather'), 'out': with_out(lambda L, *a, **o: L.gather(*a, **o))}),
       ('dim1', (T(3, 4), 1, I(3, 6, high=4)), fn_of('gather')), ('neg_dim', (T(2, 3, 4), -1, I(2, 3, 2, high=4)),
                                                                 fn_of('gather')),
       ('smaller', (T(3, 4), 1, I(2, 2, high=4)), fn_of('gather')), ('0d', (T(), 0, I(high=1)), fn_of('gather')),
       ('0d_1d', (T(), 0, I(2, high=1)), fn_of('gather')), ('empty', (T(3, 4), 0, I(0, 4, high=3)), fn_of('gather')),
       ('int32', (T(3, 4),), lam('x: x.gather(0, L.tensor([[0, 2], [1, 1]], dtype=L.int32))')),
       errors=[('out_of_range', (T(3, 4),), lam('x: x.gather(0, L.tensor([[5, 0]]))')),
               ('negative', (T(3, 4),), lam('x: x.gather(1, L.tensor([[0, -1]]))')),
               ('float_index', (T(3, 4),), lam('x: x.gather(0, L.tensor([[0.]]))')),
               ('rank', (T(3, 4),), lam('x: x.gather(0, L.tensor([0, 1]))')),
               ('too_big', (T(3, 4), 0, I(2, 5, high=3)), fn_of('gather')),
               ('bad_dim', (T(3, 4), 2, I(2, 4, high=3)), fn_of('gather'))], family='index'),
    op('scatter', Call('src', (T(3, 4), T(2, 4)), lam('x, s: L.scatter(x, 0, L.tensor([[0, 1, 2, 0], [2, 0, 1, 1]]), s)'),
                       {'method': lam('x, s: x.scatter(0, L.tensor([[0, 1, 2, 0], [2, 0, 1, 1]]), s)'),
                        'inplace': lam('x, s: x.scatter_(0, L.tensor([[0, 1, 2, 0], [2, 0, 1, 1]]), s)'),
                        'out': with_out(lam('x, s, out: L.scatter(x, 0, L.tensor([[0, 1, 2, 0]]), s, out=out)'))}),
       Call('value', (T(3, 4),), lam('x: x.scatter(1, L.tensor([[0, 3], [2, 1], [1, 1]]), 1.5)'),
            {'inplace': lam('x: x.scatter_(1, L.tensor([[0, 3], [2, 1], [1, 1]]), value=-2)')}),
       ('duplicates', (T(3, 4), T(2, 4)), lam('x, s: x.scatter(0, L.tensor([[0, 1, 2, 0], [0, 1, 2, 0]]), s)')),
       ('src_larger', (T(3, 4), T(3, 4)), lam('x, s: x.scatter(0, L.tensor([[0, 1], [2, 0]]), s)')),
       ('reduce_add', (T(3, 4), T(2, 4)), lam("x, s: x.scatter(0, L.tensor([[0, 1, 2, 0], [0, 1, 2, 0]]), s, "
                                             "reduce='add')")),
       ('reduce_multiply', (T(3, 4),), lam("x: x.scatter(0, L.tensor([[0, 1, 2, 0]]), 2.0, reduce='multiply')")),
       ('0d', (T(), T()), lam('x, s: x.scatter(0, L.tensor(0), s)')),
       ('neg_dim', (T(2, 3), T(2, 3)), lam('x, s: x.scatter(-1, L.tensor([[2, 0, 1], [1, 2, 0]]), s)')),
       ('empty', (T(3, 4), T(0, 4)), lam('x, s: x.scatter(0, L.zeros(0, 4, dtype=L.int64), s)')),
       errors=[('out_of_range', (T(3, 4),), lam('x: x.scatter(0, L.tensor([[5, 0]]), 1.0)')),
               ('dtype', (T(3, 4), T(2, 4, dtype='float32')), lam('x, s: x.scatter(0, L.tensor([[0, 1, 2, 0]]), s)')),
               ('bad_reduce', (T(3, 4),), lam("x: x.scatter(0, L.tensor([[0]]), 1.0, reduce='sum')")),
               ('src_smaller', (T(3, 4), T(1, 4)), lam('x, s: x.scatter(0, L.tensor([[0], [1]]), s)')),
               ('float_index', (T(3, 4),), lam('x: x.scatter(0, L.tensor([[0.]]), 1.0)'))],
       family='index', inplace='scatter_', dtype_calls=2),
    op('scatter_add', Call('x', (T(3, 4), 0, I(2, 4, high=3), T(2, 4)), fn_of('scatter_add'),
                           {'method': method_of('scatter_add'), 'inplace': method_of('scatter_add_'),
                            'out': with_out(lambda L, *a, **o: L.scatter_add(*a, **o))}),
       ('neg_dim', (T(2, 3), -1, I(2, 5, high=3), T(2, 5)), fn_of('scatter_add')),
       ('src_larger', (T(3, 4), 1, I(2, 2, high=4), T(3, 4)), fn_of('scatter_add')),
       ('0d', (T(), 0, I(high=1), T()), fn_of('scatter_add')),
       ('empty', (T(3, 4), 0, I(0, 4, high=3), T(0, 4)), fn_of('scatter_add')),
       errors=[('number_src', (T(3, 4),), lam('x: x.scatter_add(0, L.tensor([[0]]), 1.0)')),
               ('dtype', (T(3, 4), T(2, 4, dtype='float32')), lam('x, s: x.scatter_add(0, L.tensor([[0]]), s)')),
               ('out_of_range', (T(3, 4), T(2, 4)), lam('x, s: x.scatter_add(1, L.tensor([[0, 4]]), s)'))],
       family='index', inplace='scatter_add_'),
    op('scatter_reduce', Call('mean', (T(3, 4), 0, I(2, 4, high=3), T(2, 4), 'mean'), fn_of('scatter_reduce'),
                              {'method': method_of('scatter_reduce'), 'inplace': method_of('scatter_reduce_'),
                               'out': with_out(lambda L, *a, **o: L.scatter_reduce(*a, **o))}),
       *[(r, (T(3, 4), 0, I(2, 4, high=3), T(2, 4), r), fn_of('scatter_reduce')) for r in ('sum', 'prod', 'amax',
                                                                                            'amin')],
       *[(r + '_exclude', (T(3, 4), I(2, 4, high=3), T(2, 4)),
          lam(f"x, i, s: x.scatter_reduce(1, i, s, '{r}', include_self=False)")) for r in ('sum', 'prod', 'mean',
                                                                                          'amax', 'amin')],
       ('prod_zero', (T(3, 4), T(1, 4)), lam("x, s: x.scatter_reduce(0, L.tensor([[0, 1, 2, 0]]), s * L.tensor("
                                             "[[0., 1, 1, 1]], dtype=s.dtype), 'prod')")),
       ('amax_ties', (T(3, 4), T(2, 4)), lam("x, s: x.scatter_reduce(0, L.tensor([[0, 1, 2, 0], [0, 1, 2, 0]]), "
                                             "x[:2] * 1, 'amax')")),
       ('0d', (T(), 0, I(high=1), T(), 'amin'), fn_of('scatter_reduce')),
       ('legacy_max', (T(3, 4), 0, I(2, 4, high=3), T(2, 4), 'max'), fn_of('scatter_reduce')),
       errors=[('bad_reduce', (T(3, 4), T(1, 4)), lam("x, s: x.scatter_reduce(0, L.tensor([[0]]), s, 'add')")),
               ('dtype', (T(3, 4), T(1, 4, dtype='float32')),
                lam("x, s: x.scatter_reduce(0, L.tensor([[0]]), s, 'sum')"))],
       family='index', inplace='scatter_reduce_', dtype_calls=2),
    op('take_along_dim', Call('x', (T(3, 4), I(3, 2, high=4), 1), fn_of('take_along_dim'),
                              {'method': method_of('take_along_dim'),
                               'out': with_out(lambda L, *a, **o: L.take_along_dim(*a, **o))}),
       ('flat', (T(3, 4), I(5, high=12)), fn_of('take_along_dim')),
       ('bcast_index', (T(3, 4), I(1, 2, high=4), 1), fn_of('take_along_dim')),
       ('bcast_input', (T(3, 1), I(3, 4, high=3), 0), fn_of('take_along_dim')),
       ('neg_dim', (T(2, 3, 4), I(2, 3, 2, high=4), -1), fn_of('take_along_dim')),
       errors=[('int32', (T(3, 4),), lam('x: L.take_along_dim(x, L.tensor([[0]], dtype=L.int32), 1)')),
               ('rank', (T(3, 4), I(2, high=3), 1), fn_of('take_along_dim')),
               ('shapes', (T(3, 4), I(2, 2, high=3), 1), fn_of('take_along_dim'))], family='index'),
    op('index_select', Call('x', (T(3, 4), 0, I(5, high=3)), fn_of('index_select'),
                            {'method': method_of('index_select'),
                             'out': with_out(lambda L, *a, **o: L.index_select(*a, **o))}),
       ('dim1', (T(3, 4), 1, I(2, high=4)), fn_of('index_select')),
       ('neg_dim', (T(2, 3, 4), -1, I(3, high=4)), fn_of('index_select')),
       ('0d', (T(), 0, I(1, high=1)), fn_of('index_select')), ('0d_index', (T(3, 4), 1, I(high=4)), fn_of('index_select')),
       ('empty', (T(3, 4), 0, I(0, high=3)), fn_of('index_select')),
       ('int32', (T(3, 4),), lam('x: x.index_select(1, L.tensor([3, 0], dtype=L.int32))')),
       errors=[('out_of_range', (T(3, 4),), lam('x: x.index_select(0, L.tensor([3]))')),
               ('negative', (T(3, 4),), lam('x: x.index_select(0, L.tensor([-1]))')),
               ('2d_index', (T(3, 4),), lam('x: x.index_select(0, L.tensor([[0]]))')),
               ('float_index', (T(3, 4),), lam('x: x.index_select(0, L.tensor([0.]))')),
               ('bad_dim', (T(3, 4), 2, I(1, high=3)), fn_of('index_select'))], family='index'),
    op('index_add', Call('x', (T(3, 4), 0, I(5, high=3), T(5, 4)), fn_of('index_add'),
                         {'method': method_of('index_add'), 'inplace': method_of('index_add_'),
                          'out': with_out(lambda L, *a, **o: L.index_add(*a, **o))}),
       ('alpha', (T(3, 4), 1, I(2, high=4), T(3, 2)), lam('x, d, i, s: x.index_add(d, i, s, alpha=-1.5)')),
       ('neg_dim', (T(2, 3, 4), -2, I(4, high=3), T(2, 4, 4)), fn_of('index_add')),
       ('empty', (T(3, 4), 0, I(0, high=3), T(0, 4)), fn_of('index_add')),
       errors=[('out_of_range', (T(3, 4), T(2, 4)), lam('x, s: x.index_add(0, L.tensor([0, 5]), s)')),
               ('negative', (T(3, 4), T(1, 4)), lam('x, s: x.index_add(0, L.tensor([-1]), s)')),
               ('shape', (T(3, 4), T(2, 3)), lam('x, s: x.index_add(0, L.tensor([0, 1]), s)')),
               ('count', (T(3, 4), T(3, 4)), lam('x, s: x.index_add(0, L.tensor([0, 1]), s)')),
               ('dtype', (T(3, 4), T(2, 4, dtype='float32')), lam('x, s: x.index_add(0, L.tensor([0, 1]), s)')),
               ('2d_index', (T(3, 4), T(1, 4)), lam('x, s: x.index_add(0, L.tensor([[0]]), s)')),
               ('float_index', (T(3, 4), T(1, 4)), lam('x, s: x.index_add(0, L.tensor([0.]), s)'))],
       family='index', inplace='index_add_'),
    op('index_copy', Call('x', (T(3, 4), T(2, 4)), lam('x, s: L.index_copy(x, 0, L.tensor([2, 0]), s)'),
                          {'method': lam('x, s: x.index_copy(0, L.tensor([2, 0]), s)'),
                           'inplace': lam('x, s: x.index_copy_(0, L.tensor([2, 0]), s)'),
                           'out': with_out(lam('x, s, out: L.index_copy(x, 0, L.tensor([2, 0]), s, out=out)'))}),
       ('dim1', (T(3, 4), T(3, 2)), lam('x, s: x.index_copy(1, L.tensor([3, 1]), s)')),
       ('neg_dim', (T(2, 3, 4), T(2, 3, 1)), lam('x, s: x.index_copy(-1, L.tensor([2]), s)')),
       ('0d_index', (T(3, 4), T(3, 1)), lam('x, s: x.index_copy(1, L.tensor(2), s)')),
       errors=[('out_of_range', (T(3, 4), T(2, 4)), lam('x, s: x.index_copy(0, L.tensor([0, 5]), s)')),
               ('negative', (T(3, 4), T(1, 4)), lam('x, s: x.index_copy(0, L.tensor([-1]), s)')),
               ('slices', (T(3, 4), T(2, 3)), lam('x, s: x.index_copy(0, L.tensor([0, 1]), s)')),
               ('count', (T(3, 4), T(3, 4)), lam('x, s: x.index_copy(0, L.tensor([0, 1]), s)')),
               ('dtype', (T(3, 4), T(2, 4, dtype='float32')), lam('x, s: x.index_copy(0, L.tensor([0, 1]), s)')),
               ('int32_index', (T(3, 4), T(1, 4)), lam('x, s: x.index_copy(0, L.tensor([0], dtype=L.int32), s)'))],
       family='index', inplace='index_copy_', dtype_calls=1),
    op('index_fill', Call('x', (T(3, 4), 1, I(2, high=4), 1.5), fn_of('index_fill'),
                          {'method': method_of('index_fill'), 'inplace': method_of('index_fill_')}),
       ('tensor_value', (T(3, 4), 0, I(3, high=3), T()), fn_of('index_fill')),
       ('negative', (T(3, 4),), lam('x: x.index_fill(0, L.tensor([-1, 0]), -2)')),
       ('0d', (T(), 0, I(high=1), 2.0), fn_of('index_fill')),
       errors=[('out_of_range', (T(3, 4),), lam('x: x.index_fill(0, L.tensor([0, 5]), 1.0)')),
               ('float_index', (T(3, 4),), lam('x: x.index_fill(0, L.tensor([0.]), 1.0)')),
               ('2d_index', (T(3, 4),), lam('x: x.index_fill(0, L.tensor([[0]]), 1.0)')),
               ('value_1d', (T(3, 4), T(1)), lam('x, v: x.index_fill(0, L.tensor([0]), v)'))],
       family='index', inplace='index_fill_', dtype_calls=2),
    op('index_put', Call('x', (T(3, 4), T(4)), lam('x, v: x.index_put((L.tensor([2, 0]),), v)'),
                         {'inplace': lam('x, v: x.index_put_((L.tensor([2, 0]),), v)')}),
       Call('accumulate', (T(3, 4), T(3)), lam('x, v: x.index_put((L.tensor([0, 2, 0]), L.tensor([1, 1, 1])), v, '
                                               'accumulate=True)'),
            {'inplace': lam('x, v: x.index_put_((L.tensor([0, 0]), L.tensor([1, 1])), v[:1], True)')}),
       ('function', (T(3, 4), T(1, 4)), lam('x, v: L.index_put(x, [L.tensor([1, 1])], v)')),
       ('mask', (T(3, 4), B(3, 4)), lam('x, m: x.index_put((m,), L.tensor(2.5).to(x.dtype))')),
       ('negative', (T(3, 4), T()), lam('x, v: x.index_put((L.tensor([-1]), L.tensor([-2])), v)')),
       errors=[('out_of_range', (T(3, 4), T()), lam('x, v: x.index_put((L.tensor([5]),), v)')),
               ('dtype', (T(3, 4), T(dtype='float32')), lam('x, v: x.index_put((L.tensor([0]),), v)')),
               ('not_tuple', (T(3, 4), T()), lam('x, v: x.index_put(L.tensor([0]), v)')),
               ('none', (T(3, 4), T()), lam('x, v: x.index_put((None, L.tensor([0])), v)')),
               ('bcast', (T(3, 4), T()), lam('x, v: x.index_put((L.tensor([0, 1]), L.tensor([0, 1, 2])), v)')),
               ('float_index', (T(3, 4), T()), lam('x, v: x.index_put((L.tensor([0.]),), v)')),
               ('shape', (T(3, 4), T(3)), lam('x, v: x.index_put((L.tensor([0, 0]),), v)'))],
       family='index', inplace='index_put_', dtype_calls=2),
    op('put', Call('x', (T(3, 4), I(2, 3, high=12), T(2, 3)), fn_of('put'),
                   {'method': method_of('put'), 'inplace': method_of('put_')}),
       Call('accumulate', (T(3, 4), T(4)), lam('x, s: L.put(x, L.tensor([0, -1, 0, 5]), s, accumulate=True)'),
            {'inplace': lam('x, s: x.put_(L.tensor([0, -1, 0, 5]), s, accumulate=True)')}),
       ('repeated', (T(3, 4), T(3)), lam('x, s: x.put(L.tensor([[1], [1], [-12]]), s)')),
       ('0d', (T(), T()), lam('x, s: L.put(x, L.tensor(0), s)')), ('empty', (T(0, 3), T(0)), lam('x, s: L.put(x, L.tensor([], dtype=L.int64), s)')),
       ('transposed', (T(4, 3), T(2)), lam('x, s: x.t().put(L.tensor([1, 6]), s)')),
       errors=[('out_of_range', (T(3, 4), T(1)), lam('x, s: L.put(x, L.tensor([12]), s)')),
               ('numel', (T(3, 4), T(2)), lam('x, s: L.put(x, L.tensor([0, 1, 2]), s)')),
               ('dtype', (T(3, 4),), lam('x: L.put(x, L.tensor([0]), L.ones(1, dtype=L.int64))')),
               ('float_index', (T(3, 4), T(1)), lam('x, s: L.put(x, L.tensor([0.]), s)')),
               ('number', (T(3, 4),), lam('x: x.put_(L.tensor([0]), 1.0)'))], inplace='put_', family='index'),
    op('fill_diagonal_', Call('x', (T(3, 3),), lam('x: (x * 1).fill_diagonal_(2.5)'), {'inplace': lam('x: x.fill_diagonal_(2.5)')}),
       ('tall', (T(7, 3),), lam('x: (x * 1).fill_diagonal_(0)')), ('wrap', (T(9, 3),), lam('x: (x * 1).fill_diagonal_(1, wrap=True)')),
       ('wide', (T(2, 5),), lam('x: (x * 1).fill_diagonal_(1, True)')), ('3d', (T(2, 2, 2),), lam('x: (x * 1).fill_diagonal_(-1)')),
       ('transposed', (T(5, 3),), lam('x: (x * 1).t().fill_diagonal_(4)')),
       errors=[('1d', (T(3),), lam('x: x.fill_diagonal_(1)')), ('unequal', (T(2, 3, 2),), lam('x: x.fill_diagonal_(1)'))],
       family='fill'),
    op('take', Call('x', (T(3, 4), I(2, 3, high=12)), fn_of('take'),
                    {'method': method_of('take'), 'out': with_out(lambda L, *a, **o: L.take(*a, **o))}),
       ('negative', (T(3, 4),), lam('x: x.take(L.tensor([-1, -12, 5]))')), ('0d', (T(), I(high=1)), fn_of('take')),
       ('empty', (T(0, 3), I(0, high=1)), fn_of('take')),
       errors=[('out_of_range', (T(3, 4),), lam('x: x.take(L.tensor([12]))')),
               ('negative_out_of_range', (T(3, 4),), lam('x: x.take(L.tensor([-13]))')),
               ('int32', (T(3, 4),), lam('x: x.take(L.tensor([0], dtype=L.int32))'))], family='index'),
    op('masked_fill', Call('x', (T(3, 4), B(3, 4), 1.5), fn_of('masked_fill'),
                           {'method': method_of('masked_fill'), 'inplace': method_of('masked_fill_')}),
       ('bcast_mask', (T(3, 4), B(4), -2.0), fn_of('masked_fill')),
       ('bcast_input', (T(4), B(3, 4), 0.5), fn_of('masked_fill')),
       ('tensor_value', (T(3, 4), B(3, 4), T()), fn_of('masked_fill')),
       ('int_value', (T(3, 4), B(3, 4), 2), fn_of('masked_fill')),
       ('0d', (T(), B(), 1.0), fn_of('masked_fill')), ('empty', (T(0, 3), B(0, 3), 1.0), fn_of('masked_fill')),
       errors=[('long_mask', (T(3, 4), T(3, 4, dtype='int64')), lam('x, m: x.masked_fill(m, 1.0)')),
               ('value_1d', (T(3, 4), B(3, 4), T(2)), fn_of('masked_fill')),
               ('inplace_bcast', (T(3, 4), B(2, 3, 4)), lam('x, m: x.clone().masked_fill_(m, 1.0)')),
               ('shapes', (T(3, 4), B(2), 1.0), fn_of('masked_fill'))],
       family='index', inplace='masked_fill_', dtype_calls=2),
    op('masked_select', Call('x', (T(3, 4), B(3, 4)), fn_of('masked_select'),
                             {'method': method_of('masked_select'),
                              'out': with_out(lambda L, *a, **o: L.masked_select(*a, **o))}),
       ('bcast', (T(3, 4), B(4)), fn_of('masked_select')), ('bcast_input', (T(4), B(3, 4)), fn_of('masked_select')),
       ('0d', (T(), B()), fn_of('masked_select')), ('0d_mask', (T(3, 4), B()), fn_of('masked_select')),
       ('empty', (T(0, 3), B(0, 3)), fn_of('masked_select')),
       errors=[('long_mask', (T(3, 4), T(3, 4, dtype='int64')), fn_of('masked_select')),
               ('shapes', (T(3, 4), B(2)), fn_of('masked_select'))], family='index'),
    op('masked_scatter', Call('x', (T(3, 4), B(3, 4), T(12)), fn_of('masked_scatter'),
                              {'method': method_of('masked_scatter'), 'inplace': method_of('masked_scatter_')}),
       ('bcast', (T(3, 4), B(4), T(3, 5)), fn_of('masked_scatter')),
       ('bcast_input', (T(4), B(3, 4), T(12)), fn_of('masked_scatter')),
       ('0d', (T(), B(), T()), fn_of('masked_scatter')),
       errors=[('long_mask', (T(3, 4), T(3, 4, dtype='int64'), T(12)), fn_of('masked_scatter')),
               ('dtype', (T(3, 4), B(3, 4), T(12, dtype='float32')), fn_of('masked_scatter')),
               ('small_source', (T(3, 4), T(2)), lam('x, s: x.masked_scatter(x == x, s)'))],
       family='index', inplace='masked_scatter_'),

    # -- shape ops ---
    op('repeat', ('x', (T(3, 4),), lam('x: x.repeat(2, 1, 3)')), ('same', (T(3, 4),), lam('x: x.repeat(1, 1)')),
       ('0d', (T(),), lam('x: x.repeat(2)')), ('empty', (T(0, 3),), lam('x: x.repeat((2, 2))')),
       ('zero', (T(2, 3),), lam('x: x.repeat(0, 2)')), ('kw', (T(2, 3),), lam('x: x.repeat(repeats=(2, 1))')),
       errors=[('short', (T(3, 4),), lam('x: x.repeat(2)')), ('negative', (T(3, 4),), lam('x: x.repeat(-1, 2)'))]),
    op('tile', ('x', (T(3, 4), (2,)), fn_of('tile')), ('long', (T(3, 4), (2, 1, 2)), fn_of('tile')),
       ('0d', (T(), (3,)), fn_of('tile')), ('no_dims', (T(3, 4), ()), fn_of('tile')),
       ('method', (T(3, 4),), lam('x: x.tile(2, 2)')), ('kw', (T(3, 4),), lam('x: x.tile(dims=(2,))')),
       errors=[('none', (T(3, 4),), lam('x: x.tile()'))]),
    op('repeat_interleave', ('dim', (T(3, 4), 2, 1), fn_of('repeat_interleave')),
       ('flat', (T(3, 4), 2), fn_of('repeat_interleave')), ('0d', (T(), 3), fn_of('repeat_interleave')),
       ('neg_dim', (T(2, 3), 2, -2), fn_of('repeat_interleave')), ('empty', (T(0, 3), 2, 0), fn_of('repeat_interleave')),
       ('counts', (T(3, 4), I(3, high=3)), lam('x, r: x.repeat_interleave(r, dim=0)')),
       ('one_count', (T(3, 4),), lam('x: x.repeat_interleave(L.tensor(2), dim=1)')),
       ('output_size', (T(3, 4),), lam('x: x.repeat_interleave(2, 0, output_size=6)')),
       ('indices', (I(4, high=3),), lam('r: L.repeat_interleave(r)')),
       errors=[('negative', (T(3, 4), -1), fn_of('repeat_interleave')),
               ('counts', (T(3, 4),), lam('x: x.repeat_interleave(L.tensor([1, 2]), 0)')),
               ('negative_counts', (T(3, 4),), lam('x: x.repeat_interleave(L.tensor([1, -1, 2]), 0)')),
               ('output_size', (T(3, 4),), lam('x: x.repeat_interleave(2, output_size=5)')),
               ('float_counts', (T(3),), lam('x: L.repeat_interleave(x)'))]),
    op('flip', ('x', (T(3, 4), (0,)), fn_of('flip')), ('both', (T(2, 3, 4), (0, -1)), fn_of('flip')),
       ('method', (T(3, 4),), lam('x: x.flip(0, 1)')), ('kw', (T(3, 4),), lam('x: L.flip(x, dims=[1])')),
       ('none', (T(3, 4), ()), fn_of('flip')), ('0d', (T(), (0,)), fn_of('flip')),
       ('empty', (T(0, 3), (1,)), fn_of('flip')), ('strides', (T(3, 4),), lam('x: x.t().flip(0).stride()')),
       errors=[('duplicate', (T(3, 4), (0, 0)), fn_of('flip')), ('bad_dim', (T(3, 4), (2,)), fn_of('flip'))]),
    op('fliplr', ('x', (T(3, 4),), fn_of('fliplr')), ('3d', (T(2, 3, 4),), fn_of('fliplr')),
       errors=[('1d', (T(4),), fn_of('fliplr'))]),
    op('flipud', ('x', (T(3, 4),), fn_of('flipud')), ('1d', (T(4),), fn_of('flipud')),
       errors=[('0d', (T(),), fn_of('flipud'))]),
    op('roll', ('x', (T(3, 4), 1, 0), fn_of('roll')), ('flat', (T(3, 4), 5), fn_of('roll')),
       ('dims', (T(3, 4), (1, -2), (0, 1)), fn_of('roll')), ('neg', (T(3, 4), -1, -1), fn_of('roll')),
       ('0d', (T(), 1), fn_of('roll')), ('empty', (T(0, 3), 1, 1), fn_of('roll')),
       ('strides', (T(3, 4),), lam('x: x.t().roll(1, 0).stride()')),
       errors=[('align', (T(3, 4), (1, 2), 0), fn_of('roll')), ('flat_two', (T(3, 4), (1, 2)), fn_of('roll')),
               ('bad_dim', (T(3, 4), 1, 2), fn_of('roll'))]),
    op('rot90', ('x', (T(3, 4),), fn_of('rot90')), ('k2', (T(3, 4), 2), fn_of('rot90')),
       ('k3', (T(2, 3, 4), 3, (2, 0)), fn_of('rot90')), ('neg', (T(3, 4), -1, (1, 0)), fn_of('rot90')),
       ('k0', (T(3, 4), 0), fn_of('rot90')), ('empty', (T(0, 3), 1), fn_of('rot90')),
       ('strides', (T(3, 4),), lam('x: [(x.rot90(k).stride(), x.t().rot90(k).stride()) for k in range(-1, 4)]')),
       errors=[('one_dim', (T(3, 4), 1, (0,)), fn_of('rot90')), ('1d', (T(4),), fn_of('rot90')),
               ('same', (T(3, 4), 1, (0, 0)), fn_of('rot90')), ('same_neg', (T(3, 4), 1, (-2, 0)), fn_of('rot90'))]),
    op('movedim', ('x', (T(2, 3, 4), 0, 2), fn_of('movedim')), ('tuple', (T(2, 3, 4), (0, 1), (2, 0)), fn_of('movedim')),
       ('neg', (T(2, 3, 4), -1, 0), fn_of('movedim')), ('0d', (T(), 0, 0), fn_of('movedim')),
       ('moveaxis', (T(2, 3, 4), 0, -1), fn_of('moveaxis')),
       ('inplace_view', (T(2, 3),), lam('x: (lambda y: (y.movedim(0, 1).mul_(2), y))(x * 1)')),
       errors=[('count', (T(2, 3, 4), (0, 1), (1,)), fn_of('movedim')),
               ('repeated', (T(2, 3, 4), (0, 0), (1, 0)), fn_of('movedim')),
               ('repeated_destination', (T(2, 3, 4), (0, 1), (1, 1)), fn_of('movedim'))]),
    op('tril', Call('x', (T(3, 4),), fn_of('tril'),
                    {'inplace': method_of('tril_'), 'out': with_out(lambda L, *a, **o: L.tril(*a, **o))}),
       ('k', (T(3, 4), 1), fn_of('tril')), ('neg_k', (T(2, 3, 4), -1), fn_of('tril')), ('empty', (T(0, 3),), fn_of('tril')),
       Call('k_inplace', (T(3, 4),), lam('x: (x * 1).tril_(-1)'), {'inplace': lam('x: x.tril_(-1)')}),
       errors=[('1d', (T(4),), fn_of('tril'))], inplace='tril_'),
    op('triu', Call('x', (T(3, 4),), fn_of('triu'),
                    {'inplace': method_of('triu_'), 'out': with_out(lambda L, *a, **o: L.triu(*a, **o))}),
       ('k', (T(3, 4), 1), fn_of('triu')), ('neg_k', (T(2, 3, 4), -1), fn_of('triu')), ('empty', (T(0, 3),), fn_of('triu')),
       errors=[('0d', (T(),), fn_of('triu'))], inplace='triu_'),
    factory('tril_indices', ('x', lambda L: L.tril_indices(3, 4)), ('offset', lambda L: L.tril_indices(4, 3, -1)),
            ('int32', lambda L: L.tril_indices(3, 3, 1, dtype=L.int32)), ('empty', lambda L: L.tril_indices(0, 3)),
            errors=[('row', (), lambda L: L.tril_indices(-1, 3)), ('col', (), lambda L: L.tril_indices(3, -2)),
                    ('float', (), lambda L: L.tril_indices(3, 3, dtype=L.float32))]),
    factory('triu_indices', ('x', lambda L: L.triu_indices(3, 4)), ('offset', lambda L: L.triu_indices(4, 3, 2)),
            ('neg', lambda L: L.triu_indices(3, 3, -5)), errors=[('bool', (), lambda L: L.triu_indices(3, 3, dtype=L.bool))]),
    op('diagonal', ('x', (T(3, 4),), fn_of('diagonal')), ('offset', (T(3, 4), 1), fn_of('diagonal')),
       ('neg_offset', (T(3, 4), -2), fn_of('diagonal')), ('dims', (T(2, 3, 4), 0, -1, 0), fn_of('diagonal')),
       ('far', (T(3, 4), 5), fn_of('diagonal')), ('empty', (T(0, 3),), fn_of('diagonal')),
       ('method', (T(2, 3, 4),), lam('x: x.diagonal(dim1=1, dim2=2)')),
       ('inplace_view', (T(3, 4),), lam('x: (lambda y: (y.diagonal(1).mul_(2), y))(x * 1)')),
       errors=[('same_dims', (T(3, 4), 0, -1, 1), fn_of('diagonal')), ('1d', (T(4),), fn_of('diagonal'))]),
    op('diag', ('1d', (T(3),), fn_of('diag')), ('out', (W(2, 3),), lam('x: L.diag(x, out=L.empty(0, dtype=x.dtype))')),
       ('1d_k', (T(3), 1), fn_of('diag')), ('1d_neg', (T(3), -2), fn_of('diag')), ('2d', (T(3, 4),), fn_of('diag')),
       ('2d_k', (T(3, 4), -1), fn_of('diag')), ('empty', (T(0),), fn_of('diag')),
       errors=[('0d', (T(),), fn_of('diag')), ('3d', (T(2, 3, 4),), fn_of('diag'))], dtype_calls=4),
    op('diag_embed', ('x', (T(2, 3),), fn_of('diag_embed')), ('offset', (T(2, 3), 1, 0, 2), fn_of('diag_embed')),
       ('neg', (T(3), -1), fn_of('diag_embed')), ('dims', (T(2, 3), 0, -1, 0), fn_of('diag_embed')),
       ('empty', (T(0, 2),), fn_of('diag_embed')),
       errors=[('same_dims', (T(2, 3), 0, 1, 1), fn_of('diag_embed')), ('0d', (T(),), fn_of('diag_embed'))]),
    op('diagflat', ('x', (T(3),), fn_of('diagflat')), ('2d_offset', (T(2, 2), 1), fn_of('diagflat')),
       ('neg', (T(3), -2), fn_of('diagflat')), ('0d', (T(),), fn_of('diagflat')), ('transposed', (T(2, 3),),
                                                                                  lam('x: L.diagflat(x.t())'))),
    op('block_diag', ('x', (T(2, 3), T(3), T()), fn_of('block_diag')), ('one', (T(2, 2),), fn_of('block_diag')),
       ('none', (), lambda L: L.block_diag()), ('dtypes', (T(2, dtype='int64'), T(2, 2, dtype='float32')),
                                               fn_of('block_diag')),
       ('empty', (T(0, 3), T(2, 0)), fn_of('block_diag')),
       errors=[('3d', (T(2, 2, 2),), fn_of('block_diag'))]),
    op('vander', ('x', (T(3),), fn_of('vander')), ('n', (T(3), 4), fn_of('vander')),
       ('increasing', (T(3),), lam('x: L.vander(x, 2, increasing=True)')), ('zero', (T(3), 0), fn_of('vander')),
       ('int', (I(3, high=5),), fn_of('vander')),
       errors=[('2d', (T(2, 2),), fn_of('vander')), ('negative', (T(3), -1), fn_of('vander'))], second=False),
    op('cartesian_prod', ('x', (T(3), T(2)), fn_of('cartesian_prod')), ('one', (T(3),), fn_of('cartesian_prod')),
       ('three', (T(2), T(2), T(3)), fn_of('cartesian_prod')),
       errors=[('2d', (T(2, 2),), fn_of('cartesian_prod'))]),
    op('combinations', ('x', (T(4),), fn_of('combinations')), ('r3', (T(4), 3), fn_of('combinations')),
       ('replacement', (T(3),), lam('x: L.combinations(x, 2, with_replacement=True)')),
       ('r0', (T(3), 0), fn_of('combinations')), ('too_many', (T(3), 4), fn_of('combinations')),
       errors=[('2d', (T(2, 2),), fn_of('combinations')), ('negative', (T(3), -1), fn_of('combinations'))]),
    op('trace', ('x', (T(3, 4),), fn_of('trace')), ('square', (T(3, 3),), fn_of('trace')),
       ('empty', (T(0, 3),), fn_of('trace')), errors=[('1d', (T(4),), fn_of('trace'))]),
    op('broadcast_tensors', ('x', (T(3, 1), T(4)), fn_of('broadcast_tensors')),
       ('same', (T(3, 4), T(3, 4)), fn_of('broadcast_tensors')), ('0d', (T(), T(2, 3)), fn_of('broadcast_tensors')),
       ('one', (T(3),), fn_of('broadcast_tensors')),
       ('inplace_view', (T(3),), lam('x: (lambda y: (L.broadcast_tensors(y, L.ones(1, 3))[0].mul_(2), y))(x * 1)')),
       errors=[('bad', (T(3), T(4)), fn_of('broadcast_tensors'))]),
    op('broadcast_to', ('more_dims', (T(3),), lam('x: L.broadcast_to(x, (2, 3))')),
       errors=[('fewer_dims', (T(3, 4),), lam('x: L.broadcast_to(x, (4,))'))], dtype_calls=1),
    op('meshgrid', ('ij', (T(3), T(4)), lam('x, y: L.meshgrid(x, y, indexing="ij")')),
       ('xy', (T(3), T(4), T(2)), lam('x, y, z: L.meshgrid(x, y, z, indexing="xy")')),
       ('list', (T(3), T(2)), lam('x, y: L.meshgrid([x, y], indexing="xy")')),
       ('0d', (T(), T(3)), lam('x, y: L.meshgrid(x, y, indexing="ij")')),
       ('default', (T(3), T(2)), lam('x, y: L.meshgrid(x, y)')), ('one', (T(3),), lam('x: L.meshgrid(x, indexing="xy")')),
       errors=[('dtypes', (T(3), T(2, dtype='float32')), lam('x, y: L.meshgrid(x, y, indexing="ij")')),
               ('indexing', (T(3),), lam('x: L.meshgrid(x, indexing="yx")')), ('none', (), lambda L: L.meshgrid([]))]),
    op('unfold', ('x', (T(3, 4), 1, 2, 1), method_of('unfold')), ('step', (T(3, 5), 1, 2, 2), method_of('unfold')),
       ('dim0', (T(5, 3), 0, 3, 1), method_of('unfold')), ('neg', (T(3, 4), -1, 4, 3), method_of('unfold')),
       ('0d', (T(), 0, 1, 1), method_of('unfold')), ('empty_window', (T(3, 4), 1, 0, 1), method_of('unfold')),
       ('inplace_view', (T(3, 5),), lam('x: (lambda y: (y.unfold(1, 2, 2).mul_(2), y))(x * 1)')),
       errors=[('too_big', (T(3, 4), 1, 5, 1), method_of('unfold')), ('step', (T(3, 4), 1, 2, 0), method_of('unfold')),
               ('size', (T(3, 4), 1, -1, 1), method_of('unfold'))]),
    op('narrow_copy', ('x', (T(5, 3), 0, 1, 3), fn_of('narrow_copy')), ('neg', (T(5, 3), -1, 1, 2), fn_of('narrow_copy')),
       ('empty', (T(5, 3), 0, 2, 0), fn_of('narrow_copy')),
       ('method', (T(5, 3),), lam('x: x.narrow_copy(1, 1, 2)')),
       errors=[('past_end', (T(5),), lam('x: x.narrow_copy(0, 3, 4)')), ('0d', (T(),), lam('x: x.narrow_copy(0, 0, 1)'))]),
    *[op(n, Call('2d', (T(2, 3), T(2, 3)), lam(f'x, y: L.{n}([x, y])'),
                 {'out': with_out(eval(f'lambda L, x, y, **o: L.{n}([x, y], **o)'))}),
         ('1d', (T(3), T(2 if n == 'hstack' else 3)), lam(f'x, y: L.{n}((x, y))')),
         ('0d', (T(), T()), lam(f'x, y: L.{n}([x, y])')), ('3d', (T(2, 3, 1), T(2, 3, 1)), lam(f'x, y: L.{n}([x, y])')),
         ('one', (T(2, 3),), lam(f'x: L.{n}([x])')), ('strides', (T(3, 2),), lam(f'x: L.{n}([x.t()]).stride()')), ('dtypes', (T(3), T(3, dtype='int64')), lam(f'x, y: L.{n}([x, y])')),
         errors=[('empty', (), eval(f'lambda L: L.{n}([])')),
                 ('sizes', (T(2, 3), T(3, 2, 2)), lam(f'x, y: L.{n}([x, y])'))])
      for n in ('hstack', 'vstack', 'dstack', 'column_stack')],
    *[op(n, ('2d', (T(3, 4),), fn_of(n)), ('0d', (T(),), fn_of(n)), ('1d', (T(3),), fn_of(n)),
         ('3d', (T(2, 3, 4),), fn_of(n)), ('many', (T(), T(3), T(2, 3)), fn_of(n)),
         ('list', (T(), T(2, 3)), lam(f'x, y: L.{n}([x, y])')), ('none', (), eval(f'lambda L: L.{n}()')),
         ('inplace_view', (T(3),), lam(f'x: (lambda y: (L.{n}(y).mul_(2), y))(x * 1)')))
      for n in ('atleast_1d', 'atleast_2d', 'atleast_3d')],
    op('sum_to_size', ('x', (T(3, 4), 1, 4), method_of('sum_to_size')), ('lead', (T(3, 4), 4), method_of('sum_to_size')),
       ('same', (T(3, 4), 3, 4), method_of('sum_to_size')), ('tuple', (T(2, 3, 4), (3, 1)), method_of('sum_to_size')),
       ('all', (T(3, 4), 1), method_of('sum_to_size')), ('0d', (T(), ()), method_of('sum_to_size')),
       ('kw', (T(3, 4),), lam('x: x.sum_to_size(size=(1, 4))')),
       errors=[('bad', (T(3, 4), 5), method_of('sum_to_size')), ('long', (T(3, 4), 2, 3, 4), method_of('sum_to_size'))]),
    op('view', ('dtype_bigger', (T(3, 4, dtype='float32'),), lam('x: x.view(L.float64)')),
       ('dtype_smaller', (T(3, 4),), lam('x: x.view(L.float32)')), ('dtype_int', (T(3, 4),), lam('x: x.view(L.int64)')),
       ('dtype_bool', (T(2, 2, dtype='int32'),), lam('x: x.view(L.bool)')),
       ('dtype_0d', (T(),), lam('x: x.view(L.int64)')), ('dtype_kw', (T(3, 4),), lam('x: x.view(dtype=L.float32)')),
       ('size_kw', (T(3, 4),), lam('x: x.view(size=(2, 6))')), ('dtype_shares', (T(3, 4),),
        lam('x: (lambda y: (y.view(L.int64).zero_(), y, y._version))(x.detach().clone())')),
       errors=[('dtype_odd', (T(3, 3, dtype='float32'),), lam('x: x.view(L.float64)')),
               ('dtype_0d', (T(dtype='float32'),), lam('x: x.view(L.float64)')),
               ('dtype_strided', (T(3, 4, dtype='float32'),), lam('x: x[:, ::2].view(L.float64)'))], dtype_calls=0),
    op('tensor_split', ('sections', (T(3, 4), 3, 1), fn_of('tensor_split')),
       ('indices', (T(3, 4), [1, 3], 1), fn_of('tensor_split')), ('uneven', (T(7, 2), 3), fn_of('tensor_split')),
       ('past_end', (T(3, 4), [1, 6]), fn_of('tensor_split')), ('neg_dim', (T(3, 4), (2,), -1), fn_of('tensor_split')),
       ('tensor', (T(3, 4),), lam('x: x.tensor_split(L.tensor([1, 3]), 1)')),
       ('tensor_0d', (T(5, 2),), lam('x: x.tensor_split(L.tensor(2))')), ('more', (T(2, 3), 4), fn_of('tensor_split')),
       ('inplace_view', (T(4, 3),), lam('x: (lambda y: (y.tensor_split(2)[1].mul_(2), y))(x * 1)')),
       ('sections_kw', (T(5, 2),), lam('x: L.tensor_split(x, sections=2)')),
       ('indices_kw', (T(3, 4),), lam('x: x.tensor_split(indices=[1], dim=1)')),
       errors=[('zero', (T(3, 4), 0), fn_of('tensor_split')), ('0d', (T(), 2), fn_of('tensor_split')),
               ('float', (T(3, 4),), lam('x: x.tensor_split(L.tensor([1.0]))')),
               ('2d', (T(3, 4),), lam('x: x.tensor_split(L.tensor([[1]]))'))]),
    op('hsplit', ('x', (T(3, 4), 2), fn_of('hsplit')), ('1d', (T(4), [1, 3]), fn_of('hsplit')),
       ('kw', (T(3, 4),), lam('x: L.hsplit(x, sections=2)')), ('indices_kw', (T(3, 4),), lam('x: x.hsplit(indices=[3])')),
       errors=[('uneven', (T(3, 4), 3), fn_of('hsplit')), ('0d', (T(), 1), fn_of('hsplit')),
               ('zero', (T(3, 4), 0), fn_of('hsplit'))]),
    op('vsplit', ('x', (T(4, 3), 2), fn_of('vsplit')), ('indices', (T(4, 3), [1]), fn_of('vsplit')),
       errors=[('uneven', (T(3, 4), 2), fn_of('vsplit')), ('1d', (T(4), 2), fn_of('vsplit'))]),
    op('dsplit', ('x', (T(2, 3, 4), 2), fn_of('dsplit')), ('indices', (T(2, 3, 4), [3]), fn_of('dsplit')),
       errors=[('2d', (T(3, 4), 2), fn_of('dsplit'))]),
    op('split', ('sizes_neg_dim', (T(3, 5), [2, 3], -1), fn_of('split')), ('sizes_tuple', (T(5, 3), (5, 0)), fn_of('split')),
       errors=[('negative_size', (T(5, 3), [-1, 6]), fn_of('split')),
               ('sizes_neg_dim', (T(3, 5), [1, 2], -1), fn_of('split'))], family='index'),

    # -- einsum, products and linalg ---
    *[op('linalg.' + n, Call('x', (T(3, 3),), lam(f'x: L.linalg.{n}(x)'),
                             {'out': with_out(lam(f'x, out=None: L.linalg.{n}(x, out=out)'))}),
         ('batched', (T(2, 3, 3),), lam(f'x: L.linalg.{n}(x)')), ('empty', (T(0, 3, 3),), lam(f'x: L.linalg.{n}(x)')),
         errors=[('singular', (), lam(f': L.linalg.{n}(L.tensor([[1., 2., 3.], [2., 4., 6.], [1., 1., 1.]]))')),
                 ('batch_singular', (), lam(f': L.linalg.{n}(L.stack([L.eye(3), L.tensor([[1., 2., 3.], [2., 4., 6.], '
                                            '[1., 1., 1.]])]))')),
                 ('not_square', (T(2, 3),), lam(f'x: L.linalg.{n}(x)')), ('1d', (T(3),), lam(f'x: L.linalg.{n}(x)'))],
         family='linalg') for n in ('inv', 'det')],
    op('linalg.inv_ex', ('x', (T(2, 3, 3),), lam('x: L.linalg.inv_ex(x)')), family='linalg'),
    op('inverse', ('x', (T(3, 3),), fn_of('inverse')), ('method', (T(2, 3, 3),), lam('x: x.inverse()')),
       errors=[('singular', (), lam(': L.inverse(L.tensor([[1., 2.], [2., 4.]]))'))], family='linalg'),
    op('det', ('x', (T(3, 3),), fn_of('det')), ('method', (T(2, 3, 3),), lam('x: x.det()')), family='linalg'),
    op('linalg.slogdet', ('x', (T(3, 3),), lam('x: L.linalg.slogdet(x)')),
       ('batched', (T(2, 3, 3),), lam('x: L.linalg.slogdet(x)')),
       errors=[('not_square', (T(2, 3),), lam('x: L.linalg.slogdet(x)'))], family='linalg'),
    op('slogdet', ('x', (T(3, 3),), fn_of('slogdet')), ('method', (T(3, 3),), lam('x: x.slogdet()')), family='linalg'),
    op('logdet', ('x', (T(3, 3),), lam('x: L.logdet(x @ x.mT + L.eye(3, dtype=x.dtype))')),
       ('negative', (T(2, 3, 3),), fn_of('logdet')), ('method', (T(3, 3),), lam('x: x.logdet()')), family='linalg'),
    op('linalg.solve', Call('x', (T(3, 3), T(3, 2)), lam('a, b: L.linalg.solve(a, b)'),
                            {'out': with_out(lam('a, b, out=None: L.linalg.solve(a, b, out=out)'))}),
       ('vector', (T(2, 3, 3), T(2, 3)), lam('a, b: L.linalg.solve(a, b)')),
       ('1d', (T(3, 3), T(3)), lam('a, b: L.linalg.solve(a, b)')),
       ('bcast', (T(2, 3, 3), T(3, 4)), lam('a, b: L.linalg.solve(a, b)')),
       ('right', (T(3, 3), T(2, 3)), lam('a, b: L.linalg.solve(a, b, left=False)')),
       errors=[('shapes', (T(3, 3), T(2, 3)), lam('a, b: L.linalg.solve(a, b)')),
               ('singular', (T(3, 2),), lam('x: L.linalg.solve(L.tensor([[1., 2.], [2., 4.]], dtype=x.dtype), x)')),
               ('not_square', (T(2, 3), T(2, 3)), lam('a, b: L.linalg.solve(a, b)'))], family='linalg'),
    *[op(name, Call('x', (T(3, 3),), lam(f'x: {call}(x @ x.mT + L.eye(3, dtype=x.dtype))'),
                    {'out': with_out(lam(f'x, out=None: {call}(x @ x.mT + L.eye(3, dtype=x.dtype), out=out)'))}),
         ('upper', (T(2, 3, 3),), lam(f'x: {call}(x @ x.mT + L.eye(3, dtype=x.dtype), upper=True)')),
         errors=[('not_pd', (), lam(f': {call}(L.tensor([[1., 2.], [2., 1.]]))')),
                 ('batch_not_pd', (), lam(f': {call}(L.stack([L.eye(2), L.tensor([[1., 2.], [2., 1.]])]))')),
                 ('not_square', (T(2, 3),), lam(f'x: {call}(x)'))], family='linalg')
      for name, call in (('linalg.cholesky', 'L.linalg.cholesky'), ('cholesky', 'L.cholesky'))],
    op('linalg.cholesky_ex', ('x', (T(3, 3),), lam('x: L.linalg.cholesky_ex(x @ x.mT + L.eye(3, dtype=x.dtype))')),
       family='linalg'),
    op('linalg.qr', ('tall', (T(4, 3),), lam('x: L.linalg.qr(x)')), ('wide', (T(2, 3, 5),), lam('x: L.linalg.qr(x)')),
       ('complete', (T(3, 4),), lam('x: L.linalg.qr(x, mode="complete")')),
       ('r', (T(4, 3),), lam('x: L.linalg.qr(x, mode="r").R.abs()')),
       errors=[('mode', (T(3, 3),), lam('x: L.linalg.qr(x, mode="bad")')), ('1d', (T(3),), lam('x: L.linalg.qr(x)'))],
       family='linalg'),
    op('qr', ('x', (T(4, 3),), fn_of('qr')), ('complete', (T(4, 3),), lam('x: L.qr(x, some=False)[0].abs()')),
       family='linalg'),
    op('linalg.svd', ('tall', (T(4, 3),), lam('x: (lambda u, s, v: ((u * s.unsqueeze(-2)) @ v, s, u.abs(), v.abs()))'
                                                '(*L.linalg.svd(x, full_matrices=False))')),
       ('wide', (T(2, 3, 5),),
        lam('x: (lambda u, s, v: (s, u.abs(), v.abs()))(*L.linalg.svd(x, full_matrices=False))')),
       ('full', (T(4, 3),), lam('x: (lambda u, s, v: (u.abs(), s, v.abs()))(*L.linalg.svd(x))')),
       errors=[('1d', (T(3),), lam('x: L.linalg.svd(x)'))], family='linalg', layouts=FULL_RANK_LAYOUTS),
    op('svd', ('x', (T(4, 3),), lam('x: (lambda u, s, v: (u.abs(), s, v.abs()))(*L.svd(x))')),
       ('some_false', (T(3, 4),), lam('x: (lambda u, s, v: (u.abs(), s, v.abs()))(*L.svd(x, some=False))')),
       ('no_uv', (T(3, 4),), lam('x: L.svd(x, compute_uv=False)')), family='linalg', layouts=FULL_RANK_LAYOUTS),
    op('linalg.svdvals', Call('x', (T(4, 3),), lam('x: L.linalg.svdvals(x)'),
                              {'out': with_out(lam('x, out=None: L.linalg.svdvals(x, out=out)'))}),
       ('batched', (T(2, 3, 5),), lam('x: L.linalg.svdvals(x)')), family='linalg'),
    op('linalg.eigh', ('x', (T(3, 3),), lam('x: (lambda l, v: (l, v.abs()))(*L.linalg.eigh(x + x.mT))')),
       ('upper', (T(2, 3, 3),), lam('x: (lambda l, v: (l, v.abs()))(*L.linalg.eigh(x, UPLO="U"))')),
       errors=[('uplo', (T(3, 3),), lam('x: L.linalg.eigh(x, UPLO="X")')),
               ('not_square', (T(2, 3),), lam('x: L.linalg.eigh(x)'))], family='linalg'),
    op('linalg.eigvalsh', Call('x', (T(3, 3),), lam('x: L.linalg.eigvalsh(x + x.mT)'),
                               {'out': with_out(lam('x, out=None: L.linalg.eigvalsh(x + x.mT, out=out)'))}),
       ('lower', (T(2, 3, 3),), lam('x: L.linalg.eigvalsh(x)')), family='linalg'),
    op('linalg.pinv', Call('x', (T(4, 3),), lam('x: L.linalg.pinv(x)'),
                           {'out': with_out(lam('x, out=None: L.linalg.pinv(x, out=out)'))}),
       ('wide', (T(2, 3, 5),), lam('x: L.linalg.pinv(x)')),
       ('rank_deficient', (T(4, 2),), lam('x: L.linalg.pinv(x @ x.mT)')),
       ('atol', (T(4, 3),), lam('x: L.linalg.pinv(x, atol=0.5)')), family='linalg'),
    op('pinverse', ('x', (T(4, 3),), fn_of('pinverse')), ('method', (T(3, 4),), lam('x: x.pinverse()')),
       family='linalg'),
    op('linalg.lstsq', ('x', (T(4, 3), T(4, 2)), lam('a, b: L.linalg.lstsq(a, b)')),
       ('vector', (T(2, 4, 3), T(2, 4)), lam('a, b: L.linalg.lstsq(a, b)')),
       ('wide', (T(3, 5), T(3, 2)), lam('a, b: L.linalg.lstsq(a, b).solution')),
       ('gelsd', (T(4, 3), T(4, 2)), lam('a, b: L.linalg.lstsq(a, b, driver="gelsd")')),
       ('gels', (T(4, 3), T(4, 2)), lam('a, b: L.linalg.lstsq(a, b, driver="gels")')),
       errors=[('rows', (T(4, 3), T(3, 2)), lam('a, b: L.linalg.lstsq(a, b)'))], family='linalg'),
    op('linalg.matrix_rank', ('x', (T(4, 3),), lam('x: L.linalg.matrix_rank(x)')),
       ('deficient', (T(2, 4, 2),), lam('x: L.linalg.matrix_rank(x @ x.mT)')),
       ('atol', (T(4, 3),), lam('x: L.linalg.matrix_rank(x, atol=1.0, rtol=0.1)')), family='linalg'),
    *[op(name, ('x', (T(3, 3),), lam(f'x: {call}(x, 5)')), ('2', (T(2, 3, 3),), lam(f'x: {call}(x, 2)')),
         ('0', (T(3, 3),), lam(f'x: {call}(x, 0)')), ('1', (T(3, 3),), lam(f'x: {call}(x, 1)')),
         ('neg', (T(3, 3),), lam(f'x: {call}(x, -2)')),
         errors=[('not_square', (T(2, 3),), lam(f'x: {call}(x, 2)'))], family='linalg', dtype_calls=2)
      for name, call in (('linalg.matrix_power', 'L.linalg.matrix_power'), ('matrix_power', 'L.matrix_power'))],
    op('linalg.vector_norm', Call('x', (T(3, 4),), lam('x: L.linalg.vector_norm(x)'),
                                  {'out': with_out(lam('x, out=None: L.linalg.vector_norm(x, out=out)'))}),
       *[(f'ord{o}', (T(2, 3, 4),), lam(f'x: L.linalg.vector_norm(x, {o}, dim=(0, 2), keepdim=True)'))
         for o in (1, 3, 0.5, 'float("inf")', '-float("inf")', 0)],
       ('dtype', (T(3, 4),), lam('x: L.linalg.vector_norm(x, dtype=L.float64)')), family='linalg'),
    op('linalg.matrix_norm', ('fro', (T(3, 4),), lam('x: L.linalg.matrix_norm(x)')),
       *[(f'ord{o}', (T(2, 3, 4),), lam(f'x: L.linalg.matrix_norm(x, {o})'))
         for o in ('"nuc"', 2, -2, 1, -1, 'float("inf")', '-float("inf")')],
       *[(f'keepdim{o}', (T(2, 3, 4),), lam(f'x: L.linalg.matrix_norm(x, {o}, dim=(2, 0), keepdim=True)'))
         for o in ('"nuc"', 2, 1, 'float("inf")')],
       errors=[('ord', (T(3, 4),), lam('x: L.linalg.matrix_norm(x, 3)')),
               ('1d', (T(4),), lam('x: L.linalg.matrix_norm(x)'))], family='linalg'),
    op('linalg.norm', ('x', (T(2, 3, 4),), lam('x: L.linalg.norm(x)')), ('1d', (T(4),), lam('x: L.linalg.norm(x, 3)')),
       ('2d', (T(3, 4),), lam('x: L.linalg.norm(x, "nuc")')), ('dim', (T(2, 3, 4),), lam('x: L.linalg.norm(x, 1, 1)')),
       ('dims', (T(2, 3, 4),), lam('x: L.linalg.norm(x, dim=(0, 1), keepdim=True)')),
       errors=[('3d_ord', (T(2, 3, 4),), lam('x: L.linalg.norm(x, 2)'))], family='linalg'),
    op('dist', ('x', (T(3, 4), T(4)), fn_of('dist')), ('p', (T(3, 4), T(3, 4)), lam('x, y: L.dist(x, y, 3)')),
       ('inf', (T(3, 4), T(3, 4)), lam('x, y: x.dist(y, float("inf"))')), family='linalg'),
    op('linalg.cross', Call('x', (T(4, 3), T(4, 3)), lam('a, b: L.linalg.cross(a, b)'),
                            {'out': with_out(lam('a, b, out=None: L.linalg.cross(a, b, out=out)'))}),
       ('bcast', (T(2, 1, 3), T(1, 4, 3)), lam('a, b: L.linalg.cross(a, b)')),
       ('ranks', (T(2, 1, 3), T(4, 3)), lam('a, b: L.linalg.cross(a, b)')),
       ('dim', (T(3, 4), T(3, 4)), lam('a, b: L.linalg.cross(a, b, dim=0)')),
       errors=[('size', (T(4, 2), T(4, 2)), lam('a, b: L.linalg.cross(a, b)'))], family='linalg'),
    op('cross', ('dim', (T(3, 4), T(3, 4)), lam('a, b: L.cross(a, b, dim=0)')),
       ('no_dim', (T(2, 3), T(2, 3)), fn_of('cross')), ('method', (T(4, 3), T(4, 3)), lam('a, b: a.cross(b, dim=-1)')),
       errors=[('no_size3', (T(2, 2), T(2, 2)), fn_of('cross'))], family='linalg'),
    op('linalg.multi_dot', ('x', (T(3, 4), T(4, 5), T(5, 2)), lam('a, b, c: L.linalg.multi_dot([a, b, c])')),
       ('vectors', (T(4), T(4, 5), T(5)), lam('a, b, c: L.linalg.multi_dot([a, b, c])')),
       ('two', (T(4), T(4, 5)), lam('a, b: L.linalg.multi_dot([a, b])')),
       errors=[('one', (T(3, 3),), lam('a: L.linalg.multi_dot([a])')),
               ('3d', (T(2, 3, 3), T(3, 3)), lam('a, b: L.linalg.multi_dot([a, b])'))], family='product',
       dtype_calls=0),
    op('chain_matmul', ('x', (T(3, 4), T(4, 5), T(5, 2)), fn_of('chain_matmul')),
       ('one', (T(3, 4),), fn_of('chain_matmul')), family='product', dtype_calls=0),
    op('linalg.matmul', ('x', (T(3, 4), T(4, 5)), lam('a, b: L.linalg.matmul(a, b)')), family='product'),
    op('outer', ('x', (T(3), T(4)), fn_of('outer')), ('method', (T(3), T(4)), lam('a, b: a.outer(b)')),
       ('ger', (T(3), T(4)), fn_of('ger')), ('dtypes', (T(3, dtype='int64'), T(4)), fn_of('outer')),
       errors=[('2d', (T(2, 3), T(4)), fn_of('outer'))], family='product', dtype_calls=0),
    op('kron', ('x', (T(2, 3), T(3, 2)), fn_of('kron')), ('ranks', (T(2), T(2, 3, 2)), fn_of('kron')),
       ('method', (T(2, 2), T(2)), lam('a, b: a.kron(b)')), family='product'),
    op('vdot', ('x', (T(4), T(4)), fn_of('vdot')), errors=[('sizes', (T(3), T(4)), fn_of('vdot'))], family='product'),
    op('inner', ('x', (T(2, 3), T(4, 3)), fn_of('inner')), ('1d', (T(3), T(3)), fn_of('inner')),
       ('0d', (T(), T(2, 3)), fn_of('inner')), errors=[('sizes', (T(2, 3), T(4)), fn_of('inner'))], family='product'),
    op('tensordot', ('int', (T(2, 3, 4), T(3, 4, 5)), fn_of('tensordot')),
       ('lists', (T(2, 3, 4), T(4, 3)), lam('a, b: L.tensordot(a, b, ([1, 2], [1, 0]))')),
       ('zero', (T(2), T(3)), lam('a, b: L.tensordot(a, b, 0)')),
       errors=[('sizes', (T(2, 3), T(2, 3)), lam('a, b: L.tensordot(a, b, ([1], [0]))'))], family='product'),
    op('addmm', Call('x', (T(3, 5), T(3, 4), T(4, 5)), fn_of('addmm'),
                     {'out': with_out(lam('a, b, c, out=None: L.addmm(a, b, c, out=out)')),
                      'inplace': method_of('addmm_')}),
       ('scaled', (T(5), T(3, 4), T(4, 5)), lam('a, b, c: L.addmm(a, b, c, beta=0.5, alpha=2)')),
       ('beta0', (T(1, 5), T(3, 4), T(4, 5)), lam('a, b, c: L.addmm(a * float("nan"), b, c, beta=0)')),
       ('int', (I(3, 5, high=4), I(3, 4, high=4), I(4, 5, high=4)), lam('a, b, c: L.addmm(a, b, c, beta=1.7, alpha=0.5)')),
       errors=[('sizes', (T(3, 5), T(3, 4), T(3, 5)), fn_of('addmm')), ('input', (T(3, 4), T(3, 4), T(4, 5)), fn_of('addmm')),
               ('1d', (T(5), T(4), T(4, 5)), fn_of('addmm')),
               ('dtypes', (T(5), T(3, 4, dtype='float64'), T(4, 5, dtype='float32')), fn_of('addmm'))],
       family='product', inplace='addmm_'),
    op('addmv', Call('x', (T(3), T(3, 4), T(4)), fn_of('addmv'),
                     {'out': with_out(lam('a, b, c, out=None: L.addmv(a, b, c, out=out)')),
                      'inplace': method_of('addmv_')}),
       ('scaled', (T(1), T(3, 4), T(4)), lam('a, b, c: L.addmv(a, b, c, beta=0.5, alpha=2)')),
       ('method', (T(3), T(3, 4), T(4)), lam('a, b, c: a.addmv(b, c)')),
       errors=[('sizes', (T(3), T(2, 3), T(3)), fn_of('addmv'))], family='product', inplace='addmv_'),
    op('addr', Call('x', (T(3, 4), T(3), T(4)), fn_of('addr'), {'inplace': method_of('addr_')}),
       ('scaled', (T(4), T(3), T(4)), lam('a, b, c: L.addr(a, b, c, beta=2, alpha=-1)')), family='product',
       inplace='addr_'),
    op('baddbmm', Call('x', (T(2, 3, 5), T(2, 3, 4), T(2, 4, 5)), fn_of('baddbmm'),
                       {'inplace': method_of('baddbmm_')}),
       ('scaled', (T(3, 5), T(2, 3, 4), T(2, 4, 5)), lam('a, b, c: L.baddbmm(a, b, c, beta=0.5, alpha=0.3)')),
       errors=[('sizes', (T(2, 3, 5), T(2, 3, 4), T(2, 3, 5)), fn_of('baddbmm'))], family='product',
       inplace='baddbmm_'),
    op('addbmm', Call('x', (T(3, 5), T(2, 3, 4), T(2, 4, 5)), fn_of('addbmm'), {'inplace': method_of('addbmm_')}),
       ('scaled', (T(5), T(2, 3, 4), T(2, 4, 5)), lam('a, b, c: L.addbmm(a, b, c, beta=0.5, alpha=2)')),
       family='product', inplace='addbmm_'),
    op('einsum', ('mm', (T(3, 4), T(4, 5)), lam('a, b: L.einsum("ij,jk->ik", a, b)')),
       ('trace', (T(3, 3),), lam('a: L.einsum("ii", a)')), ('diagonal', (T(3, 3),), lam('a: L.einsum("ii->i", a)')),
       ('sum', (T(3, 4),), lam('a: L.einsum("ij->", a)')), ('transpose', (T(3, 4),), lam('a: L.einsum("ij->ji", a)')),
       ('outer', (T(3), T(4)), lam('a, b: L.einsum("i,j->ij", a, b)')),
       ('implicit', (T(2, 3, 4), T(4, 2)), lam('a, b: L.einsum("bij,jk", a, b)')),
       ('ellipsis', (T(2, 3, 4), T(4, 5)), lam('a, b: L.einsum("...ij,jk->...ik", a, b)')),
       ('three', (T(2, 3), T(3, 4), T(4, 2)), lam('a, b, c: L.einsum("ij,jk,kl->il", a, b, c)')),
       ('sublist', (T(2, 3, 4), T(4, 5)), lam('a, b: L.einsum(a, [0, 1, 2], b, [2, 3], [0, 3, 1])')),
       ('sublist_ellipsis', (T(2, 3, 4), T(4, 5)), lam('a, b: L.einsum(a, [..., 2], b, [2, 3])')),
       ('list', (T(3, 4), T(4)), lam('a, b: L.einsum("ij,j->i", [a, b])')),
       ('repeated', (T(3, 3, 4), T(4, 2)), lam('a, b: L.einsum("iij,jk->ik", a, b)')),
       ('batch_diag', (T(2, 3, 3), T(2, 3)), lam('a, b: L.einsum("bii,bi->b", a, b)')),
       ('empty', (T(0, 3), T(3, 2)), lam('a, b: L.einsum("ij,jk->ik", a, b)')),
       errors=[('operands', (T(3, 4),), lam('a: L.einsum("ij,jk->ik", a)')),
               ('dims', (T(3, 4),), lam('a: L.einsum("ijk", a)')),
               ('sizes', (T(2, 3), T(4, 2)), lam('a, b: L.einsum("ij,jk->ik", a, b)')),
               ('dtypes', (T(2, 3), T(3, 2, dtype='float32')), lam('a, b: L.einsum("ij,jk", a, b)')),
               ('output', (T(2, 3),), lam('a: L.einsum("ij->ik", a)'))], family='product', dtype_calls=0),

    op('_weight_norm', ('dim0', (T(3, 4), T(3, 1)), lam('v, g: L._weight_norm(v, g, 0)')),
       ('last', (T(2, 3, 4), T(1, 1, 4)), lam('v, g: L._weight_norm(v, g, 2)')),
       ('middle', (T(2, 3, 4), T(1, 3, 1)), lam('v, g: L._weight_norm(v, g, 1)')),
       ('whole', (T(3, 4), T()), lam('v, g: L._weight_norm(v, g, -1)')),
       errors=[('bad_dim', (T(3, 4), T(3, 1)), lam('v, g: L._weight_norm(v, g, 2)'))], family='linalg'),
    op('norm_except_dim', ('dim0', (T(3, 4),), lam('v: L.norm_except_dim(v, 2, 0)')),
       ('p3', (T(2, 3, 4),), lam('v: L.norm_except_dim(v, 3, 1)')),
       ('whole', (T(3, 4),), lam('v: L.norm_except_dim(v, 2, -1)')), family='linalg'),
    # -- dtypes and random ---
    op('result_type', ('float32', (T(3, 4), T(3, dtype='float32')), fn_of('result_type')),
       ('0d', (T(3, 4), T(dtype='float64')), fn_of('result_type')), ('0d_first', (T(), T(3, dtype='uint8')),
        fn_of('result_type')),
       ('int_number', (T(3, 4),), lam('x: L.result_type(x, 2)')), ('float_number', (T(3, 4),),
        lam('x: L.result_type(x, 2.5)')), ('bool_number', (T(3, 4),), lam('x: L.result_type(True, x)')),
       ('numbers', (), lambda L: L.result_type(2, 1.5)), ('int_bool', (), lambda L: L.result_type(1, True)),
       family='dtypes'),
    op('promote_types', *[(f'{a}_{b}', (), lambda L, a=a, b=b: L.promote_types(getattr(L, a), getattr(L, b)))
                          for a, b in (('uint8', 'int8'), ('int16', 'float16'), ('bool', 'uint8'),
                                       ('float16', 'float32'), ('int32', 'int64'))],
       errors=[('not_dtype', (), lambda L: L.promote_types(L.int8, 3))], family='dtypes', dtype_calls=0),
    op('can_cast', *[(f'{a}_{b}', (), lambda L, a=a, b=b: L.can_cast(getattr(L, a), getattr(L, b)))
                     for a, b in (('float32', 'int32'), ('int32', 'float16'), ('int64', 'int8'), ('int8', 'bool'),
                                  ('bool', 'uint8'), ('float64', 'float16'))],
       errors=[('not_dtype', (), lambda L: L.can_cast(L.int8, 3))], family='dtypes', dtype_calls=0),
    op('is_signed', ('x', (T(3),), fn_of('is_signed')), ('method', (T(3),), method_of('is_signed')), family='dtypes'),
    *[op(n, ('x', (T(3),), fn_of(n)), ('method', (T(3),), method_of(n)), family='dtypes', auto_alias=True)
      for n in ('is_floating_point', 'is_complex')],
    op('is_nonzero', ('one', (T(1),), fn_of('is_nonzero')), ('0d', (T(),), method_of('is_nonzero')),
       ('zero', (T(1, 1),), lam('x: (x * 0).is_nonzero()')),
       errors=[('many', (T(3),), fn_of('is_nonzero')), ('empty', (T(0),), fn_of('is_nonzero'))], family='dtypes'),
    *[op(n, ('x', (T(3, 4),), method_of(n)), ('0d', (T(),), method_of(n))) for n in ('short', 'char', 'byte')],
    op('normal', ('tensor_tensor', (T(3, 4), T(3, 4, low=0.5)), fn_of('normal')),
       ('tensor_float', (T(3, 4),), lam('m: L.normal(m, 2.0)')), ('float_tensor', (T(3, 4, low=0.5),),
        lam('s: L.normal(1.0, s)')),
       ('bcast', (T(4), T(3, 1, low=0.5)), fn_of('normal')), ('0d', (T(),), lam('m: L.normal(m)')),
       ('empty', (T(0, 3),), lam('m: L.normal(m, 1.0)')),
       ('size', (), lambda L: L.normal(0.5, 2.0, (2, 3))), ('size_dtype', (), lambda L: L.normal(0, 1, size=(2,),
        dtype=L.float64)),
       ('size_grad', (), lambda L: L.normal(0., 1., (2,), requires_grad=True)),
       ('generator', (T(3),), lam('m: L.normal(m, 1.0, generator=L.Generator().manual_seed(1))')),
       ('out', (T(3),), lam('m: L.normal(m.detach(), 1.0, out=L.empty(3, dtype=m.dtype))')),
       errors=[('neg_std_tensor', (T(3), T(3, low=-2, high=-0.5)), fn_of('normal')),
               ('neg_std', (T(3),), lam('m: L.normal(m, -1.0)')),
               ('bad_bcast', (T(3), T(4, low=0.5)), fn_of('normal')),
               ('numbers', (), lambda L: L.normal(0., 1.)),
               ('int_size', (), lambda L: L.normal(0, 1, (2,), dtype=L.int64))],
       family='random', random=True),
    op('bernoulli', Call('p', (T(3, 4, low=0, high=1),), fn_of('bernoulli'), {'method': method_of('bernoulli')}),
       ('p_float', (T(3, 4, low=0, high=1),), lam('x: L.bernoulli(x, 0.3)')),
       ('p_kw', (T(3, 4, low=0, high=1),), lam('x: x.bernoulli(p=0.3)')),
       ('0d', (T(low=0, high=1),), fn_of('bernoulli')), ('empty', (T(0, 3, low=0, high=1),), fn_of('bernoulli')),
       ('generator', (T(3, low=0, high=1),), lam('x: L.bernoulli(x, generator=L.Generator())')),
       errors=[('p_tensor_range', (T(3, low=1.5, high=2.0),), fn_of('bernoulli')),
               ('p_range', (T(3, low=0, high=1),), lam('x: L.bernoulli(x, 1.5)'))],
       family='random', random=True),
    op('bernoulli_', Call('float', (T(3, 4),), lam('x: x.clone().bernoulli_(0.3)'),
                          {'inplace': lam('x: x.bernoulli_(0.3)')}),
       Call('tensor_p', (T(3, 4), T(4, low=0, high=1)), lam('x, p: x.clone().bernoulli_(p)'),
            {'inplace': lam('x, p: x.bernoulli_(p)')}),
       ('default', (T(3),), lam('x: x.clone().bernoulli_()')),
       errors=[('p_range', (T(3),), lam('x: x.clone().bernoulli_(1.5)')),
               ('p_tensor_range', (T(3), T(3, low=1.5, high=2)), lam('x, p: x.clone().bernoulli_(p)')),
               ('p_too_big', (T(3), T(2, 3, low=0, high=1)), lam('x, p: x.clone().bernoulli_(p)'))],
       family='random', random=True),
    op('multinomial', Call('1d', (T(5, low=0.1, high=1),), lam('p: L.multinomial(p, 3)'),
                           {'method': lam('p: p.multinomial(3)')}),
       ('2d', (T(2, 5, low=0.1, high=1),), lam('p: L.multinomial(p, 2)')),
       ('replacement', (T(3, low=0.1, high=1),), lam('p: L.multinomial(p, 6, True)')),
       ('zero_weights', (), lambda L: L.multinomial(L.tensor([1., 0., 0.]), 2)),
       ('generator', (T(4, low=0.1, high=1),), lam('p: L.multinomial(p, 4, generator=L.Generator())')),
       errors=[('too_many', (T(3, low=0.1, high=1),), lam('p: L.multinomial(p, 4)')),
               ('3d', (T(2, 2, 3, low=0.1, high=1),), lam('p: L.multinomial(p, 1)')),
               ('negative', (T(3, low=-1, high=-0.1),), lam('p: L.multinomial(p, 1)')),
               ('zero_sum', (), lambda L: L.multinomial(L.zeros(3), 2)),
               ('nan', (), lambda L: L.multinomial(L.tensor([1., float('nan')]), 1)),
               ('n0', (T(3, low=0.1, high=1),), lam('p: L.multinomial(p, 0)')),
               ('float_n', (T(3, low=0.1, high=1),), lam('p: L.multinomial(p, 2.0)'))],
       family='random', random=True),
    op('poisson', ('x', (T(3, 4, low=0.5, high=3),), fn_of('poisson')), ('0d', (T(low=0.5, high=3),), fn_of('poisson')),
       ('generator', (T(3, low=0.5, high=3),), lam('x: L.poisson(x, L.Generator())')),
       errors=[('negative', (T(3, low=-2, high=-0.5),), fn_of('poisson'))], family='random', random=True),
    *[op(n, Call('x', (T(3, 4),), lam(f'x: x.clone().{n}({a})'), {'inplace': lam(f'x: x.{n}({a})')}),
         ('kw', (T(3, 4),), lam(f'x: x.clone().{n}({kw}, generator=L.Generator())')),
         errors=[(f'bad_{i}', (T(3),), lam(f'x: x.clone().{n}({e})')) for i, e in enumerate(bad)],
         family='random', random=True)
      for n, a, kw, bad in (('exponential_', '', 'lambd=2.0', ('0', '-1.0')),
                            ('geometric_', '0.5', 'p=0.2', ('1.5', '0', '1'),),
                            ('cauchy_', '', 'median=1.0, sigma=2.0', ('0.0, -1.0', '0.0, 0.0')),
                            ('log_normal_', '', 'mean=0.5, std=0.5', ('0.0, 0.0', '0.0, -1.0')))],

    # -- nn.functional: activations and losses ---
    activation('leaky_relu', 'leaky_relu_', negative_slope=0.2),
    activation('elu', 'elu_', alpha=0.7),
    activation('selu', 'selu_'),
    activation('celu', 'celu_', alpha=1.3),
    activation('selu', 'selu_', top=True),
    activation('celu', 'celu_', top=True),
    activation('gelu', calls=[('tanh', (T(3, 4),), fn_of(F + 'gelu', dict(approximate='tanh')))],
               errors=[('approximate', (T(3, 4),), fn_of(F + 'gelu', dict(approximate='exact')))]),
    activation('silu', True),
    activation('mish', True),
    activation('softplus', beta=2.0, threshold=3.0, low=-3.0),
    activation('softsign'),
    activation('softshrink', lambd=0.7),
    activation('hardshrink', lambd=0.7),
    activation('hardshrink', top=True),
    activation('tanhshrink'),
    activation('hardtanh', 'hardtanh_', min_val=-0.5, max_val=1.2),
    activation('relu6', True, low=-3.0, high=8.0),
    activation('hardsigmoid', True, low=-4.0, high=4.0),
    activation('hardswish', True, low=-4.0, high=4.0),
    activation('logsigmoid'),
    activation('softmin', dim=-1),
    activation('glu'),
    activation('threshold', 'threshold_', threshold=0.1, value=2.0),
    activation('threshold', 'threshold_', top=True, threshold=0.1, value=2.0),
    activation('rrelu', 'rrelu_', lower=0.2, upper=0.4),
    op('rrelu', Call('train', (T(3, 4),), fn_of('rrelu', dict(training=True)),
                     {'inplace': fn_of('rrelu_', dict(training=True))}),
       ('eval', (T(3, 4),), fn_of('rrelu')),
       errors=[('bounds', (T(3, 4),), fn_of('rrelu', dict(lower=0.5, upper=0.2)))],
       family='elementwise', inplace='rrelu_', random=True),
    op(F + 'prelu', ('one', (T(2, 3, 4), T(1, low=0, high=1)), fn_of(F + 'prelu')),
       ('channels', (T(2, 3, 4), T(3, low=0, high=1)), fn_of(F + 'prelu')),
       ('1d', (T(5), T(1, low=0, high=1)), fn_of(F + 'prelu')), ('0d', (T(), T(1, low=0, high=1)), fn_of(F + 'prelu')),
       ('empty', (T(0, 3), T(3, low=0, high=1)), fn_of(F + 'prelu')),
       errors=[('channels', (T(2, 3, 4), T(4)), fn_of(F + 'prelu')),
               ('2d_weight', (T(2, 3), T(1, 3)), fn_of(F + 'prelu')),
               ('dtypes', (T(2, 3), T(3, dtype='float32')), fn_of(F + 'prelu'))], family='elementwise'),
    op('prelu', Call('channels', (T(2, 3, 4), T(3, low=0, high=1)), fn_of('prelu'), {'method': method_of('prelu')}),
       family='elementwise'),
    op(F + 'relu_', Call('x', (T(3, 4),), lam('x: L.nn.functional.relu_(x * 1)'),
                         {'inplace': fn_of(F + 'relu_')}), family='elementwise', inplace=F + 'relu_'),
    *[op(n, Call('x', (T(3, 4),), lam(f'x: L.{n}(x * 1)'), {'inplace': fn_of(n)}), family='elementwise', inplace=n)
      for n in ('relu_', 'sigmoid_', 'tanh_')],
    op(F + 'smooth_l1_loss', ('mean', (T(3, 4), T(3, 4)), fn_of(F + 'smooth_l1_loss', dict(beta=0.7))),
       ('sum', (T(3, 4), T(3, 4)), fn_of(F + 'smooth_l1_loss', dict(reduction='sum'))),
       ('none', (T(3, 4), T(4)), fn_of(F + 'smooth_l1_loss', dict(reduction='none', beta=1.5))),
       ('beta0', (T(3, 4), T(3, 4)), fn_of(F + 'smooth_l1_loss', dict(beta=0.0))),
       ('0d', (T(), T()), fn_of(F + 'smooth_l1_loss')), ('empty', (T(0), T(0)), fn_of(F + 'smooth_l1_loss')),
       errors=[('beta', (T(3, 4), T(3, 4)), fn_of(F + 'smooth_l1_loss', dict(beta=-1.0))),
               ('sizes', (T(3, 4), T(3)), fn_of(F + 'smooth_l1_loss')),
               ('reduction', (T(3, 4), T(3, 4)), fn_of(F + 'smooth_l1_loss', dict(reduction='bad')))],
       family='reduction'),
    op(F + 'huber_loss', ('mean', (T(3, 4), T(3, 4)), fn_of(F + 'huber_loss', dict(delta=0.7))),
       ('none', (T(3, 4), T(3, 4)), fn_of(F + 'huber_loss', dict(reduction='none'))),
       ('weight', (T(3, 4), T(3, 4), W(3, 4)), lam('x, y, w: L.nn.functional.huber_loss(x, y, weight=w)')),
       ('0d', (T(), T()), fn_of(F + 'huber_loss', dict(reduction='sum'))),
       errors=[('delta', (T(3, 4), T(3, 4)), fn_of(F + 'huber_loss', dict(delta=0.0)))], family='reduction'),
    op(F + 'soft_margin_loss',
       ('mean', (T(3, 4), W(3, 4)), lam('x, w: L.nn.functional.soft_margin_loss(x, (w * 2 - 1).sign())')),
       ('none', (T(3, 4), W(3, 4)),
        lam('x, w: L.nn.functional.soft_margin_loss(x, (w * 2 - 1).sign(), reduction="none")')),
       errors=[('grad_target', (T(3, 4), T(3, 4)), fn_of(F + 'soft_margin_loss'))], family='reduction'),
    op(F + 'kl_div', ('batchmean', (T(3, 4), W(3, 4)), fn_of(F + 'kl_div', dict(reduction='batchmean'))),
       ('mean', (T(3, 4), W(3, 4)), fn_of(F + 'kl_div')),
       ('log_target', (T(3, 4), T(3, 4)), fn_of(F + 'kl_div', dict(reduction='sum', log_target=True))),
       ('none', (T(3, 4), T(3, 4, low=0.0, high=1.0)), fn_of(F + 'kl_div', dict(reduction='none'))),
       ('0d', (T(), T(low=0.1, high=1.0)), fn_of(F + 'kl_div', dict(reduction='batchmean'))), family='reduction'),
    op(F + 'poisson_nll_loss', ('mean', (T(3, 4), T(3, 4, low=0.0, high=3.0)), fn_of(F + 'poisson_nll_loss')),
       ('full', (T(3, 4, low=0.1, high=3.0), T(3, 4, low=0.0, high=3.0)),
        fn_of(F + 'poisson_nll_loss', dict(log_input=False, full=True, reduction='none'))),
       errors=[('reduction', (T(3, 4), T(3, 4)), fn_of(F + 'poisson_nll_loss', dict(reduction='bad')))],
       family='reduction'),
    op(F + 'gaussian_nll_loss',
       ('mean', (T(3, 4), T(3, 4), T(3, 4, low=0.1, high=2.0)), fn_of(F + 'gaussian_nll_loss')),
       ('homoscedastic', (T(3, 4), T(3, 4), T(3, low=0.1, high=2.0)),
        fn_of(F + 'gaussian_nll_loss', dict(full=True, reduction='sum'))),
       ('size1', (T(3, 4), T(3, 4), T(3, 1, low=0.1, high=2.0)),
        fn_of(F + 'gaussian_nll_loss', dict(reduction='none'))),
       ('float_var', (T(3, 4), T(3, 4)), lam('x, y: L.nn.functional.gaussian_nll_loss(x, y, 0.5)')),
       errors=[('var_size', (T(3, 4), T(3, 4), T(2, low=0.1)), fn_of(F + 'gaussian_nll_loss')),
               ('negative', (T(3, 4), T(3, 4), T(3, 4, low=-1.0, high=-0.5)), fn_of(F + 'gaussian_nll_loss'))],
       family='reduction'),
    op(F + 'margin_ranking_loss', ('mean', (T(5), T(5), W(5)),
                                   lam('x, y, w: L.nn.functional.margin_ranking_loss(x, y, (w * 2 - 1).sign(), 0.3)')),
       ('none', (T(5), T(5), W(5)),
        lam('x, y, w: L.nn.functional.margin_ranking_loss(x, y, (w * 2 - 1).sign(), reduction="none")')),
       errors=[('dims', (T(5), T(5), W(1, 5)), fn_of(F + 'margin_ranking_loss'))], family='reduction'),
    op(F + 'hinge_embedding_loss', ('mean', (T(3, 4), W(3, 4)),
                                    lam('x, w: L.nn.functional.hinge_embedding_loss(x, (w * 2 - 1).sign())')),
       ('none', (T(3, 4), W(3, 4)),
        lam('x, w: L.nn.functional.hinge_embedding_loss(x, (w * 2 - 1).sign(), 0.5, reduction="none")')),
       family='reduction'),
    op(F + 'multilabel_soft_margin_loss', ('mean', (T(3, 4), W(3, 4)), fn_of(F + 'multilabel_soft_margin_loss')),
       ('weight', (T(3, 4), W(3, 4), W(4)), lam('x, y, w: L.nn.functional.multilabel_soft_margin_loss(x, y, w, '
                                                'reduction="none")')),
       family='reduction'),
    op(F + 'cosine_embedding_loss', ('mean', (T(3, 4), T(3, 4)),
                                     lam('x, y: L.nn.functional.cosine_embedding_loss(x, y, L.tensor([1, -1, 1]))')),
       ('none', (T(3, 4), T(3, 4)), lam('x, y: L.nn.functional.cosine_embedding_loss(x, y, L.tensor([-1, -1, 1]), '
                                        '0.2, reduction="none")')),
       ('1d', (T(4), T(4)), lam('x, y: L.nn.functional.cosine_embedding_loss(x, y, L.tensor(-1))')),
       errors=[('dims', (T(3, 4), T(3, 4)), lam('x, y: L.nn.functional.cosine_embedding_loss(x, y, L.tensor(1))'))],
       family='reduction'),
    op(F + 'triplet_margin_loss', ('mean', (T(3, 4), T(3, 4), T(3, 4)), fn_of(F + 'triplet_margin_loss')),
       ('swap', (T(3, 4), T(3, 4), T(3, 4)), fn_of(F + 'triplet_margin_loss', dict(swap=True, p=1, reduction='none'))),
       errors=[('dims', (T(3, 4), T(3, 4), T(4)), fn_of(F + 'triplet_margin_loss'))], family='reduction'),
    op(F + 'multi_margin_loss', ('mean', (T(3, 4), I(3, high=4)), fn_of(F + 'multi_margin_loss')),
       ('p2_weight', (T(3, 4), I(3, high=4), W(4)),
        lam('x, t, w: L.nn.functional.multi_margin_loss(x, t, 2, 0.7, w, reduction="none")')),
       ('1d', (T(4), I(high=4)), fn_of(F + 'multi_margin_loss', dict(reduction='none'))),
       errors=[('p', (T(3, 4), I(3, high=4)), fn_of(F + 'multi_margin_loss', dict(p=3))),
               ('target_size', (T(3, 4), I(2, high=4)), fn_of(F + 'multi_margin_loss')),
               ('range', (T(3, 4), I(3, high=4)), lam('x, t: L.nn.functional.multi_margin_loss(x, t + 4)')),
               ('weight_size', (T(3, 4), I(3, high=4), W(3)), fn_of(F + 'multi_margin_loss'))],
       family='reduction'),
    op(F + 'multilabel_margin_loss',
       ('mean', (T(3, 4),), lam('x: L.nn.functional.multilabel_margin_loss(x, '
                                'L.tensor([[1, 2, -1, 0], [0, -1, 2, 3], [3, 0, 1, 2]]))')),
       ('none_1d', (T(4),), lam('x: L.nn.functional.multilabel_margin_loss(x, L.tensor([3, 1, -1, 0]), '
                               'reduction="none")')),
       errors=[('target_size', (T(3, 4),), lam('x: L.nn.functional.multilabel_margin_loss(x, L.zeros(2, 4).long())')),
               ('range', (T(3, 4),), lam('x: L.nn.functional.multilabel_margin_loss(x, L.full((3, 4), 5))')),
               ('3d', (T(2, 3, 4),), lam('x: L.nn.functional.multilabel_margin_loss(x, L.zeros(2, 3, 4).long())'))],
       family='reduction'),
    op(F + 'normalize', ('x', (T(3, 4),), fn_of(F + 'normalize')),
       ('p1_dim0', (T(3, 4),), fn_of(F + 'normalize', dict(p=1, dim=0))),
       ('zero_row', (T(3, 4),), lam('x: L.nn.functional.normalize(x * L.tensor([[0.], [1.], [1.]], dtype=x.dtype))')),
       family='reduction'),
    op(F + 'cosine_similarity', ('x', (T(3, 4), T(3, 4)), fn_of(F + 'cosine_similarity')),
       ('bcast_dim', (T(3, 4), T(4)), fn_of(F + 'cosine_similarity', dict(dim=-1))), family='reduction', dtype_calls=1),
    op(F + 'pairwise_distance', ('x', (T(3, 4), T(3, 4)), fn_of(F + 'pairwise_distance')),
       ('p1_keepdim', (T(3, 4), T(4)), fn_of(F + 'pairwise_distance', dict(p=1, keepdim=True))), family='reduction'),
    op('cdist', ('x', (T(3, 4), T(5, 4)), fn_of('cdist')), ('p1', (T(3, 4), T(5, 4)), fn_of('cdist', dict(p=1))),
       ('p0', (T(3, 4), T(2, 4)), fn_of('cdist', dict(p=0))), ('inf', (T(3, 4), T(2, 4)), fn_of('cdist', dict(p=float('inf')))),
       ('p3_batched', (T(2, 3, 4), T(5, 4)), fn_of('cdist', dict(p=3))),
       ('same_rows', (T(3, 4),), lam('x: L.cdist(x, x.detach())')),
       errors=[('1d', (T(4), T(5, 4)), fn_of('cdist')), ('columns', (T(3, 4), T(5, 3)), fn_of('cdist')),
               ('p', (T(3, 4), T(5, 4)), fn_of('cdist', dict(p=-1))),
               ('int', (I(3, 4, high=3), I(5, 4, high=3)), fn_of('cdist'))], family='reduction'),
    op(F + 'pdist', ('x', (T(4, 3),), fn_of(F + 'pdist')), ('p1', (T(4, 3),), fn_of(F + 'pdist', dict(p=1))),
       ('p3', (T(4, 3),), fn_of(F + 'pdist', dict(p=3))), ('inf', (T(4, 3),), fn_of(F + 'pdist', dict(p=float('inf')))),
       ('p0', (T(4, 3),), fn_of(F + 'pdist', dict(p=0))), ('one_row', (T(1, 3),), fn_of(F + 'pdist')),
       ('repeated_rows', (T(1, 3),), lam('x: L.nn.functional.pdist(x.expand(3, 3))')),
       errors=[('3d', (T(2, 3, 4),), fn_of(F + 'pdist')), ('p', (T(3, 4),), fn_of(F + 'pdist', dict(p=-1)))],
       family='reduction'),
    op(F + 'ctc_loss', ('mean', (T(6, 2, 4),), lam('x: L.nn.functional.ctc_loss(x.log_softmax(2), L.tensor([[1, 2, 2], '
                                                  '[3, 1, 0]]), (6, 5), (3, 2))')),
       ('none_concatenated', (T(6, 2, 4),), lam('x: L.nn.functional.ctc_loss(x.log_softmax(2), L.tensor([1, 2, 2, 3]), '
                                                'L.tensor([6, 4]), L.tensor([3, 1]), reduction="none")')),
       ('zero_infinity', (T(6, 2, 4),), lam('x: L.nn.functional.ctc_loss(x.log_softmax(2), L.tensor([[1, 2, 2], '
                                            '[0, 1, 0]]), (2, 5), (3, 2), 3, "sum", True)')),
       ('unbatched', (T(5, 3),), lam('x: L.nn.functional.ctc_loss(x, L.tensor([1, 1]), L.tensor(5), L.tensor(2), '
                                     'reduction="none")')),
       errors=[('input_lengths', (T(6, 2, 4),), lam('x: L.nn.functional.ctc_loss(x, L.tensor([[1], [2]]), (7, 5), '
                                                    '(1, 1))')),
               ('batch', (T(6, 2, 4),), lam('x: L.nn.functional.ctc_loss(x, L.tensor([[1], [2]]), (6, 5, 1), '
                                            '(1, 1))'))],
       family='reduction', dtype_calls=0),
    op(F + 'one_hot', ('x', (I(5, high=4),), fn_of(F + 'one_hot')),
       ('classes', (I(2, 3, high=4),), fn_of(F + 'one_hot', dict(num_classes=6))),
       errors=[('too_small', (I(5, high=4),), lam('t: L.nn.functional.one_hot(t + 3, 3)')),
               ('float', (T(3),), fn_of(F + 'one_hot'))], family='index'),

    # -- issue 15: the rest ---
    op('linalg.lu_factor_ex', ('x', (T(3, 3),), lam('x: L.linalg.lu_factor_ex(x)')),
       ('tall', (T(2, 4, 3),), lam('x: L.linalg.lu_factor_ex(x)')), ('wide', (T(3, 5),), lam('x: L.linalg.lu_factor_ex(x)')),
       ('empty', (T(0, 3, 3),), lam('x: L.linalg.lu_factor_ex(x)')),
       ('singular', (T(3),), lam('x: L.linalg.lu_factor_ex(x.unsqueeze(0).expand(3, 3) * 1)')),
       ('out', (T(3, 3),), lam('x: L.linalg.lu_factor_ex(x, out=(L.empty(0, dtype=x.dtype), L.empty(0, dtype=L.int32), '
                               'L.empty(0, dtype=L.int32)))')),
       errors=[('singular', (), lam(': L.linalg.lu_factor_ex(L.zeros(2, 3, 3), check_errors=True)')),
               ('no_pivot', (T(3, 3),), lam('x: L.linalg.lu_factor_ex(x, pivot=False)')),
               ('1d', (T(3),), lam('x: L.linalg.lu_factor_ex(x)'))], family='linalg'),
    op('linalg.lu_factor', ('x', (T(2, 3, 3),), lam('x: L.linalg.lu_factor(x)')),
       ('wide', (T(3, 4),), lam('x: L.linalg.lu_factor(x)')),
       errors=[('singular', (), lam(': L.linalg.lu_factor(L.zeros(3, 3))')),
               ('batch_singular', (), lam(': L.linalg.lu_factor(L.stack([L.eye(3), L.zeros(3, 3)]))'))],
       family='linalg'),
    op('linalg.lu', ('x', (T(3, 3),), lam('x: L.linalg.lu(x)')), ('tall', (T(2, 5, 3),), lam('x: L.linalg.lu(x)')),
       ('wide', (T(3, 4),), lam('x: L.linalg.lu(x)')), ('empty', (T(0, 2, 2),), lam('x: L.linalg.lu(x)')),
       errors=[('no_pivot', (T(3, 3),), lam('x: L.linalg.lu(x, pivot=False)'))], family='linalg'),
    op('lu', ('x', (T(3, 3),), lam('x: L.lu(x)')), ('infos', (T(2, 3, 3),), lam('x: L.lu(x, get_infos=True)')),
       ('method', (T(3, 3),), lam('x: x.lu()')), ('singular', (), lam(': L.lu(L.zeros(3, 3))')), family='linalg'),
    op('lu_unpack', ('x', (T(3, 3),), lam('x: L.lu_unpack(*L.linalg.lu_factor(x))')),
       ('tall', (T(2, 4, 3),), lam('x: L.lu_unpack(*L.linalg.lu_factor(x))')),
       ('wide', (T(3, 5),), lam('x: L.lu_unpack(*L.linalg.lu_factor(x))')),
       ('L_only', (T(3, 5),), lam('x: L.lu_unpack(*L.linalg.lu_factor(x))[1]')),
       ('no_data', (T(3, 3),), lam('x: L.lu_unpack(*L.linalg.lu_factor(x), unpack_data=False)')),
       ('no_pivots', (T(3, 3),), lam('x: L.lu_unpack(*L.linalg.lu_factor(x), unpack_pivots=False)')),
       errors=[('pivots_dtype', (T(3, 3),), lam('x: L.lu_unpack(x, L.ones(3, dtype=L.int64))')),
               ('1d', (T(3),), lam('x: L.lu_unpack(x, L.ones(3, dtype=L.int32))'))], family='linalg'),
    op('linalg.lu_solve', ('x', (T(3, 3), T(3, 2)), lam('a, b: L.linalg.lu_solve(*L.linalg.lu_factor(a), b)')),
       ('adjoint', (T(2, 3, 3), T(2, 3, 2)), lam('a, b: L.linalg.lu_solve(*L.linalg.lu_factor(a), b, adjoint=True)')),
       ('right', (T(3, 3), T(2, 4, 3)), lam('a, b: L.linalg.lu_solve(*L.linalg.lu_factor(a), b, left=False)')),
       ('right_adjoint', (T(3, 3), T(4, 3)),
        lam('a, b: L.linalg.lu_solve(*L.linalg.lu_factor(a), b, left=False, adjoint=True)')),
       errors=[('shapes', (T(3, 3), T(2, 3)), lam('a, b: L.linalg.lu_solve(*L.linalg.lu_factor(a), b)')),
               ('right_shapes', (T(3, 3), T(3, 2)), lam('a, b: L.linalg.lu_solve(*L.linalg.lu_factor(a), b, left=False)')),
               ('pivots_dtype', (T(3, 3), T(3, 2)), lam('a, b: L.linalg.lu_solve(a, L.ones(3, dtype=L.int64), b)')),
               ('1d_B', (T(3, 3), T(3)), lam('a, b: L.linalg.lu_solve(*L.linalg.lu_factor(a), b)')),
               ('not_square', (T(3, 4), T(3, 2)), lam('a, b: L.linalg.lu_solve(a, L.ones(3, dtype=L.int32), b)'))],
       family='linalg'),
    op('lu_solve', ('x', (T(3, 2), T(3, 3)), lam('b, a: L.lu_solve(b, *L.linalg.lu_factor(a))')),
       ('method', (T(2, 3, 2), T(3, 3)), lam('b, a: b.lu_solve(*L.linalg.lu_factor(a))')), family='linalg'),
    op('linalg.solve_ex', ('x', (T(3, 3), T(3, 2)), lam('a, b: L.linalg.solve_ex(a, b)')),
       ('vector', (T(2, 3, 3), T(2, 3)), lam('a, b: L.linalg.solve_ex(a, b)')),
       ('right', (T(3, 3), T(2, 3)), lam('a, b: L.linalg.solve_ex(a, b, left=False)')),
       ('singular', (T(3, 2),), lam('b: L.linalg.solve_ex(L.tensor([[1., 2., 0.], [2., 4., 0.], [1., 1., 1.]], '
                                    'dtype=b.dtype), b)')),
       errors=[('singular', (T(3, 2),), lam('b: L.linalg.solve_ex(L.zeros(3, 3, dtype=b.dtype), b, check_errors=True)'))],
       family='linalg'),
    op('linalg.cond', ('x', (T(2, 3, 3),), lam('x: L.linalg.cond(x)')),
       ('wide', (T(3, 5),), lam('x: L.linalg.cond(x)')), ('m2', (T(3, 3),), lam('x: L.linalg.cond(x, -2)')),
       ('nuc', (T(3, 3),), lam('x: L.linalg.cond(x, "nuc")')), ('fro', (T(2, 3, 3),), lam('x: L.linalg.cond(x, "fro")')),
       ('one', (T(3, 3),), lam('x: L.linalg.cond(x, 1)')), ('inf', (T(3, 3),), lam('x: L.linalg.cond(x, float("inf"))')),
       ('minus_inf', (T(3, 3),), lam('x: L.linalg.cond(x, -float("inf"))')),
       ('singular', (), lam(': L.linalg.cond(L.tensor([[[1., 2.], [2., 4.]], [[1., 0.], [0., 2.]]]), 1)')),
       ('empty', (T(0, 3, 3),), lam('x: L.linalg.cond(x)')), ('empty_fro', (T(0, 3, 3),), lam('x: L.linalg.cond(x, "fro")')),
       errors=[('not_square', (T(2, 3),), lam('x: L.linalg.cond(x, 1)')), ('ord', (T(3, 3),), lam('x: L.linalg.cond(x, 3)')),
               ('1d', (T(3),), lam('x: L.linalg.cond(x)')), ('1d_fro', (T(3),), lam('x: L.linalg.cond(x, "fro")'))],
       family='linalg'),
    op('geqrf', ('x', (T(4, 3),), fn_of('geqrf')), ('wide', (T(2, 3, 5),), fn_of('geqrf')),
       ('method', (T(3, 3),), lam('x: x.geqrf()')), ('zeros', (), lam(': L.geqrf(L.zeros(3, 2))')),
       errors=[('1d', (T(3),), fn_of('geqrf'))], family='linalg'),
    op('linalg.householder_product', ('x', (T(4, 3), T(2)), lam('a, t: L.linalg.householder_product(a, t)')),
       ('batched', (T(2, 5, 3), T(2, 3)), lam('a, t: L.linalg.householder_product(a, t)')),
       ('square', (T(3, 3), T(3)), lam('a, t: L.linalg.householder_product(a, t)')),
       ('of_geqrf', (T(4, 3),), lam('x: L.linalg.householder_product(*[t.detach() for t in L.geqrf(x)])')),
       errors=[('wide', (T(3, 4), T(2)), lam('a, t: L.linalg.householder_product(a, t)')),
               ('tau', (T(4, 3), T(4)), lam('a, t: L.linalg.householder_product(a, t)')),
               ('batch', (T(2, 4, 3), T(3, 2)), lam('a, t: L.linalg.householder_product(a, t)')),
               ('1d', (T(4), T(2)), lam('a, t: L.linalg.householder_product(a, t)'))], family='linalg'),
    op('orgqr', ('x', (T(4, 3), T(2)), fn_of('orgqr')), ('method', (T(3, 3), T(3)), lam('a, t: a.orgqr(t)')),
       family='linalg'),
    op('ormqr', ('x', (T(4, 3), T(3), T(4, 2)), fn_of('ormqr')),
       ('transpose', (T(2, 4, 2), T(2, 2), T(2, 4, 3)), fn_of('ormqr', dict(transpose=True))),
       ('right', (T(4, 3), T(3), T(2, 4)), fn_of('ormqr', dict(left=False))),
       ('right_transpose', (T(4, 3), T(3), T(2, 4)), fn_of('ormqr', dict(left=False, transpose=True))),
       ('method', (T(3, 3), T(3), T(3, 3)), lam('a, t, c: a.ormqr(t, c)')),
       errors=[('other', (T(4, 3), T(3), T(3, 2)), fn_of('ormqr')), ('tau', (T(4, 3), T(4), T(4, 2)), fn_of('ormqr')),
               ('1d', (T(4), T(3), T(4, 2)), fn_of('ormqr'))], family='linalg'),
    op('select_scatter', Call('x', (T(3, 4), T(4), 0, 1), fn_of('select_scatter'), {'method': method_of('select_scatter')}),
       ('neg', (T(2, 3, 4), T(2, 4), -2, -1), fn_of('select_scatter')),
       ('empty', (T(0, 3), T(0), 1, 2), fn_of('select_scatter')),
       errors=[('size', (T(3, 4), T(3), 0, 1), fn_of('select_scatter')), ('range', (T(3, 4), T(4), 0, 5), fn_of('select_scatter')),
               ('0d', (T(), T(), 0, 0), fn_of('select_scatter'))]),
    op('slice_scatter', Call('x', (T(3, 4), T(3, 2), 1, 0, 4, 2), fn_of('slice_scatter'), {'method': method_of('slice_scatter')}),
       ('default', (T(3, 4), T(3, 4)), fn_of('slice_scatter')), ('neg', (T(5, 2), T(2, 2), 0, -2), fn_of('slice_scatter')),
       ('clamped', (T(3, 4), T(3, 4), 1, -20, 20), fn_of('slice_scatter')),
       ('empty', (T(3, 4), T(3, 0), 1, 5, 9), fn_of('slice_scatter')),
       errors=[('size', (T(3, 4), T(3, 3), 1), fn_of('slice_scatter')),
               ('step', (T(3, 4), T(3, 4), 1, None, None, 0), fn_of('slice_scatter')),
               ('0d', (T(), T()), fn_of('slice_scatter'))]),
    op('diagonal_scatter', Call('x', (T(3, 4), T(3)), fn_of('diagonal_scatter'), {'method': method_of('diagonal_scatter')}),
       ('offset', (T(3, 4), T(2), 2), fn_of('diagonal_scatter')), ('neg', (T(3, 4), T(2), -1), fn_of('diagonal_scatter')),
       ('dims', (T(2, 3, 4), T(3, 2), 0, 0, 2), fn_of('diagonal_scatter')),
       errors=[('size', (T(3, 4), T(4)), fn_of('diagonal_scatter')), ('same', (T(3, 4), T(3), 0, 1, 1), fn_of('diagonal_scatter')),
               ('1d', (T(4), T(4)), fn_of('diagonal_scatter'))]),

    op('angle', Call('x', (T(3, 4),), fn_of('angle'), {'method': method_of('angle')}), ('0d', (T(),), fn_of('angle')),
       ('int', (T(3, 4, dtype='int64'),), fn_of('angle')), ('nan', (T(3, 4),), lam('x: L.angle(x / (x > 1))')),
       family='elementwise'),
    op('frexp', Call('x', (T(3, 4, low=-100, high=100),), fn_of('frexp'), {'method': method_of('frexp')}),
       ('0d', (T(),), fn_of('frexp')), ('empty', (T(0, 3),), fn_of('frexp')),
       ('special', (T(3, 4),), lam('x: L.frexp(x / (x > 1))')),
       ('out', (T(3, 4),), lam('x: L.frexp(x.detach(), out=(L.empty(0, dtype=x.dtype), L.empty(0, dtype=L.int32)))')),
       errors=[('int', (T(3, dtype='int64'),), fn_of('frexp'))], family='elementwise'),
    op('renorm', Call('x', (T(3, 4), 2, 0, 1.0), fn_of('renorm'), {'method': method_of('renorm'), 'inplace': method_of('renorm_')}),
       ('p1', (T(3, 4), 1, 1, 0.5), fn_of('renorm')), ('p3', (T(2, 3, 4), 3, -1, 1.5), fn_of('renorm')),
       ('inf', (T(3, 4), float('inf'), 0, 1.0), fn_of('renorm')), ('half', (T(3, 4), 0.5, 1, 1.0), fn_of('renorm')),
       ('zero', (T(3, 4), 2, 0, 0.0), fn_of('renorm')), ('empty', (T(0, 3), 2, 1, 1.0), fn_of('renorm')),
       errors=[('p', (T(3, 4), -1, 0, 1.0), fn_of('renorm')), ('dim', (T(3, 4), 2, 5, 1.0), fn_of('renorm')),
               ('maxnorm', (T(3, 4), 2, 0, -1.0), fn_of('renorm')), ('1d', (T(4), 2, 0, 1.0), fn_of('renorm')),
               ('int', (T(3, 4, dtype='int64'), 2, 0, 1.0), fn_of('renorm'))], family='reduction', inplace='renorm_'),
    op('unravel_index', ('x', (I(3, 4, high=24), (2, 3, 4)), fn_of('unravel_index')),
       ('wrap', (I(5, high=50), (2, 3)), fn_of('unravel_index')), ('0d', (I(high=4),), lam('i: L.unravel_index(i, 4)')),
       ('neg', (I(5, high=6),), lam('i: L.unravel_index(i - 7, (2, 3))')),
       errors=[('float', (T(3),), lam('i: L.unravel_index(i, (2, 3))')),
               ('negative', (I(3, high=4),), lam('i: L.unravel_index(i, (2, -3))'))], family='index', dtype_calls=0),
    *[op(n, Call('x', (Arg((3, 4), 0.2, 3.0, None, False), T(3, 4, low=0.1, high=4.0)), fn_of(n),
                 {'method': method_of(n), 'inplace': method_of(n + '_')}),
         ('bcast', (Arg((4,), 0.2, 3.0, None, False), T(3, 1, low=0.1, high=4.0)), fn_of(n)),
         ('edges', (Arg((5,), 0.0, 0.0, None, False), T(5, low=0.0, high=2.0)), lam(f'a, x: L.{n}(a + L.arange(5.0) - 2, x)')),
         errors=[('int', (T(3, dtype='int64'), T(3, dtype='int64')), fn_of(n)),
                 ('number', (T(3),), lam(f'a: L.{n}(a, 2.0)')),
                 ('grad_a', (T(3, low=0.5), T(3, low=0.5)), lam(f'a, x: L.{n}(a, x).sum().backward()'))],
         family='elementwise', inplace=n + '_')
      for n in ('igamma', 'igammac')],

    op('linalg.solve_triangular', Call('x', (T(3, 3), T(3, 2)), lam('a, b: L.linalg.solve_triangular(a + 3 * L.eye(3, dtype=a.dtype), b, upper=True)'),
                                       {'out': with_out(lam('a, b, out=None: L.linalg.solve_triangular(a + 3 * L.eye(3, dtype=a.dtype), b, upper=True, out=out)'))}),
       ('lower_unit', (T(3, 3), T(3, 2)), lam('a, b: L.linalg.solve_triangular(a, b, upper=False, unitriangular=True)')),
       ('right', (T(3, 3), T(2, 3)), lam('a, b: L.linalg.solve_triangular(a + 3 * L.eye(3, dtype=a.dtype), b, upper=False, left=False)')),
       ('bcast', (T(2, 1, 3, 3), T(4, 3, 2)), lam('a, b: L.linalg.solve_triangular(a, b, upper=True, unitriangular=True)')),
       ('singular', (T(3, 3), T(3, 2)), lam('a, b: L.linalg.solve_triangular(a.detach().triu(1), b.detach(), upper=True)')),
       errors=[('square', (T(3, 4), T(3, 2)), lam('a, b: L.linalg.solve_triangular(a, b, upper=True)')),
               ('1d', (T(3, 3), T(3)), lam('a, b: L.linalg.solve_triangular(a, b, upper=True)')),
               ('shapes', (T(3, 3), T(4, 2)), lam('a, b: L.linalg.solve_triangular(a, b, upper=True)')),
               ('shapes_right', (T(3, 3), T(3, 2)), lam('a, b: L.linalg.solve_triangular(a, b, upper=True, left=False)')),
               ('int', (T(3, 3, dtype='int64'), T(3, 2, dtype='int64')), lam('a, b: L.linalg.solve_triangular(a, b, upper=True)'))],
       family='linalg'),
    op('triangular_solve', Call('x', (T(3, 2), T(3, 3)), lam('b, a: L.triangular_solve(b, a + 3 * L.eye(3, dtype=a.dtype))'),
                                {'method': lam('b, a: b.triangular_solve(a + 3 * L.eye(3, dtype=a.dtype))')}),
       ('lower_t', (T(3, 2), T(3, 3)), lam('b, a: L.triangular_solve(b, a + 3 * L.eye(3, dtype=a.dtype), False, True)')),
       ('unit', (T(2, 3, 2), T(3, 3)), lam('b, a: L.triangular_solve(b, a, True, True, True)')),
       ('clone', (T(3, 2), T(3, 3)), lam('b, a: L.triangular_solve(b, a + 3 * L.eye(3, dtype=a.dtype)).cloned_coefficient')),
       errors=[('1d', (T(3), T(3, 3)), fn_of('triangular_solve')), ('dtype', (T(3, 2, dtype='float32'), T(3, 3)), fn_of('triangular_solve')),
               ('square', (T(3, 2), T(3, 4)), fn_of('triangular_solve')), ('sizes', (T(4, 2), T(3, 3)), fn_of('triangular_solve'))],
       family='linalg'),

    op('cholesky_solve', Call('x', (T(3, 2), T(3, 3)), lam('b, l: L.cholesky_solve(b, l + 3 * L.eye(3, dtype=l.dtype))'),
                              {'method': lam('b, l: b.cholesky_solve(l + 3 * L.eye(3, dtype=l.dtype))')}),
       ('upper', (T(2, 3, 2), T(3, 3)), lam('b, l: L.cholesky_solve(b, l + 3 * L.eye(3, dtype=l.dtype), True)')),
       ('bcast', (T(3, 2), T(2, 3, 3)), lam('b, l: L.cholesky_solve(b, l + 3 * L.eye(3, dtype=l.dtype), upper=False)')),
       errors=[('1d', (T(3), T(3, 3)), fn_of('cholesky_solve')), ('dtype', (T(3, 2, dtype='float32'), T(3, 3)), fn_of('cholesky_solve')),
               ('square', (T(3, 2), T(3, 4)), fn_of('cholesky_solve')), ('sizes', (T(4, 2), T(3, 3)), fn_of('cholesky_solve')),
               ('int', (T(3, 2, dtype='int64'), T(3, 3, dtype='int64')), fn_of('cholesky_solve'))],
       family='linalg'),
    op('cholesky_inverse', Call('x', (T(3, 3),), lam('l: L.cholesky_inverse(l + 3 * L.eye(3, dtype=l.dtype))'),
                                {'method': lam('l: (l + 3 * L.eye(3, dtype=l.dtype)).cholesky_inverse()')}),
       ('upper', (T(2, 3, 3),), lam('l: L.cholesky_inverse(l + 3 * L.eye(3, dtype=l.dtype), upper=True)')),
       errors=[('1d', (T(3),), fn_of('cholesky_inverse')), ('square', (T(3, 4),), fn_of('cholesky_inverse')),
               ('int', (T(3, 3, dtype='int64'),), fn_of('cholesky_inverse'))],
       family='linalg'),

    op('matrix_exp', Call('x', (T(3, 3),), fn_of('matrix_exp'), {'method': method_of('matrix_exp'),
                                                                  'linalg': lam('a: L.linalg.matrix_exp(a)')}),
       ('batch', (T(2, 3, 3, low=-3, high=3),), lam('a: L.linalg.matrix_exp(a)')), ('1x1', (T(1, 1),), fn_of('matrix_exp')),
       ('empty', (T(2, 0, 0),), fn_of('matrix_exp')), ('small', (T(4, 4, low=-0.01, high=0.01),), fn_of('matrix_exp')),
       errors=[('1d', (T(3),), fn_of('matrix_exp')), ('square', (T(3, 4),), lam('a: L.linalg.matrix_exp(a)')),
               ('int', (T(3, 3, dtype='int64'),), fn_of('matrix_exp'))],
       family='linalg', also=('linalg.matrix_exp',)),

    op('gradient', ('x', (T(3, 4),), fn_of('gradient')), ('edge2', (T(5, 3),), lam('x: L.gradient(x, edge_order=2)')),
       ('spacing', (T(3, 4),), lam('x: L.gradient(x, spacing=2.0, dim=1)')),
       ('per_dim', (T(3, 4),), lam('x: L.gradient(x, spacing=[0.5, 2.0], dim=(1, 0), edge_order=2)')),
       ('coords', (T(5, 2), T(5, low=0.1, high=1.0)), lam('x, h: L.gradient(x, spacing=(h.cumsum(0),), dim=0)')),
       ('coords2', (T(2, 5), T(5, low=0.1, high=1.0)), lam('x, h: L.gradient(x, spacing=[h.cumsum(0)], dim=-1, edge_order=2)')),
       ('int', (T(4, dtype='int64'),), fn_of('gradient')), ('0d', (T(),), fn_of('gradient')),
       errors=[('short', (T(1),), fn_of('gradient')), ('short2', (T(2),), lam('x: L.gradient(x, edge_order=2)')),
               ('edge_order', (T(4),), lam('x: L.gradient(x, edge_order=3)')),
               ('spacing_len', (T(3, 4),), lam('x: L.gradient(x, spacing=[1.0, 2.0, 3.0])')),
               ('spacing_dim', (T(3, 4),), lam('x: L.gradient(x, spacing=[1.0, 2.0], dim=1)')),
               ('dim', (T(3, 4),), lam('x: L.gradient(x, dim=2)'))], family='elementwise'),

    op('index_reduce', Call('x', (T(5, 3), I(4, high=5), T(4, 3)), lam('x, i, s: L.index_reduce(x, 0, i, s, "prod")'),
                            {'method': lam('x, i, s: x.index_reduce(0, i, s, "prod")'),
                             'inplace': lam('x, i, s: x.index_reduce_(0, i, s, "prod")')}),
       *[(f'{r}_{inc}', (T(3, 5), I(4, high=5), T(3, 4)), lam(f'x, i, s: x.index_reduce(1, i, s, "{r}", include_self={inc})'))
         for r in ('mean', 'amax', 'amin', 'prod') for inc in (True, False)],
       ('ties', (T(4, 3, low=-1, high=1, dtype='int64'), T(4, 3, low=-1, high=1, dtype='int64')),
        lam('x, s: x.double().index_reduce(0, L.tensor([1, 1, 3, 1]), s.double(), "amax")')),
       ('int_mean', (T(4, 3, dtype='int64'), I(2, high=4), T(2, 3, dtype='int64')), lam('x, i, s: x.index_reduce(0, i, s, "mean")')),
       errors=[('neg', (T(5, 3), T(4, 3)), lam('x, s: x.index_reduce(0, L.tensor([-1, 0, 1, -1]), s, "mean")')),
               ('sum', (T(5, 3), I(4, high=5), T(4, 3)), lam('x, i, s: x.index_reduce(0, i, s, "sum")')),
               ('float_index', (T(5, 3), T(4), T(4, 3)), lam('x, i, s: x.index_reduce(0, i, s, "prod")')),
               ('count', (T(5, 3), I(3, high=5), T(4, 3)), lam('x, i, s: x.index_reduce(0, i, s, "prod")')),
               ('range', (T(5, 3), T(4, 3)), lam('x, s: x.index_reduce(0, L.tensor([0, 9, 1, 1]), s, "prod")')),
               ('dtype', (T(5, 3), I(4, high=5), T(4, 3, dtype='float32')), lam('x, i, s: x.index_reduce(0, i, s, "prod")')),
               ('matrix', (T(5, 3), I(2, 2, high=5), T(4, 3)), lam('x, i, s: x.index_reduce(0, i, s, "prod")')),
               ('shape', (T(5, 3), I(4, high=5), T(4, 2)), lam('x, i, s: x.index_reduce(0, i, s, "prod")'))],
       family='index', inplace='index_reduce_'),

    op('histogram', Call('x', (T(3, 4),), lam('x: L.histogram(x, 5)'), {'method': lam('x: x.histogram(5)')}),
       ('range', (T(10),), lam('x: L.histogram(x, 4, range=(-1.0, 1.0), density=True)')),
       ('edges', (T(10), W(10)), lam('x, w: L.histogram(x, L.tensor([-2.0, -0.5, 0.0, 2.0], dtype=x.dtype), weight=w)')),
       ('empty', (T(0),), lam('x: L.histogram(x, 3)')),
       errors=[('int', (T(4, dtype='int64'),), lam('x: L.histogram(x, 3)')), ('bins', (T(4),), lam('x: L.histogram(x, 0)')),
               ('range', (T(4),), lam('x: L.histogram(x, 3, range=(2.0, 1.0))')),
               ('weight', (T(4), W(3)), lam('x, w: L.histogram(x, 3, weight=w)')),
               ('inf', (T(4),), lam('x: L.histogram(x / 0, 3)'))], family='reduction', dtype_calls=0),
    op('histogramdd', ('x', (T(6, 2),), lam('x: L.histogramdd(x, [3, 2])')),
       ('range', (T(2, 5, 3), W(2, 5)), lam('x, w: L.histogramdd(x, 2, range=[-1.0, 1.0, -2.0, 2.0, 0.0, 1.0], weight=w, density=True)')),
       ('edges', (T(6, 2),), lam('x: L.histogramdd(x, [L.tensor([-2.0, 0.0, 2.0], dtype=x.dtype), L.tensor([-1.0, 1.0], dtype=x.dtype)])')),
       errors=[('1d', (T(4),), lam('x: L.histogramdd(x, 2)')), ('bins', (T(4, 2),), lam('x: L.histogramdd(x, [2])')),
               ('weight', (T(4, 2), W(3)), lam('x, w: L.histogramdd(x, 2, weight=w)'))], family='reduction', dtype_calls=0),

    op('as_strided', Call('x', (T(3, 3),), lam('x: L.as_strided(x, (2, 2), (1, 2))'), {'method': lam('x: x.as_strided((2, 2), (1, 2))'),
                                                                                     'inplace': lam('x: x.as_strided_((2, 2), (1, 2))')}),
       ('overlap', (T(6),), lam('x: x.as_strided((3, 2), (1, 1))')), ('offset', (T(3, 4),), lam('x: x.as_strided((2, 3), (4, 1), 5)')),
       ('of_view', (T(4, 3),), lam('x: (x * 1)[1:].as_strided((2,), (2,))')), ('expand', (T(),), lam('x: (x * 1).as_strided((2, 2), (0, 0))')),
       ('empty', (T(3),), lam('x: x.as_strided((0, 2), (1, 1))')),
       errors=[('bounds', (T(3, 3),), lam('x: x.as_strided((3, 3), (3, 1), 1)')), ('lengths', (T(3, 3),), lam('x: x.as_strided((2,), (1, 1))')),
               ('negative', (T(3, 3),), lam('x: x.as_strided((2,), (-1,))')), ('offset', (T(3, 3),), lam('x: x.as_strided((2,), (1,), -1)')),
               ('bounds_inplace', (T(3, 3),), lam('x: (x * 1).as_strided_((3, 3), (3, 1), 1)'))],
       family='shape', layouts=(), inplace='as_strided_'),
    op('resize_', ('shrink', (T(3, 4),), lam('x: x.detach().clone().resize_(2, 3)')),
       ('of_view', (T(3, 4),), lam('x: x.detach().clone()[1:].resize_(2, 2)')),
       ('transposed', (T(3, 4),), lam('x: x.detach().clone().t().resize_(12)')),
       ('grow', (T(3, 4),), lam('x: x.detach().clone().resize_(4, 5).flatten()[:12]')),
       ('size', (T(3, 4),), lam('x: x.detach().clone().resize_(L.Size([2, 6]))')),
       errors=[('requires_grad', (T(3, 4),), lam('x: x.resize_(2)')), ('negative', (T(3, 4),), lam('x: x.detach().resize_(-1)'))],
       family='shape', layouts=()),
    op('resize_as_', ('x', (T(3, 4), T(2, 2)), lam('x, y: x.detach().clone().resize_as_(y)')),
       errors=[('requires_grad', (T(3, 4), T(2)), lam('x, y: x.resize_as_(y)'))], family='shape', layouts=()),
    op('apply_', ('x', (T(3, 4),), lam('x: x.detach().clone().apply_(lambda v: v * 2 + 1)')),
       ('int', (I(3, 4, high=5),), lam('x: x.clone().apply_(lambda v: v / 2)')),
       ('wraps', (I(3, 4, high=5),), lam('x: x.clone().apply_(lambda v: v - 300)')),
       ('expanded', (T(3),), lam('x: x.detach().clone().expand(2, 3).apply_(lambda v: v + 1)')),   # (twice a place)
       errors=[('requires_grad', (T(3, 4),), lam('x: x.apply_(lambda v: v)')),
               ('str', (T(3),), lam('x: x.detach().clone().apply_(lambda v: "a")')),
               ('beyond_int64', (I(3, high=5),), lam('x: x.clone().apply_(lambda v: 2 ** 70)'))], family='fill', layouts=()),
    op('map_', ('x', (T(3, 4), T(4)), lam('x, y: x.detach().clone().map_(y.detach(), lambda a, b: a - b)')),
       ('overlap', (T(5),), lam('x: [x := x.detach().clone(), x[1:].map_(x[:-1], lambda a, b: a + b)][0]')),
       errors=[('requires_grad', (T(3), T(3)), lam('x, y: x.detach().map_(y, lambda a, b: a)')),
               ('dtype', (T(3),), lam('x: x.detach().map_(L.ones(3, dtype=L.int64), lambda a, b: a)')),
               ('shape', (T(3),), lam('x: x.detach().map_(L.ones(2, dtype=x.dtype), lambda a, b: a)'))],
       family='fill', layouts=()),
    op('map2_', ('x', (T(3, 4), T(4), T(3, 1)), lam('x, y, z: x.detach().clone().map2_(y.detach(), z.detach(), lambda a, b, c: a * b + c)')),
       errors=[('dtype', (T(3),), lam('x: x.detach().map2_(x.detach(), L.ones(3, dtype=L.int64), lambda a, b, c: a)'))],
       family='fill', layouts=()),

    op('svd_lowrank', ('x', (T(6, 2), T(2, 4)), lam('a, b: L.svd_lowrank(a @ b, q=3)')),
       ('wide', (T(2, 3), T(3, 7)), lam('a, b: L.svd_lowrank(a @ b, q=4, niter=1)')),
       ('M', (T(5, 4),), lam('a: L.svd_lowrank(a, q=2, M=a.mean(0, keepdim=True))')),
       family='linalg', random=True, dtype_calls=0),
    op('pca_lowrank', ('x', (T(6, 4),), fn_of('pca_lowrank')), ('q', (T(2, 5, 4),), lam('a: L.pca_lowrank(a, q=2, center=False)')),
       errors=[('q', (T(6, 4),), lam('a: L.pca_lowrank(a, q=5)')), ('niter', (T(6, 4),), lam('a: L.pca_lowrank(a, niter=-1)'))],
       family='linalg', random=True, dtype_calls=0),

    op('linalg.vecdot', ('x', (T(3, 4), T(3, 4)), lam('x, y: L.linalg.vecdot(x, y)')),
       ('bcast', (T(3, 4), T(4)), lam('x, y: L.linalg.vecdot(x, y, dim=1)')), ('dim0', (T(3, 4), T(3, 4)), lam('x, y: L.linalg.vecdot(x, y, dim=0)')),
       errors=[('shape', (T(3, 4), T(3, 5)), lam('x, y: L.linalg.vecdot(x, y)')),
               ('dtype', (T(3, 4), T(3, 4, dtype='float32')), lam('x, y: L.linalg.vecdot(x, y)')),
               ('int', (T(3, dtype='int64'), T(3, dtype='int64')), lam('x, y: L.linalg.vecdot(x, y)'))], family='reduction'),
    op('linalg.vander', ('x', (T(3),), lam('x: L.linalg.vander(x)')), ('N', (T(2, 3),), lam('x: L.linalg.vander(x, N=5)')),
       ('int', (T(3, dtype='int64'),), lam('x: L.linalg.vander(x, N=4)')),
       errors=[('0d', (T(),), lam('x: L.linalg.vander(x)')), ('N', (T(3),), lam('x: L.linalg.vander(x, N=1)'))], family='reduction'),
    op('linalg.diagonal', ('x', (T(3, 4),), lam('x: L.linalg.diagonal(x)')),
       ('dims', (T(2, 3, 4),), lam('x: L.linalg.diagonal(x, offset=1, dim1=0, dim2=2)')),
       errors=[('same', (T(3, 4),), lam('x: L.linalg.diagonal(x, dim1=1, dim2=-1)'))]),

    op('linalg.tensorinv', ('x', (T(4, 6, 8, 3),), lam('a: L.linalg.tensorinv(a, ind=2)')),
       ('ind1', (T(6, 2, 3),), lam('a: L.linalg.tensorinv(a, ind=1)')),
       errors=[('ind', (T(4, 6, 8, 3),), lam('a: L.linalg.tensorinv(a, ind=0)')),
               ('sizes', (T(4, 6, 8, 2),), lam('a: L.linalg.tensorinv(a, ind=2)'))], family='linalg',
       layouts=FULL_RANK_LAYOUTS,
       # a random 24 x 24 matrix is ill-conditioned: its inverse has entries near 3e4, and the second derivative,
       # products of three inverses, keeps about 1e-10 of them through another order of summation
       tol64=dict(rtol=1e-8, atol=1e-8)),
    op('linalg.tensorsolve', ('x', (T(2, 3, 6), T(2, 3)), lam('a, b: L.linalg.tensorsolve(a, b)')),
       ('dims', (T(6, 2, 3), T(2, 3)), lam('a, b: L.linalg.tensorsolve(a, b, dims=(0,))')),
       errors=[('sizes', (T(2, 3, 5), T(2, 3)), lam('a, b: L.linalg.tensorsolve(a, b)'))], family='linalg'),

    # -- nn layers: convolution (Conv1d, ConvTranspose1d/2d, padding modes) ---
    op(F + 'conv1d', ('x', (T(2, 3, 7), T(4, 3, 3), T(4)), fn_of(F + 'conv1d')),
       ('strided', (T(2, 4, 9), T(6, 2, 3), T(6)), fn_of(F + 'conv1d', dict(stride=2, padding=2, groups=2, dilation=2))),
       ('same', (T(1, 3, 6), T(2, 3, 4)), fn_of(F + 'conv1d', dict(padding='same'))),
       ('unbatched', (T(3, 7), T(4, 3, 3)), fn_of(F + 'conv1d', dict(padding='valid'))),
       errors=[('channels', (T(1, 2, 5), T(4, 3, 3)), fn_of(F + 'conv1d')),
               ('too_big', (T(1, 3, 2), T(4, 3, 3)), fn_of(F + 'conv1d')),
               ('stride', (T(1, 3, 5), T(4, 3, 3)), fn_of(F + 'conv1d', dict(stride=(1, 2))))], family='conv'),
    op(F + 'conv_transpose1d', ('x', (T(2, 3, 5), T(3, 4, 3), T(4)), fn_of(F + 'conv_transpose1d')),
       ('strided', (T(2, 4, 5), T(4, 3, 3), T(6)),
        fn_of(F + 'conv_transpose1d', dict(stride=2, padding=1, output_padding=1, groups=2, dilation=2))),
       ('unbatched', (T(3, 5), T(3, 2, 2)), fn_of(F + 'conv_transpose1d', dict(dilation=2, output_padding=1))),
       errors=[('channels', (T(1, 2, 5), T(3, 4, 3)), fn_of(F + 'conv_transpose1d')),
               ('output_padding', (T(1, 3, 5), T(3, 4, 3)), fn_of(F + 'conv_transpose1d', dict(output_padding=1))),
               ('too_small', (T(1, 3, 1), T(3, 4, 2)), fn_of(F + 'conv_transpose1d', dict(padding=3)))],
       family='conv'),
    op(F + 'conv_transpose2d', ('x', (T(2, 3, 4, 5), T(3, 4, 3, 2), T(4)), fn_of(F + 'conv_transpose2d')),
       ('strided', (T(2, 4, 4, 5), T(4, 1, 3, 3), T(2)), fn_of(F + 'conv_transpose2d', dict(
           stride=(2, 3), padding=(1, 2), output_padding=(1, 2), groups=2, dilation=(2, 1)))),
       ('unbatched', (T(4, 3, 3), T(4, 2, 2, 2)), fn_of(F + 'conv_transpose2d', dict(stride=2))),
       errors=[('bias', (T(1, 3, 4, 4), T(3, 4, 3, 3), T(3)), fn_of(F + 'conv_transpose2d')),
               ('groups', (T(1, 3, 4, 4), T(3, 2, 2, 2)), fn_of(F + 'conv_transpose2d', dict(groups=2)))],
       family='conv'),
    op(F + 'conv3d', ('x', (T(2, 3, 4, 5, 4), T(4, 3, 2, 3, 2), T(4)), fn_of(F + 'conv3d')),
       ('strided', (T(2, 4, 5, 6, 5), T(6, 2, 2, 3, 2), T(6)), fn_of(F + 'conv3d', dict(
           stride=(1, 2, 1), padding=(1, 0, 2), dilation=(2, 1, 1), groups=2))),
       ('same', (T(1, 2, 4, 3, 5), T(2, 2, 2, 3, 2)), fn_of(F + 'conv3d', dict(padding='same'))),
       ('unbatched', (T(3, 4, 4, 4), T(2, 3, 2, 2, 2)), fn_of(F + 'conv3d', dict(stride=2))),
       errors=[('channels', (T(1, 2, 4, 4, 4), T(4, 3, 2, 2, 2)), fn_of(F + 'conv3d')),
               ('too_big', (T(1, 3, 2, 4, 4), T(4, 3, 3, 2, 2)), fn_of(F + 'conv3d')),
               ('stride', (T(1, 3, 4, 4, 4), T(4, 3, 2, 2, 2)), fn_of(F + 'conv3d', dict(stride=(1, 2))))],
       family='conv'),
    op(F + 'conv_transpose3d', ('x', (T(2, 3, 3, 4, 3), T(3, 4, 2, 3, 2), T(4)), fn_of(F + 'conv_transpose3d')),
       ('strided', (T(2, 4, 3, 4, 3), T(4, 3, 3, 2, 2), T(6)), fn_of(F + 'conv_transpose3d', dict(
           stride=(2, 1, 2), padding=(1, 0, 1), output_padding=(1, 0, 1), groups=2, dilation=(1, 2, 1)))),
       ('unbatched', (T(4, 3, 3, 2), T(4, 2, 2, 2, 2)), fn_of(F + 'conv_transpose3d', dict(stride=2))),
       errors=[('channels', (T(1, 2, 3, 3, 3), T(3, 4, 2, 2, 2)), fn_of(F + 'conv_transpose3d')),
               ('output_padding', (T(1, 3, 3, 3, 3), T(3, 4, 2, 2, 2)),
                fn_of(F + 'conv_transpose3d', dict(output_padding=1))),
               ('too_small', (T(1, 3, 1, 1, 1), T(3, 4, 2, 2, 2)), fn_of(F + 'conv_transpose3d', dict(padding=3)))],
       family='conv'),
    # torch.conv1d, ... : the same functions as F.conv1d, ...
    op('conv1d', ('x', (T(2, 3, 7), T(4, 3, 3), T(4)), fn_of('conv1d', dict(padding=1))), family='conv'),
    op('conv2d', ('x', (T(2, 3, 5, 5), T(4, 3, 3, 3), T(4)), fn_of('conv2d', dict(stride=2))), family='conv'),
    op('conv_transpose1d', ('x', (T(2, 3, 5), T(3, 4, 3), T(4)), fn_of('conv_transpose1d', dict(stride=2))),
       family='conv'),
    op('conv_transpose2d', ('x', (T(2, 3, 4, 5), T(3, 4, 3, 2)), fn_of('conv_transpose2d', dict(padding=1))),
       family='conv'),
    op('conv3d', ('x', (T(2, 3, 4, 4, 5), T(4, 3, 2, 2, 3), T(4)), fn_of('conv3d', dict(stride=2))), family='conv'),
    op('conv_transpose3d', ('x', (T(2, 3, 3, 2, 3), T(3, 4, 2, 2, 2)), fn_of('conv_transpose3d', dict(padding=1))),
       family='conv'),
    op(F + 'unfold', ('x', (T(2, 3, 5, 6), (2, 3)), fn_of(F + 'unfold', dict(dilation=(1, 2), padding=1, stride=(2, 1)))),
       ('unbatched', (T(3, 4, 4), 2), fn_of(F + 'unfold')), ('empty', (T(0, 2, 3, 3), 2), fn_of(F + 'unfold')),
       errors=[('too_big', (T(1, 3, 2, 2), 3), fn_of(F + 'unfold')),
               ('stride', (T(1, 3, 5, 5), 2), fn_of(F + 'unfold', dict(stride=0))),
               ('dims', (T(1, 1, 5, 6, 2), 2), fn_of(F + 'unfold'))], family='conv'),
    op(F + 'fold', ('x', (T(2, 12, 30), (5, 6), 2), fn_of(F + 'fold', dict(padding=(1, 0)))),
       ('strided', (T(1, 8, 6), (5, 7), (2, 2)), fn_of(F + 'fold', dict(stride=(2, 3), dilation=(1, 2)))),
       ('unbatched', (T(4, 9), 4, 2), fn_of(F + 'fold')),
       errors=[('blocks', (T(1, 12, 19), (5, 6), 2), fn_of(F + 'fold')),
               ('channels', (T(1, 13, 30), (5, 6), 2), fn_of(F + 'fold', dict(padding=(1, 0))))], family='conv'),

    # -- nn layers: pooling and interpolation ---
    op(F + 'adaptive_avg_pool2d', ('x', (T(2, 3, 7, 9), (3, 4)), fn_of(F + 'adaptive_avg_pool2d')),
       ('up', (T(1, 2, 3, 5), (5, 7)), fn_of(F + 'adaptive_avg_pool2d')),
       ('one', (T(2, 3, 4, 5), 1), fn_of(F + 'adaptive_avg_pool2d')),
       ('none_3d', (T(3, 5, 6), (None, 4)), fn_of(F + 'adaptive_avg_pool2d')),
       ('empty_batch', (T(0, 2, 4, 5), 2), fn_of(F + 'adaptive_avg_pool2d')),
       errors=[('5d', (T(1, 2, 3, 4, 5), 2), fn_of(F + 'adaptive_avg_pool2d')),
               ('empty', (T(2, 0, 5), 2), fn_of(F + 'adaptive_avg_pool2d')),
               ('negative', (T(2, 3, 4, 5), (-1, 2)), fn_of(F + 'adaptive_avg_pool2d')),
               ('three', (T(2, 3, 4, 5), (1, 2, 3)), fn_of(F + 'adaptive_avg_pool2d'))], family='conv'),
    op(F + 'adaptive_avg_pool1d', ('x', (T(2, 3, 9), 4), fn_of(F + 'adaptive_avg_pool1d')),
       ('2d_up', (T(3, 4), (6,)), fn_of(F + 'adaptive_avg_pool1d')),
       errors=[('4d', (T(1, 2, 3, 4), 2), fn_of(F + 'adaptive_avg_pool1d')),
               ('pair', (T(3, 4), (2, 2)), fn_of(F + 'adaptive_avg_pool1d')),
               ('empty', (T(3, 0), 2), fn_of(F + 'adaptive_avg_pool1d'))], family='conv'),
    op(F + 'adaptive_max_pool2d', ('x', (T(2, 3, 7, 9), (3, 4)), fn_of(F + 'adaptive_max_pool2d')),
       ('indices', (T(1, 2, 3, 5), (5, 7), True), fn_of(F + 'adaptive_max_pool2d')),
       ('none_3d', (T(3, 5, 6), (4, None)), fn_of(F + 'adaptive_max_pool2d')),
       errors=[('2d', (T(4, 5), 2), fn_of(F + 'adaptive_max_pool2d')),
               ('empty', (T(2, 3, 0, 5), 2), fn_of(F + 'adaptive_max_pool2d'))], family='conv'),
    op(F + 'adaptive_max_pool1d', ('x', (T(2, 3, 9), 4), fn_of(F + 'adaptive_max_pool1d')),
       ('indices', (T(3, 4), 6, True), fn_of(F + 'adaptive_max_pool1d')),
       errors=[('1d', (T(4), 2), fn_of(F + 'adaptive_max_pool1d')),
               ('empty', (T(3, 0), 2), fn_of(F + 'adaptive_max_pool1d'))], family='conv'),

    op(F + 'max_pool1d', ('x', (T(2, 3, 9), 3), fn_of(F + 'max_pool1d', dict(stride=2, padding=1, dilation=2))),
       ('2d_ceil', (T(3, 8), 3), fn_of(F + 'max_pool1d', dict(ceil_mode=True))),
       ('indices', (T(2, 3, 9), 2), fn_of(F + 'max_pool1d', dict(return_indices=True))),
       errors=[('4d', (T(1, 2, 3, 4), 2), fn_of(F + 'max_pool1d')),
               ('too_big', (T(2, 3, 4), 5), fn_of(F + 'max_pool1d')),
               ('pad', (T(2, 3, 9), 2), fn_of(F + 'max_pool1d', dict(padding=2))),
               ('pair', (T(2, 3, 9), (2, 2)), fn_of(F + 'max_pool1d'))], family='conv'),
    op(F + 'avg_pool1d', ('x', (T(2, 3, 9), 3), fn_of(F + 'avg_pool1d', dict(stride=2, padding=1))),
       ('2d_ceil', (T(3, 8), 3), fn_of(F + 'avg_pool1d', dict(ceil_mode=True, count_include_pad=False))),
       errors=[('4d', (T(1, 2, 3, 4), 2), fn_of(F + 'avg_pool1d')),
               ('too_big', (T(2, 3, 4), 5), fn_of(F + 'avg_pool1d')),
               ('pair', (T(2, 3, 9), (2, 2)), fn_of(F + 'avg_pool1d'))], family='conv'),
    op(F + 'lp_pool1d', ('x', (T(2, 3, 9, low=0.1), 2, 3), fn_of(F + 'lp_pool1d')),
       ('p1_5', (T(3, 8, low=0.1), 1.5, 2, 1), fn_of(F + 'lp_pool1d')),
       ('inf', (T(2, 3, 9), float('inf'), 3), fn_of(F + 'lp_pool1d')), family='conv'),
    op(F + 'lp_pool2d', ('x', (T(2, 3, 6, 6, low=0.1), 2, 2), fn_of(F + 'lp_pool2d')),
       ('p3_ceil', (T(1, 2, 5, 7, low=0.1), 3, (2, 3), 1, True), fn_of(F + 'lp_pool2d')),
       ('neg_inf', (T(2, 5, 5), -float('inf'), 2), fn_of(F + 'lp_pool2d')), family='conv'),
    op(F + 'max_unpool2d', ('x', (T(2, 3, 6, 6),), unpooled(2, F + 'max_pool2d', F + 'max_unpool2d')),
       ('3d_output_size', (T(3, 7, 5),), unpooled(2, F + 'max_pool2d', F + 'max_unpool2d', output_size=(7, 5))),
       errors=[('bad_index', (T(1, 2, 2, 2), Arg((1, 2, 2, 2), 30, 30, 'int64', False), 2), fn_of(F + 'max_unpool2d')),
               ('indices_shape', (T(1, 2, 2, 2), I(1, 2, 2, 1, high=4), 2), fn_of(F + 'max_unpool2d')),
               ('indices_dtype', (T(1, 2, 2, 2), T(1, 2, 2, 2), 2), fn_of(F + 'max_unpool2d')),
               ('output_size', (T(1, 2, 2, 2), I(1, 2, 2, 2, high=4), 2), fn_of(F + 'max_unpool2d',
                                                                               dict(output_size=(9, 9))))],
       family='conv'),
    op(F + 'max_unpool1d', ('x', (T(2, 3, 8),), unpooled(2, F + 'max_pool1d', F + 'max_unpool1d')),
       ('2d_stride', (T(3, 9),), unpooled(3, F + 'max_pool1d', F + 'max_unpool1d', stride=2, padding=1)),
       errors=[('bad_index', (T(2, 3), Arg((2, 3), 9, 9, 'int64', False), 2), fn_of(F + 'max_unpool1d'))],
       family='conv'),

    op(F + 'max_pool3d', ('x', (T(2, 3, 4, 5, 6), 2), fn_of(F + 'max_pool3d')),
       ('args', (T(1, 2, 5, 6, 7), (2, 3, 2)), fn_of(F + 'max_pool3d', dict(stride=(1, 2, 1), padding=(1, 1, 0),
                                                                          dilation=(2, 1, 1), ceil_mode=True))),
       ('4d_indices', (T(3, 5, 6, 7), 3, 2, 1), fn_of(F + 'max_pool3d', dict(return_indices=True))),
       errors=[('3d', (T(3, 4, 5), 2), fn_of(F + 'max_pool3d')),
               ('too_big', (T(2, 3, 4, 5, 6), 5), fn_of(F + 'max_pool3d')),
               ('pair', (T(2, 3, 4, 5, 6), (2, 2)), fn_of(F + 'max_pool3d')),
               ('empty', (T(2, 0, 4, 5, 6), 2), fn_of(F + 'max_pool3d'))], family='conv'),
    op(F + 'avg_pool3d', ('x', (T(2, 3, 4, 5, 6), 2), fn_of(F + 'avg_pool3d')),
       ('args', (T(1, 2, 5, 6, 7), (2, 3, 2)), fn_of(F + 'avg_pool3d', dict(stride=(1, 2, 1), padding=(1, 1, 0),
                                                                          ceil_mode=True, count_include_pad=False))),
       ('4d_divisor', (T(3, 5, 6, 7), 3, 2, 1), fn_of(F + 'avg_pool3d', dict(divisor_override=5))),
       errors=[('3d', (T(3, 4, 5), 2), fn_of(F + 'avg_pool3d')),
               ('too_big', (T(2, 3, 4, 5, 6), 5), fn_of(F + 'avg_pool3d')),
               ('pair', (T(2, 3, 4, 5, 6), (2, 2)), fn_of(F + 'avg_pool3d')),
               ('divisor_zero', (T(2, 3, 4, 5, 6), 2), fn_of(F + 'avg_pool3d', dict(divisor_override=0)))],
       family='conv'),
    op(F + 'adaptive_max_pool3d', ('x', (T(2, 3, 5, 6, 7), (2, 3, 4)), fn_of(F + 'adaptive_max_pool3d')),
       ('up_indices', (T(3, 5, 6, 7), (7, None, 9), True), fn_of(F + 'adaptive_max_pool3d')),
       errors=[('3d', (T(3, 4, 5), 2), fn_of(F + 'adaptive_max_pool3d')),
               ('empty', (T(2, 0, 4, 5, 6), 2), fn_of(F + 'adaptive_max_pool3d'))], family='conv'),
    op(F + 'lp_pool3d', ('x', (T(1, 2, 4, 4, 6, low=0.1), 2, 2), fn_of(F + 'lp_pool3d')),
       ('p3', (T(2, 4, 5, 6, low=0.1), 3, (1, 2, 3), 1, True), fn_of(F + 'lp_pool3d')), family='conv'),
    op(F + 'max_unpool3d', ('x', (T(1, 2, 4, 4, 6),), unpooled(2, F + 'max_pool3d', F + 'max_unpool3d')),
       ('4d_output_size', (T(2, 5, 4, 7),), unpooled(2, F + 'max_pool3d', F + 'max_unpool3d', output_size=(5, 4, 7))),
       errors=[('bad_index', (T(1, 2, 2, 2, 2), Arg((1, 2, 2, 2, 2), 99, 99, 'int64', False), 2),
                fn_of(F + 'max_unpool3d')),
               ('3d', (T(2, 2, 2), I(2, 2, 2, high=4), 2), fn_of(F + 'max_unpool3d'))], family='conv'),
    op(F + 'adaptive_avg_pool3d', ('x', (T(1, 2, 5, 4, 7), (2, 3, None)), fn_of(F + 'adaptive_avg_pool3d')),
       ('one_4d', (T(2, 3, 4, 5), 1), fn_of(F + 'adaptive_avg_pool3d')),
       errors=[('3d', (T(3, 4, 5), 2), fn_of(F + 'adaptive_avg_pool3d')),
               ('empty', (T(1, 0, 3, 3), 2), fn_of(F + 'adaptive_avg_pool3d')),
               ('negative', (T(1, 2, 3, 3, 3), -1), fn_of(F + 'adaptive_avg_pool3d'))], family='conv'),
    op(F + 'interpolate', ('nearest', (T(2, 3, 4, 5), (7, 3)), fn_of(F + 'interpolate')),
       ('nearest_1d_scale', (T(2, 3, 5),), fn_of(F + 'interpolate', dict(scale_factor=1.7))),
       ('nearest_3d', (T(1, 2, 2, 3, 4),), fn_of(F + 'interpolate', dict(size=(3, 5, 2)))),
       ('nearest_kept_size', (T(1, 2, 3, 5),), fn_of(F + 'interpolate', dict(scale_factor=1.3))),
       ('nearest_1d_kept_size', (T(1, 2, 3),), fn_of(F + 'interpolate', dict(scale_factor=1.3))),
       ('nearest_3d_doubled', (T(1, 1, 3, 2, 2),), fn_of(F + 'interpolate', dict(scale_factor=(2.3, 1.3, 0.7)))),
       ('bicubic_kept_size', (T(1, 2, 2, 3),), fn_of(F + 'interpolate', dict(scale_factor=1.3, mode='bicubic'))),
       ('nearest_exact', (T(2, 3, 4, 5),), fn_of(F + 'interpolate', dict(size=(7, 3), mode='nearest-exact'))),
       ('linear', (T(2, 3, 5),), fn_of(F + 'interpolate', dict(size=9, mode='linear'))),
       ('linear_corners', (T(2, 3, 5),), fn_of(F + 'interpolate', dict(scale_factor=0.6, mode='linear',
                                                                       align_corners=True))),
       ('bilinear', (T(2, 3, 4, 5),), fn_of(F + 'interpolate', dict(size=(7, 3), mode='bilinear'))),
       ('bilinear_scale', (T(1, 2, 4, 5),), fn_of(F + 'interpolate', dict(scale_factor=(2.5, 0.7), mode='bilinear'))),
       ('bilinear_recompute', (T(1, 2, 4, 5),), fn_of(F + 'interpolate', dict(scale_factor=2.5, mode='bilinear',
                                                                              recompute_scale_factor=True))),
       ('bicubic', (T(2, 3, 4, 5),), fn_of(F + 'interpolate', dict(size=(7, 3), mode='bicubic'))),
       ('bicubic_corners', (T(1, 2, 4, 5),), fn_of(F + 'interpolate', dict(size=(9, 8), mode='bicubic',
                                                                           align_corners=True))),
       ('trilinear', (T(1, 2, 2, 3, 4),), fn_of(F + 'interpolate', dict(size=(3, 5, 2), mode='trilinear'))),
       ('bilinear_antialias', (T(1, 2, 7, 9),), fn_of(F + 'interpolate', dict(size=(3, 11), mode='bilinear',
                                                                              antialias=True))),
       ('bicubic_antialias', (T(1, 2, 7, 9),), fn_of(F + 'interpolate', dict(scale_factor=0.4, mode='bicubic',
                                                                             antialias=True, align_corners=True))),
       ('lanczos', (T(1, 2, 7, 9),), fn_of(F + 'interpolate', dict(size=(4, 12), mode='lanczos', antialias=True))),
       ('area', (T(2, 3, 7, 5),), fn_of(F + 'interpolate', dict(size=(3, 2), mode='area'))),
       ('area_1d_scale', (T(2, 3, 9),), fn_of(F + 'interpolate', dict(scale_factor=0.5, mode='area'))),
       errors=[('both', (T(1, 2, 4, 5), 3, 2), fn_of(F + 'interpolate')),
               ('neither', (T(1, 2, 4, 5),), fn_of(F + 'interpolate')),
               ('size_len', (T(1, 2, 4, 5), (3, 4, 5)), fn_of(F + 'interpolate')),
               ('corners_nearest', (T(1, 2, 4, 5), 3), fn_of(F + 'interpolate', dict(align_corners=True))),
               ('linear_4d', (T(1, 2, 4, 5), 3), fn_of(F + 'interpolate', dict(mode='linear'))),
               ('bicubic_3d', (T(2, 4, 5), 3), fn_of(F + 'interpolate', dict(mode='bicubic'))),
               ('zero_size', (T(1, 2, 4, 5), (3, 0)), fn_of(F + 'interpolate', dict(mode='bilinear'))),
               ('empty', (T(1, 0, 4, 5), 3), fn_of(F + 'interpolate')),
               ('2d', (T(4, 5), 3), fn_of(F + 'interpolate'))], family='conv'),
    op(F + 'upsample', ('x', (T(1, 2, 3, 4), (5, 7), None, 'bilinear'), fn_of(F + 'upsample')), family='conv'),
    op(F + 'upsample_nearest', ('x', (T(1, 2, 3, 4), None, 2), fn_of(F + 'upsample_nearest')), family='conv'),
    op(F + 'upsample_bilinear', ('x', (T(1, 2, 3, 4), (5, 7)), fn_of(F + 'upsample_bilinear')), family='conv'),
    # -- nn layers: normalization (LayerNorm, GroupNorm, InstanceNorm, RMSNorm, LocalResponseNorm, BatchNorm flags) ---
    op(F + 'layer_norm', ('affine', (T(3, 4, 5), (5,), T(5), T(5)), fn_of(F + 'layer_norm')),
       ('plain', (T(2, 3, 4), (3, 4)), fn_of(F + 'layer_norm')),
       ('weight', (T(4, 5), [5], T(5)), fn_of(F + 'layer_norm', dict(eps=1e-3))),
       ('bias', (T(4, 5), (5,), None, T(5)), fn_of(F + 'layer_norm')),
       ('1d', (T(5), (5,), T(5), T(5)), fn_of(F + 'layer_norm')),
       ('empty', (T(0, 5), (5,), T(5), T(5)), fn_of(F + 'layer_norm')),
       errors=[('shape', (T(3, 4, 5), (4,)), fn_of(F + 'layer_norm')),
               ('weight_shape', (T(3, 4, 5), (4, 5), T(5)), fn_of(F + 'layer_norm')),
               ('bias_shape', (T(3, 4, 5), (5,), None, T(4)), fn_of(F + 'layer_norm')),
               ('no_dims', (T(3, 4, 5), ()), fn_of(F + 'layer_norm')),
               ('int_shape', (T(3, 4, 5), 5), fn_of(F + 'layer_norm')),
               ('mixed', (T(3, 5), (5,), T(5, dtype='float32')), fn_of(F + 'layer_norm'))], family='conv'),
    op(F + 'group_norm', ('affine', (T(3, 6, 2, 2), 3, T(6), T(6)), fn_of(F + 'group_norm')),
       ('plain', (T(2, 4, 3), 2), fn_of(F + 'group_norm', dict(eps=1e-3))),
       ('weight', (T(4, 6), 6, T(6)), fn_of(F + 'group_norm')),
       ('bias', (T(2, 4, 3), 4, None, T(4)), fn_of(F + 'group_norm')),
       ('empty', (T(0, 4, 2), 2, T(4), T(4)), fn_of(F + 'group_norm')),
       errors=[('groups', (T(2, 6, 3), 4), fn_of(F + 'group_norm')),
               ('weight_shape', (T(2, 6, 3), 3, T(5)), fn_of(F + 'group_norm')),
               ('1d', (T(6), 3), fn_of(F + 'group_norm')),
               ('one_value', (T(1, 2), 2), fn_of(F + 'group_norm')),
               ('mixed', (T(2, 6), 3, T(6, dtype='float32')), fn_of(F + 'group_norm'))], family='conv'),
    op(F + 'instance_norm', ('x', (T(2, 3, 4),), fn_of(F + 'instance_norm')),
       ('affine', (T(2, 3, 2, 3), T(3), T(3)), lam('x, w, b: L.nn.functional.instance_norm(x, weight=w, bias=b)')),
       ('running', (T(2, 3, 4), T(3), T(3, low=0.5), T(3)),
        lam('x, m, v, w: L.nn.functional.instance_norm(x, m.detach(), v.detach(), w, momentum=0.3)')),
       ('eval', (T(2, 3, 4), T(3), T(3, low=0.5)),
        lam('x, m, v: L.nn.functional.instance_norm(x, m.detach(), v.detach(), use_input_stats=False)')),
       errors=[('one_position', (T(2, 3, 1),), fn_of(F + 'instance_norm')),
               ('no_stats', (T(2, 3, 4),), lam('x: L.nn.functional.instance_norm(x, use_input_stats=False)')),
               ('running_size', (T(2, 3, 4), T(4), T(4, low=0.5)), fn_of(F + 'instance_norm'))], family='conv'),
    op(F + 'rms_norm', ('weight', (T(3, 4, 5), (5,), T(5)), fn_of(F + 'rms_norm')),
       ('plain', (T(2, 3, 4), (3, 4)), fn_of(F + 'rms_norm')),
       ('eps', (T(4, 5), [5], T(5)), fn_of(F + 'rms_norm', dict(eps=1e-3))),
       ('1d', (T(5), (5,)), fn_of(F + 'rms_norm')),
       ('empty', (T(0, 5), (5,), T(5)), fn_of(F + 'rms_norm')),
       errors=[('shape', (T(3, 4, 5), (4,)), fn_of(F + 'rms_norm')),
               ('weight_shape', (T(3, 4, 5), (4, 5), T(5)), fn_of(F + 'rms_norm')),
               ('too_few_dims', (T(5), (4, 5)), fn_of(F + 'rms_norm')),
               ('no_dims', (T(3, 5), ()), fn_of(F + 'rms_norm'))], family='conv'),
    op(F + 'local_response_norm', ('3d', (T(2, 5, 3), 3), fn_of(F + 'local_response_norm')),
       ('4d', (T(2, 4, 3, 2), 2), fn_of(F + 'local_response_norm', dict(alpha=0.5, beta=0.6, k=2.0))),
       ('5d', (T(1, 5, 2, 2, 2), 4), fn_of(F + 'local_response_norm', dict(alpha=0.3))),
       ('empty', (T(0, 3, 2), 2), fn_of(F + 'local_response_norm')),
       errors=[('2d', (T(3, 4), 2), fn_of(F + 'local_response_norm'))], family='conv'),

    # -- nn layers: embedding, padding, dropout, pixel shuffle, bilinear, containers ---
    op(F + 'embedding', ('x', (T(5, 3), I(2, 4, high=5)), lam('w, i: L.nn.functional.embedding(i, w)')),
       ('padding', (T(5, 3),), lam('w: L.nn.functional.embedding(L.tensor([[0, 2, 2], [4, 1, 2]]), w, 2)')),
       ('padding_neg', (T(5, 3),), lam('w: L.nn.functional.embedding(L.tensor([4, 1, 4, 0]), w, -1)')),
       ('scale_grad', (T(5, 3),), lam('w: L.nn.functional.embedding(L.tensor([[0, 2, 2], [4, 2, 0]]), w, '
                                      'scale_grad_by_freq=True)')),
       ('max_norm', (T(5, 3),), lam('w: L.nn.functional.embedding(L.tensor([3, 1, 3]), w, max_norm=1.0)')),
       ('max_norm_p1', (T(5, 3),), lam('w: L.nn.functional.embedding(L.tensor([[0, 4]]), w, max_norm=1.5, '
                                       'norm_type=1)')),
       ('0d', (T(5, 3),), lam('w: L.nn.functional.embedding(L.tensor(3), w)')),
       ('empty', (T(5, 3),), lam('w: L.nn.functional.embedding(L.zeros(0, 2, dtype=L.int64), w)')),
       ('int32', (T(5, 3), I(3, high=5)), lam('w, i: L.nn.functional.embedding(i.int(), w)')),
       errors=[('range', (T(5, 3),), lam('w: L.nn.functional.embedding(L.tensor([1, 5]), w)')),
               ('negative', (T(5, 3),), lam('w: L.nn.functional.embedding(L.tensor([-1]), w)')),
               ('float', (T(5, 3), T(2)), lam('w, i: L.nn.functional.embedding(i, w)')),
               ('bool', (T(5, 3), B(2)), lam('w, i: L.nn.functional.embedding(i, w)')),
               ('weight_1d', (T(5),), lam('w: L.nn.functional.embedding(L.tensor([1]), w)')),
               ('padding_range', (T(5, 3),), lam('w: L.nn.functional.embedding(L.tensor([1]), w, 5)'))],
       family='index'),
    op('embedding', ('x', (T(5, 3), I(2, 4, high=5)), fn_of('embedding')),
       ('padding', (T(5, 3),), lam('w: L.embedding(w, L.tensor([[0, 2, 2], [4, 1, 2]]), 2, True)')),
       ('padding_none', (T(5, 3),), lam('w: L.embedding(w, L.tensor([4, 1, 4]), -2)')),
       ('padding_past_rows', (T(5, 3),), lam('w: L.embedding(w, L.tensor([4, 1, 4]), 7)')),
       errors=[('range', (T(5, 3),), lam('w: L.embedding(w, L.tensor([1, 5]))')),
               ('float', (T(5, 3), T(2)), fn_of('embedding')),
               ('weight_1d', (T(5),), lam('w: L.embedding(w, L.tensor([1]))'))],
       family='index'),
    op(F + 'embedding_bag',
       ('mean', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2, 2, 5, 1, 3, 2]), w, L.tensor([0, 3, 3, 5]))')),
       ('sum_weights', (T(6, 3), T(7)), lam(f'w, p: {BAG}(L.tensor([0, 2, 2, 5, 1, 3, 2]), w, L.tensor([0, 3, 5]), '
                                            'mode="sum", per_sample_weights=p)')),
       ('max', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2, 2, 5, 1, 3, 2]), w, L.tensor([0, 3, 3, 5]), mode="max")')),
       ('padding', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2, 2, 5, 2, 3, 2]), w, L.tensor([0, 3, 4, 5]), '
                                   'padding_idx=2)')),
       ('max_padding', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2, 2, 5, 2, 3, 2]), w, L.tensor([0, 3, 4, 5]), '
                                       'mode="max", padding_idx=-4)')),
       ('sum_padding_weights', (T(6, 3), T(2, 3)), lam(f'w, p: {BAG}(L.tensor([[0, 2, 1], [5, 2, 2]]), w, mode="sum", '
                                                       'per_sample_weights=p, padding_idx=2)')),
       ('2d', (T(6, 3),), lam(f'w: {BAG}(L.tensor([[0, 2, 1], [5, 5, 3]]), w, mode="max")')),
       ('last_offset', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2, 2, 5, 1, 3, 2]), w, L.tensor([0, 3, 3, 7]), '
                                       'include_last_offset=True)')),
       ('max_norm', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2, 2, 5]), w, L.tensor([0, 1]), max_norm=1.0, '
                                    'mode="sum")')),
       ('scale_grad', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2, 2, 5, 1, 3, 2]), w, L.tensor([0, 3, 3, 5]), '
                                      'scale_grad_by_freq=True, mode="sum")')),
       ('int32', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2, 2, 5], dtype=L.int32), w, L.tensor([0, 2]))')),
       ('empty', (T(6, 3),), lam(f'w: {BAG}(L.zeros(0, dtype=L.int64), w, L.tensor([0, 0]), mode="max")')),
       errors=[('no_offsets', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2]), w)')),
               ('2d_offsets', (T(6, 3),), lam(f'w: {BAG}(L.tensor([[0, 2]]), w, L.tensor([0]))')),
               ('3d', (T(6, 3),), lam(f'w: {BAG}(L.tensor([[[0, 2]]]), w)')),
               ('offsets_2d', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2]), w, L.tensor([[0]]))')),
               ('mode', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2]), w, L.tensor([0]), mode="min")')),
               ('first_offset', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2]), w, L.tensor([1]))')),
               ('last_offset', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2]), w, L.tensor([0, 3]))')),
               ('weights_mean', (T(6, 3), T(2)), lam(f'w, p: {BAG}(L.tensor([0, 2]), w, L.tensor([0]), '
                                                     'per_sample_weights=p)')),
               ('weights_shape', (T(6, 3), T(3)), lam(f'w, p: {BAG}(L.tensor([0, 2]), w, L.tensor([0]), mode="sum", '
                                                      'per_sample_weights=p)')),
               ('range', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 6]), w, L.tensor([0]))')),
               ('float_indices', (T(6, 3), T(2)), lam(f'w, i: {BAG}(i, w, L.tensor([0]))')),
               ('weight_1d', (T(6),), lam(f'w: {BAG}(L.tensor([0, 2]), w, L.tensor([0]))')),
               ('padding', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2]), w, L.tensor([0]), padding_idx=-7)')),
               ('max_scale', (T(6, 3),), lam(f'w: {BAG}(L.tensor([0, 2]), w, L.tensor([0]), mode="max", '
                                             'scale_grad_by_freq=True)'))],
       family='index'),
    *[op(name, ('eval', (T(2, 3, 4),), lam(f'x: L.{name}({x}, 0.5, False)')),
         ('p0', (T(2, 3, 4),), lam(f'x: L.{name}({x}, 0.0, True)')),
         ('p1', (T(2, 3, 4),), lam(f'x: L.{name}({x}, 1.0, True)')),
         ('train', (T(2, 3, 4),), lam(f'x: L.{name}({x}, 0.4, True)')),
         errors=[('p', (T(2, 3, 4),), lam(f'x: L.{name}({x}, 1.5, True)'))], family='elementwise', random=True)
      for base in ('dropout', 'feature_dropout', 'alpha_dropout', 'feature_alpha_dropout')
      for name, x in ((base, 'x'), (base + '_', 'x * 1'))],
    *[op(F + name, ('eval', (T(*shape),), fn_of(F + name, dict(training=False))),
         ('p0', (T(*shape),), fn_of(F + name, dict(p=0.0, training=True))),
         ('p1', (T(*shape),), fn_of(F + name, dict(p=1.0, training=True))),
         ('train', (T(*shape),), fn_of(F + name, dict(p=0.4, training=True))),
         ('unbatched', (T(*shape[1:]),), fn_of(F + name, dict(training=True))),
         errors=[('p', (T(*shape),), fn_of(F + name, dict(p=1.5))), *extra], family='elementwise', random=True)
      for name, shape, extra in (
          ('dropout1d', (2, 3, 4), [('rank', (T(4),), fn_of(F + 'dropout1d'))]),
          ('dropout2d', (2, 3, 2, 2), []),
          ('dropout3d', (2, 3, 2, 1, 2), []),
          ('alpha_dropout', (3, 4), []),
          ('feature_alpha_dropout', (2, 3, 2), [('rank', (T(4),), fn_of(F + 'feature_alpha_dropout',
                                                                         dict(training=True)))]))],
    *[op(pre + 'bilinear', ('bias', (T(4, 3), T(4, 5), T(2, 3, 5), T(2)), fn_of(pre + 'bilinear')),
        ('no_bias', (T(4, 3), T(4, 5), T(2, 3, 5)), fn_of(pre + 'bilinear')),
        ('batch_dims', (T(2, 3, 3), T(2, 3, 5), T(2, 3, 5), T(2)), fn_of(pre + 'bilinear')),
        ('1d', (T(3), T(5), T(2, 3, 5), T(2)), fn_of(pre + 'bilinear')),
        ('empty', (T(0, 3), T(0, 5), T(2, 3, 5)), fn_of(pre + 'bilinear')),
        errors=[('batch', (T(4, 3), T(3, 5), T(2, 3, 5)), fn_of(pre + 'bilinear')),
                ('in1', (T(4, 2), T(4, 5), T(2, 3, 5)), fn_of(pre + 'bilinear')),
                ('in2', (T(4, 3), T(4, 4), T(2, 3, 5)), fn_of(pre + 'bilinear')),
                ('bias', (T(4, 3), T(4, 5), T(2, 3, 5), T(3)), fn_of(pre + 'bilinear')),
                ('dims', (T(4, 3), T(1, 4, 5), T(2, 3, 5)), fn_of(pre + 'bilinear')),
                ('dtype', (T(4, 3, dtype='float32'), T(4, 5), T(2, 3, 5)), fn_of(pre + 'bilinear'))],
        family='product')
      for pre in ('', F)],
    *[op(pre + 'pixel_shuffle', ('x', (T(2, 8, 3, 2),), fn_of(pre + 'pixel_shuffle', dict(upscale_factor=2))),
        ('3d', (T(9, 2, 1),), fn_of(pre + 'pixel_shuffle', dict(upscale_factor=3))),
        ('batch_dims', (T(2, 1, 4, 2, 3),), fn_of(pre + 'pixel_shuffle', dict(upscale_factor=2))),
        errors=[('channels', (T(2, 8, 3, 2),), fn_of(pre + 'pixel_shuffle', dict(upscale_factor=3))),
                ('rank', (T(4, 2),), fn_of(pre + 'pixel_shuffle', dict(upscale_factor=2))),
                ('factor', (T(2, 8, 3, 2),), fn_of(pre + 'pixel_shuffle', dict(upscale_factor=0)))])
      for pre in ('', F)],
    *[op(pre + 'pixel_unshuffle', ('x', (T(2, 2, 6, 4),), fn_of(pre + 'pixel_unshuffle', dict(downscale_factor=2))),
        ('3d', (T(1, 3, 6),), fn_of(pre + 'pixel_unshuffle', dict(downscale_factor=3))),
        ('batch_dims', (T(2, 1, 1, 4, 2),), fn_of(pre + 'pixel_unshuffle', dict(downscale_factor=2))),
        errors=[('height', (T(2, 2, 3, 4),), fn_of(pre + 'pixel_unshuffle', dict(downscale_factor=2))),
                ('width', (T(2, 2, 4, 3),), fn_of(pre + 'pixel_unshuffle', dict(downscale_factor=2))),
                ('rank', (T(4, 2),), fn_of(pre + 'pixel_unshuffle', dict(downscale_factor=2))),
                ('factor', (T(2, 2, 4, 4),), fn_of(pre + 'pixel_unshuffle', dict(downscale_factor=-1)))])
      for pre in ('', F)],
    *[op(pre + 'channel_shuffle', ('x', (T(2, 6, 3),), fn_of(pre + 'channel_shuffle', dict(groups=2))),
        ('4d', (T(1, 6, 2, 2),), fn_of(pre + 'channel_shuffle', dict(groups=3))),
        ('one_group', (T(2, 4, 3),), fn_of(pre + 'channel_shuffle', dict(groups=1))),
        errors=[('groups', (T(2, 6, 3),), fn_of(pre + 'channel_shuffle', dict(groups=4))),
                ('rank', (T(2, 4),), fn_of(pre + 'channel_shuffle', dict(groups=2))),
                ('zero', (T(2, 6, 3),), fn_of(pre + 'channel_shuffle', dict(groups=0)))])
      for pre in ('', F)],

    # -- nn layers: attention and transformer ---
    op(F + 'scaled_dot_product_attention',
       ('x', (T(2, 4, 5), T(2, 6, 5), T(2, 6, 3)), fn_of(F + 'scaled_dot_product_attention')),
       ('2d', (T(4, 5), T(6, 5), T(6, 3)), fn_of(F + 'scaled_dot_product_attention')),
       ('heads', (T(2, 3, 4, 5), T(2, 3, 6, 5), T(2, 3, 6, 3)), fn_of(F + 'scaled_dot_product_attention')),
       ('causal_long_query', (T(2, 6, 5), T(2, 4, 5), T(2, 4, 3)),
        fn_of(F + 'scaled_dot_product_attention', dict(is_causal=True))),
       ('bool_mask', (T(2, 4, 5), T(2, 6, 5), T(2, 6, 3), B(4, 6)), lam('q, k, v, m: L.nn.functional.'
                                                                    'scaled_dot_product_attention(q, k, v, m)')),
       ('masked_row', (T(2, 4, 5), T(2, 6, 5), T(2, 6, 3)),
        lam('q, k, v: L.nn.functional.scaled_dot_product_attention(q, k, v, L.arange(24).view(4, 6) > 5)')),
       ('float_mask_scale', (T(2, 4, 5), T(2, 6, 5), T(2, 6, 3), T(2, 1, 6)),
        fn_of(F + 'scaled_dot_product_attention', dict(scale=0.3))),
       ('gqa', (T(1, 4, 3, 5), T(1, 2, 6, 5), T(1, 1, 6, 3)),
        fn_of(F + 'scaled_dot_product_attention', dict(enable_gqa=True))),
       ('flash', (T(2, 3, 4, 5), T(2, 3, 6, 5), T(2, 3, 6, 5), B(4, 6)), fn_of(F + 'scaled_dot_product_attention')),
       ('flash_gqa_causal', (T(1, 4, 6, 5), T(1, 2, 4, 5), T(1, 2, 4, 5)),
        fn_of(F + 'scaled_dot_product_attention', dict(enable_gqa=True, is_causal=True, scale=0.5))),
       errors=[('dtypes', (T(2, 4, 5), T(2, 6, 5, dtype='float32'), T(2, 6, 3)),
                fn_of(F + 'scaled_dot_product_attention')),
               ('1d', (T(5), T(5), T(5)), fn_of(F + 'scaled_dot_product_attention')),
               ('mask_dtype', (T(2, 4, 5), T(2, 6, 5), T(2, 6, 3), I(4, 6, high=2)),
                fn_of(F + 'scaled_dot_product_attention')),
               ('causal_and_mask', (T(2, 4, 5), T(2, 6, 5), T(2, 6, 3), B(4, 6)),
                fn_of(F + 'scaled_dot_product_attention', dict(is_causal=True))),
               ('gqa_heads', (T(1, 3, 3, 5), T(1, 2, 6, 5), T(1, 2, 6, 3)),
                fn_of(F + 'scaled_dot_product_attention', dict(enable_gqa=True)))],
       family='product'),
    op(F + 'multi_head_attention_forward',
       ('self', (T(3, 2, 4), T(12, 4), T(12), T(4, 4), T(4)),
        lam('q, w, b, wo, bo: L.nn.functional.multi_head_attention_forward(q, q, q, 4, 2, w, b, None, None, False, '
            '0.0, wo, bo)')),
       ('per_head_no_weights', (T(3, 2, 4), T(5, 2, 4), T(12, 4), T(4, 4)),
        lam('q, k, w, wo: [L.nn.functional.multi_head_attention_forward(q, k, k, 4, 2, w, None, None, None, False, '
            '0.0, wo, None, average_attn_weights=False)[1], L.nn.functional.multi_head_attention_forward(q, k, k, 4, '
            '2, w, None, None, None, False, 0.0, wo, None, need_weights=False)[0]]')),
       ('separate_bias_kv_zero_attn_masks', (T(3, 2, 4), T(5, 2, 3), T(5, 2, 6), T(4, 4), T(4, 3), T(4, 6), T(12),
                                             T(1, 1, 4), T(1, 1, 4), T(4, 4), B(2, 5), T(3, 5)),
        lam('q, k, v, wq, wk, wv, b, bk, bv, wo, kpm, am: L.nn.functional.multi_head_attention_forward(q, k, v, 4, '
            '2, None, b, bk, bv, True, 0.0, wo, None, key_padding_mask=kpm, attn_mask=am, '
            'use_separate_proj_weight=True, q_proj_weight=wq, k_proj_weight=wk, v_proj_weight=wv)')),
       ('unbatched_causal', (T(3, 4), T(12, 4), T(4, 4)),
        lam('q, w, wo: L.nn.functional.multi_head_attention_forward(q, q, q, 4, 2, w, None, None, None, False, 0.0, '
            'wo, None, attn_mask=L.ones(3, 3).triu(1).bool(), is_causal=True, need_weights=False)')),
       errors=[('embed_dim', (T(3, 2, 4), T(12, 4), T(4, 4)),
                lam('q, w, wo: L.nn.functional.multi_head_attention_forward(q, q, q, 6, 2, w, None, None, None, '
                    'False, 0.0, wo, None)')),
               ('mask_shape', (T(3, 2, 4), T(12, 4), T(4, 4)),
                lam('q, w, wo: L.nn.functional.multi_head_attention_forward(q, q, q, 4, 2, w, None, None, None, '
                    'False, 0.0, wo, None, attn_mask=L.zeros(3, 4))')),
               ('causal_without_mask', (T(3, 2, 4), T(12, 4), T(4, 4)),
                lam('q, w, wo: L.nn.functional.multi_head_attention_forward(q, q, q, 4, 2, w, None, None, None, '
                    'False, 0.0, wo, None, is_causal=True)'))],
       family='product', dtype_calls=0),

    # -- nn: sampling grids ---
    op(F + 'affine_grid', ('2d', (T(2, 2, 3),), fn_of(F + 'affine_grid', dict(size=(2, 3, 4, 5), align_corners=False))),
       ('3d_corners', (T(2, 3, 4),), fn_of(F + 'affine_grid', dict(size=(2, 1, 2, 3, 4), align_corners=True))),
       errors=[('theta_shape', (T(2, 3, 3),), fn_of(F + 'affine_grid', dict(size=(2, 3, 4, 5), align_corners=False))),
               ('size_zero', (T(2, 2, 3),), fn_of(F + 'affine_grid', dict(size=(2, 3, 0, 5), align_corners=False)))],
       family='conv'),
    op(F + 'grid_sample', ('bilinear', (T(2, 3, 4, 5), T(2, 3, 2, 2, low=-1.2, high=1.2)),
                           fn_of(F + 'grid_sample', dict(align_corners=False))),
       ('nearest_border', (T(2, 3, 4, 5), T(2, 3, 2, 2, low=-1.2, high=1.2)),
        fn_of(F + 'grid_sample', dict(mode='nearest', padding_mode='border', align_corners=True))),
       ('bicubic_reflection', (T(1, 2, 4, 5), T(1, 3, 2, 2, low=-1.2, high=1.2)),
        fn_of(F + 'grid_sample', dict(mode='bicubic', padding_mode='reflection', align_corners=False))),
       ('3d', (T(1, 2, 3, 4, 2), T(1, 2, 2, 3, 3, low=-1.2, high=1.2)),
        fn_of(F + 'grid_sample', dict(padding_mode='reflection', align_corners=True))),
       errors=[('batch', (T(1, 3, 4, 5), T(2, 3, 2, 2)), fn_of(F + 'grid_sample', dict(align_corners=False))),
               ('last_size', (T(2, 3, 4, 5), T(2, 3, 2, 3)), fn_of(F + 'grid_sample', dict(align_corners=False))),
               ('bicubic_3d', (T(1, 2, 3, 4, 2), T(1, 2, 2, 3, 3)),
                fn_of(F + 'grid_sample', dict(mode='bicubic', align_corners=False)))],
       family='conv'),

    op(F + 'gumbel_softmax', ('soft', (T(3, 4),), fn_of(F + 'gumbel_softmax', dict(tau=0.5))),
       ('hard_dim0', (T(3, 4),), fn_of(F + 'gumbel_softmax', dict(hard=True, dim=0))),
       family='elementwise', random=True),

    *[op(F + name, ('x', (T(*shape),), fn_of(F + name, kw)), ('return_indices_false', (T(*shape),),
                                                               fn_of(F + name, dict(kw, return_indices=False))),
         family='reduction')
      for name, shape, kw in [('max_pool1d_with_indices', (2, 3, 7), dict(kernel_size=3, stride=2, padding=1)),
                              ('max_pool2d_with_indices', (2, 3, 6, 5), dict(kernel_size=2, ceil_mode=True)),
                              ('max_pool3d_with_indices', (1, 2, 4, 5, 4), dict(kernel_size=2)),
                              ('adaptive_max_pool1d_with_indices', (2, 3, 7), dict(output_size=3)),
                              ('adaptive_max_pool2d_with_indices', (2, 3, 6, 5), dict(output_size=(2, 3))),
                              ('adaptive_max_pool3d_with_indices', (1, 2, 4, 5, 4), dict(output_size=2))]],

    op('conv_tbc', ('x', (T(5, 2, 3), T(3, 3, 4), T(4)), fn_of('conv_tbc')),
       ('pad', (T(5, 2, 3), T(3, 3, 4), T(4), 2), fn_of('conv_tbc')),
       ('functional_crop', (T(5, 2, 3), T(2, 3, 4), T(4)), fn_of(F + 'conv_tbc', dict(pad=-1))),
       errors=[('channels', (T(5, 2, 2), T(3, 3, 4), T(4)), fn_of('conv_tbc')),
               ('bias', (T(5, 2, 3), T(3, 3, 4), T(5)), fn_of('conv_tbc'))], family='conv', also=(F + 'conv_tbc',)),

    op(F + 'triplet_margin_with_distance_loss', ('mean', (T(3, 4), T(3, 4), T(3, 4)),
                                                 fn_of(F + 'triplet_margin_with_distance_loss')),
       ('swap_l1_none', (T(3, 4), T(3, 4), T(3, 4)), lam('a, p, n: L.nn.functional.triplet_margin_with_distance_loss('
                                                         'a, p, n, distance_function=lambda x, y: (x - y).abs().sum(-1), '
                                                         'swap=True, reduction="none")')),
       errors=[('dims', (T(3, 4), T(3, 4), T(4)), fn_of(F + 'triplet_margin_with_distance_loss')),
               ('margin', (T(3, 4), T(3, 4), T(3, 4)), fn_of(F + 'triplet_margin_with_distance_loss', dict(margin=-1.0)))],
       family='reduction'),

    *[op(F + name, ('x', (T(*shape), T(*samples, low=0.0, high=0.99)),
                    lam(f'x, u: L.nn.functional.{name}(x, 2, output_size={size}, _random_samples=u.detach())')),
         ('indices', (T(*shape), T(*samples, low=0.0, high=0.99)),
          lam(f'x, u: L.nn.functional.{name}(x, (2, 1{extra}), output_size={size}, return_indices=True, '
              '_random_samples=u.detach())')),
         errors=[('too_large', (T(*shape),), lam(f'x: L.nn.functional.{name}(x, 4, output_size=5)')),
                 ('samples_require_grad', (T(*shape), T(*samples, low=0.0, high=0.99)),
                  lam(f'x, u: L.nn.functional.{name}(x, 2, output_size={size}, _random_samples=u)'))],
         family='reduction')
      for name, shape, samples, size, extra in [
          ('fractional_max_pool2d', (2, 3, 7, 6), (2, 3, 2), (3, 4), ''),
          ('fractional_max_pool2d_with_indices', (3, 7, 6), (1, 3, 2), 3, ''),
          ('fractional_max_pool3d', (2, 2, 5, 6, 5), (2, 2, 3), (3, 4, 2), ', 2'),
          ('fractional_max_pool3d_with_indices', (2, 5, 6, 5), (1, 2, 3), 2, ', 2')]],

    *[op(pre + 'native_channel_shuffle', ('x', (T(2, 6, 3),), fn_of(pre + 'native_channel_shuffle', dict(groups=2))),
         ('4d', (T(1, 6, 2, 2),), fn_of(pre + 'native_channel_shuffle', dict(groups=3))),
         errors=[('groups', (T(2, 6, 3),), fn_of(pre + 'native_channel_shuffle', dict(groups=4))),
                 ('rank', (T(2, 4),), fn_of(pre + 'native_channel_shuffle', dict(groups=2)))])
      for pre in ('', F)],

    op(F + 'linear_cross_entropy', ('x', (T(4, 6), T(5, 6), I(4, high=5)), fn_of(F + 'linear_cross_entropy')),
       ('bias_smoothing', (T(4, 6), T(5, 6), I(4, high=5), T(5)),
        lam('x, w, t, b: L.nn.functional.linear_cross_entropy(x, w, t, linear_bias=b, label_smoothing=0.1, '
            'reduction="sum")')),
       ('k_dim_none', (T(4, 6), T(5, 2, 6), I(4, 2, high=5)),
        fn_of(F + 'linear_cross_entropy', dict(reduction='none'))),
       errors=[('in_features', (T(4, 6), T(5, 7), I(4, high=5)), fn_of(F + 'linear_cross_entropy'))],
       family='reduction'),

    # -- nn layers: recurrent (RNN, LSTM, GRU) ---
    op('rnn_tanh_cell', ('x', (T(2, 3), T(2, 4), T(4, 3), T(4, 4), T(4), T(4)), fn_of('rnn_tanh_cell')),
       ('no_bias', (T(2, 3), T(2, 4), T(4, 3), T(4, 4)), fn_of('rnn_tanh_cell')),
       errors=[('input_size', (T(2, 5), T(2, 4), T(4, 3), T(4, 4)), fn_of('rnn_tanh_cell')),
               ('batch', (T(2, 3), T(3, 4), T(4, 3), T(4, 4)), fn_of('rnn_tanh_cell')),
               ('hidden_size', (T(2, 3), T(2, 5), T(4, 3), T(4, 4)), fn_of('rnn_tanh_cell'))],
       family='product', dtype_calls=0),
    op('rnn_relu_cell', ('x', (T(2, 3), T(2, 4), T(4, 3), T(4, 4), T(4), T(4)), fn_of('rnn_relu_cell')),
       family='product', dtype_calls=0),
    op('lstm_cell', ('x', (T(2, 3), T(2, 4), T(2, 4), T(16, 3), T(16, 4), T(16), T(16)),
                     lam('x, h, c, *w: L.lstm_cell(x, (h, c), *w)')),
       ('no_bias', (T(2, 3), T(2, 4), T(2, 4), T(16, 3), T(16, 4)), lam('x, h, c, *w: L.lstm_cell(x, (h, c), *w)')),
       errors=[('cell_size', (T(2, 3), T(2, 4), T(2, 5), T(16, 3), T(16, 4)),
                lam('x, h, c, *w: L.lstm_cell(x, (h, c), *w)'))],
       family='product', dtype_calls=0),
    op('gru_cell', ('x', (T(2, 3), T(2, 4), T(12, 3), T(12, 4), T(12), T(12)), fn_of('gru_cell')),
       ('no_bias', (T(2, 3), T(2, 4), T(12, 3), T(12, 4)), fn_of('gru_cell')), family='product', dtype_calls=0),

    # -- nn ops at the top level (minigrad.nn.torch_level): aten's signatures (int reductions, default 0: none) ---
    op('layer_norm', ('affine', (T(3, 4, 5), (5,), T(5), T(5)), fn_of('layer_norm')),
       ('plain', (T(2, 3, 4), (3, 4)), fn_of('layer_norm')),
       ('eps', (T(4, 5), [5], T(5), None, 1e-3, False), fn_of('layer_norm')),
       ('empty', (T(0, 5), (5,), T(5), T(5)), fn_of('layer_norm')),
       errors=[('shape', (T(3, 4, 5), (4,)), fn_of('layer_norm')),
               ('int_shape', (T(3, 4, 5), 5), fn_of('layer_norm'))], family='conv'),
    op('group_norm', ('affine', (T(3, 6, 2, 2), 3, T(6), T(6)), fn_of('group_norm')),
       ('plain', (T(2, 4, 3), 2, None, None, 1e-3, False), fn_of('group_norm')),
       ('one_value', (T(1, 2), 2), fn_of('group_norm')),
       errors=[('groups', (T(2, 6, 3), 4), fn_of('group_norm'))], family='conv'),
    op('batch_norm', ('train', (T(4, 3, 2, 2), T(3), T(3), T(3), T(3, low=0.5)),
                      lam('x, w, b, m, v: L.batch_norm(x, w, b, m.detach(), v.detach(), True, 0.1, 1e-5, False)')),
       ('eval', (T(4, 3), T(3), T(3, low=0.5)), lam('x, m, v: L.batch_norm(x, None, None, m.detach(), v.detach(), '
                                                    'False, 0.1, 1e-5, True)')),
       ('no_stats', (T(4, 3, 5), T(3)), lam('x, w: L.batch_norm(x, w, None, None, None, True, 0.3, 1e-3, False)')),
       ('one_value', (T(1, 3),), lam('x: L.batch_norm(x, None, None, None, None, True, 0.1, 1e-5, False)')),
       errors=[('channels', (T(4, 2), T(3), T(3, low=0.5)),
                lam('x, m, v: L.batch_norm(x, None, None, m, v, False, 0.1, 1e-5, False)')),
               ('weight_size', (T(4, 3), T(4)), lam('x, w: L.batch_norm(x, w, None, None, None, True, 0.1, 1e-5, '
                                                    'False)'))], family='conv'),
    op('instance_norm', ('x', (T(2, 3, 4),), lam('x: L.instance_norm(x, None, None, None, None, True, 0.1, 1e-5, '
                                                 'False)')),
       ('affine_running', (T(2, 3, 4), T(3), T(3), T(3), T(3, low=0.5)),
        lam('x, w, b, m, v: L.instance_norm(x, w, b, m.detach(), v.detach(), True, 0.3, 1e-5, False)')),
       ('one_position', (T(2, 3, 1),), lam('x: L.instance_norm(x, None, None, None, None, True, 0.1, 1e-5, False)')),
       errors=[('no_stats', (T(2, 3, 4),), lam('x: L.instance_norm(x, None, None, None, None, False, 0.1, 1e-5, '
                                               'False)'))], family='conv'),
    op('rms_norm', ('weight', (T(3, 4, 5), (5,), T(5)), fn_of('rms_norm')),
       ('plain', (T(2, 3, 4), (3, 4)), fn_of('rms_norm')), ('eps', (T(4, 5), [5], None, 1e-3), fn_of('rms_norm')),
       errors=[('shape', (T(3, 4, 5), (4,)), fn_of('rms_norm'))], family='conv'),
    op('max_pool1d', ('x', (T(2, 3, 9), 3, 2, 1, 2), fn_of('max_pool1d')), ('2d_ceil', (T(3, 8), 3), fn_of('max_pool1d',
       dict(ceil_mode=True))), ('stride_default', (T(2, 3, 9), 2, ()), fn_of('max_pool1d')),
       errors=[('4d', (T(1, 2, 3, 4), 2), fn_of('max_pool1d')), ('too_big', (T(2, 3, 4), 5), fn_of('max_pool1d'))],
       family='conv'),
    op('max_pool2d', ('x', (T(2, 3, 6, 6), 2), fn_of('max_pool2d')),
       ('ceil', (T(1, 2, 5, 5), 2, 2, 1, 1, True), fn_of('max_pool2d')),
       errors=[('too_big', (T(1, 1, 2, 2), 3), fn_of('max_pool2d'))], family='conv'),
    op('max_pool3d', ('x', (T(2, 3, 4, 5, 6), 2), fn_of('max_pool3d')),
       ('args', (T(3, 5, 6, 7), (2, 3, 2), (1, 2, 1), (1, 1, 0)), fn_of('max_pool3d')),
       errors=[('3d', (T(3, 4, 5), 2), fn_of('max_pool3d'))], family='conv'),
    op('max_pool1d_with_indices', ('x', (T(2, 3, 9), 2), fn_of('max_pool1d_with_indices')),
       ('args', (T(3, 9), 3, 2, 1, 1, True), fn_of('max_pool1d_with_indices')),
       errors=[('too_big', (T(2, 3, 4), 5), fn_of('max_pool1d_with_indices'))], family='conv'),
    op('avg_pool1d', ('x', (T(2, 3, 9), 3, 2, 1), fn_of('avg_pool1d')),
       ('2d_ceil', (T(3, 8), 3, (), 0, True, False), fn_of('avg_pool1d')),
       errors=[('4d', (T(1, 2, 3, 4), 2), fn_of('avg_pool1d'))], family='conv'),
    op('adaptive_avg_pool1d', ('x', (T(2, 3, 9), 4), fn_of('adaptive_avg_pool1d')),
       ('2d_up', (T(3, 4), (6,)), fn_of('adaptive_avg_pool1d')),
       errors=[('4d', (T(1, 2, 3, 4), 2), fn_of('adaptive_avg_pool1d'))], family='conv'),
    op('adaptive_max_pool1d', ('x', (T(2, 3, 9), 4), fn_of('adaptive_max_pool1d')),
       ('2d_up', (T(3, 4), 6), fn_of('adaptive_max_pool1d')),
       errors=[('1d', (T(4), 2), fn_of('adaptive_max_pool1d'))], family='conv'),
    op('cosine_similarity', ('x', (T(3, 4), T(3, 4)), fn_of('cosine_similarity')),
       ('bcast_dim', (T(3, 4), T(4), -1, 1e-3), fn_of('cosine_similarity')), family='reduction'),
    op('pairwise_distance', ('x', (T(3, 4), T(3, 4)), fn_of('pairwise_distance')),
       ('p1_keepdim', (T(3, 4), T(4), 1, 1e-6, True), fn_of('pairwise_distance')), family='reduction'),
    op('pdist', ('x', (T(4, 3),), fn_of('pdist')), ('p1', (T(4, 3), 1), fn_of('pdist')),
       errors=[('3d', (T(2, 3, 4),), fn_of('pdist'))], family='reduction'),
    op('binary_cross_entropy_with_logits', ('default', (T(3, 4), T(3, 4, low=0, high=1)),
                                            fn_of('binary_cross_entropy_with_logits')),
       ('mean_weights', (T(3, 4), T(3, 4, low=0, high=1), W(4), W(4)),
        lam('x, y, w, p: L.binary_cross_entropy_with_logits(x, y, w, p + 0.5, 1)')),
       ('sum', (T(3, 4), T(3, 4, low=0, high=1)), fn_of('binary_cross_entropy_with_logits', dict(reduction=2))),
       errors=[('str_reduction', (T(3, 4), T(3, 4)), fn_of('binary_cross_entropy_with_logits',
                                                           dict(reduction='mean')))], family='reduction'),
    op('kl_div', ('default', (T(3, 4), W(3, 4)), fn_of('kl_div')), ('mean', (T(3, 4), W(3, 4), 1), fn_of('kl_div')),
       ('log_target_sum', (T(3, 4), T(3, 4), 2), fn_of('kl_div', dict(log_target=True))),
       ('other_int', (T(3, 4), W(3, 4), 5), fn_of('kl_div')), ('0d', (T(), W()), fn_of('kl_div')),
       errors=[('str_reduction', (T(3, 4), W(3, 4), 'mean'), fn_of('kl_div'))], family='reduction'),
    op('margin_ranking_loss', ('default', (T(5), T(5), W(5)), lam('x, y, w: L.margin_ranking_loss(x, y, (w * 2 - 1).sign())')),
       ('mean', (T(5), T(5), W(5)), lam('x, y, w: L.margin_ranking_loss(x, y, (w * 2 - 1).sign(), 0.3, 1)')),
       ('bcast_dims', (T(5), T(5), W(1, 5)), fn_of('margin_ranking_loss')),
       errors=[('sizes', (T(5), T(4), W(5)), fn_of('margin_ranking_loss'))], family='reduction'),
    op('hinge_embedding_loss', ('default', (T(3, 4), W(3, 4)), lam('x, w: L.hinge_embedding_loss(x, (w * 2 - 1).sign())')),
       ('sum', (T(3, 4), W(3, 4)), lam('x, w: L.hinge_embedding_loss(x, (w * 2 - 1).sign(), 0.5, 2)')), family='reduction'),
    op('poisson_nll_loss', ('mean', (T(3, 4), T(3, 4, low=0.0, high=3.0), True, False, 1e-8, 1), fn_of('poisson_nll_loss')),
       ('full_none', (T(3, 4, low=0.1, high=3.0), T(3, 4, low=0.0, high=3.0), False, True, 1e-8, 0),
        fn_of('poisson_nll_loss')),
       family='reduction'),
    op('triplet_margin_loss', ('default', (T(3, 4), T(3, 4), T(3, 4)), fn_of('triplet_margin_loss')),
       ('swap_mean', (T(3, 4), T(3, 4), T(3, 4), 0.5, 1, 1e-6, True, 1), fn_of('triplet_margin_loss')),
       errors=[('dims', (T(3, 4), T(3, 4), T(4)), fn_of('triplet_margin_loss'))], family='reduction'),
    op('cosine_embedding_loss', ('default', (T(3, 4), T(3, 4)), lam('x, y: L.cosine_embedding_loss(x, y, L.tensor([1, -1, 1]))')),
       ('mean', (T(3, 4), T(3, 4)), lam('x, y: L.cosine_embedding_loss(x, y, L.tensor([-1, -1, 1]), 0.2, 1)')),
       ('1d', (T(4), T(4)), lam('x, y: L.cosine_embedding_loss(x, y, L.tensor(-1))')),
       errors=[('dims', (T(3, 4), T(3, 4)), lam('x, y: L.cosine_embedding_loss(x, y, L.tensor(1))'))], family='reduction'),
    op('ctc_loss', ('default', (T(6, 2, 4),), lam('x: L.ctc_loss(x.log_softmax(2), L.tensor([[1, 2, 2], [3, 1, 0]]), '
                                                  '(6, 5), (3, 2))')),
       ('mean_tensors', (T(6, 2, 4),), lam('x: L.ctc_loss(x.log_softmax(2), L.tensor([1, 2, 2, 3]), L.tensor([6, 4]), '
                                           'L.tensor([3, 1]), 0, 1)')),
       ('zero_infinity', (T(6, 2, 4),), lam('x: L.ctc_loss(x.log_softmax(2), L.tensor([[1, 2, 2], [0, 1, 0]]), (2, 5), '
                                            '(3, 2), 3, 2, True)')),
       ('unbatched', (T(5, 3),), lam('x: L.ctc_loss(x, L.tensor([1, 1]), L.tensor(5), L.tensor(2))')),
       errors=[('input_lengths', (T(6, 2, 4),), lam('x: L.ctc_loss(x, L.tensor([[1], [2]]), (7, 5), (1, 1))'))],
       family='reduction', dtype_calls=0),
    op('constant_pad_nd', ('x', (T(2, 3, 4), (1, 2)), fn_of('constant_pad_nd')),
       ('value', (T(2, 3, 4), (1, 0, 2, 1), 3.0), fn_of('constant_pad_nd')),
       ('negative', (T(2, 3, 4), [-1, 1]), fn_of('constant_pad_nd')), ('0d_empty_pad', (T(), ()), fn_of('constant_pad_nd')),
       ('empty', (T(0, 3), (1, 1)), fn_of('constant_pad_nd')),
       errors=[('odd', (T(2, 3), (1, 2, 3)), fn_of('constant_pad_nd')),
               ('too_long', (T(3,), (1, 1, 1, 1)), fn_of('constant_pad_nd'))], family='shape'),
    op('embedding_bag',
       ('mean', (T(6, 3),), lam('w: L.embedding_bag(w, L.tensor([0, 2, 2, 5, 1, 3, 2]), L.tensor([0, 3, 3, 5]), False, 1)')),
       ('sum', (T(6, 3),), lam('w: L.embedding_bag(w, L.tensor([0, 2, 2, 5, 1, 3, 2]), L.tensor([0, 3, 3, 5]))')),
       ('sum_weights', (T(6, 3), T(7)), lam('w, p: L.embedding_bag(w, L.tensor([0, 2, 2, 5, 1, 3, 2]), L.tensor([0, 3, 5]), '
                                            'False, 0, False, p)')),
       ('max', (T(6, 3),), lam('w: L.embedding_bag(w, L.tensor([0, 2, 2, 5, 1, 3, 2]), L.tensor([0, 3, 3, 5]), False, 2)')),
       ('max_padding', (T(6, 3),), lam('w: L.embedding_bag(w, L.tensor([0, 2, 2, 5, 2, 3, 2]), L.tensor([0, 3, 4, 5]), '
                                       'False, 2, False, None, False, 2)')),
       ('mean_padding_last', (T(6, 3),), lam('w: L.embedding_bag(w, L.tensor([0, 2, 2, 5, 1, 3, 2]), L.tensor([0, 3, 3, 7]), '
                                             'False, 1, False, None, True, -4)')),
       errors=[('first_offset', (T(6, 3),), lam('w: L.embedding_bag(w, L.tensor([0, 2]), L.tensor([1]))'))],
       family='reduction'),
    op('is_same_size', ('same', (T(3, 4), T(3, 4)), fn_of('is_same_size')), ('other', (T(3, 4), T(4)), fn_of('is_same_size')),
       errors=[('number', (T(3, 4),), lam('x: L.is_same_size(x, 3)'))], family='elementwise'),
    op('get_device', ('x', (T(3, 4),), fn_of('get_device')), errors=[('number', (), lam(': L.get_device(3)'))],
       family='elementwise'),
    op('is_inference', ('x', (T(3, 4),), fn_of('is_inference')), errors=[('none', (), lam(': L.is_inference(None)'))],
       family='elementwise'),
    factory('scalar_tensor', ('int', lambda L: L.scalar_tensor(3)), ('bool', lambda L: L.scalar_tensor(True)),
            ('float_int64', lambda L: L.scalar_tensor(2.7, dtype=L.int64)),
            ('requires_grad', lambda L: L.scalar_tensor(1.5, dtype=L.float64, requires_grad=True)),
            ('0d_tensor', lambda L: L.scalar_tensor(L.tensor(2.5))),
            errors=[('str', (), lam(': L.scalar_tensor("a")')), ('tensor', (), lam(': L.scalar_tensor(L.ones(2))'))]),

    # -- the view ops' copying forms (functions/view_copy.py): the view's values in memory of their own ---
    op('view_copy', Call('x', (T(3, 4), (2, 6)), fn_of('view_copy'),
                         {'out': with_out(lam('x, s, out=None: L.view_copy(x, s, out=out)'))}),
       ('infer', (T(2, 3, 4), [-1, 4]), fn_of('view_copy')), ('0d', (T(), (1, 1)), fn_of('view_copy')),
       ('empty', (T(0, 3), (3, 0)), fn_of('view_copy')), ('dtype', (T(3, 4),), lam('x: L.view_copy(x, L.float64)')),
       ('transposed', (T(3, 4),), lam('x: L.view_copy(x.t(), (12,))')),
       errors=[('size', (T(3, 4), (5,)), fn_of('view_copy')), ('two_inferred', (T(3, 4), (-1, -1)), fn_of('view_copy'))]),
    op('expand_copy', ('x', (T(3, 1), (3, 4)), fn_of('expand_copy')), ('new_dims', (T(4), (2, 3, -1)), fn_of('expand_copy')),
       ('0d', (T(), (2,)), fn_of('expand_copy')),
       errors=[('size', (T(3, 2), (3, 4)), fn_of('expand_copy'))]),
    op('permute_copy', ('x', (T(2, 3, 4), (2, 0, 1)), fn_of('permute_copy')), ('neg', (T(3, 4), (-1, 0)), fn_of('permute_copy')),
       ('0d', (T(), ()), fn_of('permute_copy')),
       errors=[('repeated', (T(3, 4), (0, 0)), fn_of('permute_copy'))]),
    op('select_copy', ('x', (T(3, 4), 1, 2), fn_of('select_copy')), ('neg', (T(2, 3, 4), -1, -2), fn_of('select_copy')),
       errors=[('range', (T(3, 4), 0, 3), fn_of('select_copy')), ('0d', (T(), 0, 0), fn_of('select_copy'))]),
    op('slice_copy', ('x', (T(5, 4), 0, 1, 4, 2), fn_of('slice_copy')), ('defaults', (T(5, 4),), fn_of('slice_copy')),
       ('dim_neg', (T(3, 5), -1, -3), fn_of('slice_copy')), ('past_end', (T(5, 4), 1, 2, 10), fn_of('slice_copy')),
       errors=[('step', (T(5, 4), 0, 0, 4, 0), fn_of('slice_copy')), ('dim', (T(5, 4), 2), fn_of('slice_copy'))]),
    op('squeeze_copy', ('x', (T(3, 1, 4, 1),), fn_of('squeeze_copy')), ('dim', (T(3, 1, 4), 1), fn_of('squeeze_copy')),
       ('dims', (T(1, 3, 1), (0, 2)), fn_of('squeeze_copy')), ('0d', (T(),), fn_of('squeeze_copy')),
       errors=[('dim', (T(3, 4), 2), fn_of('squeeze_copy'))]),
    op('unsqueeze_copy', ('x', (T(3, 4), 1), fn_of('unsqueeze_copy')), ('neg', (T(3, 4), -1), fn_of('unsqueeze_copy')),
       ('0d', (T(), 0), fn_of('unsqueeze_copy')), errors=[('dim', (T(3, 4), 3), fn_of('unsqueeze_copy'))]),
    op('t_copy', ('x', (T(3, 4),), fn_of('t_copy')), ('1d', (T(4),), fn_of('t_copy')), ('0d', (T(),), fn_of('t_copy')),
       errors=[('3d', (T(2, 3, 4),), fn_of('t_copy'))]),
    op('transpose_copy', ('x', (T(2, 3, 4), 0, 2), fn_of('transpose_copy')), ('neg', (T(3, 4), -1, 0), fn_of('transpose_copy')),
       errors=[('dim', (T(3, 4), 0, 2), fn_of('transpose_copy'))]),
    op('diagonal_copy', ('x', (T(3, 4),), fn_of('diagonal_copy')), ('offset', (T(2, 3, 4), -1, 2, 0), fn_of('diagonal_copy')),
       errors=[('same_dims', (T(3, 4), 0, 1, 1), fn_of('diagonal_copy'))]),
    op('detach_copy', ('x', (T(3, 4),), lam('x: L.detach_copy(x).detach()')), ('0d', (T(),), lam('x: L.detach_copy(x) * 1')),
       errors=[('backward', (T(3, 4),), lam('x: L.detach_copy(x).sum().backward()'))]),
    op('alias_copy', ('x', (T(3, 4),), fn_of('alias_copy')), ('0d', (T(),), fn_of('alias_copy'))),
    op('unfold_copy', ('x', (T(3, 5), 1, 2, 1), fn_of('unfold_copy')), ('step', (T(7,), 0, 3, 2), fn_of('unfold_copy')),
       errors=[('size', (T(3, 4), 1, 5, 1), fn_of('unfold_copy'))]),
    op('unbind_copy', ('x', (T(3, 4),), fn_of('unbind_copy')), ('dim', (T(2, 3, 4), -1), fn_of('unbind_copy')),
       errors=[('0d', (T(),), fn_of('unbind_copy'))]),
    op('split_copy', ('x', (T(5, 4), 2), fn_of('split_copy')), ('dim', (T(3, 5), 3, 1), fn_of('split_copy')),
       errors=[('sizes', (T(5, 4), [2, 3]), fn_of('split_copy'))]),
    op('split_with_sizes_copy', ('x', (T(5, 4), [2, 3]), fn_of('split_with_sizes_copy')),
       ('dim', (T(3, 5), (1, 0, 4), -1), fn_of('split_with_sizes_copy')),
       errors=[('sum', (T(5, 4), [2, 2]), fn_of('split_with_sizes_copy'))]),
    op('as_strided_copy', ('x', (T(3, 3), (2, 2), (1, 2)), fn_of('as_strided_copy')),
       ('offset', (T(3, 4), (2, 3), (4, 1), 1), fn_of('as_strided_copy')),
       errors=[('too_big', (T(3, 3), (3, 3), (3, 2)), fn_of('as_strided_copy'))]),
]

# Public names that are not ops with a value to compare, and where they are tested instead.
NOT_OPS = {
    'cpu': 'a device move (tests/test_device.py)',
    'cuda': 'a device move; no GPU here (tests/test_device.py with the strict cupy stand-in)',
    'type': "a dtype or device move spelled as a type name ('torch.DoubleTensor'); tests/test_tensor.py",
    'bfloat16': "numpy holds no bfloat16: x.bfloat16() raises PyTorch's TypeError (tests/test_dtypes.py)",
}

# Samples that differ from PyTorch today: sample id (a glob) -> what differs: why. Each is an xfail(strict=True):
# the fix of the op makes it pass, and then its line here must go.
KNOWN = {
    'linalg.det-x-expanded det-x-expanded linalg.qr-tall-expanded qr-x-expanded linalg.svdvals-x-expanded':
        'an expanded input is a rank-1 matrix (repeated zero singular values): det, qr and svd are not '
        'differentiable twice there, and the two libraries give different numbers',
    '_weight_norm-dim0-float64 _weight_norm-last-float64 _weight_norm-dim0-[tsev]*[!2]':
        "second derivatives: PyTorch's fused weight-norm double backward is wrong (torch.autograd.gradgradcheck "
        "fails on torch._weight_norm; minigrad's passes it: tests/test_weight_norm.py)",
    'mvlgamma-p1-out-int64':
        "message: PyTorch's mvlgamma names the dtypes the wrong way round for an integer out= ('result type Long "
        "can't be cast to the desired output type Float'); minigrad says what lgamma says",
    # -- KNOWN: issue 15: the rest ---
    'linalg.cond-fro-* linalg.cond-one-* linalg.cond-inf-* linalg.cond-minus_inf-*':
        "gradients: PyTorch's backward fails (its linalg.cond writes inf into linalg.inv_ex's saved output in place: "
        "'modified by an inplace operation'); minigrad gives the gradient (tests/test_lu.py checks it by gradcheck)",
    'lu_solve-x-expanded':
        "an expanded A is singular (rank 1): where rounding leaves a tiny pivot or an exact zero differs from "
        "LAPACK's blocked getrf, so the first zero pivot lu_factor names differs (U[2,2] here, U[3,3] in PyTorch)",
    'matrix_exp-x-float16':
        "PyTorch's CPU float16 matrix_exp overflows to inf and NaN even for small matrices; minigrad's stays finite",

    # -- KNOWN: convolution (Conv1d, ConvTranspose1d/2d, padding modes) ---

    # -- KNOWN: pooling and interpolation ---

    # -- KNOWN: normalization (LayerNorm, GroupNorm, InstanceNorm, RMSNorm, LocalResponseNorm, BatchNorm flags) ---
    'F.layer_norm-bias-float64':
        "second derivatives with a bias and no weight: PyTorch's NativeLayerNormBackwardBackward0 raises ('Expected a "
        "proper Tensor but got None'); minigrad's gives them (tests/test_nn_norm.py checks them by gradgradcheck)",
    'F.batch_norm-train-expanded batch_norm-train-expanded':
        "expanded running statistics (channels sharing one memory location): PyTorch's kernel writes its update "
        "through the stride-0 view, unchecked (a value that depends on its loop's order); minigrad refuses it as "
        "PyTorch's in-place ops do ('unsupported operation: more than one element of the written-to tensor refers "
        "to a single memory location')",
    'F.batch_norm-bias_only-float64':
        "second derivatives with a bias and no weight: PyTorch's NativeBatchNormBackwardBackward0 raises ('Expected a "
        "proper Tensor but got None'); minigrad's gives them (tests/test_nn_norm.py checks them by gradgradcheck)",
    'F.group_norm-bias-float64':
        "a bias and no weight: PyTorch's CPU backward of native_group_norm raises (\"shape '[0]' is invalid\"); "
        "minigrad's gradients pass gradcheck and gradgradcheck (tests/test_nn_norm.py)",

    # -- KNOWN: embedding, padding, dropout, pixel shuffle, bilinear, containers ---
    'F.embedding_bag-scale_grad-float64':
        "scale_grad_by_freq: PyTorch's CPU embedding_bag divides the gradient rows by the wrong counts (an index "
        "seen once can get 1/3); minigrad divides each row by its index's count, as F.embedding does "
        '(tests/test_nn_layers.py checks it against torch.nn.functional.embedding)',

    # -- KNOWN: attention and transformer ---
    'F.scaled_dot_product_attention-flash-float64 F.scaled_dot_product_attention-flash_gqa_causal-float64':
        "second derivatives: PyTorch's CPU flash kernel (ScaledDotProductFlashAttentionForCpuBackward0) has no "
        "double backward (it raises); minigrad's node gives them (gradgradcheck in tests/test_nn_attention.py)",
    'F.multi_head_attention_forward-per_head_no_weights-float64 '
    'F.multi_head_attention_forward-unbatched_causal-float64':
        "second derivatives: without need_weights PyTorch's sdp takes its CPU flash kernel, which has no double "
        "backward (it raises); minigrad's math path gives them (gradgradcheck in tests/test_nn_attention.py)",

    # -- KNOWN: sampling grids ---
    'conv_tbc-x-transposed conv_tbc-x-expanded conv_tbc-x-transposed-float32':
        "PyTorch's CPU conv_tbc views its input as (time * batch, channels) and raises on a non-contiguous one "
        "('view size is not compatible ...'); minigrad computes it (tests/test_nn_conv_tbc.py checks contiguous "
        "inputs against torch)",

    # -- KNOWN: recurrent (RNN, LSTM, GRU) ---

    # -- KNOWN: issue 14 parity fixes ---

}


def by_name():
    return {o.name: o for o in OPS}


def known(sample_id):
    """The KNOWN reason for a sample id, or None (a key holds sample ids or globs, separated by spaces)."""
    for patterns, reason in KNOWN.items():
        if any(fnmatch.fnmatchcase(sample_id, p) for p in patterns.split()):
            return reason
    return None


# ---- samples ------------------------------------------------------------------------------------------------

def tol_of(info):
    return TOL32.get(info.family, TOL32['elementwise'])


def alias_fn(name):
    """A call through another public name of the same function: the module function or the method."""
    if hasattr(torch, name) and not name.startswith('_'):
        return lambda L, *a: getattr(L, name)(*a)
    return lambda L, x, *a: getattr(x, name)(*a)


def aliases(info):
    """The table's other names for the op's function (and its in-place function): 'multiply', '__mul__', ..."""
    names = {n for n, f, *_ in TABLE if n in (info.name, info.inplace)}
    fns = {f for n, f, *_ in TABLE if n in names}
    return sorted({n for n, f, *_ in TABLE if f in fns} - {info.name})


def samples(info):
    base = dict(random=info.random, second=info.second, tol=tol_of(info), tol64=info.tol64 or TOL64)
    out = []
    for k, c in enumerate(info.calls):
        out.append(Sample(f'{info.name}-{c.id}-float64', c.fn, c.args, **base))
        dtypes = DTYPES[:-1] if k < info.dtype_calls else ('float32',) if k < 3 else ()
        dtypes += SMALL_DTYPES if k == 0 and info.dtype_calls else ()
        out += [Sample(f'{info.name}-{c.id}-{d}', c.fn, c.args, dtype=d, **base) for d in dtypes]
    first = info.calls[0]
    if any(isinstance(a, Arg) and a.shape for a in first.args):
        out += [Sample(f'{info.name}-{first.id}-{lay}', first.fn, first.args, layout=lay, **base)
                for lay in info.layouts]
        out.append(Sample(f'{info.name}-{first.id}-transposed-float32', first.fn, first.args, 'float32', 'transposed',
                          **base))
    for c in info.calls:
        for v, fn in c.variants.items():
            if v == 'inplace':
                out += [Sample(f'{info.name}-{c.id}-inplace-{t}', fn, c.args, target=t, **base)
                        for t in ('nonleaf', 'view', 'leaf')]
                out += [Sample(f'{info.name}-{c.id}-inplace-nonleaf-{d}', fn, c.args, d, target='nonleaf', **base)
                        for d in ('int64', 'float32')]
            elif v == 'out':
                out.append(Sample(f'{info.name}-{c.id}-out-grad', fn, c.args, **base))
                out.append(Sample(f'{info.name}-{c.id}-out', fn, c.args, grad=False, **base))
                out.append(Sample(f'{info.name}-{c.id}-out-int64', fn, c.args, 'int64', grad=False, **base))
            else:
                out.append(Sample(f'{info.name}-{c.id}-{v}', fn, c.args, **base))
    if info.auto_alias and not info.name.startswith('F.'):
        out += [Sample(f'{info.name}-{first.id}-alias-{a}', alias_fn(a), first.args, **base) for a in aliases(info)
                if not a.endswith('_') and not a.startswith('__i')]
    out += [Sample(f'{info.name}-{c.id}-error', c.fn, c.args, **base) for c in info.errors]
    return out


def all_samples():
    return [s for o in OPS for s in samples(o)]


def covered_names():
    """Every public name some entry's samples call."""
    names = set()
    for o in OPS:
        names |= {o.name, *o.also, *aliases(o)} | ({o.inplace} if o.inplace else set())
        if o.inplace:   # the in-place form of each alias (arccos_ for acos_)
            names |= {a + '_' for a in aliases(o)} & {n for n, *_ in TABLE}
    covered = {f for n, f, *_ in TABLE if n in names}   # special's names for those functions (expit is sigmoid)
    special = {n: getattr(minigrad.special, n) for n in minigrad.special.__all__}     # (each in its binding)
    return names | {'special.' + n for n, f in special.items() if getattr(f, '__wrapped__', f) in covered}


# ---- running a sample in one library --------------------------------------------------------------------------

def values(arg, dtype, rng):
    """The numpy data of an Arg."""
    dtype = arg.dtype or dtype
    if dtype == 'bool':
        return rng.random(arg.shape) > 0.5
    if dtype.startswith(('int', 'uint')):
        low, high = int(np.ceil(arg.low)), int(np.floor(arg.high))
        if arg.low > 0:
            low = max(low, 1)
        if dtype.startswith('uint'):
            low = max(low, 0)
        return rng.integers(low, high + 1, size=arg.shape).astype(dtype)
    return rng.uniform(arg.low, arg.high, size=arg.shape).astype(dtype)


def layout_of(layout, shape):
    """(the leaf's data from the view's data a, the view of the leaf), for a layout that applies to `shape`."""
    n = len(shape)
    if layout == 'transposed' and n >= 2:
        return lambda a: np.swapaxes(a, -1, -2).copy(), lambda x: x.transpose(-1, -2)
    if layout == 'view_of_view' and n == 1:
        def big(a):
            b = np.zeros(2 * shape[0] + 2, a.dtype)
            b[3::2] = a
            return b
        return big, lambda x: x[2:][1::2]
    if layout == 'strided' and n >= 1:
        return lambda a: np.stack([a, a * 0], -1).reshape(shape[:-1] + (2 * shape[-1],)), lambda x: x[..., ::2]
    if layout == 'expanded' and n >= 1 and shape[0] > 1:
        return lambda a: a[:1].copy(), lambda x: x.expand(*shape)
    if layout == 'view_of_view' and n >= 2:
        def big(a):
            b = np.zeros((shape[0] + 1,) + shape[1:-1] + (2 * shape[-1],), a.dtype)
            b[1:, ..., ::2] = a
            return b
        return big, lambda x: x[1:][..., ::2]
    return lambda a: a, lambda x: x


def make_inputs(sample, L):
    """(leaves that require grad, the inputs, tensors to backpropagate from besides the outputs)."""
    rng = np.random.default_rng(zlib.crc32(sample.id.encode()))
    leaves, inputs, roots = [], [], []
    for k, arg in enumerate(sample.args):
        if not isinstance(arg, Arg):
            inputs.append(arg)
            continue
        a = values(arg, sample.dtype, rng)
        leaf_data, view = layout_of(sample.layout, arg.shape)
        grad = sample.grad and arg.grad and a.dtype.kind == 'f'
        leaf = L.tensor(leaf_data(a), requires_grad=grad)
        x = view(leaf)
        if k == 0 and sample.target in ('nonleaf', 'view'):
            x = x.clone()
            if sample.target == 'view':
                base = L.cat([x[:1], x]) if x.dim() else x.unsqueeze(0)
                roots.append(base)
                x = base[1:] if x.dim() else base[0]
        if grad:
            leaves.append(leaf)
        inputs.append(x)
    return leaves, inputs, roots


def tensors_in(x):
    if hasattr(x, 'grad_fn') and hasattr(x, 'shape'):
        return [x]
    if isinstance(x, (tuple, list)):
        return [t for v in x for t in tensors_in(v)]
    return []


def observe(x, random=False):
    """What can be seen of a result: for a tensor its dtype, shape, flags, node name and value."""
    if hasattr(x, 'grad_fn') and hasattr(x, 'shape'):
        seen = dict(dtype=str(x.dtype).replace('torch.', '').replace('minigrad.', ''), shape=tuple(x.shape),
                    requires_grad=x.requires_grad, is_leaf=x.is_leaf,
                    grad_fn=type(x.grad_fn).__name__ if x.grad_fn is not None else None)
        if not random:
            data = x.detach().cpu()
            seen['value'] = (data.numpy(force=True) if type(x).__module__.startswith('torch') else data.numpy()).copy()
        return seen
    if isinstance(x, (tuple, list)):
        if type(x).__name__ == 'Size':
            return ('Size', tuple(x))
        return (type(x).__name__ if type(x).__name__ in ('tuple', 'list') else 'namedtuple',
                [observe(v, random) for v in x])
    if type(x).__name__ == 'dtype' or str(type(x)).endswith("dtype'>"):
        return ('dtype', str(x).split('.')[-1])
    return (type(x).__name__, x)


class Raised:
    def __init__(self, error):
        self.type, self.message = type(error).__name__, comparable(error)

    def __repr__(self):
        return f'{self.type}({self.message})'


def comparable(error):
    """An error message as compared: 'torch.' read as 'minigrad.', memory addresses left out."""
    return re.sub(r'0x[0-9a-fA-F]+', '0x...', str(error).replace('torch.', 'minigrad.'))


def run(sample, L):
    """Run a sample in the library L: the list of (label, observation) it gives, ending at the first error."""
    seen = []
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        try:
            leaves, inputs, roots = make_inputs(sample, L)
            result = sample.fn(L, *inputs)
        except Exception as e:      # noqa: BLE001 (every error is compared with PyTorch's)
            return seen + [('forward raises', Raised(e))]
        seen.append(('output', observe(result, sample.random)))
        seen += [(f'input {k} after the call', observe(x, sample.random)) for k, x in enumerate(inputs)
                 if hasattr(x, 'grad_fn')]
        outs = [t for t in tensors_in(result) + roots if t.requires_grad]
        if not outs or sample.random:
            return seen
        rng = np.random.default_rng(zlib.crc32(sample.id.encode()) + 1)
        create = sample.second and sample.dtype == 'float64'
        try:
            ups = [L.tensor(rng.standard_normal(tuple(t.shape)), dtype=t.dtype) for t in outs]
            L.autograd.backward(outs, ups, create_graph=create)
        except Exception as e:      # noqa: BLE001
            return seen + [('backward raises', Raised(e))]
        grads = [leaf.grad for leaf in leaves]
        seen += [(f'gradient of input {k}', observe(g)) for k, g in enumerate(grads)]
        if not create:
            return seen
        # what autograd.grad hands out under create_graph ends in the node of the formula's last op that has an
        # input in the graph: with a constant upstream gradient (a loss's), and with one that itself requires grad
        # (a Hessian-vector product's, where every op of the formula that touches it counts)
        for upstream, graphed in (('constant', ups), ('requiring grad', [u.detach().requires_grad_() for u in ups])):
            try:
                firsts = L.autograd.grad(outs, leaves, graphed, create_graph=True, allow_unused=True) if leaves else ()
            except Exception as e:      # noqa: BLE001
                return seen + [(f'create_graph autograd.grad raises (the upstream {upstream})', Raised(e))]
            seen.append((f'nodes of the gradients under create_graph (the upstream {upstream})',
                         observe([type(g.grad_fn).__name__ if g is not None and g.grad_fn else None for g in firsts])))
        second = [(g, leaf) for g, leaf in zip(grads, leaves) if g is not None and g.requires_grad]
        if not second:
            return seen
        try:
            v = [L.tensor(rng.standard_normal(tuple(g.shape)), dtype=g.dtype) for g, _ in second]
            total = sum((g * w).sum() for (g, _), w in zip(second, v))
            seconds = L.autograd.grad(total, leaves, allow_unused=True)
        except Exception as e:      # noqa: BLE001
            return seen + [('double backward raises', Raised(e))]
        return seen + [(f'second derivative of input {k}', observe(g)) for k, g in enumerate(seconds)]
