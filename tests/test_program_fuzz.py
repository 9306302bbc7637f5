"""Random programs, run in PyTorch and in minigrad and compared end to end.

A program is data: a list of Python lines that use only `torch`, so the same text runs with `import torch` and
with `import minigrad as torch`, and a failure prints it for anyone to paste into a file. hypothesis draws it one
line at a time, running each line in PyTorch as it goes (so every choice fits the shapes and dtypes at hand):

  - 1-3 leaves (float64 mostly, float32, int64, bool; 0-d to 3-d, sometimes empty), most of them requiring grad,
  - 2-6 statements: ops of the database (tests/opdb.py: its unary, binary and reduction entries, with their
    keyword arguments and operators; views and shape ops; matmul), in-place ops on intermediates, on views and on
    leaves (an error), writes through an index, a change in place under no_grad of a tensor saved for backward,
    detach, retain_grad,
  - then a loss (the last tensor that requires grad times fixed weights, summed) and its backward, with
    create_graph on a share of them followed by the gradient of sum(x.grad ** 2) with respect to every leaf; or,
    for a fifth of them, autograd.grad of the loss with respect to 1-3 tensors that require grad, non-leaves too
    (the engine runs only the nodes that lead to them).

Both libraries run the lines one by one; after each assignment the new tensor is observed (value, dtype, shape,
requires_grad, is_leaf, grad_fn's name), and at the end every tensor and its .grad. A line that raises in PyTorch
ends the program: minigrad must raise there too, the same type with the same message (tests/opdb.py's Raised).

Tolerances: float64 rtol 1e-10 (the same arithmetic); float32 rtol 1e-4 / atol 1e-5: up to six ops compound a
few ulps each, and a sum over up to 27 terms in another order. A float64 value computed from a float32 (or
float16) result anywhere upstream (torch.float_power(torch.exp(int_tensor)): exp of an int64 gives float32) carries
its ulps, so it is compared at the float32 tolerance (spread_float32). A float32 second derivative is often a small
difference of large terms (mish's at 7: -0.00075 from terms near 1, 5% apart between the libraries, both that far
from the float64 value; silu's at 14: 1 - sigmoid is a few ulps of 1): rtol 1e-2 / atol 1e-3 there (the float64
programs check the formulas tightly). A chain can magnify a few ulps past these (tan of digamma near a pole: 2.6e-4
relative between the libraries, each that far from the float64 value): where PyTorch's own float32 value is that far
from the float64 value of the same program run in float64 (float32_gaps), the gap times 10 is the atol too.

Programs that hit a bug someone is fixing today match a line of KNOWN_BUGS and count as seen, not failed
(hypothesis.event names them; the shrunk example of each is a strict xfail below). Default profile: 8 times the
profile's max_examples: 200 programs (a few seconds), the same ones each run; `--hypothesis-profile=thorough` runs
8000 new ones.
"""
import re
import warnings

import numpy as np
import pytest
import torch
from hypothesis import event, given, settings, strategies as st

import minigrad
import opdb
from test_opdb import compare_observed

TOL32 = dict(rtol=1e-4, atol=1e-5)
TOL32_SECOND = dict(rtol=1e-2, atol=1e-3)
TOL64 = dict(rtol=1e-10, atol=1e-12)
# A float64 second derivative that is 0 (std over two values) is the rounding of products of the program's values:
# its atol is TOL64's times the square of the largest value PyTorch saw in the program (magnitude)
GAP_FACTOR = 10     # float32: within TOL32, or within 10 times PyTorch's own float32 error (float32_gaps)
EXACT_DTYPES = ('bool', 'uint8', 'int8', 'int16', 'int32', 'int64')    # (no_float32_answer)

UNARY = [o for o in opdb.OPS if o.kind == 'unary' and o.name not in ('__invert__', '__pos__')]
BINARY = [o for o in opdb.OPS if o.kind == 'binary']
REDUCTIONS = [o for o in opdb.OPS if o.kind == 'reduction']
INPLACE = [o for o in UNARY + BINARY if o.inplace]
# views and shape ops of the database, written for any input `a` (some raise for some shapes: compared too)
SHAPE = {
    't': ['{a}.t()'], 'transpose': ['{a}.transpose(0, -1)'],
    'permute': ['{a}.permute(tuple(range({a}.dim() - 1, -1, -1)))'],
    '__getitem__': ['{a}[1:]', '{a}[..., ::2]', '{a}[0]', '{a}[None]', '{a}[{a} > 0]', '{a}[[0, 0]]'],
    'unsqueeze': ['{a}.unsqueeze(0)'], 'squeeze': ['{a}.squeeze()'], 'reshape': ['{a}.reshape(-1)'],
    'view': ['{a}.view(-1)'], 'flatten': ['{a}.flatten()'], 'expand': ['{a}.expand(2, *{a}.shape)'],
    'narrow': ['{a}.narrow(0, 0, 1)'], 'clone': ['{a}.clone()'], 'contiguous': ['{a}.contiguous()'],
    'cat': ['torch.cat([{a}, {a}])'], 'stack': ['torch.stack([{a}, {a}], -1)'], 'unbind': ['{a}.unbind()[0]'],
    'split': ['{a}.split(1)[-1]'], 'where': ['torch.where({a} > 0, {a}, 0.5)'],
}
assert set(SHAPE) <= set(opdb.by_name()), 'every shape statement is an op of the database'

KNOWN_BUGS = [
    # (name, the program's text matches, the first difference matches): today's differences (most of them also
    # strict xfails of tests/opdb.py), counted as seen. Remove a line when its bug is fixed.
    ("the sign of a NaN: numpy's invalid operations (log of a negative number) give -nan, PyTorch's +nan; signbit "
     'and copysign show it', r'signbit|copysign', r'line \d+: v\d+\n'),
    ("x[0] = t for an integer (or bool) x and a 0-d t that requires grad: PyTorch's fill_ of the part records a graph "
     "(CopySlices: x then requires grad, and ops on it refuse, 'Autograd not support dtype'), minigrad records "
     'nothing, as PyTorch for a copy_ (a t of 1 or more dims); the same for an in-place comparison (b.eq_(t)); a '
     "view of x then follows x's requires_grad in PyTorch, and a view it cannot remake raises",
     r'\] = |\.(eq|ne|lt|le|gt|ge)_\(',
     r"requires_grad False != torch True|grad_fn None != torch 'CopySlices'|Autograd not support dtype|"
     r"can't retain_grad on Tensor that has requires_grad=False|"
     r"'dtype': '(int64|bool)'[^\n]*\ntorch: [^\n]* raises RuntimeError\(A view was created in no_grad mode|"
     r'One of the differentiated Tensors does not require grad|'
     r'isDifferentiableType\(grad.scalar_type\(\)\) INTERNAL ASSERT FAILED|'   # (backward into such a bool tensor)
     r'\], which is output 0 of torch::autograd::CopySlices, is at version|'   # (its node named: a saved one changed,
     r'\[minigrad\.(Long|Bool)Tensor \[[^\]]*\]\], which is output 0 of AsStrided, is at version|'   # or a view of it)
     r'torch:\s+RuntimeError\(a leaf Variable that requires grad is being used in an in-place operation|'  # (x then
     r'RuntimeError\(A view was created in no_grad mode and (is being|its base or another view of its base has '  # a
     r'been) modified inplace with grad mode enabled\. This view is the output of a function that returns multiple '
     r'views'),   # leaf that requires grad)
    ("PyTorch's float64 bessel_j0/j1/y0/y1 and airy_ai are approximations accurate to about 1e-8 beyond |x| = 2 "
     "(1e-6 beyond 5: J0(5.001) is -0.17726951 in PyTorch, -0.17726914 exactly); minigrad's, scipy's, to a few ulps",
     r'bessel_[jy][01]|airy_ai',
     r'Mismatched elements[^\n]*\n((Mismatch at|First \d+ mismatches are at)[^\n]*\n( [^\n]*\n)*)?'
     r'Max absolute difference among violations: '
     r'[^\n]*\nMax relative difference among violations: \d(\.\d+)?e-(0[5-9]|1\d)\n'),
    ("PyTorch's bug: an in-place step of a backward formula (std's under create_graph) meets sgn's efficient zero "
     "and raises 'ZeroTensors are immutable'; minigrad gives the zero gradient", r'\babs\b|sgn',
     r'ZeroTensors are immutable'),
    ('gelu of a contiguous float32 tensor goes through oneDNN in PyTorch: NaN at +inf, inf near the float32 '
     "maximum, a few ulps apart elsewhere; PyTorch's own kernel (a 0-d or transposed tensor, or mkldnn off) gives "
     'what minigrad gives', r'gelu',
     r'(line \d+: v\d+|v\d+ at the end)\n(nan location|inf values) mismatch:\n ACTUAL: array\([^\n]*dtype=float32'),
    ("softshrink's 0 for -lambd <= a <= lambd: PyTorch's vectorized loop gives +0, its scalar loop (a tensor of a "
     "few elements) a * 0, so -0 for a negative a; minigrad +0 everywhere (a division by it or atan2 shows the sign)",
     r'softshrink', r'(line \d+: ((v|grads\[)\d+\]?|loss)|v\d+ at the end)\n(inf values mismatch|nan location mismatch|'
     r'Mismatched elements[^\n]*\nMax absolute difference among violations: (3\.1415926|6\.2831853))'),
    # (the sign shown by a division, or by atan2; a sum of such infinities of both signs is nan)
    ("softshrink's (hardshrink's, hardtanh's, elu's) gradient at NaN: PyTorch's kernel takes one branch in its "
     "vectorized loop (8 float64 at a time) and the other in its scalar tail; minigrad one of them everywhere",
     r'shrink|hardtanh|relu6|elu',
     r'(\.grad|second\[\d+\]|grads\[\d\])\n(Mismatched elements|nan location mismatch)'),
]


