// ncursesw, seen from Swift.
//
// Quirk: the wide-character API (cchar_t, setcchar, get_wch, mvadd_wch) is only
// declared when NCURSES_WIDECHAR and _XOPEN_SOURCE_EXTENDED are defined before the
// header is included; SwiftPM drops pkg-config's -D flags, so they are defined here.
#ifndef ROLLSCOPE_CNCURSES_SHIM_H
#define ROLLSCOPE_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif
#endif
