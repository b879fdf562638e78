#include <stdint.h>

static int64_t mandel(double x, double y, int64_t max_iters) {
    double zr = 0.0, zi = 0.0;
    for (int64_t i = 0; i < max_iters; i++) {
        double r = zr * zr - zi * zi + x;
        double im = zr * zi + zi * zr + y;
        zr = r;
        zi = im;
        if (zr * zr + zi * zi >= 4.0)
            return i;
    }
    return max_iters;
}

void create_fractal(double min_x, double max_x, double min_y, double max_y, uint8_t *image,
                    int64_t height, int64_t width, int64_t iters) {
    double pixel_size_x = (max_x - min_x) / (double)width;
    double pixel_size_y = (max_y - min_y) / (double)height;
    for (int64_t x = 0; x < width; x++) {
        double real = min_x + (double)x * pixel_size_x;
        for (int64_t y = 0; y < height; y++) {
            double imag = min_y + (double)y * pixel_size_y;
            image[y * width + x] = (uint8_t)mandel(real, imag, iters);
        }
    }
}
