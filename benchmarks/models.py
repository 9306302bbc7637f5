"""Every tutorial model as a training step that runs in PyTorch, in minigrad, or (for two of them) in numpy by hand,
from the same initial weights and the same inputs.

    ref, run = make_pair('cifar lenet', 'float32', 'cpu')    # torch, minigrad
    out, loss = run.forward_backward(0); run.update()        # the tutorial's step, split so grads can be read

The benchmark suites time four phases of a Run: forward (output and loss, graph recorded), forward_backward
(zero_grad, forward, backward), step (all that, the optimizer's update and loss.item()) and infer (the output
under no_grad). The report, the parity tests and the benchmark suites all build their models here.
"""
import numpy as np
import torch

import minigrad
from minigrad.utils.interop import copy_weights
from reference import autograd_examples, cifar_lenet, gpt, lenet, lstm_lm, mlp, two_layer_net
from reference.numpy_lenet import NumpyLeNet


def as_numpy(x):
    """A numpy copy of a torch or minigrad tensor (any device), or the array itself."""
    return x.detach().cpu().numpy() if hasattr(x, 'detach') else np.asarray(x)


class Run:
    """One model in one library: `params` (name -> leaf tensor or array), `net` (the nn.Module, or None) and the
    tutorial's training step split in two, so that gradients can be read between backward and the update."""
    graph_differs = None    # why the loss's grad_fn graph is not PyTorch's (a fused PyTorch kernel), or None

    def __init__(self, lib, params, batches, forward_backward, update, net=None, grads=None, trains=True,
                 forward=None, infer=None, device='cpu'):
        self.lib, self.params, self.batches, self.net, self.trains = lib, params, batches, net, trains
        self._forward_backward, self._update, self._grads = forward_backward, update, grads
        self._forward, self._infer, self.device = forward, infer, device

    def forward(self, i=0):
        """Forward pass and loss on batch i with the graph recorded, no backward; returns (output, loss)."""
        return self._forward(*self.batches[i % len(self.batches)])

    def infer(self, i=0):
        """The output on batch i under no_grad (inference)."""
        return self._infer(*self.batches[i % len(self.batches)])

    def forward_backward(self, i=0):
        """Zero the gradients, run forward and backward on batch i; returns (output, loss)."""
        return self._forward_backward(*self.batches[i % len(self.batches)])

    def update(self):
        self._update()

    def step(self, i=0):
        """One whole training step; returns the loss as a Python float (the tutorials' `loss.item()`)."""
        out, loss = self.forward_backward(i)
        self.update()
        return loss.item()

    def grads(self):
        """name -> gradient as a numpy array (None where there is none)."""
        if self._grads is not None:
            return self._grads()
        return {n: None if p.grad is None else as_numpy(p.grad) for n, p in self.params.items()}

    def numpy_params(self):
        return {n: as_numpy(p).copy() for n, p in self.params.items()}


def _tensors(lib, arrays, device, requires_grad=False):
    return [lib.tensor(a, device=device, requires_grad=requires_grad) for a in arrays]


def _module_run(lib, net, training, batches, device):
    """A Run for an nn.Module model trained with the tutorial's criterion and optimizer."""
    criterion, optimizer = training(lib, net)

    def forward(x, target):
        out = net(x)
        return out, criterion(out, target)

    batches = [tuple(_tensors(lib, b, device)) for b in batches]
    return _training_run(lib, net, forward, net, optimizer, optimizer.step, batches, device)


def _training_run(lib, net, forward, predict, optimizer, update, batches, device):
    """The Run of nn.Module `net` on `batches` (tuples of tensors): forward(*batch) gives (output, loss), predict(x)
    the output alone, and update() is the step after backward."""

    def forward_backward(*batch):
        optimizer.zero_grad()
        out, loss = forward(*batch)
        loss.backward()
        return out, loss

    def infer(x, *rest):
        with lib.no_grad():
            return predict(x)

    return Run(lib, dict(net.named_parameters()), batches, forward_backward, update, net=net, forward=forward,
               infer=infer, device=device)


