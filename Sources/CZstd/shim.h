// Zstandard, seen from Swift: the console's store keeps its objects' texts compressed (`KeptTexts`).
// Only the stable API (no ZSTD_STATIC_LINKING_ONLY): one-shot compression with a prepared
// dictionary, streaming decompression into a buffer of the length wanted.
#ifndef ROLLSCOPE_CZSTD_SHIM_H
#define ROLLSCOPE_CZSTD_SHIM_H
#include <zstd.h>
#endif
