"""The shape most one-input float ops share: out = f(a) and da = g * f'(a). Each such op (trig.py, special.py) is a
subclass that states f and f' in a line each; the node keeps only what f' reads (the input, or the result when f'
is simplest in it), as PyTorch's node does."""
from ..autograd.function import Op
from ..backend import get_array_module


class PointwiseBackward(Op):
    """out = f(a) elementwise, for a float tensor a;  da = g * f'(a)
    A subclass gives `f(xp, a)` on the array (xp: numpy or cupy) and `df(x)`, f' from x = a, or from x = out when
    `from_result` is set. df works on arrays and on Tensors alike (backward with create_graph=True)."""
    from_result = False

    @staticmethod
    def forward(ctx, a):
        out = ctx.f(get_array_module(a), a).astype(a.dtype, copy=False)   # scipy computes float16 in float32
        ctx.save_for_backward(out if ctx.from_result else a)
        return out

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * ctx.df(x)