# name -> (reference module, builder, input shape without the batch, batch size, loss target, batches)
MODULES = {
    'lenet 32x32': (lenet, lenet.build, (1, 32, 32), 1, 'regression', 1),
    'lenet 20x20': (lenet, lenet.build_20x20, (1, 20, 20), 1, 'regression', 1),
    'cifar lenet': (cifar_lenet, cifar_lenet.build, (3, 32, 32), cifar_lenet.batch_size, 'classes', 10),
    'fashion mlp': (mlp, mlp.build, (1, 28, 28), mlp.batch_size, 'classes', 10),
}
# name -> (reference function, {leaf name: initial values}, training step size or None)
EXAMPLES = {
    'logistic': (autograd_examples.logistic, None, 0.1),
    'autograd: (x+2)^2*3 mean': (autograd_examples.mean_of_square, lambda rng: {'x': np.ones((2, 2))}, None),
    'autograd: mean((X+2)*(X+2))': (autograd_examples.mean_of_product, lambda rng: {'X': np.ones((2, 2))}, None),
    'autograd: 15 chained mm': (autograd_examples.chained_mm,
                                lambda rng: {'X': np.ones((2, 2)), 'S': np.array([[0.01, 0.02]])}, None),
    'autograd: (x+2)^2+3': (autograd_examples.square_plus_three, lambda rng: {'x': np.array([2.0])}, None),
}
NUMPY_TWINS = ('two-layer net', 'cifar lenet')   # models with a hand-written numpy twin
NAMES = ['two-layer net', *MODULES, *EXAMPLES]
# the (model, batch size) pairs the benchmark suites and the report's speed table time (None: the tutorial's N=64)
BENCHMARKED = [('two-layer net', None), ('lenet 32x32', 1), ('cifar lenet', 4), ('cifar lenet', 64),
               ('cifar lenet', 256), ('fashion mlp', 64), ('fashion mlp', 512)]


def module_batches(name, dtype, seed=0, batch_size=None):
    """The inputs of a module model: a list of (x, target) numpy pairs (one pair where the tutorial reuses it)."""
    _, _, shape, n, target, count = MODULES[name]
    n = batch_size or n
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        x = rng.standard_normal((n, *shape)).astype(dtype)
        y = (rng.standard_normal((n, 10)).astype(dtype) if target == 'regression'
             else rng.integers(0, 10, n).astype(np.int64))
        out.append((x, y))
    return out


def torch_net(name, dtype='float32', device='cpu', seed=0):
    """The PyTorch model with PyTorch's initial weights for this seed."""
    torch.manual_seed(seed)
    return MODULES[name][1](torch)().to(device=device, dtype=getattr(torch, dtype))


def make(name, lib, dtype='float32', device='cpu', seed=0, batch_size=None, like=None):
    """The Run of model `name` in `lib` (torch, minigrad or numpy for a twin). Module weights are PyTorch's
    initial weights for `seed`, copied from `like` (a torch nn.Module) when given."""
    if name in GPTS:
        return _gpt_run(name, lib, dtype, device, seed, batch_size)
    if name in LSTM_LMS:
        return _lstm_lm_run(lib, dtype, device, seed, batch_size)
    if name in MODULES:
        ref, build = MODULES[name][:2]
        batches = module_batches(name, dtype, seed, batch_size)
        tnet = like if like is not None else torch_net(name, dtype, 'cpu', seed)
        if lib is np:
            state = {k: as_numpy(v) for k, v in tnet.state_dict().items()}
            return _numpy_lenet_run(state, batches)
        if lib is torch:
            net = tnet.to(device) if like is not None else torch_net(name, dtype, device, seed)
        else:
            net = build(lib)().to(dtype=getattr(lib, dtype))
            copy_weights(tnet, net)
            net = net.to(device)
        return _module_run(lib, net, ref.training, batches, device)
    rng = np.random.default_rng(seed)
    if name == 'two-layer net':
        return _two_layer_run(lib, rng, dtype, device)
    fn, values, lr = EXAMPLES[name]
    if values is None:   # the logistic example: x = ones(5), y = zeros(3), w = randn(5, 3), b = randn(3)
        leaves = {'w': rng.standard_normal((5, 3)), 'b': rng.standard_normal(3)}
        data = [(np.ones(5, dtype), np.zeros(3, dtype))]
    else:
        leaves, data = values(rng), [()]
    params = dict(zip(leaves, _tensors(lib, [v.astype(dtype) for v in leaves.values()], device, True)))
    batches = [tuple(_tensors(lib, b, device)) for b in data]
    optimizer = lib.optim.SGD(params.values(), lr=lr) if lr else None

    def forward_backward(*inputs):
        for p in params.values():
            p.grad = None
        out = fn(lib, *inputs, *params.values())
        out.backward()
        return out, out

    return Run(lib, params, batches, forward_backward, optimizer.step if optimizer else lambda: None,
               trains=optimizer is not None)


