"""The FashionMNIST tutorial of PyTorch's "Learn the Basics" (the network, then "Optimizing Model Parameters"),
run on minigrad.

    python -m reference.train_fashion_mlp [--steps N] [--data-root DIR]

The tutorial's code (https://pytorch.org/tutorials/beginner/basics/buildmodel_tutorial.html and
optimization_tutorial.html, as written in 2021) with `import torch` changed to minigrad. The other changes are
marked `# minigrad:`: the data (built-in digits, or FashionMNIST from --data-root, read by torchvision if
installed, else by minigrad), the command line, the progress bar and the end of the epochs once --steps steps
have run (reference/tutorial_run.py).
"""
import os  # noqa: F401  (the tutorial imports it)
import minigrad as torch
from minigrad import nn
from minigrad.utils.data import DataLoader
from reference.tutorial_run import command_line, progress, tutorial_data, until_steps  # minigrad: see the docstring

command_line(__doc__, data=True)  # minigrad: the command line, read before anything runs

# minigrad: the data. The tutorial's datasets.FashionMNIST(root="data", download=True, transform=ToTensor())
# becomes the same shapes (1x28x28) and range ([0, 1]) from reference/tutorial_run.py.
training_data, test_data = tutorial_data('fashion mlp')

train_dataloader = DataLoader(training_data, batch_size=64, shuffle=True)
test_dataloader = DataLoader(test_data, batch_size=64, shuffle=True)

device = 'cuda' if torch.cuda.is_available() else 'cpu'
print('Using {} device'.format(device))


class NeuralNetwork(nn.Module):
    def __init__(self):
        super(NeuralNetwork, self).__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28*28, 512),
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


model = NeuralNetwork().to(device)
print(model)

learning_rate = 1e-3
batch_size = 64
epochs = 5


def train_loop(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    for batch, (X, y) in enumerate(progress(dataloader)):  # minigrad: progress() adds the bar
        X = X.to(device)
        y = y.to(device)
        # Compute prediction and loss
        pred = model(X)
        loss = loss_fn(pred, y)

        # Backpropagation
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        if batch % 100 == 0:
            loss, current = loss.item(), batch * len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")


def test_loop(dataloader, model, loss_fn):
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    test_loss, correct = 0, 0

    with torch.no_grad():
        for X, y in dataloader:
            X = X.to(device)
            y = y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()

    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")


loss_fn = nn.CrossEntropyLoss()

optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

epochs = 10
for t in until_steps(range(epochs)):  # minigrad: until_steps() ends at --steps
    print(f"Epoch {t+1}\n-------------------------------")
    train_loop(train_dataloader, model, loss_fn, optimizer)
    test_loop(test_dataloader, model, loss_fn)
print("Done!")
