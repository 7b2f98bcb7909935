/*
 * tui.c - the terminal browser: the requests (one list that makes the key
 * bindings and the help screen), the loop that turns keys into requests,
 * the one drawer that draws every view from the rows its panes supply,
 * and the two screens it draws on: curses on a terminal, or a virtual
 * screen driven by a key script whose dumps are plain text (tests).
 */
#include "config.h"

#include <ctype.h>
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../analyzer/crypto.h"
#include "../analyzer/util.h"
#include "fields.h"
#include "tui_int.h"

/* Reading the captures with the browser open: a slice between keys, and
   the views rebuilt at most this often. */
#define LOAD_SLICE_MS  20
#define LOAD_REDRAW_MS 250

static uint64_t
tui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* --- requests ----------------------------------------------------------- */

#define CTRL(c) ((c)&0x1f)

/*
 * Every user intent: its name, up to three keys, and what the help screen
 * says.  The bindings and the help are both made from this list.
 *
 * Left and Right expand and collapse tree nodes; in panes without a tree
 * they scroll sideways, as < and > do everywhere.  K reads one line of
 * the key file (k is already "up"), and o->reanalyze analyses the
 * captures again with it; views keep indices, not pointers, so
 * view_rebind() finds their place in the new analysis.
 */
#define TUI_REQUESTS(R) \
	R(UP, "move up / scroll up", KEY_UP, 'k', 0) \
	R(DOWN, "move down / scroll down", KEY_DOWN, 'j', 0) \
	R(PGUP, "page up", KEY_PPAGE, CTRL('b'), 0) \
	R(PGDN, "page down", KEY_NPAGE, CTRL('f'), ' ') \
	R(HOME, "first row", KEY_HOME, 'g', 0) \
	R(END, "last row", KEY_END, 'G', 0) \
	R(OPEN, "open (SA, message, ESP SA) / expand or collapse", '\n', '\r', \
	    KEY_ENTER) \
	R(EXPAND, "expand a tree node; elsewhere scroll right", KEY_RIGHT, \
	    'l', 0) \
	R(COLLAPSE, \
	    "collapse a node or go to its parent; elsewhere scroll " \
	    "left", \
	    KEY_LEFT, 'h', 0) \
	R(SCROLL_LEFT, "scroll the pane left", '<', 0, 0) \
	R(SCROLL_RIGHT, "scroll the pane right (long rows)", '>', 0, 0) \
	R(BACK, "back to the previous view", KEY_BACKSPACE, 27, 127) \
	R(NEXT_PANE, "next pane", '\t', 0, 0) \
	R(PREV_PANE, "previous pane", KEY_BTAB, 0, 0) \
	R(SEARCH, "search the focused pane", '/', 0, 0) \
	R(FIND_NEXT, "next match", 'n', 0, 0) \
	R(FIND_PREV, "previous match", 'N', 0, 0) \
	R(FILTER, "filter: f failed only, p peer, c clear", 'f', 0, 0) \
	R(KEY, "add a key (one key file line) and analyse again", 'K', 0, 0) \
	R(REDRAW, "redraw the screen", CTRL('l'), 0, 0) \
	R(HELP, "this help", '?', KEY_F(1), 0) \
	R(QUIT, "quit", 'q', 0, 0)

enum request {
	REQ_NONE,
#define R_ENUM(id, help, k1, k2, k3) REQ_##id,
	TUI_REQUESTS(R_ENUM)
#undef R_ENUM
};

static const struct request_def {
	enum request req;
	const char  *help;
	int	     keys[3];
} requests[] = {
#define R_DEF(id, help, k1, k2, k3) { REQ_##id, help, { k1, k2, k3 } },
	TUI_REQUESTS(R_DEF)
#undef R_DEF
};

#define NREQUESTS (sizeof(requests) / sizeof(requests[0]))

static enum request
key_request(int key)
{
	size_t i;
	int    j;

	if (key == 8 || key == KEY_DC)
		key = KEY_BACKSPACE;
	for (i = 0; i < NREQUESTS; i++)
		for (j = 0; j < 3; j++)
			if (requests[i].keys[j] != 0 &&
			    requests[i].keys[j] == key)
				return requests[i].req;
	return REQ_NONE;
}

static const char *
req_key_name(int key, char *buf, size_t len)
{
	static const struct {
		int	    key;
		const char *name;
	} names[] = {
		{ KEY_UP, "Up" },
		{ KEY_DOWN, "Down" },
		{ KEY_LEFT, "Left" },
		{ KEY_RIGHT, "Right" },
		{ KEY_PPAGE, "PgUp" },
		{ KEY_NPAGE, "PgDn" },
		{ KEY_HOME, "Home" },
		{ KEY_END, "End" },
		{ KEY_ENTER, "Enter" },
		{ KEY_BACKSPACE, "Backspace" },
		{ KEY_BTAB, "Shift-Tab" },
		{ KEY_F(1), "F1" },
		{ '\n', "Enter" },
		{ '\r', "Return" },
		{ '\t', "Tab" },
		{ ' ', "Space" },
		{ 27, "Esc" },
		{ 127, "Del" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].key == key)
			return names[i].name;
	if (key > 0 && key < 32)
		snprintf(buf, len, "Ctrl-%c", key + '@');
	else if (key >= 32 && key < 127)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "key %d", key);
	return buf;
}

