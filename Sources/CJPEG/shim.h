#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>
#include <jerror.h>

/*
 * Whole-image JPEG decode and encode for INVImaging, with libjpeg's error handling made safe.
 *
 * libjpeg's default `error_exit` prints a message and calls exit(). Here `error_exit` formats
 * libjpeg's own message into a buffer and longjmps back to the entry function, which cleans up
 * and returns an error code. Swift cannot call setjmp, so each entry point does its whole job in C.
 *
 * Warnings are ignored except "Premature end of JPEG file" (JWRN_JPEG_EOF): libjpeg would pad a
 * truncated file with grey, and a silently half-grey photo is worse than an error.
 */

typedef struct {
    struct jpeg_error_mgr manager; /* first member: libjpeg sees a plain jpeg_error_mgr */
    jmp_buf jump;
    char *message;                 /* the caller's buffer, JMSG_LENGTH_MAX bytes */
} inv_jpeg_error_handler;

static inline void inv_jpeg_error_exit(j_common_ptr cinfo) {
    inv_jpeg_error_handler *handler = (inv_jpeg_error_handler *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, handler->message);
    longjmp(handler->jump, 1);
}

static inline void inv_jpeg_emit_message(j_common_ptr cinfo, int level) {
    if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) {
        inv_jpeg_error_exit(cinfo);
    }
    if (level < 0) cinfo->err->num_warnings++;
}

static inline void inv_jpeg_output_message(j_common_ptr cinfo) { (void)cinfo; }

static inline void inv_jpeg_install_handler(inv_jpeg_error_handler *handler, char *message) {
    jpeg_std_error(&handler->manager);
    handler->manager.error_exit = inv_jpeg_error_exit;
    handler->manager.emit_message = inv_jpeg_emit_message;
    handler->manager.output_message = inv_jpeg_output_message;
    handler->message = message;
    message[0] = 0;
}

/* Result of `inv_jpeg_decode`. `pixels` is malloc'd, interleaved, `components` bytes per pixel;
 * the caller releases it with `inv_jpeg_free`. */
typedef struct {
    unsigned char *pixels;
    unsigned int width;
    unsigned int height;
    int components;         /* 1 (grey), 3 (RGB) or 4 (CMYK) */
    int adobeInvertedCMYK;  /* 1 when a CMYK file carries an Adobe APP14 marker (inverted ink values) */
    char message[JMSG_LENGTH_MAX];
} inv_jpeg_decoded;

/* Decodes a whole JPEG held in memory. Returns 1 on success, 0 with `result->message` on error.
 * Files with more than `max_pixels` pixels are refused before any pixel memory is allocated. */
static inline int inv_jpeg_decode(const unsigned char *data, unsigned long size,
                                  unsigned long long max_pixels, inv_jpeg_decoded *result) {
    struct jpeg_decompress_struct cinfo;
    inv_jpeg_error_handler handler;
    memset(result, 0, sizeof(*result));
    cinfo.err = &handler.manager;
    inv_jpeg_install_handler(&handler, result->message);
    if (setjmp(handler.jump)) {
        jpeg_destroy_decompress(&cinfo);
        free(result->pixels);
        result->pixels = NULL;
        return 0;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, size);
    jpeg_read_header(&cinfo, TRUE);
    switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE: cinfo.out_color_space = JCS_GRAYSCALE; break;
    case JCS_CMYK:
    case JCS_YCCK: cinfo.out_color_space = JCS_CMYK; break;
    default: cinfo.out_color_space = JCS_RGB; break;
    }
    if ((unsigned long long)cinfo.image_width * cinfo.image_height > max_pixels) {
        snprintf(result->message, JMSG_LENGTH_MAX, "image of %u x %u pixels exceeds the limit of %llu pixels",
                 cinfo.image_width, cinfo.image_height, max_pixels);
        jpeg_destroy_decompress(&cinfo);
        return 0;
    }
    jpeg_start_decompress(&cinfo);
    result->width = cinfo.output_width;
    result->height = cinfo.output_height;
    result->components = cinfo.output_components;
    result->adobeInvertedCMYK = cinfo.out_color_space == JCS_CMYK && cinfo.saw_Adobe_marker;
    size_t row_bytes = (size_t)cinfo.output_width * (size_t)cinfo.output_components;
    result->pixels = (unsigned char *)malloc(row_bytes * cinfo.output_height);
    if (result->pixels == NULL) {
        ERREXIT1(&cinfo, JERR_OUT_OF_MEMORY, 0);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = result->pixels + row_bytes * cinfo.output_scanline;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    /* Stop at the end of the image: bytes after EOI (trailing garbage) are never read. */
    jpeg_abort_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return 1;
}

