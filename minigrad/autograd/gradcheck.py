"""gradcheck: compare backward's gradients with central finite differences, in float64."""
import numpy

from .grad_mode import enable_grad, no_grad


class GradcheckError(RuntimeError):
    pass


def gradcheck(func, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True):
    """Check d(sum of func(*inputs) * v)/d(input) against (f(x + eps) - f(x - eps)) / 2eps for every element
    of every input that requires grad, where v is a fixed random projection of the outputs."""
    from ..tensor import Tensor
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    diffable = [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]
    for t in diffable:
        if t.dtype.name != 'float64':
            raise GradcheckError(f'gradcheck needs float64 inputs (got {t.dtype}): float32 is too coarse for '
                                 'finite differences')

    def outputs():
        out = func(*inputs)
        return out if isinstance(out, (tuple, list)) else (out,)

    outs = outputs()
    rng = numpy.random.default_rng(0)
    vs = [rng.standard_normal(o.shape) for o in outs]
    loss = sum((o * Tensor._make(o.xp.asarray(v))).sum() for o, v in zip(outs, vs))
    from .functional import grad
    analytic = grad(loss, diffable, allow_unused=True)

    for i, (t, g) in enumerate(zip(diffable, analytic)):
        numeric = numpy.zeros(t.shape)
        with no_grad():
            for j in numpy.ndindex(*t.shape):   # element by element, in t's own memory (a view, too)
                old = t._data[j].item()
                t._data[j] = old + eps
                plus = sum(float((o._data * o.xp.asarray(v)).sum()) for o, v in zip(outputs(), vs))
                t._data[j] = old - eps
                minus = sum(float((o._data * o.xp.asarray(v)).sum()) for o, v in zip(outputs(), vs))
                t._data[j] = old
                numeric[j] = (plus - minus) / (2 * eps)
        got = numpy.zeros(t.shape) if g is None else numpy.asarray(g.detach().cpu().numpy(), dtype=numpy.float64)
        if not numpy.allclose(got, numeric, rtol=rtol, atol=atol):
            if not raise_exception:
                return False
            worst = numpy.unravel_index(numpy.abs(got - numeric).argmax(), t.shape)
            raise GradcheckError(f'Jacobian mismatch for input {i}: at index {tuple(int(k) for k in worst)} '
                                 f'analytical {got[worst]:.8g} vs numerical {numeric[worst]:.8g}\n'
                                 f'analytical:\n{got}\nnumerical:\n{numeric}')
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True):
    """gradcheck of the gradients themselves (as PyTorch's): the function
        (inputs, grad_outputs) -> autograd.grad(func(*inputs), inputs, grad_outputs, create_graph=True)
    checked against finite differences, so second derivatives (create_graph=True) are compared with the numbers.
    grad_outputs default to fixed random values in [-1, 1) that require grad (non-contiguous views if asked)."""
    from ..tensor import Tensor
    from .functional import grad
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    diffable = [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]

    def outputs(args):
        out = func(*args)
        return [o for o in (out if isinstance(out, (tuple, list)) else (out,)) if o.requires_grad]

    if grad_outputs is None:
        rng, step = numpy.random.default_rng(0), 2 if gen_non_contig_grad_outputs else 1
        grad_outputs = []
        for o in outputs(inputs):
            wide = rng.uniform(-1, 1, tuple(o.shape[:-1]) + (o.shape[-1] * step,) if o.ndim else ())
            data = o.xp.asarray(wide, dtype=o._data.dtype)
            grad_outputs.append(Tensor._make(data[..., ::step] if o.ndim else data, requires_grad=True))
    grad_outputs = tuple(grad_outputs) if isinstance(grad_outputs, (tuple, list)) else (grad_outputs,)

    def first_gradients(*args):
        with enable_grad():     # gradcheck's finite differences run under no_grad; these need a graph
            outs = outputs(args[:len(inputs)])
            gs = grad(outs, diffable, args[len(inputs):], create_graph=True, allow_unused=True)
        return tuple(g for g in gs if g is not None)

    return gradcheck(first_gradients, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
