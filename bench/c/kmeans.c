#include <math.h>
#include <stdint.h>
#include <stdlib.h>

void kmeans_step(const double *points, const double *centroids, double *out, int64_t n,
                 int64_t d, int64_t k) {
    double *sums = calloc((size_t)(k * d), sizeof(double));
    int64_t *counts = calloc((size_t)k, sizeof(int64_t));
    for (int64_t i = 0; i < n; i++) {
        int64_t best = 0;
        double best_dist = INFINITY;
        for (int64_t c = 0; c < k; c++) {
            double dist = 0.0;
            for (int64_t j = 0; j < d; j++) {
                double t = points[i * d + j] - centroids[c * d + j];
                dist += t * t;
            }
            if (dist < best_dist) {
                best_dist = dist;
                best = c;
            }
        }
        counts[best] += 1;
        for (int64_t j = 0; j < d; j++)
            sums[best * d + j] += points[i * d + j];
    }
    for (int64_t c = 0; c < k; c++)
        for (int64_t j = 0; j < d; j++)
            out[c * d + j] = counts[c] > 0 ? sums[c * d + j] / (double)counts[c] : centroids[c * d + j];
    free(sums);
    free(counts);
}
