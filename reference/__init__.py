"""The PyTorch 60-minute tutorials' models, each written once in PyTorch's idiom.

Every builder takes the library as its `torch` argument, so the minigrad model is the tutorial's code with
the import changed:

    import torch, minigrad
    from reference import cifar_lenet
    TorchNet, MinigradNet = cifar_lenet.build(torch), cifar_lenet.build(minigrad)

And beyond the tutorials, a character-level GPT in nanoGPT's shape (`gpt.py`: Embeddings, LayerNorm, causal
self-attention by hand or with scaled_dot_product_attention, AdamW with clipping and a cosine schedule) that
trains on `data/tiny.txt`, a short story written for this repo.

Beside them, hand-written numpy twins (`two_layer_net.numpy_step`, `numpy_lenet`) that the parity suite checks
against PyTorch and the benchmarks use as the floor an engine on numpy can reach.

And the tutorials' own training loops on minigrad, runnable as scripts with a progress bar (`--steps N` to stop
early; the data are built in, see tutorial_run.py):

    python -m reference.train_cifar10          python -m reference.train_fashion_mlp
    python -m reference.train_lenet            python -m reference.train_two_layer_net

PyTorch's beginner tutorials (Quickstart, Build the Neural Network, Automatic Differentiation, Optimizing Model
Parameters, Save and Load the Model, What is torch.nn really?) and torchvision's ResNet-18 and VGG-16 are in
beginner/, each a script for either library (`python -m reference.beginner.quickstart --library torch`).
"""
