/* STREAM-style copy and triad (single thread): each returns the seconds one pass took. */
#include <stdint.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double stream_copy(double *restrict c, const double *restrict a, int64_t n) {
    double t = now();
    for (int64_t i = 0; i < n; i++)
        c[i] = a[i];
    return now() - t;
}

double stream_triad(double *restrict a, const double *restrict b, const double *restrict c,
                    double s, int64_t n) {
    double t = now();
    for (int64_t i = 0; i < n; i++)
        a[i] = b[i] + s * c[i];
    return now() - t;
}
