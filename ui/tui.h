/*
 * tui.h - the terminal browser of an analysis (ikescope --tui), finished
 * or still reading its captures.
 *
 * tui_run() shows the analysis in curses on the terminal, or, when
 * o->script is set, runs headless: the keys of the script drive a virtual
 * screen of o->cols x o->rows and each <Dump> in the script writes that
 * screen as plain text to o->dump, so tests compare screens as text.
 *
 * Script notation: a character is that key ("\n" is Enter, "\t" Tab);
 * named keys in angle brackets: <Up> <Down> <Left> <Right> <PgUp> <PgDn>
 * <Home> <End> <Enter> <Tab> <BTab> <Esc> <Bs> <lt> (a '<'), <Resize CxR>
 * (the terminal becomes C columns by R rows), the mouse: <Click C,R> (a
 * click on column C, row R, both from 0) and <WheelUp> <WheelDown> (the
 * wheel over the focused pane, or <WheelUp C,R> over the pane at C,R),
 * <Dump>, and <Read N> (N more frames of a capture being read, see
 * o->load).  The script ends at its end or at the quit key.
 *
 * Ownership: the analysis passed to tui_run() and the options are
 * borrowed; the browser never changes that analysis.  Analyses that
 * o->reanalyze returns belong to the browser: it frees the one it shows
 * when it switches to a newer one and when it returns.
 */
#ifndef IKESCOPE_UI_TUI_H
#define IKESCOPE_UI_TUI_H

#include <stddef.h>
#include <stdio.h>

struct isc_analysis;

#define TUI_DEFAULT_COLS 80
#define TUI_DEFAULT_ROWS 24

struct tui_opts {
	int	    show_keys; /* --show-keys: secret fields in clear */
	const char *title;     /* shown in the title bar (capture name) */
	/* Headless: the key script, where dumps go, the screen's size
	   (0: 80x24).  NULL script: the terminal. */
	const char *script;
	FILE	   *dump;
	int	    cols, rows;
	/*
	 * Keys from inside the browser: analyse the same captures again
	 * with the key set plus `keyline` (one line of the key file).
	 * Returns a finished analysis that the browser then owns, or NULL
	 * with a message in err (a malformed line: the parser's message);
	 * nothing changes then.  NULL: the browser cannot add keys.
	 */
	struct isc_analysis *(*reanalyze)(void *ctx, const char *keyline,
	    char *err, size_t errlen);
	void *ctx;
	/*
	 * The captures still being read: the browser opens at once and
	 * calls load() between key presses.  Each call reads up to
	 * max_frames frames (0: no limit) for at most max_ms milliseconds
	 * (0: no limit), says in status what it is doing ("reading x.pcap
	 * 41%"), and returns 1 while there is more to read, 0 when the
	 * analysis is finished (isc_analysis_finish() done), -1 when it is
	 * but a capture could not be read (status says which and why).
	 * NULL: the analysis passed
	 * is finished.  Headless, the script's <Read N> reads N frames;
	 * a script without <Read> has everything read first.
	 */
	int (*load)(void *ctx, unsigned long max_frames, unsigned max_ms,
	    char *status, size_t len);
	void *load_ctx;
};

/*
 * Browse a until the user quits.  Returns 0, or -1 when the terminal
 * cannot be used (not a terminal, curses fails) or the script is not
 * valid, with a message on stderr.
 */
int tui_run(struct isc_analysis *a, const struct tui_opts *o);

/*
 * A key script from a file, for o->script: newlines in it are Enter, but
 * for the file's last one.  Returns a malloc'd string (the caller frees
 * it), or NULL with errno set.
 */
char *tui_read_script(const char *path);

#endif
