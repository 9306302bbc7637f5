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
from .activation import (CELU, ELU, GELU, GLU, SELU, Hardshrink, Hardsigmoid, Hardswish, Hardtanh, LeakyReLU,
                         LogSigmoid, Mish, PReLU, ReLU6, RReLU, SiLU, Softmax2d, Softmin, Softplus, Softshrink,
                         Softsign, Tanhshrink, Threshold)
from .loss import (CosineEmbeddingLoss, GaussianNLLLoss, HingeEmbeddingLoss, HuberLoss, KLDivLoss, MarginRankingLoss,
                   MultiLabelMarginLoss, MultiLabelSoftMarginLoss, MultiMarginLoss, PoissonNLLLoss, SmoothL1Loss,
                   SoftMarginLoss, TripletMarginLoss, CTCLoss)

__all__ = ['functional', 'init', 'Module', 'Parameter', 'Sequential', 'ModuleList', 'ModuleDict', 'Linear',
           'Identity', 'Conv2d', 'MaxPool2d', 'AvgPool2d', 'ReLU', 'Sigmoid', 'Tanh', 'Softmax', 'LogSoftmax',
           'Flatten', 'Dropout', 'BatchNorm1d', 'BatchNorm2d', 'MSELoss', 'L1Loss', 'NLLLoss', 'CrossEntropyLoss',
           'BCELoss', 'BCEWithLogitsLoss',
           'LeakyReLU', 'PReLU', 'RReLU', 'ELU', 'SELU', 'CELU', 'GELU', 'SiLU', 'Mish', 'Softplus',
           'Softsign', 'Softshrink', 'Hardshrink', 'Tanhshrink', 'Hardtanh', 'ReLU6', 'Hardsigmoid', 'Hardswish',
           'LogSigmoid', 'Softmin', 'Softmax2d', 'GLU', 'Threshold',
           'SmoothL1Loss', 'HuberLoss', 'KLDivLoss', 'PoissonNLLLoss', 'GaussianNLLLoss', 'MarginRankingLoss',
           'HingeEmbeddingLoss', 'SoftMarginLoss', 'MultiLabelSoftMarginLoss', 'CosineEmbeddingLoss',
           'TripletMarginLoss', 'MultiLabelMarginLoss', 'MultiMarginLoss', 'CTCLoss', 'utils']

# Sections for the layer families: each imports its modules here and extends __all__.

# -- convolution ---


# -- pooling and interpolation ---


# -- normalization ---


# -- embedding, padding, dropout, pixel shuffle, bilinear, containers ---


# -- attention and transformer ---
from .attention import MultiheadAttention  # noqa: E402

__all__ += ['MultiheadAttention']


# -- recurrent ---

