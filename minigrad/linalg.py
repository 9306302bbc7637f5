"""minigrad.linalg: PyTorch's torch.linalg namespace (import minigrad as torch; torch.linalg.inv(A))."""
from .functions.decompositions import (linalg_eigh as eigh, linalg_eigvalsh as eigvalsh,
                                       linalg_matrix_rank as matrix_rank, linalg_pinv as pinv, linalg_qr as qr,
                                       linalg_svd as svd, linalg_svdvals as svdvals)
from .functions.matrices import LinAlgError
from .functions.linalg import matmul
from .functions.solve import (linalg_cholesky as cholesky, linalg_cholesky_ex as cholesky_ex, linalg_det as det,
                              linalg_inv as inv, linalg_inv_ex as inv_ex, linalg_slogdet as slogdet,
                              linalg_solve as solve, matrix_power)

__all__ = ['cholesky', 'cholesky_ex', 'det', 'eigh', 'eigvalsh', 'inv', 'inv_ex', 'matmul', 'matrix_power',
           'matrix_rank', 'pinv', 'qr', 'slogdet', 'solve', 'svd', 'svdvals']
