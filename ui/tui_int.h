/*
 * tui_int.h - the browser's insides, shared by ui/tui.c (requests, the
 * loop, the screen and the one drawer) and ui/tui_views.c (the views,
 * each a small ops table that supplies rows).
 *
 * Everything is drawn into a screen of cells (struct tscreen); on a
 * terminal the lines that changed are copied into curses' stdscr and
 * curses sends what differs (wnoutrefresh + doupdate); headless, the
 * cells are written out as text.  Only printable ASCII ever reaches a
 * cell: wire text is escaped before it is put on a line.
 */
#ifndef IKESCOPE_UI_TUI_INT_H
#define IKESCOPE_UI_TUI_INT_H

#include <stddef.h>
#include <stdint.h>

#include "../analyzer/analysis.h"
#include "tui.h"

#define TUI_MAXW 512 /* widest line drawn; wider terminals are cut */
#define TUI_MINW 20
#define TUI_MINH 6

/* How a cell looks; mapped to colours or to monochrome attributes. */
enum tstyle {
	ST_NORMAL,
	ST_TITLE, /* title bar and status line */
	ST_HEAD,  /* a pane's header */
	ST_MARK,  /* the selected field's bytes (reverse video) */
	ST_OK,	  /* decrypted, established */
	ST_ERR,	  /* failed, errors */
	ST_WARN,  /* retransmissions, warnings, incomplete */
	ST_INFO,  /* deleted, rekeyed, notes */
	ST_DIM,	  /* byte spans, secondary text */
	ST_NSTYLES
};
#define ST_SEL	 0x80 /* the selected row of the focused pane */
#define ST_SEL2	 0x40 /* the selected row of another pane */
#define ST_STYLE 0x3f

struct tcell {
	char	ch;
	uint8_t st;
};

/* One row as a view supplies it: cells, filled left to right. */
struct tline {
	struct tcell c[TUI_MAXW];
	int	     n;	    /* cells used */
	int	     width; /* cells available */
};

