#include <stdint.h>

void laplace_step(double *u, double *out, int64_t n, int64_t m, int64_t steps) {
    for (int64_t s = 0; s < steps; s++) {
        for (int64_t i = 1; i < n - 1; i++)
            for (int64_t j = 1; j < m - 1; j++)
                out[i * m + j] = 0.25 * (u[(i - 1) * m + j] + u[(i + 1) * m + j] +
                                         u[i * m + j - 1] + u[i * m + j + 1]);
        for (int64_t i = 1; i < n - 1; i++)
            for (int64_t j = 1; j < m - 1; j++)
                u[i * m + j] = out[i * m + j];
    }
}
