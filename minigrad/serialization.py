"""minigrad.save / minigrad.load: checkpoints as .npz, never pickle."""
