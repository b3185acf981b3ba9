"""2-D pooling (guide 003, section 2.3) on NumPy arrays: max, average and adaptive average, forward and backward.

Window (h, w) of a plane covers rows h s_h - p_h + i d_h (i < k_h) and columns w s_w - p_w + j d_w (j < k_w);
positions in the padding are ignored by max pooling and count as zeros for average pooling.

- max:  y = max over the window;  dJ/dx = g at the first maximum of the window in row-major order (PyTorch's rule;
  a NaN always takes over, so the last NaN wins), 0 elsewhere. ``indices`` hold that position as h * W + w in the
  input plane (a window lying wholly in the padding gives -inf and the index of its first in-bounds-adjusted cell,
  as PyTorch).
- average:  y = sum over the window / divisor, the divisor being ``divisor_override``, or the window's size
  clipped to the padded input (``count_include_pad``), or the number of real input cells it covers;
  dJ/dx = g / divisor spread over the window.
- adaptive average:  output cell (a, b) averages rows floor(a H / OH) .. ceil((a + 1) H / OH) - 1 (same for
  columns), so any input size maps to the requested output size.

``*_numpy`` loop over the kernel taps with whole-array operations (read these first); ``*_numba`` loop over
planes in parallel, one pass over each window.
"""

from __future__ import annotations

import numba
import numpy as np

from .kernel_sets import by_kernel_set
from .windows import pool_output_size


# ---- max pooling ---------------------------------------------------------------------------------------------------


