"""How far a run is from PyTorch's: outputs, loss, every gradient, and the parameters after each training step.

The verdict is norm-wise: max |ours - torch| <= tol * max |torch| for each array, at every one of the 10 steps,
with one fixed tol per dtype (TOL). Both libraries do the same arithmetic; only the summation order inside matmul
and convolution differs. Measured on the CPU, the worst of every model over 10 steps is 4.2e-15 in float64 and
1.7e-6 in float32 (the two-layer net's output, sums of 1000 products: rounding in a different order grows like
sqrt(1000) * 2**-24 ~ 2e-6), so float64's 1e-10 and float32's 1e-5 leave room for other summation orders (BLAS
builds, the GPU) and still catch small real errors: SGD's lr off by 1e-4 moves the 20x20 LeNet's outputs (lr 0.01)
by 5e-5 and the logistic example's (lr 0.1) by 3e-5 within 10 steps, which fails in both dtypes (a bound of k * tol
at step k let both pass in float32). Where such an error moves the values by less than float32 resolves (the CIFAR
LeNet and the FashionMNIST MLP, lr 1e-3: 1e-5 and 1e-6), the float64 run is the one that catches it.
"""
import numpy as np

from .models import GPTS, as_numpy, gpt_graph_gap, make_pair

TOL = {'float64': 1e-10, 'float32': 1e-5}
# The GPTs (reference/gpt.py) train with AdamW, whose step lr * m / (sqrt(v) + eps) does not shrink with the gradient:
# where a gradient element is small, its float32 rounding (summation order) moves the weight by a fraction of lr that
# the other library does not. Measured worst over 10 steps on the CPU: float64 9.3e-13 (weights; outputs 6e-16,
# gradients 1.2e-14), float32 3.8e-4 (weights; outputs 4.3e-7, gradients 1.1e-5). float64 keeps the tight bound and
# catches an lr off by 1e-4 (tests/test_gpt.py) or a dropped weight decay (6e-4); float32's 2e-3 leaves 5x room and
# catches an lr off by 1% (2e-2) or Adam's eps at 1e-7 instead of 1e-8 (0.5).
GPT_TOL = {'float64': 1e-10, 'float32': 2e-3}


def tolerance(name, dtype):
    """The bound on max |ours - torch| / max |torch| for model `name` in `dtype`."""
    return (GPT_TOL if name in GPTS else TOL)[dtype]


def max_diff(got, want):
    """(max |got - want|, max |want|) over an array."""
    got, want = as_numpy(got).astype(np.float64), as_numpy(want).astype(np.float64)
    assert got.shape == want.shape, f'shape {got.shape} != torch {want.shape}'
    return float(np.max(np.abs(got - want), initial=0.0)), float(np.max(np.abs(want), initial=0.0))


class Diff:
    """The largest difference seen so far, where it was, and whether every one was within tolerance."""

    def __init__(self, tol):
        self.tol, self.value, self.where, self.ok, self.worst = tol, 0.0, '', True, ''
        self.rel = 0.0   # the largest max |diff| / max |torch| seen

    def add(self, where, got, want):
        d, size = max_diff(got, want)
        self.rel = max(self.rel, d / size if size else d)
        if d > self.value or not self.where:
            self.value, self.where = d, where
        if not d <= self.tol * size:   # `not <=` so that NaN fails
            self.ok, self.worst = False, self.worst or f'{where}: |diff| {d:.3g} > {self.tol:.0e} * {size:.3g}'


def graph_names(loss):
    """The grad_fn graph of `loss`, breadth first: the name of every node (None for inputs without a graph)."""
    names, queue, seen = [], [loss.grad_fn], {}   # id -> node, kept alive so that no other node gets its id
    while queue:
        fn = queue.pop(0)
        if fn is None:
            names.append('None')
            continue
        names.append(fn.name())
        if id(fn) not in seen:
            seen[id(fn)] = fn
            queue.extend(f for f, _ in fn.next_functions)
    return names


def compare_runs(ref, run, dtype, steps=10, tol=None, graph_gap=None):
    """Compare `run` with PyTorch's `ref` over `steps` training steps (inputs, outputs, gradients, parameters).
    Returns a dict of Diffs: 'output' (outputs and loss), 'grad', 'params' (after each step), and 'structure': a
    list of differences in repr(net) and in the grad_fn graph of the loss. `tol`: TOL[dtype] unless given;
    `graph_gap` (or run.graph_differs): why the graphs are known to differ (then they are not compared)."""
    tol = tol or TOL[dtype]
    diffs = {'output': Diff(tol), 'grad': Diff(tol), 'params': Diff(tol), 'structure': []}
    if ref.net is not None and run.net is not None and repr(run.net) != repr(ref.net):
        diffs['structure'].append(f'repr(net) differs:\n{run.net}\ntorch:\n{ref.net}')
    for step in range(steps):
        r_out, r_loss = ref.forward_backward(step)
        m_out, m_loss = run.forward_backward(step)
        gap = graph_gap or run.graph_differs
        if step == 0 and not gap and hasattr(m_loss, 'grad_fn') and graph_names(m_loss) != graph_names(r_loss):
            diffs['structure'].append(f'grad_fn graph {graph_names(m_loss)} != torch {graph_names(r_loss)}')
        diffs['output'].add(f'output (step {step})', m_out, r_out)
        diffs['output'].add(f'loss (step {step})', m_loss, r_loss)
        r_grads, m_grads = ref.grads(), run.grads()
        assert list(m_grads) == list(r_grads), f'parameters {list(m_grads)} != torch {list(r_grads)}'
        for name, g in r_grads.items():
            if g is None or m_grads[name] is None:
                if not (g is None and m_grads[name] is None):
                    diffs['grad'].ok, diffs['grad'].worst = False, f'{name}: gradient only in one library'
                continue
            diffs['grad'].add(name, m_grads[name], g)
        ref.update()
        run.update()
        for name, p in ref.numpy_params().items():
            diffs['params'].add(f'{name} (step {step + 1})', run.params[name], p)
    return diffs


def passed(diffs):
    return not diffs['structure'] and all(diffs[k].ok for k in ('output', 'grad', 'params'))


def problems(diffs):
    return diffs['structure'] + [diffs[k].worst for k in ('output', 'grad', 'params') if not diffs[k].ok]


def measure(name, dtype='float32', device='cpu', impl='minigrad', steps=10, seed=0):
    """compare_runs on a fresh pair of runs of model `name`."""
    ref, run = make_pair(name, dtype, device, seed, impl)
    return compare_runs(ref, run, dtype, steps, tolerance(name, dtype), gpt_graph_gap(name))
