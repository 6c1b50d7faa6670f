// The only C seam to ncurses. Swift 6 rejects C globals and cannot import function-like
// macros, so they are wrapped here. pkg-config's -D flags are dropped by SwiftPM, hence the defines.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int cn_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int cn_color_pair(int n) { return COLOR_PAIR(n); }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
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
    endwin();
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
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
    const char *k = tigetstr("kmous");
    if (k != NULL && k != (char *)-1 && strncmp(k, "\033[<", 3) == 0) return 0;
    putp("\033[?1006h");
    fflush(stdout);
    return 1;
}
static inline void cn_mouse_sgr_off(void) { putp("\033[?1006l"); fflush(stdout); }
static inline int cn_key_mouse(void) { return KEY_MOUSE; }
// 1: left click, 2: wheel up, 3: wheel down (at x, y); 0: anything else.
static inline int cn_mouse_event(int *x, int *y) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return 0;
    *x = ev.x; *y = ev.y;
    if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) return 1;
    if (ev.bstate & BUTTON4_PRESSED) return 2;
    if (ev.bstate & BUTTON5_PRESSED) return 3;
    return 0;
}