void
tui_help_text(struct ttext *t)
{
	char   keys[64], kb[16];
	size_t i;
	int    j;

	ttext_add(t, ST_HEAD, 0, "Keys");
	for (i = 0; i < NREQUESTS; i++) {
		keys[0] = '\0';
		for (j = 0; j < 3; j++) {
			/* Return and the keypad's Enter are Enter too. */
			if (requests[i].keys[j] == 0 ||
			    requests[i].keys[j] == '\r' ||
			    requests[i].keys[j] == KEY_ENTER)
				continue;
			if (keys[0] != '\0')
				strncat(keys, " ",
				    sizeof(keys) - strlen(keys) - 1);
			strncat(keys,
			    req_key_name(requests[i].keys[j], kb, sizeof(kb)),
			    sizeof(keys) - strlen(keys) - 1);
		}
		ttext_addf(t, ST_NORMAL, 20, "  %-18s%s", keys,
		    requests[i].help);
	}
	ttext_add(t, ST_NORMAL, 0, "");
	ttext_add(t, ST_HEAD, 0, "Views");
	ttext_add(t, ST_NORMAL, 4,
	    "  SAs: IKE SAs (outcome, first error), then ESP/AH SAs; below, "
	    "the selected SA's diagnosis.");
	ttext_add(t, ST_NORMAL, 4,
	    "  Ladder: the SA's messages between initiator and responder in "
	    "time order; {} decrypted (IKEv2), [] decrypted (IKEv1); marks: "
	    "d decrypted, e encrypted without keys, X decryption or "
	    "authentication failed, r retransmission.");
	ttext_add(t, ST_NORMAL, 4,
	    "  Message: every field, decrypted payloads under the encrypted "
	    "body; below, the bytes with the field's span in [ ].");
	ttext_add(t, ST_NORMAL, 4,
	    "  ESP: the SA's packets (frame, sequence number, result, what "
	    "was inside).");
	ttext_add(t, ST_NORMAL, 0, "");
	ttext_add(t, ST_HEAD, 0, "Mouse");
	ttext_add(t, ST_NORMAL, 4,
	    "  A click focuses the pane under it and selects the row clicked; "
	    "the wheel moves through the pane under it.");
}

/* --- lines and text ----------------------------------------------------- */

void
tl_init(struct tline *l, int width)
{
	l->n = 0;
	l->width = width < 0 ? 0 : width > TUI_MAXW ? TUI_MAXW : width;
}

void
tl_putc(struct tline *l, enum tstyle st, char c)
{
	if (l->n >= l->width)
		return;
	l->c[l->n].ch = c;
	l->c[l->n].st = (uint8_t)st;
	l->n++;
}

void
tl_puts(struct tline *l, enum tstyle st, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char		     esc[8];
	int		     k;

	for (; *p != '\0' && l->n < l->width; p++) {
		if (*p >= 0x20 && *p < 0x7f) {
			tl_putc(l, st, (char)*p);
			continue;
		}
		snprintf(esc, sizeof(esc), "\\x%02x", *p);
		for (k = 0; esc[k] != '\0'; k++)
			tl_putc(l, st, esc[k]);
	}
}

void
tl_printf(struct tline *l, enum tstyle st, const char *fmt, ...)
{
	char	buf[TUI_MAXW + 1];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	tl_puts(l, st, buf);
}

void
tl_pad(struct tline *l, int col)
{
	while (l->n < col && l->n < l->width)
		tl_putc(l, ST_NORMAL, ' ');
}

void
tl_text(const struct tline *l, char *buf, size_t len)
{
	size_t i;

	if (len == 0)
		return;
	for (i = 0; i < (size_t)l->n && i + 1 < len; i++)
		buf[i] = l->c[i].ch;
	buf[i] = '\0';
}

void
ttext_clear(struct ttext *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].s);
	t->n = 0;
}

void
ttext_free(struct ttext *t)
{
	ttext_clear(t);
	free(t->v);
	t->v = NULL;
	t->cap = 0;
}

static void
ttext_push(struct ttext *t, enum tstyle st, const char *s, size_t n)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	t->v[t->n].st = (uint8_t)st;
	t->v[t->n].s = xmalloc(n + 1);
	memcpy(t->v[t->n].s, s, n);
	t->v[t->n].s[n] = '\0';
	t->n++;
}

void
ttext_add(struct ttext *t, enum tstyle st, int indent, const char *s)
{
	char   safe[4096], line[TUI_MAXW + 1];
	size_t len, at = 0, w = t->width > 0 ? (size_t)t->width : 80, take;
	size_t in = indent > 0 && (size_t)indent < w / 2 ? (size_t)indent : 0;
	int    first = 1;

	ascii_safe(s, safe, sizeof(safe));
	len = strlen(safe);
	if (w > TUI_MAXW)
		w = TUI_MAXW;
	do {
		size_t room = first ? w : w - in;

		take = len - at;
		if (take > room) {
			/* Break at the last blank that fits, if any. */
			size_t b = room;

			while (b > room / 2 && safe[at + b] != ' ')
				b--;
			take = b > room / 2 ? b : room;
		}
		if (first) {
			ttext_push(t, st, safe + at, take);
		} else {
			memset(line, ' ', in);
			memcpy(line + in, safe + at, take);
			ttext_push(t, st, line, in + take);
		}
		at += take;
		while (at < len && safe[at] == ' ')
			at++;
		first = 0;
	} while (at < len);
}

void
ttext_addf(struct ttext *t, enum tstyle st, int indent, const char *fmt, ...)
{
	char	buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ttext_add(t, st, indent, buf);
}

int
tui_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i, j;

	for (i = 0; hay[i] != '\0'; i++) {
		for (j = 0; j < n && hay[i + j] != '\0'; j++)
			if (tolower((unsigned char)hay[i + j]) !=
			    tolower((unsigned char)needle[j]))
				break;
		if (j == n)
			return 1;
	}
	return n == 0;
}

/* --- the screen --------------------------------------------------------- */

static int
screen_size(struct tscreen *s, int cols, int rows)
{
	size_t n;

	if (cols > TUI_MAXW)
		cols = TUI_MAXW;
	if (cols < 1 || rows < 1)
		return -1;
	n = (size_t)cols * (size_t)rows;
	free(s->c);
	free(s->shown);
	s->c = xcalloc(n, sizeof(*s->c));
	s->shown = xcalloc(n, sizeof(*s->shown));
	s->cols = cols;
	s->rows = rows;
	memset(s->c, 0, n * sizeof(*s->c));
	/* Nothing is known to be on the terminal: every line differs. */
	memset(s->shown, 0xff, n * sizeof(*s->shown));
	return 0;
}

