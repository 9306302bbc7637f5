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
    """Check second derivatives, as torch.autograd.gradgradcheck: gradcheck of the function
        (*inputs, *grad_outputs) -> the gradients of func(*inputs) with respect to its inputs that require grad,
        taken with create_graph=True along grad_outputs
    (random float64 ones that require grad when not given; laid out non-contiguous with
    gen_non_contig_grad_outputs), so every backward formula's own backward is compared with finite differences, in
    the inputs and in the incoming gradients."""
    from ..tensor import Tensor
    from .functional import grad
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    if not any(isinstance(t, Tensor) and t.requires_grad for t in inputs):
        raise ValueError('gradgradcheck expects at least one input tensor to require gradient')
    n = len(inputs)

    def first_derivatives(*args):
        with enable_grad():             # gradcheck runs the function under no_grad for its finite differences
            outs = func(*args[:n])
            outs = tuple(outs) if isinstance(outs, (tuple, list)) else (outs,)
            wrt = [t for t in args[:n] if isinstance(t, Tensor) and t.requires_grad]
            gs = grad(outs, wrt, args[n:], create_graph=True, allow_unused=True)
        return tuple(g if g is not None else t.new_zeros(t.shape) for g, t in zip(gs, wrt))

    if grad_outputs is None:
        rng = numpy.random.default_rng(0)

        def random_like(o):
            if gen_non_contig_grad_outputs:     # every other element of a wider array: a strided view
                return o.xp.asarray(rng.standard_normal(tuple(o.shape) + (2,)))[..., 0]
            return o.xp.asarray(rng.standard_normal(o.shape))
        outputs = func(*inputs)
        outputs = tuple(outputs) if isinstance(outputs, (tuple, list)) else (outputs,)
        grad_outputs = tuple(Tensor._make(random_like(o)).requires_grad_() for o in outputs)
    else:
        grad_outputs = tuple(grad_outputs) if isinstance(grad_outputs, (tuple, list)) else (grad_outputs,)
    return gradcheck(first_derivatives, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception)
