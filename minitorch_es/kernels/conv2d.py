"""2-D convolution (guide 003, section 2.1) on NumPy arrays: forward, and backward to the input, weight and bias.

    y[n, o, h, w] = b[o] + sum_{c, i, j} W[o, c, i, j] * x_pad[n, g*C_g + c, h*s_h + i*d_h, w*s_w + j*d_w]

for the group g of output channel o (each group of C_out/groups filters sees C_in/groups input channels), x_pad the
input with ``padding`` zeros on each side, s the stride and d the dilation. The derivatives follow from the same sum:

    dJ/dW[o, c, i, j] = sum_{n, h, w} g[n, o, h, w] x_pad[n, c, h s + i d, w s + j d]
    dJ/dx_pad[n, c, h s + i d, w s + j d] += sum_o W[o, c, i, j] g[n, o, h, w]
    dJ/db[o] = sum_{n, h, w} g[n, o, h, w]

Two implementations:

- ``*_numpy``: one term per kernel tap (i, j): the tap's weights times the input shifted by (i d, j d), so the whole
  convolution is kH * kW small matrix products (``einsum``). This is the version to read.
- ``*_numba``: two routes, chosen per layer.
  Direct: register-blocked Numba kernels (:mod:`minitorch_es.kernels.conv2d_direct`) compute the forward pass and
  the weight gradient with no lowered matrix in memory; the input gradient of a stride-1 convolution is itself a
  convolution (of g with the flipped kernel, see ``_input_gradient_padding``) and runs on them too. They work on
  blocks of 32 or 64 output channels held in vector registers and pay on sums of some length, so they serve
  layers with at least ``DIRECT_MIN_CHANNELS`` outputs per group and ``DIRECT_MIN_TERMS`` terms per sum, where
  Numba compiles 512-bit vectors (``_direct_pays``, ``conv2d_direct.blocks_fit_in_registers``).
  Lowered (im2col), for the rest (e.g. a first layer on 1-channel images, strided input gradients): a Numba kernel
  copies, for a chunk of images, every receptive field into a column (``cols[(c, i, j), (n, h, w)]``), and one
  matrix product per group, done by NumPy's BLAS, computes all outputs of the chunk: y = W cols. Backward reuses
  the lowering: dJ/dW = g cols^T, and dJ/dcols = W^T g is added back onto the input (col2im). Splitting the padded
  input into stride phases makes every row of ``cols`` one contiguous copy (see below). Chunks bound the temporary
  memory (``MAX_COLUMN_ELEMENTS``), whatever the batch size.
"""

from __future__ import annotations

import numba
import numpy as np

from .conv2d_direct import blocks_fit_in_registers, conv2d_forward_direct, conv2d_weight_gradient_direct
from .kernel_sets import by_kernel_set
from .windows import output_hw, pad_spatial, tap_slices

MAX_COLUMN_ELEMENTS = 1 << 20  # 1M elements (4 MiB of float32) per chunk: cache-sized, and bounded memory


# ---- the readable version: one matrix product per kernel tap ------------------------------------------------------


def conv2d_forward_numpy(x, weight, bias, stride, padding, dilation, groups):
    n = x.shape[0]
    c_out, c_group, kh, kw = weight.shape
    out_hw = output_hw(x.shape[2:], weight.shape[2:], stride, padding, dilation)
    x_pad = pad_spatial(x, padding)
    out = np.zeros((n, c_out) + out_hw, dtype=x.dtype)
    o_group = c_out // groups
    for g in range(groups):
        inputs = x_pad[:, g * c_group:(g + 1) * c_group]
        filters = weight[g * o_group:(g + 1) * o_group]
        for i in range(kh):
            for j in range(kw):
                shifted = inputs[tap_slices(i, j, out_hw, stride, dilation)]
                out[:, g * o_group:(g + 1) * o_group] += np.einsum("nchw,oc->nohw", shifted, filters[:, :, i, j])
    if bias is not None:
        out += bias.reshape(1, -1, 1, 1)
    return out