def max_pool2d_forward_numpy(x, kernel, stride, padding, dilation, ceil_mode):
    """(y, indices): each tap (i, j) is compared with the running maximum; strict ">" keeps the first maximum."""
    n, c, h, w = x.shape
    oh = pool_output_size(h, kernel[0], stride[0], padding[0], dilation[0], ceil_mode)
    ow = pool_output_size(w, kernel[1], stride[1], padding[1], dilation[1], ceil_mode)
    rows = np.arange(oh) * stride[0] - padding[0]
    columns = np.arange(ow) * stride[1] - padding[1]
    first_row = np.where(rows < 0, rows + dilation[0] * (-rows // dilation[0] + (-rows % dilation[0] > 0)), rows)
    first_column = np.where(columns < 0, columns + dilation[1] * (-columns // dilation[1]
                                                                  + (-columns % dilation[1] > 0)), columns)
    best = np.full((n, c, oh, ow), -np.inf, dtype=x.dtype)
    best_index = np.broadcast_to(first_row[:, None] * w + first_column[None, :], (n, c, oh, ow)).astype(np.int64)
    for i in range(kernel[0]):
        r = rows + i * dilation[0]
        for j in range(kernel[1]):
            q = columns + j * dilation[1]
            inside = ((r >= 0) & (r < h))[:, None] & ((q >= 0) & (q < w))[None, :]
            values = x[:, :, np.clip(r, 0, h - 1)][:, :, :, np.clip(q, 0, w - 1)]
            better = inside & ((values > best) | np.isnan(values))
            best = np.where(better, values, best)
            best_index = np.where(better, r[:, None] * w + q[None, :], best_index)
    return best, best_index


def max_pool2d_backward_numpy(grad_out, indices, input_shape):
    """dJ/dx: each output's gradient added at the input position its index names (an index past the plane, from a
    window wholly in the padding, receives nothing)."""
    n, c, h, w = input_shape
    grad = np.zeros((n * c, h * w), dtype=grad_out.dtype)
    flat_indices = indices.reshape(n * c, -1)
    planes = np.broadcast_to(np.arange(n * c)[:, None], flat_indices.shape)
    valid = flat_indices < h * w
    np.add.at(grad, (planes[valid], flat_indices[valid]), grad_out.reshape(n * c, -1)[valid])
    return grad.reshape(input_shape)


@numba.njit(parallel=True, cache=True)
def _max_pool_kernel(x, out, indices, kh, kw, sh, sw, ph, pw, dh, dw):
    n, c, h, w = x.shape
    oh, ow = out.shape[2], out.shape[3]
    for plane in numba.prange(n * c):
        b, ch = plane // c, plane % c
        for y in range(oh):
            first_row = y * sh - ph
            while first_row < 0:
                first_row += dh
            for xo in range(ow):
                first_column = xo * sw - pw
                while first_column < 0:
                    first_column += dw
                best = -np.inf
                best_index = first_row * w + first_column
                for i in range(kh):
                    r = y * sh - ph + i * dh
                    if r < 0 or r >= h:
                        continue
                    for j in range(kw):
                        q = xo * sw - pw + j * dw
                        if q < 0 or q >= w:
                            continue
                        value = x[b, ch, r, q]
                        if value > best or np.isnan(value):
                            best = value
                            best_index = r * w + q
                out[b, ch, y, xo] = best
                indices[b, ch, y, xo] = best_index


@numba.njit(parallel=True, cache=True)
def _max_pool_interior_kernel(x, out, indices, kh, kw, sh, sw, dh, dw):
    """The common case of windows that never leave the input (no padding, no ceil overhang): no bounds checks."""
    n, c, h, w = x.shape
    oh, ow = out.shape[2], out.shape[3]
    for plane in numba.prange(n * c):
        b, ch = plane // c, plane % c
        for y in range(oh):
            for xo in range(ow):
                best = -np.inf
                best_index = y * sh * w + xo * sw
                for i in range(kh):
                    r = y * sh + i * dh
                    for j in range(kw):
                        q = xo * sw + j * dw
                        value = x[b, ch, r, q]
                        if value > best or np.isnan(value):
                            best = value
                            best_index = r * w + q
                out[b, ch, y, xo] = best
                indices[b, ch, y, xo] = best_index


@numba.njit(parallel=True, cache=True)
def _max_pool_2x2_kernel(x, out, indices):
    """The most common pooling (2x2, stride 2, inside the input) unrolled: the same rule, four cells at a time."""
    n, c, h, w = x.shape
    oh, ow = out.shape[2], out.shape[3]
    for plane in numba.prange(n * c):
        b, ch = plane // c, plane % c
        for y in range(oh):
            r = 2 * y
            for xo in range(ow):
                q = 2 * xo
                best, best_index = x[b, ch, r, q], r * w + q
                value = x[b, ch, r, q + 1]
                if value > best or np.isnan(value):
                    best, best_index = value, r * w + q + 1
                value = x[b, ch, r + 1, q]
                if value > best or np.isnan(value):
                    best, best_index = value, (r + 1) * w + q
                value = x[b, ch, r + 1, q + 1]
                if value > best or np.isnan(value):
                    best, best_index = value, (r + 1) * w + q + 1
                out[b, ch, y, xo] = best
                indices[b, ch, y, xo] = best_index


@numba.njit(parallel=True, cache=True)
def _max_pool_backward_kernel(grad_out, indices, grad):
    n, c, h, w = grad.shape
    oh, ow = grad_out.shape[2], grad_out.shape[3]
    for plane in numba.prange(n * c):
        b, ch = plane // c, plane % c
        grad[b, ch] = 0
        for y in range(oh):
            for xo in range(ow):
                index = indices[b, ch, y, xo]
                if index < h * w:
                    grad[b, ch, index // w, index % w] += grad_out[b, ch, y, xo]


def max_pool2d_forward_numba(x, kernel, stride, padding, dilation, ceil_mode):
    n, c, h, w = x.shape
    oh = pool_output_size(h, kernel[0], stride[0], padding[0], dilation[0], ceil_mode)
    ow = pool_output_size(w, kernel[1], stride[1], padding[1], dilation[1], ceil_mode)
    out = np.empty((n, c, oh, ow), dtype=x.dtype)
    indices = np.empty((n, c, oh, ow), dtype=np.int64)
    x = np.ascontiguousarray(x)
    inside = padding == (0, 0) and all((o - 1) * s + (k - 1) * d < size for o, s, k, d, size in
                                       zip((oh, ow), stride, kernel, dilation, (h, w)))
    if inside and kernel == (2, 2) and stride == (2, 2) and dilation == (1, 1):
        _max_pool_2x2_kernel(x, out, indices)
    elif inside:
        _max_pool_interior_kernel(x, out, indices, kernel[0], kernel[1], stride[0], stride[1], dilation[0],
                                  dilation[1])
    else:
        _max_pool_kernel(x, out, indices, kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1],
                         dilation[0], dilation[1])
    return out, indices


def max_pool2d_backward_numba(grad_out, indices, input_shape):
    grad = np.empty(input_shape, dtype=grad_out.dtype)
    _max_pool_backward_kernel(np.ascontiguousarray(grad_out), np.ascontiguousarray(indices), grad)
    return grad


# ---- average pooling -----------------------------------------------------------------------------------------------


def avg_pool2d_divisors(h, w, oh, ow, kernel, stride, padding, count_include_pad, divisor_override):
    """The divisor of each output window (shape (oh, ow)), by PyTorch's rule."""
    if divisor_override:
        return np.full((oh, ow), float(divisor_override))
    sizes = []
    for size, out, k, s, p in ((h, oh, kernel[0], stride[0], padding[0]), (w, ow, kernel[1], stride[1], padding[1])):
        start = np.arange(out) * s - p
        end = np.minimum(start + k, size + p)
        if count_include_pad:
            sizes.append(end - start)
        else:
            sizes.append(np.minimum(end, size) - np.maximum(start, 0))
    return np.outer(sizes[0], sizes[1]).astype(np.float64)


def avg_pool2d_forward_numpy(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
    n, c, h, w = x.shape
    oh = pool_output_size(h, kernel[0], stride[0], padding[0], 1, ceil_mode)
    ow = pool_output_size(w, kernel[1], stride[1], padding[1], 1, ceil_mode)
    total = np.zeros((n, c, oh, ow), dtype=x.dtype)
    rows = np.arange(oh) * stride[0] - padding[0]
    columns = np.arange(ow) * stride[1] - padding[1]
    for i in range(kernel[0]):
        r = rows + i
        for j in range(kernel[1]):
            q = columns + j
            inside = ((r >= 0) & (r < h))[:, None] & ((q >= 0) & (q < w))[None, :]
            values = x[:, :, np.clip(r, 0, h - 1)][:, :, :, np.clip(q, 0, w - 1)]
            total += np.where(inside, values, 0).astype(x.dtype)
    divisors = avg_pool2d_divisors(h, w, oh, ow, kernel, stride, padding, count_include_pad, divisor_override)
    return (total / divisors).astype(x.dtype)


def avg_pool2d_backward_numpy(grad_out, input_shape, kernel, stride, padding, count_include_pad, divisor_override):
    n, c, h, w = input_shape
    oh, ow = grad_out.shape[2:]
    divisors = avg_pool2d_divisors(h, w, oh, ow, kernel, stride, padding, count_include_pad, divisor_override)
    share = (grad_out / divisors).astype(grad_out.dtype)
    grad = np.zeros((n, c, h + 2 * padding[0] + kernel[0], w + 2 * padding[1] + kernel[1]), dtype=grad_out.dtype)
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            grad[:, :, i:i + stride[0] * oh:stride[0], j:j + stride[1] * ow:stride[1]] += share
    return grad[:, :, padding[0]:padding[0] + h, padding[1]:padding[1] + w]


@numba.njit(parallel=True, cache=True)
def _avg_pool_kernel(x, out, divisors, kh, kw, sh, sw, ph, pw):
    n, c, h, w = x.shape
    oh, ow = out.shape[2], out.shape[3]
    for plane in numba.prange(n * c):
        b, ch = plane // c, plane % c
        for y in range(oh):
            r0, r1 = max(y * sh - ph, 0), min(y * sh - ph + kh, h)
            for xo in range(ow):
                q0, q1 = max(xo * sw - pw, 0), min(xo * sw - pw + kw, w)
                total = 0.0
                for r in range(r0, r1):
                    for q in range(q0, q1):
                        total += x[b, ch, r, q]
                out[b, ch, y, xo] = total / divisors[y, xo]


@numba.njit(parallel=True, cache=True)
def _avg_pool_backward_kernel(grad_out, grad, divisors, kh, kw, sh, sw, ph, pw):
    n, c, h, w = grad.shape
    oh, ow = grad_out.shape[2], grad_out.shape[3]
    for plane in numba.prange(n * c):
        b, ch = plane // c, plane % c
        for y in range(oh):
            r0, r1 = max(y * sh - ph, 0), min(y * sh - ph + kh, h)
            for xo in range(ow):
                q0, q1 = max(xo * sw - pw, 0), min(xo * sw - pw + kw, w)
                share = grad_out[b, ch, y, xo] / divisors[y, xo]
                for r in range(r0, r1):
                    for q in range(q0, q1):
                        grad[b, ch, r, q] += share


def avg_pool2d_forward_numba(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
    n, c, h, w = x.shape
    oh = pool_output_size(h, kernel[0], stride[0], padding[0], 1, ceil_mode)
    ow = pool_output_size(w, kernel[1], stride[1], padding[1], 1, ceil_mode)
    divisors = avg_pool2d_divisors(h, w, oh, ow, kernel, stride, padding, count_include_pad, divisor_override)
    out = np.empty((n, c, oh, ow), dtype=x.dtype)
    _avg_pool_kernel(np.ascontiguousarray(x), out, divisors.astype(x.dtype), kernel[0], kernel[1], stride[0],
                     stride[1], padding[0], padding[1])
    return out


def avg_pool2d_backward_numba(grad_out, input_shape, kernel, stride, padding, count_include_pad, divisor_override):
    n, c, h, w = input_shape
    oh, ow = grad_out.shape[2:]
    divisors = avg_pool2d_divisors(h, w, oh, ow, kernel, stride, padding, count_include_pad, divisor_override)
    grad = np.zeros(input_shape, dtype=grad_out.dtype)
    _avg_pool_backward_kernel(np.ascontiguousarray(grad_out), grad, divisors.astype(grad_out.dtype), kernel[0],
                              kernel[1], stride[0], stride[1], padding[0], padding[1])
    return grad


# ---- adaptive average pooling ----------------------------------------------------------------------------------


def adaptive_bounds(size: int, out: int) -> list[tuple[int, int]]:
    """[start, end) of each output cell: floor(a size / out) .. ceil((a + 1) size / out)."""
    return [((a * size) // out, -(-((a + 1) * size) // out)) for a in range(out)]


def adaptive_avg_pool2d_forward(x, output_size):
    """Mean of each adaptive window (few windows, so a loop over them with NumPy means is fast enough)."""
    n, c, h, w = x.shape
    out = np.empty((n, c) + tuple(output_size), dtype=x.dtype)
    for a, (r0, r1) in enumerate(adaptive_bounds(h, output_size[0])):
        for b, (q0, q1) in enumerate(adaptive_bounds(w, output_size[1])):
            out[:, :, a, b] = x[:, :, r0:r1, q0:q1].mean(axis=(2, 3))
    return out


def adaptive_avg_pool2d_backward(grad_out, input_shape):
    n, c, h, w = input_shape
    grad = np.zeros(input_shape, dtype=grad_out.dtype)
    oh, ow = grad_out.shape[2:]
    for a, (r0, r1) in enumerate(adaptive_bounds(h, oh)):
        for b, (q0, q1) in enumerate(adaptive_bounds(w, ow)):
            grad[:, :, r0:r1, q0:q1] += (grad_out[:, :, a, b] / ((r1 - r0) * (q1 - q0)))[:, :, None, None]
    return grad



# ---- adaptive max pooling ---------------------------------------------------------------------------------------


def adaptive_max_pool2d_forward(x, output_size):
    """The maximum of each adaptive window and its position h W + w in the plane (the first maximum in row-major
    order, as PyTorch)."""
    n, c, h, w = x.shape
    out = np.empty((n, c) + tuple(output_size), dtype=x.dtype)
    indices = np.empty((n, c) + tuple(output_size), dtype=np.int64)
    for a, (r0, r1) in enumerate(adaptive_bounds(h, output_size[0])):
        for b, (q0, q1) in enumerate(adaptive_bounds(w, output_size[1])):
            window = x[:, :, r0:r1, q0:q1].reshape(n, c, -1)
            local = window.argmax(axis=2)
            out[:, :, a, b] = np.take_along_axis(window, local[:, :, None], axis=2)[:, :, 0]
            indices[:, :, a, b] = (r0 + local // (q1 - q0)) * w + q0 + local % (q1 - q0)
    return out, indices


# ---- max unpooling: the partial inverse of max pooling ----------------------------------------------------------


def max_unpool2d_forward(x, indices, output_hw):
    """out[n, c, k] = x[n, c, l] where k = indices[n, c, l] (a position h W + w of the output plane), 0 elsewhere."""
    n, c = x.shape[:2]
    out = np.zeros((n, c, output_hw[0] * output_hw[1]), dtype=x.dtype)
    np.put_along_axis(out, indices.reshape(n, c, -1), x.reshape(n, c, -1), axis=2)
    return out.reshape((n, c) + tuple(output_hw))


def max_unpool2d_backward(grad_out, indices):
    """dJ/dx[n, c, l] = g[n, c, indices[n, c, l]]: each input value reads the gradient where it was placed."""
    n, c = grad_out.shape[:2]
    return np.take_along_axis(grad_out.reshape(n, c, -1), indices.reshape(n, c, -1), axis=2).reshape(indices.shape)


max_pool2d_forward = by_kernel_set(numpy=max_pool2d_forward_numpy, numba=max_pool2d_forward_numba)
max_pool2d_backward = by_kernel_set(numpy=max_pool2d_backward_numpy, numba=max_pool2d_backward_numba)
avg_pool2d_forward = by_kernel_set(numpy=avg_pool2d_forward_numpy, numba=avg_pool2d_forward_numba)
avg_pool2d_backward = by_kernel_set(numpy=avg_pool2d_backward_numpy, numba=avg_pool2d_backward_numba)
