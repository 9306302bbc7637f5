"""The PyTorch 60-minute tutorials' models, each written once in PyTorch's idiom.

Every builder takes the library as its `torch` argument, so the minigrad model is the tutorial's code with
the import changed:

    import torch, minigrad
    from reference import cifar_lenet
    TorchNet, MinigradNet = cifar_lenet.build(torch), cifar_lenet.build(minigrad)

Beside them, hand-written numpy twins (`two_layer_net.numpy_step`, `numpy_lenet`) that the parity suite checks
against PyTorch and the benchmarks use as the floor an engine on numpy can reach.
"""