static void
screen_line(struct tscreen *s, int y, const struct tline *l, uint8_t extra)
{
	int x;

	if (y < 0 || y >= s->rows)
		return;
	for (x = 0; x < s->cols; x++) {
		struct tcell *c = &s->c[(size_t)y * (size_t)s->cols + x];

		if (x < l->n) {
			*c = l->c[x];
			c->st |= extra;
		} else {
			c->ch = ' ';
			c->st = extra & ST_SEL ? (uint8_t)(ST_NORMAL | extra) :
						 ST_NORMAL;
		}
	}
}

static void
screen_dump(const struct tscreen *s, FILE *f, int n)
{
	char line[TUI_MAXW + 1];
	int  x, y, end;

	fprintf(f, "-- screen %d (%dx%d) --\n", n, s->cols, s->rows);
	for (y = 0; y < s->rows; y++) {
		end = 0;
		for (x = 0; x < s->cols; x++) {
			char ch = s->c[(size_t)y * (size_t)s->cols + x].ch;

			line[x] = ch >= 0x20 && ch < 0x7f ? ch : ' ';
			if (line[x] != ' ')
				end = x + 1;
		}
		line[end] = '\0';
		fprintf(f, "%s\n", line);
	}
}

/* Curses attributes of a style, in colour or in monochrome. */
static chtype
style_attr(const struct tui *t, uint8_t st)
{
	chtype a = A_NORMAL;

	switch (st & ST_STYLE) {
	case ST_TITLE:
		a = t->colour ? COLOR_PAIR(ST_TITLE) | A_BOLD : A_REVERSE;
		break;
	case ST_HEAD:
		a = t->colour ? COLOR_PAIR(ST_HEAD) | A_BOLD :
				A_BOLD | A_UNDERLINE;
		break;
	case ST_MARK:
		a = A_REVERSE;
		break;
	case ST_ERR:
		a = A_BOLD;
		/* FALLTHROUGH */
	case ST_OK:
	case ST_WARN:
	case ST_INFO:
		if (t->colour)
			a |= COLOR_PAIR(st & ST_STYLE);
		break;
	case ST_DIM:
		a = A_DIM;
		break;
	}
	if (st & ST_SEL)
		a |= A_REVERSE;
	else if (st & ST_SEL2)
		a |= A_BOLD | A_UNDERLINE;
	return a;
}

