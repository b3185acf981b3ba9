"""Every method of :class:`~minitorch_es.tensor.Tensor` that is a function of :mod:`minitorch_es.ops` (or a factory),
bound here one line each: ``x.log1p()`` is ``exp_log.log1p(x)``. Searching for a method's name finds its line, and
the line names the file that computes it. (Operators such as ``x + y`` are in ``tensor.py`` itself.)
"""

from __future__ import annotations

from . import creation
from .ops import (activations, arithmetic, comparison, conversion, exp_log, extrema, in_place, indexing, joining,
                  linalg, piecewise, reductions, rounding, scans, scatter, sorting, special, trigonometric, views)
from .ops.in_place import in_place as in_place_version
from .tensor import Tensor

# ---- arithmetic (ops/arithmetic.py) ---------------------------------------------------------------------------------
Tensor.add = arithmetic.add
Tensor.sub = arithmetic.sub
Tensor.subtract = arithmetic.subtract
Tensor.mul = arithmetic.mul
Tensor.multiply = arithmetic.multiply
Tensor.div = arithmetic.div
Tensor.divide = arithmetic.divide
Tensor.true_divide = arithmetic.true_divide
Tensor.floor_divide = arithmetic.floor_divide
Tensor.remainder = arithmetic.remainder
Tensor.fmod = arithmetic.fmod
Tensor.pow = arithmetic.pow
Tensor.float_power = arithmetic.float_power
Tensor.neg = arithmetic.neg
Tensor.negative = arithmetic.negative
Tensor.positive = arithmetic.positive
Tensor.reciprocal = arithmetic.reciprocal
Tensor.square = arithmetic.square
Tensor.lerp = arithmetic.lerp

# ---- exponentials and logarithms (ops/exp_log.py), special functions (ops/special.py) ------------------------------
Tensor.exp = exp_log.exp
Tensor.exp2 = exp_log.exp2
Tensor.expm1 = exp_log.expm1
Tensor.log = exp_log.log
Tensor.log2 = exp_log.log2
Tensor.log10 = exp_log.log10
Tensor.log1p = exp_log.log1p
Tensor.sqrt = exp_log.sqrt
Tensor.rsqrt = exp_log.rsqrt
Tensor.logaddexp = exp_log.logaddexp
Tensor.xlogy = exp_log.xlogy
Tensor.logit = exp_log.logit
Tensor.erf = special.erf

# ---- trigonometric and hyperbolic (ops/trigonometric.py) ----------------------------------------------------------
Tensor.sin = trigonometric.sin
Tensor.cos = trigonometric.cos
Tensor.tan = trigonometric.tan
Tensor.asin = Tensor.arcsin = trigonometric.asin
Tensor.acos = Tensor.arccos = trigonometric.acos
Tensor.atan = Tensor.arctan = trigonometric.atan
Tensor.sinh = trigonometric.sinh
Tensor.cosh = trigonometric.cosh
Tensor.tanh = trigonometric.tanh
Tensor.asinh = Tensor.arcsinh = trigonometric.asinh
Tensor.acosh = Tensor.arccosh = trigonometric.acosh
Tensor.atanh = Tensor.arctanh = trigonometric.atanh
Tensor.atan2 = Tensor.arctan2 = trigonometric.atan2
Tensor.hypot = trigonometric.hypot
Tensor.sinc = trigonometric.sinc
Tensor.deg2rad = trigonometric.deg2rad
Tensor.rad2deg = trigonometric.rad2deg

# ---- rounding, sign and magnitude (ops/rounding.py) ----------------------------------------------------------------
Tensor.floor = rounding.floor
Tensor.ceil = rounding.ceil
Tensor.round = rounding.round
Tensor.trunc = rounding.trunc
Tensor.fix = rounding.fix
Tensor.sign = rounding.sign
Tensor.abs = rounding.abs
Tensor.absolute = rounding.absolute
Tensor.copysign = rounding.copysign

# ---- choices between values (ops/piecewise.py) --------------------------------------------------------------------
Tensor.maximum = piecewise.maximum
Tensor.minimum = piecewise.minimum
Tensor.clamp = Tensor.clip = piecewise.clamp
Tensor.clamp_min = piecewise.clamp_min
Tensor.clamp_max = piecewise.clamp_max
Tensor.nan_to_num = piecewise.nan_to_num

