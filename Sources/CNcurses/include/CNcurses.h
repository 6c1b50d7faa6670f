// The only C seam to ncurses. Swift 6 rejects C globals and cannot import function-like
// macros, so they are wrapped here. pkg-config's -D flags are dropped by SwiftPM, hence the defines.
//
// ncurses is loaded on first use, not linked: `osvm` is also the CLI and the OVSM runner,
// and loading + relocating libncursesw/libtinfo cost ~0.25 ms at every start of every
// command. `nc_X` has exactly the type of ncurses' `X` (__typeof__) and calls it through a
// pointer resolved from libncursesw.so.6 (dlopen, which brings libtinfo.so.6) — lazy.c.
#ifndef OSVM_CNCURSES_H
#define OSVM_CNCURSES_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

/// NULL when ncurses is loaded (loading it on the first call), else why it is not.
const char *nc_load_error(void);
__typeof__(newterm) nc_newterm;
__typeof__(delscreen) nc_delscreen;
__typeof__(endwin) nc_endwin;
__typeof__(refresh) nc_refresh;
__typeof__(erase) nc_erase;
__typeof__(move) nc_move;
__typeof__(mvaddnwstr) nc_mvaddnwstr;
__typeof__(attr_set) nc_attr_set;
__typeof__(clearok) nc_clearok;
__typeof__(curs_set) nc_curs_set;
__typeof__(get_wch) nc_get_wch;
__typeof__(unget_wch) nc_unget_wch;
__typeof__(has_colors) nc_has_colors;
__typeof__(start_color) nc_start_color;
__typeof__(use_default_colors) nc_use_default_colors;
__typeof__(init_pair) nc_init_pair;
__typeof__(init_extended_pair) nc_init_extended_pair;
__typeof__(keypad) nc_keypad;
__typeof__(nodelay) nc_nodelay;
__typeof__(noecho) nc_noecho;
__typeof__(nonl) nc_nonl;
__typeof__(raw) nc_raw;
__typeof__(reset_prog_mode) nc_reset_prog_mode;
__typeof__(resize_term) nc_resize_term;
__typeof__(mousemask) nc_mousemask;
__typeof__(mouseinterval) nc_mouseinterval;
__typeof__(getmouse) nc_getmouse;
__typeof__(tigetstr) nc_tigetstr;
__typeof__(putp) nc_putp;
/// ncurses' global variables (stdscr is libtinfo's, COLORS and COLOR_PAIRS libncursesw's).
WINDOW *nc_stdscr(void);
int nc_COLORS(void);
int nc_COLOR_PAIRS(void);
/// endwin() when ncurses was started (and bracketed paste switched off: the shell after a
/// crash must not get pastes wrapped in markers), else nothing: async-signal-safe (no loading).
void nc_endwin_if_started(void);

static inline WINDOW *cn_stdscr(void) { return nc_stdscr(); }
static inline int cn_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int cn_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int cn_color_pair(int n) { return COLOR_PAIR(n); }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_colors(void) { return nc_COLORS(); }
static inline int cn_color_pairs(void) { return nc_COLOR_PAIRS(); }
// Attributes are function-like macros (NCURSES_BITS); the workbench's terminal adapter needs them.
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_italic(void) { return A_ITALIC; }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline int cn_key_f0(void) { return KEY_F0; }
// Signals as file descriptors: block the workbench's signals in every thread (call before
// any thread starts) and read them from a signalfd in the event loop.
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/ioctl.h>
#include <poll.h>
#include <unistd.h>
static inline void cn_sigset_workbench(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGINT); sigaddset(set, SIGTERM); sigaddset(set, SIGHUP);
    sigaddset(set, SIGWINCH); sigaddset(set, SIGTSTP); sigaddset(set, SIGCONT);
}
static inline int cn_block_signals(void) {
    sigset_t set; cn_sigset_workbench(&set);
    return pthread_sigmask(SIG_BLOCK, &set, NULL);
}
static inline int cn_unblock_signals(void) {
    sigset_t set; cn_sigset_workbench(&set);
    return pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}
static inline int cn_signalfd(void) {
    sigset_t set; cn_sigset_workbench(&set);
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}
/// The next pending signal number on a signalfd, or -1.
static inline int cn_signalfd_next(int fd) {
    struct signalfd_siginfo info;
    ssize_t n = read(fd, &info, sizeof info);
    return n == (ssize_t)sizeof info ? (int)info.ssi_signo : -1;
}
static inline int cn_winsize(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}
static inline FILE *cn_stdout(void) { return stdout; }
static inline FILE *cn_stdin(void) { return stdin; }
// A crash (Swift trap, segfault, abort) must not leave the terminal in raw mode: restore it,
// then let the signal take its default course (core dump / crash report as usual).
static void cn_crash_handler(int sig) {
    nc_endwin_if_started();
    signal(sig, SIG_DFL);
    raise(sig);
}
static inline void cn_install_crash_handlers(void) {
    int sigs[] = { SIGSEGV, SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGABRT };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], cn_crash_handler);
}
// Optional mouse: a left click focuses the pane under it, the wheel scrolls it. Reports in
// SGR (1006) encoding, which has no column limit: ncurses decodes them itself when the
// terminfo entry says so (kmous=\E[<, xterm). Entries with the old X10 encoding (tmux-256color,
// screen: kmous=\E[M, clicks past column 223 lost) get SGR switched on here too, and the
// workbench decodes those reports itself. Returns 1 when it must.
#include <string.h>
static inline int cn_mouse_on(void) {
    nc_mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    nc_mouseinterval(0);
    const char *k = nc_tigetstr("kmous");
    if (k != NULL && k != (char *)-1 && strncmp(k, "\033[<", 3) == 0) return 0;
    nc_putp("\033[?1006h");
    fflush(stdout);
    return 1;
}
static inline void cn_mouse_sgr_off(void) { nc_putp("\033[?1006l"); fflush(stdout); }
// Bracketed paste (xterm mode 2004): the terminal wraps pasted text in ESC[200~ … ESC[201~,
// so a paste arrives as one text, not as typed keys. Terminals without it ignore the request.
static inline void cn_paste_on(void) { nc_putp("\033[?2004h"); fflush(stdout); }
static inline void cn_paste_off(void) { nc_putp("\033[?2004l"); fflush(stdout); }
static inline int cn_key_mouse(void) { return KEY_MOUSE; }
// 1: left click, 2: wheel up, 3: wheel down (at x, y); 0: anything else.
static inline int cn_mouse_event(int *x, int *y) {
    MEVENT ev;
    if (nc_getmouse(&ev) != OK) return 0;
    *x = ev.x; *y = ev.y;
    if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) return 1;
    if (ev.bstate & BUTTON4_PRESSED) return 2;
    if (ev.bstate & BUTTON5_PRESSED) return 3;
    return 0;
}
#endif
