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
- ``*_numba``: im2col. A Numba kernel copies, for a chunk of images, every receptive field into a column
  (``cols[(c, i, j), (n, h, w)]``), and one matrix product per group, done by NumPy's BLAS, computes all outputs of
  the chunk: y = W cols. Backward reuses the lowering: dJ/dW = g cols^T, and dJ/dcols = W^T g is scattered back onto
  the input (col2im). Chunks bound the temporary memory (``MAX_COLUMN_ELEMENTS``), whatever the batch size.
"""

from __future__ import annotations

import numba
import numpy as np

MAX_COLUMN_ELEMENTS = 1 << 20  # 1M elements (4 MiB of float32) per chunk: cache-sized, and bounded memory


def output_size(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    """floor((size + 2 padding - dilation (kernel - 1) - 1) / stride) + 1."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


# ---- the readable version: one matrix product per kernel tap ------------------------------------------------------


def _pad(x: np.ndarray, padding: tuple) -> np.ndarray:
    ph, pw = padding
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw))) if ph or pw else x


def _tap(x_pad: np.ndarray, i: int, j: int, out_hw: tuple, stride: tuple, dilation: tuple) -> tuple:
    """The slices of x_pad that kernel tap (i, j) multiplies, for every output position at once."""
    (oh, ow), (sh, sw), (dh, dw) = out_hw, stride, dilation
    return (slice(None), slice(None), slice(i * dh, i * dh + sh * (oh - 1) + 1, sh),
            slice(j * dw, j * dw + sw * (ow - 1) + 1, sw))


def conv2d_forward_numpy(x, weight, bias, stride, padding, dilation, groups):
    n, c_in, h, w = x.shape
    c_out, c_group, kh, kw = weight.shape
    out_hw = (output_size(h, kh, stride[0], padding[0], dilation[0]),
              output_size(w, kw, stride[1], padding[1], dilation[1]))
    x_pad = _pad(x, padding)
    out = np.zeros((n, c_out) + out_hw, dtype=x.dtype)
    o_group = c_out // groups
    for g in range(groups):
        inputs = x_pad[:, g * c_group:(g + 1) * c_group]
        filters = weight[g * o_group:(g + 1) * o_group]
        for i in range(kh):
            for j in range(kw):
                shifted = inputs[_tap(inputs, i, j, out_hw, stride, dilation)]
                out[:, g * o_group:(g + 1) * o_group] += np.einsum("nchw,oc->nohw", shifted, filters[:, :, i, j])
    if bias is not None:
        out += bias.reshape(1, -1, 1, 1)
    return out


def conv2d_backward_numpy(x, weight, grad_out, stride, padding, dilation, groups, need_input, need_weight):
    """(dJ/dx, dJ/dW): each kernel tap sends g back to the inputs it read, and collects g times those inputs."""
    n, c_in, h, w = x.shape
    c_out, c_group, kh, kw = weight.shape
    out_hw = grad_out.shape[2:]
    x_pad = _pad(x, padding)
    grad_x_pad = np.zeros_like(x_pad) if need_input else None
    grad_weight = np.zeros_like(weight) if need_weight else None
    o_group = c_out // groups
    for g in range(groups):
        channels, outputs = slice(g * c_group, (g + 1) * c_group), slice(g * o_group, (g + 1) * o_group)
        g_out = grad_out[:, outputs]
        for i in range(kh):
            for j in range(kw):
                tap = _tap(x_pad, i, j, out_hw, stride, dilation)
                if need_weight:
                    grad_weight[outputs, :, i, j] = np.einsum("nohw,nchw->oc", g_out, x_pad[:, channels][tap])
                if need_input:
                    grad_x_pad[:, channels][tap] += np.einsum("nohw,oc->nchw", g_out, weight[outputs, :, i, j])
    grad_x = None
    if need_input:
        ph, pw = padding
        grad_x = grad_x_pad[:, :, ph:ph + h, pw:pw + w]
    return grad_x, grad_weight


# ---- the fast version: im2col + one BLAS product per chunk and group ---------------------------------------------


@numba.njit(cache=True)
def _valid_range(size_out, size_in, stride, offset):
    """The output positions o with 0 <= o * stride + offset < size_in, as [first, last)."""
    first = 0 if offset >= 0 else (-offset + stride - 1) // stride
    last = 0 if size_in - offset <= 0 else (size_in - offset + stride - 1) // stride
    return min(first, size_out), max(min(last, size_out), min(first, size_out))


