"""einsum: sums of products of the operands' elements named by subscripts ('ij,jk->ik'), in PyTorch's two forms:
an equation string (with '...' for broadcast dims, a repeated subscript for a diagonal, an implicit output) or
operands and sublists (einsum(a, [0, 1], b, [1, 2], [0, 2])). The contraction order is numpy's (einsum_path).

The gradient of an operand is an einsum itself: the output's gradient times the other operands, to the operand's
subscripts. A subscript the operand alone sums over is broadcast back (a ones operand), a repeated one is put back
on the diagonal (identity operands), so every order of derivative is an einsum again."""
import string

from .grad_utils import as_tensor
from .matrices import on_tensors
from .operands import write_out
from .table import export
from ..autograd.function import Op
from ..backend import get_array_module
from ..dtypes import title

LETTERS = string.ascii_letters


class EinsumBackward0(Op):
    """out = einsum(equation, *operands) = sum over the subscripts not in the output of the products;
    doperand_k = einsum(g, the other operands -> operand k's subscripts)"""

    @staticmethod
    def forward(ctx, *arrays, inputs=(), output=''):
        ctx.inputs, ctx.output = inputs, output
        ctx.save_for_backward(*[a if any(ctx.needs_input_grad[:k] + ctx.needs_input_grad[k + 1:]) else None
                                for k, a in enumerate(arrays)])
        ctx.sizes = label_sizes(inputs, arrays)
        return get_array_module(*arrays).einsum(','.join(inputs) + '->' + output, *arrays, optimize=True)

    @staticmethod
    @on_tensors
    def backward(ctx, g):
        operands = [as_tensor(a) if a is not None else None for a in ctx.saved_tensors]
        return tuple(operand_grad(ctx, k, g, operands) if need else None
                     for k, need in enumerate(ctx.needs_input_grad))


def label_sizes(inputs, arrays):
    sizes = {}
    for labels, a in zip(inputs, arrays):
        for label, n in zip(labels, a.shape):
            if sizes.get(label, 1) == 1:
                sizes[label] = n
    return sizes


def operand_grad(ctx, k, g, operands):
    """g times the other operands, to operand k's subscripts (broadcast over those it alone sums, its repeated
    ones on the diagonal)."""
    target = ctx.inputs[k]
    unique = ''.join(dict.fromkeys(target))
    terms = [(ctx.output, g)] + [(s, t) for j, (s, t) in enumerate(zip(ctx.inputs, operands)) if j != k]
    seen = set(''.join(s for s, _ in terms))
    xp = get_array_module(g._data)
    for label in unique:
        if label not in seen:       # summed by operand k alone: its gradient is the same along that dim
            terms.append((label, as_tensor(xp.ones(ctx.sizes[label], g._data.dtype))))
    grad = einsum_of(terms, unique)
    if len(unique) == len(target):
        return grad
    fresh = iter(c for c in LETTERS if c not in ''.join(ctx.inputs) + ctx.output)
    spelled, diagonals, used = '', [], set()
    for label in target:
        if label in used:           # a repeated subscript: a new one, tied to the first by an identity
            new = next(fresh)
            diagonals.append((label + new, as_tensor(xp.eye(ctx.sizes[label], dtype=g._data.dtype))))
            label = new
        used.add(label)
        spelled += label
    return einsum_of([(unique, grad)] + diagonals, spelled)


def einsum_of(terms, output):
    return EinsumBackward0.apply(*[t for _, t in terms], inputs=tuple(s for s, _ in terms), output=output)


# -- parsing -------------------------------------------------------------------------------------------------------
def from_sublists(args):
    """einsum(op1, sublist1, op2, sublist2, ..., [sublist_out]) as an equation and operands."""
    def spell(sublist):
        return ''.join('...' if s is Ellipsis else LETTERS[s] for s in sublist)
    operands = list(args[0:-1:2]) if len(args) % 2 else list(args[0::2])
    subs = [spell(s) for s in args[1::2]]
    equation = ','.join(subs[:len(operands)])
    if len(args) % 2:
        equation += '->' + spell(args[-1])
    return equation, operands


