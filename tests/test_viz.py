"""minigrad.viz.draw_graph: one node per Function (PyTorch's names), one per leaf with its shape."""
import re

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
                                        for n in minigrad.autograd.engine.topological_order([m_loss.grad_fn]))


def test_render_without_graphviz_keeps_the_dot_text(tmp_path):
    x = minigrad.ones(2, requires_grad=True)
    out = viz.render((x * 2).sum(), tmp_path / 'g')
    assert out is not None or (tmp_path / 'g.dot').read_text().startswith('digraph')
