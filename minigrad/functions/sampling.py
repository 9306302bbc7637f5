"""Random sampling with parameters (PyTorch's "Random sampling" ops): normal with a tensor mean or std, bernoulli,
multinomial, poisson, and the in-place draws bernoulli_, exponential_, geometric_, cauchy_, log_normal_ (uniform_,
normal_ and random_ are in fill.py; rand, randn, randint, randperm in factories.py). The numbers come from minigrad's
generators (minigrad/random.py), not PyTorch's.

A draw is no differentiable function of its parameters in PyTorch: mean, std, p and rates get a zero gradient (no
reparametrisation; write `mean + std * randn_like(std)` for that), through a node named as PyTorch's."""
import builtins
import numbers

from .elementwise import NotImplemented as NotDifferentiable
from .fill import CopyBackwards, fill
from .grad_utils import zeros_like
from .arguments import invalid_arguments
from .operands import write_out
from .table import export
from .. import dtypes, random
from ..autograd import views
from ..autograd.function import Op
from ..backend import get_array_module
from ..dims import check_sizes, shape_arg
from ..tensor import Tensor


class Draw(Op):
    """out = a random draw whose parameters are the inputs a, b;  da = 0, db = 0 (PyTorch's gradient of a draw)"""

    @staticmethod
    def forward(ctx, *params, draw):
        return draw(*[random.host(p) for p in params])

    @staticmethod
    def backward(ctx, g):
        return tuple(zeros_like(g) for _ in ctx.needs_input_grad)


class NormalBackward1(Draw):
    """normal(mean tensor, std number): out = mean + std * z, z ~ N(0, 1);  dmean = 0"""


class NormalBackward2(Draw):
    """normal(mean number, std tensor): out = mean + std * z, z ~ N(0, 1);  dstd = 0"""


class NormalBackward3(Draw):
    """normal(mean tensor, std tensor): out = mean + std * z (broadcast), z ~ N(0, 1);  dmean = 0, dstd = 0"""


class BernoulliBackward0(Draw):
    """bernoulli(p): out = 1 with probability p, else 0;  dp = 0"""


class BernoulliBackward1(Draw):
    """a.bernoulli_(p tensor): out = 1 with probability p (broadcast to a), else 0;  da = 0, dp = 0"""


class PoissonBackward0(Draw):
    """poisson(rate): out = a draw of Poisson(rate);  drate = 0"""


class NotImplemented(NotDifferentiable):  # noqa: A001  (PyTorch's name for this node)
    """bernoulli(input, p number), which PyTorch records but cannot differentiate: out = 1 with probability p, in
    input's shape;  da = an error, 'derivative for aten::bernoulli is not implemented'"""

    @staticmethod
    def forward(ctx, a, draw):
        ctx.aten = 'bernoulli'
        return draw(a)


class BernoulliBackward2(CopyBackwards):
    """a.bernoulli_(p number): out = 1 with probability p, else 0;  da = 0"""


class ExponentialBackward0(CopyBackwards):
    """a.exponential_(lambd): out = draws of density lambd e^(-lambd x);  da = 0"""


class GeometricBackward0(CopyBackwards):
    """a.geometric_(p): out = the number of trials up to the first success;  da = 0"""


class CauchyBackward0(CopyBackwards):
    """a.cauchy_(median, sigma): out = draws of density sigma / (pi (sigma^2 + (x - median)^2));  da = 0"""


class LogNormalBackward0(CopyBackwards):
    """a.log_normal_(mean, std): out = e^(mean + std z), z ~ N(0, 1);  da = 0"""


def check_floating(t, kernel):
    if t._data.dtype.kind != 'f':
        dtypes.not_implemented(kernel, t._data.dtype)


def check_std(std):
    if std < 0:
        raise RuntimeError(f'normal expects std >= 0.0, but found std {std:g}')


NORMAL_SIGNATURES = (
    'Tensor mean, Tensor std, *, minigrad.Generator generator = None, Tensor out = None',
    'Tensor mean, float std = 1, *, minigrad.Generator generator = None, Tensor out = None',
    'float mean, Tensor std, *, minigrad.Generator generator = None, Tensor out = None',
    'float mean, float std, tuple of ints size, *, minigrad.Generator generator = None, Tensor out = None, '
    'minigrad.dtype dtype = None, minigrad.layout layout = None, minigrad.device device = None, bool pin_memory = False, '
    'bool requires_grad = False')


