/* Function pointers in C: a dispatch table of activation functions, looked up by name,
 * and the standard library's best-known callback, qsort's comparator. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The type "pointer to a function taking a double and returning a double". */
typedef double (*activation_fn)(double);

static double identity(double x) { return x; }
static double relu(double x) { return x > 0.0 ? x : 0.0; }
static double leaky_relu(double x) { return x > 0.0 ? x : 0.01 * x; }
static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }
static double tanh_activation(double x) { return tanh(x); }

struct activation {
    const char *name;
    activation_fn fn; /* a function's name decays to a pointer to it: no & needed */
};

static const struct activation ACTIVATIONS[] = {
    {"identity", identity},
    {"relu", relu},
    {"leaky_relu", leaky_relu},
    {"sigmoid", sigmoid},
    {"tanh", tanh_activation},
};
#define N_ACTIVATIONS (sizeof ACTIVATIONS / sizeof ACTIVATIONS[0])

/* Returns NULL for an unknown name; callers must check before calling. */
static activation_fn find_activation(const char *name) {
    for (size_t i = 0; i < N_ACTIVATIONS; i++)
        if (strcmp(ACTIVATIONS[i].name, name) == 0)
            return ACTIVATIONS[i].fn;
    return NULL;
}

/* Higher-order function: takes the behaviour as a parameter. */
static void apply(activation_fn fn, const double *in, double *out, size_t n) {
    for (size_t i = 0; i < n; i++)
        out[i] = fn(in[i]); /* same as (*fn)(in[i]) */
}

/* qsort's callback type is int (*)(const void *, const void *). */
static int descending(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y); /* not (int)(y - x): the cast turns a 0.4 gap into a tie */
}

static void print_row(const char *label, const double *v, size_t n) {
    printf("%-10s", label);
    for (size_t i = 0; i < n; i++)
        printf(" %8.4f", v[i]);
    printf("\n");
}

int main(void) {
    const double inputs[] = {-2.0, -0.5, 0.0, 0.5, 2.0};
    const size_t n = sizeof inputs / sizeof inputs[0];
    double out[sizeof inputs / sizeof inputs[0]];

    print_row("input", inputs, n);
    for (size_t i = 0; i < N_ACTIVATIONS; i++) {
        apply(ACTIVATIONS[i].fn, inputs, out, n);
        print_row(ACTIVATIONS[i].name, out, n);
    }

    /* Look up by name, as a config file ("activation: relu") would. */
    const char *requested[] = {"sigmoid", "gelu"};
    for (size_t i = 0; i < 2; i++) {
        activation_fn fn = find_activation(requested[i]);
        if (fn == NULL)
            printf("unknown activation '%s'\n", requested[i]);
        else
            printf("%s(1.0) = %.4f\n", requested[i], fn(1.0));
    }

    /* The declaration without a typedef, for reference: raw is a pointer to relu. */
    double (*raw)(double) = &relu;
    printf("raw(-3.0) = %.4f, (*raw)(3.0) = %.4f\n", raw(-3.0), (*raw)(3.0));

    double scores[] = {0.25, 0.9, -1.5, 0.5};
    qsort(scores, sizeof scores / sizeof scores[0], sizeof scores[0], descending);
    print_row("sorted", scores, sizeof scores / sizeof scores[0]);
    return 0;
}
