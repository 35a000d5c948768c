// SPDX-License-Identifier: GPL-2.0
/*
 * The terminal side of top, the only part of memviz that uses ncurses:
 * full screen on the alternate screen, roles mapped to colour pairs, keys
 * mapped to top's own, and the terminal always given back as it was:
 *  - q, and SIGINT, SIGTERM, SIGHUP: a flag the key loop sees (getch is
 *    interrupted, no SA_RESTART), then endwin() on the normal path;
 *  - a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT): the handler
 *    cannot call endwin() (not async-signal-safe), so it writes the exit
 *    sequences looked up at start (rmcup, cnorm, sgr0, rmkx) and restores
 *    the saved termios with tcsetattr(), both async-signal-safe, then dies
 *    of the same signal;
 *  - exit() from anywhere (out of memory): an atexit() handler.
 * Our handlers are installed before newterm(), so ncurses leaves SIGINT
 * and SIGTERM to us (it only takes signals that are at their default).
 */
#include <curses.h>
#include <term.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "top.h"

static SCREEN *scr;
static bool active, color_on, hooked;
static struct termios saved;
static bool have_saved;
static volatile sig_atomic_t got_signal;
static char restore_seq[256];
static size_t restore_len;

static void append_cap(const char *name)
{
	char *s = tigetstr(name);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (restore_len + n < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

static void on_stop(int sig)
{
	got_signal = sig;
}

static void on_crash(int sig)
{
	if (active) {
		ssize_t r = write(STDOUT_FILENO, restore_seq, restore_len);

		(void)r;
		if (have_saved)
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void at_exit(void)
{
	mv_tui_end();
}

static void hook_signals(void)
{
	static const int stop[] = { SIGINT, SIGTERM, SIGHUP };
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;	/* no SA_RESTART: getch() returns */
	for (i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
		sigaction(stop[i], &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof(crash) / sizeof(crash[0]); i++)
		sigaction(crash[i], &sa, NULL);
	if (!hooked)
		atexit(at_exit);
	hooked = true;
}

/* Colour pair (1 + role) of each role, and the attributes without colour. */
static const struct {
	short fg, bg;
	chtype attr, mono;
} roles[MV_TA_N] = {
	[MV_TA_NORMAL] = { -1, -1, 0, 0 },
	[MV_TA_HEADER] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[MV_TA_TITLE] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[MV_TA_FOCUS] = { COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD },
	[MV_TA_COLHDR] = { -1, -1, A_UNDERLINE, A_UNDERLINE },
	[MV_TA_OK] = { COLOR_GREEN, -1, 0, 0 },
	[MV_TA_HIGH] = { COLOR_YELLOW, -1, 0, 0 },
	[MV_TA_LOW] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[MV_TA_MIN] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[MV_TA_MARK] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	[MV_TA_DIM] = { -1, -1, A_DIM, A_DIM },
	[MV_TA_FLASH] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[MV_TA_STATUS] = { COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE },
	[MV_TA_BOLD] = { -1, -1, A_BOLD, A_BOLD },
};

int mv_tui_start(bool color, char *err, size_t errlen)
{
	const char *term = getenv("TERM");
	int i;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "top needs a terminal on stdin and stdout (--once prints one screen)");
		return -1;
	}
	have_saved = !tcgetattr(STDIN_FILENO, &saved);
	hook_signals();
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		snprintf(err, errlen, "cannot use the terminal TERM=%s (no terminfo entry for it here?); --once prints one screen",
			 term ? term : "(unset)");
		return -1;
	}
	set_term(scr);
	active = true;
	restore_len = 0;
	append_cap("rmcup");
	append_cap("cnorm");
	append_cap("sgr0");
	append_cap("rmkx");
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	color_on = color && has_colors();
	if (color_on) {
		start_color();
		use_default_colors();
		for (i = 0; i < MV_TA_N; i++)
			init_pair((short)(i + 1), roles[i].fg, roles[i].bg);
	}
	return 0;
}

void mv_tui_size(int *w, int *h)
{
	*w = COLS;
	*h = LINES;
}

void mv_tui_show(const struct mv_canvas *cv)
{
	int x, y;

	erase();
	for (y = 0; y < cv->h && y < LINES; y++) {
		for (x = 0; x < cv->w && x < COLS; x++) {
			int a = cv->at[y * cv->w + x];
			chtype attr = a < MV_TA_N ? (color_on ? roles[a].attr | COLOR_PAIR(a + 1) :
						  roles[a].mono) : 0;

			/* the bottom-right cell would scroll some terminals */
			if (y == LINES - 1 && x == COLS - 1)
				break;
			mvaddch(y, x, (chtype)(unsigned char)cv->ch[y * cv->w + x] | attr);
		}
	}
	refresh();
}

enum mv_key mv_tui_key(int timeout_ms)
{
	int c;

	if (got_signal)
		return MV_KEY_QUIT;
	timeout(timeout_ms < 0 ? -1 : timeout_ms);
	c = getch();
	if (got_signal)
		return MV_KEY_QUIT;
	switch (c) {
	case ERR: return MV_KEY_NONE;
	case 'q': case 'Q': return MV_KEY_QUIT;
	case 'h': case 'H': case '?': case KEY_F(1): return MV_KEY_HELP;
	case 's': case 'S': return MV_KEY_SORT;
	case 'p': case 'P': case ' ': return MV_KEY_PAUSE;
	case '1': return MV_KEY_FOCUS1;
	case '2': return MV_KEY_FOCUS2;
	case '3': return MV_KEY_FOCUS3;
	case '4': return MV_KEY_FOCUS4;
	case KEY_UP: case 'k': return MV_KEY_UP;
	case KEY_DOWN: case 'j': return MV_KEY_DOWN;
	case KEY_LEFT: return MV_KEY_LEFT;
	case KEY_RIGHT: return MV_KEY_RIGHT;
	case KEY_PPAGE: return MV_KEY_PGUP;
	case KEY_NPAGE: return MV_KEY_PGDN;
	case KEY_HOME: return MV_KEY_HOME;
	case KEY_END: return MV_KEY_END;
	case KEY_RESIZE: return MV_KEY_RESIZE;
	case 27: return MV_KEY_ESC;
	default: return MV_KEY_OTHER;
	}
}

void mv_tui_flash(void)
{
	flash();
}

void mv_tui_end(void)
{
	if (!active)
		return;
	active = false;
	endwin();
	delscreen(scr);
	scr = NULL;
	if (have_saved)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	fflush(stdout);
}

int mv_tui_signal(void)
{
	return (int)got_signal;
}
