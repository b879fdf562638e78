#include <stdint.h>

void convolve(const double *x, int64_t n, const double *w, int64_t m, double *out) {
    for (int64_t i = 0; i < n - m + 1; i++) {
        double s = 0.0;
        for (int64_t j = 0; j < m; j++)
            s += x[i + j] * w[m - 1 - j];
        out[i] = s;
    }
}