def literal(array):
    return repr(np.asarray(array).tolist())


def leaf_line(draw, name):
    shape = tuple(draw(st.lists(st.integers(1, 3), max_size=3)))
    if draw(st.integers(0, 9)) == 0:
        shape = shape[:-1] + (0,) if shape else (0,)
    dtype = draw(st.sampled_from(['float64'] * 5 + ['float32', 'int64', 'bool']))
    grad = dtype.startswith('float') and draw(st.integers(0, 4)) > 0
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 16)))
    if dtype == 'bool':
        data = rng.random(shape) > 0.5
    elif dtype == 'int64':
        data = rng.integers(-3, 4, size=shape)
    else:
        data = np.round(rng.uniform(-2, 2, size=shape), 2)
    if 0 in shape:
        return f'{name} = torch.zeros({shape}, dtype=torch.{dtype}, requires_grad={grad})'
    return f'{name} = torch.tensor({literal(data)}, dtype=torch.{dtype}, requires_grad={grad})'


def call(info, *args):
    """The text of a call of a database entry."""
    name, kw = info.name, [f'{k}={v!r}' for k, v in info.kw.items()]
    if name.startswith('F.'):
        return f'torch.nn.functional.{name[2:]}({", ".join([*args, *kw])})'
    if info.operator and len(args) == 2:
        return f'{args[0]} {info.operator} {args[1]}'
    if hasattr(torch, name) or name.startswith('special.'):
        return f'torch.{name}({", ".join([*args, *kw])})'
    return f'{args[0]}.{name}({", ".join([*args[1:], *kw])})'


def other_operand(draw, ns, names, a):
    """A second operand for `a`: a tensor it broadcasts with, or a Python scalar."""
    fits = [n for n in names if broadcasts(ns[n].shape, ns[a].shape)]
    if fits and draw(st.booleans()):
        return draw(st.sampled_from(fits))
    return repr(draw(st.sampled_from([1.5, -0.5, 2, True])))


def broadcasts(s, t):
    try:
        np.broadcast_shapes(tuple(s), tuple(t))
        return True
    except ValueError:
        return False


def statement(draw, ns, names, target):
    """One line: `target = ...`, or an in-place change, a write through an index, retain_grad."""
    a = draw(st.sampled_from(names))
    kind = draw(st.sampled_from(['unary'] * 3 + ['binary'] * 3 + ['reduction', 'shape', 'shape', 'matmul',
                                                                    'inplace', 'inplace', 'setitem', 'no_grad',
                                                                    'no_grad_view', 'detach', 'retain_grad']))
    if kind == 'unary':
        return f'{target} = {call(draw(st.sampled_from(UNARY)), a)}'
    if kind == 'binary':
        return f'{target} = {call(draw(st.sampled_from(BINARY)), a, other_operand(draw, ns, names, a))}'
    if kind == 'reduction':
        info = draw(st.sampled_from(REDUCTIONS))
        dims = ns[a].dim()
        if not dims or draw(st.booleans()):
            return f'{target} = {call(info, a)}'
        dim, keep = draw(st.integers(-dims, dims - 1)), draw(st.booleans())
        pick = '[0]' if info.name in ('max', 'min') else ''
        return f'{target} = {a}.{info.name}(dim={dim}, keepdim={keep}){pick}'
    if kind in ('shape', 'no_grad_view'):     # (a view taken in no_grad mode follows its base without a node)
        template = draw(st.sampled_from(SHAPE[draw(st.sampled_from(sorted(SHAPE)))]))
        return f'{"with torch.no_grad(): " if kind == "no_grad_view" else ""}{target} = {template.format(a=a)}'
    if kind == 'matmul':
        fits = [n for n in names if matmul_fits(ns[a], ns[n])]
        return f'{target} = {a} @ {draw(st.sampled_from(fits))}' if fits else f'{target} = {a} * 2'
    if kind == 'inplace':
        info = draw(st.sampled_from(INPLACE))
        args = other_operand(draw, ns, names, a) if info.kind == 'binary' else ''
        kw = ', '.join(f'{k}={v!r}' for k, v in info.kw.items())
        return f'{a}.{info.inplace}({", ".join(x for x in (args, kw) if x)})'
    if kind == 'setitem':
        return f'{a}[0] = {other_operand(draw, ns, names, a) if draw(st.booleans()) else "1.5"}'
    if kind == 'no_grad':
        return f'with torch.no_grad(): {a}.mul_(2)'
    if kind == 'detach':
        return f'{target} = {a}.detach()'
    return f'{a}.retain_grad()'


def matmul_fits(x, y):
    try:
        with torch.no_grad():
            x @ y
        return True
    except RuntimeError:
        return False


def run_line(line, ns):
    """Run one line; the error it raised, or None."""
    try:
        exec(line, ns)
    except Exception as e:      # noqa: BLE001 (an error is compared with PyTorch's)
        return e
    return None


@st.composite
def programs(draw):
    """A list of lines, drawn while they run in PyTorch."""
    ns, lines = {'torch': torch}, []
    names = []
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for i in range(draw(st.integers(1, 3))):
            lines.append(leaf_line(draw, f'x{i}'))
            run_line(lines[-1], ns)
            names.append(f'x{i}')
        for k in range(draw(st.integers(2, 6))):
            tensors = [n for n in names if isinstance(ns.get(n), torch.Tensor)]
            lines.append(statement(draw, ns, tensors, f'v{k}'))
            if run_line(lines[-1], ns) is not None:
                return lines
            target = assigned(lines[-1])
            if target and target not in names:
                names.append(target)
        roots = [n for n in names if isinstance(ns.get(n), torch.Tensor) and ns[n].requires_grad]
        if not roots:
            return lines
        root = roots[-1]
        rng = np.random.default_rng(draw(st.integers(0, 2 ** 16)))
        shape = tuple(ns[root].shape)
        dtype = str(ns[root].dtype).replace('torch.', '')
        weights = (f'torch.zeros({shape}' if 0 in shape     # a literal [[], []] would be (2, 0) for (2, 0, 2)
                   else f'torch.tensor({literal(np.round(rng.uniform(-1, 1, size=shape), 2))}')
        lines.append(f'loss = ({root} * {weights}, dtype=torch.{dtype})).sum()')
        create = draw(st.integers(0, 3)) == 0
        if draw(st.integers(0, 4)) == 0:    # autograd.grad with respect to some of the tensors, non-leaves too
            wrt = draw(st.lists(st.sampled_from(roots), min_size=1, max_size=3, unique=True))
            lines.append(f'grads = torch.autograd.grad(loss, [{", ".join(wrt)}], allow_unused=True'
                         + (', create_graph=True)' if create else ')'))
            return lines
        lines.append('loss.backward(create_graph=True)' if create else 'loss.backward()')
        for line in lines[-2:]:
            if run_line(line, ns) is not None:
                return lines
        leaves = [n for n in names if n.startswith('x') and ns[n].requires_grad]
        twice = [n for n in leaves if ns[n].grad is not None and ns[n].grad.requires_grad]
        if create and twice:
            total = ' + '.join(f'({n}.grad ** 2).sum()' for n in twice)
            lines.append(f'second = torch.autograd.grad({total}, [{", ".join(leaves)}], allow_unused=True)')
    return lines


def assigned(line):
    match = re.match(r'(?:with torch\.no_grad\(\): )?(\w+) = ', line)
    return match.group(1) if match else None


def run_program(lines, lib, through32=None, nudge=False):
    """Run the program with `torch` = lib: what each line gives (or the error it raises), then every tensor's
    state and gradient. In PyTorch, the set `through32` (if given) gets the labels of the values computed from a
    float32 result (spread_float32). `nudge`: after each line every float64 tensor's values move by 2^-50 of
    themselves (through .data: no version change), a few ulps of rounding (float64_gaps)."""
    ns, seen, tainted = {'torch': lib}, [], set()
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for k, line in enumerate(lines):
            error = run_line(line, ns)
            if error is not None:
                return seen + [(f'line {k + 1} raises', opdb.Raised(error))]
            for value in ns.values() if nudge else ():
                if isinstance(value, torch.Tensor) and value.dtype == torch.float64 and 0 not in value.stride():
                    value.data.mul_(1 + 2 ** -50)   # (not an expanded view: its memory is its base's, nudged too)
            target = assigned(line)
            if through32 is not None:
                spread_float32(line, ns, tainted)
            if target:
                seen.append((f'line {k + 1}: {target}', look(lambda: ns[target])))
                if target in tainted:
                    through32.add(seen[-1][0])
        for name, value in ns.items():
            if name != 'torch' and hasattr(value, 'shape'):
                seen.append((f'{name} at the end', look(lambda: value)))
                seen.append((f'{name}.grad', look(lambda: value.grad)))
                if through32 is not None:
                    through32.update(label for label, t in ((f'{name} at the end', name), (f'{name}.grad', 'loss'))
                                     if t in tainted)
    return seen


