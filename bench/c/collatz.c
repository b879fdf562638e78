#include <stdint.h>

int64_t collatz_longest(int64_t n, int64_t *steps_out) {
    int64_t best_start = 1, best_steps = 0;
    for (int64_t start = 1; start < n; start++) {
        int64_t m = start, steps = 0;
        while (m != 1) {
            if (m % 2 == 0)
                m = m / 2;
            else
                m = 3 * m + 1;
            steps++;
        }
        if (steps > best_steps) {
            best_steps = steps;
            best_start = start;
        }
    }
    *steps_out = best_steps;
    return best_start;
}
