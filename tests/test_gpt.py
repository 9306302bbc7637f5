"""The character-level GPT of reference/gpt.py in PyTorch and in minigrad, from the same initial weights on the same
batches of reference/data/tiny.txt: the loss and logits at every step, every gradient, every weight after each of
10 AdamW steps (with gradient clipping and the cosine schedule), repr(net), state_dict keys, the grad_fn graph of
the loss, and the text each writes.

Tolerances (benchmarks.parity.GPT_TOL, relative to the largest value of each array): float64 1e-10, float32 2e-3
(AdamW's step does not shrink with the gradient, so float32 rounding in small gradients moves weights by a part of
lr; measured worst 3.8e-4; parity.py says more).

The minigrad side needs nn.Embedding, nn.LayerNorm and (for the sdpa variant) F.scaled_dot_product_attention; until
minigrad has them those tests skip, naming what is missing, and switch on by themselves when it does.
"""
import numpy as np
import pytest
import torch

import minigrad
from benchmarks import models, parity
from benchmarks.parity import graph_names, tolerance
from helpers import compare, to_numpy
from minigrad.utils.interop import copy_weights
from reference import gpt

GPU = minigrad.cuda.is_available() and torch.cuda.is_available()
DEVICES = ['cpu', pytest.param('cuda', marks=[pytest.mark.gpu, pytest.mark.skipif(
    not GPU, reason='needs CUDA: minigrad.cuda.is_available() (cupy and a device) and torch.cuda.is_available()')])]
NAMES = list(models.GPTS)


def runs_in_minigrad(name):
    """`name` as a parameter that skips while minigrad lacks a layer the model needs."""
    missing = models.gpt_missing(name)
    return pytest.param(name, marks=pytest.mark.skipif(bool(missing), reason=f'minigrad has no {", ".join(missing)} '
                                                                             f'yet'))


IN_MINIGRAD = [runs_in_minigrad(name) for name in NAMES]


def close(what, got, want, name, dtype):
    rtol = tolerance(name, dtype)
    want = to_numpy(torch.as_tensor(models.as_numpy(want)))
    compare(what, torch.as_tensor(models.as_numpy(got)), torch.as_tensor(want), dtype,
            dict(rtol=rtol, atol=rtol * float(np.max(np.abs(want), initial=0))))


def nets(name, dtype='float64', seed=0):
    """(torch GPT, minigrad GPT) with PyTorch's initial weights for `seed`."""
    config = models.gpt_config(name)
    torch.manual_seed(seed)
    tnet = gpt.build(torch)(config).to(getattr(torch, dtype))
    mnet = gpt.build(minigrad)(config).to(getattr(minigrad, dtype))
    copy_weights(tnet, mnet)
    return tnet, mnet


def test_text_tokens_round_trip_and_targets_are_the_next_characters():
    text = gpt.Text()
    assert text.decode(text.encode(text.text)) == text.text
    assert 5000 <= len(text.text) <= 10000 and text.chars == sorted(set(text.text))
    x, y = text.batch(np.random.default_rng(0), 4, 16)
    assert x.shape == y.shape == (4, 16) and x.dtype == np.int64
    np.testing.assert_array_equal(x[:, 1:], y[:, :-1])
    for row_x, row_y in zip(x, y):
        assert text.decode(row_x)[1:] + text.decode(row_y)[-1:] == text.decode(row_y)


@pytest.mark.parametrize('name', NAMES[:1])
def test_gpt_learns_the_text_in_torch(name):
    """The reference itself, in PyTorch: 40 steps from the tiny config lower the loss from about log(vocab_size),
    the tied head shares the embedding's weight, greedy writing is deterministic and sampling repeats with a seed.
    (The other variant trains in the parity tests.)"""
    text, config = gpt.Text(), models.gpt_config(name)
    torch.manual_seed(0)
    net = gpt.build(torch)(config)
    assert (net.lm_head.weight is net.transformer.wte.weight) == config.tied
    losses = gpt.train(torch, net, text, 40, batch_size=8)
    assert abs(losses[0] - np.log(text.vocab_size)) < 0.1 and np.mean(losses[-5:]) < losses[0] - 0.5
    assert gpt.write(torch, net, text, 'The ', 20) == gpt.write(torch, net, text, 'The ', 20)
    sampled = gpt.write(torch, net, text, 'The ', 20, greedy=False, seed=1)
    assert sampled == gpt.write(torch, net, text, 'The ', 20, greedy=False, seed=1) and sampled.startswith('The ')
    assert len(sampled) == 24


