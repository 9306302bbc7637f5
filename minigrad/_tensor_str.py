"""repr(tensor) in PyTorch's format: tensor([[1.0000, 2.5000]], grad_fn=<AddBackward0>)."""
import numpy

from . import backend, dtypes

PREFIX = 'tensor('


def _float_format(values):
    """PyTorch's choice: integers as '1.', fixed '1.2346' with 4 decimals, or scientific '1.2346e+08'."""
    finite = numpy.abs(values[numpy.isfinite(values)].astype(numpy.float64))
    nonzero = finite[finite != 0]
    if nonzero.size == 0:
        return lambda v: f'{v:.0f}.' if numpy.isfinite(v) else str(v)
    lo, hi = nonzero.min(), nonzero.max()
    if (numpy.ceil(nonzero) == nonzero).all():
        if hi / lo > 1000 or hi > 1e8:
            return lambda v: f'{v:.4e}' if numpy.isfinite(v) else str(v)
        return lambda v: f'{v:.0f}.' if numpy.isfinite(v) else str(v)
    if hi / lo > 1000 or hi > 1e8 or lo < 1e-4:
        return lambda v: f'{v:.4e}' if numpy.isfinite(v) else str(v)
    return lambda v: f'{v:.4f}' if numpy.isfinite(v) else str(v)


def format_values(a):
    """The array part of the repr, elements right-aligned to one width, wrapped at 80 columns."""
    if a.size == 0:
        return '[]'
    if a.dtype.kind == 'f':
        fmt = _float_format(a)
    elif a.dtype.kind == 'b':
        fmt = str
    else:
        fmt = lambda v: str(int(v))  # noqa: E731
    shown = (a if a.size <= 1000 else _edges(a)).ravel()
    if a.dtype.kind == 'f' and numpy.isfinite(shown).any():
        shown = shown[numpy.isfinite(shown)]  # as PyTorch: nan and inf do not widen the columns
    width = max(len(fmt(v)) for v in shown)
    formatter = {'all': lambda v: fmt(v).rjust(width)}
    return numpy.array2string(a, max_line_width=80, threshold=1000, edgeitems=3, separator=', ',
                              prefix=PREFIX, formatter=formatter)


def _edges(a):
    """The elements a summarised repr shows: three at each end of every dim."""
    for d in range(a.ndim):
        if a.shape[d] > 6:
            a = numpy.concatenate([a.take(range(3), d), a.take(range(a.shape[d] - 3, a.shape[d]), d)], d)
    return a


def tensor_repr(t):
    a = backend.as_numpy(t._data)
    suffixes = [f"device='{t.device}'"] if t.is_cuda else []   # PyTorch names the device first
    if a.size == 0 and a.ndim != 1:
        suffixes.append(f'size={tuple(a.shape)}')
    if t.dtype not in (dtypes.get_default_dtype(), dtypes.int64, dtypes.bool):
        suffixes.append(f'dtype={t.dtype!r}')
    if t.grad_fn is not None:
        suffixes.append(f'grad_fn=<{t.grad_fn.name()}>')
    elif t.requires_grad:
        suffixes.append('requires_grad=True')
    return PREFIX + format_values(a) + ''.join(', ' + s for s in suffixes) + ')'