static void
colours_init(struct tui *t)
{
	t->colour = has_colors() && start_color() == OK;
	if (!t->colour)
		return;
	use_default_colors();
	init_pair(ST_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(ST_HEAD, COLOR_CYAN, -1);
	init_pair(ST_OK, COLOR_GREEN, -1);
	init_pair(ST_ERR, COLOR_RED, -1);
	init_pair(ST_WARN, COLOR_YELLOW, -1);
	init_pair(ST_INFO, COLOR_CYAN, -1);
}

/* Copy the lines that changed into stdscr; curses sends what differs. */
static void
screen_flush(struct tui *t)
{
	struct tscreen *s = &t->s;
	chtype		buf[TUI_MAXW + 1];
	int		x, y;

	for (y = 0; y < s->rows; y++) {
		struct tcell *c = &s->c[(size_t)y * (size_t)s->cols];
		struct tcell *o = &s->shown[(size_t)y * (size_t)s->cols];

		if (memcmp(c, o, (size_t)s->cols * sizeof(*c)) == 0)
			continue;
		for (x = 0; x < s->cols; x++)
			buf[x] = (chtype)(unsigned char)c[x].ch |
			    style_attr(t, c[x].st);
		buf[x] = 0;
		mvwaddchnstr(stdscr, y, 0, buf, s->cols);
		memcpy(o, c, (size_t)s->cols * sizeof(*c));
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* --- the drawer --------------------------------------------------------- */

static struct view *
top_view(struct tui *t)
{
	return &t->views[t->nviews - 1];
}

/* The title bar is row 0, the status line the last row. */
#define BODY_TOP 1

/* Rows of pane i of v: [y0, y0 + h) including its header line. */
static size_t pane_nrows(struct tui *, struct view *, int);

/* Rows of pane i of v: [y0, y0 + h) including its header line.  The
   list gets what its rows need, up to three fifths; the rest shows the
   details. */
static void
pane_geometry(struct tui *t, struct view *v, int i, int *y0, int *h)
{
	int    body = t->s.rows - 2, h0;
	size_t want;

	if (v->np == 1) {
		*y0 = BODY_TOP;
		*h = body;
		return;
	}
	if (v->kind == V_MSG)
		h0 = (body + 1) / 2;
	else {
		want = pane_nrows(t, v, 0) + 1;
		h0 = (body * 3) / 5;
		if (want < (size_t)h0)
			h0 = (int)want;
		if (h0 < body / 3)
			h0 = body / 3;
	}
	if (h0 < 2)
		h0 = body > 2 ? 2 : body;
	if (i == 0) {
		*y0 = BODY_TOP;
		*h = h0;
	} else {
		*y0 = BODY_TOP + h0;
		*h = body - h0;
	}
}

static size_t
pane_nrows(struct tui *t, struct view *v, int i)
{
	return v->p[i].ops->nrows(t, v, i);
}

/* Keep the cursor inside the rows and on the screen. */
static void
pane_clamp(struct tui *t, struct view *v, int i)
{
	struct pane *p = &v->p[i];
	size_t	     n = pane_nrows(t, v, i);
	size_t	     h = p->h > 1 ? (size_t)p->h - 1 : 1;

	if (!p->ops->selectable) {
		size_t max = n > h ? n - h : 0;

		if (p->top > max)
			p->top = max;
		p->cur = p->top;
		return;
	}
	if (n == 0) {
		p->cur = p->top = 0;
		return;
	}
	if (p->cur >= n)
		p->cur = n - 1;
	if (p->cur < p->top)
		p->top = p->cur;
	if (p->cur >= p->top + h)
		p->top = p->cur - h + 1;
	if (p->top + h > n)
		p->top = n > h ? n - h : 0;
}

/*
 * A row drawn `left` columns wider than the pane, seen from column
 * `left` on: its first cell (the cursor mark) stays, the `left` cells
 * after it go, and it is cut to w.
 */
static void
tl_shift(struct tline *l, int left, int w)
{
	if (left > 0 && l->n > 1) {
		int k = l->n - 1 - left > 0 ? l->n - 1 - left : 0;

		memmove(&l->c[1], &l->c[1 + left < l->n ? 1 + left : l->n],
		    (size_t)k * sizeof(l->c[0]));
		l->n = 1 + k;
	}
	if (l->n > w)
		l->n = w;
	l->width = w < TUI_MAXW ? w : TUI_MAXW;
}

static void
draw_pane(struct tui *t, struct view *v, int i)
{
	struct pane *p = &v->p[i];
	struct tline l;
	int	     y0, h, y, w = t->s.cols;
	size_t	     n, r;
	char	     pos[32];

	pane_geometry(t, v, i, &y0, &h);
	p->h = h;
	if (p->ops->build != NULL)
		p->ops->build(t, v, i, w - 1);
	pane_clamp(t, v, i);
	n = pane_nrows(t, v, i);
	/* Header: the pane's title, the position on the right (and how far
	   it is scrolled sideways). */
	tl_init(&l, w + p->left);
	tl_putc(&l, ST_HEAD, v->focus == i && v->np > 1 ? '*' : ' ');
	p->ops->header(t, v, i, &l);
	tl_shift(&l, p->left, w);
	if (n > 0)
		snprintf(pos, sizeof(pos), "%s%.0d %zu/%zu",
		    p->left > 0 ? " >" : "", p->left,
		    (p->ops->selectable ? p->cur : p->top) + 1, n);
	else
		snprintf(pos, sizeof(pos), " 0/0");
	if (l.n > w - (int)strlen(pos))
		l.n = w - (int)strlen(pos) > 0 ? w - (int)strlen(pos) : 0;
	while (l.n < w - (int)strlen(pos))
		tl_putc(&l, ST_HEAD, ' ');
	tl_puts(&l, ST_HEAD, pos);
	for (y = 0; y < l.n; y++)
		l.c[y].st = (l.c[y].st & ~ST_STYLE) | ST_HEAD;
	screen_line(&t->s, y0, &l, 0);
	for (y = 1; y < h; y++) {
		uint8_t extra = 0;

		r = p->top + (size_t)(y - 1);
		tl_init(&l, w + p->left);
		if (r < n) {
			int sel = p->ops->selectable && r == p->cur;

			tl_putc(&l, ST_NORMAL,
			    sel ? (v->focus == i ? '>' : '-') : ' ');
			p->ops->row(t, v, i, r, &l);
			tl_shift(&l, p->left, w);
			if (sel)
				extra = v->focus == i ? ST_SEL : ST_SEL2;
		}
		screen_line(&t->s, y0 + y, &l, extra);
	}
}

static const char *
view_name(enum view_kind k)
{
	switch (k) {
	case V_SAS:
		return "SAs";
	case V_LADDER:
		return "Ladder";
	case V_MSG:
		return "Message";
	case V_ESP:
		return "ESP";
	default:
		return "Help";
	}
}

static void
draw_title(struct tui *t)
{
	struct tline l;
	int	     i;

	tl_init(&l, t->s.cols);
	tl_puts(&l, ST_TITLE, " ikescope");
	for (i = 0; i < t->nviews; i++) {
		tl_puts(&l, ST_TITLE, i ? " > " : "  ");
		tl_puts(&l, ST_TITLE, view_name(t->views[i].kind));
	}
	if (top_view(t)->title[0] != '\0') {
		tl_puts(&l, ST_TITLE, ": ");
		tl_puts(&l, ST_TITLE, top_view(t)->title);
	}
	if (t->f_failed || t->f_peer[0] != '\0') {
		tl_puts(&l, ST_TITLE, "  [filter:");
		if (t->f_failed)
			tl_puts(&l, ST_TITLE, " failed");
		if (t->f_peer[0] != '\0') {
			tl_puts(&l, ST_TITLE, " peer ");
			tl_puts(&l, ST_TITLE, t->f_peer);
		}
		tl_puts(&l, ST_TITLE, "]");
	}
	while (l.n < l.width)
		tl_putc(&l, ST_TITLE, ' ');
	screen_line(&t->s, 0, &l, 0);
}

static void
draw_status(struct tui *t)
{
	struct tline l;

	tl_init(&l, t->s.cols);
	switch (t->prompt) {
	case PR_SEARCH:
		tl_puts(&l, ST_NORMAL, "/");
		tl_puts(&l, ST_NORMAL, t->input);
		break;
	case PR_PEER:
		tl_puts(&l, ST_NORMAL, "peer contains: ");
		tl_puts(&l, ST_NORMAL, t->input);
		break;
	case PR_KEY: {
		/* The end of a long line: where the typing is. */
		static const char pr[] = "key line: ";
		int		  room = l.width - (int)sizeof(pr);
		size_t		  from = room > 0 && t->ninput > (size_t)room ?
			       t->ninput - (size_t)room :
			       0;

		tl_puts(&l, ST_NORMAL, pr);
		tl_puts(&l, ST_NORMAL, t->input + from);
		break;
	}
	case PR_FILTER:
		tl_printf(&l, ST_NORMAL,
		    "filter: f failed only (%s)  p peer  c clear  Esc cancel",
		    t->f_failed ? "on" : "off");
		break;
	default:
		/* While the captures are read, what is read comes first. */
		if (t->loading) {
			tl_puts(&l, ST_TITLE, " ");
			tl_puts(&l, ST_TITLE, t->load_status);
			tl_puts(&l, ST_TITLE, "  ");
		}
		if (t->msg[0] != '\0')
			tl_puts(&l, ST_NORMAL, t->msg);
		else
			tl_puts(&l, ST_TITLE,
			    t->loading ? "Enter open  ? help  q quit" :
					 " Enter open  Bs back  Tab pane  / "
					 "search  f filter  K key  ? help  q "
					 "quit");
		while (t->msg[0] == '\0' && l.n < l.width)
			tl_putc(&l, ST_TITLE, ' ');
	}
	screen_line(&t->s, t->s.rows - 1, &l, 0);
}

static void
draw(struct tui *t, int what)
{
	struct view *v = top_view(t);
	int	     i;

	if (t->s.cols < TUI_MINW || t->s.rows < TUI_MINH) {
		struct tline l;
		int	     y;

		for (y = 0; y < t->s.rows; y++) {
			tl_init(&l, t->s.cols);
			if (y == 0)
				tl_puts(&l, ST_NORMAL, "terminal too small");
			screen_line(&t->s, y, &l, 0);
		}
		return;
	}
	if (what & RD_PANES) {
		draw_title(t);
		for (i = 0; i < v->np; i++)
			draw_pane(t, v, i);
	}
	if (what & RD_STATUS)
		draw_status(t);
}

/* --- requests on the focused pane --------------------------------------- */

static int
pane_move_in(struct tui *t, struct view *v, int i, long delta, int absolute)
{
	struct pane *p = &v->p[i];
	size_t	     n = pane_nrows(t, v, i);
	size_t	    *at = p->ops->selectable ? &p->cur : &p->top;
	long	     to;

	if (absolute)
		to = delta < 0 ? (long)n - 1 : 0;
	else
		to = (long)*at + delta;
	if (to < 0 || n == 0)
		to = 0;
	if (n > 0 && (size_t)to >= n)
		to = (long)n - 1;
	*at = (size_t)to;
	if (!p->ops->selectable)
		pane_clamp(t, v, i);
	return RD_PANES;
}

static int
pane_move(struct tui *t, struct view *v, long delta, int absolute)
{
	return pane_move_in(t, v, v->focus, delta, absolute);
}

/* Sideways, by 8 columns; a row is at most TUI_MAXW wide. */
static int
pane_hscroll(struct tui *t, struct view *v, int dir)
{
	struct pane *p = &v->p[v->focus];
	int	     max = TUI_MAXW - t->s.cols, to = p->left + 8 * dir;

	if (to > max)
		to = max;
	if (to < 0)
		to = 0;
	if (to == p->left)
		return RD_NONE;
	p->left = to;
	return RD_PANES;
}

static int find_step(struct tui *, unsigned ms);

/* Search the focused pane for t->search from the row after the cursor. */
static int
find(struct tui *t, int dir)
{
	struct view *v = top_view(t);
	struct pane *p = &v->p[v->focus];

	if (t->search[0] == '\0') {
		snprintf(t->msg, sizeof(t->msg), "no search yet: / first");
		return RD_STATUS;
	}
	if (p->ops->build != NULL)
		p->ops->build(t, v, v->focus, t->s.cols - 1);
	if (p->ops->find != NULL) {
		if (p->ops->find(t, v, v->focus, t->search, dir)) {
			snprintf(t->msg, sizeof(t->msg), "/%s: row %zu",
			    t->search, p->cur + 1);
			return RD_ALL;
		}
		snprintf(t->msg, sizeof(t->msg), "not found: %s", t->search);
		return RD_STATUS;
	}
	t->finding = 1;
	t->f_dir = dir;
	t->f_k = 1;
	t->f_n = pane_nrows(t, v, v->focus);
	t->f_at = p->ops->selectable ? p->cur : p->top;
	return find_step(t, t->curses ? LOAD_SLICE_MS : 0);
}

/*
 * The rows of a search, for at most ms milliseconds (0: to the end).  A
 * pane of millions of rows (an ESP SA's packets) is searched a slice at
 * a time between key presses, so the browser keeps answering; a key
 * pressed meanwhile stops the search.
 */
static int
find_step(struct tui *t, unsigned ms)
{
	struct view *v = top_view(t);
	struct pane *p = &v->p[v->focus];
	struct tline l;
	char	     text[TUI_MAXW + 1];
	size_t	     n = t->f_n, i;
	uint64_t     t0 = tui_now_ms();

	for (; t->f_k <= n; t->f_k++) {
		if (ms != 0 && (t->f_k & 1023) == 0 &&
		    tui_now_ms() - t0 >= ms) {
			snprintf(t->msg, sizeof(t->msg),
			    "searching /%s: %zu%%  (any key stops)", t->search,
			    (size_t)(t->f_k * 100 / n));
			return RD_STATUS;
		}
		i = t->f_dir > 0 ? (t->f_at + t->f_k) % n :
				   (t->f_at + n - t->f_k % n) % n;
		tl_init(&l, TUI_MAXW);
		p->ops->row(t, v, v->focus, i, &l);
		tl_text(&l, text, sizeof(text));
		if (tui_contains(text, t->search)) {
			t->finding = 0;
			if (p->ops->selectable)
				p->cur = i;
			else
				p->top = i;
			snprintf(t->msg, sizeof(t->msg), "/%s: row %zu",
			    t->search, i + 1);
			return RD_ALL;
		}
	}
	t->finding = 0;
	snprintf(t->msg, sizeof(t->msg), "not found: %s", t->search);
	return RD_STATUS;
}

static void
refresh_all(struct tui *t)
{
	int i;

	for (i = 0; i < t->nviews; i++)
		view_refresh(t, &t->views[i]);
}

/* What the user typed may hold a secret. */
static void
input_wipe(struct tui *t)
{
	crypto_wipe(t->input, sizeof(t->input));
	t->ninput = 0;
}

/*
 * Reading the captures while the browser is open: a slice of them, then
 * the views take in what is new.  Rebuilding the rows costs time with
 * many SAs, so on a terminal it is done a few times a second, not after
 * every slice; the status line follows every slice.
 */
static int
load_step(struct tui *t, unsigned long frames, unsigned ms)
{
	uint64_t now;
	int	 more, i;

	more = t->o->load(t->o->load_ctx, frames, ms, t->load_status,
	    sizeof(t->load_status));
	now = tui_now_ms();
	if (more > 0 && t->curses && now - t->load_drawn < LOAD_REDRAW_MS)
		return RD_STATUS;
	t->load_drawn = now;
	/* The end of the reading is said when the reading was seen, or
	   when a capture could not be read. */
	if (more <= 0) {
		t->loading = 0;
		if (t->load_steps > 0 || more < 0)
			snprintf(t->msg, sizeof(t->msg), "%s", t->load_status);
	}
	t->load_steps++;
	for (i = 0; i < t->nviews; i++)
		view_grow(t, &t->views[i]);
	return RD_ALL;
}

/*
 * The line typed at the K prompt: the captures are analysed again with
 * it.  The views find their place in the new analysis (or go back to
 * where they still can); the old analysis is freed when the browser made
 * it.
 */
static int
add_key(struct tui *t)
{
	struct isc_analysis *na, *old = t->a;
	char		     err[256];
	int		     i;

	if (t->ninput == 0)
		return RD_STATUS;
	if (t->o->reanalyze == NULL) {
		input_wipe(t);
		snprintf(t->msg, sizeof(t->msg),
		    "keys cannot be added here (no captures to read again)");
		return RD_STATUS;
	}
	if (t->curses) {
		snprintf(t->msg, sizeof(t->msg),
		    "reading the captures again with the new key...");
		draw(t, RD_STATUS);
		screen_flush(t);
	}
	err[0] = '\0';
	na = t->o->reanalyze(t->o->ctx, t->input, err, sizeof(err));
	input_wipe(t);
	if (na == NULL) {
		snprintf(t->msg, sizeof(t->msg), "key not added: %s",
		    err[0] != '\0' ? err : "the analysis failed");
		return RD_STATUS;
	}
	t->a = na;
	/* The new analysis read the captures whole: the reading that was
	   going on is dropped. */
	t->loading = 0;
	for (i = 0; i < t->nviews; i++)
		if (view_rebind(t, &t->views[i], old) != 0)
			break;
	while (t->nviews > i && t->nviews > 1) {
		view_free(&t->views[t->nviews - 1]);
		t->nviews--;
	}
	if (t->owned)
		isc_analysis_free(old);
	t->owned = 1;
	snprintf(t->msg, sizeof(t->msg),
	    "key added: the captures were analysed again");
	return RD_ALL;
}

static int
prompt_key(struct tui *t, int key)
{
	int kind = t->prompt;

	if (kind == PR_FILTER) {
		t->prompt = PR_NONE;
		switch (key) {
		case 'f':
			t->f_failed = !t->f_failed;
			break;
		case 'p':
			t->prompt = PR_PEER;
			t->ninput = 0;
			t->input[0] = '\0';
			return RD_STATUS;
		case 'c':
			t->f_failed = 0;
			t->f_peer[0] = '\0';
			break;
		default:
			return RD_STATUS;
		}
		refresh_all(t);
		return RD_ALL;
	}
	if (key == 27) {
		t->prompt = PR_NONE;
		input_wipe(t);
		return RD_STATUS;
	}
	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		t->prompt = PR_NONE;
		if (kind == PR_KEY)
			return add_key(t);
		if (kind == PR_SEARCH) {
			if (t->ninput == 0)
				return RD_STATUS;
			snprintf(t->search, sizeof(t->search), "%.*s",
			    (int)sizeof(t->search) - 1, t->input);
			return find(t, 1) | RD_STATUS;
		}
		snprintf(t->f_peer, sizeof(t->f_peer), "%.*s",
		    (int)sizeof(t->f_peer) - 1, t->input);
		refresh_all(t);
		return RD_ALL;
	}
	if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (t->ninput > 0)
			t->input[--t->ninput] = '\0';
		return RD_STATUS;
	}
	/* A search or a peer is short; a key line may be long. */
	if (key >= 0x20 && key < 0x7f &&
	    t->ninput + 1 <
		(kind == PR_KEY ? sizeof(t->input) : sizeof(t->search))) {
		t->input[t->ninput++] = (char)key;
		t->input[t->ninput] = '\0';
	}
	return RD_STATUS;
}

static int
handle(struct tui *t, int key)
{
	struct view *v = top_view(t);
	struct pane *p = &v->p[v->focus];
	int	     page = p->h > 2 ? p->h - 2 : 1;

	if (t->prompt != PR_NONE)
		return prompt_key(t, key);
	if (t->msg[0] != '\0') {
		t->msg[0] = '\0';
		return handle(t, key) | RD_STATUS;
	}
	switch (key_request(key)) {
	case REQ_UP:
		return pane_move(t, v, -1, 0);
	case REQ_DOWN:
		return pane_move(t, v, 1, 0);
	case REQ_PGUP:
		return pane_move(t, v, -page, 0);
	case REQ_PGDN:
		return pane_move(t, v, page, 0);
	case REQ_HOME:
		return pane_move(t, v, 0, 1);
	case REQ_END:
		return pane_move(t, v, -1, 1);
	case REQ_OPEN:
		return p->ops->open != NULL ? p->ops->open(t, v, v->focus) :
					      RD_NONE;
	case REQ_EXPAND:
	case REQ_COLLAPSE:
		if (p->ops->expand == NULL)
			return pane_hscroll(t, v,
			    key_request(key) == REQ_EXPAND ? 1 : -1);
		return p->ops->expand(t, v, v->focus,
		    key_request(key) == REQ_EXPAND);
	case REQ_SCROLL_LEFT:
		return pane_hscroll(t, v, -1);
	case REQ_SCROLL_RIGHT:
		return pane_hscroll(t, v, 1);
	case REQ_KEY:
		t->prompt = PR_KEY;
		input_wipe(t);
		return RD_STATUS;
	case REQ_BACK:
		if (t->nviews > 1) {
			view_free(v);
			t->nviews--;
		}
		return RD_ALL;
	case REQ_NEXT_PANE:
	case REQ_PREV_PANE:
		v->focus = (v->focus + 1) % v->np;
		return RD_PANES;
	case REQ_SEARCH:
		t->prompt = PR_SEARCH;
		t->ninput = 0;
		t->input[0] = '\0';
		return RD_STATUS;
	case REQ_FIND_NEXT:
		return find(t, 1) | RD_STATUS;
	case REQ_FIND_PREV:
		return find(t, -1) | RD_STATUS;
	case REQ_FILTER:
		t->prompt = PR_FILTER;
		return RD_STATUS;
	case REQ_REDRAW:
		if (t->curses) {
			clearok(curscr, TRUE);
			memset(t->s.shown, 0xff,
			    (size_t)t->s.cols * (size_t)t->s.rows *
				sizeof(*t->s.shown));
		}
		return RD_ALL;
	case REQ_HELP:
		if (v->kind != V_HELP)
			view_push(t, V_HELP);
		return RD_ALL;
	case REQ_QUIT:
		return RD_QUIT;
	default:
		return RD_NONE;
	}
}

/* --- the mouse ---------------------------------------------------------- */

enum {
	M_CLICK,
	M_WHEEL_UP,
	M_WHEEL_DOWN
};

/*
 * A click focuses the pane under it and selects the row clicked; the
 * wheel scrolls the pane under it by three rows (x < 0: the focused
 * pane).
 */
static int
mouse(struct tui *t, int what, int x, int y)
{
	struct view *v = top_view(t);
	struct pane *p;
	int	     i, y0 = 0, h = 0;
	size_t	     r;

	if (t->prompt != PR_NONE || t->s.cols < TUI_MINW ||
	    t->s.rows < TUI_MINH)
		return RD_NONE;
	t->msg[0] = '\0';
	if (x < 0)
		i = v->focus;
	else {
		for (i = 0; i < v->np; i++) {
			pane_geometry(t, v, i, &y0, &h);
			if (y >= y0 && y < y0 + h)
				break;
		}
		if (i == v->np)
			return RD_STATUS;
	}
	p = &v->p[i];
	if (what != M_CLICK)
		return pane_move_in(t, v, i, what == M_WHEEL_UP ? -3 : 3, 0) |
		    RD_STATUS;
	v->focus = i;
	if (y > y0 && p->ops->selectable) {
		r = p->top + (size_t)(y - y0 - 1);
		if (r < pane_nrows(t, v, i))
			p->cur = r;
	}
	return RD_ALL;
}

/* --- the script --------------------------------------------------------- */

enum {
	K_DUMP = -2,
	K_RESIZE = -3,
	K_BAD = -4,
	K_END = -5,
	K_CLICK = -6,
	K_WHEEL_UP = -7,
	K_WHEEL_DOWN = -8,
	K_READ = -9
};

/*
 * The next key of the script at *sp; K_RESIZE sets *cols, *rows, the
 * mouse keys the column and row in them (-1: none given), K_READ the
 * number of frames in *cols.
 */
static int
script_key(const char **sp, int *cols, int *rows)
{
	static const struct {
		const char *name;
		int	    key;
	} names[] = {
		{ "Up", KEY_UP },
		{ "Down", KEY_DOWN },
		{ "Left", KEY_LEFT },
		{ "Right", KEY_RIGHT },
		{ "PgUp", KEY_PPAGE },
		{ "PgDn", KEY_NPAGE },
		{ "Home", KEY_HOME },
		{ "End", KEY_END },
		{ "Enter", '\n' },
		{ "Tab", '\t' },
		{ "BTab", KEY_BTAB },
		{ "Esc", 27 },
		{ "Bs", KEY_BACKSPACE },
		{ "lt", '<' },
		{ "F1", KEY_F(1) },
		{ "Dump", K_DUMP },
	};
	const char *s = *sp, *e;
	size_t	    i, n;

	if (*s == '\0')
		return K_END;
	if (*s != '<') {
		*sp = s + 1;
		return (unsigned char)*s;
	}
	if ((e = strchr(s, '>')) == NULL)
		return K_BAD;
	n = (size_t)(e - s - 1);
	*sp = e + 1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n &&
		    strncmp(s + 1, names[i].name, n) == 0)
			return names[i].key;
	if (sscanf(s + 1, "Read %d>", cols) == 1 && *cols > 0)
		return K_READ;
	if (sscanf(s + 1, "Resize %dx%d>", cols, rows) == 2 && *cols > 0 &&
	    *rows > 0)
		return K_RESIZE;
	if (sscanf(s + 1, "Click %d,%d>", cols, rows) == 2 && *cols >= 0 &&
	    *rows >= 0)
		return K_CLICK;
	*cols = *rows = -1;
	if (n == 7 && strncmp(s + 1, "WheelUp", 7) == 0)
		return K_WHEEL_UP;
	if (n == 9 && strncmp(s + 1, "WheelDown", 9) == 0)
		return K_WHEEL_DOWN;
	if (sscanf(s + 1, "WheelUp %d,%d>", cols, rows) == 2 && *cols >= 0 &&
	    *rows >= 0)
		return K_WHEEL_UP;
	if (sscanf(s + 1, "WheelDown %d,%d>", cols, rows) == 2 && *cols >= 0 &&
	    *rows >= 0)
		return K_WHEEL_DOWN;
	return K_BAD;
}

