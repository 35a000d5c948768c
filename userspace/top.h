/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz top and record: what one sample holds (top_model.c, the cgroups
 * in top_cgroups.c), the series of samples that replay steps through
 * (top_series.c), the screen drawn as a grid of characters with an
 * attribute each (top_canvas.c, top_draw.c, top_panes.c), and the
 * terminal that shows it (top_curses.c, the only file that uses ncurses).
 * Everything but the terminal is plain C, so --once, the tests and record
 * share the drawing and the sampling with the live screen.
 */
#ifndef MEMVIZ_TOP_H
#define MEMVIZ_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "counters.h"
#include "zoneset.h"

/* ---- one sample ---- */

/* /proc/pressure/memory or a cgroup's memory.pressure. */
struct mv_psi {
	bool ok;
	bool has_full;
	double some[3], full[3];	/* avg10, avg60, avg300: percent of time stalled */
	long long some_total, full_total;	/* microseconds since boot */
};

/*
 * What the rates and sparklines need from a sample: small, so a replay
 * keeps one for every frame and the live screen one per refresh.
 */
struct mv_top_point {
	double t;		/* CLOCK_MONOTONIC seconds; < 0: unknown (a snapshot) */
	double t_real;		/* wall clock seconds; < 0: unknown */
	bool vm_ok;		/* c was read */
	struct mv_counters c;
	struct mv_psi psi;
	long long oom_recorded;	/* oom_events' recorded=, -1 without the file */
	long long oom_seq;	/* its newest seq, -1 none */
};

struct mv_top_task {
	long long rank;		/* 1 = the next victim */
	int pid;
	char comm[64];
	long long points, score, adj;
	long long anon, file, shmem, swap, pgtables;	/* pages */
};

/* The newest OOM kill oom_events holds. */
struct mv_top_event {
	long long seq, pid, points, totalpages, boot_ns;
	long long rss, adj, trigger_pid, memcg_id, memcg_max, memcg_usage;
	char comm[64], trigger[64], constraint[16];
};

#define MV_CG_UNLIMITED (-2LL)
#define MV_CG_UNKNOWN (-1LL)

struct mv_top_cg {
	char path[256];
	long long current, high, max;	/* pages; MV_CG_UNLIMITED, MV_CG_UNKNOWN */
	struct mv_psi psi;
};

#define MV_TOP_NOTES 12
#define MV_TOP_TASKS 50

struct mv_top_frame {
	char kernel[128];
	char module[32];	/* the module's memviz= version, "" without it */
	long page_size;
	struct mv_zoneset zs;
	bool zs_ok;
	struct mv_nodefacts nf[64];
	int nnodes;
	struct mv_top_point pt;
	/* the eligible tasks in kill order, at most MV_TOP_TASKS */
	struct mv_top_task *task;
	size_t ntask;
	bool tasks_ok;
	size_t exiting;		/* victims still exiting (oom_victim) */
	int exiting_pid;
	/* oom_events */
	bool ev_file;
	size_t nev;		/* kills the file shows */
	struct mv_top_event ev;	/* the newest, when nev */
	long long now_boot_ns;	/* the file's now_boot_ns, -1 unknown */
	/* cgroups */
	struct mv_top_cg *cg;
	size_t ncg;
	char cg_src[160];
	/* what is missing and why, for the status line and the help screen */
	size_t nnotes;
	char note[MV_TOP_NOTES][256];
};

/* The cheap part of a sample from the current source (mv_source_init). */
void mv_top_point_read(struct mv_top_point *p);
/*
 * A whole sample from the current source around point @pt (copied into
 * it); what could not be read is a note, never a failure.
 */
