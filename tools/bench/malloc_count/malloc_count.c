/*
 * A malloc counter for `ecg bench model`, loaded with LD_PRELOAD (glibc only):
 *
 *   cc -O2 -shared -fPIC -o .build/libmalloc_count.so tools/bench/malloc_count/malloc_count.c
 *   LD_PRELOAD=$PWD/.build/libmalloc_count.so .build/release/ecg bench model Weights/ecg_model.h5
 *
 * Every malloc, calloc, realloc, posix_memalign, aligned_alloc and memalign call of the process (all threads) adds
 * one to a counter that `ecg bench model` reads through `ecg_malloc_count` and reports as mallocs_per_forward.
 * The calls go on to glibc's own allocator entry points, so nothing else changes.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static atomic_ullong allocations;

unsigned long long ecg_malloc_count(void) { return atomic_load(&allocations); }

void *malloc(size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *result = pointer;
    return 0;
}
