#include <stdint.h>

int64_t count_primes(int64_t n) {
    int64_t count = 0;
    for (int64_t k = 2; k < n; k++) {
        int64_t d = 2;
        int prime = 1;
        while (d * d <= k) {
            if (k % d == 0) {
                prime = 0;
                break;
            }
            d++;
        }
        count += prime;
    }
    return count;
}
