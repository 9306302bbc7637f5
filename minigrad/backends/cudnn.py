"""torch.backends.cudnn: minigrad's convolutions are its own (im2col and matmul), never cuDNN's, so cuDNN is not
available; its flags are kept so that `cudnn.benchmark = True` and `cudnn.deterministic = True` run unchanged."""
enabled = True
benchmark = False
deterministic = False
allow_tf32 = True


def is_available():
    return False


def version():
    return None