def _two_layer_run(lib, rng, dtype, device):
    """x, y, w1, w2 drawn from randn as in the tutorial, the same values in every library."""
    m = two_layer_net
    x, y = rng.standard_normal((m.N, m.D_in)), rng.standard_normal((m.N, m.D_out))
    w1, w2 = rng.standard_normal((m.D_in, m.H)), rng.standard_normal((m.H, m.D_out))
    x, y, w1, w2 = (a.astype(dtype) for a in (x, y, w1, w2))
    if lib is np:
        grads = {}

        def numpy_forward(x, y):
            return m.numpy_forward(x, y, w1, w2)[2:]

        def numpy_forward_backward(x, y):
            h, h_relu, y_pred, loss = m.numpy_forward(x, y, w1, w2)
            grads['w1'], grads['w2'] = m.numpy_backward(x, y, w2, h, h_relu, y_pred)
            return y_pred, loss

        return Run(np, {'w1': w1, 'w2': w2}, [(x, y)], numpy_forward_backward,
                   lambda: m.numpy_update(w1, w2, grads['w1'], grads['w2']), grads=lambda: dict(grads),
                   forward=numpy_forward, infer=lambda x, y: m.numpy_forward(x, y, w1, w2)[2])
    x, y = _tensors(lib, (x, y), device)
    w1, w2 = _tensors(lib, (w1, w2), device, requires_grad=True)

    def forward(x, y):
        y_pred = m.forward(x, w1, w2)
        return y_pred, m.loss_fn(y_pred, y)

    def forward_backward(x, y):
        w1.grad = w2.grad = None    # the tutorial zeroes them after its update; forward_backward alone must too
        y_pred, loss = forward(x, y)
        loss.backward()
        return y_pred, loss

    def infer(x, y):
        with lib.no_grad():
            return m.forward(x, w1, w2)

    return Run(lib, {'w1': w1, 'w2': w2}, [(x, y)], forward_backward, lambda: m.update(lib, w1, w2),
               forward=forward, infer=infer, device=device)


def _numpy_lenet_run(state, batches):
    net = NumpyLeNet(state)

    def forward(x, labels):
        out = net.forward(x, train=True)
        return out, net.loss(out, labels)[0]

    def forward_backward(x, labels):
        out = net.forward(x, train=True)
        return out, net.loss_and_backward(out, labels)

    return Run(np, net.params, batches, forward_backward, net.sgd_step, grads=lambda: {n: net.grads[n] for n in net.params},
               forward=forward, infer=lambda x, labels: net.forward(x))


# -- the character-level GPT (reference/gpt.py): a tiny one, so that its 10 parity steps take a second or two --
GPT_TEXT = gpt.Text()
GPT_SIZE = dict(block_size=16, n_layer=2, n_head=4, n_embd=32)
GPT_BATCH = 8
GPT_STEPS = 10     # the steps of the parity check: the cosine schedule anneals over them, the batches cycle
# name -> the Config fields that make the variant: the attention by hand with a tied head, sdpa with an untied one
GPTS = {'gpt': dict(sdpa=False, tied=True), 'gpt sdpa untied': dict(sdpa=True, tied=False)}


def gpt_config(name):
    return gpt.Config(vocab_size=GPT_TEXT.vocab_size, **GPT_SIZE, **GPTS[name])


def gpt_missing(name, lib=minigrad):
    """What GPT `name` needs that `lib` does not have yet ('nn.Embedding', ...): empty when it runs there."""
    return [f for f in gpt.needs(gpt_config(name)) if not gpt.has(lib, f)]


