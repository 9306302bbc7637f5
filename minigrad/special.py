"""minigrad.special: PyTorch's torch.special namespace (import minigrad as torch; torch.special.expit(x)). Most of
it names ops minigrad has under their torch names; ndtr, ndtri, log_ndtr, entr, erfcx, i0e, i1, i1e and xlog1py are
its own (functions/special.py)."""
from .functions.elementwise import sigmoid as expit
from .functions.gamma import digamma, i0, lgamma as gammaln, mvlgamma as multigammaln, polygamma
from .functions.reduce import log_softmax, softmax
from .functions.rounding import round
from .functions.special import (erf, erfc, erfinv, exp2, expm1, log1p, logit, sinc, special_entr as entr,
                                special_erfcx as erfcx, special_i0e as i0e, special_i1 as i1, special_i1e as i1e,
                                special_log_ndtr as log_ndtr, special_ndtr as ndtr, special_ndtri as ndtri,
                                special_xlog1py as xlog1py, xlogy)
from .functions.sums import logsumexp

psi = digamma

__all__ = ['digamma', 'entr', 'erf', 'erfc', 'erfcx', 'erfinv', 'exp2', 'expit', 'expm1', 'gammaln', 'i0', 'i0e', 'i1',
           'i1e', 'log1p', 'log_ndtr', 'log_softmax', 'logit', 'logsumexp', 'multigammaln', 'ndtr', 'ndtri',
           'polygamma', 'psi', 'round', 'sinc', 'softmax', 'xlog1py', 'xlogy']