static int
run_script(struct tui *t)
{
	const char *s = t->o->script;
	int	    key, cols, rows, what, dumps = 0;

	/* No <Read N> in the script: the captures are read first. */
	if (t->loading && strstr(s, "<Read ") == NULL)
		load_step(t, 0, 0);
	draw(t, RD_ALL);
	for (;;) {
		key = script_key(&s, &cols, &rows);
		if (key == K_END)
			return 0;
		if (key == K_READ) {
			if (t->loading)
				draw(t, load_step(t, (unsigned long)cols, 0));
			continue;
		}
		if (key == K_BAD) {
			fprintf(stderr,
			    "ikescope: --tui script: bad key at "
			    "\"%.20s\"\n",
			    s);
			return -1;
		}
		if (key == K_DUMP) {
			screen_dump(&t->s, t->o->dump, ++dumps);
			continue;
		}
		if (key == K_RESIZE) {
			if (screen_size(&t->s, cols, rows) != 0)
				return -1;
			draw(t, RD_ALL);
			continue;
		}
		if (key == K_CLICK || key == K_WHEEL_UP || key == K_WHEEL_DOWN)
			what = mouse(t,
			    key == K_CLICK	  ? M_CLICK :
				key == K_WHEEL_UP ? M_WHEEL_UP :
						    M_WHEEL_DOWN,
			    cols, rows);
		else
			what = handle(t, key);
		if (what & RD_QUIT)
			return 0;
		draw(t, what);
	}
}