def parse(equation, operands):
    """The subscripts of each operand and of the output, with '...' spelled as letters the equation does not use."""
    equation = equation.replace(' ', '')
    lhs, arrow, rhs = equation.partition('->')
    inputs = lhs.split(',')
    if len(inputs) < len(operands):
        raise RuntimeError('einsum(): more operands were provided than specified in the equation')
    if len(inputs) > len(operands):
        raise RuntimeError('einsum(): fewer operands were provided than specified in the equation')
    for i, c in enumerate(equation):
        if not (c in LETTERS or c in ',.->'):
            raise RuntimeError(f'einsum(): invalid subscript given at index {i} in the equation string, subscripts '
                               'must be in [a-zA-Z]')
    free = [c for c in LETTERS[::-1] if c not in equation]
    spelled, widest = [], 0
    for k, (labels, t) in enumerate(zip(inputs, operands)):
        named = len(labels.replace('...', ''))
        if '...' in labels:
            n = t.ndim - named
            if n < 0:
                raise_dims(named, t.ndim, k, ' ')
            widest = max(widest, n)
            labels = labels.replace('...', ''.join(free[:n][::-1]) if n else '')
        elif named != t.ndim:
            raise_dims(named, t.ndim, k, ' and no ellipsis was given')
        spelled.append(labels)
    dots = ''.join(free[:widest][::-1])
    if arrow:
        output = rhs.replace('...', dots)
        for c in rhs.replace('...', ''):
            if rhs.count(c) > 1:
                raise RuntimeError(f'einsum(): output subscript {c} appears more than once in the output')
            if c not in lhs:
                raise RuntimeError(f'einsum(): output subscript {c} does not appear in the equation for any input '
                                   'operand')
    else:
        output = dots + ''.join(sorted(c for c in set(lhs) if c in LETTERS and lhs.count(c) == 1))
    check_sizes(spelled, operands)
    return tuple(spelled), output


def check_sizes(spelled, operands):
    """PyTorch's errors for a subscript whose sizes differ (1 broadcasts)."""
    sizes = {}
    for k, (labels, t) in enumerate(zip(spelled, operands)):
        mine = {}
        for label, n in zip(labels, t.shape):
            if label in mine and mine[label] != n:
                raise RuntimeError(f"einsum(): subscript {label} is repeated for operand {k} but the sizes don't "
                                   f'match, {n} != {mine[label]}')
            mine[label] = n
        for label, n in mine.items():
            if sizes.get(label, 1) != 1 and n not in (1, sizes[label]):
                raise RuntimeError(f'einsum(): subscript {label} has size {n} for operand {k} which does not '
                                   f'broadcast with previously seen size {sizes[label]}')
            if sizes.get(label, 1) == 1:
                sizes[label] = n


def raise_dims(named, ndim, k, tail):
    raise RuntimeError(f'einsum(): the number of subscripts in the equation ({named}) '
                       f'{"is more than" if tail == " " else "does not match"} the number of dimensions ({ndim}) for '
                       f'operand {k}{tail.rstrip()}')


@export(method=False)
def einsum(*args, out=None):
    if args and not isinstance(args[0], str):
        equation, operands = from_sublists(args)
    else:
        equation, operands = args[0], list(args[1:])
        if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
            operands = list(operands[0])
    inputs, output = parse(equation, operands)
    for t in operands[1:]:
        if t._data.dtype != operands[0]._data.dtype:
            raise RuntimeError(f'expected scalar type {title(operands[0]._data.dtype)} but found '
                               f'{title(t._data.dtype)}')
    return write_out(EinsumBackward0.apply(*operands, inputs=inputs, output=output), out, 'einsum')

