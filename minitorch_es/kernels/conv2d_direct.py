"""Direct 2-D convolution (guide 003, section 2.1) with register-blocked Numba kernels: the forward pass and the
gradient to the weight, with no im2col matrix in memory.

The same sums as ``conv2d.py`` (y = b + sum W x_pad, dJ/dW = sum g x_pad), read as an "implicit" matrix product.
With the input padded (NCHW) and the kernel taps of one group flattened to k = (c, i, j), every receptive-field
value is one load at a fixed offset from its output position's base:

    A[p, k] = x_pad[n, g C_g + c, y s_h + i d_h, x s_w + j d_w] = x_flat[base(p) + offset(k)]

so that, per group, with the weights as Wt[k, o] = W[g O_g + o, c, i, j] and p = (y, x) an output position,

    forward:           y[p, o] = b[o] + sum_k A[p, k] Wt[k, o]
    weight gradient:   dJ/dWt[k, o] = sum_p A[p, k] g[p, o]

Each kernel computes one block of the result, ``rows`` x ``width`` numbers (6 positions x 64 channels, 10 x 32 or
8 x 32), in local accumulators: at each step of the sum it loads ``width`` weights (or gradients) as vectors,
broadcasts ``rows`` input values, and does rows x width multiply-adds. The block is sized so that its accumulators
fit the CPU's vector registers (24, 20 or 16 of the 32 AVX-512 registers, in float32), where LLVM keeps them: this
is what makes the loop run near the machine's multiply-add peak, where im2col + BLAS spends half its time moving the
lowered matrix through memory. The forward kernel stores each block whole (vector stores) in a channel-blocked
layout, and one pass (``_unblock_channels``) puts the result in NCHW order and adds the bias; the weight gradient
reads g in the same blocked layout (``_block_gradient``).

Measured here (64 -> 64 channels at 14x14, batch 100, float32, two threads), forward: 4.0 ms, against 7.5 ms for
im2col + NumPy's BLAS and 3.5 ms for PyTorch (oneDNN); forward + both gradients: 13.6 ms, PyTorch 11.4 ms.

The block shape must be a constant when Numba compiles the kernel (so that LLVM can keep the block in registers),
so each shape has its own small kernel (``_forward_6x64``, ``_gradient_8x32``, ...) wrapping one shared body. The
driver picks the block width from the layer's output channels per group (``_block_width``).
"""

from __future__ import annotations

import functools

import numba
import numpy as np
from llvmlite import binding
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic


def blocks_fit_in_registers() -> bool:
    """Whether Numba compiles these kernels with 512-bit vectors (32 registers of 16 float32), which the block
    shapes below are sized for. Otherwise the blocks spill to memory and im2col + BLAS is faster. Measured on this
    machine (an AMD Zen 5) with Numba told to compile for other CPUs (``NUMBA_CPU_NAME``, ``NUMBA_CPU_FEATURES``),
    forward pass of 64 -> 64 channels at 14x14, batch 100:

    - Zen 4/5 (``znver*``): LLVM uses 512-bit vectors: 3.9 ms direct, 7.2 ms im2col.
    - Intel CPUs with AVX-512 (``skylake-avx512``, ``icelake-server``, ...): LLVM prefers 256-bit vectors there
      (the "prefer-256-bit" tuning) and the blocks spill: 9.9 ms against 7.7 ms. Adding ``-prefer-256-bit`` to
      ``NUMBA_CPU_FEATURES`` (with the CPU's own features) lifts the preference, and the direct kernels run as on Zen.
    - AVX2 only (``haswell``): 16 registers of 8 float32: 13.3 ms against 10.3 ms.
    """
    features = (numba.config.CPU_FEATURES or binding.get_host_cpu_features().flatten()).split(",")
    if "+avx512f" not in features:
        return False
    cpu = numba.config.CPU_NAME or binding.get_host_cpu_name()
    return "-prefer-256-bit" in features or cpu.startswith("znver")