char *
tui_read_script(const char *path)
{
	FILE  *f = fopen(path, "r");
	char  *s = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap ? 2 * cap : 8192;
			s = xreallocarray(s, cap, 1);
		}
		got = fread(s + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		fclose(f);
		free(s);
		return NULL;
	}
	fclose(f);
	/* The file's last newline ends the file, it is not a key. */
	if (n > 0 && s[n - 1] == '\n')
		n--;
	s[n] = '\0';
	return s;
}

/* --- the terminal ------------------------------------------------------- */

/* The wheel turned down is button 5, where curses knows one. */
#ifdef BUTTON5_PRESSED
#define WHEEL_DOWN BUTTON5_PRESSED
#else
#define WHEEL_DOWN 0
#endif

static int
run_terminal(struct tui *t)
{
	SCREEN *sc;
	FILE   *in, *out;
	int	key, what, rows, cols, stopped, rc = 0;

	/* The capture may have come on standard input, the report may be
	   redirected: the keys and the screen are the terminal's. */
	in = isatty(STDIN_FILENO) ? stdin : fopen("/dev/tty", "r");
	out = isatty(STDOUT_FILENO) ? stdout : fopen("/dev/tty", "w");
	if (in == NULL || out == NULL) {
		fputs("ikescope: --tui needs a terminal\n", stderr);
		rc = -1;
		goto done;
	}
	if ((sc = newterm(NULL, out, in)) == NULL) {
		fputs("ikescope: --tui: cannot use this terminal (TERM?)\n",
		    stderr);
		rc = -1;
		goto done;
	}
	set_term(sc);
	t->curses = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* Presses, not clicks: no wait for the release. */
	mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | WHEEL_DOWN, NULL);
	mouseinterval(0);
	colours_init(t);
	getmaxyx(stdscr, rows, cols);
	screen_size(&t->s, cols, rows);
	draw(t, RD_ALL);
	screen_flush(t);
	for (;;) {
		/* While the captures are read, a key is not waited for: a
		   slice is read between keys. */
		wtimeout(stdscr, t->loading || t->finding ? 0 : -1);
		key = wgetch(stdscr);
		if (key == ERR && (t->loading || t->finding)) {
			draw(t,
			    t->finding ? find_step(t, LOAD_SLICE_MS) :
					 load_step(t, 0, LOAD_SLICE_MS));
			screen_flush(t);
			continue;
		}
		/* A key stops a search, then does what it does. */
		stopped = t->finding;
		t->finding = 0;
		if (key == ERR)
			break;
		if (key == KEY_RESIZE) {
			getmaxyx(stdscr, rows, cols);
			screen_size(&t->s, cols, rows);
			what = RD_ALL;
		} else if (key == KEY_MOUSE) {
			MEVENT ev;

			what = RD_NONE;
			if (getmouse(&ev) == OK) {
				if (ev.bstate & BUTTON4_PRESSED)
					what = mouse(t, M_WHEEL_UP, ev.x, ev.y);
				else if (ev.bstate & WHEEL_DOWN)
					what =
					    mouse(t, M_WHEEL_DOWN, ev.x, ev.y);
				else if (ev.bstate & BUTTON1_PRESSED)
					what = mouse(t, M_CLICK, ev.x, ev.y);
			}
		} else
			what = handle(t, key);
		if (what & RD_QUIT)
			break;
		if (stopped && t->msg[0] == '\0') {
			snprintf(t->msg, sizeof(t->msg), "search stopped");
			what |= RD_STATUS;
		}
		draw(t, what);
		screen_flush(t);
	}
	endwin();
	delscreen(sc);
done:
	if (in != NULL && in != stdin)
		fclose(in);
	if (out != NULL && out != stdout)
		fclose(out);
	return rc;
}

int
tui_run(struct isc_analysis *a, const struct tui_opts *o)
{
	struct tui t;
	int	   rc, i;

	memset(&t, 0, sizeof(t));
	t.a = a;
	t.o = o;
	t.loading = o->load != NULL;
	if (t.loading)
		snprintf(t.load_status, sizeof(t.load_status), "reading...");
	view_open_sas(&t);
	if (o->script != NULL) {
		if (o->dump == NULL ||
		    screen_size(&t.s, o->cols > 0 ? o->cols : TUI_DEFAULT_COLS,
			o->rows > 0 ? o->rows : TUI_DEFAULT_ROWS) != 0) {
			fputs("ikescope: --tui script: no dump file or a bad "
			      "size\n",
			    stderr);
			rc = -1;
		} else
			rc = run_script(&t);
	} else
		rc = run_terminal(&t);
	for (i = 0; i < t.nviews; i++)
		view_free(&t.views[i]);
	if (t.owned)
		isc_analysis_free(t.a);
	input_wipe(&t);
	free(t.s.c);
	free(t.s.shown);
	return rc;
}
