"""PyTorch's "What is torch.nn really?" (https://pytorch.org/tutorials/beginner/nn_tutorial.html), written once
for either library: logistic regression on MNIST written by hand (log_softmax, nll, accuracy, a manual SGD loop),
then rewritten step by step with F.cross_entropy, nn.Module, nn.Parameter, nn.Linear, optim, TensorDataset,
DataLoader and fit(); then a CNN (nn.Conv2d, F.relu, F.avg_pool2d), the same CNN as nn.Sequential with a Lambda
module, nn.AdaptiveAvgPool2d and a WrappedDataLoader, and on the device.

    python -m reference.beginner.nn_tutorial [--library torch] [--record]

The tutorial's code with `import torch` as the `torch` argument. Lines marked `# stand-in:` replace the download of
mnist.pkl.gz, the tutorial's torch.randn, the random initial weights and DataLoader's shuffling with standin.py's
(the same numbers in either library); `record(...)` lines note what the parity test compares.
The training loop the tutorial writes out three times over (refactoring with optim, Dataset and DataLoader) is
written once here, as train(batches).
"""
import math

import numpy as np

from reference.beginner import standin


def tutorial(torch, record):
    # stand-in: the tutorial downloads mnist.pkl.gz and unpickles
    # ((x_train, y_train), (x_valid, y_valid), _) from it
    ((x_train, y_train), (x_valid, y_valid)) = standin.mnist(torch)
    print(x_train.shape)  # the tutorial shows x_train[0] with matplotlib here

    x_train, y_train, x_valid, y_valid = map(
        torch.tensor, (x_train, y_train, x_valid, y_valid)
    )
    n, c = x_train.shape
    print(x_train, y_train)
    print(x_train.shape)
    print(y_train.min(), y_train.max())
    record('y_train.min()', y_train.min())
    record('y_train.max()', y_train.max())

    # Neural net from scratch (without torch.nn)
    weights = standin.randn(torch, 784, 10) / math.sqrt(784)  # stand-in: torch.randn(784, 10) / math.sqrt(784)
    weights.requires_grad_()
    bias = torch.zeros(10, requires_grad=True)

    def log_softmax(x):
        return x - x.exp().sum(-1).log().unsqueeze(-1)

    def model(xb):
        return log_softmax(xb @ weights + bias)

    bs = 64  # batch size

    xb = x_train[0:bs]  # a mini-batch from x
    preds = model(xb)  # predictions
    preds[0], preds.shape
    print(preds[0], preds.shape)
    record('preds', preds)

    def nll(input, target):
        return -input[range(target.shape[0]), target].mean()

    loss_func = nll

    yb = y_train[0:bs]
    print(loss_func(preds, yb))
    record('nll', loss_func(preds, yb))

    def accuracy(out, yb):
        preds = torch.argmax(out, dim=1)
        return (preds == yb).float().mean()

    print(accuracy(preds, yb))
    record('accuracy', accuracy(preds, yb))

    lr = 0.5  # learning rate
    epochs = 2  # how many epochs to train for

    for epoch in range(epochs):
        for i in range((n - 1) // bs + 1):
            start_i = i * bs
            end_i = start_i + bs
            xb = x_train[start_i:end_i]
            yb = y_train[start_i:end_i]
            pred = model(xb)
            loss = loss_func(pred, yb)

            loss.backward()
            record('loss', loss)
            record('weights.grad', weights.grad)
            record('bias.grad', bias.grad)
            with torch.no_grad():
                weights -= weights.grad * lr
                bias -= bias.grad * lr
                weights.grad.zero_()
                bias.grad.zero_()

    print(loss_func(model(xb), yb), accuracy(model(xb), yb))
    record('trained loss', loss_func(model(xb), yb))
    record('trained accuracy', accuracy(model(xb), yb))

    # Using torch.nn.functional
    F = torch.nn.functional

    loss_func = F.cross_entropy

    def model(xb):
        return xb @ weights + bias

    print(loss_func(model(xb), yb), accuracy(model(xb), yb))
    record('cross_entropy', loss_func(model(xb), yb))

    # Refactor using nn.Module
    nn = torch.nn

    class Mnist_Logistic(nn.Module):
        def __init__(self):
            super().__init__()
            # stand-in: nn.Parameter(torch.randn(784, 10) / math.sqrt(784))
            self.weights = nn.Parameter(standin.randn(torch, 784, 10) / math.sqrt(784))
            self.bias = nn.Parameter(torch.zeros(10))

        def forward(self, xb):
            return xb @ self.weights + self.bias

    model = Mnist_Logistic()
    print(loss_func(model(xb), yb))
    record('Mnist_Logistic loss', loss_func(model(xb), yb))

    def fit():
        for epoch in range(epochs):
            for i in range((n - 1) // bs + 1):
                start_i = i * bs
                end_i = start_i + bs
                xb = x_train[start_i:end_i]
                yb = y_train[start_i:end_i]
                pred = model(xb)
                loss = loss_func(pred, yb)

                loss.backward()
                record('fit loss', loss)
                record.grads(model)
                with torch.no_grad():
                    for p in model.parameters():
                        p -= p.grad * lr
                    model.zero_grad()

    fit()
    print(loss_func(model(xb), yb))
    record('fit: trained loss', loss_func(model(xb), yb))

    # Refactor using nn.Linear
    class Mnist_Logistic(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(784, 10)

        def forward(self, xb):
            return self.lin(xb)

    model = standin.same_weights(torch, Mnist_Logistic())  # stand-in: Mnist_Logistic(), the same weights
    print(loss_func(model(xb), yb))
    record('nn.Linear loss', loss_func(model(xb), yb))
    fit()
    print(loss_func(model(xb), yb))
    record('nn.Linear: trained loss', loss_func(model(xb), yb))

    # Refactor using torch.optim
    optim = torch.optim

    def get_model():
        model = standin.same_weights(torch, Mnist_Logistic())  # stand-in: Mnist_Logistic(), the same weights
        return model, optim.SGD(model.parameters(), lr=lr)

    def train(batches):
        """The loop the tutorial writes out three times below: one step of `opt` on each (xb, yb)."""
        for xb, yb in batches:
            pred = model(xb)
            loss = loss_func(pred, yb)

            loss.backward()
            record('loss', loss)
            record.grads(model)
            opt.step()
            opt.zero_grad()
        return xb, yb

    model, opt = get_model()
    print(loss_func(model(xb), yb))
    for epoch in range(epochs):
        xb, yb = train((x_train[i * bs: i * bs + bs], y_train[i * bs: i * bs + bs]) for i in range((n - 1) // bs + 1))
    print(loss_func(model(xb), yb))
    record('optim: trained loss', loss_func(model(xb), yb))

    # Refactor using Dataset
    TensorDataset = torch.utils.data.TensorDataset

    train_ds = TensorDataset(x_train, y_train)
    model, opt = get_model()
    for epoch in range(epochs):
        xb, yb = train(train_ds[i * bs: i * bs + bs] for i in range((n - 1) // bs + 1))
    print(loss_func(model(xb), yb))
    record('TensorDataset: trained loss', loss_func(model(xb), yb))

    # Refactor using DataLoader
    DataLoader = torch.utils.data.DataLoader

    train_ds = TensorDataset(x_train, y_train)
    train_dl = DataLoader(train_ds, batch_size=bs)
    model, opt = get_model()
    for epoch in range(epochs):
        xb, yb = train(train_dl)
    print(loss_func(model(xb), yb))
    record('DataLoader: trained loss', loss_func(model(xb), yb))

    # Add validation
    train_ds = TensorDataset(x_train, y_train)
    # stand-in: DataLoader(train_ds, batch_size=bs, shuffle=True)
    train_dl = DataLoader(train_ds, batch_size=bs, sampler=standin.Shuffled(train_ds))

    valid_ds = TensorDataset(x_valid, y_valid)
    valid_dl = DataLoader(valid_ds, batch_size=bs * 2)

    model, opt = get_model()
    for epoch in range(epochs):
        model.train()
        train(train_dl)

        model.eval()
        with torch.no_grad():
            valid_loss = sum(loss_func(model(xb), yb) for xb, yb in valid_dl)

        print(epoch, valid_loss / len(valid_dl))
        record('valid loss', valid_loss / len(valid_dl))

    # Create fit() and get_data()
    def loss_batch(model, loss_func, xb, yb, opt=None):
        loss = loss_func(model(xb), yb)

        if opt is not None:
            loss.backward()
            record('loss', loss)
            record.grads(model)
            opt.step()
            opt.zero_grad()

        return loss.item(), len(xb)

    def fit(epochs, model, loss_func, opt, train_dl, valid_dl):
        for epoch in range(epochs):
            model.train()
            for xb, yb in train_dl:
                loss_batch(model, loss_func, xb, yb, opt)

            model.eval()
            with torch.no_grad():
                losses, nums = zip(
                    *[loss_batch(model, loss_func, xb, yb) for xb, yb in valid_dl]
                )
            val_loss = np.sum(np.multiply(losses, nums)) / np.sum(nums)

            print(epoch, val_loss)
            record('val_loss', val_loss)

    def get_data(train_ds, valid_ds, bs):
        return (
            # stand-in: DataLoader(train_ds, batch_size=bs, shuffle=True)
            DataLoader(train_ds, batch_size=bs, sampler=standin.Shuffled(train_ds)),
            DataLoader(valid_ds, batch_size=bs * 2),
        )

    train_dl, valid_dl = get_data(train_ds, valid_ds, bs)
    model, opt = get_model()
    fit(epochs, model, loss_func, opt, train_dl, valid_dl)

    # Switch to CNN
    class Mnist_CNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1)
            self.conv2 = nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1)
            self.conv3 = nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1)

        def forward(self, xb):
            xb = xb.view(-1, 1, 28, 28)
            xb = F.relu(self.conv1(xb))
            xb = F.relu(self.conv2(xb))
            xb = F.relu(self.conv3(xb))
            xb = F.avg_pool2d(xb, 4)
            return xb.view(-1, xb.size(1))

    lr = 0.1

    model = standin.same_weights(torch, Mnist_CNN())  # stand-in: Mnist_CNN(), the same weights
    opt = optim.SGD(model.parameters(), lr=lr, momentum=0.9)

    fit(epochs, model, loss_func, opt, train_dl, valid_dl)

    # Using nn.Sequential
    class Lambda(nn.Module):
        def __init__(self, func):
            super().__init__()
            self.func = func

        def forward(self, x):
            return self.func(x)

    def preprocess(x):
        return x.view(-1, 1, 28, 28)

    model = nn.Sequential(
        Lambda(preprocess),
        nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1),
        nn.ReLU(),
        nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1),
        nn.ReLU(),
        nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1),
        nn.ReLU(),
        nn.AvgPool2d(4),
        Lambda(lambda x: x.view(x.size(0), -1)),
    )
    standin.same_weights(torch, model)  # stand-in: the same initial weights in either library
    record('Sequential repr', repr(model))

    opt = optim.SGD(model.parameters(), lr=lr, momentum=0.9)

    fit(epochs, model, loss_func, opt, train_dl, valid_dl)

    # Wrapping DataLoader
    def preprocess(x, y):
        return x.view(-1, 1, 28, 28), y

    class WrappedDataLoader:
        def __init__(self, dl, func):
            self.dl = dl
            self.func = func

        def __len__(self):
            return len(self.dl)

        def __iter__(self):
            for b in self.dl:
                yield (self.func(*b))

    train_dl, valid_dl = get_data(train_ds, valid_ds, bs)
    train_dl = WrappedDataLoader(train_dl, preprocess)
    valid_dl = WrappedDataLoader(valid_dl, preprocess)

    model = nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1),
        nn.ReLU(),
        nn.Conv2d(16, 16, kernel_size=3, stride=2, padding=1),
        nn.ReLU(),
        nn.Conv2d(16, 10, kernel_size=3, stride=2, padding=1),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        Lambda(lambda x: x.view(x.size(0), -1)),
    )
    standin.same_weights(torch, model)  # stand-in: the same initial weights in either library

    opt = optim.SGD(model.parameters(), lr=lr, momentum=0.9)

    fit(epochs, model, loss_func, opt, train_dl, valid_dl)

    # Using your GPU
    print(torch.cuda.is_available())

    dev = torch.device(
        "cuda") if torch.cuda.is_available() else torch.device("cpu")
    record('dev', str(dev))

    def preprocess(x, y):
        return x.view(-1, 1, 28, 28).to(dev), y.to(dev)

    train_dl, valid_dl = get_data(train_ds, valid_ds, bs)
    train_dl = WrappedDataLoader(train_dl, preprocess)
    valid_dl = WrappedDataLoader(valid_dl, preprocess)

    model.to(dev)
    opt = optim.SGD(model.parameters(), lr=lr, momentum=0.9)

    fit(epochs, model, loss_func, opt, train_dl, valid_dl)
    record.params(model, 'trained')


if __name__ == '__main__':
    standin.main(tutorial, __doc__)
