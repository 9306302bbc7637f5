"""repr(tensor) in PyTorch's format: tensor([[1.0000, 2.5000]], grad_fn=<AddBackward0>).

The same algorithm as torch/_tensor_str.py, on a host numpy copy of the data:
1. one _Formatter for the whole tensor picks how numbers are written (integer-valued '1.', fixed '1.2346',
   or scientific '1.2346e+08') and one width, so every column lines up;
2. _tensor_str writes the nested brackets: each row of numbers wraps at LINEWIDTH, inner dims are separated by
   as many blank lines as they are deep, and a tensor over THRESHOLD elements shows only EDGEITEMS at each end;
3. _add_suffixes appends device=, size=, dtype=, grad_fn= or requires_grad=, each on a new line when it would
   pass LINEWIDTH.
"""
import numpy

from . import backend, dtypes

PREFIX = 'tensor('
PRECISION = 4        # decimals of a float
THRESHOLD = 1000     # more elements than this and the repr is summarised with '...'
EDGEITEMS = 3        # elements a summary keeps at each end of each dim
LINEWIDTH = 80
SCI_MODE = None      # True or False forces scientific notation on or off; None lets _Formatter choose
PROFILES = {'default': (4, 1000, 3, 80), 'short': (2, 1000, 2, 80), 'full': (4, float('inf'), 3, 80)}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    """torch.set_printoptions: a profile ('default', 'short', 'full') sets precision, threshold, edgeitems and
    linewidth; the numbers given override it; sci_mode is set each call (None: chosen per tensor)."""
    global PRECISION, THRESHOLD, EDGEITEMS, LINEWIDTH, SCI_MODE
    if profile is not None:
        PRECISION, THRESHOLD, EDGEITEMS, LINEWIDTH = PROFILES[profile]
    PRECISION = PRECISION if precision is None else precision
    THRESHOLD = THRESHOLD if threshold is None else threshold
    EDGEITEMS = EDGEITEMS if edgeitems is None else edgeitems
    LINEWIDTH = LINEWIDTH if linewidth is None else linewidth
    SCI_MODE = sci_mode


class _Formatter:
    """One mode and one width for every element of a tensor, chosen from its nonzero finite values."""

    def __init__(self, a):
        self.floating = a.dtype.kind == 'f'
        self.int_mode, self.sci_mode, self.width = True, False, 1
        if not self.floating:
            self.width = max(len(str(v)) for v in a.ravel().tolist())
            return
        values = a[numpy.isfinite(a) & (a != 0)]
        if values.size == 0:
            return                                   # all zeros, nan or inf: written '0.', 'nan', 'inf'
        self.int_mode = bool((values == numpy.ceil(values)).all())
        size = numpy.abs(values).astype(numpy.float64)
        lo, hi = float(size.min()), float(size.max())     # Python floats: hi / lo may overflow to inf
        self.sci_mode = bool(hi / lo > 1000 or hi > 1e8 or lo < 1e-4) if SCI_MODE is None else SCI_MODE
        self.width = max(len(self.text(v)) for v in values.tolist())

    def text(self, v):
        """v written in this tensor's mode, not yet padded."""
        if not self.floating:
            return str(v)
        if self.sci_mode:
            return f'{v:.{PRECISION}e}'
        if self.int_mode:
            return f'{v:.0f}' + ('.' if numpy.isfinite(v) else '')
        return f'{v:.{PRECISION}f}'

    def __call__(self, v):
        return self.text(v).rjust(self.width)


def _tensor_str(a, indent, summarize, fmt):
    """The bracketed elements of a, its first line starting `indent` columns in."""
    if a.ndim == 0:
        return fmt(a.item())
    cut = summarize and len(a) > 2 * EDGEITEMS
    if a.ndim == 1:
        items = ([fmt(v) for v in a[:EDGEITEMS].tolist()] + [' ...'] + [fmt(v) for v in a[-EDGEITEMS:].tolist()]
                 if cut else [fmt(v) for v in a.tolist()])
        per_line = max(1, (LINEWIDTH - indent) // (fmt.width + 2))   # each element takes its width and ', '
        lines = [', '.join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
        return '[' + (',\n' + ' ' * (indent + 1)).join(lines) + ']'
    rows = [_tensor_str(row, indent + 1, summarize, fmt) for row in (a[:EDGEITEMS] if cut else a)]
    if cut:
        rows += ['...'] + [_tensor_str(row, indent + 1, summarize, fmt) for row in a[-EDGEITEMS:]]
    return '[' + (',' + '\n' * (a.ndim - 1) + ' ' * (indent + 1)).join(rows) + ']'


def _edges(a):
    """The elements a summarised repr shows (the formatter sizes its columns from these only)."""
    for d, n in enumerate(a.shape):
        if n > 2 * EDGEITEMS:
            a = a.take([*range(EDGEITEMS), *range(n - EDGEITEMS, n)], axis=d)
    return a


def _add_suffixes(text, suffixes, indent):
    """', suffix' after text, or ',\\n' and the suffix under the first '[' when the line would pass LINEWIDTH."""
    last = len(text) - text.rfind('\n') + 1      # as PyTorch counts it: the last line's length plus 2
    for s in suffixes:
        width = len(s.replace('minigrad.', 'torch.'))   # break lines where PyTorch does, which says torch.float64
        if last + width + 2 > LINEWIDTH:
            text += ',\n' + ' ' * indent + s
            last = indent + width
        else:
            text += ', ' + s
            last += width + 2
    return text + ')'


def tensor_repr(t):
    a = backend.as_numpy(t._data)
    suffixes = [f"device='{t.device}'"] if t.is_cuda else []   # PyTorch names the device first
    if a.size == 0:
        body = '[]'
        if a.ndim != 1:
            suffixes.append(f'size={tuple(a.shape)}')
        if t.dtype != dtypes.get_default_dtype():                  # an empty tensor names even int64 and bool
            suffixes.append(f'dtype={t.dtype!r}')
    else:
        summarize = a.size > THRESHOLD
        body = _tensor_str(a, len(PREFIX), summarize, _Formatter(_edges(a) if summarize else a))
        if t.dtype not in (dtypes.get_default_dtype(), dtypes.int64, dtypes.bool):
            suffixes.append(f'dtype={t.dtype!r}')
    if t.grad_fn is not None:
        suffixes.append(f'grad_fn=<{t.grad_fn.name()}>')
    elif t.requires_grad:
        suffixes.append('requires_grad=True')
    return _add_suffixes(PREFIX + body, suffixes, len(PREFIX))
