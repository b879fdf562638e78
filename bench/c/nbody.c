#include <math.h>
#include <stdint.h>

static double energy(const double *pos, const double *vel, const double *mass, int64_t n,
                     double soft) {
    double e = 0.0;
    for (int64_t i = 0; i < n; i++) {
        const double *v = vel + 3 * i;
        e += 0.5 * mass[i] * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        for (int64_t j = i + 1; j < n; j++) {
            double dx = pos[3 * i] - pos[3 * j];
            double dy = pos[3 * i + 1] - pos[3 * j + 1];
            double dz = pos[3 * i + 2] - pos[3 * j + 2];
            e -= mass[i] * mass[j] / sqrt(dx * dx + dy * dy + dz * dz + soft);
        }
    }
    return e;
}

double nbody(double *pos, double *vel, const double *mass, int64_t n, double dt, int64_t steps,
             double soft) {
    for (int64_t step = 0; step < steps; step++) {
        for (int64_t i = 0; i < n; i++) {
            double ax = 0.0, ay = 0.0, az = 0.0;
            for (int64_t j = 0; j < n; j++) {
                if (j != i) {
                    double dx = pos[3 * j] - pos[3 * i];
                    double dy = pos[3 * j + 1] - pos[3 * i + 1];
                    double dz = pos[3 * j + 2] - pos[3 * i + 2];
                    double r2 = dx * dx + dy * dy + dz * dz + soft;
                    double s = mass[j] / (r2 * sqrt(r2));
                    ax += dx * s;
                    ay += dy * s;
                    az += dz * s;
                }
            }
            vel[3 * i] += dt * ax;
            vel[3 * i + 1] += dt * ay;
            vel[3 * i + 2] += dt * az;
        }
        for (int64_t i = 0; i < 3 * n; i++)
            pos[i] += dt * vel[i];
    }
    return energy(pos, vel, mass, n, soft);
}
