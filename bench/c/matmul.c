#include <stdint.h>

void matmul(const double *a, const double *b, double *out, int64_t n, int64_t m, int64_t p) {
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < p; j++) {
            double s = 0.0;
            for (int64_t k = 0; k < m; k++)
                s += a[i * m + k] * b[k * p + j];
            out[i * p + j] = s;
        }
}
