#include <math.h>
#include <stdint.h>

void axpy(double a, const double *x, const double *y, double *out, int64_t n) {
    for (int64_t i = 0; i < n; i++)
        out[i] = a * x[i] + y[i];
}

void chain(const double *x, const double *y, const double *z, double *out, int64_t n) {
    for (int64_t i = 0; i < n; i++)
        out[i] = sqrt(x[i] * x[i] + y[i] * y[i]) * exp(-z[i]) + 2.5 * x[i] -
                 y[i] / (1.0 + z[i] * z[i]);
}
