"""``minitorch_es.nn``: modules, layers, losses and initialisation with PyTorch's names and defaults."""

from . import functional, init, utils
from .activation import (ELU, GELU, SELU, Hardsigmoid, Hardswish, Hardtanh, LeakyReLU, LogSigmoid, LogSoftmax, Mish,
                         PReLU, ReLU, ReLU6, Sigmoid, SiLU, Softmax, Softplus, Tanh)
from .containers import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .distance import CosineSimilarity, PairwiseDistance
from .conv import (AdaptiveAvgPool2d, AdaptiveMaxPool2d, AvgPool1d, AvgPool2d, Conv1d, Conv2d, ConvTranspose2d,
                   LPPool2d, MaxPool1d, MaxPool2d, MaxUnpool2d)
from .fold import Fold, Unfold
from .layers import (BatchNorm1d, BatchNorm2d, Dropout, Dropout2d, Embedding, Flatten, GroupNorm, Identity, LayerNorm,
                     Linear, Unflatten, Upsample)
from .loss import (BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HingeEmbeddingLoss, HingeLoss, HuberLoss, KLDivLoss,
                   L1Loss, MarginRankingLoss, MeanBiasError, MSELoss, MultiMarginLoss, NLLLoss, SmoothL1Loss,
                   SoftMarginLoss)
from .module import Module
from .padding import (CircularPad1d, CircularPad2d, ConstantPad1d, ConstantPad2d, ReflectionPad1d, ReflectionPad2d,
                      ReplicationPad1d, ReplicationPad2d, ZeroPad1d, ZeroPad2d)
from .parameter import Parameter

__all__ = [
    "functional", "init", "utils", "Module", "Parameter", "Sequential", "ModuleList", "ModuleDict", "Identity",
    "Flatten", "Linear", "Conv2d", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "Dropout", "BatchNorm1d",
    "BatchNorm2d", "ReLU", "LeakyReLU", "ELU", "GELU", "Sigmoid", "Tanh", "ReLU6", "Hardtanh", "SiLU", "Softplus",
    "SELU", "Mish", "LayerNorm", "Dropout2d", "Unflatten", "Conv1d", "MaxPool1d", "AvgPool1d", "Embedding",
    "GroupNorm", "ParameterList", "ParameterDict", "Upsample", "Softmax", "LogSoftmax", "CrossEntropyLoss",
    "NLLLoss", "BCELoss", "BCEWithLogitsLoss", "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "MultiMarginLoss",
    "KLDivLoss", "MeanBiasError", "HingeLoss", "PReLU", "Hardsigmoid", "Hardswish", "LogSigmoid",
    "CosineSimilarity", "PairwiseDistance", "AdaptiveMaxPool2d", "HingeEmbeddingLoss", "MarginRankingLoss",
    "SoftMarginLoss", "ConvTranspose2d", "MaxUnpool2d", "LPPool2d", "Unfold", "Fold", "ZeroPad1d", "ZeroPad2d",
    "ConstantPad1d", "ConstantPad2d", "ReflectionPad1d", "ReflectionPad2d", "ReplicationPad1d", "ReplicationPad2d",
    "CircularPad1d", "CircularPad2d",
]
