"""Reliability over a whole training run: anomaly mode names the node that made the first NaN, as PyTorch does,
and 2,000 steps of the quickstart's training loop keep no graph alive and do not grow the heap.

(Numerically stable softmax, log_softmax, cross-entropy and BCE-with-logits at logits of +-1e4 are compared with
PyTorch, forward and gradients, in test_ops.py and test_losses.py; checkpoints in test_serialization.py.)
"""
import gc
import tracemalloc
import weakref

import numpy as np
import pytest
import torch

import minigrad
from minigrad.autograd.graph import AccumulateGrad
from reference import mlp
from test_bad_input import raises_like_torch


def test_detect_anomaly_names_the_first_nan_deep_in_an_mlp():
    def run(lib):
        lib.manual_seed(0)
        body = lib.nn.Sequential(lib.nn.Linear(4, 8), lib.nn.ReLU(), lib.nn.Linear(8, 8))
        head = lib.nn.Linear(8, 1)
        with lib.autograd.detect_anomaly():
            hidden = (body(lib.ones(3, 4)) - 100).log()     # log of negative values: NaN in the forward
            head(hidden).sum().backward()                  # the first NaN gradient: head's weight, from Addmm
    with pytest.warns(UserWarning):                       # torch: anomaly mode is slow, and the forward trace
        raises_like_torch(run)


STEPS, WARMUP, BATCH = 2000, 200, 64
# Bytes the traced heap may grow by from step WARMUP to the last: Python's free lists and numpy's caches move by
# 10-25 KB; one leaked graph per step would be megabytes (a batch alone is 200 KB).
HEAP_BOUND = 64 * 1024


def graph_refs(loss, keep):
    """Weak references to the loss, every node of its graph and every array saved for backward, except what
    belongs to the parameters and must survive: their AccumulateGrad nodes (shared by the next step's graph, as
    in PyTorch) and their data arrays (`keep`)."""
    refs, nodes, seen = [weakref.ref(loss)], [loss.grad_fn], set()
    while nodes:
        node = nodes.pop()
        if node is None or isinstance(node, AccumulateGrad) or id(node) in seen:
            continue
        seen.add(id(node))
        refs.append(weakref.ref(node))
        arrays = [s.data for s in getattr(node, '_saved', ()) if s is not None]
        arrays += [v for v in getattr(node, '__dict__', {}).values() if hasattr(v, 'nbytes')]
        refs += [weakref.ref(a) for a in arrays if not any(a is k for k in keep)]
        nodes += [child for child, _ in node.next_functions]
    return refs


def test_training_keeps_no_graph_and_no_heap_growth():
    """The quickstart's FashionMNIST MLP (reference/mlp.py, its ReLU after the last layer included), loss,
    optimizer and loop (batch 64, SGD lr 1e-3) on 1,024 random images, 2,000 steps, with the cycle collector off:
    only reference counting frees each step's graph."""
    minigrad.manual_seed(0)
    rng = np.random.default_rng(0)
    data = minigrad.utils.data.TensorDataset(minigrad.tensor(rng.random((1024, 28, 28), dtype=np.float32)),
                                            minigrad.tensor(rng.integers(0, 10, 1024)))
    loader = minigrad.utils.data.DataLoader(data, batch_size=BATCH, shuffle=True)
    model = mlp.build(minigrad)()
    loss_fn, optimizer = mlp.training(minigrad, model)
    keep = [p._data for p in model.parameters()]
    step, prev, heap, losses = 0, [], {}, np.empty(STEPS)    # allocated up front: not heap growth
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        while step < STEPS:
            for X, y in loader:
                loss = loss_fn(model(X), y)
                assert not [r for r in prev if r() is not None], f'step {step}: the previous graph is alive'
                refs = graph_refs(loss, keep)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses[step] = loss.item()
                prev = refs
                step += 1
                if step in (WARMUP, STEPS):     # the same point of the loop: one batch and its loss alive
                    # a full collection empties Python's free lists (a freed tuple stays traced there, up to
                    # 2000 of each size) and must find no garbage: nothing here lives in a reference cycle
                    assert gc.collect() == 0, f'step {step}: reference cycles'
                    heap[step] = tracemalloc.get_traced_memory()[0]
                if step == STEPS:
                    break
    finally:
        tracemalloc.stop()
        gc.enable()
    del loss, X, y      # the batch too: nll_loss saves its target (version-checked), as PyTorch does
    assert len(prev) > 10 and not [r for r in prev if r() is not None], 'the last graph outlived its name'
    grown = heap[STEPS] - heap[WARMUP]
    assert grown < HEAP_BOUND, f'the heap grew by {grown} bytes over {STEPS - WARMUP} steps'
    assert np.mean(losses[-100:]) < np.mean(losses[:100])    # it trained
