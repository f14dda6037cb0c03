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

// Quirk: Swift 6 rejects the C globals stdscr, COLORS, COLOR_PAIRS as "not
// concurrency-safe"; these accessors read them from the one curses thread.
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }

// Quirk: the A_* attribute macros are built with NCURSES_BITS() and do not import.
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_italic(void) { return A_ITALIC; }
static inline attr_t cn_a_blink(void) { return A_BLINK; }

// Quirk: KEY_F(n) is a function-like macro and does not import.
static inline int cn_key_f(int n) { return KEY_F(n); }

// Quirk: the mouse masks are built with NCURSES_MOUSE_MASK() and do not import.
static inline mmask_t cn_mouse_mask_used(void) {
    return BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED
         | BUTTON3_PRESSED | BUTTON3_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline int cn_mouse_is_press(mmask_t state) { return (state & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0; }
static inline int cn_mouse_is_double_click(mmask_t state) { return (state & BUTTON1_DOUBLE_CLICKED) != 0; }
static inline int cn_mouse_is_release(mmask_t state) { return (state & BUTTON1_RELEASED) != 0; }
static inline int cn_mouse_is_right(mmask_t state) { return (state & (BUTTON3_PRESSED | BUTTON3_CLICKED)) != 0; }
static inline int cn_mouse_is_wheel_up(mmask_t state) { return (state & BUTTON4_PRESSED) != 0; }
static inline int cn_mouse_is_wheel_down(mmask_t state) { return (state & BUTTON5_PRESSED) != 0; }
#endif
