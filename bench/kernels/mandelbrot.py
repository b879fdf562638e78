"""Mandelbrot set: the example of Numba's documentation (complex arithmetic, a helper per pixel)."""

import numpy as np
from harness.cref import f64, function, i64, ptr
from harness.spec import Kernel, exact

JIT = ["mandel", "create_fractal"]

ITERS = 64


def mandel(x, y, max_iters):
    """The number of iterations before z = z * z + c escapes (max_iters if it does not)."""
    c = complex(x, y)
    z = 0.0j
    for i in range(max_iters):
        z = z * z + c
        if (z.real * z.real + z.imag * z.imag) >= 4:
            return i
    return max_iters


def create_fractal(min_x, max_x, min_y, max_y, image, iters):
    """Fill image (height x width, uint8) with the escape counts of its pixels."""
    height = image.shape[0]
    width = image.shape[1]
    pixel_size_x = (max_x - min_x) / width
    pixel_size_y = (max_y - min_y) / height
    for x in range(width):
        real = min_x + x * pixel_size_x
        for y in range(height):
            imag = min_y + y * pixel_size_y
            color = mandel(real, imag, iters)
            image[y, x] = color
    return image


def make_inputs(width):
    return -2.0, 1.0, -1.0, 1.0, np.zeros((width * 2 // 3, width), dtype=np.uint8), ITERS


def c_call(lib, min_x, max_x, min_y, max_y, image, iters):
    height, width = image.shape
    args = (f64(min_x), f64(max_x), f64(min_y), f64(max_y), ptr(image), i64(height), i64(width))
    function(lib, "create_fractal")(*args, i64(iters))
    return image


KERNELS = [
    Kernel(
        name="mandelbrot",
        entry="create_fractal",
        description=f"escape counts (at most {ITERS}) of a width x 2/3 width grid, uint8 image",
        make_inputs=make_inputs,
        sizes={"quick": (600,), "full": (600, 1500)},
        python_sizes={"quick": 90, "full": 480},
        check_size=60,
        work=lambda w: w * (w * 2 // 3),
        check=exact,
        check_note="exact",
        c_call=c_call,
        size_label="width",
    )
]
