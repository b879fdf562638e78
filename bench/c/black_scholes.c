#include <math.h>
#include <stdint.h>

#define A1 0.31938153
#define A2 -0.356563782
#define A3 1.781477937
#define A4 -1.821255978
#define A5 1.330274429
#define RSQRT2PI 0.39894228040143267794

static double cnd(double d) {
    double K = 1.0 / (1.0 + 0.2316419 * fabs(d));
    double ret = RSQRT2PI * exp(-0.5 * d * d) * (K * (A1 + K * (A2 + K * (A3 + K * (A4 + K * A5)))));
    return d > 0 ? 1.0 - ret : ret;
}

void black_scholes(const double *S, const double *X, const double *T, double R, double V,
                   double *call, double *put, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        double sqrtT = sqrt(T[i]);
        double d1 = (log(S[i] / X[i]) + (R + 0.5 * V * V) * T[i]) / (V * sqrtT);
        double d2 = d1 - V * sqrtT;
        double cndd1 = cnd(d1), cndd2 = cnd(d2);
        double expRT = exp((-1.0 * R) * T[i]);
        call[i] = S[i] * cndd1 - X[i] * expRT * cndd2;
        put[i] = X[i] * expRT * (1.0 - cndd2) - S[i] * (1.0 - cndd1);
    }
}