@numba.njit(parallel=True, cache=True)
def _im2col(x, cols, n_start, n_count, c_start, c_count, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow):
    """cols[(c, i, j), (n, y, x)] = x_pad[n_start + n, c_start + c, y sh + i dh, x sw + j dw] (0 in the padding)."""
    h, w = x.shape[2], x.shape[3]
    plane = oh * ow
    rows = c_count * kh * kw
    for task in numba.prange(rows * n_count):
        row, n = task // n_count, task % n_count
        c, rest = row // (kh * kw), row % (kh * kw)
        i, j = rest // kw, rest % kw
        nn, cc = n_start + n, c_start + c
        column_offset = j * dw - pw
        x_first, x_last = _valid_range(ow, w, sw, column_offset)
        base = n * plane
        for y in range(oh):
            iy = y * sh - ph + i * dh
            start = base + y * ow
            if iy < 0 or iy >= h:
                for xo in range(ow):
                    cols[row, start + xo] = 0
                continue
            for xo in range(x_first):
                cols[row, start + xo] = 0
            if sw == 1:
                for xo in range(x_first, x_last):
                    cols[row, start + xo] = x[nn, cc, iy, xo + column_offset]
            else:
                for xo in range(x_first, x_last):
                    cols[row, start + xo] = x[nn, cc, iy, xo * sw + column_offset]
            for xo in range(x_last, ow):
                cols[row, start + xo] = 0


@numba.njit(parallel=True, cache=True)
def _col2im(cols, grad_x, n_start, n_count, c_start, c_count, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow):
    """grad_x[n, c, y sh + i dh, x sw + j dw] += cols[(c, i, j), (n, y, x)]: the adjoint of ``_im2col``.

    One task per (image, channel) plane, so no two threads write the same element.
    """
    h, w = grad_x.shape[2], grad_x.shape[3]
    plane = oh * ow
    for task in numba.prange(n_count * c_count):
        n, c = task // c_count, task % c_count
        nn, cc = n_start + n, c_start + c
        for i in range(kh):
            y_first, y_last = _valid_range(oh, h, sh, i * dh - ph)
            for j in range(kw):
                row = (c * kh + i) * kw + j
                column_offset = j * dw - pw
                x_first, x_last = _valid_range(ow, w, sw, column_offset)
                for y in range(y_first, y_last):
                    iy = y * sh - ph + i * dh
                    start = n * plane + y * ow
                    if sw == 1:
                        for xo in range(x_first, x_last):
                            grad_x[nn, cc, iy, xo + column_offset] += cols[row, start + xo]
                    else:
                        for xo in range(x_first, x_last):
                            grad_x[nn, cc, iy, xo * sw + column_offset] += cols[row, start + xo]


@numba.njit(parallel=True, cache=True)
def _pad_chunk(x, padded, n_start, n_count, ph, pw):
    """padded[n, c] = x[n_start + n, c] surrounded by zeros (``padded`` has one spare zero row at the bottom)."""
    c_count, h, w = x.shape[1], x.shape[2], x.shape[3]
    for task in numba.prange(n_count * c_count):
        n, c = task // c_count, task % c_count
        plane = padded[n, c]
        plane[:] = 0
        for y in range(h):
            for xo in range(w):
                plane[y + ph, xo + pw] = x[n_start + n, c, y, xo]


@numba.njit(parallel=True, cache=True)
def _im2col_rows(padded, cols, c_start, c_count, kh, kw, dh, dw, length):
    """Stride 1: the receptive fields of tap (i, j) over a whole image are one contiguous run of the padded plane
    (output rows are computed at the padded width; the extra columns are discarded later), so each row of
    ``cols`` is a plain copy: cols[(c, i, j), n L : (n + 1) L] = padded[n, c].flat[i dh Wp + j dw : ... + L]."""
    n_count, width = padded.shape[0], padded.shape[3]
    flat = padded.reshape(n_count, padded.shape[1], padded.shape[2] * width)
    rows = c_count * kh * kw
    for task in numba.prange(rows * n_count):
        row, n = task // n_count, task % n_count
        c, rest = row // (kh * kw), row % (kh * kw)
        i, j = rest // kw, rest % kw
        offset = i * dh * width + j * dw
        base = n * length
        cols[row, base:base + length] = flat[n, c_start + c, offset:offset + length]