@intrinsic
def _stack_block(typingctx, rows, width, like):
    """A rows x width scratch block of like's dtype on the stack (so that LLVM can keep it in registers); rows and
    width must be compile-time constants."""
    if not isinstance(rows, types.IntegerLiteral) or not isinstance(width, types.IntegerLiteral):
        return None
    size, dtype = rows.literal_value * width.literal_value, like.dtype

    def codegen(context, builder, signature, args):
        return cgutils.alloca_once(builder, context.get_value_type(dtype), size=size)

    return types.CPointer(dtype)(rows, width, like), codegen


# ---- forward: y[p, o] = b[o] + sum_k x_flat[base(p) + offset(k)] Wt[k, o] -----------------------------------------


@numba.njit(inline="always")
def _forward_block(x_flat, weights, offsets, out_blocked, n, p_block, g, o_block, geometry, rows, width):
    """One block of sums: positions p_block rows .. + rows - 1 of image n, channels o_block width .. + width - 1 of
    group g, stored as rows x width contiguous numbers of ``out_blocked`` (vector stores; ``_unblock_channels``
    puts them in NCHW order). The inner loop broadcasts two input values at a time against one row of weights:
    written so, LLVM vectorizes it across the channels and keeps all rows x width sums in registers."""
    padded_h, padded_w, sh, sw, c_in, c_group, ow, positions = geometry
    acc = numba.carray(_stack_block(rows, width, x_flat), (rows, width))
    bases = numba.carray(_stack_block(rows, 1, offsets), (rows,))
    first = p_block * rows
    y, x = first // ow, first % ow
    image = (n * c_in + g * c_group) * padded_h
    for r in range(rows):
        bases[r] = np.uint64((image + y * sh) * padded_w + x * sw)
        if first + r + 1 < positions:  # the last block repeats the last position where it runs past the end
            x += 1
            if x == ow:
                x, y = 0, y + 1
        for o in range(width):
            acc[r, o] = 0
    for k in range(weights.shape[2]):
        offset = offsets[k]
        for q in range(0, rows, 2):
            v0 = x_flat[bases[q] + offset]
            v1 = x_flat[bases[q + 1] + offset]
            for o in range(width):
                w = weights[g, o_block, k, o]
                acc[q, o] += v0 * w
                acc[q + 1, o] += v1 * w
    for r in range(rows):
        for o in range(width):
            out_blocked[n, g, o_block, first + r, o] = acc[r, o]


@numba.njit(cache=True, fastmath={"contract"})
def _forward_6x64(x_flat, weights, offsets, out_blocked, n, p_block, g, o_block, geometry):
    _forward_block(x_flat, weights, offsets, out_blocked, n, p_block, g, o_block, geometry, 6, 64)


@numba.njit(cache=True, fastmath={"contract"})
def _forward_10x32(x_flat, weights, offsets, out_blocked, n, p_block, g, o_block, geometry):
    _forward_block(x_flat, weights, offsets, out_blocked, n, p_block, g, o_block, geometry, 10, 32)


@numba.njit(cache=True, fastmath={"contract"})
def _forward_8x32(x_flat, weights, offsets, out_blocked, n, p_block, g, o_block, geometry):
    _forward_block(x_flat, weights, offsets, out_blocked, n, p_block, g, o_block, geometry, 8, 32)


_BLOCK_ROWS = {64: 6, 32: 8}  # block width -> rows: 24 or 16 accumulator registers of 16 float32
# The float32 forward pass of 32-channel blocks takes 10 rows (20 registers): 450 GFLOP/s, against 350 with 8 rows
# (12 rows ran at 210: the 12 row bases no longer fit the general registers). The weight gradient ran no faster
# with 10 rows, and float64 blocks of 10 x 32 spill (40 registers), so both keep 8.
_FLOAT32_FORWARD_ROWS = {64: 6, 32: 10}


