"""PyTorch's "Build the Neural Network" (https://pytorch.org/tutorials/beginner/basics/buildmodel_tutorial.html),
written once for either library: the FashionMNIST network, its layers one by one (Flatten, Linear, ReLU,
Sequential, Softmax) and its parameters.

    python -m reference.beginner.buildmodel [--library torch] [--record]

The tutorial's code with `import torch` as the `torch` argument. Lines marked `# stand-in:` draw the tutorial's
torch.rand inputs and the initial weights from standin.py, the same numbers in either library; `record(...)` lines
note what the parity test compares.
"""
from reference.beginner import standin


def build(torch):
    """The tutorial's NeuralNetwork class, for `torch` = torch or minigrad (the Quickstart and "Optimizing Model
    Parameters" define the same one)."""
    nn = torch.nn

    class NeuralNetwork(nn.Module):
        def __init__(self):
            super().__init__()
            self.flatten = nn.Flatten()
            self.linear_relu_stack = nn.Sequential(
                nn.Linear(28*28, 512),
                nn.ReLU(),
                nn.Linear(512, 512),
                nn.ReLU(),
                nn.Linear(512, 10),
            )

        def forward(self, x):
            x = self.flatten(x)
            logits = self.linear_relu_stack(x)
            return logits

    return NeuralNetwork


def tutorial(torch, record):
    nn = torch.nn

    device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
    print(f"Using {device} device")
    # The tutorial's older device line
    older_device = "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
    record('device', device)
    record('older device', older_device)

    NeuralNetwork = build(torch)

    model = NeuralNetwork().to(device)
    standin.same_weights(torch, model)  # stand-in: the same initial weights in either library
    print(model)
    record('repr', repr(model))

    X = standin.rand(torch, 1, 28, 28, device=device)  # stand-in: torch.rand(1, 28, 28, device=device)
    logits = model(X)
    pred_probab = nn.Softmax(dim=1)(logits)
    y_pred = pred_probab.argmax(1)
    print(f"Predicted class: {y_pred}")
    record('logits', logits)
    record('pred_probab', pred_probab)
    record('y_pred', y_pred)

    input_image = standin.rand(torch, 3, 28, 28)  # stand-in: torch.rand(3,28,28)
    print(input_image.size())

    flatten = nn.Flatten()
    flat_image = flatten(input_image)
    print(flat_image.size())
    record('flat_image', flat_image)

    layer1 = nn.Linear(in_features=28*28, out_features=20)
    standin.same_weights(torch, layer1)  # stand-in: the same initial weights in either library
    hidden1 = layer1(flat_image)
    print(hidden1.size())
    record('hidden1', hidden1)

    print(f"Before ReLU: {hidden1}\n\n")
    hidden1 = nn.ReLU()(hidden1)
    print(f"After ReLU: {hidden1}")
    record('relu', hidden1)

    seq_modules = nn.Sequential(
        flatten,
        layer1,
        nn.ReLU(),
        nn.Linear(20, 10)
    )
    standin.same_weights(torch, seq_modules[3])  # stand-in: the same initial weights in either library
    input_image = standin.rand(torch, 3, 28, 28)  # stand-in: torch.rand(3,28,28)
    logits = seq_modules(input_image)
    record('seq_modules', logits)

    softmax = nn.Softmax(dim=1)
    pred_probab = softmax(logits)
    record('softmax', pred_probab)

    print(f"Model structure: {model}\n\n")

    for name, param in model.named_parameters():
        print(f"Layer: {name} | Size: {param.size()} | Values : {param[:2]} \n")
        record(f'{name} size', list(param.size()))
        record(f'{name}[:2]', param[:2])


if __name__ == '__main__':
    standin.main(tutorial, __doc__)
