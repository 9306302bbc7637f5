"""The leaves' end of the graph: AccumulateGrad, the node through which a gradient reaches a leaf's .grad."""
import math
import weakref


class AccumulateGrad:
    """The node of a leaf tensor: adds the gradient that reaches it into `variable.grad`."""
    __slots__ = ('variable', '__weakref__')
    next_functions = ()
    n_outputs = 1
    _seq = math.inf     # the engine runs a ready leaf's node first (PyTorch's: the largest sequence number)

    def __init__(self, variable):
        self.variable = variable

    def name(self):
        return 'torch::autograd::AccumulateGrad'

    @property
    def _tensor_hooks(self):
        """The leaf's register_hook hooks, as {0: hooks} (the form a node keeps them in)."""
        hooks = self.variable._hooks
        return {0: hooks} if hooks else None

    def run_post_hooks(self):
        """After .grad is updated: the leaf's register_post_accumulate_grad_hook hooks, in order."""
        leaf = self.variable
        for hook in list((leaf._post_accumulate_grad_hooks or {}).values()):
            hook(leaf)

    def __repr__(self):
        return f'<AccumulateGrad object at {hex(id(self))}>'


def accumulate_node(leaf):
    """The leaf's AccumulateGrad node, shared by every op that uses the leaf (cached weakly, as PyTorch does)."""
    node = leaf._accumulator() if leaf._accumulator is not None else None
    if node is None:
        node = AccumulateGrad(leaf)
        leaf._accumulator = weakref.ref(node)
    return node
