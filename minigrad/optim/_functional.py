"""The in-place array operations the optimizers' updates are written with, each rounding as PyTorch's CPU kernel of
the same name does (a scalar meets a float32 array as a float32, as numpy does with a Python float). `a` is the
array changed in place (numpy or cupy, 0-d included); the others are arrays or scalars."""


def lerp_(a, b, weight):
    """a.lerp_(b, weight): a + weight * (b - a) for |weight| < 0.5, else b - (b - a) * (1 - weight)."""
    if abs(weight) < 0.5:
        a += weight * (b - a)
    else:
        a[...] = b - (b - a) * (1 - weight)


def addcmul_(a, t1, t2, value=1):
    """a.addcmul_(t1, t2, value=value): a + value * t1 * t2."""
    a += value * t1 * t2


def addcdiv_(a, t1, t2, value=1):
    """a.addcdiv_(t1, t2, value=value): a + value * t1 / t2."""
    a += value * t1 / t2


def decay_(a, factor, t1, t2, value=1):
    """a.mul_(factor).addcmul_(t1, t2, value=value): the running average of squares (Adam's v, RMSprop's)."""
    a *= factor
    addcmul_(a, t1, t2, value)
