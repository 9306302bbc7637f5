"""torch.backends.cpu."""


def get_cpu_capability():
    """The CPU's vector capability PyTorch's kernels were chosen for; numpy picks its own at run time."""
    return 'DEFAULT'
