"""The CIFAR-10 tutorial of PyTorch's 60-minute blitz ("Training a Classifier"), run on minigrad.

    python -m reference.train_cifar10 [--steps N] [--data-root DIR]

The tutorial's code (https://pytorch.org/tutorials/beginner/blitz/cifar10_tutorial.html) with `import torch`
changed to minigrad. The other changes are marked `# minigrad:`: the data (built-in digits, or CIFAR-10 from
--data-root, read by torchvision if installed, else by minigrad), the command line, the progress bar, the end of
the epochs once --steps steps have run (reference/tutorial_run.py) and the real size of the test set in the last
line. The image-showing cells are left out.
"""
import minigrad as torch
import minigrad.nn as nn
import minigrad.nn.functional as F
import minigrad.optim as optim
from reference.tutorial_run import command_line, progress, tutorial_data, until_steps  # minigrad: see the docstring

command_line(__doc__, data=True)  # minigrad: the command line, read before anything runs

# minigrad: the data. The tutorial's torchvision.datasets.CIFAR10(root='./data', download=True,
# transform=ToTensor + Normalize to [-1, 1]) becomes the same shapes and range from reference/tutorial_run.py.
trainset, testset = tutorial_data('cifar lenet')
trainloader = torch.utils.data.DataLoader(trainset, batch_size=4, shuffle=True, num_workers=2)

testloader = torch.utils.data.DataLoader(testset, batch_size=4, shuffle=False, num_workers=2)

classes = ('plane', 'car', 'bird', 'cat',
           'deer', 'dog', 'frog', 'horse', 'ship', 'truck')


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


net = Net()

criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

for epoch in until_steps(range(2)):  # loop over the dataset multiple times (minigrad: until_steps() ends at --steps)

    running_loss = 0.0
    for i, data in enumerate(progress(trainloader), 0):  # minigrad: progress() adds the bar
        # get the inputs
        inputs, labels = data

        # zero the parameter gradients
        optimizer.zero_grad()

        # forward + backward + optimize
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()

        # print statistics
        running_loss += loss.item()
        if i % 2000 == 1999:    # print every 2000 mini-batches
            print('[%d, %5d] loss: %.3f' % (epoch + 1, i + 1, running_loss / 2000))
            running_loss = 0.0

print('Finished Training')

correct = 0
total = 0
with torch.no_grad():
    for data in testloader:
        images, labels = data
        outputs = net(images)
        _, predicted = torch.max(outputs.data, 1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()

print('Accuracy of the network on the %d test images: %d %%' % (  # minigrad: the real count, not 10000
    total, 100 * correct / total))
