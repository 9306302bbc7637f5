"""draw_graph: a tensor's computation graph as Graphviz DOT text (and SVG/PNG when graphviz is installed).

One box per Function node (its PyTorch name), one ellipse per leaf tensor with its shape, and edges in the
direction the gradient flows during backward(): from the output down to the leaves.
"""
import shutil

from .autograd.engine import dependencies
from .autograd.graph import AccumulateGrad


def draw_graph(tensor, names=None):
    """DOT text for the graph that produced `tensor`. `names` maps labels to leaf tensors, e.g.
    dict(model.named_parameters()), so parameters show as 'conv1.weight'."""
    labels = {id(t): name for name, t in (names or {}).items()}
    lines = ['digraph minigrad {', '  rankdir=TB;', '  node [fontname="Helvetica", fontsize=10];',
             f'  out [label="output\\n{_shape(tensor)}", shape=ellipse, style=filled, fillcolor="#d8e8ff"];']
    root = tensor._grad_node()
    if root is None:
        return '\n'.join(lines + ['}'])
    ids = {}
    for node in dependencies([root]):
        ids[node] = f'n{len(ids)}'
        if isinstance(node, AccumulateGrad):
            leaf = node.variable
            label = labels.get(id(leaf), 'leaf')
            lines.append(f'  {ids[node]} [label="{label}\\n{_shape(leaf)}", shape=ellipse, style=filled, '
                         'fillcolor="#dff5d8"];')
        else:
            lines.append(f'  {ids[node]} [label="{node.name()}", shape=box];')
    lines.append(f'  out -> {ids[root]};')
    for node, nid in ids.items():
        for child, _ in node.next_functions:
            if child is not None:
                lines.append(f'  {nid} -> {ids[child]};')
    return '\n'.join(lines + ['}'])


def graphviz_missing():
    """Why render() cannot draw a picture here, or None when it can. It needs the graphviz Python package (in the
    report extra) and Graphviz's `dot` program, which pip cannot install."""
    try:
        import graphviz  # noqa: F401
    except ImportError:
        return "the graphviz Python package is not installed (pip install graphviz, or the report extra)"
    if shutil.which('dot') is None:
        return "Graphviz's dot program is not on PATH (apt-get install graphviz, or brew install graphviz)"
    return None


def render(tensor, path, names=None, format='svg'):
    """Write the graph to `path` as SVG or PNG. Returns the written path, or None (with the DOT text written to
    path + '.dot', which any DOT viewer opens) when graphviz_missing() says why it cannot draw."""
    dot = draw_graph(tensor, names)
    if graphviz_missing() is None:
        import graphviz
        return graphviz.Source(dot).render(outfile=f'{path}.{format}', format=format, cleanup=True)
    with open(f'{path}.dot', 'w') as f:
        f.write(dot)
    return None


def _shape(t):
    return 'x'.join(str(s) for s in t.shape) or 'scalar'
