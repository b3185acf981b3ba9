"""``minitorch_es.nn.functional`` (``import minitorch_es.nn.functional as F``): the layers and losses of ``nn`` as
functions. Each name is imported from the file that computes it: this package's files for what ``torch.nn.functional``
adds on top of the ops (argument rules, unbatched inputs, compositions such as SiLU and the losses), and
:mod:`minitorch_es.ops` for the functions that are ops themselves (``F.relu``, ``F.pad``, ``F.interpolate``).
"""

from ...ops.activations import elu, gelu, hardsigmoid, leaky_relu, relu, sigmoid
from ...ops.padding import pad
from ...ops.resampling import interpolate
from ...ops.trigonometric import tanh
from .activation import hardswish, hardtanh, log_softmax, logsigmoid, mish, prelu, relu6, selu, silu, softmax, softplus
from .conv import conv1d, conv2d, conv_transpose2d
from .distance import cosine_similarity, pairwise_distance
from .dropout import dropout, dropout2d
from .fold import fold, unfold
from .linear import linear
from .loss import (binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, hinge_embedding_loss,
                   hinge_loss, huber_loss, kl_div, l1_loss, margin_ranking_loss, mean_bias_error, mse_loss,
                   multi_margin_loss, nll_loss, smooth_l1_loss, soft_margin_loss)
from .normalization import batch_norm, group_norm, layer_norm, normalize
from .pooling import (adaptive_avg_pool2d, adaptive_max_pool2d, adaptive_max_pool2d_with_indices, avg_pool1d,
                      avg_pool2d, lp_pool2d, max_pool1d, max_pool2d, max_pool2d_with_indices, max_unpool2d)
from .sparse import embedding, one_hot

__all__ = [
    "adaptive_avg_pool2d", "adaptive_max_pool2d", "adaptive_max_pool2d_with_indices", "avg_pool1d", "avg_pool2d",
    "batch_norm", "binary_cross_entropy", "binary_cross_entropy_with_logits", "conv1d", "conv2d", "conv_transpose2d",
    "cosine_similarity", "cross_entropy", "dropout", "dropout2d", "elu", "embedding", "fold", "gelu", "group_norm",
    "hardsigmoid", "hardswish", "hardtanh", "hinge_embedding_loss", "hinge_loss", "huber_loss", "interpolate",
    "kl_div", "l1_loss", "layer_norm", "leaky_relu", "linear", "log_softmax", "logsigmoid", "lp_pool2d",
    "margin_ranking_loss", "max_pool1d", "max_pool2d", "max_pool2d_with_indices", "max_unpool2d", "mean_bias_error",
    "mish", "mse_loss", "multi_margin_loss", "nll_loss", "normalize", "one_hot", "pad", "pairwise_distance", "prelu",
    "relu", "relu6", "selu", "sigmoid", "silu", "smooth_l1_loss", "soft_margin_loss", "softmax", "softplus", "tanh",
    "unfold",
]
