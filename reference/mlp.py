"""The FashionMNIST network of the "build the neural network" tutorial: Flatten, then Linear/ReLU three times
(the 2021 write-up keeps a ReLU after the last layer), CrossEntropyLoss, SGD(lr=1e-3), batches of 64."""
learning_rate = 1e-3
batch_size = 64


def build(torch):
    """The NeuralNetwork class, for `torch` = torch or minigrad."""
    nn = torch.nn

    class NeuralNetwork(nn.Module):
        def __init__(self):
            super(NeuralNetwork, self).__init__()
            self.flatten = nn.Flatten()
            self.linear_relu_stack = nn.Sequential(
                nn.Linear(28 * 28, 512),
                nn.ReLU(),
                nn.Linear(512, 512),
                nn.ReLU(),
                nn.Linear(512, 10),
                nn.ReLU()
            )

        def forward(self, x):
            x = self.flatten(x)
            logits = self.linear_relu_stack(x)
            return logits

    return NeuralNetwork


def training(torch, model):
    """The tutorial's loss and optimizer."""
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    return loss_fn, optimizer