@export(method=False)
def normal(mean, std=1.0, size=None, *, generator=None, out=None, dtype=None, layout=None, device=None,
           pin_memory=False, requires_grad=False):
    """Normal numbers: normal(mean, std) with either or both a tensor (broadcast: one draw per element), or
    normal(mean, std, size) with two numbers."""
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        if size is not None:
            raise invalid_arguments('normal', (mean, std, size), NORMAL_SIGNATURES, None)
        return write_out(normal_of_tensors(mean, std, generator), out, 'normal')
    if size is None or not isinstance(mean, numbers.Real) or not isinstance(std, numbers.Real):
        raise invalid_arguments('normal', (mean, std) if size is None else (mean, std, size), NORMAL_SIGNATURES, None)
    check_std(std)
    dtype = dtypes.to_dtype(dtype) if dtype is not None else out.dtype if out is not None else \
        dtypes.get_default_dtype()
    result = Tensor._make(random.normal(check_sizes(shape_arg((size,), 'normal', position=3)), mean, std, dtype.np, device, generator))
    result.requires_grad = requires_grad
    return write_out(result, out, 'normal')


def normal_of_tensors(mean, std, generator):
    if isinstance(mean, Tensor) and isinstance(std, Tensor):
        check_floating(mean, 'normal_kernel_cpu')
        node, like, params = NormalBackward3, mean, (mean, std)
    elif isinstance(mean, Tensor):
        check_floating(mean, 'normal_kernel_cpu')
        check_std(std)
        node, like, params = NormalBackward1, mean, (mean,)
    else:
        check_floating(std, 'normal_kernel_cpu')
        node, like, params = NormalBackward2, std, (std,)
    dtype, device = like._data.dtype, like.device

    def draw(*arrays):
        m, s = (arrays[0] if isinstance(mean, Tensor) else mean), (arrays[-1] if isinstance(std, Tensor) else std)
        if isinstance(std, Tensor) and (s < 0).any():
            raise RuntimeError('normal expects all elements of std >= 0.0')
        shape = get_array_module(*arrays).broadcast_shapes(*[a.shape for a in arrays])
        return random.normal(shape, m, s, dtype, device, generator)
    return node.apply(*params, draw=draw)


def check_probability(p):
    """bernoulli's p in [0, 1], PyTorch's words."""
    if not 0 <= p <= 1:
        raise RuntimeError(f'bernoulli_ expects p to be in [0, 1], but got p={p:g}')


def check_probabilities(p):
    """A tensor of probabilities in [0, 1] (nan refused), as PyTorch's bernoulli checks them."""
    if not ((p >= 0) & (p <= 1)).all():
        raise RuntimeError('Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message '
                           'be improved?  If so, please report an enhancement request to PyTorch.)')


@export()
def bernoulli(input, p=None, *, generator=None, out=None):
    """0 or 1 in input's dtype: 1 with probability `input` (each element its own), or with probability p."""
    dtype, device = input._data.dtype, input.device
    if p is not None:
        check_probability(p)
        return write_out(NotImplemented.apply(input, draw=lambda a: random.bernoulli(a.shape, p, dtype, device,
                                                                                     generator)), out, None)
    check_floating(input, 'bernoulli_tensor_cpu_p_')

    def draw(probs):
        check_probabilities(probs)
        return random.bernoulli(probs.shape, probs, dtype, device, generator)
    return write_out(BernoulliBackward0.apply(input, draw=draw), out, 'bernoulli')


@export(method=True, function=False)
def bernoulli_(input, p=0.5, *, generator=None):
    dtype, device, shape = input._data.dtype, input.device, input.shape
    if isinstance(p, Tensor):
        check_floating(p, 'bernoulli_tensor_cpu_p_')
        p.detach().expand(shape)        # PyTorch's errors for a p that does not broadcast to input

        def draw(a, probs):
            check_probabilities(probs)
            return random.bernoulli(shape, probs, dtype, device, generator)
        return views.inplace(input, BernoulliBackward1.apply, p, draw=draw)
    check_probability(p)
    return fill(input, random.bernoulli(shape, p, dtype, device, generator), BernoulliBackward2)