# ---- comparisons and logic, no gradients (ops/comparison.py) ------------------------------------------------------
Tensor.eq = comparison.eq
Tensor.ne = Tensor.not_equal = comparison.ne
Tensor.lt = Tensor.less = comparison.lt
Tensor.le = Tensor.less_equal = comparison.le
Tensor.gt = Tensor.greater = comparison.gt
Tensor.ge = Tensor.greater_equal = comparison.ge
Tensor.logical_and = comparison.logical_and
Tensor.logical_or = comparison.logical_or
Tensor.logical_xor = comparison.logical_xor
Tensor.logical_not = comparison.logical_not
Tensor.isnan = comparison.isnan
Tensor.isinf = comparison.isinf
Tensor.isfinite = comparison.isfinite
Tensor.isclose = comparison.isclose
Tensor.equal = comparison.equal
Tensor.any = comparison.any
Tensor.all = comparison.all

# ---- reductions (ops/reductions.py), extrema (ops/extrema.py) -----------------------------------------------------
Tensor.sum = reductions.sum
Tensor.mean = reductions.mean
Tensor.prod = reductions.prod
Tensor.var = reductions.var
Tensor.std = reductions.std
Tensor.logsumexp = reductions.logsumexp
Tensor.nansum = reductions.nansum
Tensor.nanmean = reductions.nanmean
Tensor.count_nonzero = reductions.count_nonzero
Tensor.bincount = reductions.bincount
Tensor.max = extrema.max
Tensor.min = extrema.min
Tensor.amax = extrema.amax
Tensor.amin = extrema.amin
Tensor.argmax = extrema.argmax
Tensor.argmin = extrema.argmin
Tensor.aminmax = extrema.aminmax

# ---- sorting and order statistics (ops/sorting.py), running operations (ops/scans.py) -----------------------------
Tensor.sort = sorting.sort
Tensor.argsort = sorting.argsort
Tensor.topk = sorting.topk
Tensor.median = sorting.median
Tensor.kthvalue = sorting.kthvalue
Tensor.quantile = sorting.quantile
Tensor.unique = sorting.unique
Tensor.cumsum = scans.cumsum
Tensor.cumprod = scans.cumprod
Tensor.cummax = scans.cummax
Tensor.cummin = scans.cummin
Tensor.logcumsumexp = scans.logcumsumexp
Tensor.diff = scans.diff

# ---- views and shape (ops/views.py) -------------------------------------------------------------------------------
Tensor.reshape = views.reshape
Tensor.reshape_as = views.reshape_as
Tensor.view = views.view
Tensor.view_as = views.view_as
Tensor.flatten = views.flatten
Tensor.ravel = views.ravel
Tensor.unflatten = views.unflatten
Tensor.squeeze = views.squeeze
Tensor.unsqueeze = views.unsqueeze
Tensor.permute = views.permute
Tensor.transpose = views.transpose
Tensor.swapaxes = views.swapaxes
Tensor.swapdims = views.swapdims
Tensor.t = views.t
Tensor.T = property(views.reversed_dims)
Tensor.mT = property(views.matrix_transpose)
Tensor.movedim = Tensor.moveaxis = views.movedim
Tensor.expand = views.expand
Tensor.expand_as = views.expand_as
Tensor.broadcast_to = views.broadcast_to

# ---- joining and splitting (ops/joining.py) -----------------------------------------------------------------------
Tensor.split = joining.split
Tensor.chunk = joining.chunk
Tensor.unbind = joining.unbind
Tensor.repeat = joining.repeat
Tensor.tile = joining.tile

# ---- reading by position (ops/indexing.py), writing by position (ops/scatter.py) ----------------------------------
Tensor.select = indexing.select
Tensor.narrow = indexing.narrow
Tensor.gather = indexing.gather
Tensor.take_along_dim = indexing.take_along_dim
Tensor.index_select = indexing.index_select
Tensor.masked_select = indexing.masked_select
Tensor.diagonal = indexing.diagonal
Tensor.flip = indexing.flip
Tensor.roll = indexing.roll
Tensor.repeat_interleave = indexing.repeat_interleave
Tensor.nonzero = indexing.nonzero
Tensor.argwhere = indexing.argwhere
Tensor.scatter = scatter.scatter
Tensor.scatter_add = scatter.scatter_add
Tensor.index_add = scatter.index_add
Tensor.masked_fill = scatter.masked_fill