void tl_init(struct tline *, int width);
/* Printable ASCII only: other bytes are shown as \xHH. */
void tl_puts(struct tline *, enum tstyle, const char *s);
void tl_printf(struct tline *, enum tstyle, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tl_putc(struct tline *, enum tstyle, char c);
void tl_pad(struct tline *, int col); /* blanks up to column col */
/* The row as a C string (for search). */
void tl_text(const struct tline *, char *buf, size_t len);

/* Lines of text a pane scrolls through (diagnosis, details, help). */
struct ttext {
	struct tline_s {
		uint8_t st;
		char   *s;
	} * v;
	size_t n, cap;
	int    width; /* wrap width */
};

void ttext_clear(struct ttext *);
void ttext_free(struct ttext *);
/* Add a line, wrapped at t->width with continuation lines indented by
   `indent` blanks; s is escaped. */
void ttext_add(struct ttext *, enum tstyle, int indent, const char *s);
void ttext_addf(struct ttext *, enum tstyle, int indent, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* What a handler changed, so the drawer redraws no more than that. */
enum {
	RD_NONE = 0,
	RD_STATUS = 1,
	RD_PANES = 2, /* the view's panes and the title */
	RD_ALL = 3,
	RD_QUIT = 0x100,
};

struct tui;
struct view;

/*
 * A pane: a list of rows with a cursor (selectable) or text to scroll.
 * The drawer asks for rows; the view decides what they say.
 */
struct pane_ops {
	int selectable; /* 0: the cursor is the top line (text) */
	/* Build what the pane shows (called before it is drawn or
	   searched); may be NULL. */
	void (*build)(struct tui *, struct view *, int pane, int width);
	size_t (*nrows)(struct tui *, struct view *, int pane);
	void (*row)(struct tui *, struct view *, int pane, size_t i,
	    struct tline *);
	/* The pane's header line (title, column names). */
	void (*header)(struct tui *, struct view *, int pane, struct tline *);
	/* Enter, Right (expand = 1), Left (expand = 0); NULL: nothing. */
	int (*open)(struct tui *, struct view *, int pane);
	int (*expand)(struct tui *, struct view *, int pane, int expand);
	/* Search beyond the rows shown (closed tree nodes): 1 when found
	   and the cursor is on it; NULL: the rows are searched. */
	int (*find)(struct tui *, struct view *, int pane, const char *needle,
	    int dir);
};

struct pane {
	const struct pane_ops *ops;
	size_t		       cur, top;
	int		       left; /* columns scrolled off on the left */
	int		       h;    /* rows it had when last drawn */
	struct ttext	       text; /* for text panes */
};

enum view_kind {
	V_SAS,	  /* IKE SAs and ESP SAs, and the selected one's diagnosis */
	V_LADDER, /* one IKE SA's messages, and its diagnosis */
	V_MSG,	  /* one message's fields, and its bytes */
	V_ESP,	  /* one ESP SA's packets, and its details */
	V_HELP,	  /* the keys, from the request list */
};

/* A row of the tree of one message: a field of the message, a field of
   its decrypted body, or a row made here (header, encrypted body). */
struct trow {
	int8_t	tree; /* 0 message, 1 decrypted body, -1 made here */
	uint8_t depth;
	uint8_t kind; /* TR_FIELD, TR_HEADER, TR_ENC */
	int32_t node;
};
enum {
	TR_FIELD,
	TR_HEADER,
	TR_ENC
};

/* A message of the ladder with its exchange. */
struct lmsg {
	const struct isc_msg	  *m;
	const struct isc_exchange *ex;
};

struct view {
	enum view_kind kind;
	char	       title[96];
	struct pane    p[2];
	int	       np, focus;
	/*
	 * What the view shows, as indices into the analysis, not pointers:
	 * a later re-analysis (keys added from the browser) can rebuild
	 * the model and the views find their place again.
	 */
	size_t sa;  /* index in a->sas */
	size_t esp; /* index in a->esp_sas */
	size_t msg; /* index in msgs */
	/* V_SAS: rows (kind << 56 | index); V_LADDER: the SA's messages in
	   time order, those the filter keeps in rows. */
	uint64_t    *rows;
	size_t	     nrows;
	struct lmsg *msgs;
	size_t	     nmsgs;
	/* V_MSG: the visible tree rows and which nodes are open. */
	const struct isc_msg *m;
	struct trow	     *trows;
	size_t		      ntrows;
	uint8_t		     *open[2];
	size_t		      nopen[2]; /* their sizes */
	uint8_t		      open_enc;
	uint8_t		      all_open; /* while searching */
	size_t		      hex_for;	/* the row the hex pane follows */
};

#define TUI_MAX_VIEWS 8

struct tscreen {
	int	      cols, rows;
	struct tcell *c;     /* what is drawn now */
	struct tcell *shown; /* what the terminal has (terminal mode) */
};

struct tui {
	struct isc_analysis   *a;
	int		       owned; /* a came from o->reanalyze */
	const struct tui_opts *o;
	struct tscreen	       s;
	struct view	       views[TUI_MAX_VIEWS];
	int		       nviews;
	/* filter */
	int  f_failed;
	char f_peer[128];
	/* search */
	char search[128];
	/* prompt: the line being typed in the status line */
	int    prompt;	    /* PR_NONE, PR_SEARCH, PR_PEER, PR_FILTER, PR_KEY */
	char   input[2048]; /* a key line may carry a long DH value */
	size_t ninput;
	char   msg[160]; /* one-shot message in the status line */
	int    curses;	 /* a terminal */
	int    colour;
	/* the captures being read (o->load) */
	int	 loading;
	char	 load_status[160];
	uint64_t load_drawn; /* when the views last took in new frames */
	unsigned load_steps;
	/* a search going on between key presses (find_step) */
	int    finding, f_dir;
	size_t f_k, f_n, f_at;
};
enum {
	PR_NONE,
	PR_SEARCH,
	PR_PEER,
	PR_FILTER,
	PR_KEY
};

/* ui/tui.c: needle in hay, ignoring ASCII case. */
int tui_contains(const char *hay, const char *needle);

/* ui/tui_views.c */
void view_open_sas(struct tui *);
/* Push a view; NULL when the stack is full. */
struct view *view_push(struct tui *, enum view_kind);
void	     view_free(struct view *);
/* Rebuild a view's rows after the filter changed. */
void view_refresh(struct tui *, struct view *);
/* The same after more of the captures was read: new SAs, messages,
   packets, a body decrypted since. */
void view_grow(struct tui *, struct view *);
/*
 * After t->a was replaced by a new analysis of the same captures (old is
 * still allocated): find v's place in t->a again and rebuild its rows.
 * Returns 0, or -1 when what v shows is not in the new analysis (the
 * caller drops v and the views above it).
 */
int view_rebind(struct tui *, struct view *, const struct isc_analysis *old);
/* The help view's text, from the request list (ui/tui.c). */
void tui_help_text(struct ttext *);

#endif
