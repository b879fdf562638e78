#include <math.h>
#include <stdint.h>

void pairwise_distances(const double *X, double *D, int64_t M, int64_t N) {
    for (int64_t i = 0; i < M; i++)
        for (int64_t j = 0; j < M; j++) {
            double d = 0.0;
            for (int64_t k = 0; k < N; k++) {
                double tmp = X[i * N + k] - X[j * N + k];
                d += tmp * tmp;
            }
            D[i * M + j] = sqrt(d);
        }
}
