#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* The same algorithm: a heap-allocated 3-vector per segment (gcc may elide the malloc/free). */
double path_length(const double *p, int64_t n) {
    double total = 0.0;
    for (int64_t i = 0; i < n - 1; i++) {
        double *d = malloc(3 * sizeof(double));
        for (int k = 0; k < 3; k++)
            d[k] = p[(i + 1) * 3 + k] - p[i * 3 + k];
        total += sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        free(d);
    }
    return total;
}
