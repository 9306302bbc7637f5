"""minigrad.viz.draw_graph: one node per Function (PyTorch's names), one per leaf with its shape."""
import os
import re
import sys
import types

import pytest
import torch

import minigrad
from minigrad import viz


def torch_graph(t):
    """(node names, edges) of a torch graph, walked from t.grad_fn."""
    names, edges, seen, stack = [], set(), set(), [t.grad_fn]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        names.append(node.name().replace('torch::autograd::', ''))
        for child, _ in node.next_functions:
            if child is not None:
                edges.add((node.name(), child.name()))
                stack.append(child)
    return sorted(names), edges


def test_lenet_like_graph_has_torchs_nodes_and_leaf_shapes():
    def build(lib):
        lib.manual_seed(0)
        net = lib.nn.Sequential(lib.nn.Conv2d(1, 2, 3), lib.nn.ReLU(), lib.nn.MaxPool2d(2), lib.nn.Flatten(),
                                lib.nn.Linear(8, 3))
        return net, lib.nn.functional.cross_entropy(net(lib.ones(2, 1, 6, 6)), lib.tensor([0, 2]))
    t_net, t_loss = build(torch)
    m_net, m_loss = build(minigrad)
    dot = viz.draw_graph(m_loss, dict(m_net.named_parameters()))
    boxes = sorted(re.findall(r'label="(\w+Backward\d)", shape=box', dot))
    t_names, _ = torch_graph(t_loss)
    assert boxes == [n for n in t_names if n != 'AccumulateGrad']
    for name, p in m_net.named_parameters():
        assert f'{name}\\n{"x".join(map(str, p.shape))}' in dot
    assert dot.count(' -> ') == 1 + sum(len([c for c, _ in n.next_functions if c is not None])
                                        for n in minigrad.autograd.engine.dependencies([m_loss.grad_fn]))


@pytest.mark.parametrize('missing', ['package', 'dot'])
def test_render_without_graphviz_keeps_the_dot_text_and_says_why(tmp_path, monkeypatch, missing):
    """Without the Python package, or with it but without the dot program: the DOT text alone, nothing stray."""
    if missing == 'package':
        monkeypatch.setitem(sys.modules, 'graphviz', None)
    else:
        monkeypatch.setitem(sys.modules, 'graphviz', types.ModuleType('graphviz'))
        monkeypatch.setattr(viz.shutil, 'which', lambda name: None)
    assert ('Python package' if missing == 'package' else "dot program") in viz.graphviz_missing()
    x = minigrad.ones(2, requires_grad=True)
    assert viz.render((x * 2).sum(), tmp_path / 'g') is None
    assert os.listdir(tmp_path) == ['g.dot'] and (tmp_path / 'g.dot').read_text() == viz.draw_graph((x * 2).sum())


def test_render_with_graphviz_draws_the_picture(tmp_path):
    pytest.importorskip('graphviz')
    if viz.graphviz_missing():
        pytest.skip(viz.graphviz_missing())
    x = minigrad.ones(2, requires_grad=True)
    assert viz.render((x * 2).sum(), tmp_path / 'g') == str(tmp_path / 'g.svg')
    assert os.listdir(tmp_path) == ['g.svg'] and '<svg' in (tmp_path / 'g.svg').read_text()
