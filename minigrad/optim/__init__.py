"""minigrad.optim: optimizers, as torch.optim."""
