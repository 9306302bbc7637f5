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
from dataclasses import dataclass, field

import numpy as np
import torch

from minigrad.functions.table import TABLE

DTYPES = ('bool', 'int32', 'int64', 'float32', 'float64')
LAYOUTS = ('transposed', 'strided', 'expanded', 'view_of_view')
TOL64 = dict(rtol=1e-10, atol=1e-12)
TOL32 = {'elementwise': dict(rtol=1e-5, atol=1e-6),      # one rounding per element: a few ulps
         'reduction': dict(rtol=1e-5, atol=1e-5),        # sums over up to ~24 terms in another order
         'product': dict(rtol=1e-5, atol=1e-5),          # matmul: dot products in another order
         'conv': dict(rtol=1e-4, atol=1e-4)}             # conv/pool/norm: longest sums, other blocking


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


def fn_of(name, kw=None):
    """The op called by name: minigrad.<name>(...) when PyTorch has it as a function, else a method of the first
    argument; F.<name> is nn.functional's."""
    kw = kw or {}
    if name.startswith('F.'):
        return lambda L, *a: getattr(L.nn.functional, name[2:])(*a, **kw)
    if hasattr(torch, name) and not name.startswith('_'):
        return lambda L, *a: getattr(L, name)(*a, **kw)
    return lambda L, x, *a: getattr(x, name)(*a, **kw)


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
        first.variants['out'] = with_out(lambda L, *a, **o: getattr(L, name)(*a, **kw, **o))
    shapes = {'0d': (), 'empty': (0, 3), 'size1': (1,), '3d': (2, 3, 4)}
    calls = [first] + [Call(i, (T(*s, low=low, high=high),), f) for i, s in shapes.items()]
    return OpInfo(fname, family, calls, inplace=inplace, auto_alias=True, kind='unary', kw=kw)