def _gpt_run(name, lib, dtype, device, seed, batch_size):
    """The GPT from PyTorch's initial weights for `seed`, trained with reference/gpt.py's AdamW, gradient clipping
    and cosine schedule on GPT_STEPS batches of windows of reference/data/tiny.txt (batch_size windows each)."""
    config = gpt_config(name)
    torch.manual_seed(seed)
    net = gpt.build(torch)(config).to(dtype=getattr(torch, dtype))
    if lib is not torch:
        tnet, net = net, gpt.build(lib)(config).to(dtype=getattr(lib, dtype))
        copy_weights(tnet, net)
    net = net.to(device)
    optimizer, _, update = gpt.training(lib, net, GPT_STEPS)
    rng = np.random.default_rng(seed)
    batches = [tuple(_tensors(lib, GPT_TEXT.batch(rng, batch_size or GPT_BATCH, config.block_size), device))
               for _ in range(GPT_STEPS)]
    return _training_run(lib, net, net, lambda x: net(x)[0], optimizer, update, batches, device)


def gpt_graph_gap(name):
    """Why minigrad's grad_fn graph of model `name` is not PyTorch's, a known gap that the parity checks name
    instead of comparing the graphs; None where the graphs must agree."""
    if name not in GPTS or gpt_missing(name):
        return None
    first, second = minigrad.ones(4, requires_grad=True).split(2)
    if first.grad_fn is not second.grad_fn:
        return ("split's parts are each their own SplitBackward0 node in minigrad; PyTorch's split is one node with "
                'one output per part, so the walks differ in length')
    ours, theirs = (_sdpa_node(lib) if GPTS[name]['sdpa'] else None for lib in (minigrad, torch))
    return None if ours == theirs else (f'F.scaled_dot_product_attention records {ours} (composite) where '
                                        f'PyTorch\'s CPU kernel is one node, {theirs}')


def _sdpa_node(lib):
    """The name of the node F.scaled_dot_product_attention(is_causal=True) records in `lib`."""
    q = lib.ones(1, 1, 2, 2, dtype=lib.float64, requires_grad=True)
    return lib.nn.functional.scaled_dot_product_attention(q, q, q, is_causal=True).grad_fn.name()


# timed too, once minigrad has their layers
BENCHMARKED += [(name, GPT_BATCH) for name in GPTS if not gpt_missing(name)]
# -- the character-level LSTM language model (reference/lstm_lm.py): its first 10 batches of tiny.txt --
LSTM_TEXT = lstm_lm.Characters()
LSTM_LMS = {'char lstm': "PyTorch runs the LSTM as its native loop's nodes (float64) or cuDNN's fused node (GPU); "
                         "minigrad records its cells' ops step after step there, so the nodes differ (in float32 on "
                         "the CPU both record oneDNN's MkldnnRnnLayerBackward0 per layer)"}
NAMES += list(LSTM_LMS)
BENCHMARKED += [('char lstm', lstm_lm.batch_size)]


def _lstm_lm_run(lib, dtype, device, seed, batch_size):
    """The CharLSTM from PyTorch's initial weights for `seed`, trained as reference/lstm_lm.py trains it."""
    torch.manual_seed(seed)
    net = lstm_lm.build(torch)(LSTM_TEXT.vocab_size).to(dtype=getattr(torch, dtype))
    if lib is not torch:
        tnet, net = net, lstm_lm.build(lib)(LSTM_TEXT.vocab_size).to(dtype=getattr(lib, dtype))
        copy_weights(tnet, net)
    run = _module_run(lib, net.to(device), lstm_lm.training,
                      LSTM_TEXT.batches(batch_size or lstm_lm.batch_size, lstm_lm.seq_len)[:10], device)
    run.graph_differs = None if (dtype, device) == ('float32', 'cpu') else LSTM_LMS['char lstm']
    return run


def make_pair(name, dtype='float32', device='cpu', seed=0, impl='minigrad', batch_size=None):
    """(PyTorch's Run, minigrad's or the numpy twin's Run) from the same weights and inputs."""
    lib = np if impl == 'numpy' else minigrad
    tnet = torch_net(name, dtype, 'cpu', seed) if name in MODULES else None
    other = make(name, lib, dtype, device, seed, batch_size, like=tnet)
    ref = make(name, torch, dtype, device, seed, batch_size, like=tnet)
    return ref, other
