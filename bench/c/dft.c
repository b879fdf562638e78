#include <complex.h>
#include <math.h>
#include <stdint.h>

void dft(const double complex *x, double complex *out, int64_t n) {
    for (int64_t k = 0; k < n; k++) {
        double complex s = 0.0;
        for (int64_t t = 0; t < n; t++)
            s += x[t] * cexp(-2.0 * I * M_PI * (double)k * (double)t / (double)n);
        out[k] = s;
    }
}
