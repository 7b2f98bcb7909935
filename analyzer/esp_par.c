/*
 * esp_par.c - ESP verified and decrypted on a second core.
 *
 * While a capture file is read (capture.c), frames are taken a batch at a
 * time.  Before the batch is analysed, the ESP packets in it whose SA is
 * already bound to keys a packet proved (esp_par_crypt(): ESP, no ESN)
 * are verified and decrypted by two threads, the reader's and one worker,
 * each with its own cipher and MAC handles, taking jobs from a shared
 * counter.  The analysis then reads the batch's frames in capture order,
 * as it would have, and esp_packet() takes a packet's result instead of
 * computing it (esp.c par_job(): the same bytes, the same SA bound the
 * same way).  Everything else (binding, sequence numbers, replays, the
 * packet inside, the report) happens in the analysis as before, so the
 * output does not depend on the threads.
 *
 * A batch with few such packets (an IKE capture, SAs not bound yet) sends
 * the reader back to reading frames one at a time for a while (twice as
 * long after each poor batch in a row, up to 64 batches' worth): the copy
 * into the batch costs more than it saves there.  With one CPU, or
 * isc_options.threads 1, none of this exists.
 */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"
#include "esp.h"
#include "esp_par.h"
#include "net.h"
#include "util.h"

#define PAR_FRAMES 1024		     /* frames per batch */
#define PAR_BYTES  (4 << 20)	     /* or bytes of frames */
#define PAR_CHUNK  8		     /* jobs a thread takes at a time */
#define PAR_DIRECT (64 * PAR_FRAMES) /* most frames read one by one */
#define PAR_MIN	   (PAR_FRAMES / 8)  /* jobs that make a batch worth it */

struct par_frame {
	size_t		off; /* in buf */
	uint32_t	caplen, wirelen;
	struct isc_time ts;
	int32_t		job; /* -1: none */
};

/* A batch of frames and the ESP packets in it to open. */
struct par_batch {
	uint8_t		   *buf;
	size_t		    used, cap;
	struct par_frame   *fr;
	size_t		    nfr;
	struct esp_par_job *jobs;
	size_t		    njobs;
	uint8_t		   *pt; /* plaintexts, job after job */
	size_t		    ptcap;
	size_t		    next;  /* next job to take (atomic) */
	size_t		    ndone; /* jobs finished (atomic) */
};

struct esp_par {
	struct isc_analysis *a;
	struct par_batch     b[2];
	struct par_batch    *fill;    /* frames go in here */
	struct par_batch    *ready;   /* opened (or being), to analyse */
	uint64_t	     direct;  /* frames to read one by one first */
	uint64_t	     backoff; /* and after the next poor batch */

	/* The worker: opens the jobs of `work`, one round per batch. */
	pthread_t	  th;
	int		  started, quit;
	pthread_mutex_t	  mu;
	pthread_cond_t	  go, done;
	struct par_batch *work;
	uint64_t	  round, round_done;
};

static int
cpus(void)
{
#ifdef CPU_COUNT
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set);
#endif
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

struct esp_par *
esp_par_new(struct isc_analysis *a)
{
	struct esp_par *p;
	int		i;

	if (a->opts.threads == 1 || (a->opts.threads == 0 && cpus() < 2))
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->a = a;
	for (i = 0; i < 2; i++) {
		p->b[i].cap = PAR_BYTES + 65536;
		p->b[i].buf = xmalloc(p->b[i].cap);
		p->b[i].fr = xcalloc(PAR_FRAMES, sizeof(*p->b[i].fr));
		p->b[i].jobs = xcalloc(PAR_FRAMES, sizeof(*p->b[i].jobs));
	}
	p->fill = &p->b[0];
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->go, NULL);
	pthread_cond_init(&p->done, NULL);
	return p;
}

/* Wait until the worker is idle: nothing of an SA's keys is in use. */
void
esp_par_quiesce(struct esp_par *p)
{
	if (p == NULL || !p->started)
		return;
	pthread_mutex_lock(&p->mu);
	while (p->round_done != p->round)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

void
esp_par_free(struct esp_par *p)
{
	int i;

	if (p == NULL)
		return;
	if (p->started) {
		esp_par_quiesce(p);
		pthread_mutex_lock(&p->mu);
		p->quit = 1;
		pthread_cond_signal(&p->go);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->th, NULL);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->go);
	pthread_cond_destroy(&p->done);
	for (i = 0; i < 2; i++) {
		if (p->b[i].pt != NULL)
			crypto_wipe(p->b[i].pt, p->b[i].ptcap);
		free(p->b[i].pt);
		free(p->b[i].buf);
		free(p->b[i].fr);
		free(p->b[i].jobs);
	}
	free(p);
}