void mv_top_sample(struct mv_top_frame *f, const struct mv_top_point *pt);
void mv_top_frame_free(struct mv_top_frame *f);
void mv_top_note(struct mv_top_frame *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool mv_psi_parse(const char *buf, struct mv_psi *p);

/* top_cgroups.c: the cgroup v2 root: /sys/fs/cgroup, or DIR/cgroup offline. */
const char *mv_cgroup_root(void);
/* The cgroups of the pane: the memcg file, else oom_memcg, else cgroupfs. */
void mv_top_cgroups(struct mv_top_frame *f);

/* ---- a recorded series (top_series.c) ---- */

/* DIR/snap-<seq>/stamp: when a frame was recorded. */
struct mv_stamp {
	long long seq;
	double t, t_real;	/* < 0 unknown */
};

bool mv_stamp_read(const char *dir, struct mv_stamp *s);
int mv_stamp_write(const char *dir, const struct mv_stamp *s);

struct mv_series {
	char *dir;
	size_t n;
	char **frame;		/* full paths, oldest first */
	struct mv_top_point *pt;	/* each frame's point */
};

/* The frames of @dir (snap-<seq> subdirectories); -1 with @err when none. */
int mv_series_load(struct mv_series *s, const char *dir, char *err, size_t errlen);
void mv_series_free(struct mv_series *s);

/* ---- the screen as characters and attributes ---- */

enum mv_top_attr {
	MV_TA_NORMAL, MV_TA_HEADER, MV_TA_TITLE, MV_TA_FOCUS, MV_TA_COLHDR,
	MV_TA_OK, MV_TA_HIGH, MV_TA_LOW, MV_TA_MIN, MV_TA_MARK, MV_TA_DIM,
	MV_TA_FLASH, MV_TA_STATUS, MV_TA_BOLD, MV_TA_N
};

struct mv_canvas {
	int w, h;
	char *ch;
	unsigned char *at;
};

void mv_canvas_init(struct mv_canvas *c, int w, int h);
void mv_canvas_free(struct mv_canvas *c);
/* @s at (x, y), clipped; bytes outside printable ASCII become '?'. */
void mv_canvas_put(struct mv_canvas *c, int x, int y, const char *s, int attr);
void mv_canvas_attr(struct mv_canvas *c, int x, int y, int len, int attr);
/* Rows as text, trailing blanks cut; @ansi: SGR colours (a terminal). */
void mv_canvas_print(const struct mv_canvas *c, FILE *f, bool ansi);

/* A pane's lines before layout: text and an attribute per character. */
#define MV_LINE_MAX 400

struct mv_line {
	int len;
	char s[MV_LINE_MAX];
	unsigned char a[MV_LINE_MAX];
};

struct mv_pane {
	char title[MV_LINE_MAX];
	int title_attr;
	size_t n, cap;
	size_t fixed;		/* lines at the top that never scroll */
	size_t want;		/* rows (after fixed) it shows unfocused; 0 = all */
	struct mv_line *l;
};

struct mv_line *mv_pane_line(struct mv_pane *p);
void mv_line_add(struct mv_line *l, int attr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Pad (or cut) the line to column @col. */
void mv_line_to(struct mv_line *l, int col);
void mv_pane_free(struct mv_pane *p);

/* ---- what the screen shows ---- */

enum { MV_PANE_ZONES, MV_PANE_RECLAIM, MV_PANE_OOM, MV_PANE_CGROUPS, MV_PANES };

struct mv_top_ui {
	int focus;
	int sort[MV_PANES];
	int scroll[MV_PANES];
	bool paused, help, pages;
	int flash;		/* refreshes the new-kill banner has left */
	char mode[320];		/* "live, every 2.0 s", "replay DIR: frame 3/10" */
	char msg[160];		/* a one-off message for the status line */
	char when[64];		/* a replayed frame's wall-clock time, instead of an age */
};

struct mv_top_view {
	const struct mv_top_frame *f;
	const struct mv_top_point *hist;	/* oldest first; the last is f's */
	size_t nhist;
	double age;		/* seconds since the sample, < 0 unknown */
	double window;		/* seconds of history in a sparkline */
	struct mv_top_ui *ui;
};

/* The sorts of a pane, for `s` and the help screen; NULL-terminated. */
const char *const *mv_top_sorts(int pane);
/* Each pane's lines (top_panes.c). */
void mv_top_panes(struct mv_pane *p, const struct mv_top_view *v, int width);
/*
 * The whole screen into @cv (top_draw.c).  mv_top_height() is the height
 * at which every line of every pane shows (--once to a file or a pipe).
 */
void mv_top_draw(struct mv_canvas *cv, const struct mv_top_view *v);
int mv_top_height(const struct mv_top_view *v, int width);

/* ---- the terminal (top_curses.c) ---- */

enum mv_key {
	MV_KEY_NONE, MV_KEY_QUIT, MV_KEY_HELP, MV_KEY_SORT, MV_KEY_PAUSE,
	MV_KEY_FOCUS1, MV_KEY_FOCUS2, MV_KEY_FOCUS3, MV_KEY_FOCUS4,
	MV_KEY_UP, MV_KEY_DOWN, MV_KEY_LEFT, MV_KEY_RIGHT, MV_KEY_PGUP, MV_KEY_PGDN,
	MV_KEY_HOME, MV_KEY_END, MV_KEY_RESIZE, MV_KEY_ESC, MV_KEY_OTHER,
};

/* Full screen on the terminal; -1 with @err when there is none to use. */
int mv_tui_start(bool color, char *err, size_t errlen);
void mv_tui_size(int *w, int *h);
void mv_tui_show(const struct mv_canvas *cv);
/* A key, MV_KEY_NONE after @timeout_ms, or MV_KEY_QUIT on SIGINT/SIGTERM/SIGHUP. */
enum mv_key mv_tui_key(int timeout_ms);
void mv_tui_flash(void);
/* The terminal as it was; safe to call twice. */
void mv_tui_end(void);
/* The signal that ended the screen (SIGINT, SIGTERM, SIGHUP), or 0. */
int mv_tui_signal(void);

#endif /* MEMVIZ_TOP_H */
