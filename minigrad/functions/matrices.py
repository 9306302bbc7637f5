"""What the linalg ops share: PyTorch's checks of their matrix arguments, its LinAlgError, and backward formulas
written once on Tensors (`on_tensors`), with the matrix helpers they use (diagonal, diag_embed, tril by masks, so
that they are recorded under create_graph and give second derivatives)."""
from .grad_utils import as_tensor, is_tensor
from ..autograd import grad_mode
from ..backend import get_array_module
from ..dtypes import not_implemented, title


class LinAlgError(RuntimeError):
    """PyTorch's torch.linalg.LinAlgError (a singular matrix, a matrix that is not positive-definite)."""


LinAlgError.__name__ = LinAlgError.__qualname__ = '_LinAlgError'     # the name PyTorch's class has


LOW_PRECISION = 'low precision'


def check_matrix(name, A, square=True, floating=True, half=None):
    """PyTorch's errors for an argument that is not a (batch of) floating (square) matrices. `half` is how PyTorch
    refuses float16: LOW_PRECISION, or the name of the LAPACK kernel that has no half loop ('lu_cpu')."""
    if A.ndim < 2:
        raise RuntimeError(f'{name}: The input tensor A must have at least 2 dimensions.')
    if floating and A._data.dtype.kind != 'f':
        raise RuntimeError(f'{name}: Expected a floating point or complex tensor as input. Got {title(A._data.dtype)}')
    if half == LOW_PRECISION and A._data.dtype == 'float16':
        raise RuntimeError(f'{name}: Low precision dtypes not supported. Got Half')
    if half and A._data.dtype == 'float16':
        not_implemented(half, A._data.dtype)
    if square and A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f'{name}: A must be batches of square matrices, but they are {A.shape[-2]} by '
                           f'{A.shape[-1]} matrices')


def batch_prefix(batch_index, batched):
    return f'(Batch element {batch_index}): ' if batched else ''


def zero_pivot(a):
    """The 1-based position of the first zero on the diagonal of U in a = P L U (LAPACK's getrf, partial
    pivoting): what PyTorch names in linalg.inv's error; 0 if there is none."""
    u = a.astype('float64', copy=True)
    n = u.shape[0]
    for k in range(n):
        p = k + int(abs(u[k:, k]).argmax())
        if u[p, k] == 0:
            return k + 1
        u[[k, p]] = u[[p, k]]
        u[k + 1:] -= u[k + 1:, k:k + 1] / u[k, k] * u[k]
    return 0


# -- backward formulas on Tensors ----------------------------------------------------------------------------------
def on_tensors(formula):
    """A backward written once on Tensors: formula(ctx, *grads) gets the gradients as Tensors (None stays None)
    and returns Tensors; in a plain backward they carry no graph and their arrays are returned, under create_graph
    the formula's ops are recorded, so the result can be differentiated again."""
    def backward(ctx, *grads):
        results = formula(ctx, *[None if g is None else as_tensor(g) for g in grads])
        results = results if isinstance(results, tuple) else (results,)
        if grad_mode.is_grad_enabled():
            return results
        return tuple(r._data if is_tensor(r) else r for r in results)
    backward.__doc__ = formula.__doc__
    return backward


def saved(ctx):
    """ctx's saved tensors as Tensors (plain backward: arrays wrapped, without a graph)."""
    return [None if s is None else as_tensor(s) for s in ctx.saved_tensors]


def eye_like(A, n=None):
    """The n x n identity (n: A's last dim) as a constant Tensor in A's dtype and device."""
    n = A.shape[-1] if n is None else n
    return as_tensor(get_array_module(A._data).eye(n, dtype=A._data.dtype))


def diagonal(A):
    """The diagonals of a batch of square matrices (..., n)."""
    return (A * eye_like(A)).sum(-1)


def diag_embed(v):
    """Square matrices with v (..., n) on their diagonals."""
    return v.unsqueeze(-1) * eye_like(v)


def tril(A, k=0):
    """The lower triangle (below the k-th diagonal) of a batch of matrices."""
    xp = get_array_module(A._data)
    return A * as_tensor(xp.tri(A.shape[-2], A.shape[-1], k, dtype=A._data.dtype))


def triu(A, k=0):
    """The upper triangle (above the k-th diagonal) of a batch of matrices."""
    return A - tril(A, k - 1)
