// ncurses resolved on first use (see include/CNcurses.h for why), through the shared loader
// (Sources/CLazyLibrary).
#include "CNcurses.h"
#include "lazy_library.h"

static lazy_library lib = LAZY_LIBRARY("libncursesw.so.6", "apt-get install libncursesw6");

const char *nc_load_error(void) { return lazy_library_error(&lib); }

static void *resolve(const char *name) { return lazy_library_symbol(&lib, name); }

#define LAZY(ret, name, params, args) LAZY_FUNCTION(&lib, nc_, ret, name, params, args)
#define LAZY_VOID(name, params, args) LAZY_VOID_FUNCTION(&lib, nc_, name, params, args)

// endwin for the crash handler: resolved when the screen is made, called only if it was.
static int (*started_endwin)(void);

SCREEN *nc_newterm(const char *type, FILE *out, FILE *in) {
    SCREEN *(*f)(const char *, FILE *, FILE *) = (SCREEN *(*)(const char *, FILE *, FILE *))resolve("newterm");
    int (*e)(void) = (int (*)(void))resolve("endwin");
    SCREEN *s = f(type, out, in);
    if (s) __atomic_store_n(&started_endwin, e, __ATOMIC_RELEASE);
    return s;
}

void nc_endwin_if_started(void) {
    int (*e)(void) = __atomic_load_n(&started_endwin, __ATOMIC_ACQUIRE);
    if (e) {
        static const char paste_off[] = "\033[?2004l";
        e();
        (void)!write(1, paste_off, sizeof paste_off - 1);
    }
}

LAZY_VOID(delscreen, (SCREEN *sp), (sp))
LAZY(int, endwin, (void), ())
LAZY(int, refresh, (void), ())
LAZY(int, erase, (void), ())
LAZY(int, move, (int y, int x), (y, x))
LAZY(int, mvaddnwstr, (int y, int x, const wchar_t *s, int n), (y, x, s, n))
LAZY(int, attr_set, (attr_t a, NCURSES_PAIRS_T p, void *opts), (a, p, opts))
LAZY(int, clearok, (WINDOW *w, bool b), (w, b))
LAZY(int, curs_set, (int v), (v))
LAZY(int, get_wch, (wint_t *c), (c))
LAZY(int, unget_wch, (const wchar_t c), (c))
LAZY(bool, has_colors, (void), ())
LAZY(int, start_color, (void), ())
LAZY(int, use_default_colors, (void), ())
LAZY(int, init_pair, (NCURSES_PAIRS_T p, NCURSES_COLOR_T f, NCURSES_COLOR_T b), (p, f, b))
LAZY(int, init_extended_pair, (int p, int f, int b), (p, f, b))
LAZY(int, keypad, (WINDOW *w, bool b), (w, b))
LAZY(int, nodelay, (WINDOW *w, bool b), (w, b))
LAZY(int, noecho, (void), ())
LAZY(int, nonl, (void), ())
LAZY(int, raw, (void), ())
LAZY(int, reset_prog_mode, (void), ())
LAZY(int, resize_term, (int l, int c), (l, c))
LAZY(mmask_t, mousemask, (mmask_t m, mmask_t *old), (m, old))
LAZY(int, mouseinterval, (int i), (i))
LAZY(int, getmouse, (MEVENT *ev), (ev))
LAZY(char *, tigetstr, (const char *cap), (cap))
LAZY(int, putp, (const char *s), (s))

WINDOW *nc_stdscr(void) {
    static WINDOW **v;
    WINDOW **p = __atomic_load_n(&v, __ATOMIC_ACQUIRE);
    if (!p) { p = (WINDOW **)resolve("stdscr"); __atomic_store_n(&v, p, __ATOMIC_RELEASE); }
    return *p;
}

int nc_COLORS(void) {
    static int *v;
    int *p = __atomic_load_n(&v, __ATOMIC_ACQUIRE);
    if (!p) { p = (int *)resolve("COLORS"); __atomic_store_n(&v, p, __ATOMIC_RELEASE); }
    return *p;
}

int nc_COLOR_PAIRS(void) {
    static int *v;
    int *p = __atomic_load_n(&v, __ATOMIC_ACQUIRE);
    if (!p) { p = (int *)resolve("COLOR_PAIRS"); __atomic_store_n(&v, p, __ATOMIC_RELEASE); }
    return *p;
}
