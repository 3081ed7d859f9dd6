#ifndef CBLAS_SHIM_H
#define CBLAS_SHIM_H

#include <cblas.h>

/* OpenBLAS thread control (declared in OpenBLAS's cblas.h). */
static inline void cblas_shim_set_threads(int n) { openblas_set_num_threads(n); }
static inline int cblas_shim_get_threads(void) { return openblas_get_num_threads(); }

#endif
