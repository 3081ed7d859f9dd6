#ifndef CIMAGE_SHIM_H
#define CIMAGE_SHIM_H

/* libpng's simplified read API (png_image_*) and libjpeg-turbo's TurboJPEG API. Both report failures through
 * return codes and message buffers: their internal setjmp/longjmp never crosses a Swift frame. */
#include <png.h>
#include <turbojpeg.h>
#include <string.h>

/* A zeroed png_image of the header's API version, ready for png_image_begin_read_from_memory. */
static inline png_image cimage_png_image(void) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    return image;
}

/* png_image.message as a C string (the array is always NUL-terminated by libpng). */
static inline const char *cimage_png_message(const png_image *image) { return image->message; }

/* PNG_IMAGE_FAILED: the error bit of png_image.warning_or_error. */
static inline int cimage_png_failed(const png_image *image) { return (image->warning_or_error & 0x03) > 1; }

#endif