def binary(name, low=-2.0, high=2.0, rlow=-2.0, rhigh=2.0, inplace=None, out=True, operator=None, rname=None,
           alpha=False, family='elementwise', **kw):
    """A binary elementwise op: broadcasting on either side, 0-d and empty operands, Python scalars on either
    side (`operator`, e.g. '+', also gives the reflected form 1.5 + x), dtype promotion, alpha=."""
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
        same.variants['out'] = with_out(lambda L, *a, **o: getattr(L, name)(*a, **kw, **o))
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
    unary('logical_not', out=False),
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
    unary('bitwise_not', inplace='bitwise_not_'),
    *[unary(n, out=False) for n in ('isinf', 'isreal')],
    *[unary(n) for n in ('isposinf', 'isneginf', 'signbit')],
    # elementwise, two inputs
    binary('add', inplace='add_', operator='+', rname='__radd__', alpha=True),
    binary('sub', inplace='sub_', operator='-', rname='__rsub__', alpha=True),
    binary('mul', inplace='mul_', operator='*', rname='__rmul__'),
    binary('div', rlow=0.5, rhigh=2.0, inplace='div_', operator='/', rname='__rtruediv__'),
    binary('floor_divide', rlow=0.5, rhigh=2.0, inplace='floor_divide_', operator='//', rname='__rfloordiv__'),
    binary('remainder', rlow=0.5, rhigh=2.0, inplace='remainder_', operator='%', rname='__rmod__'),
    binary('pow', low=0.5, high=2.0, inplace='pow_', operator='**', rname='__rpow__'),
    binary('maximum'),
    binary('minimum'),
    binary('eq', out=False),
    binary('ne', out=False),
    binary('lt', out=False),
    binary('le', out=False),
    binary('gt', out=False),
    binary('ge', out=False),
    binary('__and__', out=False, rname='__rand__'),
    binary('__or__', out=False, rname='__ror__'),
    # elementwise math, two inputs
    *[binary(n, inplace=n + '_') for n in ('atan2', 'hypot', 'copysign', 'clamp_min', 'clamp_max')],
    binary('fmod', rlow=0.5, rhigh=2.0, inplace='fmod_'),
    binary('xlogy', low=0.1, high=3.0, inplace='xlogy_'),
    *[binary(n) for n in ('logaddexp', 'logaddexp2')],
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
    op('clone', ('x', (T(3, 4),), fn_of('clone')), ('0d', (T(),), fn_of('clone')), dtype_calls=1),
    op('contiguous', ('x', (T(3, 4),), method_of('contiguous')), dtype_calls=1),
    op('to', ('dtype', (T(3, 4),), lam('x: x.to(L.float32)')), ('same', (T(3, 4),), lam('x: x.to(x.dtype)')),
       ('int', (T(3, 4),), lam('x: x.to(dtype=L.int64)')), dtype_calls=1),
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
       family='fill', random=True),
    op('normal_', Call('x', (T(3, 4),), lam('x: x.clone().normal_()'), {'inplace': method_of('normal_')}),
       family='fill', random=True),
    op('random_', Call('x', (T(3, 4),), lam('x: x.clone().random_(0, 5)')), family='fill', random=True),
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
    op('squeeze', ('all', (T(3, 1, 4, 1),), fn_of('squeeze')), ('dim', (T(3, 1, 4), 1), fn_of('squeeze')),
       ('dim_not_1', (T(3, 4), 0), fn_of('squeeze')), ('0d', (T(),), fn_of('squeeze')),
       ('0d_dim', (T(), 0), fn_of('squeeze')), ('neg', (T(3, 1), -1), fn_of('squeeze')),
       errors=[('bad_dim', (T(3, 4), 2), fn_of('squeeze'))]),
    op('unsqueeze', ('x', (T(3, 4), 1), fn_of('unsqueeze')), ('neg', (T(3, 4), -1), fn_of('unsqueeze')),
       ('0d', (T(), 0), fn_of('unsqueeze')), ('end', (T(3, 4), 2), fn_of('unsqueeze')),
       errors=[('bad_dim', (T(3, 4), 3), fn_of('unsqueeze'))]),
    op('expand', ('x', (T(3, 1),), lam('x: x.expand(3, 4)')), ('new_dims', (T(3, 1),), lam('x: x.expand(2, -1, 4)')),
       ('0d', (T(),), lam('x: x.expand(2, 3)')), ('tuple', (T(1, 4),), lam('x: x.expand((3, 4))')),
       errors=[('bad', (T(3),), lam('x: x.expand(2, 4)'))]),
    op('expand_as', ('x', (T(1, 4), T(3, 4)), lam('x, y: x.expand_as(y)'))),
    op('broadcast_to', ('x', (T(3, 1), (2, 3, 4)), fn_of('broadcast_to')), ('0d', (T(), (2,)), fn_of('broadcast_to'))),
    op('permute', ('x', (T(2, 3, 4), (2, 0, 1)), fn_of('permute')), ('neg', (T(2, 3, 4),),
        lam('x: x.permute(-1, 0, 1)')),
       ('0d', (T(), ()), fn_of('permute')),
       errors=[('duplicate', (T(2, 3), (0, 0)), fn_of('permute'))]),
    op('transpose', ('x', (T(2, 3, 4), 0, 2), fn_of('transpose')), ('neg', (T(3, 4), -1, -2), fn_of('transpose')),
       ('0d', (T(), 0, -1), fn_of('transpose')), ('same', (T(3, 4), 1, 1), fn_of('transpose')),
       ('swapaxes', (T(3, 4), 0, 1), fn_of('swapaxes')), ('swapdims', (T(3, 4), 0, 1), fn_of('swapdims')),
       errors=[('bad_dim', (T(3, 4), 0, 2), fn_of('transpose'))]),
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
       errors=[('out_of_range', (T(3),), lam('x: x[5]')), ('too_many', (T(3),), lam('x: x[0, 0]')),
               ('float_index', (T(3),), lam('x: x[1.0]'))], family='index'),
    op('__setitem__', ('int', (T(3, 4), T(4)), lam('x, v: (x.clone().__setitem__(1, v), )')),
       ('scalar', (T(3, 4),), lam('x: x.clone().__setitem__(slice(None), 2.0)')),
       ('mask', (T(3, 4), B(3, 4)), lam('x, m: x.clone().__setitem__(m, 0.5)')),
       errors=[('broadcast', (T(2, 3), T(2)), lam('x, v: x.clone().__setitem__(0, v)'))], family='index'),
    op('narrow', ('x', (T(5, 3), 0, 1, 3), fn_of('narrow')), ('neg', (T(5, 3), -1, 1, 2), fn_of('narrow')),
       ('empty', (T(5, 3), 0, 2, 0), fn_of('narrow')), ('neg_start', (T(5, 3), 0, -2, 2), fn_of('narrow')),
       errors=[('past_end', (T(5),), lam('x: x.narrow(0, 3, 4)'))], family='index'),
    op('split', ('int', (T(5, 3), 2), fn_of('split')), ('sizes', (T(5, 3), [1, 4]), fn_of('split')),
       ('dim', (T(3, 5), 2, 1), fn_of('split')), ('empty', (T(0, 3), 2), fn_of('split')),
       errors=[('sizes', (T(5),), lam('x: x.split([2, 2])'))], family='index'),
    op('chunk', ('x', (T(3, 6), 3, 1), fn_of('chunk')), ('uneven', (T(5, 2), 2), fn_of('chunk')),
       errors=[('zero', (T(5),), lam('x: x.chunk(0)'))], family='index'),
    op('unbind', ('x', (T(3, 2),), fn_of('unbind')), ('dim', (T(3, 2), 1), fn_of('unbind')),
       ('neg', (T(3, 2), -1), fn_of('unbind')), family='index'),
    # products
    op('matmul', ('2d', (T(3, 4), T(4, 5)), fn_of('matmul')), ('1d_1d', (T(4), T(4)), fn_of('matmul')),
       ('2d_1d', (T(3, 4), T(4)), fn_of('matmul')), ('1d_2d', (T(4), T(4, 5)), fn_of('matmul')),
       ('batched', (T(2, 3, 4), T(2, 4, 5)), fn_of('matmul')), ('bcast', (T(2, 1, 3, 4), T(5, 4, 2)), fn_of('matmul')),
       ('batched_1d', (T(2, 3, 4), T(4)), fn_of('matmul')), ('1d_batched', (T(4), T(2, 4, 3)), fn_of('matmul')),
       ('empty', (T(0, 4), T(4, 5)), fn_of('matmul')), ('operator', (T(3, 4), T(4, 5)), lam('x, y: x @ y')),
       ('rmatmul', (T(4, 5),), lam('y: y.__rmatmul__(L.ones(3, 4, dtype=y.dtype))')),
       errors=[('0d', (T(), T(3)), fn_of('matmul')), ('sizes', (T(2, 3), T(4, 5)), fn_of('matmul')),
               ('float_double', (T(2, 3, dtype='float32'), T(3, 2)), fn_of('matmul'))],
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
       errors=[('channels', (T(4, 2), T(3), T(3, low=0.5)), lam('x, m, v: L.nn.functional.batch_norm(x, m, v)'))],
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
       errors=[('weight_grad', (T(3, 5), I(3, high=5), T(5, low=0, high=1)), fn_of(F + 'nll_loss'))],
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
    factory('is_tensor', ('yes', lambda L: L.is_tensor(L.ones(1))), ('no', lambda L: L.is_tensor([1]))),
    factory('rand', ('x', lambda L: L.rand(2, 3)), ('dtype', lambda L: L.rand(2, dtype=L.float64)), random=True),
    factory('randn', ('x', lambda L: L.randn(2, 3)), ('grad', lambda L: L.randn(2, requires_grad=True)), random=True),
    factory('randint', ('x', lambda L: L.randint(0, 5, (2, 3))), ('high', lambda L: L.randint(5, (4,))), random=True),
    factory('randperm', ('x', lambda L: L.randperm(5)), random=True),
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
    op('new_tensor', ('x', (T(2, 3),), lam('x: x.new_tensor([1, 2])')), ('float', (T(2, 3),),
        lam('x: x.new_tensor([1.5])')),
       family='factory'),
    # -- reductions and scans ---

    # -- sorting and selection ---

    # -- gathering, scattering and masking ---

    # -- shape ops ---

    # -- einsum, products and linalg ---

    # -- dtypes and random ---

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

    # -- nn.functional: layers (conv, pooling, normalization, embedding, attention) ---

]