@pytest.mark.parametrize('device', DEVICES)
@pytest.mark.parametrize('dtype', ['float64', 'float32'])
@pytest.mark.parametrize('name', IN_MINIGRAD)
def test_ten_training_steps_match_torch(name, dtype, device):
    """Logits, loss and every gradient at each step, every weight after it (the AdamW step, clip_grad_norm_ and
    CosineAnnealingLR.step of reference/gpt.py's training)."""
    ref, run = models.make_pair(name, dtype, device)
    for step in range(models.GPT_STEPS):
        r_out, r_loss = ref.forward_backward(step)
        m_out, m_loss = run.forward_backward(step)
        close(f'{name}: logits at step {step}', m_out, r_out, name, dtype)
        close(f'{name}: loss at step {step}', m_loss, r_loss, name, dtype)
        r_grads, m_grads = ref.grads(), run.grads()
        assert list(m_grads) == list(r_grads)
        for param, g in r_grads.items():
            close(f'{name}: gradient of {param} at step {step}', m_grads[param], g, name, dtype)
        ref.update()
        run.update()
        for param, p in ref.numpy_params().items():
            close(f'{name}: {param} after step {step + 1}', run.params[param], p, name, dtype)


@pytest.mark.parametrize('name', IN_MINIGRAD)
def test_structure_matches_torch(name):
    """repr(net), state_dict keys (the tied head's weight listed under both names, the causal mask as buffer
    'bias') and named_parameters (the tied weight once)."""
    ref, run = models.make_pair(name, 'float32')
    assert repr(run.net) == repr(ref.net)
    assert list(run.net.state_dict()) == list(ref.net.state_dict())
    assert list(run.params) == list(ref.params)
    for r in (ref, run):
        assert (r.net.lm_head.weight is r.net.transformer.wte.weight) == models.GPTS[name]['tied']


def split_shares_one_node(lib):
    """Whether x.split()'s parts come from one node with several outputs, as in PyTorch."""
    first, second = lib.ones(4, requires_grad=True).split(2)
    return first.grad_fn is second.grad_fn


SPLIT = ("split's parts are each their own SplitBackward0 node in minigrad; PyTorch's split is one node with one "
         'output per part, so the walks differ in length')


@pytest.mark.parametrize('name', IN_MINIGRAD)
def test_grad_fn_graph_matches_torch(name):
    """loss.grad_fn walked breadth first (benchmarks.parity.graph_names): the same node names in the same order."""
    if models.gpt_graph_gap(name):
        pytest.xfail(models.gpt_graph_gap(name))
    ref, run = models.make_pair(name, 'float32')
    _, r_loss = ref.forward_backward(0)
    _, m_loss = run.forward_backward(0)
    assert graph_names(m_loss) == graph_names(r_loss)


@pytest.mark.parametrize('name', IN_MINIGRAD)
def test_learning_rates_follow_torchs_cosine_schedule(name):
    tnet, mnet = nets(name)
    (t_opt, t_sched, _), (m_opt, m_sched, _) = gpt.training(torch, tnet, 8), gpt.training(minigrad, mnet, 8)
    assert [len(g['params']) for g in m_opt.param_groups] == [len(g['params']) for g in t_opt.param_groups]
    for _ in range(10):
        assert [g['lr'] for g in m_opt.param_groups] == pytest.approx([g['lr'] for g in t_opt.param_groups],
                                                                     rel=1e-12)
        assert [g['weight_decay'] for g in m_opt.param_groups] == [g['weight_decay'] for g in t_opt.param_groups]
        for opt, sched in ((t_opt, t_sched), (m_opt, m_sched)):
            opt.step()   # no gradients yet: changes nothing, but the schedule steps after it, as in training
            sched.step()


