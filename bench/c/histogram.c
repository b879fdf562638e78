#include <stdint.h>

void histogram(const double *x, int64_t n, int64_t *counts, int64_t nbins, double lo, double hi) {
    double width = (hi - lo) / (double)nbins;
    for (int64_t i = 0; i < n; i++) {
        double v = x[i];
        if (lo <= v && v < hi)
            counts[(int64_t)((v - lo) / width)] += 1;
    }
}