def spread_float32(line, ns, tainted):
    """Add to `tainted` the tensor that a line (run in PyTorch) assigns or changes in place, when it is a float32 or
    float16 result (not a leaf made: its literal is exact; a leaf changed in place, x0.exp_(), is a result), an ldexp of a float32 operand (2^e in e's dtype, for a
    float64 result too), or when one of the line's operands is tainted; a change in place reaches every tensor
    sharing the changed one's memory. Gradients (x0.grad) follow the loss."""
    names = re.findall(r'\b(?:x\d+|v\d+|loss)\b', line) + (['loss'] if '.grad' in line else [])
    target = assigned(line)
    changed = ns.get(target or names[0])
    low = (not target or target[0] != 'x') and getattr(changed, 'dtype', None) in (torch.float32, torch.float16)
    low = low or 'ldexp' in line and any(getattr(ns.get(n), 'dtype', None) == torch.float32 for n in names)
    if not (low or tainted & set(names)):
        return
    if target:
        tainted.add(target)
    else:
        memory = changed.untyped_storage().data_ptr()
        tainted.update(n for n, v in ns.items()
                       if isinstance(v, torch.Tensor) and v.untyped_storage().data_ptr() == memory)


def look(get):
    """opdb.observe of what get() gives, or the error that looking raises (PyTorch refuses to show the grad_fn of
    a view whose base was changed in place, for one)."""
    try:
        x = get()
        return None if x is None else opdb.observe(x)
    except Exception as e:      # noqa: BLE001
        return opdb.Raised(e)


def render(lines):
    return '\n'.join(['import torch  # or: import minigrad as torch'] + lines)


def check_program(lines):
    through32 = set()
    want, got = run_program(lines, torch, through32), run_program(lines, minigrad)
    gaps, gaps64 = float32_gaps(lines, want, through32), None
    try:
        for (t_label, t_seen), (m_label, m_seen) in zip(want, got):
            if t_label != m_label:
                raise AssertionError(f'minigrad: {m_label} {m_seen!r}\ntorch: {t_label} {t_seen!r}')
            second = t_label.endswith(': second')
            tol32, tol64 = (TOL32_SECOND, dict(TOL64, atol=TOL64['atol'] * max(1.0, magnitude(want)) ** 2)) \
                if second else (TOL32, TOL64)
            if t_label in gaps:
                tol32 = dict(tol32, atol=max(tol32['atol'], GAP_FACTOR * gaps[t_label]))
                if no_float32_answer(t_seen, gaps[t_label]):
                    t_seen, m_seen = ({k: v for k, v in s.items() if k != 'value'} for s in (t_seen, m_seen))
            try:
                compare_observed(t_label, m_seen, t_seen, tol32, tol32 if t_label in through32 else tol64)
            except AssertionError:
                if t_label in through32:
                    raise
                gaps64 = gaps64 if gaps64 is not None else float64_gaps(lines, want)
                tol64 = dict(tol64, atol=max(tol64['atol'], GAP_FACTOR * gaps64.get(t_label, 0.0)))
                compare_observed(t_label, m_seen, t_seen, tol32, tol64)
        assert len(got) == len(want), f'minigrad: {[l for l, _ in got]}\ntorch: {[l for l, _ in want]}'
    except AssertionError as e:
        raise AssertionError(f'{e}\n\nthe program:\n{render(lines)}') from None


def float64_gaps(lines, want):
    """PyTorch's own sensitivity to float64 rounding at each value: how far it moves when every float64 value of the
    program moves by a few ulps after each line (run_program's nudge). An ill-conditioned chain (sin of exp of cosh:
    PyTorch's cosh(3.68) and cosh(16) are 1 ulp from the exact values, numpy's exact) turns an ulp into more than
    TOL64 in either library."""
    seen = dict(run_program(lines, torch, nudge=True))
    gaps = {label: value_gap(s, seen.get(label)) for label, s in want}
    return {label: gap for label, gap in gaps.items() if gap is not None}


def float32_gaps(lines, want, through32):
    """PyTorch's own float32 error at each value computed through float32: the largest gap between the value and
    the one the same program gives in float64 (float32 and float16 leaves and the default dtype made float64).
    An ill-conditioned chain (tan of digamma near a pole) turns a few ulps into more than TOL32 in either library."""
    if not through32:
        return {}
    wide = [re.sub(r'torch\.float(32|16)\b', 'torch.float64', line) for line in lines]
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        wide_seen = dict(run_program(wide, torch))
    finally:
        torch.set_default_dtype(default)
    gaps = {}
    for label, seen in want:
        gap = value_gap(seen, wide_seen.get(label)) if label in through32 else None
        if gap is not None:
            gaps[label] = gap
    return gaps


def no_float32_answer(seen, gap):
    """Whether PyTorch's float32 gives no value to hold minigrad to: one infinite where float64's is finite, or an
    exact result (a comparison, an integer) that float32's rounding changed: PyTorch's float32 i0e(0) is 1 - 2^-24
    (minigrad's, rounded from float64, 1), so `i0e(x) == 1` is False in PyTorch, True in float64 and minigrad."""
    return isinstance(seen, dict) and (gap == np.inf or gap > 0 and seen['dtype'] in EXACT_DTYPES)


def magnitude(observed):
    """The largest finite |value| among the observations (label, seen) of a program."""
    values = [np.abs(np.asarray(seen['value'], dtype=float)) for _, seen in observed
              if isinstance(seen, dict) and seen.get('value') is not None and np.size(seen['value'])]
    return max((float(v[np.isfinite(v)].max(initial=0)) for v in values), default=0.0)


def value_gap(a, b):
    """The largest difference between the finite values of two observations of the same structure (None if they
    differ in structure or shape); inf where one is finite and the other not (PyTorch's float32 i0(0) is 1 - 2^-24,
    so atanh of it is 8.7 where float64's is inf: float32 gives no answer there to compare with)."""
    if isinstance(a, dict) and isinstance(b, dict) and 'value' in a and 'value' in b:
        x, y = np.asarray(a['value'], dtype=float), np.asarray(b['value'], dtype=float)
        if x.shape != y.shape:
            return None
        both = np.isfinite(x) & np.isfinite(y)
        if (np.isfinite(x) != np.isfinite(y)).any():
            return np.inf
        return float(np.abs(x[both] - y[both]).max(initial=0))
    if isinstance(a, tuple) and isinstance(b, tuple) and a[0] == b[0] and a[0] in ('tuple', 'list', 'namedtuple'):
        gaps = [value_gap(x, y) for x, y in zip(a[1], b[1])] if len(a[1]) == len(b[1]) else [None]
        return None if None in gaps else max(gaps, default=0)
    return None


def known_bug(lines, error):
    code, message = '\n'.join(lines), str(error).split('\n\nthe program:')[0]
    for name, code_pattern, message_pattern in KNOWN_BUGS:
        if re.search(code_pattern, code) and re.search(message_pattern, message):
            return name
    return None


# The default profile runs the same programs every time (CI stays green until the code changes); others draw anew.
@settings(max_examples=settings.default.max_examples * 8,
          derandomize=getattr(settings, '_current_profile', None) == 'default')
@given(programs())
def test_program(lines):
    try:
        check_program(lines)
    except AssertionError as e:
        name = known_bug(lines, e)
        if name is None:
            raise
        event(f'known bug: {name}')


