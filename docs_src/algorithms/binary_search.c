/* Binary search in C with size_t indices and an overflow-safe midpoint.
 *
 * Reads test cases from stdin until EOF, each as:  n a[0] ... a[n-1] q x[0] ... x[q-1]
 * (a sorted ascending) and prints one line per query:  x lower_bound upper_bound found_index
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* First index i in [0, n) with a[i] >= x, or n. */
static size_t lower_bound(const int *a, size_t n, int x) {
    size_t lo = 0, hi = n;                /* half-open [lo, hi) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;  /* (lo + hi) / 2 can wrap when lo + hi > SIZE_MAX */
        if (a[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* First index i in [0, n) with a[i] > x, or n. */
static size_t upper_bound(const int *a, size_t n, int x) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] <= x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Index of the first x in a, or -1. ptrdiff_t is signed, so -1 is representable. */
static ptrdiff_t index_of(const int *a, size_t n, int x) {
    size_t i = lower_bound(a, n, x);
    return (i < n && a[i] == x) ? (ptrdiff_t)i : -1;
}

int main(void) {
    size_t n;
    while (scanf("%zu", &n) == 1) {
        int *a = malloc((n ? n : 1) * sizeof *a);
        if (a == NULL)
            return 1;
        for (size_t i = 0; i < n; i++)
            if (scanf("%d", &a[i]) != 1) {
                free(a);
                return 2;
            }
        size_t q;
        if (scanf("%zu", &q) != 1) {
            free(a);
            return 2;
        }
        for (size_t j = 0; j < q; j++) {
            int x;
            if (scanf("%d", &x) != 1) {
                free(a);
                return 2;
            }
            printf("%d %zu %zu %td\n", x, lower_bound(a, n, x), upper_bound(a, n, x), index_of(a, n, x));
        }
        free(a);
    }
    return 0;
}