@pytest.mark.parametrize('name', IN_MINIGRAD)
def test_written_text_matches_torch(name):
    """After 10 training steps from the same start on the same batches: the same greedy text, and the text sampled
    with multinomial. minigrad's generators are PCG64, not PyTorch's Mersenne Twister (minigrad/random.py), so a seed
    does not give PyTorch's draws: minigrad's sampled text repeats with its seed, and at every character the
    distribution it drew from is PyTorch's on the same prefix."""
    text = gpt.Text()
    tnet, mnet = nets(name)
    assert gpt.train(minigrad, mnet, text, 10, batch_size=8) == pytest.approx(
        gpt.train(torch, tnet, text, 10, batch_size=8), rel=1e-10)
    assert gpt.write(minigrad, mnet, text, 'The ', 24) == gpt.write(torch, tnet, text, 'The ', 24)
    sampled = gpt.write(minigrad, mnet, text, 'The ', 24, greedy=False, seed=3)
    assert sampled == gpt.write(minigrad, mnet, text, 'The ', 24, greedy=False, seed=3)
    assert sampled != gpt.write(minigrad, mnet, text, 'The ', 24)   # not the greedy text: it sampled
    tokens = text.encode(sampled)[None]
    block = models.GPT_SIZE['block_size']
    for end in range(len('The ') + 1, len(sampled) + 1):   # the prefix that chose each sampled character
        window = tokens[:, max(0, end - 1 - block):end - 1]
        t_logits = tnet(torch.tensor(window))[0][:, -1].softmax(-1)
        m_logits = mnet(minigrad.tensor(window))[0][:, -1].softmax(-1)
        close(f'{name}: next-character distribution after {end - 1} characters', m_logits, t_logits, name, 'float64')


@pytest.mark.parametrize('name', IN_MINIGRAD[:1])
def test_a_learning_rate_off_by_1e_4_is_caught(name, monkeypatch):
    """minigrad's AdamW with lr * (1 + 1e-4) fails the float64 check (float32 catches an lr off by 1%)."""
    init = minigrad.optim.AdamW.__init__
    monkeypatch.setattr(minigrad.optim.AdamW, '__init__',
                        lambda self, params, lr, **kw: init(self, params, lr * (1 + 1e-4), **kw))
    with pytest.raises(AssertionError, match='Not equal to tolerance'):
        test_ten_training_steps_match_torch(name, 'float64', 'cpu')
    assert not parity.passed(parity.measure(name, 'float64'))


def test_needs_names_what_each_variant_uses():
    config = models.gpt_config('gpt')
    assert gpt.needs(config) == ['nn.Embedding', 'nn.LayerNorm']
    assert gpt.needs(models.gpt_config('gpt sdpa untied'))[-1] == 'nn.functional.scaled_dot_product_attention'
    assert all(gpt.has(torch, f) for name in NAMES for f in gpt.needs(models.gpt_config(name)))
    assert not gpt.has(torch, 'nn.NoSuchLayer') and not gpt.has(torch, 'nn.functional.no_such_function')


def test_attention_by_hand_records_pytorchs_graph():
    """The hand-written attention's ops alone (split of the qkv projection into views, batched q @ k^T, masked
    softmax, @ v): the grad_fn graph PyTorch records, split's parts sharing one node and each batched matmul an
    expand, a reshape, a bmm and an unsafe view; and the same gradient."""
    grads, graphs = {}, {}
    for lib in (torch, minigrad):
        x = lib.tensor(np.random.default_rng(0).standard_normal((2, 3, 24)), requires_grad=True)
        q, k, v = (t.view(2, 3, 2, 4).transpose(1, 2) for t in x.split(8, dim=2))
        att = (q @ k.transpose(-2, -1)).masked_fill(lib.tril(lib.ones(3, 3)) == 0, float('-inf')).softmax(-1)
        loss = (att @ v).transpose(1, 2).contiguous().view(2, 3, 8).pow(2).sum()
        loss.backward()
        graphs[lib], grads[lib] = graph_names(loss), to_numpy(x.grad)
    np.testing.assert_allclose(grads[minigrad], grads[torch], rtol=1e-12, atol=1e-12)
    if not split_shares_one_node(minigrad):
        pytest.xfail(SPLIT)
    assert graphs[minigrad] == graphs[torch]