# The shrunk program of each bug the fuzzer found (KNOWN_BUGS): a strict xfail until it is fixed.
FOUND = {
    "the sign of a NaN: numpy's invalid operations (log of a negative number) give -nan, PyTorch's +nan; signbit "
    'and copysign show it': """
x0 = torch.tensor(-1.9, dtype=torch.float64, requires_grad=False)
v2 = torch.log(x0)
v3 = torch.signbit(v2)
""",
    "x[0] = t for an integer (or bool) x and a 0-d t that requires grad: PyTorch's fill_ of the part records a graph "
    "(CopySlices: x then requires grad, and ops on it refuse, 'Autograd not support dtype'), minigrad records "
    'nothing, as PyTorch for a copy_ (a t of 1 or more dims); the same for an in-place comparison (b.eq_(t)); a '
    "view of x then follows x's requires_grad in PyTorch, and a view it cannot remake raises": """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
x1 = torch.tensor([[2]], dtype=torch.int64, requires_grad=False)
x1[0] = x0
""",
    "PyTorch's float64 bessel_j0/j1/y0/y1 and airy_ai are approximations accurate to about 1e-8 beyond |x| = 2 "
    "(1e-6 beyond 5: J0(5.001) is -0.17726951 in PyTorch, -0.17726914 exactly); minigrad's, scipy's, to a few ulps": """
x1 = torch.tensor([0.55, -0.92, -1.84], dtype=torch.float64, requires_grad=False)
v0 = x1 @ x1
v1 = torch.special.bessel_j0(v0)
""",
    "PyTorch's bug: an in-place step of a backward formula (std's under create_graph) meets sgn's efficient zero "
    "and raises 'ZeroTensors are immutable'; minigrad gives the zero gradient": """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
v0 = torch.std(x0)
v1 = torch.sgn(v0)
loss = (v1 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    'gelu of a contiguous float32 tensor goes through oneDNN in PyTorch: NaN at +inf, inf near the float32 '
    "maximum, a few ulps apart elsewhere; PyTorch's own kernel (a 0-d or transposed tensor, or mkldnn off) gives "
    'what minigrad gives': """
x0 = torch.tensor([0, 0], dtype=torch.int64, requires_grad=False)
v0 = torch.rsqrt(x0)
v3 = torch.nn.functional.gelu(v0)
""",
    "softshrink's 0 for -lambd <= a <= lambd: PyTorch's vectorized loop gives +0, its scalar loop (a tensor of a "
    "few elements) a * 0, so -0 for a negative a; minigrad +0 everywhere (a division by it or atan2 shows the sign)": """
x0 = torch.tensor([-0.31], dtype=torch.float64, requires_grad=False)
v1 = torch.nn.functional.softshrink(x0, lambd=0.7)
v2 = x0 / v1
""",
    "softshrink's (hardshrink's, hardtanh's, elu's) gradient at NaN: PyTorch's kernel takes one branch in its "
    "vectorized loop (8 float64 at a time) and the other in its scalar tail; minigrad one of them everywhere": """
x1 = torch.tensor([-0.92, -0.92, -0.92, -0.92, -0.92, -0.92, -0.92, -0.92], dtype=torch.float64, requires_grad=True)
v1 = torch.log(x1)
v4 = torch.nn.functional.softshrink(v1, lambd=0.7)
loss = (v4 * torch.tensor([0.27, -0.46, -0.92, 0.5, 0.27, -0.46, -0.92, 0.5], dtype=torch.float64)).sum()
loss.backward()
""",
}


@pytest.mark.parametrize('name', [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=n)) for n in FOUND])
def test_found_program(name):
    check_program(FOUND[name].strip().splitlines())


# Programs the thorough profile found, fixed since: each must agree with PyTorch from now on.
FIXED = {
    "(the fuzzer) The same from an integer leaf: float64_gaps moves every float64 value after each line, not only the "
    "leaves (cosh(16) of float_power(4, 2), then sin)": """
x0 = torch.tensor(2, dtype=torch.int64, requires_grad=False)
with torch.no_grad(): x0.mul_(2)
v1 = torch.float_power(x0, 2)
v1.cosh_()
v3 = torch.sin(v1)
""",
    "hardswish's gradient is 0 below -3 whatever the upstream gradient (PyTorch's kernel selects it: an inf g gave "
    "inf * 0 = nan)": """
x0 = torch.tensor([0.55, -0.92, -1.84], dtype=torch.float64, requires_grad=True)
with torch.no_grad(): x0.mul_(2)
v1 = torch.nn.functional.hardswish(x0)
v2 = x0 / v1
loss = (v2 * torch.tensor([0.27, -0.46, -0.92], dtype=torch.float64)).sum()
grads = torch.autograd.grad(loss, [x0], allow_unused=True, create_graph=True)
""",
    "(the fuzzer) A float64 value through an ill-conditioned chain (sin of exp of cosh: PyTorch's cosh(-3.68) is 1 ulp "
    "from the exact value, numpy's exact) is held to PyTorch's own sensitivity to a few ulps (float64_gaps)": """
x0 = torch.tensor([0.55, -0.92, -1.84], dtype=torch.float64, requires_grad=False)
with torch.no_grad(): x0.mul_(2)
x0.cosh_()
x0.exp_()
x0.sin_()
""",
    "An input an in-place op on a view saved, on the view's memory (its base), is named by its own node when changed "
    "(CopySlices), not by the view's (AsStrided): only the op's output saved is named by the view's": """
x0 = torch.zeros((1, 0), dtype=torch.float64, requires_grad=True)
v0 = x0 * 2
v1 = v0.expand(2, *v0.shape)
v1.ldexp_(v0)
v5 = torch.exp(v0)
loss = (v5 * torch.zeros((1, 0), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "logaddexp2(a, a) is PyTorch's fused multiply-add, a + 1 - 4.8e-17 in float64 (-4.8e-17 at a = -1, where numpy "
    "gives 0)": """
x0 = torch.tensor(-1.98, dtype=torch.float64, requires_grad=False)
v0 = torch.sgn(x0)
v1 = torch.logaddexp2(v0, v0)
v2 = x0 / v1
""",
    "(the fuzzer) A comparison of a float32 value that PyTorch's float32 rounding decides (its i0e(0) is 1 - 2^-24) "
    "has no float32 answer to hold minigrad to (no_float32_answer)": """
x0 = torch.tensor(False, dtype=torch.bool, requires_grad=False)
v0 = torch.special.i0e(x0)
v1 = v0 == True
""",
    "A setitem whose value has the part's shape copies it as it is, so the leaf written is refused before the value "
    "(a view made in no_grad mode whose base changed) is read, as in PyTorch": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
x1 = torch.zeros((1, 0), dtype=torch.float64, requires_grad=True)
with torch.no_grad(): v0 = x0.permute(tuple(range(x0.dim() - 1, -1, -1)))
with torch.no_grad(): x0.mul_(2)
x1[0] = v0
""",
    "A comparison of operands of two dtypes casts them without a node, so a part of split whose base changed in "
    "place compares as in PyTorch (no autograd error)": """
x0 = torch.zeros((0,), dtype=torch.float32, requires_grad=True)
x1 = torch.zeros((0,), dtype=torch.float64, requires_grad=False)
v0 = x0.split(1)[-1]
x0.logical_not_()
v3 = x1 == v0
""",
    "Under create_graph the gradient through a view remade after its base changed in no_grad mode is PyTorch's "
    "as_strided_backward (AsStridedBackward0), where it was the engine's sum (SumBackward0)": """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
v0 = x0.expand(2, *x0.shape)
with torch.no_grad(): x0.mul_(2)
with torch.no_grad(): x0.mul_(2)
v3 = torch.exp(v0)
loss = (v3 * torch.tensor([0.27, -0.46], dtype=torch.float64)).sum()
grads = torch.autograd.grad(loss, [x0], allow_unused=True, create_graph=True)
""",
    "A slice of a whole dim (narrow(0, 0, 1) of one element) is PyTorch's slice: under create_graph its gradient ends "
    "in SliceBackwardBackward0": """
x0 = torch.tensor([0.55], dtype=torch.float64, requires_grad=True)
v0 = torch.exp(x0)
v1 = x0.narrow(0, 0, 1)
v2 = torch.exp(v1)
loss = (v2 * torch.tensor([0.27], dtype=torch.float64)).sum()
grads = torch.autograd.grad(loss, [x0], allow_unused=True, create_graph=True)
""",
    "PyTorch's composites that check their arguments before their first op (narrow, flatten, movedim, chunk, "
    "indexing's leading int) raise their own error before the autograd layer's error for a view whose base "
    "changed": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
with torch.no_grad(): v0 = x0.permute(tuple(range(x0.dim() - 1, -1, -1)))
with torch.no_grad(): x0.mul_(2)
v2 = v0.narrow(0, 0, 1)
""",
    "Under create_graph with an upstream gradient that carries a graph, the base of an in-place write through a view "
    "gets its gradient from CopySlices alone, which runs the op's node inside itself (it was the sum of two paths, "
    "AddBackward0)": """
x1 = torch.tensor([[0.5, -1.2], [0.3, 0.1]], dtype=torch.float64, requires_grad=True)
v1 = x1 + 1
v1[0] = 1.5
loss = (v1 * v1).sum()
grads = torch.autograd.grad(loss, [x1], allow_unused=True, create_graph=True)
""",
    "Under create_graph with an upstream gradient that carries a graph, the indexings' and scatters' gradients are "
    "PyTorch's formulas (take's: PutBackward0, where it was minigrad's ViewBackward0)": """
x1 = torch.tensor([0.5, -1.2, 0.3], dtype=torch.float64, requires_grad=True)
v1 = torch.exp(x1)
v2 = torch.take(v1, torch.tensor([0, 2]))
loss = (v2 * v2).sum()
grads = torch.autograd.grad(loss, [v1], allow_unused=True, create_graph=True)
""",
    "PyTorch's NotImplemented nodes (floor division's) take the largest sequence number, so the engine runs them "
    "first among the ready nodes: their error comes before a saved tensor's": """
x0 = torch.zeros((2,), dtype=torch.float64, requires_grad=True)
v0 = x0 // 1.5
v1 = torch.exp(x0)
v1.exp_()
v3 = torch.special.xlog1py(v0, v1)
loss = (v3 * torch.ones((2,), dtype=torch.float64)).sum()
loss.backward()
""",
    "torch.special's Bessel functions of a 0-d tensor give a 0-d tensor that in-place ops can write (scipy gave a "
    "number)": """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=False)
v0 = torch.special.bessel_j0(x0)
v0.exp_()
""",
    "the node a gradient ends in under create_graph is PyTorch's: sigmoid's gradient is its sigmoid_backward kernel "
    "(SigmoidBackwardBackward0), not the last product of a formula": """
x1 = torch.tensor([0.5, -1.2], dtype=torch.float64, requires_grad=True)
v1 = torch.sigmoid(x1)
loss = (v1 * torch.tensor([0.3, -0.7], dtype=torch.float64)).sum()
grads = torch.autograd.grad(loss, [x1], allow_unused=True, create_graph=True)
""",
    "a batch of small matrices is multiplied as PyTorch's bmm kernel does, without fused multiply-adds (an exact "
    "cancellation is 0: its sign, its log)": """
x2 = torch.tensor([[[-1.94, -1.03], [0.86, -0.36]], [[1.56, -1.0], [-0.6, -1.74]], [[1.76, 0.46], [1.35, -1.76]]], dtype=torch.float64, requires_grad=False)
v0 = x2 @ x2
v1 = torch.sgn(v0)
""",
    "a cast of an expanded tensor (float_power's to float64) is laid out in C order, as PyTorch's copy": """
x0 = torch.tensor([0.55, -0.92], dtype=torch.float32, requires_grad=True)
v0 = x0.expand(2, *x0.shape)
x0.retain_grad()
v2 = torch.float_power(x0, v0)
v3 = v2.contiguous()
loss = (v3 * torch.tensor([[0.27, -0.46], [-0.92, -0.97]], dtype=torch.float64)).sum()
grads = torch.autograd.grad(loss, [x0], allow_unused=True, create_graph=True)
""",
    "stack of expanded tensors is contiguous, as PyTorch's (so view(-1) works)": """
x0 = torch.tensor([0.55, -0.92], dtype=torch.float64, requires_grad=False)
v0 = x0.expand(2, *x0.shape)
v1 = torch.stack([v0, v0], -1)
v3 = v1.view(-1)
""",
    "the saved output of an in-place op on a view, changed again through the base: the error names the view's node "
    "while it lives, the op once the view's node was remade (v2 read after v1.exp_())": """
x1 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
v1 = torch.exp(x1)
v2 = v1.permute(tuple(range(v1.dim() - 1, -1, -1)))
v2.exp_()
v1.exp_()
loss = (v2 * torch.zeros((0,), dtype=torch.float64)).sum()
grads = torch.autograd.grad(loss, [x1], allow_unused=True, create_graph=True)
""",
    "x[k] = v with v a view made in no_grad mode whose base changed since: the view's error before the shapes": """
x2 = torch.zeros((1, 0), dtype=torch.float64, requires_grad=True)
with torch.no_grad(): v0 = x2.expand(2, *x2.shape)
with torch.no_grad(): x2.mul_(2)
x2[0] = v0
""",
    "autograd.grad with respect to a tensor listed twice (x0 and x0.contiguous(), x0 itself) gives its gradient at "
    "both places": """
x0 = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
v1 = x0.contiguous()
v2 = torch.exp(v1)
loss = (v2 * torch.tensor([0.3, 0.2], dtype=torch.float64)).sum()
grads = torch.autograd.grad(loss, [x0, v1, v2, x0], allow_unused=True, create_graph=True)
""",
    "retain_grad() under create_graph: the retained .grad is a clone of the gradient (CloneBackward0), as "
    "PyTorch's": """
x0 = torch.tensor([0.3, -0.5], dtype=torch.float64, requires_grad=True)
v0 = x0 * x0
v0.retain_grad()
v5 = torch.exp(v0)
loss = (v5 * torch.tensor(0.27, dtype=torch.float64)).sum()
grads = torch.autograd.grad(loss, [x0], allow_unused=True, create_graph=True)
""",
    "nan_to_num_ (and copy_ onto itself) of an expanded integer tensor writes nothing in PyTorch: no memory check": """
x0 = torch.tensor(2, dtype=torch.int64, requires_grad=False)
v0 = x0.expand(2, *x0.shape)
v0.nan_to_num_()
v0.copy_(v0)
""",
    "under create_graph an efficient zero (sgn's derivative) that met a NaN in a formula (asin beyond [-1, 1]): a "
    "product with it is one too, as PyTorch's ZeroTensor, so the second derivative through that formula is 0": """
x0 = torch.tensor(-1.66, dtype=torch.float64, requires_grad=True)
v0 = torch.asin(x0)
v5 = torch.sgn(v0)
loss = (v5 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "elu (celu, selu) of -0.0 is -0.0, as PyTorch's expm1 gives it (log of it -inf, its gradient -inf)": """
x0 = torch.tensor([-1.72, -0.0], dtype=torch.float64, requires_grad=True)
v2 = torch.nn.functional.elu(x0, alpha=0.7)
v4 = torch.log(v2)
loss = (v4 * torch.tensor([0.27, -0.92], dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "with two saved tensors changed in place, backward names the one PyTorch's engine meets first: it runs the "
    "ready node made last first (sequence numbers), not in depth-first order": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
v0 = torch.exp(x0)
v1 = torch.special.xlog1py(x0, 1.5)
v0.exp_()
v3 = torch.special.xlog1py(v1, v0)
with torch.no_grad(): x0.mul_(2)
loss = (v3 * torch.zeros((0,), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "retain_grad() on a view made in no_grad mode whose base changed since is a leaf's no-op in PyTorch (no node "
    "of its own to read, unlike a part of split)": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
with torch.no_grad(): v0 = x0.permute(tuple(range(x0.dim() - 1, -1, -1)))
v1 = torch.exp(x0)
with torch.no_grad(): x0.mul_(2)
v0.retain_grad()
loss = (v1 * torch.zeros((0,), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "retain_grad() on a part of split whose base changed in place since: PyTorch reads its node, so raises the "
    "view's error; minigrad took it for a leaf": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
v0 = x0.split(1)[-1]
with torch.no_grad(): x0.mul_(2)
v0.retain_grad()
""",
    "an in-place op (x[0] = t, x.eq_(t), x.add_(t)) on an integer (or bool) view made in no_grad mode, t requiring "
    "grad: PyTorch's autograd layer raises its error for such a view (but for copy_, which checks the dtype first); "
    'minigrad kept no record of such integer views: it wrote, or raised the op\'s own error': """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
x2 = torch.zeros((3,), dtype=torch.int64, requires_grad=False)
with torch.no_grad(): v0 = x2.expand(2, *x2.shape)
v0[0] = x0
""",
    'the same view with add_ (the op\'s cast error came first) and with copy_ (PyTorch writes)': """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
x1 = torch.zeros((3,), dtype=torch.int64, requires_grad=False)
with torch.no_grad(): v0 = x1.expand(2, *x1.shape)
v1 = x1[1:]
with torch.no_grad(): v2 = v1.t()
v2.copy_(torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True))
v2[0] = torch.tensor(2.5, dtype=torch.float64, requires_grad=True)
v0.add_(x0)
""",
    "x2 @ v0 for a view v0 made in no_grad mode (no edge), x2 changed in place before backward: PyTorch keeps x2 only "
    "for v0's gradient, so it did not keep it (no error); minigrad kept it and raised the version error": """
x1 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
x2 = torch.tensor([0.55], dtype=torch.float64, requires_grad=False)
with torch.no_grad(): v0 = x1.flatten()
v1 = x2 @ v0
with torch.no_grad(): x2.mul_(2)
loss = (v1 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "polygamma(n, inf) for n >= 2 is NaN in PyTorch (its Hurwitz zeta at inf), scipy's 0": """
x0 = torch.tensor([float('inf'), 2.5], dtype=torch.float64)
v0 = torch.polygamma(2, x0)
v1 = torch.polygamma(3, x0.float())
""",
    "sinc's derivative where pi a^2 underflows to 0 (|a| < 1e-162): PyTorch's mask gives 0, minigrad masked a = 0 "
    'alone (0 / 0)': """
x0 = torch.tensor([1e-300, -1e-170, 0.0], dtype=torch.float64, requires_grad=True)
v0 = torch.sinc(x0)
loss = (v0 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward()
""",
    "hypot's second derivative at tiny operands: PyTorch's formula (g * a) / out leaves 0, minigrad's g * (a / out) "
    'the rounding of terms of 1e299': """
x0 = torch.tensor([1e-300], dtype=torch.float64, requires_grad=True)
x1 = torch.tensor([1e-300], dtype=torch.float64, requires_grad=True)
v0 = torch.hypot(x0, x1)
v0.sum().backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum() + (x1.grad ** 2).sum(), [x0, x1], allow_unused=True)
""",
    "atan2's second derivative at the origin: PyTorch's formula masks the reciprocal of a^2 + b^2 there (its first "
    "derivative 0), and the reciprocal's own derivative makes the second NaN; minigrad's divided by 1 there (0)": """
x0 = torch.tensor([-0.96, 0.0], dtype=torch.float64, requires_grad=True)
v1 = torch.atan2(x0, x0)
loss = (v1 * torch.tensor([0.27, -0.46], dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "grid_sample's input gradient under create_graph with a grid that requires no grad: in the input's graph, as "
    "PyTorch's (GridSampler2DBackwardBackward0, whose derivative in the input is none); minigrad's required no "
    'grad': """
x0 = torch.arange(16., dtype=torch.float64).view(1, 1, 4, 4).requires_grad_()
x1 = torch.tensor([[[[0.1, -0.3], [0.5, 0.2]]]], dtype=torch.float64)
v0 = torch.nn.functional.grid_sample(x0, x1, align_corners=False)
loss = (v0 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "prelu's gradient under create_graph with a weight that requires no grad: in the input's graph, as PyTorch's "
    "(PreluKernelBackwardBackward0; its second derivative in the input is 0); minigrad's required no grad": """
x0 = torch.tensor([0.0, -1.5, 2.0], dtype=torch.float64, requires_grad=True)
v0 = torch.nn.functional.prelu(x0, torch.tensor([0.25], dtype=torch.float64))
loss = (v0 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "softplus's second derivative at beta a == threshold exactly: PyTorch's formula takes beta a < threshold there "
    "(0), its forward and first derivative the log branch; minigrad differentiated the log branch": """
x2 = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
v1 = torch.nn.functional.softplus(x2, beta=2.0, threshold=3.0)
loss = (v1 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x2.grad ** 2).sum(), [x2], allow_unused=True)
""",
    "(the fuzzer's own) a float32 leaf changed in place (x0.exp_(): an ulp apart in the two libraries) is a float32 "
    "result, so what is computed from it compares at float32's tolerance; the fuzzer took it for an exact literal": """
x0 = torch.tensor(1.48, dtype=torch.float32, requires_grad=False)
x1 = torch.tensor(0.55, dtype=torch.float64, requires_grad=False)
x0.exp_()
v2 = torch.special.xlog1py(x0, x1)
""",
    "x[0] = t into a part of unbind whose base changed since, t of another shape: taking the part (select) raises "
    "PyTorch's error for the view before the value is expanded; minigrad raised the shape error": """
x0 = torch.zeros((1, 2, 0), dtype=torch.float64, requires_grad=True)
v0 = x0.unbind()[0]
with torch.no_grad(): x0.mul_(2)
v0[0] = x0
""",
    "an in-place op (floor_divide_) reading a view made in no_grad mode whose base changed since, its shapes not "
    "fitting: PyTorch's autograd layer raises the view's error before the op's shape check; minigrad raised the "
    'shape error': """
x1 = torch.zeros((2, 0), dtype=torch.float64, requires_grad=True)
x2 = torch.tensor([[0.55], [-0.92], [-1.84]], dtype=torch.float64, requires_grad=False)
with torch.no_grad(): v0 = x1.flatten()
with torch.no_grad(): x1.mul_(2)
x2.floor_divide_(v0)
""",
    'an op on a view made in no_grad mode whose base changed in place since: PyTorch saves the view (copysign by a '
    "number: one input, saved whatever its edge) and backward raises when it unpacks it; minigrad saved nothing for "
    'an input without an edge, so it computed': """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
with torch.no_grad(): v0 = x0.expand(2, *x0.shape)
v1 = torch.copysign(v0, 1.5)
with torch.no_grad(): x0.mul_(2)
loss = (v1 * torch.zeros((2, 0), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    'an op on a view made in no_grad mode (it requires grad through its base alone, with no edge): PyTorch computes '
    "no gradient for it, so logaddexp's formula never meets the bool operand; minigrad computed it (and discarded "
    "it), which raised PyTorch's error for a bool subtraction": """
x0 = torch.tensor(0.55, dtype=torch.float64)
x2 = torch.tensor([0.3, 0.7], dtype=torch.float64, requires_grad=True)
with torch.no_grad(): v0 = x2.expand(2, *x2.shape)
v3 = torch.logical_not(x0)
v4 = torch.logaddexp(v0, v3)
loss = (v4 * torch.ones((2, 2), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    'an in-place op through a remade view with no elements, under create_graph: PyTorch\'s CopySlices copies the '
    "op's gradient into the base's, in the graph; minigrad's went through the remade view's node, which gives zeros "
    'outside it, so the second derivative raised': """
x0 = torch.zeros((1, 0), dtype=torch.float64, requires_grad=True)
v0 = torch.special.xlog1py(x0, 1.5)
v0[0] = 1.5
v3 = v0.expand(2, *v0.shape)
v0[0] = 1.5
v3.exp_()
loss = (v3 * torch.zeros((2, 1, 0), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    'a part of unbind taken in grad mode of a view made in no_grad mode, read after its base changed: PyTorch names '
    "unbind's rule (\"Output 0 of Unbind is a view and ...\"), the newer one; minigrad named the no_grad rule": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
with torch.no_grad(): v0 = x0.expand(2, *x0.shape)
v1 = v0.unbind()[0]
with torch.no_grad(): x0.mul_(2)
loss = (v1 * torch.zeros((0,), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "relu_ of an expanded bool tensor: relu's own check of its input ('Boolean inputs not supported for relu') comes "
    'before the in-place check of the memory written, as in PyTorch; minigrad raised the memory error': """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=False)
v0 = x0.all(dim=0, keepdim=False)
v1 = v0.expand(2, *v0.shape)
v1.relu_()
""",
    'v[0] = v for a view made in no_grad mode (one element onto itself, expanded): the error of the part written, '
    '"Output 0 of Select is a view of a view which was created in no_grad mode"; minigrad named the view itself': """
x0 = torch.tensor([0.55], dtype=torch.float64, requires_grad=True)
with torch.no_grad(): v0 = x0.unsqueeze(0)
v0[0] = v0
""",
    'x[0] = t through an integer view made in no_grad mode, t requiring grad: an integer view is no differentiable '
    "view (PyTorch writes); minigrad raised the no_grad view's error": """
x0 = torch.tensor([2, 1], dtype=torch.int64, requires_grad=False)
x2 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
with torch.no_grad(): v1 = x0.permute(tuple(range(x0.dim() - 1, -1, -1)))
with torch.no_grad(): x0.mul_(2)
v1[0] = x2
loss = (x2 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "an op's own error (t() of a 3-d tensor) on a view made in no_grad mode whose base changed in place since: "
    "PyTorch's autograd layer runs first and raises the view's error; minigrad raised the op's": """
x0 = torch.zeros((1, 0), dtype=torch.float64, requires_grad=True)
with torch.no_grad(): v1 = x0.expand(2, *x0.shape)
with torch.no_grad(): x0.mul_(2)
v3 = v1.t()
""",
    'a part of unbind taken while its base required no grad, read after an in-place write gave the base a graph: '
    "PyTorch's error for a view without a node (\"A view was created in no_grad mode ...\"); minigrad computed": """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
x1 = torch.zeros((1, 0), dtype=torch.float64, requires_grad=False)
x2 = torch.zeros((0,), dtype=torch.float64, requires_grad=False)
v1 = x1 @ x2
v2 = v1.unbind()[0]
v1[0] = x0
loss = (v2 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "prod's gradient under create_graph along an axis of one element holding a zero: PyTorch's formula gives g "
    'itself (no product of others), which does not require grad; minigrad built products of a': """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
v1 = x0.reshape(-1)
v2 = x0 - v1
v3 = torch.prod(v2)
loss = (v3 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "a zero remainder takes the dividend's sign, as PyTorch's fmod-based remainder (2 % -0.5 is +0; numpy's -0 "
    'made digamma of it +inf, PyTorch\'s -inf)': """
x0 = torch.tensor(2, dtype=torch.int64, requires_grad=False)
v0 = x0 % -0.5
v1 = torch.digamma(v0)
""",
    "mish's second derivative where exp(a) overflows: PyTorch's formula takes tanh(log1p(exp(a))) under "
    "create_graph, whose derivative is NaN there (minigrad's softplus gave a finite one)": """
x2 = torch.tensor([0.05, 1.8, -1.42], dtype=torch.float64, requires_grad=True)
v0 = torch.nn.functional.softmin(x2, dim=-1)
v1 = torch.deg2rad(v0)
v2 = x2 / v1
v4 = torch.nn.functional.mish(v2)
loss = (v4 * torch.tensor([0.27, -0.46, -0.92], dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x2.grad ** 2).sum(), [x2], allow_unused=True)
""",
    "PyTorch's overlap check compares the strides of size-1 dims too: a view (setitem drops a value's leading 1s "
    'by one) gives them the strides PyTorch\'s computeStride gives, not numpy\'s (x[0] = x.transpose(0, -1) for x of '
    'shape (1, 2, 1) refused, v[0] = v for v = x.permute(2, 1, 0) written)': """
x1 = torch.tensor([[[0.55], [-0.92]]], dtype=torch.float64, requires_grad=False)
v2 = x1.transpose(0, -1)
x1[0] = v2
v3 = x1.permute(tuple(range(x1.dim() - 1, -1, -1)))
v3[0] = v3
""",
    "a second derivative through v[0] = x for a 0-d x: the gradient of the part was taken by indexing with numpy "
    'integer scalars, which minigrad took for index arrays (shape (1,), not ()); numpy ints index as ints now': """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
v1 = torch.tensor([0.55], dtype=torch.float64, requires_grad=False)
v1[0] = x0
v4 = torch.exp(v1)
loss = (v4 * torch.tensor([0.27], dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "x[0] = x for a leaf x of shape (1, 1) that requires grad: PyTorch's autograd error (a view of a leaf written in "
    'place) comes before the overlap error': """
x0 = torch.tensor([[0.55]], dtype=torch.float64, requires_grad=True)
x0[0] = x0
""",
    "x[0] = x for x of shape (1, 1): PyTorch expands the value (dropped to 0-d) to the part, and its stride 0 "
    'differs from the part\'s: an overlap error, where a value of the part\'s own shape is copied as it is': """
x0 = torch.tensor([[0.55]], dtype=torch.float64, requires_grad=False)
x0[0] = x0
""",
    "setitem of a one-element value on the memory it is written to (v[0] = x, v = x.unsqueeze(0)): the value is "
    'dropped to 0-d and fills, as PyTorch, with no overlap error': """
x0 = torch.tensor([2], dtype=torch.int64, requires_grad=False)
v0 = x0.unsqueeze(0)
v0[0] = x0
""",
    "std over two values, whose float64 second derivative is 0 analytically (rounding of terms up to 1e2): "
    'compared with an atol that grows with the program\'s values (magnitude)': """
x2 = torch.tensor([[[0.55, -0.92, -1.84], [-1.93, 1.25, 1.65]], [[0.43, 0.92, 0.17], [1.74, 1.26, -1.99]]], dtype=torch.float64, requires_grad=True)
v1 = x2.std(dim=0, keepdim=False)
loss = (v1 * torch.tensor([[0.27, -0.46, -0.92], [-0.97, 0.63, 0.83]], dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x2.grad ** 2).sum(), [x2], allow_unused=True)
""",
    "setitem into a part of an expanded tensor that has repeats of its own (a row of a tensor expanded twice) is "
    "PyTorch's overlap error (numpy, now writing through expand's strided view, would write it)": """
x0 = torch.tensor(2, dtype=torch.int64, requires_grad=False)
v1 = x0.expand(2, *x0.shape)
v2 = v1.expand(2, *v1.shape)
v2[0] = 1.5
""",
    "a part of unbind whose base changed in place, given to an op that fails (cat of 0-d tensors): PyTorch's autograd "
    'error comes before the op\'s own': """
x0 = torch.tensor([0.55], dtype=torch.float64, requires_grad=True)
v1 = x0.unbind()[0]
with torch.no_grad(): x0.mul_(2)
v3 = torch.cat([v1, v1])
""",
    "the same for split and unbind, whose own checks (a 0-d tensor) come before their nodes": """
x0 = torch.tensor([0.55], dtype=torch.float64, requires_grad=True)
v1 = x0.unbind()[0]
with torch.no_grad(): x0.mul_(2)
v3 = v1.split(1)[-1]
""",
    "the fuzzer: where PyTorch's float32 value and the same program's float64 one differ in being finite (its "
    'float32 i0(0) is 1 - 2^-24, so atanh of it is 8.7 where float64 gives inf), the value is not compared': """
x0 = torch.tensor(0, dtype=torch.int64, requires_grad=False)
v0 = torch.i0(x0)
v1 = torch.atanh(v0)
""",
    "an efficient zero (sgn's derivative) becomes real zeros where PyTorch's formula makes it real (a slice's "
    'backward), so that asin beyond [-1, 1] makes the gradient NaN there, as in PyTorch': """
x0 = torch.tensor([-1.66], dtype=torch.float64, requires_grad=True)
v0 = torch.asin(x0)
v4 = v0[1:]
v5 = torch.sgn(v4)
loss = (v5 * torch.zeros((0,), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "ldexp_ reads its exponent before it writes, as PyTorch's: an exponent on input's own memory is no overlap "
    'error (the shapes are checked)': """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=False)
v0 = x0.flatten()
x0.ldexp_(v0)
""",
    'setitem or an in-place op on a part of an expanded tensor with no repeats of its own (one element) writes it, '
    'as PyTorch: the overlap check looks at the part written': """
x0 = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
v0 = x0 * 2
v1 = v0.expand(2, *v0.shape)
v1[0] = 1.5
v2 = v1.expand(3, 2)
v2[1, 0:1].mul_(3)
loss = v2.sum()
loss.backward()
""",
    "mm checks its saved mat2 before self, as PyTorch's (a batch of one @ an empty batch, both changed in place)": """
x0 = torch.tensor([[[0.55]]], dtype=torch.float64, requires_grad=True)
v0 = x0[1:]
v1 = x0 @ v0
with torch.no_grad(): x0.mul_(2)
loss = (v1 * torch.zeros((0, 1, 1), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "sinc's gradient divides by pi a^2 and selects 0 at a = 0, as PyTorch's: its second derivative there is NaN": """
x1 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
v0 = x1 - x1
v1 = torch.abs(v0)
v1.sinc_()
loss = (v1 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x1.grad ** 2).sum(), [x1], allow_unused=True)
""",
    "hypot's (pow's, copysign's) saved input is checked before its saved result, as PyTorch's": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=False)
x1 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
v1 = torch.hypot(x1, x0)
with torch.no_grad(): x1.mul_(2)
v1.exp_()
loss = (v1 * torch.zeros((0,), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "sgn of sgn under create_graph: an efficient zero through a node that makes its own": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
v1 = torch.sgn(x0)
v2 = torch.sgn(v1)
loss = (v2 * torch.zeros((0,), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "a vector @ a matrix is no view (PyTorch squeezes mm's result in place): exp_ on it is a plain ExpBackward0": """
x0 = torch.zeros((2, 0), dtype=torch.float64, requires_grad=False)
x1 = torch.tensor([0.55, -0.92], dtype=torch.float64, requires_grad=True)
v1 = x1 @ x0
v1.exp_()
loss = (v1 * torch.zeros((0,), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "ldexp of an integer by a bool exponent gives floats; only a float input refuses a bool exponent, as PyTorch": """
x0 = torch.zeros((0,), dtype=torch.bool, requires_grad=False)
v0 = x0 * 2
v1 = torch.ldexp(v0, x0)
""",
    "isfinite of a part of unbind whose base changed in place is PyTorch's error (its composite records abs)": """
x0 = torch.tensor([0.55], dtype=torch.float64, requires_grad=True)
v0 = x0.unbind()[0]
with torch.no_grad(): x0.mul_(2)
v2 = torch.isfinite(v0)
""",
    "elu's second derivative is a product with (a < 0), as PyTorch's: NaN at a NaN": """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
v1 = torch.xlogy(x0, -0.5)
v3 = torch.nn.functional.elu(v1, alpha=0.7)
loss = (v3 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "elu's second derivative is 0 at a = 0 (PyTorch's double backward masks with a < 0, its first with a <= 0)": """
x1 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
x1.logical_not_()
v1 = torch.nn.functional.elu(x1, alpha=0.7)
loss = (v1 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x1.grad ** 2).sum(), [x1], allow_unused=True)
""",
    "norm's gradient is g * (a / norm) selected away at a zero norm, as PyTorch's: its second derivative is NaN": """
x1 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
x1.logical_not_()
v1 = torch.norm(x1)
loss = (v1 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x1.grad ** 2).sum(), [x1], allow_unused=True)
""",
    "under create_graph too, sgn's efficient zero stays 0 times var's infinite slope, as PyTorch's": """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
v0 = torch.var(x0)
v1 = torch.sgn(v0)
loss = (v1 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "under create_graph, the zeros from sgn's efficient zero carry the graph of the formulas they went through": """
x0 = torch.tensor([0.5, -1.5], dtype=torch.float64, requires_grad=True)
v0 = torch.exp(x0)
v1 = torch.sgn(v0)
loss = (v1 * torch.tensor([0.3, 0.2], dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "nansum's gradient is g times (a is not NaN), as PyTorch's: nanmean of all NaN gives NaN second derivatives": """
x0 = torch.tensor(-0.95, dtype=torch.float64, requires_grad=True)
v0 = torch.log(x0)
v1 = torch.nanmean(v0)
loss = (v1 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "a 0-d float32 input beside float64 ones is saved as it is: PyTorch's self * self (atan2's formula) rounds": """
x0 = torch.tensor(0.55, dtype=torch.float32, requires_grad=False)
x1 = torch.tensor([0.55], dtype=torch.float64, requires_grad=True)
v0 = torch.atan2(x0, x1)
loss = (v0 * torch.tensor([0.27], dtype=torch.float64)).sum()
loss.backward()
""",
    "a node that gets sgn's efficient zero still runs its checks (a saved tensor changed in place), as PyTorch's": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=False)
x2 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
v0 = x0 * x2
v2 = torch.sgn(v0)
with torch.no_grad(): x0.mul_(2)
loss = (v2 * torch.zeros((0,), dtype=torch.float64)).sum()
loss.backward()
""",
    "ldexp computes 2^e in e's own float dtype, as PyTorch's a * pow(2, e)": """
x1 = torch.tensor([0.55, -0.92], dtype=torch.float64, requires_grad=False)
x2 = torch.tensor([0.55], dtype=torch.float32, requires_grad=False)
v0 = torch.ldexp(x1, x2)
""",
    'lgamma of a subnormal is -log|a| (scipy gives inf), as PyTorch': """
x1 = torch.tensor(0.55, dtype=torch.float64, requires_grad=False)
x2 = torch.tensor([0, 0], dtype=torch.int64, requires_grad=False)
v0 = torch.nextafter(x2, x1)
v0.lgamma_()
""",
    "sgn's derivative (in abs's second derivative too) is an efficient zero, which stays 0 times var's infinite "
    "slope, as PyTorch's": """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
v2 = torch.var(x0)
v4 = torch.abs(v2)
loss = (v4 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "cat's gradient for an empty input of 2 dims is a slice of the output's, in the graph, as PyTorch's": """
x0 = torch.zeros((1, 0), dtype=torch.float64, requires_grad=True)
v0 = torch.cat([x0, x0])
v1 = torch.exp(v0)
loss = (v1 * torch.zeros((2, 0), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "remainder's gradient for the divisor at -0.0 is -g * floor(a / b) = inf, as PyTorch's (not nan)": """
x0 = torch.tensor([-0.98, -1.51, -0.0], dtype=torch.float64, requires_grad=True)
x1 = torch.tensor(0.55, dtype=torch.float64, requires_grad=False)
v1 = x1 % x0
loss = (v1 * torch.tensor([0.27, -0.46, -0.92], dtype=torch.float64)).sum()
loss.backward()
""",
    "the version error names PyTorch's NotImplemented node by its C++ class": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
v0 = torch.exp(x0)
v2 = x0 @ v0
v0.floor_divide_(1.5)
loss = (v2 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "cat's gradient for a 1-D empty input (left out of the result) is zeros outside any graph, as PyTorch's": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
v0 = torch.cat([x0, x0])
v1 = torch.exp(v0)
loss = (v1 * torch.zeros((0,), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "softmin (softmax) of no elements saves its result, as PyTorch: changed in place, it is backward's error": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
v0 = torch.exp(x0)
v1 = torch.nn.functional.softmin(x0, dim=-1)
with torch.no_grad(): x0.mul_(2)
with torch.no_grad(): v1.mul_(2)
loss = (v1 * torch.zeros((0,), dtype=torch.float64)).sum()
loss.backward(create_graph=True)
""",
    "heaviside_ of tensors of two dtypes: PyTorch's dtype error comes before the in-place cast check": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=False)
x1 = torch.zeros((0,), dtype=torch.int64, requires_grad=False)
x1.heaviside_(x0)
""",
    "elu of NaN takes the positive branch in its derivatives, as PyTorch's kernel (which tests x <= 0)": """
x0 = torch.tensor(-0.95, dtype=torch.float64, requires_grad=True)
with torch.no_grad(): x0.mul_(2)
v2 = torch.log(x0)
v3 = torch.nn.functional.elu(v2, alpha=0.7)
loss = (v3 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "maximum with a NaN gives both sides the gradient, as PyTorch's formula (neither a < b nor a > b holds)": """
x1 = torch.tensor([0.55, -0.92], dtype=torch.float64, requires_grad=True)
v2 = torch.log(x1)
v4 = torch.maximum(v2, x1)
loss = (v4 * torch.tensor([0.27, -0.46], dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x1.grad ** 2).sum(), [x1], allow_unused=True)
""",
    "remainder's gradient for the divisor, floor(a / b), has derivative 0 even where it is NaN, as PyTorch's": """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
x1 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
with torch.no_grad(): x0.mul_(2)
v2 = torch.acosh(x1)
v4 = x0 % v2
loss = (v4 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x1.grad ** 2).sum(), [x0, x1], allow_unused=True)
""",
    "amax over an empty dim names the dim as it was given (-1), as PyTorch's": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=False)
v0 = x0.amax(dim=-1, keepdim=False)
""",
    "retain_grad's .grad adds up over backward passes and autograd.grad calls, as a leaf's, as PyTorch's": """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
v0 = torch.exp(x0)
v0.retain_grad()
loss = (v0 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "xlogy's gradient is xlogy(g, b): 0 where g is 0 even if log(b) is nan, as PyTorch's formula": """
x0 = torch.tensor(-1.43, dtype=torch.float64, requires_grad=True)
v0 = torch.xlogy(x0, x0)
v0.clamp_min_(1.5)
loss = (v0 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "an in-place change of a part of split whose base changed: PyTorch's error for the part itself": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
v1 = x0.split(1)[-1]
with torch.no_grad(): x0.mul_(2)
v1.exp_()
""",
    'softmin of an empty int64 tensor: no kernel runs, as in PyTorch': """
x1 = torch.zeros((0,), dtype=torch.int64, requires_grad=False)
v1 = torch.nn.functional.softmin(x1, dim=-1)
""",
    "float_power_ checks the base's dtype before the leaf check, as PyTorch": """
x0 = torch.zeros((0,), dtype=torch.float32, requires_grad=True)
x0.float_power_(1.5)
""",
    "abs's gradient at NaN is 0 (sign(NaN) = 0), as PyTorch's": """
x0 = torch.tensor(-1.8, dtype=torch.float64, requires_grad=True)
v0 = torch.log(x0)
v1 = torch.abs(v0)
loss = (v1 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward()
""",
    'setitem into an expanded tensor with no elements': """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=False)
v1 = x0.expand(2, *x0.shape)
v1[0] = 1.5
""",
    "matmul of a batch of one that needs a gradient with a batch: one mm of its matrix, as PyTorch 2.13 folds it "
    '(an empty result ends in TransposeBackward0)': """
x0 = torch.tensor([[[0.55, -0.92]]], dtype=torch.float64, requires_grad=True)
x1 = torch.zeros((2, 2, 0), dtype=torch.float64, requires_grad=True)
v0 = x0 @ x1
v1 = x0 @ torch.stack([x0[0].t(), -x0[0].t(), x0[0].t()])
loss = (v1 * torch.tensor([[[0.27]], [[-0.46]], [[0.5]]], dtype=torch.float64)).sum()
loss.backward()
""",
    "nextafter(a, a) is a: its gradient is 0 where the input equals other, as PyTorch's": """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
v0 = torch.exp(x0)
v1 = torch.nextafter(v0, v0)
loss = (v1 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    'an in-place op reading its own memory through a view that differs only in a size-1 dim: a partial overlap, '
    "PyTorch's error (before the shape's)": """
x1 = torch.tensor([0.55], dtype=torch.float64, requires_grad=False)
v0 = x1[..., ::2]
x1.nextafter_(v0)
""",
    'logical_and_ checks the overlap of its input with the memory written, before the shapes, as PyTorch': """
x1 = torch.tensor(0.55, dtype=torch.float64, requires_grad=False)
v0 = x1[None]
x1.logical_and_(v0)
""",
    "a binary in-place op checks that its result fits before its kernel takes the dtype, as PyTorch": """
x0 = torch.zeros((0,), dtype=torch.int64, requires_grad=False)
v2 = x0.sum(dim=0, keepdim=False)
v2.nextafter_(x0)
""",
    "fmod's gradient for the divisor, trunc(a / b), has derivative 0 even where it is NaN, as PyTorch's": """
x0 = torch.tensor(0.55, dtype=torch.float64, requires_grad=True)
v2 = torch.xlogy(x0, -0.5)
v3 = torch.fmod(x0, v2)
loss = (v3 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "heaviside of NaN is 0 (PyTorch's kernel: a > 0 where a != 0)": """
x1 = torch.tensor([0.55, -0.92], dtype=torch.float64, requires_grad=False)
v0 = torch.log(x1)
v1 = torch.heaviside(v0, x1)
""",
    "mish's float32 second derivative at 7.2, a small difference of large terms: compared at TOL32_SECOND": """
x0 = torch.tensor([[0.05, 1.8]], dtype=torch.float32, requires_grad=True)
v1 = x0 * 4
v3 = torch.nn.functional.mish(v1)
loss = (v3 * torch.tensor([[0.27, -0.46]], dtype=torch.float32)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "silu's float32 second derivative at 14.4 (1 - sigmoid is a few ulps of 1): compared at TOL32_SECOND": """
x0 = torch.tensor([[0.05, 1.8]], dtype=torch.float32, requires_grad=True)
v3 = torch.nn.functional.silu(x0 * 8)
loss = (v3 * torch.tensor([[0.27, -0.46]], dtype=torch.float32)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0], allow_unused=True)
""",
    "mish's second derivative at 0 goes through softplus's sigmoid(0), as PyTorch's formula": """
x1 = torch.tensor([[1.61, -0.39, 1.54], [-0.23, 0.65, 0.0]], dtype=torch.float64, requires_grad=True)
v1 = torch.nn.functional.mish(x1)
loss = (v1 * torch.tensor([[0.27, -0.46, -0.92], [-0.97, 0.63, 0.83]], dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x1.grad ** 2).sum(), [x1], allow_unused=True)
""",
    "copysign's gradient under create_graph is PyTorch's recorded out / a (its derivative NaN at a = 0)": """
x1 = torch.tensor([[1.61, -0.39, 1.54], [-0.23, 0.65, 0.0]], dtype=torch.float64, requires_grad=True)
v1 = x1 * 1.5
v1.copysign_(1.5)
loss = (v1 * torch.tensor([[0.27, -0.46, -0.92], [-0.97, 0.63, 0.83]], dtype=torch.float64)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x1.grad ** 2).sum(), [x1], allow_unused=True)
""",
    "an in-place op on a float32 tensor with a float64 operand saves the float32 tensor it changed, as PyTorch": """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
x1 = torch.zeros((0,), dtype=torch.float32, requires_grad=False)
x1.pow_(x0)
v3 = x1 @ x1
loss = (v3 * torch.tensor(0.27, dtype=torch.float32)).sum()
loss.backward(create_graph=True)
second = torch.autograd.grad((x0.grad ** 2).sum(), [x0, x1], allow_unused=True)
""",
    'an in-place op on a float32 tensor with a float64 operand: a later change of it is the version error naming '
    'FloatTensor': """
x0 = torch.zeros((0,), dtype=torch.float64, requires_grad=True)
x1 = torch.zeros((0,), dtype=torch.float32, requires_grad=False)
x1.pow_(x0)
with torch.no_grad(): x1.mul_(2)
v3 = x1 @ x1
loss = (v3 * torch.tensor(0.27, dtype=torch.float32)).sum()
loss.backward(create_graph=True)
""",
    "copysign's gradient at a NaN input is g * out / a = NaN, PyTorch's formula (not 0 from the signs)": """
x0 = torch.tensor(-0.69, dtype=torch.float64, requires_grad=True)
v0 = torch.log(x0)
v3 = torch.copysign(v0, 1.5)
loss = (v3 * torch.tensor(0.27, dtype=torch.float64)).sum()
loss.backward()
""",
    "float_power of exp of an int64 tensor: exp gives float32 (its ulp differs between numpy and PyTorch), so the "
    'float64 result and its gradient are compared at the float32 tolerance': """
x0 = torch.tensor([-1, 1, 2], dtype=torch.int64, requires_grad=False)
x1 = torch.tensor([0.55, -0.92, 1.5], dtype=torch.float64, requires_grad=True)
v0 = torch.exp(x0)
v1 = torch.float_power(v0, 1.5)
v2 = torch.zeros(3, dtype=torch.float64)
v2.add_(v1)
v3 = v2 * x1
loss = (v3 * torch.tensor([0.27, -0.46, 0.5], dtype=torch.float64)).sum()
loss.backward()
""",
}


@pytest.mark.parametrize('name', list(FIXED))
def test_fixed_program(name):
    check_program(FIXED[name].strip().splitlines())


def test_every_known_bug_has_its_program():
    assert [n for n, *_ in KNOWN_BUGS] == list(FOUND)
    for name, program in FOUND.items():
        lines = program.strip().splitlines()
        with pytest.raises(AssertionError) as failure:
            check_program(lines)
        assert known_bug(lines, failure.value) == name, f'{name}: the program shows another difference'


def test_the_check_catches_a_difference():
    """check_program fails, and prints the program, when the libraries differ."""
    with pytest.raises(AssertionError, match='the program:\nimport torch'):
        check_program(['x0 = torch.tensor([1.0, 2.0])', 'v0 = x0.sum() if torch is not torch.nn else 0',
                       "v1 = x0 * (2 if torch.__name__ == 'torch' else 3)"])
