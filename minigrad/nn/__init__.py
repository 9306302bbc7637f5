"""minigrad.nn: modules, layers and losses, as torch.nn."""
from . import functional, init, parallel, utils
from .activation import LogSoftmax, ReLU, Sigmoid, Softmax, Tanh
from .batchnorm import BatchNorm1d, BatchNorm2d
from .container import ModuleDict, ModuleList, Sequential
from .conv import Conv2d
from .dropout import Dropout
from .flatten import Flatten
from .linear import Identity, Linear
from .loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss
from .module import Module
from .pooling import AvgPool2d, MaxPool2d
from .parameter import Parameter

__all__ = ['functional', 'init', 'Module', 'Parameter', 'Sequential', 'ModuleList', 'ModuleDict', 'Linear',
           'Identity', 'Conv2d', 'MaxPool2d', 'AvgPool2d', 'ReLU', 'Sigmoid', 'Tanh', 'Softmax', 'LogSoftmax',
           'Flatten', 'Dropout', 'BatchNorm1d', 'BatchNorm2d', 'MSELoss', 'L1Loss', 'NLLLoss', 'CrossEntropyLoss',
           'BCELoss', 'BCEWithLogitsLoss', 'utils']