def conv2d_backward_numpy(x, weight, grad_out, stride, padding, dilation, groups, need_input, need_weight):
    """(dJ/dx, dJ/dW): each kernel tap sends g back to the inputs it read, and collects g times those inputs."""
    n, c_in, h, w = x.shape
    c_out, c_group, kh, kw = weight.shape
    out_hw = grad_out.shape[2:]
    x_pad = pad_spatial(x, padding)
    grad_x_pad = np.zeros_like(x_pad) if need_input else None
    grad_weight = np.zeros_like(weight) if need_weight else None
    o_group = c_out // groups
    for g in range(groups):
        channels, outputs = slice(g * c_group, (g + 1) * c_group), slice(g * o_group, (g + 1) * o_group)
        g_out = grad_out[:, outputs]
        for i in range(kh):
            for j in range(kw):
                tap = tap_slices(i, j, out_hw, stride, dilation)
                if need_weight:
                    grad_weight[outputs, :, i, j] = np.einsum("nohw,nchw->oc", g_out, x_pad[:, channels][tap])
                if need_input:
                    grad_x_pad[:, channels][tap] += np.einsum("nohw,oc->nchw", g_out, weight[outputs, :, i, j])
    grad_x = None
    if need_input:
        ph, pw = padding
        grad_x = grad_x_pad[:, :, ph:ph + h, pw:pw + w]
    return grad_x, grad_weight


# ---- the lowered route: im2col + one BLAS product per chunk and group --------------------------------------------
#
# The input is padded and split into stride phases: phase (a, b) of a plane holds x_pad[y s_h + a, x s_w + b].
# Tap (i, j) then reads, for output (y, x), phase ((i d_h) mod s_h, (j d_w) mod s_w) at row y + (i d_h) div s_h and
# column x + (j d_w) div s_w: for one image, all its receptive fields of that tap form ONE contiguous run of the
# phase plane, if outputs are computed at the phase width Wq instead of the output width (the few extra columns
# are discarded). So im2col is a plain copy of runs, and col2im a plain addition of runs, for any stride.


