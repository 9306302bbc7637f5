"""PyTorch's "Quickstart" (https://pytorch.org/tutorials/beginner/basics/quickstart_tutorial.html), written once
for either library: the FashionMNIST network trained with SGD and CrossEntropyLoss, tested, saved, loaded and
asked for a prediction.

    python -m reference.beginner.quickstart [--library torch] [--record]

The tutorial's code with `import torch` as the `torch` argument. Lines marked `# stand-in:` replace the download
and the random initial weights (standin.py); `record(...)` lines note what the parity test compares.
"""
from reference.beginner import buildmodel, standin


def tutorial(torch, record):
    nn = torch.nn
    DataLoader = torch.utils.data.DataLoader

    # stand-in: datasets.FashionMNIST(root="data", train=..., download=True, transform=ToTensor())
    training_data, test_data = standin.fashion_mnist(torch)

    batch_size = 64

    # Create data loaders.
    train_dataloader = DataLoader(training_data, batch_size=batch_size)
    test_dataloader = DataLoader(test_data, batch_size=batch_size)

    for X, y in test_dataloader:
        print(f"Shape of X [N, C, H, W]: {X.shape}")
        print(f"Shape of y: {y.shape} {y.dtype}")
        break

    device = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
    print(f"Using {device} device")
    # The tutorial's older device line
    older_device = "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
    record('device', device)
    record('older device', older_device)

    # Define model
    NeuralNetwork = buildmodel.build(torch)  # the tutorial's class, written in buildmodel.py

    model = NeuralNetwork().to(device)
    standin.same_weights(torch, model)  # stand-in: the same initial weights in either library
    print(model)
    record('repr', repr(model))

    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)

    def train(dataloader, model, loss_fn, optimizer):
        size = len(dataloader.dataset)
        model.train()
        for batch, (X, y) in enumerate(dataloader):
            X, y = X.to(device), y.to(device)

            # Compute prediction error
            pred = model(X)
            loss = loss_fn(pred, y)

            # Backpropagation
            loss.backward()
            record('loss', loss)
            if batch == 0:
                record.grads(model)
            optimizer.step()
            optimizer.zero_grad()

            if batch % 100 == 0:
                loss, current = loss.item(), (batch + 1) * len(X)
                print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")

    def test(dataloader, model, loss_fn):
        size = len(dataloader.dataset)
        num_batches = len(dataloader)
        model.eval()
        test_loss, correct = 0, 0
        with torch.no_grad():
            for X, y in dataloader:
                X, y = X.to(device), y.to(device)
                pred = model(X)
                test_loss += loss_fn(pred, y).item()
                correct += (pred.argmax(1) == y).type(torch.float).sum().item()
        test_loss /= num_batches
        correct /= size
        record('test loss', test_loss)
        record('accuracy', correct)
        print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")

    epochs = 5
    for t in range(epochs):
        print(f"Epoch {t+1}\n-------------------------------")
        train(train_dataloader, model, loss_fn, optimizer)
        test(test_dataloader, model, loss_fn)
    print("Done!")
    record.params(model, 'trained')

    torch.save(model.state_dict(), "model.pth")
    print("Saved PyTorch Model State to model.pth")

    model = NeuralNetwork().to(device)
    model.load_state_dict(torch.load("model.pth", weights_only=True))
    record.params(model, 'loaded')

    classes = [
        "T-shirt/top",
        "Trouser",
        "Pullover",
        "Dress",
        "Coat",
        "Sandal",
        "Shirt",
        "Sneaker",
        "Bag",
        "Ankle boot",
    ]

    model.eval()
    x, y = test_data[0][0], test_data[0][1]
    with torch.no_grad():
        x = x.to(device)
        pred = model(x)
        predicted, actual = classes[pred[0].argmax(0)], classes[y]
        print(f'Predicted: "{predicted}", Actual: "{actual}"')
    record('prediction', pred)
    record('predicted', predicted)
    record('actual', actual)


if __name__ == '__main__':
    standin.main(tutorial, __doc__)
