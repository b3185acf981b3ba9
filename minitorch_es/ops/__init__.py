"""Differentiable operations, one family per file. Each is a small
:class:`~minitorch_es.autograd.function.Function` class whose docstring states y = f(x) and dJ/dx (forward and
backward on NumPy arrays), and the function that applies it
(``torch.exp`` is :func:`.exp_log.exp`, which applies :class:`.exp_log.Exp`).

    arithmetic     + - * / // % ** neg, reciprocal, square, lerp     exp_log       exp, log, sqrt, logaddexp, xlogy
    trigonometric  sin ... atanh, atan2, hypot, sinc                   special       erf
    rounding       floor, ceil, round, trunc, sign, abs, copysign     piecewise     where, maximum, clamp, nan_to_num
    comparison     == < & ~, isnan, isclose, any, all (no gradients)  reductions    sum, mean, prod, var, std, ...
    extrema        max, min, amax, argmax, aminmax                    sorting       sort, topk, median, quantile
    scans          cumsum, cumprod, cummax, logcumsumexp, diff        views         reshape, permute, expand, ...
    joining        cat, stack, split, chunk, repeat                   indexing      x[key], gather, flip, nonzero
    scatter        scatter, index_add, masked_fill                    linalg        matmul, linear, norm, diag, tril
    einsum         einsum                                             activations   relu, sigmoid, softmax, gelu
    losses         BCE, smooth L1, Huber, KL (own gradient formulas)  convolution   conv2d, conv_transpose2d, unfold
    pooling        max, average, adaptive, unpooling                  normalization batch norm, layer norm
    dropout        dropout                                            padding       pad
    resampling     interpolate                                        conversion    clone, contiguous, to(dtype)
    in_place       add_, fill_, copy_, x[key] = v, uniform_, ...

What the families share: :mod:`.operands` (type promotion, arrays of arguments), :mod:`.dims` (dimension
arguments), :mod:`.broadcasting` (shapes and the gradient's reverse step) and :mod:`.return_types`.
"""
