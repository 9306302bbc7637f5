"""The shapes most float math ops share: out = f(a) with da = g * f'(a), and out = f(a, b) with da = g * df/da and
db = g * df/db. Each such op (trig.py, special.py) is a subclass that states f and its derivatives in a line each."""
from ..autograd.function import Op
from ..backend import get_array_module


class PointwiseBackward(Op):
    """out = f(a) elementwise, for a float tensor a;  da = g * f'(a)
    A subclass gives `f(xp, a)` on the array (xp: numpy or cupy) and `df(x)`, f' from x = a, or from x = out when
    `from_result` is set (the node keeps only that one, as PyTorch's). df works on arrays and on Tensors alike
    (backward with create_graph=True). Where PyTorch's formula divides, the subclass gives `denominator(x)`
    instead: da = g / denominator(x) (one rounding, and the graph PyTorch records under create_graph)."""
    from_result = False
    denominator = None

    @staticmethod
    def forward(ctx, a):
        out = ctx.f(get_array_module(a), a).astype(a.dtype, copy=False)   # scipy computes float16 in float32
        ctx.save_for_backward(out if ctx.from_result else a)
        return out

    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        return g * ctx.df(x) if ctx.denominator is None else g / ctx.denominator(x)


class BinaryPointwiseBackward(Op):
    """out = f(a, b) elementwise, for float tensors a and b;  da = g * df/da,  db = g * df/db
    A subclass gives `f(xp, a, b)` on the arrays and `da(a, b, out)`, `db(a, b, out)` (on arrays and on Tensors);
    `uses_out = False` when they do not use out, `separate = True` when da uses a alone and db b alone (PyTorch keeps
    only what the gradients it computes use: an in-place change to anything else is no error). What is kept is
    saved in PyTorch's order (other, self, result: of two changed in place, backward names the one PyTorch names).
    Where PyTorch's formulas divide, `divides = True`: da and db give the denominators, da = g / da(a, b, out)."""
    promotes = True
    uses_out = True
    separate = False
    divides = False

    @staticmethod
    def forward(ctx, a, b):
        out = ctx.f(get_array_module(a, b), a, b)
        need_a, need_b = ctx.needs_input_grad if ctx.separate else (True, True)
        ctx.save_for_backward(b if need_b else None, a if need_a else None, out if ctx.uses_out else None)
        return out

    @staticmethod
    def backward(ctx, g):
        b, a, out = ctx.saved_tensors
        if ctx.divides:
            return (g / ctx.da(a, b, out) if ctx.needs_input_grad[0] else None,
                    g / ctx.db(a, b, out) if ctx.needs_input_grad[1] else None)
        return (g * ctx.da(a, b, out) if ctx.needs_input_grad[0] else None,
                g * ctx.db(a, b, out) if ctx.needs_input_grad[1] else None)
