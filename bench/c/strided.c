#include <stdint.h>

double strided_sum(const double *a, int64_t n, int64_t step) {
    double total = 0.0;
    for (int64_t i = 0; i < n; i += step)
        total += a[i];
    return total;
}

double view_sum(const double *a, int64_t rows, int64_t cols) {
    double total = 0.0;
    for (int64_t i = 1; i < rows - 1; i++)
        for (int64_t j = 0; j < cols; j += 2)
            total += a[i * cols + j];
    return total;
}
