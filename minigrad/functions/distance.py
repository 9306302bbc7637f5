"""pdist: the p-norm distances between the rows of a matrix. PyTorch cannot differentiate its backward again: under
create_graph the gradient is a node whose own backward is PyTorch's error (activation.NotDifferentiable)."""
from .activation import NotDifferentiable
from .grad_utils import is_tensor
from .operands import kernel_takes
from ..autograd.function import Op
from ..backend import get_array_module, scatter_add


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
        a = abs(d)
        if p == 0:
            out = (a != 0).sum(1).astype(x.dtype)
        elif p == float('inf'):
            out = a.max(1, initial=0)
        else:
            out = (a ** p).sum(1) ** (1 / p)
        ctx.d, ctx.out = d, out
        ctx.save_for_backward(x)
        return out

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        value = ctx.gradient(g._data if is_tensor(g) else g)
        if is_tensor(g):
            error = NotImplementedError("the derivative for '_pdist_backward' is not implemented.")
            return NotDifferentiable.apply(g, x, value=value, error=error)
        return value

    def gradient(self, g):
        xp = get_array_module(g)
        d, out, p = self.d, self.out[:, None], self.p
        if p == 0:
            s = xp.zeros_like(d)
        elif p == 1:
            s = xp.sign(d)
        elif p == float('inf'):
            s = xp.sign(d) * (abs(d) == out)
        else:
            s = xp.where(out == 0, 0, xp.sign(d) * abs(d) ** (p - 1) / xp.where(out == 0, 1, out) ** (p - 1))
        pair = g[:, None] * s
        dx = xp.zeros((self.n, d.shape[1]), d.dtype)
        scatter_add(dx, self.i, pair)
        scatter_add(dx, self.j, -pair)
        return dx
