// zlib, seen from Swift: the console's store keeps its objects' texts deflated (`KeptTexts`).
#ifndef ROLLSCOPE_CZLIB_SHIM_H
#define ROLLSCOPE_CZLIB_SHIM_H
#include <zlib.h>
#endif
