"""Matrix products. A 1-D left operand acts as a row, a 1-D right operand as a column."""
from ..autograd.function import Function


class Matmul(Function):
    """out = a @ b (batched, broadcasting);  da = g @ b^T,  db = a^T @ g"""
    grad_fn_name = 'BmmBackward0'

    def forward(self, a, b):
        ka, kb = a.shape[-1], b.shape[-2] if b.ndim > 1 else b.shape[0]
        if ka != kb:
            self.shape_error(a, b)
        self.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def shape_error(a, b):
        raise RuntimeError(f'Expected size for first two dimensions of batch2 tensor to be: '
                           f'{list(a.shape[:-2]) + [a.shape[-1]]} but got: {list(b.shape[:-1])}.')

    def backward(self, g):
        a, b = self.saved_tensors
        a2 = a.reshape((1,) + tuple(a.shape)) if a.ndim == 1 else a
        b2 = b.reshape(tuple(b.shape) + (1,)) if b.ndim == 1 else b
        g2 = g
        if a.ndim == 1:
            g2 = g2.reshape(tuple(g2.shape[:-1]) + (1,) + tuple(g2.shape[-1:]) if b.ndim > 1 else (1,) + tuple(g2.shape))
        if b.ndim == 1:
            g2 = g2.reshape(tuple(g2.shape) + (1,))
        ga = gb = None
        if self.needs_input_grad[0]:
            ga = g2 @ b2.swapaxes(-1, -2)
            if a.ndim == 1:     # drop the row dim we added; the engine sums any batch dims away
                ga = ga.reshape(tuple(ga.shape[:-2]) + tuple(ga.shape[-1:]))
        if self.needs_input_grad[1]:
            gb = a2.swapaxes(-1, -2) @ g2
            if b.ndim == 1:
                gb = gb.reshape(tuple(gb.shape[:-1]))
        return ga, gb


class Mm(Matmul):
    """2-D @ 2-D"""
    grad_fn_name = 'MmBackward0'

    @staticmethod
    def shape_error(a, b):
        raise RuntimeError(f'mat1 and mat2 shapes cannot be multiplied '
                           f'({a.shape[0]}x{a.shape[1]} and {b.shape[0]}x{b.shape[1]})')


class Mv(Matmul):
    """2-D @ 1-D"""
    grad_fn_name = 'MvBackward0'

    @staticmethod
    def shape_error(a, b):
        raise RuntimeError(f'size mismatch, got input ({a.shape[0]}), mat ({a.shape[0]}x{a.shape[1]}), '
                           f'vec ({b.shape[0]})')


class Dot(Matmul):
    """1-D . 1-D"""
    grad_fn_name = 'DotBackward0'

    @staticmethod
    def shape_error(a, b):
        raise RuntimeError(f'inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] to have '
                           f'the same number of elements, but got {a.shape[0]} and {b.shape[0]} elements respectively')


def matmul_class(a_ndim, b_ndim):
    if a_ndim == 0 or b_ndim == 0:
        raise RuntimeError(f'both arguments to matmul need to be at least 1D, but they are {a_ndim}D and {b_ndim}D')
    return {(1, 1): Dot, (2, 1): Mv, (2, 2): Mm}.get((a_ndim, b_ndim), Matmul)


class Addmm(Function):
    """out = bias + x @ w  (nn.Linear's op, with w = weight.t());  dbias = g,  dx = g @ w^T,  dw = x^T @ g"""
    def forward(self, bias, x, w):
        if x.shape[1] != w.shape[0]:
            Mm.shape_error(x, w)
        self.save_for_backward(x, w)
        out = x @ w
        out += bias
        return out

    def backward(self, g):
        x, w = self.saved_tensors
        return (g,
                g @ w.T if self.needs_input_grad[1] else None,
                x.T @ g if self.needs_input_grad[2] else None)
