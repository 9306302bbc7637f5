"""minigrad.special: PyTorch's torch.special namespace (import minigrad as torch; torch.special.expit(x)). Most of
it names ops minigrad has under their torch names; ndtr, ndtri, log_ndtr, entr, erfcx, i0e, i1, i1e and xlog1py are
its own (functions/special.py), as are the Bessel and Airy functions (functions/bessel.py) and the orthogonal
polynomials (functions/polynomials.py), which have no gradient in PyTorch."""
from .functions.bessel import (airy_ai, bessel_j0, bessel_j1, bessel_y0, bessel_y1, modified_bessel_i0,
                               modified_bessel_i1, modified_bessel_k0, modified_bessel_k1, scaled_modified_bessel_k0,
                               scaled_modified_bessel_k1, spherical_bessel_j0)
from .functions.elementwise import sigmoid as expit
from .functions.gamma import (digamma, i0, lgamma as gammaln, mvlgamma as multigammaln, polygamma,
                              special_zeta as zeta)
from .functions.incomplete_gamma import igamma as gammainc, igammac as gammaincc
from .functions.polynomials import (chebyshev_polynomial_t, chebyshev_polynomial_u, chebyshev_polynomial_v,
                                    chebyshev_polynomial_w, hermite_polynomial_h, hermite_polynomial_he,
                                    laguerre_polynomial_l, legendre_polynomial_p, shifted_chebyshev_polynomial_t,
                                    shifted_chebyshev_polynomial_u, shifted_chebyshev_polynomial_v,
                                    shifted_chebyshev_polynomial_w)
from .functions.reduce import log_softmax, softmax
from .functions.rounding import round
from .functions.special import (erf, erfc, erfinv, exp2, expm1, log1p, logit, sinc, special_entr as entr,
                                special_erfcx as erfcx, special_i0e as i0e, special_i1 as i1, special_i1e as i1e,
                                special_log_ndtr as log_ndtr, special_ndtr as ndtr, special_ndtri as ndtri,
                                special_xlog1py as xlog1py, xlogy)
from .functions.sums import logsumexp
from .functions.table import checked

psi = digamma

__all__ = ['airy_ai', 'bessel_j0', 'bessel_j1', 'bessel_y0', 'bessel_y1', 'chebyshev_polynomial_t',
           'chebyshev_polynomial_u', 'chebyshev_polynomial_v', 'chebyshev_polynomial_w', 'digamma', 'entr',
           'erf', 'erfc', 'erfcx', 'erfinv', 'exp2', 'expit', 'expm1', 'gammainc', 'gammaincc', 'gammaln',
           'hermite_polynomial_h', 'hermite_polynomial_he', 'i0', 'i0e', 'i1', 'i1e',
           'laguerre_polynomial_l', 'legendre_polynomial_p', 'log1p', 'log_ndtr', 'log_softmax', 'logit',
           'logsumexp', 'modified_bessel_i0', 'modified_bessel_i1', 'modified_bessel_k0',
           'modified_bessel_k1', 'multigammaln', 'ndtr', 'ndtri', 'polygamma', 'psi', 'round',
           'scaled_modified_bessel_k0', 'scaled_modified_bessel_k1', 'shifted_chebyshev_polynomial_t',
           'shifted_chebyshev_polynomial_u', 'shifted_chebyshev_polynomial_v',
           'shifted_chebyshev_polynomial_w', 'sinc', 'softmax', 'spherical_bessel_j0', 'xlog1py', 'xlogy', 'zeta']


def _bound(name, fn):
    """fn as torch.special binds it: PyTorch's TypeError, naming special_<name>, for an argument of the wrong kind."""
    return checked(fn, f'special_{name}', False)


globals().update({_name: _bound(_name, globals()[_name]) for _name in __all__})
