"""The named tuples ops return, as torch.return_types: `values, indices = x.max(0)` unpacks as a tuple, and
`x.max(0).indices` names a field. Each prints as PyTorch prints it, one field a line."""


class ReturnType(tuple):
    """A tuple whose fields also have names (PyTorch's structseq)."""
    fields = ()

    def __new__(cls, *values):
        if len(values) != len(cls.fields):
            raise TypeError(f'minigrad.return_types.{cls.__name__} takes {len(cls.fields)} values')
        return super().__new__(cls, values)

    def __getattr__(self, name):
        try:
            return self[type(self).fields.index(name)]
        except ValueError:
            raise AttributeError(f"'minigrad.return_types.{type(self).__name__}' object has no attribute "
                                 f"'{name}'") from None

    def __repr__(self):
        body = ',\n'.join(f'{name}={value!r}' for name, value in zip(self.fields, self))
        return f'minigrad.return_types.{type(self).__name__}(\n{body})'

    def __reduce__(self):
        return type(self), tuple(self)


def return_type(name, *fields):
    return type(name, (ReturnType,), {'fields': fields, '__slots__': (), '__module__': __name__})


max = return_type('max', 'values', 'indices')
min = return_type('min', 'values', 'indices')
aminmax = return_type('aminmax', 'min', 'max')
sort = return_type('sort', 'values', 'indices')
topk = return_type('topk', 'values', 'indices')
kthvalue = return_type('kthvalue', 'values', 'indices')
sort_out = return_type('sort_out', 'values', 'indices')
topk_out = return_type('topk_out', 'values', 'indices')
kthvalue_out = return_type('kthvalue_out', 'values', 'indices')
mode = return_type('mode', 'values', 'indices')
median = return_type('median', 'values', 'indices')
nanmedian = return_type('nanmedian', 'values', 'indices')
cummax = return_type('cummax', 'values', 'indices')
cummin = return_type('cummin', 'values', 'indices')
frexp = return_type('frexp', 'mantissa', 'exponent')
histogram = return_type('histogram', 'hist', 'bin_edges')
histogramdd = return_type('histogramdd', 'hist', 'bin_edges')
slogdet = return_type('slogdet', 'sign', 'logabsdet')
qr = return_type('qr', 'Q', 'R')
svd = return_type('svd', 'U', 'S', 'V')
linalg_slogdet = return_type('linalg_slogdet', 'sign', 'logabsdet')
linalg_qr = return_type('linalg_qr', 'Q', 'R')
linalg_svd = return_type('linalg_svd', 'U', 'S', 'Vh')
linalg_eigh = return_type('linalg_eigh', 'eigenvalues', 'eigenvectors')
linalg_cholesky_ex = return_type('linalg_cholesky_ex', 'L', 'info')
linalg_inv_ex = return_type('linalg_inv_ex', 'inverse', 'info')
triangular_solve = return_type('triangular_solve', 'solution', 'cloned_coefficient')
linalg_lstsq = return_type('linalg_lstsq', 'solution', 'residuals', 'rank', 'singular_values')
linalg_lu_factor_ex = return_type('linalg_lu_factor_ex', 'LU', 'pivots', 'info')
linalg_lu_factor = return_type('linalg_lu_factor', 'LU', 'pivots')
linalg_lu = return_type('linalg_lu', 'P', 'L', 'U')
lu_unpack = return_type('lu_unpack', 'P', 'L', 'U')
_lu_with_info = return_type('_lu_with_info', 'LU', 'pivots', 'info')
linalg_solve_ex = return_type('linalg_solve_ex', 'result', 'info')
geqrf = return_type('geqrf', 'a', 'tau')