@numba.njit(parallel=True, cache=True)
def _forward(x_flat, weights, offsets, out_blocked, geometry, rows, width):
    """Every block of the output, spread over the threads."""
    n_count, groups, o_blocks = out_blocked.shape[0], out_blocked.shape[1], out_blocked.shape[2]
    p_blocks = out_blocked.shape[3] // rows
    per_image = p_blocks * groups * o_blocks
    for task in numba.prange(n_count * per_image):
        n, rest = task // per_image, task % per_image
        p_block, rest = rest // (groups * o_blocks), rest % (groups * o_blocks)
        g, o_block = rest // o_blocks, rest % o_blocks
        if width == 64:
            _forward_6x64(x_flat, weights, offsets, out_blocked, n, p_block, g, o_block, geometry)
        elif rows == 10:
            _forward_10x32(x_flat, weights, offsets, out_blocked, n, p_block, g, o_block, geometry)
        else:
            _forward_8x32(x_flat, weights, offsets, out_blocked, n, p_block, g, o_block, geometry)


@numba.njit(parallel=True, cache=True)
def _unblock_channels(out_blocked, bias, out):
    """out[n, g O_g + b width + o, p] = out_blocked[n, g, b, p, o] + bias (NCHW order again)."""
    n_count, groups, o_blocks, _, width = out_blocked.shape
    o_group, positions = out.shape[1] // groups, out.shape[2]
    for task in numba.prange(n_count * groups * o_blocks):
        n, rest = task // (groups * o_blocks), task % (groups * o_blocks)
        g, b = rest // o_blocks, rest % o_blocks
        for o in range(min(width, o_group - b * width)):
            channel = g * o_group + b * width + o
            shift = bias[channel]
            for p in range(positions):
                out[n, channel, p] = out_blocked[n, g, b, p, o] + shift


# ---- weight gradient: dJ/dWt[k, o] = sum_p x_flat[base(p) + offset(k)] g[p, o] --------------------------------


@numba.njit(inline="always")
def _gradient_block(x_flat, grad_blocked, offsets, partial, t, n, g, o_block, k_block, geometry, rows, width):
    """Add image n's share of one block of dJ/dWt (taps k_block rows .. + rows - 1, channels o_block width ..
    + width - 1 of group g) to the task's partial sum."""
    padded_h, padded_w, sh, sw, c_in, c_group, ow, positions = geometry
    oh = positions // ow
    acc = numba.carray(_stack_block(rows, width, x_flat), (rows, width))
    taps = numba.carray(_stack_block(rows, 1, offsets), (rows,))
    for r in range(rows):
        taps[r] = offsets[k_block * rows + r]
        for o in range(width):
            acc[r, o] = 0
    image = np.uint64((n * c_in + g * c_group) * padded_h * padded_w)
    for y in range(oh):
        row = image + np.uint64(y * sh * padded_w)
        for x in range(ow):
            base = row + np.uint64(x * sw)
            p = y * ow + x
            for q in range(0, rows, 2):
                v0 = x_flat[base + taps[q]]
                v1 = x_flat[base + taps[q + 1]]
                for o in range(width):
                    gradient = grad_blocked[n, g, o_block, p, o]
                    acc[q, o] += v0 * gradient
                    acc[q + 1, o] += v1 * gradient
    for r in range(rows):
        for o in range(width):
            partial[t, g, o_block, k_block * rows + r, o] += acc[r, o]


@numba.njit(cache=True, fastmath={"contract"})
def _gradient_6x64(x_flat, grad_blocked, offsets, partial, t, n, g, o_block, k_block, geometry):
    _gradient_block(x_flat, grad_blocked, offsets, partial, t, n, g, o_block, k_block, geometry, 6, 64)


@numba.njit(cache=True, fastmath={"contract"})
def _gradient_8x32(x_flat, grad_blocked, offsets, partial, t, n, g, o_block, k_block, geometry):
    _gradient_block(x_flat, grad_blocked, offsets, partial, t, n, g, o_block, k_block, geometry, 8, 32)


