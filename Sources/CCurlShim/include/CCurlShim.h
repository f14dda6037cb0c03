// Typed, non-variadic wrappers of libcurl's variadic calls.
//
// Quirk: Swift cannot call C variadic functions, and curl_easy_setopt,
// curl_easy_getinfo and curl_multi_setopt are variadic macros-over-functions;
// each wrapper fixes the argument's C type so Swift can call it.
#ifndef ROLLSCOPE_CCURLSHIM_H
#define ROLLSCOPE_CCURLSHIM_H
#include <curl/curl.h>

CURLcode rs_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode rs_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode rs_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode rs_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode rs_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
/// Copies `length` bytes of `data` into a curl_blob (CURL_BLOB_COPY), e.g. CAINFO_BLOB.
CURLcode rs_easy_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length);
CURLcode rs_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback);
CURLcode rs_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode rs_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);
CURLMcode rs_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
/// The linked libcurl's version ("7.88.1"): CURLVERSION_NOW is a macro Swift does not import.
const char *rs_curl_version(void);
/// The TLS library libcurl was built with ("OpenSSL/3.0.15"), or "" when none.
const char *rs_curl_ssl_version(void);
/// 1 when libcurl was built with HTTP/2 (nghttp2): CURL_VERSION_HTTP2 in its features.
int rs_curl_has_http2(void);
#endif
