"""einsum: sums of products of the operands' elements named by subscripts ('ij,jk->ik'), in PyTorch's two forms:
an equation string (with '...' for broadcast dims, a repeated subscript for a diagonal, an implicit output) or
operands and sublists (einsum(a, [0, 1], b, [1, 2], [0, 2])).

It is PyTorch's composite, step for step, so its graph (and every derivative's) is PyTorch's: each operand is
aligned to one order of dims (the output's subscripts, then the summed ones; diagonal for a repeated subscript,
unsqueeze for a missing one, permute), then the operands are multiplied left to right, two at a time, each pair as
one batched matrix product (sumproduct_pair: permute, reshape, bmm, view, permute), summing a dim as soon as no
operand left needs it."""
import math
import string

from .operands import write_out
from .table import export
from ..dtypes import title

LETTERS = string.ascii_letters


def align(inputs, output, dots, operands):
    """The operands with their dims in one order: the output's subscripts, then the '...' dims when the output has
    none, then the other subscripts (A-Z, a-z); and per position the count of operands whose size there is not 1."""
    order = list(output) + ([] if dots and dots[0] in output else list(dots))
    order += sorted({c for labels in inputs for c in labels} - set(order), key=lambda c: (c.islower(), c))
    place = {c: k for k, c in enumerate(order)}
    counts, aligned = [0] * len(order), []
    for labels, op in zip(inputs, operands):
        permutation, dim = [-1] * len(order), 0
        for c in labels:
            first = permutation[place[c]]
            if first == -1:
                counts[place[c]] += op.shape[dim] != 1
                permutation[place[c]], dim = dim, dim + 1
            else:           # a repeated subscript: the diagonal, in the first one's place
                op = op.diagonal(0, first, dim).movedim(-1, first)
        for k in range(len(order)):
            if permutation[k] == -1:        # a subscript the operand lacks: a dim of 1
                op, permutation[k], dim = op.unsqueeze(dim), dim, dim + 1
        aligned.append(op.permute(permutation))
    return aligned, counts


def contract(aligned, counts, kept):
    """The aligned operands multiplied left to right; a summed dim (past the `kept` output dims) is summed out with
    the pair that last has it, or by its one operand alone before."""
    ops = list(aligned)
    while len(ops) > 1:
        a, b = ops[0], ops[1]
        both, a_only, b_only = [], [], []
        for d in range(kept, len(counts)):
            if a.shape[d] != 1 and b.shape[d] != 1:
                counts[d] -= 1
                if counts[d] == 1:
                    both.append(d)
                    counts[d] = 0
            elif counts[d] == 1 and (a.shape[d] != 1 or b.shape[d] != 1):
                (a_only if a.shape[d] != 1 else b_only).append(d)
                counts[d] = 0
        a = a.sum(a_only, True) if a_only else a
        b = b.sum(b_only, True) if b_only else b
        ops = [sumproduct_pair(a, b, both)] + ops[2:]
    result = ops[0]
    if len(counts) == kept:
        return result
    if len(aligned) > 1:     # the summed dims are all 1 now
        return result.view(result.shape[:kept])
    return result.sum(list(range(kept, len(counts))))


def sumproduct_pair(left, right, summed):
    """(left * right).sum(summed, keepdim=True) as one bmm: the dims in both (batch), in left alone, summed, in
    right alone, flattened to (batch, left's, summed) @ (batch, summed, right's), viewed and permuted back."""
    if not summed:
        return left * right
    both, lone, rone = [], [], []
    for d in range(left.ndim):
        sl, sr = left.shape[d] != 1, right.shape[d] != 1
        if d in summed:
            if sl and not sr:
                left = left.sum(d, True)
            elif sr and not sl:
                right = right.sum(d, True)
        else:
            (both if sl and sr else lone if sl else rone).append(d)
    size = [math.prod(left.shape[d] for d in both), math.prod(left.shape[d] for d in lone),
            math.prod(left.shape[d] if left.shape[d] != 1 else right.shape[d] for d in summed),
            math.prod(right.shape[d] for d in rone)]
    out_size = [left.shape[d] for d in both + lone] + [1] * len(summed) + [right.shape[d] for d in rone]
    product = left.permute(both + lone + summed + rone).reshape(size[0], size[1], size[2]).bmm(
        right.permute(both + summed + rone + lone).reshape(size[0], size[2], size[3]))
    back = both + lone + summed + rone
    return product.view(out_size).permute([back.index(d) for d in range(left.ndim)])


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
    """The subscripts of each operand and of the output, with '...' spelled as letters the equation does not use
    (the widest '...', right-aligned in each operand), and those letters."""
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
    return tuple(spelled), output, dots


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
    inputs, output, dots = parse(equation, operands)
    for t in operands[1:]:
        if t._data.dtype != operands[0]._data.dtype:
            raise RuntimeError(f'expected scalar type {title(operands[0]._data.dtype)} but found '
                               f'{title(t._data.dtype)}')
    aligned, counts = align(inputs, output, dots, operands)
    return write_out(contract(aligned, counts, len(output)), out, 'einsum')