int
esp_par_batching(struct esp_par *p)
{
	if (p->fill->nfr != 0)
		return 1; /* a batch under way goes on */
	if (p->direct == 0 && p->a->nesp != 0)
		return 1;
	/* Frames one by one from here (no ESP SA yet, or after a poor
	   batch): the batch before them goes first. */
	esp_par_drain(p);
	if (p->direct > 0)
		p->direct--;
	return 0;
}

int
esp_par_add(struct esp_par *p, const uint8_t *data, size_t caplen,
    size_t wirelen, struct isc_time ts)
{
	struct par_batch *b = p->fill;
	struct par_frame *f;

	if (caplen > b->cap - b->used) {
		/* a frame past 64 KiB (snaplen up to 256 KiB) */
		b->cap = b->used + caplen;
		b->buf = xreallocarray(b->buf, b->cap, 1);
	}
	f = &b->fr[b->nfr++];
	memcpy(b->buf + b->used, data, caplen);
	f->off = b->used;
	f->caplen = (uint32_t)caplen;
	f->wirelen = (uint32_t)wirelen;
	f->ts = ts;
	f->job = -1;
	b->used += caplen;
	return b->nfr < PAR_FRAMES && b->used <= PAR_BYTES;
}

/* --- which frames hold ESP of a bound SA ------------------------------- */

static uint16_t
be16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

/*
 * The ESP packet of a frame, as net.c will hand it to esp_packet(): IPv4
 * (not a fragment) or IPv6 (no extension header) carrying ESP, or UDP
 * port 4500 carrying it (RFC 3948).  0 when the frame is anything else;
 * a guess that net.c does not share only wastes the work.
 */
static int
frame_esp(int linktype, const uint8_t *d, size_t n, const uint8_t **esp,
    size_t *len, struct isc_addr *src, struct isc_addr *dst)
{
	size_t	 off, hl, plen;
	uint16_t type = 0;
	uint8_t	 proto;

	switch (linktype) {
	case 1: /* Ethernet, up to two VLAN tags */
		if (n < 14)
			return 0;
		off = 12;
		type = be16(d + off);
		while ((type == 0x8100 || type == 0x88a8 || type == 0x9100) &&
		    off + 6 <= n && off < 24) {
			off += 4;
			type = be16(d + off);
		}
		off += 2;
		break;
	case 12:
	case 14:
	case 101:
	case 228:
	case 229:
		off = 0;
		break;
	case 0:
	case 108:
		off = 4;
		break;
	case 113:
		if (n < 16)
			return 0;
		off = 16;
		type = be16(d + 14);
		break;
	case 276:
		if (n < 20)
			return 0;
		off = 20;
		type = be16(d);
		break;
	default:
		return 0;
	}
	if (type != 0 && type != 0x0800 && type != 0x86dd)
		return 0;
	if (off + 40 > n)
		return 0;
	d += off;
	n -= off;
	memset(src, 0, sizeof(*src));
	memset(dst, 0, sizeof(*dst));
	if (d[0] >> 4 == 4) {
		hl = (size_t)(d[0] & 15) * 4;
		plen = be16(d + 2);
		if (hl < 20 || plen < hl || plen > n ||
		    (be16(d + 6) & 0x3fff) != 0)
			return 0;
		proto = d[9];
		src->family = dst->family = 4;
		memcpy(src->a, d + 12, 4);
		memcpy(dst->a, d + 16, 4);
		plen -= hl;
	} else if (d[0] >> 4 == 6) {
		hl = 40;
		plen = be16(d + 4);
		if (plen == 0 || hl + plen > n)
			return 0;
		proto = d[6];
		src->family = dst->family = 6;
		memcpy(src->a, d + 8, 16);
		memcpy(dst->a, d + 24, 16);
	} else
		return 0;
	d += hl;
	if (proto == 17) {
		size_t ulen;

		if (plen < 8 || (be16(d) != 4500 && be16(d + 2) != 4500))
			return 0;
		ulen = be16(d + 4);
		if (ulen < 8)
			return 0;
		ulen -= 8;
		plen -= 8;
		d += 8;
		if (ulen < plen)
			plen = ulen;
		/* the non-ESP marker (IKE) and keepalives are not ESP */
		if (plen < 8 || (d[0] | d[1] | d[2] | d[3]) == 0)
			return 0;
	} else if (proto != 50)
		return 0;
	*esp = d;
	*len = plen;
	return 1;
}

/* --- the work ---------------------------------------------------------- */

/* Open jobs of b until none is left to take. */
static void
work(struct par_batch *b, int worker)
{
	size_t i, end;

	for (;;) {
		i = __atomic_fetch_add(&b->next, PAR_CHUNK, __ATOMIC_RELAXED);
		if (i >= b->njobs)
			return;
		end = i + PAR_CHUNK < b->njobs ? i + PAR_CHUNK : b->njobs;
		for (; i < end; i++) {
			struct esp_par_job *j = &b->jobs[i];

			j->r = (uint8_t)esp_par_open(j->ec, worker, j->p, j->n,
			    j->pt, &j->ptlen, &j->icv_ok);
		}
	}
}