# ---- linear algebra (ops/linalg.py), activations (ops/activations.py) ---------------------------------------------
Tensor.matmul = linalg.matmul
Tensor.mm = linalg.mm
Tensor.bmm = linalg.bmm
Tensor.dot = linalg.dot
Tensor.outer = linalg.outer
Tensor.addmm = linalg.addmm
Tensor.norm = linalg.norm
Tensor.diag = linalg.diag
Tensor.trace = linalg.trace
Tensor.tril = linalg.tril
Tensor.triu = linalg.triu
Tensor.relu = activations.relu
Tensor.sigmoid = activations.sigmoid
Tensor.softmax = activations.softmax
Tensor.log_softmax = activations.log_softmax

# ---- copies and conversions (ops/conversion.py), factories with x's dtype (creation.py) ---------------------------
Tensor.clone = conversion.clone
Tensor.contiguous = conversion.contiguous
Tensor.to = conversion.to
Tensor.type = conversion.type
Tensor.type_as = conversion.type_as
Tensor.float = conversion.float
Tensor.double = conversion.double
Tensor.half = conversion.half
Tensor.long = conversion.long
Tensor.int = conversion.int
Tensor.bool = conversion.bool
Tensor.cpu = conversion.cpu
Tensor.cuda = conversion.cuda
Tensor.new_zeros = creation.new_zeros
Tensor.new_ones = creation.new_ones
Tensor.new_empty = creation.new_empty
Tensor.new_full = creation.new_full
Tensor.new_tensor = creation.new_tensor

# ---- in place: x.op_(...) writes op(x, ...) into x (ops/in_place.py) -----------------------------------------------
Tensor.add_ = in_place_version(arithmetic.add)
Tensor.sub_ = in_place_version(arithmetic.sub)
Tensor.mul_ = in_place_version(arithmetic.mul)
Tensor.div_ = in_place_version(arithmetic.div)
Tensor.pow_ = in_place_version(arithmetic.pow)
Tensor.clamp_ = in_place_version(piecewise.clamp)
Tensor.masked_fill_ = in_place_version(scatter.masked_fill)
Tensor.scatter_ = in_place_version(scatter.scatter)
Tensor.scatter_add_ = in_place_version(scatter.scatter_add)
Tensor.index_add_ = in_place_version(scatter.index_add)
Tensor.neg_ = in_place_version(Tensor.neg)
Tensor.reciprocal_ = in_place_version(Tensor.reciprocal)
Tensor.square_ = in_place_version(Tensor.square)
Tensor.remainder_ = in_place_version(Tensor.remainder)
Tensor.fmod_ = in_place_version(Tensor.fmod)
Tensor.lerp_ = in_place_version(Tensor.lerp)
Tensor.exp_ = in_place_version(Tensor.exp)
Tensor.expm1_ = in_place_version(Tensor.expm1)
Tensor.log_ = in_place_version(Tensor.log)
Tensor.log1p_ = in_place_version(Tensor.log1p)
Tensor.sqrt_ = in_place_version(Tensor.sqrt)
Tensor.rsqrt_ = in_place_version(Tensor.rsqrt)
Tensor.sin_ = in_place_version(Tensor.sin)
Tensor.cos_ = in_place_version(Tensor.cos)
Tensor.tanh_ = in_place_version(Tensor.tanh)
Tensor.sigmoid_ = in_place_version(Tensor.sigmoid)
Tensor.relu_ = in_place_version(Tensor.relu)
Tensor.abs_ = in_place_version(Tensor.abs)
Tensor.sign_ = in_place_version(Tensor.sign)
Tensor.floor_ = in_place_version(Tensor.floor)
Tensor.ceil_ = in_place_version(Tensor.ceil)
Tensor.round_ = in_place_version(Tensor.round)
Tensor.trunc_ = in_place_version(Tensor.trunc)
Tensor.clamp_min_ = in_place_version(Tensor.clamp_min)
Tensor.clamp_max_ = in_place_version(Tensor.clamp_max)
Tensor.clip_ = in_place_version(piecewise.clamp)
Tensor.fill_ = in_place.fill_
Tensor.zero_ = in_place.zero_
Tensor.copy_ = in_place.copy_
Tensor.uniform_ = in_place.uniform_
Tensor.normal_ = in_place.normal_
