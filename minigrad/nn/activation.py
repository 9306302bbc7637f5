"""Activation layers: ReLU, Sigmoid, Tanh, Softmax, LogSoftmax."""
from . import functional as F
from .module import Module


class ReLU(Module):
    """max(x, 0), elementwise; inplace=True overwrites the input."""
    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.relu(input, inplace=self.inplace)

    def extra_repr(self):
        return 'inplace=True' if self.inplace else ''


class Sigmoid(Module):
    """1 / (1 + e^-x), elementwise"""
    def forward(self, input):
        return input.sigmoid()


class Tanh(Module):
    def forward(self, input):
        return input.tanh()


class Softmax(Module):
    """e^x / sum(e^x) along `dim`"""
    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmax(input, self.dim)

    def extra_repr(self):
        return f'dim={self.dim}'


class LogSoftmax(Softmax):
    """log(softmax(x)) along `dim`, computed without overflow"""
    def forward(self, input):
        return F.log_softmax(input, self.dim)
