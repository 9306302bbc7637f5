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
from .parameter import Buffer, Parameter
from .activation import (CELU, ELU, GELU, GLU, SELU, Hardshrink, Hardsigmoid, Hardswish, Hardtanh, LeakyReLU,
                         LogSigmoid, Mish, PReLU, ReLU6, RReLU, SiLU, Softmax2d, Softmin, Softplus, Softshrink,
                         Softsign, Tanhshrink, Threshold)
from .loss import (CosineEmbeddingLoss, GaussianNLLLoss, HingeEmbeddingLoss, HuberLoss, KLDivLoss, MarginRankingLoss,
                   MultiLabelMarginLoss, MultiLabelSoftMarginLoss, MultiMarginLoss, PoissonNLLLoss, SmoothL1Loss,
                   SoftMarginLoss, TripletMarginLoss, CTCLoss)

__all__ = ['functional', 'init', 'Module', 'Parameter', 'Buffer', 'Sequential', 'ModuleList', 'ModuleDict', 'Linear',
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
from .conv import Conv1d, ConvTranspose1d, ConvTranspose2d  # noqa: E402
from .conv import Conv3d, ConvTranspose3d  # noqa: E402
from .fold import Fold, Unfold  # noqa: E402
__all__ += ['Conv1d', 'ConvTranspose1d', 'ConvTranspose2d', 'Fold', 'Unfold']
__all__ += ['Conv3d', 'ConvTranspose3d']


# -- pooling and interpolation ---
from .pooling import (AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d, AdaptiveMaxPool1d,  # noqa: E402
                      AdaptiveMaxPool2d, AdaptiveMaxPool3d, AvgPool1d, AvgPool3d, LPPool1d, LPPool2d, LPPool3d,
                      FractionalMaxPool2d, FractionalMaxPool3d, MaxPool1d, MaxPool3d, MaxUnpool1d, MaxUnpool2d,
                      MaxUnpool3d)
from .upsampling import Upsample, UpsamplingBilinear2d, UpsamplingNearest2d  # noqa: E402

__all__ += ['AdaptiveAvgPool1d', 'AdaptiveAvgPool2d', 'AdaptiveAvgPool3d', 'AdaptiveMaxPool1d', 'AdaptiveMaxPool2d',
            'AdaptiveMaxPool3d', 'AvgPool1d', 'AvgPool3d', 'LPPool1d', 'LPPool2d', 'LPPool3d', 'MaxPool1d', 'MaxPool3d',
            'MaxUnpool1d', 'MaxUnpool2d', 'MaxUnpool3d', 'FractionalMaxPool2d', 'FractionalMaxPool3d', 'Upsample', 'UpsamplingBilinear2d', 'UpsamplingNearest2d']


# -- normalization ---
from .batchnorm import BatchNorm3d  # noqa: E402
from .instancenorm import InstanceNorm1d, InstanceNorm2d, InstanceNorm3d  # noqa: E402
from .normalization import GroupNorm, LayerNorm, LocalResponseNorm, RMSNorm  # noqa: E402

__all__ += ['BatchNorm3d', 'GroupNorm', 'InstanceNorm1d', 'InstanceNorm2d', 'InstanceNorm3d', 'LayerNorm',
            'LocalResponseNorm', 'RMSNorm']


# -- embedding, padding, dropout, pixel shuffle, bilinear, containers ---
from .sparse import Embedding, EmbeddingBag
from .pixelshuffle import ChannelShuffle, PixelShuffle, PixelUnshuffle
from .dropout import AlphaDropout, Dropout1d, Dropout2d, Dropout3d, FeatureAlphaDropout
from .linear import Bilinear
from .flatten import Unflatten
from .container import ParameterDict, ParameterList
from .padding import (CircularPad1d, CircularPad2d, CircularPad3d, ConstantPad1d, ConstantPad2d, ConstantPad3d,
                      ReflectionPad1d, ReflectionPad2d, ReflectionPad3d, ReplicationPad1d, ReplicationPad2d,
                      ReplicationPad3d, ZeroPad1d, ZeroPad2d, ZeroPad3d)
__all__ += ['Embedding', 'EmbeddingBag', 'ChannelShuffle', 'PixelShuffle', 'PixelUnshuffle',
            'AlphaDropout', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'FeatureAlphaDropout', 'Bilinear', 'Unflatten', 'ParameterDict', 'ParameterList',
            'CircularPad1d', 'CircularPad2d', 'CircularPad3d', 'ConstantPad1d', 'ConstantPad2d', 'ConstantPad3d',
            'ReflectionPad1d', 'ReflectionPad2d', 'ReflectionPad3d', 'ReplicationPad1d', 'ReplicationPad2d',
            'ReplicationPad3d', 'ZeroPad1d', 'ZeroPad2d', 'ZeroPad3d']


# -- distances ---
from .distance import CosineSimilarity, PairwiseDistance  # noqa: E402
from .loss import TripletMarginWithDistanceLoss  # noqa: E402
__all__ += ['CosineSimilarity', 'PairwiseDistance', 'TripletMarginWithDistanceLoss']


# -- attention and transformer ---
from .attention import MultiheadAttention  # noqa: E402
from .transformer import (  # noqa: E402
    Transformer, TransformerDecoder, TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer)

__all__ += ['MultiheadAttention', 'Transformer', 'TransformerEncoder', 'TransformerDecoder', 'TransformerEncoderLayer',
            'TransformerDecoderLayer']


# -- recurrent ---
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNBase, RNNCell, RNNCellBase
__all__ += ['RNNBase', 'RNN', 'LSTM', 'GRU', 'RNNCellBase', 'RNNCell', 'LSTMCell', 'GRUCell']
