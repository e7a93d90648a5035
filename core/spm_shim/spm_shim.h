/* Plain C interface over sentencepiece, built as its own shared library (libowq_spm_shim.so) so that
 * sentencepiece's bundled protobuf never meets LibTorch's. core loads it with
 * dlopen(RTLD_LOCAL|RTLD_DEEPBIND). Every function returns 0 on success; on failure it writes a message to
 * err (size errlen) and returns -1. */
#ifndef OWQ_SPM_SHIM_H
#define OWQ_SPM_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct owq_spm owq_spm;

#define OWQ_SPM_SHIM_ABI 1
int owq_spm_abi_version(void);

int owq_spm_load(const char* path, owq_spm** out, char* err, size_t errlen);
void owq_spm_free(owq_spm* sp);

/* Encodes text (len bytes) into ids. *ids is malloc'ed; release with owq_spm_free_buffer. */
int owq_spm_encode(const owq_spm* sp, const char* text, size_t len, int32_t** ids, size_t* n, char* err,
                   size_t errlen);
/* Decodes ids into text. *text is malloc'ed (NUL-terminated, *len bytes); release with owq_spm_free_buffer.
 */
int owq_spm_decode(const owq_spm* sp, const int32_t* ids, size_t n, char** text, size_t* len, char* err,
                   size_t errlen);
void owq_spm_free_buffer(void* p);

int32_t owq_spm_vocab_size(const owq_spm* sp);
int32_t owq_spm_bos_id(const owq_spm* sp);
int32_t owq_spm_eos_id(const owq_spm* sp);
int32_t owq_spm_unk_id(const owq_spm* sp);
int32_t owq_spm_piece_to_id(const owq_spm* sp, const char* piece);
/* Copies the piece of id into buf (NUL-terminated, truncated to buflen); returns its full length or -1. */
int owq_spm_id_to_piece(const owq_spm* sp, int32_t id, char* buf, size_t buflen);

/* Runs sentencepiece's trainer with a command-line style argument string. */
int owq_spm_train(const char* args, char* err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
