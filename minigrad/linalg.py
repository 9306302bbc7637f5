"""minigrad.linalg: PyTorch's torch.linalg namespace (import minigrad as torch; torch.linalg.inv(A))."""
from .functions.cond import linalg_cond as cond
from .functions.decompositions import (linalg_eigh as eigh, linalg_eigvalsh as eigvalsh, linalg_lstsq as lstsq,
                                       linalg_matrix_rank as matrix_rank, linalg_pinv as pinv, linalg_qr as qr,
                                       linalg_svd as svd, linalg_svdvals as svdvals)
from .functions.householder import linalg_householder_product as householder_product
from .functions.linalg import matmul
from .functions.lu import (linalg_lu as lu, linalg_lu_factor as lu_factor, linalg_lu_factor_ex as lu_factor_ex,
                           linalg_lu_solve as lu_solve, linalg_solve_ex as solve_ex)
from .dims import parses_ints
from .functions.matrices import LinAlgError
from .functions.linalg_composites import (linalg_diagonal as diagonal, linalg_tensorinv as tensorinv,
                                            linalg_tensorsolve as tensorsolve, linalg_vander as vander,
                                            linalg_vecdot as vecdot)
from .functions.matrix_exp import linalg_matrix_exp as matrix_exp
from .functions.norms import linalg_matrix_norm as matrix_norm, linalg_norm as norm, linalg_vector_norm as vector_norm
from .functions.triangular_solve import linalg_solve_triangular as solve_triangular
from .functions.products import linalg_cross as cross, multi_dot
from .functions.solve import (linalg_cholesky as cholesky, linalg_cholesky_ex as cholesky_ex, linalg_det as det,
                              linalg_inv as inv, linalg_inv_ex as inv_ex, linalg_slogdet as slogdet,
                              linalg_solve as solve, matrix_power)

__all__ = ['LinAlgError', 'cholesky', 'cholesky_ex', 'cond', 'cross', 'det', 'diagonal', 'eigh', 'eigvalsh', 'householder_product', 'inv', 'inv_ex',
           'lstsq', 'lu', 'lu_factor', 'lu_factor_ex', 'lu_solve', 'matmul', 'matrix_exp', 'matrix_norm', 'matrix_power',
           'matrix_rank', 'multi_dot', 'norm', 'pinv', 'qr', 'slogdet', 'solve', 'solve_ex', 'solve_triangular', 'svd', 'svdvals', 'tensorinv',
           'tensorsolve', 'vander', 'vecdot', 'vector_norm']

# PyTorch's TypeError, naming linalg_<name>, for an int argument (a dim) given something else
globals().update({_name: parses_ints(globals()[_name], name=f'linalg_{_name}') for _name in __all__
                  if _name not in ('LinAlgError', 'matmul')})