static void *
worker_main(void *arg)
{
	struct esp_par	 *p = arg;
	struct par_batch *b;
	uint64_t	  seen = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->quit && p->round == seen)
			pthread_cond_wait(&p->go, &p->mu);
		if (p->quit)
			break;
		seen = p->round;
		b = p->work;
		pthread_mutex_unlock(&p->mu);
		work(b, 1);
		pthread_mutex_lock(&p->mu);
		p->round_done = seen;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* The jobs of a batch: ESP packets of SAs bound to proven keys. */
static void
find_jobs(struct esp_par *p, struct par_batch *b, int linktype)
{
	size_t i, need = 0, off = 0;

	b->njobs = 0;
	b->next = 0;
	for (i = 0; i < b->nfr; i++) {
		struct par_frame   *f = &b->fr[i];
		struct esp_par_job *j = &b->jobs[b->njobs];
		struct isc_esp_sa  *e;
		struct isc_addr	    src, dst;
		const uint8_t	   *esp;
		size_t		    len;
		uint32_t	    spi;

		if (f->caplen != f->wirelen ||
		    !frame_esp(linktype, b->buf + f->off, f->caplen, &esp, &len,
			&src, &dst))
			continue;
		spi = (uint32_t)esp[0] << 24 | (uint32_t)esp[1] << 16 |
		    (uint32_t)esp[2] << 8 | esp[3];
		e = session_esp_find(p->a, spi, 50, &src, &dst);
		if (e == NULL || (j->ec = esp_par_crypt(e, &j->serial)) == NULL)
			continue;
		j->p = esp;
		j->n = len;
		need += len;
		f->job = (int32_t)b->njobs++;
	}
	/* A poor batch: frames one by one for a while, longer each time. */
	if (b->njobs < PAR_MIN) {
		p->backoff = p->backoff == 0 ? PAR_FRAMES :
		    p->backoff < PAR_DIRECT  ? 2 * p->backoff :
					       PAR_DIRECT;
		p->direct = p->backoff;
	} else
		p->backoff = 0;
	if (need > b->ptcap) {
		if (b->pt != NULL)
			crypto_wipe(b->pt, b->ptcap);
		free(b->pt);
		b->ptcap = need + need / 4;
		b->pt = xmalloc(b->ptcap);
	}
	for (i = 0; i < b->njobs; i++) {
		b->jobs[i].pt = b->pt + off;
		off += b->jobs[i].n;
	}
}

/* Hand a batch to the worker (the thread starts with the first). */
static void
submit(struct esp_par *p, struct par_batch *b)
{
	if (!p->started && b->njobs >= PAR_MIN &&
	    pthread_create(&p->th, NULL, worker_main, p) == 0)
		p->started = 1;
	if (!p->started)
		return;
	pthread_mutex_lock(&p->mu);
	p->work = b;
	p->round++;
	pthread_cond_signal(&p->go);
	pthread_mutex_unlock(&p->mu);
}

/* Analyse a batch whose jobs are all done, frame after frame. */
static void
analyse(struct esp_par *p, struct par_batch *b)
{
	struct isc_analysis *a = p->a;
	size_t		     i;

	for (i = 0; i < b->nfr; i++) {
		const struct par_frame *f = &b->fr[i];

		a->par_job = f->job >= 0 ? &b->jobs[f->job] : NULL;
		isc_analysis_frame(a, b->buf + f->off, f->caplen, f->wirelen,
		    f->ts);
	}
	a->par_job = NULL;
	b->nfr = 0;
	b->used = 0;
	b->njobs = 0;
}

/*
 * The batch being filled is full (or the input paused): find its jobs and
 * let the worker open them while the batch before it is analysed.
 */
void
esp_par_flush(struct esp_par *p, int linktype)
{
	struct par_batch *b = p->fill, *prev = p->ready;

	if (b->nfr == 0)
		return;
	find_jobs(p, b, linktype);
	if (prev != NULL) {
		/* the worker is done with prev before it gets b */
		work(prev, 0);
		esp_par_quiesce(p);
	}
	submit(p, b);
	p->ready = b;
	p->fill = b == &p->b[0] ? &p->b[1] : &p->b[0];
	if (prev != NULL)
		analyse(p, prev);
}

void
esp_par_drain(struct esp_par *p)
{
	if (p->fill->nfr != 0)
		return; /* esp_par_flush first */
	if (p->ready != NULL) {
		work(p->ready, 0);
		esp_par_quiesce(p);
		analyse(p, p->ready);
	}
	p->ready = NULL;
}
