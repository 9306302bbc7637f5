"""minigrad.nn: modules, layers and losses, as torch.nn."""