@numba.njit(parallel=True, cache=True)
def _weight_gradient(x_flat, grad_blocked, offsets, partial, geometry, rows, width):
    """Each task (a share of the images, for one group and block of output channels) sums into its own
    ``partial[t]``; the caller adds the shares."""
    n_count, groups, o_blocks = grad_blocked.shape[0], grad_blocked.shape[1], grad_blocked.shape[2]
    shares = partial.shape[0]
    k_blocks = partial.shape[3] // rows
    for task in numba.prange(shares * groups * o_blocks):
        t, rest = task // (groups * o_blocks), task % (groups * o_blocks)
        g, o_block = rest // o_blocks, rest % o_blocks
        for n in range(t, n_count, shares):
            for k_block in range(k_blocks):
                if width == 64:
                    _gradient_6x64(x_flat, grad_blocked, offsets, partial, t, n, g, o_block, k_block, geometry)
                else:
                    _gradient_8x32(x_flat, grad_blocked, offsets, partial, t, n, g, o_block, k_block, geometry)


@numba.njit(parallel=True, cache=True)
def _block_gradient(grad_out, grad_blocked, o_group):
    """grad_blocked[n, g, b, p, o] = g[n, g O_g + b width + o, p] (0 beyond the group's channels): each block of
    output channels, position by position, as the weight-gradient kernel reads it."""
    n_count, groups, o_blocks, positions, width = grad_blocked.shape
    for task in numba.prange(n_count * groups * o_blocks):
        n, rest = task // (groups * o_blocks), task % (groups * o_blocks)
        g, b = rest // o_blocks, rest % o_blocks
        grad_blocked[n, g, b] = 0
        for o in range(min(width, o_group - b * width)):
            channel = g * o_group + b * width + o
            for p in range(positions):
                grad_blocked[n, g, b, p, o] = grad_out[n, channel, p]


# ---- the layouts --------------------------------------------------------------------------------------------------


def _block_width(channels: int) -> int:
    """The block width (64 or 32 channels) for ``channels`` outputs per group: 64 where they fill more than half."""
    return 64 if channels > 32 else 32


@numba.njit(parallel=True, cache=True)
def _pad_planes(x, padded, ph, pw):
    """padded[n, c] = the plane x[n, c] with ph zero rows above and below, pw zero columns left and right."""
    n_count, c_count, h, w = x.shape
    for task in numba.prange(n_count * c_count):
        n, c = task // c_count, task % c_count
        plane = padded[n, c]
        plane[:ph] = 0
        plane[ph + h:] = 0
        for y in range(h):
            plane[ph + y, :pw] = 0
            plane[ph + y, pw:pw + w] = x[n, c, y]
            plane[ph + y, pw + w:] = 0


def _padded(x, padding):
    """x_pad: the input with ``padding`` zeros on each side (x itself, contiguous, if there is none)."""
    ph, pw = padding
    if not ph and not pw:
        return np.ascontiguousarray(x)
    n, c, h, w = x.shape
    padded = np.empty((n, c, h + 2 * ph, w + 2 * pw), dtype=x.dtype)
    _pad_planes(x, padded, ph, pw)
    return padded


@functools.lru_cache(maxsize=64)
def _tap_offsets(kernel, dilation, padded_hw, c_group):
    """offset(k) for k = (c, i, j): where tap (i, j) of channel c lies from a position's base in x_flat (read-only:
    a layer asks for the same table at every step, so it is kept)."""
    (kh, kw), (dh, dw), (hp, wp) = kernel, dilation, padded_hw
    c, i, j = np.meshgrid(np.arange(c_group), np.arange(kh), np.arange(kw), indexing="ij")
    offsets = ((c * hp + i * dh) * wp + j * dw).reshape(-1).astype(np.uint64)
    offsets.flags.writeable = False
    return offsets


def _geometry(padded, stride, c_group, out_hw) -> tuple:
    """What the kernels need to find base(p): the padded plane's size, the stride, the channels of the input and of
    a group, the output's width and its number of positions."""
    return (padded.shape[2], padded.shape[3], stride[0], stride[1], padded.shape[1], c_group, out_hw[1],
            out_hw[0] * out_hw[1])


