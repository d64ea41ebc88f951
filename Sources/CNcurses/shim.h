// The few ncurses pieces Swift 6 cannot see or may not touch directly: macros (A_BOLD, COLOR_PAIR,
// KEY_*), globals (stdscr, COLORS) and the wide-character entry points. Everything is a small
// static inline function, so no C target is needed.
#ifndef FRONTDESK_CNCURSES_SHIM_H
#define FRONTDESK_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline int fd_attr_bold(void) { return (int)A_BOLD; }
static inline int fd_attr_reverse(void) { return (int)A_REVERSE; }
static inline int fd_attr_underline(void) { return (int)A_UNDERLINE; }
static inline int fd_attr_dim(void) { return (int)A_DIM; }
static inline int fd_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int fd_colors(void) { return COLORS; }
static inline int fd_color_pairs(void) { return COLOR_PAIRS; }
static inline int fd_key_resize(void) { return KEY_RESIZE; }
static inline int fd_key_up(void) { return KEY_UP; }
static inline int fd_key_down(void) { return KEY_DOWN; }
static inline int fd_key_left(void) { return KEY_LEFT; }
static inline int fd_key_right(void) { return KEY_RIGHT; }
static inline int fd_key_npage(void) { return KEY_NPAGE; }
static inline int fd_key_ppage(void) { return KEY_PPAGE; }
static inline int fd_key_home(void) { return KEY_HOME; }
static inline int fd_key_end(void) { return KEY_END; }
static inline int fd_key_enter(void) { return KEY_ENTER; }
static inline int fd_key_backspace(void) { return KEY_BACKSPACE; }
static inline int fd_key_btab(void) { return KEY_BTAB; }
static inline int fd_key_dc(void) { return KEY_DC; }
static inline int fd_key_f(int n) { return KEY_F(n); }

static inline WINDOW *fd_stdscr(void) { return stdscr; }
static inline int fd_lines(void) { return LINES; }
static inline int fd_cols(void) { return COLS; }

/// Reads one key: returns KEY_CODE_YES for function keys, OK for characters, ERR for none.
static inline int fd_get_wch(unsigned int *out) {
    wint_t ch = 0;
    int r = wget_wch(stdscr, &ch);
    *out = (unsigned int)ch;
    return r;
}

static inline int fd_key_code_yes(void) { return KEY_CODE_YES; }

/// Writes UTF-8 text at (y, x) with attributes; text must already be safe to print.
static inline void fd_put(int y, int x, const char *utf8, int attrs) {
    attrset(attrs);
    mvaddstr(y, x, utf8);
}

// --- crash handling: restore the terminal from an async-signal-safe handler ---------------------
static volatile sig_atomic_t fd_curses_active = 0;
static inline void fd_set_curses_active(int on) { fd_curses_active = on; }

// While the dashboard is on screen, stderr goes to the log file (so a Swift runtime "Fatal error"
// message, or anything a library prints, lands in the log instead of under the curses screen);
// the terminal's own stderr is kept in fd_saved_stderr for the one line the crash handler prints.
// (Function-local statics: file-scope arrays in a header Swift imports are not emitted.)
static inline char **fd_crash_text(void) { static char *msg = 0; return &msg; }
static inline size_t *fd_crash_msg_len(void) { static size_t len = 0; return &len; }
static inline int *fd_saved_stderr(void) { static int fd = -1; return &fd; }

/// Sends stderr to `log_fd` and remembers `message` (which names the log) for a crash.
static inline void fd_capture_stderr(int log_fd, const char *message) {
    if (log_fd < 0) return;
    char **msg = fd_crash_text();
    if (*msg == 0) *msg = strdup(message);
    if (*msg != 0) *fd_crash_msg_len() = strlen(*msg);
    *fd_saved_stderr() = dup(STDERR_FILENO);
    dup2(log_fd, STDERR_FILENO);
}

static inline void fd_restore_stderr(void) {
    int *saved = fd_saved_stderr();
    if (*saved < 0) return;
    dup2(*saved, STDERR_FILENO);
    close(*saved);
    *saved = -1;
}

static void fd_crash_handler(int sig) {
    if (fd_curses_active) {
        // endwin() is not formally async-signal-safe; the raw escape strings below are, and
        // reset what matters: leave the alternate screen, show the cursor, reset attributes.
        static const char reset[] = "\033[0m\033[?25h\033[?1049l\r\n";
        (void)!write(STDOUT_FILENO, reset, sizeof(reset) - 1);
        // What happened, in the log (stderr is the log while the dashboard is on screen).
        char line[64] = "frontdesk crashed: signal ";
        size_t n = 26;
        int v = sig, digits[8], k = 0;
        do { digits[k++] = v % 10; v /= 10; } while (v > 0 && k < 8);
        while (k > 0) line[n++] = (char)('0' + digits[--k]);
        line[n++] = '\n';
        (void)!write(STDERR_FILENO, line, n);
        int tty = *fd_saved_stderr() >= 0 ? *fd_saved_stderr() : STDERR_FILENO;
        if (*fd_crash_msg_len() > 0) {
            (void)!write(tty, *fd_crash_text(), *fd_crash_msg_len());
        } else {
            static const char msg[] = "frontdesk: crashed; the terminal was restored.\r\n";
            (void)!write(tty, msg, sizeof(msg) - 1);
        }
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void fd_install_crash_handlers(void) {
    int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) signal(sigs[i], fd_crash_handler);
}

static inline int fd_key_mouse(void) { return KEY_MOUSE; }
/// Turns on clicks (button 1, single and double) only when the user asked for the mouse.
static inline void fd_enable_mouse(void) { mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED, NULL); mouseinterval(200); }
/// Reads a mouse event: returns 1 for a click, 2 for a double click, 0 otherwise.
static inline int fd_read_click(int *x, int *y) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return 0;
    *x = ev.x; *y = ev.y;
    if (ev.bstate & BUTTON1_DOUBLE_CLICKED) return 2;
    if (ev.bstate & BUTTON1_CLICKED) return 1;
    return 0;
}

static inline int fd_set_escdelay(int ms) { return set_escdelay(ms); }
static inline int fd_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}
#endif
