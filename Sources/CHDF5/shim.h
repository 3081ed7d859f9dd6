#ifndef CHDF5_SHIM_H
#define CHDF5_SHIM_H

#include <stdio.h>
#include <hdf5.h>

/* HDF5 exposes its constants as macros over library globals; Swift cannot import those,
   so each one needed is wrapped in a static inline function. */
static inline hid_t chdf5_p_default(void) { return H5P_DEFAULT; }
static inline unsigned chdf5_f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline hid_t chdf5_p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t chdf5_s_all(void) { return H5S_ALL; }
static inline hid_t chdf5_t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_t_c_s1(void) { return H5T_C_S1; }
static inline hid_t chdf5_e_default(void) { return H5E_DEFAULT; }
static inline size_t chdf5_t_variable(void) { return H5T_VARIABLE; }

/* Silences libhdf5's automatic error printing; failures are reported through return values. */
static inline herr_t chdf5_silence_errors(void) { return H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/* Number of links in a group, or -1. */
static inline long long chdf5_group_link_count(hid_t group) {
    H5G_info_t info;
    if (H5Gget_info(group, &info) < 0) return -1;
    return (long long)info.nlinks;
}

/* Name of the link at `index` (by name, increasing) into `buffer`; returns the full name length or -1. */
static inline ssize_t chdf5_group_link_name(hid_t group, hsize_t index, char *buffer, size_t size) {
    return H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, index, buffer, size, H5P_DEFAULT);
}

/* Copies the innermost error message of the default error stack into `buffer` (empty when none). */
static inline herr_t chdf5_error_walker(unsigned n, const H5E_error2_t *error, void *data) {
    char *buffer = (char *)((void **)data)[0];
    size_t size = *(size_t *)((void **)data)[1];
    if (n == 0 && error != NULL && error->desc != NULL) {
        snprintf(buffer, size, "%s", error->desc);
    }
    return 0;
}

static inline void chdf5_last_error(char *buffer, size_t size) {
    if (size == 0) return;
    buffer[0] = 0;
    void *data[2] = { buffer, &size };
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, chdf5_error_walker, data);
}

#endif
