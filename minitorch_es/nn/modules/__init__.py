"""``minitorch_es.nn.modules``: the layers, one file per concept as ``torch.nn.modules`` lays them out."""

from .activation import (ELU, GELU, SELU, Hardsigmoid, Hardswish, Hardtanh, LeakyReLU, LogSigmoid, LogSoftmax, Mish,
                         PReLU, ReLU, ReLU6, Sigmoid, SiLU, Softmax, Softplus, Tanh)
from .container import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .conv import Conv1d, Conv2d, ConvTranspose2d
from .distance import CosineSimilarity, PairwiseDistance
from .dropout import Dropout, Dropout2d
from .flatten import Flatten, Unflatten
from .fold import Fold, Unfold
from .linear import Identity, Linear
from .loss import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HingeEmbeddingLoss, HingeLoss, HuberLoss, KLDivLoss,
                   L1Loss, MarginRankingLoss, MeanBiasError, MSELoss, MultiMarginLoss, NLLLoss, SmoothL1Loss,
                   SoftMarginLoss)
from .module import Module
from .normalization import BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm
from .padding import (CircularPad1d, CircularPad2d, ConstantPad1d, ConstantPad2d, ReflectionPad1d, ReflectionPad2d,
                      ReplicationPad1d, ReplicationPad2d, ZeroPad1d, ZeroPad2d)
from .pooling import (AdaptiveAvgPool2d, AdaptiveMaxPool2d, AvgPool1d, AvgPool2d, LPPool2d, MaxPool1d, MaxPool2d,
                      MaxUnpool2d)
from .sparse import Embedding
from .upsampling import Upsample

__all__ = [
    "AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "AvgPool1d", "AvgPool2d", "BCELoss", "BCEWithLogitsLoss", "BatchNorm1d",
    "BatchNorm2d", "CircularPad1d", "CircularPad2d", "ConstantPad1d", "ConstantPad2d", "Conv1d", "Conv2d",
    "ConvTranspose2d", "CosineSimilarity", "CrossEntropyLoss", "Dropout", "Dropout2d", "ELU", "Embedding", "Flatten",
    "Fold", "GELU", "GroupNorm", "Hardsigmoid", "Hardswish", "Hardtanh", "HingeEmbeddingLoss", "HingeLoss",
    "HuberLoss", "Identity", "KLDivLoss", "L1Loss", "LPPool2d", "LayerNorm", "LeakyReLU", "Linear", "LogSigmoid",
    "LogSoftmax", "MSELoss", "MarginRankingLoss", "MaxPool1d", "MaxPool2d", "MaxUnpool2d", "MeanBiasError", "Mish",
    "Module", "ModuleDict", "ModuleList", "MultiMarginLoss", "NLLLoss", "PReLU", "PairwiseDistance", "ParameterDict",
    "ParameterList", "ReLU", "ReLU6", "ReflectionPad1d", "ReflectionPad2d", "ReplicationPad1d", "ReplicationPad2d",
    "SELU", "Sequential", "SiLU", "Sigmoid", "SmoothL1Loss", "SoftMarginLoss", "Softmax", "Softplus", "Tanh",
    "Unflatten", "Unfold", "Upsample", "ZeroPad1d", "ZeroPad2d",
]
