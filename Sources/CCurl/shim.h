// libcurl, seen from Swift. The variadic setopt/getinfo calls are wrapped in CCurlShim.
#ifndef ROLLSCOPE_CCURL_SHIM_H
#define ROLLSCOPE_CCURL_SHIM_H
#include <curl/curl.h>
#endif
