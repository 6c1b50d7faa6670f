// ncurses resolved on first use (see include/CNcurses.h for why). Same scheme as
// Sources/COpenSSL/lazy.c: one dlopen (pthread_once), RTLD_LOCAL, each wrapper's pointer
// kept in an atomic.
#include "CNcurses.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void *handle;
static char load_error[512];

static void load(void) {
    // libncursesw.so.6 needs libtinfo.so.6: one dlopen brings both, dlsym on it finds both.
    handle = dlopen("libncursesw.so.6", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *e = dlerror();
        snprintf(load_error, sizeof load_error, "ncurses is not installed (%s): apt-get install libncursesw6",
                 e ? e : "libncursesw.so.6 not found");
    }
}

const char *nc_load_error(void) {
    pthread_once(&once, load);
    return handle ? NULL : load_error;
}

static void *resolve(const char *name) {
    const char *e = nc_load_error();
    void *p = e ? NULL : dlsym(handle, name);
    if (!p) {
        fprintf(stderr, "osvm: cannot use ncurses' %s: %s\n", name, e ? e : "symbol not found in libncursesw.so.6");
        _exit(70);
    }
    return p;
}

// The wrapper `nc_NAME`: the same type as NAME, the real function's address fetched once.
#define LAZY_PTR(name)                                                                   \
    static __typeof__(&name) lazy_fp;                                                    \
    __typeof__(&name) lazy_fn = __atomic_load_n(&lazy_fp, __ATOMIC_ACQUIRE);              \
    if (!lazy_fn) {                                                                      \
        lazy_fn = (__typeof__(&name))resolve(#name);                                     \
        __atomic_store_n(&lazy_fp, lazy_fn, __ATOMIC_RELEASE);                           \
    }
#define LAZY(ret, name, params, args) ret nc_##name params { LAZY_PTR(name) return lazy_fn args; }
#define LAZY_VOID(name, params, args) void nc_##name params { LAZY_PTR(name) lazy_fn args; }

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
    if (e) e();
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