static inline void inv_jpeg_free(void *pointer) { free(pointer); }

/* A growing in-memory destination that the caller owns, so an error mid-encode cannot leak it. */
typedef struct {
    struct jpeg_destination_mgr manager; /* first member */
    unsigned char *buffer;
    size_t capacity;
} inv_jpeg_memory_destination;

static inline void inv_jpeg_destination_init(j_compress_ptr cinfo) {
    inv_jpeg_memory_destination *destination = (inv_jpeg_memory_destination *)cinfo->dest;
    destination->capacity = 1 << 16;
    destination->buffer = (unsigned char *)malloc(destination->capacity);
    if (destination->buffer == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 1);
    destination->manager.next_output_byte = destination->buffer;
    destination->manager.free_in_buffer = destination->capacity;
}

static inline boolean inv_jpeg_destination_grow(j_compress_ptr cinfo) {
    inv_jpeg_memory_destination *destination = (inv_jpeg_memory_destination *)cinfo->dest;
    size_t used = destination->capacity; /* libjpeg calls this only when the buffer is full */
    unsigned char *grown = (unsigned char *)realloc(destination->buffer, destination->capacity * 2);
    if (grown == NULL) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 2);
    destination->buffer = grown;
    destination->capacity *= 2;
    destination->manager.next_output_byte = grown + used;
    destination->manager.free_in_buffer = destination->capacity - used;
    return TRUE;
}

static inline void inv_jpeg_destination_term(j_compress_ptr cinfo) { (void)cinfo; }

/* Result of `inv_jpeg_encode`: `data` (malloc'd, release with `inv_jpeg_free`) holds `size` bytes. */
typedef struct {
    unsigned char *data;
    size_t size;
    char message[JMSG_LENGTH_MAX];
} inv_jpeg_encoded;

/* Encodes interleaved 8-bit pixels (`components` 1 = grey or 3 = RGB) at `quality` 1...100.
 * Returns 1 on success, 0 with `result->message` on error. */
static inline int inv_jpeg_encode(const unsigned char *pixels, unsigned int width, unsigned int height,
                                  int components, int quality, inv_jpeg_encoded *result) {
    struct jpeg_compress_struct cinfo;
    inv_jpeg_error_handler handler;
    inv_jpeg_memory_destination destination;
    memset(result, 0, sizeof(*result));
    memset(&destination, 0, sizeof(destination));
    cinfo.err = &handler.manager;
    inv_jpeg_install_handler(&handler, result->message);
    if (setjmp(handler.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(destination.buffer);
        return 0;
    }
    jpeg_create_compress(&cinfo);
    destination.manager.init_destination = inv_jpeg_destination_init;
    destination.manager.empty_output_buffer = inv_jpeg_destination_grow;
    destination.manager.term_destination = inv_jpeg_destination_term;
    cinfo.dest = &destination.manager;
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = components;
    cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    size_t row_bytes = (size_t)width * (size_t)components;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + row_bytes * cinfo.next_scanline);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    result->data = destination.buffer;
    result->size = destination.capacity - destination.manager.free_in_buffer;
    jpeg_destroy_compress(&cinfo);
    return 1;
}