# Public names that are not ops with a value to compare, and where they are tested instead.
NOT_OPS = {
    'cpu': 'a device move (tests/test_device.py)',
    'cuda': 'a device move; no GPU here (tests/test_device.py with the strict cupy stand-in)',
    'type': "a dtype or device move spelled as a type name ('torch.DoubleTensor'); tests/test_tensor.py",
}

# Samples that differ from PyTorch today: sample id (a glob) -> what differs: why. Each is an xfail(strict=True):
# the fix of the op makes it pass, and then its line here must go.
KNOWN = {
    'floor_divide-same-out-grad':
        "no error: PyTorch refuses out= when an input requires grad ('functions with out=... arguments don't "
        "support automatic differentiation')",
    'exp-x-out-int64 log-x-out-int64 sqrt-x-out-int64 sigmoid-x-out-int64 tanh-x-out-int64 clamp-x-out-int64 '
    'div-same-out-int64':
        "no error: PyTorch refuses a float result in an int64 out= ('result type Float can't be cast')",
    'clamp-x-inplace-nonleaf-int64':
        "message: 'output type Long' where PyTorch says 'long int'",
    'random_-x-bool F.conv2d-x-bool F.max_pool2d-x-bool F.avg_pool2d-x-bool randint_like-x-bool':
        'no error or another error where PyTorch refuses bool input',
    'F.binary_cross_entropy-mean-bool F.nll_loss-mean-bool':
        'losses: a numpy error or a value where PyTorch refuses bool input',
    'F.batch_norm-train-int*':
        'a numpy casting error where PyTorch refuses integer input',
    'F.nll_loss-mean-int*':
        'a value where PyTorch refuses integer input',
    'F.avg_pool2d-x-int32':
        'a value where PyTorch refuses int32 avg_pool2d',
    'F.avg_pool2d-x-int64':
        'dtype float64 where PyTorch keeps int64',
    '__and__-bad_broadcast-error':
        'float operands: numpy TypeError where PyTorch refuses in its words; bool & int: bool, not int64',
    '__or__-bad_broadcast-error':
        'float operands: numpy TypeError where PyTorch refuses in its words; bool | int: bool, not int64',
    '__setitem__-broadcast-error':
        "message 'size of tensor a must match' where PyTorch says 'The expanded size'",
    'reshape-empty-float64':
        'message: PyTorch says the -1 is ambiguous for 0 elements',
    'F.*_grad-error':
        'no error: PyTorch refuses a weight (pos_weight) that requires grad',
    'view-dtype_same-float64':
        'view(dtype) is not supported',
    'prod-0d_dim-float64 var-0d_dim-float64':
        'a dim on a 0-d tensor (dim 0 / -1 is allowed in PyTorch) crashes',
    'reshape-flat-strided reshape-flat-view_of_view':
        "reshape of a non-contiguous view: node ViewBackward0 where PyTorch's is ReshapeAliasBackward0",
    'reshape_as-x-[sv]*':
        'reshape of a non-contiguous view: node ViewBackward0, PyTorch ReshapeAliasBackward0',
    'flatten-all-[sv]*':
        'reshape of a non-contiguous view: node ViewBackward0, PyTorch ReshapeAliasBackward0',
    '__getitem__-column-float64 __getitem__-none-float64 __getitem__-ellipsis-float64':
        'x[:, 1], x[..., -1], x[None]: SliceBackward0 where PyTorch has Select/Unsqueeze',
    '__getitem__-0d*-float64':
        'x[()] / x[None] of a 0-d tensor: Select/SliceBackward0, PyTorch Alias/UnsqueezeBackward0',
    'matmul-batched-float64 matmul-batched_1d-float64 matmul-1d_batched-float64':
        'batched matmul: node BmmBackward0 where PyTorch has UnsafeViewBackward0',
    'matmul-bcast-float64':
        'batched matmul: node BmmBackward0 where PyTorch has UnsafeViewBackward0',
    'F.linear-1d-float*':
        'linear of a 1-d input: AddBackward0 where PyTorch has ViewBackward0',
    'F.cross_entropy-probs-float*':
        'class probabilities: DivBackward0 where PyTorch has DivBackward1',
    'prod-0d-float64':
        'prod of a 0-d tensor: the first gradient requires grad; PyTorch: it does not',
    'var-0d-float64':
        'var of a 0-d tensor: the first gradient requires grad (nan); PyTorch: it does not',
    'var-empty-float64':
        'var of an empty tensor: the first gradient requires grad; PyTorch: it does not',
    'fill_-tensor_value-float*':
        'fill_ with a 0-d tensor: no gradient for the value; PyTorch gives its sum',
    'F.batch_norm-train-expanded':
        "an expanded input crashes ('output array is read-only')",
    'F.batch_norm-train-bool F.batch_norm-eval-float64':
        'double backward through NativeBatchNormBackward0 is not supported',
    'acos-x-out-int64 acosh-x-out-int64 asin-x-out-int64 asinh-x-out-int64 atan-x-out-int64 atan2-same-out-int64 '
    'atanh-x-out-int64 copysign-same-out-int64 cos-x-out-int64 cosh-x-out-int64 erf-x-out-int64 erfc-x-out-int64 '
    'erfinv-x-out-int64 exp2-x-out-int64 expm1-x-out-int64 log10-x-out-int64 log1p-x-out-int64 log2-x-out-int64 '
    'reciprocal-x-out-int64 rsqrt-x-out-int64 sin-x-out-int64 sinc-x-out-int64 sinh-x-out-int64 tan-x-out-int64 '
    'xlogy-same-out-int64':
        "no error: PyTorch refuses a float result in an int64 out= ('result type Float can't be cast')",
    'floor_divide-bcast_rank_right-inplace-nonleaf floor_divide-bcast_rank_right-inplace-nonleaf-float32 '
    'floor_divide-bcast_rank_right-inplace-view floor_divide-same-inplace-nonleaf '
    'floor_divide-same-inplace-nonleaf-float32 floor_divide-same-inplace-view':
        "floor_divide_ in place on a tensor that requires grad: minigrad's backward raises 'derivative for "
        "aten::floor_divide is not implemented', PyTorch's does not",
    'copysign-0d_left-float64 copysign-0d_right-float64 copysign-bcast_rank_left-float64 '
    'copysign-bcast_rank_right-float64 copysign-bcast_rank_right-inplace-nonleaf '
    'copysign-bcast_rank_right-inplace-view copysign-bcast_size1-float64 copysign-empty-float64 '
    'copysign-float32_0d_float64-float64 copysign-float32_float64-float64 copysign-same-expanded '
    'copysign-same-float64 copysign-same-inplace-nonleaf copysign-same-inplace-view copysign-same-method '
    'copysign-same-strided copysign-same-transposed copysign-same-view_of_view copysign-scalar_bool-float64 '
    'copysign-scalar_float-float64 copysign-scalar_int-float64':
        'copysign: the first derivative leaves the graph under create_graph (no second derivative)',
    'bitwise_and-bad_broadcast-error bitwise_left_shift-bad_broadcast-error bitwise_or-bad_broadcast-error '
    'bitwise_right_shift-bad_broadcast-error bitwise_xor-bad_broadcast-error':
        'a float bad-broadcast pair: minigrad names the dtype kernel first where PyTorch reports the broadcast',
    'F.gaussian_nll_loss-mean-bool F.gaussian_nll_loss-mean-int*':
        "clamp_ of an integer tensor: message 'output type Int' where PyTorch says 'int' (as clamp-x-inplace-*)",
    'F.normalize-zero_row-float64':
        "norm's second derivative at a zero row: 0 where PyTorch gives nan",
    'F.pairwise_distance-x-float* F.pairwise_distance-x-[tsev]* F.pairwise_distance-p1*':
        "Tensor.norm(p, dim): node LinalgVectorNormBackward0 where PyTorch's is NormBackward1",
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
        out += [Sample(f'{info.name}-{c.id}-{d}', c.fn, c.args, dtype=d, **base) for d in dtypes]
    first = info.calls[0]
    if any(isinstance(a, Arg) and a.shape for a in first.args):
        out += [Sample(f'{info.name}-{first.id}-{lay}', first.fn, first.args, layout=lay, **base) for lay in LAYOUTS]
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
    return names


# ---- running a sample in one library --------------------------------------------------------------------------

def values(arg, dtype, rng):
    """The numpy data of an Arg."""
    dtype = arg.dtype or dtype
    if dtype == 'bool':
        return rng.random(arg.shape) > 0.5
    if dtype.startswith('int'):
        low, high = int(np.ceil(arg.low)), int(np.floor(arg.high))
        if arg.low > 0:
            low = max(low, 1)
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


def observe(x, random=False, node=True):
    """What can be seen of a result: for a tensor its dtype, shape, flags, node name (unless `node` is False: a
    gradient's node is the engine's, PyTorch's AccumulateGrad copies under create_graph) and value."""
    if hasattr(x, 'grad_fn') and hasattr(x, 'shape'):
        seen = dict(dtype=str(x.dtype).replace('torch.', '').replace('minigrad.', ''), shape=tuple(x.shape),
                    requires_grad=x.requires_grad)
        if node:
            seen.update(is_leaf=x.is_leaf, grad_fn=type(x.grad_fn).__name__ if x.grad_fn is not None else None)
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
        seen += [(f'gradient of input {k}', observe(g, node=False)) for k, g in enumerate(grads)]
        if not create:
            return seen
        second = [(g, leaf) for g, leaf in zip(grads, leaves) if g is not None and g.requires_grad]
        if not second:
            return seen
        try:
            v = [L.tensor(rng.standard_normal(tuple(g.shape)), dtype=g.dtype) for g, _ in second]
            total = sum((g * w).sum() for (g, _), w in zip(second, v))
            seconds = L.autograd.grad(total, leaves, allow_unused=True)
        except Exception as e:      # noqa: BLE001
            return seen + [('double backward raises', Raised(e))]
        return seen + [(f'second derivative of input {k}', observe(g, node=False)) for k, g in enumerate(seconds)]
