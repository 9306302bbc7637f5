"""PyTorch's "Optimizing Model Parameters"
(https://pytorch.org/tutorials/beginner/basics/optimization_tutorial.html), written once for either library: the
FashionMNIST network trained for 10 epochs with SGD and CrossEntropyLoss, a test loop after each.

    python -m reference.beginner.optimization [--library torch] [--record]

The tutorial's code with `import torch` as the `torch` argument. Lines marked `# stand-in:` replace the download
and the random initial weights (standin.py); `record(...)` lines note what the parity test compares.
"""
from reference.beginner import buildmodel, standin


def tutorial(torch, record):
    nn = torch.nn
    DataLoader = torch.utils.data.DataLoader

    # stand-in: datasets.FashionMNIST(root="data", train=..., download=True, transform=ToTensor())
    training_data, test_data = standin.fashion_mnist(torch, n_train=128, n_test=64)

    train_dataloader = DataLoader(training_data, batch_size=64)
    test_dataloader = DataLoader(test_data, batch_size=64)

    NeuralNetwork = buildmodel.build(torch)  # the tutorial's class, written in buildmodel.py

    model = NeuralNetwork()
    standin.same_weights(torch, model)  # stand-in: the same initial weights in either library

    learning_rate = 1e-3
    batch_size = 64
    epochs = 5

    def train_loop(dataloader, model, loss_fn, optimizer):
        size = len(dataloader.dataset)
        # Set the model to training mode - important for batch normalization and dropout layers
        # Unnecessary in this situation but added for best practices
        model.train()
        for batch, (X, y) in enumerate(dataloader):
            # Compute prediction and loss
            pred = model(X)
            loss = loss_fn(pred, y)

            # Backpropagation
            loss.backward()
            record('loss', loss)
            if batch % 100 == 0:
                record.grads(model)
            optimizer.step()
            optimizer.zero_grad()

            if batch % 100 == 0:
                loss, current = loss.item(), batch * batch_size + len(X)
                print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")

    def test_loop(dataloader, model, loss_fn):
        # Set the model to evaluation mode - important for batch normalization and dropout layers
        # Unnecessary in this situation but added for best practices
        model.eval()
        size = len(dataloader.dataset)
        num_batches = len(dataloader)
        test_loss, correct = 0, 0

        # Evaluating the model with torch.no_grad() ensures that no gradients are computed during test mode
        # also serves to reduce unnecessary gradient computations and memory usage for tensors with requires_grad=True
        with torch.no_grad():
            for X, y in dataloader:
                pred = model(X)
                test_loss += loss_fn(pred, y).item()
                correct += (pred.argmax(1) == y).type(torch.float).sum().item()

        test_loss /= num_batches
        correct /= size
        record('test loss', test_loss)
        record('accuracy', correct)
        print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")

    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

    epochs = 10
    for t in range(epochs):
        print(f"Epoch {t+1}\n-------------------------------")
        train_loop(train_dataloader, model, loss_fn, optimizer)
        test_loop(test_dataloader, model, loss_fn)
    print("Done!")
    record.params(model, 'trained')


if __name__ == '__main__':
    standin.main(tutorial, __doc__)
