#include <stdint.h>

void poly_f32(const float *x, float *out, int64_t n, float c0, float c1, float c2, float c3) {
    for (int64_t i = 0; i < n; i++) {
        float v = x[i];
        out[i] = ((c3 * v + c2) * v + c1) * v + c0;
    }
}
