"""pdist and cdist: the p-norm distances between the rows of a matrix, or of two. PyTorch cannot differentiate their
backward again: under create_graph the gradient is a node of its own (PdistBackwardBackward0,
CdistBackwardBackward0) whose backward is PyTorch's error."""
from .grad_utils import data, is_tensor
from .operands import kernel_takes
from .table import export
from .. import dtypes
from ..autograd.function import Op
from ..backend import get_array_module, scatter_add


def p_norm(d, p):
    """||d||_p over the last axis (p = 0: the count of non-zeros; p = inf: the largest |d|)."""
    a = abs(d)
    if p == 0:
        return (a != 0).sum(-1).astype(d.dtype)
    if p == float('inf'):
        return a.max(-1, initial=0)
    return (a ** p).sum(-1) ** (1 / p)


def p_norm_slope(d, out, p):
    """d ||d||_p / dd for each difference d (out = ||d||_p, with a trailing axis): sign(d) |d|^(p-1) / out^(p-1)
    (p = 1: sign(d); p = inf: sign(d) where |d| = out; p = 0: 0; 0 where out = 0)."""
    xp = get_array_module(d)
    if p == 0:
        return xp.zeros_like(d)
    if p == 1:
        return xp.sign(d)
    if p == float('inf'):
        return xp.sign(d) * (abs(d) == out)
    return xp.where(out == 0, 0, xp.sign(d) * abs(d) ** (p - 1) / xp.where(out == 0, 1, out) ** (p - 1))


class PdistBackward0(Op):
    """out_k = ||x_i - x_j||_p for each pair of rows i < j (k in row-major order over the pairs);
    dx_i = sum over its pairs of g_k s_k (+ for x_i, - for x_j), with d = x_i - x_j and
    s = sign(d) |d|^(p-1) / out^(p-1) (p = 1: sign(d); p = inf: sign(d) where |d| = out; p = 0: 0; 0 where out = 0)"""

    @staticmethod
    def forward(ctx, x, p):
        xp = get_array_module(x)
        if x.ndim != 2:
            raise RuntimeError(f'pdist only supports 2D tensors, got: {x.ndim}D')
        if x.dtype.kind != 'f':
            raise RuntimeError('pdist only supports floating-point dtypes')
        kernel_takes(x, 'pdist', 'f', half=False)
        if p < 0:
            raise RuntimeError('pdist only supports non-negative p values')
        ctx.i, ctx.j = xp.triu_indices(x.shape[0], 1)
        ctx.p, ctx.n = p, x.shape[0]
        d = x[ctx.i] - x[ctx.j]
        ctx.d = d
        ctx.out = out = p_norm(d, p)
        ctx.save_for_backward(x)
        return out

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        value = ctx.gradient(data(g))
        if is_tensor(g):
            return PdistBackwardBackward0.apply(g, x, value=value)
        return value

    def gradient(self, g):
        xp = get_array_module(g)
        s = p_norm_slope(self.d, self.out[:, None], self.p)
        pair = g[:, None] * s
        dx = xp.zeros((self.n, self.d.shape[1]), self.d.dtype)
        scatter_add(dx, self.i, pair)
        scatter_add(dx, self.j, -pair)
        return dx


class PdistBackwardBackward0(Op):
    """pdist's gradient under create_graph, as PyTorch's _pdist_backward node: out = the gradient `value` (computed
    from g and x by PdistBackward0);  dg = dx = PyTorch's error (it has no derivative of _pdist_backward)"""
    aten = '_pdist_backward'

    @staticmethod
    def forward(ctx, g, *inputs, value):
        return value

    @staticmethod
    def backward(ctx, gg):
        raise NotImplementedError(f"the derivative for '{ctx.aten}' is not implemented.")


class CdistBackward0(Op):
    """out_ij = ||x1_i - x2_j||_p for each row i of x1 and j of x2 (batch dims broadcast);
    dx1_i = sum_j g_ij s_ij,  dx2_j = -sum_i g_ij s_ij, with s the slope of the p-norm at d = x1_i - x2_j
    (p_norm_slope)"""

    @staticmethod
    def forward(ctx, x1, x2, p):
        ctx.d = x1[..., :, None, :] - x2[..., None, :, :]
        ctx.out = p_norm(ctx.d, p)
        ctx.p = p
        ctx.save_for_backward(x1, x2)
        return ctx.out

    @staticmethod
    def backward(ctx, g):
        value = ctx.gradients(data(g))
        if is_tensor(g):
            x1, x2 = ctx.saved_tensors
            return tuple(CdistBackwardBackward0.apply(g, x1, x2, value=v) for v in value)
        return value

    def gradients(self, g):
        pair = g[..., None] * p_norm_slope(self.d, self.out[..., None], self.p)
        return pair.sum(-2), -pair.sum(-3)


class CdistBackwardBackward0(PdistBackwardBackward0):
    """cdist's gradient under create_graph: out = the gradient `value` (of x1 or x2);  dg = dx1 = dx2 = PyTorch's
    error (it has no derivative of _cdist_backward)"""
    aten = '_cdist_backward'


@export(method=False)
def cdist(x1, x2, p=2.0, compute_mode='use_mm_for_euclid_dist_if_necessary'):
    """The p-norm distance between each row of x1 and each row of x2: (..., P, M), (..., R, M) -> (..., P, R)."""
    for name, x in (('X1', x1), ('X2', x2)):
        if x.ndim < 2:
            raise RuntimeError(f'cdist only supports at least 2D tensors, {name} got: {x.ndim}D')
    for name, x in (('X1', x1), ('X2', x2)):
        if x._data.dtype.kind != 'f':
            raise RuntimeError(f'cdist only supports floating-point dtypes, {name} got: {dtypes.title(x.dtype)}')
    kernel_takes(x1._data, 'cdist', 'f', half=False)
    if x1.dtype != x2.dtype:
        raise RuntimeError(f'expected scalar type {dtypes.title(x1.dtype)} but found {dtypes.title(x2.dtype)}')
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f'X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} X2: {x2.shape[-1]}')
    if p < 0:
        raise RuntimeError('cdist only supports non-negative p values')
    return CdistBackward0.apply(x1, x2, p=p)