@export()
def poisson(input, generator=None):
    """Poisson counts with the rates in `input`, in its dtype."""
    check_floating(input, 'poisson_cpu')

    def draw(rate):
        if (rate < 0).any():
            raise RuntimeError('invalid Poisson rate, expected rate to be non-negative')
        return random.poisson(rate, rate.dtype, input.device, generator)
    return PoissonBackward0.apply(input, draw=draw)


@export()
def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    """num_samples indices (int64) drawn from each row of the weights `input` (1-d or 2-d), with or without
    replacement."""
    if isinstance(num_samples, builtins.bool) or not isinstance(num_samples, numbers.Integral):
        raise TypeError(f"multinomial(): argument 'num_samples' (position 2) must be int, not "
                        f'{type(num_samples).__name__}')
    if input.ndim not in (1, 2):
        raise RuntimeError('prob_dist must be 1 or 2 dim')
    if input._data.dtype.kind != 'f':
        raise RuntimeError(f'multinomial only supports floating-point dtypes for input, got: {dtypes.title(input.dtype)}')
    if num_samples <= 0:
        raise RuntimeError('cannot sample n_sample <= 0 samples')
    if not replacement and num_samples > input.shape[-1]:
        raise RuntimeError('cannot sample n_sample > prob_dist.size(-1) samples without replacement')
    probs = random.host(input._data).reshape(-1, input.shape[-1]).astype('float64')
    xp = get_array_module(probs)
    if not (xp.isfinite(probs) & (probs >= 0)).all():
        raise RuntimeError('probability tensor contains either `inf`, `nan` or element < 0')
    if (probs.sum(-1) <= 0).any():
        raise RuntimeError('invalid multinomial distribution (sum of probabilities <= 0)')
    picks = random.multinomial(probs, num_samples, replacement, input.device, generator)
    return write_out(Tensor._make(picks.reshape(input.shape[:-1] + (num_samples,))), out, None)


def continuous(input, name):
    """PyTorch's error for a continuous distribution drawn into an integer tensor."""
    if input._data.dtype.kind != 'f':
        spelled = dtypes.CPP_NAMES[input.dtype] if name == 'Cauchy' else dtypes.title(input.dtype)
        raise RuntimeError(f'{name} distribution is a continuous probability distribution. dtype must be a floating '
                           f'point but you specified {spelled}')


@export(function=False)
def exponential_(input, lambd=1.0, *, generator=None):
    continuous(input, 'Exponential')
    if not lambd > 0:
        raise RuntimeError(f'exponential_ expects lambda > 0.0, but found lambda={lambd:g}')
    return fill(input, random.exponential(input.shape, lambd, input._data.dtype, input.device, generator),
                ExponentialBackward0)


@export(function=False)
def geometric_(input, p, *, generator=None):
    if input._data.dtype.kind == 'b':
        dtypes.not_implemented('geometric_cpu', input._data.dtype)
    if not 0 < p < 1:
        raise RuntimeError(f'geometric_ expects p to be in (0, 1), but got p={p:g}')
    return fill(input, random.geometric(input.shape, p, input._data.dtype, input.device, generator),
                GeometricBackward0)


@export(function=False)
def cauchy_(input, median=0.0, sigma=1.0, *, generator=None):
    continuous(input, 'Cauchy')
    if not sigma > 0:
        raise RuntimeError(f'cauchy_ expects sigma > 0.0, but found sigma={sigma:g}')
    return fill(input, random.cauchy(input.shape, median, sigma, input._data.dtype, input.device, generator),
                CauchyBackward0)


@export(function=False)
def log_normal_(input, mean=1.0, std=2.0, *, generator=None):
    check_floating(input, 'log_normal_cpu')
    if not std > 0:
        raise RuntimeError(f'log_normal_ expects std > 0.0, but found std={std:g}')
    return fill(input, random.log_normal(input.shape, mean, std, input._data.dtype, input.device, generator),
                LogNormalBackward0)