def _prepare(x, weight_shape, stride, padding, dilation, groups, out_hw, forward: bool) -> tuple:
    """What both entry points need for one layer: the block shape (width, rows), the padded input, its tap offsets
    and the kernels' geometry."""
    c_out, c_group, kh, kw = weight_shape
    width = _block_width(c_out // groups)
    rows = (_FLOAT32_FORWARD_ROWS if forward and x.dtype == np.float32 else _BLOCK_ROWS)[width]
    padded = _padded(x, padding)
    offsets = _tap_offsets((kh, kw), tuple(dilation), padded.shape[2:], c_group)
    return width, rows, padded, offsets, _geometry(padded, stride, c_group, out_hw)


def _grouped_weights(weight, groups, width, dtype):
    """Wt[g, b, k, o] = W[g O_g + b width + o, c, i, j] for k = (c, i, j): each block of ``width`` output channels
    of a group (the last one padded with zeros) has its own contiguous (k, o) matrix."""
    c_out = weight.shape[0]
    o_group = c_out // groups
    blocks = -(-o_group // width)
    padded = np.zeros((groups, blocks * width, weight[0].size), dtype=dtype)
    padded[:, :o_group] = weight.reshape(groups, o_group, -1)
    return np.ascontiguousarray(padded.reshape(groups, blocks, width, -1).transpose(0, 1, 3, 2))


def conv2d_forward_direct(x, weight, bias, stride, padding, dilation, groups, out_hw):
    """y = conv2d(x, W) + b (NCHW in, NCHW out) by the register-blocked kernels above."""
    n, c_out = x.shape[0], weight.shape[0]
    width, rows, padded, offsets, geometry = _prepare(x, weight.shape, stride, padding, dilation, groups, out_hw,
                                                      forward=True)
    positions = out_hw[0] * out_hw[1]
    weights = _grouped_weights(weight, groups, width, x.dtype)
    out_blocked = np.empty((n, groups, weights.shape[1], -(-positions // rows) * rows, width), dtype=x.dtype)
    _forward(padded.reshape(-1), weights, offsets, out_blocked, geometry, rows, width)
    bias = np.zeros(c_out, dtype=x.dtype) if bias is None else np.ascontiguousarray(bias, dtype=x.dtype)
    out = np.empty((n, c_out) + tuple(out_hw), dtype=x.dtype)
    _unblock_channels(out_blocked, bias, out.reshape(n, c_out, positions))
    return out


def conv2d_weight_gradient_direct(x, grad_out, weight_shape, stride, padding, dilation, groups):
    """dJ/dW (in W's shape) of y = conv2d(x, W): the register-blocked kernel above, the images shared between
    the threads (each share sums into its own copy, added at the end)."""
    n, c_out = x.shape[0], weight_shape[0]
    o_group = c_out // groups
    width, rows, padded, offsets, geometry = _prepare(x, weight_shape, stride, padding, dilation, groups,
                                                      grad_out.shape[2:], forward=False)
    o_blocks = -(-o_group // width)
    taps = offsets.size
    offsets = np.concatenate([offsets, np.zeros(-taps % rows, dtype=offsets.dtype)])
    grad_blocked = np.empty((n, groups, o_blocks, grad_out.shape[2] * grad_out.shape[3], width), dtype=x.dtype)
    _block_gradient(np.ascontiguousarray(grad_out).reshape(n, c_out, grad_blocked.shape[3]), grad_blocked, o_group)
    shares = max(1, min(n, 2 * numba.get_num_threads()))
    partial = np.zeros((shares, groups, o_blocks, offsets.size, width), dtype=x.dtype)
    _weight_gradient(padded.reshape(-1), grad_blocked, offsets, partial, geometry, rows, width)
    summed = partial.sum(axis=0)[:, :, :taps]  # (groups, o_blocks, k, width)
    grouped = summed.transpose(0, 1, 3, 2).reshape(groups, o_blocks * width, taps)[:, :o_group]
    return grouped.reshape(weight_shape)
