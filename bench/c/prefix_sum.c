#include <stdint.h>

void prefix_sum(const double *x, double *out, int64_t n) {
    double total = 0.0;
    for (int64_t i = 0; i < n; i++) {
        total += x[i];
        out[i] = total;
    }
}