@numba.njit(parallel=True, cache=True)
def _col2im_rows(cols, padded_grad, c_start, c_count, kh, kw, dh, dw, length):
    """The adjoint of ``_im2col_rows``: add each row of ``cols`` back onto its run of the padded plane."""
    n_count, width = padded_grad.shape[0], padded_grad.shape[3]
    flat = padded_grad.reshape(n_count, padded_grad.shape[1], padded_grad.shape[2] * width)
    for task in numba.prange(n_count * c_count):
        n, c = task // c_count, task % c_count
        base = n * length
        for i in range(kh):
            for j in range(kw):
                row = (c * kh + i) * kw + j
                offset = i * dh * width + j * dw
                flat[n, c_start + c, offset:offset + length] += cols[row, base:base + length]


def _chunk_size(n: int, rows: int, plane: int) -> int:
    return max(1, min(n, MAX_COLUMN_ELEMENTS // max(1, rows * plane)))


def _geometry(x, weight, stride, padding, dilation):
    kh, kw = weight.shape[2:]
    oh = output_size(x.shape[2], kh, stride[0], padding[0], dilation[0])
    ow = output_size(x.shape[3], kw, stride[1], padding[1], dilation[1])
    return (kh, kw, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], oh, ow)


def conv2d_forward_numba(x, weight, bias, stride, padding, dilation, groups):
    if stride == (1, 1):
        return _conv2d_forward_stride1(np.ascontiguousarray(x), weight, bias, padding, dilation, groups)
    x = np.ascontiguousarray(x)
    n = x.shape[0]
    c_out, c_group = weight.shape[:2]
    geometry = _geometry(x, weight, stride, padding, dilation)
    kh, kw, oh, ow = geometry[0], geometry[1], geometry[-2], geometry[-1]
    o_group, rows, plane = c_out // groups, c_group * kh * kw, oh * ow
    chunk = _chunk_size(n, rows, plane)
    out = np.empty((n, c_out, oh, ow), dtype=x.dtype)
    cols = np.empty((rows, chunk * plane), dtype=x.dtype)
    filters = [np.ascontiguousarray(weight[g * o_group:(g + 1) * o_group].reshape(o_group, rows)) for g in range(groups)]
    for start in range(0, n, chunk):
        count = min(chunk, n - start)
        view = cols[:, :count * plane]
        for g in range(groups):
            _im2col(x, view, start, count, g * c_group, c_group, *geometry)
            product = filters[g] @ view
            out[start:start + count, g * o_group:(g + 1) * o_group] = \
                product.reshape(o_group, count, oh, ow).transpose(1, 0, 2, 3)
    if bias is not None:
        out += bias.reshape(1, -1, 1, 1)
    return out


class _Stride1Plan:
    """Sizes of the stride-1 lowering: outputs are computed at the padded width Wp (junk columns cropped)."""

    def __init__(self, x, weight, padding, dilation, groups):
        self.n, c_in, h, w = x.shape
        self.c_out, self.c_group, self.kh, self.kw = weight.shape
        self.ph, self.pw = padding
        self.dh, self.dw = dilation
        self.height, self.width = h + 2 * self.ph, w + 2 * self.pw
        self.oh = self.height - self.dh * (self.kh - 1)
        self.ow = self.width - self.dw * (self.kw - 1)
        self.length = self.oh * self.width
        self.o_group, self.rows = self.c_out // groups, self.c_group * self.kh * self.kw
        self.chunk = _chunk_size(self.n, max(self.rows, self.c_out), self.length)

    def buffers(self, dtype, c_in):
        padded = np.empty((self.chunk, c_in, self.height + 1, self.width), dtype=dtype)
        cols = np.empty((self.rows, self.chunk * self.length), dtype=dtype)
        return padded, cols


def _conv2d_forward_stride1(x, weight, bias, padding, dilation, groups):
    plan = _Stride1Plan(x, weight, padding, dilation, groups)
    out = np.empty((plan.n, plan.c_out, plan.oh, plan.ow), dtype=x.dtype)
    padded, cols = plan.buffers(x.dtype, x.shape[1])
    for start in range(0, plan.n, plan.chunk):
        count = min(plan.chunk, plan.n - start)
        _pad_chunk(x, padded, start, count, plan.ph, plan.pw)
        view = cols[:, :count * plan.length]
        for g in range(groups):
            _im2col_rows(padded[:count], view, g * plan.c_group, plan.c_group, plan.kh, plan.kw, plan.dh, plan.dw,
                         plan.length)
            filters = weight[g * plan.o_group:(g + 1) * plan.o_group].reshape(plan.o_group, plan.rows)
            product = (filters @ view).reshape(plan.o_group, count, plan.oh, plan.width)
            out[start:start + count, g * plan.o_group:(g + 1) * plan.o_group] = \
                product[:, :, :, :plan.ow].transpose(1, 0, 2, 3)
    if bias is not None:
        out += bias.reshape(1, -1, 1, 1)
    return out


def _conv2d_backward_stride1(x, weight, grad_out, padding, dilation, groups, need_input, need_weight):
    plan = _Stride1Plan(x, weight, padding, dilation, groups)
    c_in, h, w = x.shape[1:]
    padded, cols = plan.buffers(x.dtype, c_in)
    padded_grad = np.empty_like(padded) if need_input else None
    grad_x = np.empty_like(x) if need_input else None
    grad_weight = np.zeros((plan.c_out, plan.rows), dtype=x.dtype) if need_weight else None
    grad_wide = np.zeros((plan.c_out, plan.chunk, plan.oh, plan.width), dtype=x.dtype)
    for start in range(0, plan.n, plan.chunk):
        count = min(plan.chunk, plan.n - start)
        view = cols[:, :count * plan.length]
        wide = grad_wide[:, :count]
        wide[:, :, :, :plan.ow] = grad_out[start:start + count].transpose(1, 0, 2, 3)
        if need_weight:
            _pad_chunk(x, padded, start, count, plan.ph, plan.pw)
        if need_input:
            padded_grad[:count] = 0
        for g in range(groups):
            outputs = slice(g * plan.o_group, (g + 1) * plan.o_group)
            grad_rows = wide[outputs].reshape(plan.o_group, count * plan.length)
            if need_weight:
                _im2col_rows(padded[:count], view, g * plan.c_group, plan.c_group, plan.kh, plan.kw, plan.dh,
                             plan.dw, plan.length)
                grad_weight[outputs] += (view @ grad_rows.T).T
            if need_input:
                filters = weight[outputs].reshape(plan.o_group, plan.rows)
                np.matmul(filters.T, grad_rows, out=view)
                _col2im_rows(view, padded_grad[:count], g * plan.c_group, plan.c_group, plan.kh, plan.kw, plan.dh,
                             plan.dw, plan.length)
        if need_input:
            grad_x[start:start + count] = padded_grad[:count, :, plan.ph:plan.ph + h, plan.pw:plan.pw + w]
    return grad_x, None if grad_weight is None else grad_weight.reshape(weight.shape)


def conv2d_backward_numba(x, weight, grad_out, stride, padding, dilation, groups, need_input, need_weight):
    if stride == (1, 1):
        return _conv2d_backward_stride1(np.ascontiguousarray(x), weight, grad_out, padding, dilation, groups,
                                        need_input, need_weight)
    x = np.ascontiguousarray(x)
    n = x.shape[0]
    c_out, c_group = weight.shape[:2]
    geometry = _geometry(x, weight, stride, padding, dilation)
    kh, kw, oh, ow = geometry[0], geometry[1], geometry[-2], geometry[-1]
    o_group, rows, plane = c_out // groups, c_group * kh * kw, oh * ow
    chunk = _chunk_size(n, rows, plane)
    grad_x = np.zeros_like(x) if need_input else None
    grad_weight = np.zeros((c_out, rows), dtype=x.dtype) if need_weight else None
    cols = np.empty((rows, chunk * plane), dtype=x.dtype)
    filters = [weight[g * o_group:(g + 1) * o_group].reshape(o_group, rows) for g in range(groups)]
    for start in range(0, n, chunk):
        count = min(chunk, n - start)
        view = cols[:, :count * plane]
        for g in range(groups):
            outputs = slice(g * o_group, (g + 1) * o_group)
            g_out = np.ascontiguousarray(grad_out[start:start + count, outputs].transpose(1, 0, 2, 3))
            g_out = g_out.reshape(o_group, count * plane)
            if need_weight:
                _im2col(x, view, start, count, g * c_group, c_group, *geometry)
                grad_weight[outputs] += g_out @ view.T
            if need_input:
                np.matmul(filters[g].T, g_out, out=view)
                _col2im(view, grad_x, start, count, g * c_group, c_group, *geometry)
    return grad_x, None if grad_weight is None else grad_weight.reshape(weight.shape)


def conv2d_backward_bias(grad_out: np.ndarray) -> np.ndarray:
    """dJ/db[o] = sum over images and positions of g[n, o, h, w]."""
    return grad_out.sum(axis=(0, 2, 3))
