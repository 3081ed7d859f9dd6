/* Opens an HDF5 file with libhdf5 alone (no structural checks first) and reads every attribute and dataset the way
   the Swift reader does, to tell which damaged files libhdf5 itself crashes on or hangs on.
     cc -O1 -o h5_raw_probe tools/fuzz/h5_raw_probe.c $(pkg-config --cflags --libs hdf5-serial)
     ./h5_raw_probe FILE        exit 0 when read, 1 when libhdf5 reported an error; a crash ends it by a signal
   tools/fuzz/h5_mutate.py --raw-probe ./h5_raw_probe runs it on every mutated file next to `ecg model info`. */
#include <hdf5.h>
#include <stdlib.h>

static int failures = 0;

static void read_attribute(hid_t object, const char *name) {
    hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
    if (attribute < 0) { failures++; return; }
    hid_t file_type = H5Aget_type(attribute);
    hid_t space = H5Aget_space(attribute);
    hssize_t count = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
    if (file_type >= 0 && count >= 0 && count < (1 << 24)) {
        if (H5Tget_class(file_type) == H5T_STRING && H5Tis_variable_str(file_type) > 0) {
            hid_t memory = H5Tcopy(H5T_C_S1);
            H5Tset_size(memory, H5T_VARIABLE);
            H5Tset_cset(memory, H5Tget_cset(file_type));
            char **values = calloc((size_t)count + 1, sizeof(char *));
            if (H5Aread(attribute, memory, values) >= 0) H5Dvlen_reclaim(memory, space, H5P_DEFAULT, values);
            else failures++;
            free(values);
            H5Tclose(memory);
        } else {
            size_t size = H5Tget_size(file_type);
            void *buffer = size > 0 && size < (1 << 20) ? calloc((size_t)count + 1, size) : NULL;
            if (buffer && H5Aread(attribute, file_type, buffer) < 0) failures++;
            free(buffer);
        }
    } else failures++;
    if (space >= 0) H5Sclose(space);
    if (file_type >= 0) H5Tclose(file_type);
    H5Aclose(attribute);
}

static herr_t attribute_callback(hid_t object, const char *name, const H5A_info_t *info, void *data) {
    (void)info; (void)data;
    read_attribute(object, name);
    return 0;
}

static herr_t object_callback(hid_t root, const char *name, const H5O_info_t *info, void *data) {
    (void)data;
    hid_t object = H5Oopen(root, name, H5P_DEFAULT);
    if (object < 0) { failures++; return 0; }
    H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, NULL, attribute_callback, NULL);
    if (info->type == H5O_TYPE_DATASET) {
        hid_t space = H5Dget_space(object);
        hssize_t count = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
        if (count >= 0 && count < (1 << 26)) {
            float *values = calloc((size_t)count + 1, sizeof(float));
            if (H5Dread(object, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0) failures++;
            free(values);
        } else failures++;
        if (space >= 0) H5Sclose(space);
    }
    H5Oclose(object);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t file = H5Fopen(argv[1], H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return 1;
    if (H5Ovisit(file, H5_INDEX_NAME, H5_ITER_INC, object_callback, NULL) < 0) failures++;
    H5Fclose(file);
    return failures ? 1 : 0;
}