@numba.njit(parallel=True, cache=True)
def _split_phases(x, phases, n_start, n_count, ph, pw, sh, sw):
    """phases[n, c, a s_w + b, y, x] = x_pad[n_start + n, c, y s_h + a, x s_w + b] (0 in the padding and beyond)."""
    c_count, h, w = x.shape[1], x.shape[2], x.shape[3]
    for task in numba.prange(n_count * c_count):
        n, c = task // c_count, task % c_count
        phases[n, c] = 0
        for y in range(h):
            py = y + ph
            a, row = py % sh, py // sh
            if sw == 1:
                phases[n, c, a, row, pw:pw + w] = x[n_start + n, c, y]
                continue
            for xo in range(w):
                px = xo + pw
                phases[n, c, a * sw + px % sw, row, px // sw] = x[n_start + n, c, y, xo]


@numba.njit(parallel=True, cache=True)
def _merge_phases(phases, grad_x, n_start, n_count, ph, pw, sh, sw):
    """The adjoint of ``_split_phases``: grad_x[n_start + n, c, y, x] = the phase cell that held x_pad[y+ph, x+pw]."""
    c_count, h, w = grad_x.shape[1], grad_x.shape[2], grad_x.shape[3]
    for task in numba.prange(n_count * c_count):
        n, c = task // c_count, task % c_count
        for y in range(h):
            py = y + ph
            a, row = py % sh, py // sh
            if sw == 1:
                grad_x[n_start + n, c, y] = phases[n, c, a, row, pw:pw + w]
                continue
            for xo in range(w):
                px = xo + pw
                grad_x[n_start + n, c, y, xo] = phases[n, c, a * sw + px % sw, row, px // sw]


@numba.njit(cache=True)
def _tap_run(i, j, dh, dw, sh, sw, width):
    """(phase, start) of the contiguous run that kernel tap (i, j) reads in a phase plane of the given width."""
    return ((i * dh) % sh) * sw + (j * dw) % sw, ((i * dh) // sh) * width + (j * dw) // sw


@numba.njit(parallel=True, cache=True)
def _im2col(phases, cols, c_start, c_count, kh, kw, sh, sw, dh, dw, length):
    """cols[(c, i, j), n L : (n + 1) L] = the run of tap (i, j) in image n's channel c_start + c (L = oh Wq)."""
    n_count, width = phases.shape[0], phases.shape[4]
    flat = phases.reshape(n_count, phases.shape[1], phases.shape[2], phases.shape[3] * width)
    rows = c_count * kh * kw
    for task in numba.prange(rows * n_count):
        row, n = task // n_count, task % n_count
        c, rest = row // (kh * kw), row % (kh * kw)
        phase, start = _tap_run(rest // kw, rest % kw, dh, dw, sh, sw, width)
        cols[row, n * length:(n + 1) * length] = flat[n, c_start + c, phase, start:start + length]


@numba.njit(parallel=True, cache=True)
def _col2im(cols, phases_grad, c_start, c_count, kh, kw, sh, sw, dh, dw, length):
    """The adjoint of ``_im2col``: add each row of ``cols`` back onto its run (one task per plane: no races)."""
    n_count, width = phases_grad.shape[0], phases_grad.shape[4]
    flat = phases_grad.reshape(n_count, phases_grad.shape[1], phases_grad.shape[2], phases_grad.shape[3] * width)
    for task in numba.prange(n_count * c_count):
        n, c = task // c_count, task % c_count
        for i in range(kh):
            for j in range(kw):
                phase, start = _tap_run(i, j, dh, dw, sh, sw, width)
                row = (c * kh + i) * kw + j
                flat[n, c_start + c, phase, start:start + length] += cols[row, n * length:(n + 1) * length]


@numba.njit(parallel=True, cache=True)
def _scatter_outputs(product, bias, out, n_start, o_start):
    """out[n_start + n, o_start + o, y, x] = product[o, n, y, x] + bias[o_start + o] for x < out's width (the
    phase-width columns beyond are discarded): the product's (channel, image) order back to NCHW, the bias added in
    the same pass."""
    o_count, n_count, oh = product.shape[0], product.shape[1], product.shape[2]
    ow = out.shape[3]
    for task in numba.prange(n_count * o_count):
        n, o = task // o_count, task % o_count
        b = bias[o_start + o]
        for y in range(oh):
            for x in range(ow):
                out[n_start + n, o_start + o, y, x] = product[o, n, y, x] + b


@numba.njit(parallel=True, cache=True)
def _gather_gradients(grad_out, wide, n_start):
    """wide[o, n, y, x] = grad_out[n_start + n, o, y, x]: the adjoint layout of ``_scatter_outputs`` (the extra
    columns of ``wide`` stay zero)."""
    o_count, n_count, oh = wide.shape[0], wide.shape[1], wide.shape[2]
    ow = grad_out.shape[3]
    for task in numba.prange(n_count * o_count):
        n, o = task // o_count, task % o_count
        for y in range(oh):
            for x in range(ow):
                wide[o, n, y, x] = grad_out[n_start + n, o, y, x]


class _Lowering:
    """The sizes of the lowering of one convolution, and its reusable buffers (bounded by MAX_COLUMN_ELEMENTS)."""

    def __init__(self, x, weight, stride, padding, dilation, groups):
        self.n, self.c_in, self.h, self.w = x.shape
        self.c_out, self.c_group, self.kh, self.kw = weight.shape
        (self.sh, self.sw), (self.ph, self.pw), (self.dh, self.dw) = stride, padding, dilation
        self.oh, self.ow = output_hw(x.shape[2:], weight.shape[2:], stride, padding, dilation)
        self.phase_height = -(-(self.h + 2 * self.ph) // self.sh)
        self.phase_width = -(-(self.w + 2 * self.pw) // self.sw)
        self.length = self.oh * self.phase_width
        self.groups, self.o_group = groups, self.c_out // groups
        self.rows = self.c_group * self.kh * self.kw
        self.chunk = _chunk_size(self.n, max(self.rows, self.c_out), self.length)
        self.phases = np.empty((self.chunk, self.c_in, self.sh * self.sw, self.phase_height + 1, self.phase_width),
                               dtype=x.dtype)
        self.cols = np.empty((self.rows, self.chunk * self.length), dtype=x.dtype)

    def chunks(self):
        for start in range(0, self.n, self.chunk):
            yield start, min(self.chunk, self.n - start)

    def split(self, x, start, count):
        _split_phases(x, self.phases, start, count, self.ph, self.pw, self.sh, self.sw)

    def im2col(self, count, group, cols):
        _im2col(self.phases[:count], cols, group * self.c_group, self.c_group, self.kh, self.kw, self.sh, self.sw,
                self.dh, self.dw, self.length)

    def col2im(self, cols, count, group, phases_grad):
        _col2im(cols, phases_grad[:count], group * self.c_group, self.c_group, self.kh, self.kw, self.sh, self.sw,
                self.dh, self.dw, self.length)


def _chunk_size(n: int, rows: int, length: int) -> int:
    return max(1, min(n, MAX_COLUMN_ELEMENTS // max(1, rows * length)))


def _lowered_forward(x, weight, bias, stride, padding, dilation, groups):
    x = np.ascontiguousarray(x)
    plan = _Lowering(x, weight, stride, padding, dilation, groups)
    out = np.empty((plan.n, plan.c_out, plan.oh, plan.ow), dtype=x.dtype)
    bias = np.zeros(plan.c_out, dtype=x.dtype) if bias is None else np.ascontiguousarray(bias, dtype=x.dtype)
    for start, count in plan.chunks():
        plan.split(x, start, count)
        cols = plan.cols[:, :count * plan.length]
        for g in range(groups):
            plan.im2col(count, g, cols)
            filters = weight[g * plan.o_group:(g + 1) * plan.o_group].reshape(plan.o_group, plan.rows)
            product = (filters @ cols).reshape(plan.o_group, count, plan.oh, plan.phase_width)
            _scatter_outputs(product, bias, out, start, g * plan.o_group)
    return out


def _lowered_backward(x, weight, grad_out, stride, padding, dilation, groups, need_input, need_weight):
    x = np.ascontiguousarray(x)
    plan = _Lowering(x, weight, stride, padding, dilation, groups)
    phases_grad = np.empty_like(plan.phases) if need_input else None
    grad_x = np.empty_like(x) if need_input else None
    grad_weight = np.zeros((plan.c_out, plan.rows), dtype=x.dtype) if need_weight else None
    grad_wide = np.zeros((plan.c_out, plan.chunk, plan.oh, plan.phase_width), dtype=x.dtype)
    grad_out = np.ascontiguousarray(grad_out)
    for start, count in plan.chunks():
        cols = plan.cols[:, :count * plan.length]
        wide = grad_wide[:, :count]
        _gather_gradients(grad_out, wide, start)
        if need_weight:
            plan.split(x, start, count)
        if need_input:
            phases_grad[:count] = 0
        for g in range(groups):
            outputs = slice(g * plan.o_group, (g + 1) * plan.o_group)
            grad_rows = wide[outputs].reshape(plan.o_group, count * plan.length)
            if need_weight:
                plan.im2col(count, g, cols)
                grad_weight[outputs] += (cols @ grad_rows.T).T
            if need_input:
                np.matmul(weight[outputs].reshape(plan.o_group, plan.rows).T, grad_rows, out=cols)
                plan.col2im(cols, count, g, phases_grad)
        if need_input:
            _merge_phases(phases_grad, grad_x, start, count, plan.ph, plan.pw, plan.sh, plan.sw)
    return grad_x, None if grad_weight is None else grad_weight.reshape(weight.shape)


# ---- which route ---------------------------------------------------------------------------------------------------

DIRECT_KERNELS_PAY = blocks_fit_in_registers()  # 512-bit vectors: see conv2d_direct.blocks_fit_in_registers
DIRECT_MIN_CHANNELS = 16  # outputs per group from which the direct kernels' blocks (32 or 64 channels) pay
DIRECT_MIN_TERMS = 16  # terms per sum (C_g kH kW) from which they pay: shorter sums leave them storing, not adding


def _direct_pays(outputs_per_group: int, terms: int) -> bool:
    """Measured here: 1 -> 32 channels 3x3 (9 terms) runs 1.9x faster lowered, 3 -> 32 (27 terms) 1.2x faster
    direct, and from 16 output channels per group on the direct kernels win by more the longer the sums."""
    return DIRECT_KERNELS_PAY and outputs_per_group >= DIRECT_MIN_CHANNELS and terms >= DIRECT_MIN_TERMS


def conv2d_forward_numba(x, weight, bias, stride, padding, dilation, groups):
    if not _direct_pays(weight.shape[0] // groups, weight[0].size):
        return _lowered_forward(x, weight, bias, stride, padding, dilation, groups)
    return conv2d_forward_direct(x, weight, bias, stride, padding, dilation, groups,
                                 output_hw(x.shape[2:], weight.shape[2:], stride, padding, dilation))


def _input_gradient_padding(weight, stride, padding, dilation):
    """For a stride-1 convolution, dJ/dx is itself a convolution: of g, with the kernel flipped and its channel
    axes swapped, and padding d (k - 1) - p:

        dJ/dx[n, c, y, x] = sum_{o, i, j} g[n, o, y + p - i d, x + p - j d] w[o, c, i, j].

    Returns that padding, or None where it does not apply (a stride, or padding wider than the kernel's reach)."""
    if stride != (1, 1):
        return None
    full = tuple(d * (k - 1) - p for k, d, p in zip(weight.shape[2:], dilation, padding))
    return full if min(full) >= 0 else None


def _flipped_transposed(weight, groups):
    """w'[c, o, i, j] = w[o, c, kh - 1 - i, kw - 1 - j] within each group."""
    c_out, c_group, kh, kw = weight.shape
    grouped = weight.reshape(groups, c_out // groups, c_group, kh, kw).transpose(0, 2, 1, 3, 4)
    return np.ascontiguousarray(grouped.reshape(groups * c_group, c_out // groups, kh, kw)[:, :, ::-1, ::-1])


def conv2d_backward_numba(x, weight, grad_out, stride, padding, dilation, groups, need_input, need_weight):
    out_hw = output_hw(x.shape[2:], weight.shape[2:], stride, padding, dilation)
    if grad_out.shape[2:] != out_hw:
        raise ValueError(f"conv2d backward: output gradient of size {grad_out.shape[2:]} for an output of size "
                         f"{out_hw}")
    c_out, c_group, kh, kw = weight.shape
    transposed_padding = _input_gradient_padding(weight, stride, padding, dilation)
    direct_input = (need_input and transposed_padding is not None
                    and _direct_pays(c_group, c_out // groups * kh * kw))
    direct_weight = need_weight and _direct_pays(c_out // groups, c_group * kh * kw)
    lowered_input, lowered_weight = need_input and not direct_input, need_weight and not direct_weight
    grad_x = grad_weight = None
    if direct_input:
        grad_x = conv2d_forward_direct(grad_out, _flipped_transposed(weight, groups), None, (1, 1),
                                       transposed_padding, dilation, groups, x.shape[2:])
    if direct_weight:
        grad_weight = conv2d_weight_gradient_direct(x, grad_out, weight.shape, stride, padding, dilation, groups)
    if lowered_input or lowered_weight:  # last: after a BLAS product its threads still spin (tuning/blas_threads)
        lowered_x, lowered_w = _lowered_backward(x, weight, grad_out, stride, padding, dilation, groups,
                                                 lowered_input, lowered_weight)
        grad_x = lowered_x if lowered_input else grad_x
        grad_weight = lowered_w if lowered_weight else grad_weight
    return grad_x, grad_weight


def conv2d_backward_bias_numpy(grad_out: np.ndarray) -> np.ndarray:
    """dJ/db[o] = sum over images and positions of g[n, o, h, w]."""
    return grad_out.sum(axis=(0, 2, 3))


@numba.njit(parallel=True, cache=True, fastmath={"reassoc"})
def _channel_sums(grad_out, sums):
    """sums[o] = sum of grad_out[:, o, :] (accumulated in float64, in vector lanes, one channel per task)."""
    for o in numba.prange(grad_out.shape[1]):
        total = 0.0
        for n in range(grad_out.shape[0]):
            for p in range(grad_out.shape[2]):
                total += grad_out[n, o, p]
        sums[o] = total


def conv2d_backward_bias_numba(grad_out: np.ndarray) -> np.ndarray:
    """The same sums in one parallel pass (NumPy's reduction over the non-contiguous axes (0, 2, 3) takes 3x as
    long: 0.26 against 0.08 ms for (100, 64, 14, 14) float32)."""
    n, c = grad_out.shape[:2]
    sums = np.empty(c, dtype=np.float64)
    _channel_sums(np.ascontiguousarray(grad_out).reshape(n, c, -1), sums)
    return sums.astype(grad_out.dtype)


conv2d_forward = by_kernel_set(numpy=conv2d_forward_numpy, numba=conv2d_forward_numba)
conv2d_backward = by_kernel_set(numpy=conv2d_backward_numpy, numba=conv2d_backward_numba)
conv2d_backward_bias = by_kernel_set(numpy=conv2d_backward_bias_numpy, numba=conv2d_backward_bias_numba)
