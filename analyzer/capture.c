/*
 * capture.c - reading pcap and pcapng files through libpcap.
 *
 * The only file that includes <pcap.h>.  Several files in one analysis
 * are read in order as one stream of frames, numbered from 1 across all.
 * A reader reads one file a slice at a time, so a front-end (the browser)
 * can show the analysis as it grows; isc_analysis_read_file() reads a
 * whole file with one.
 */
#include <sys/stat.h>

#include <pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "esp_par.h"
#include "util.h"

struct isc_reader {
	struct isc_analysis *a;
	pcap_t		    *p;
	FILE		    *f;	    /* libpcap's stream, for the position */
	uint64_t	     size;  /* 0: not known (a pipe) */
	uint64_t	     done;  /* bytes read, at the last frame */
	int		     ended; /* the last record was read */
	int		     linktype;
};

struct isc_reader *
isc_reader_open(struct isc_analysis *a, const char *path, char *err,
    size_t errlen)
{
	char		   ebuf[PCAP_ERRBUF_SIZE] = "";
	struct isc_reader *r;
	struct stat	   st;
	pcap_t		  *p;

	p = pcap_open_offline_with_tstamp_precision(path,
	    PCAP_TSTAMP_PRECISION_MICRO, ebuf);
	if (p == NULL) {
		snprintf(err, errlen, "%s: cannot read capture: %s",
		    strcmp(path, "-") == 0 ? "standard input" : path, ebuf);
		return NULL;
	}
	if (a->opts.filter != NULL) {
		struct bpf_program prog;

		if (pcap_compile(p, &prog, a->opts.filter, 1,
			PCAP_NETMASK_UNKNOWN) != 0) {
			snprintf(err, errlen, "filter \"%s\": %s",
			    a->opts.filter, pcap_geterr(p));
			pcap_close(p);
			return NULL;
		}
		if (pcap_setfilter(p, &prog) != 0) {
			snprintf(err, errlen, "filter \"%s\": %s",
			    a->opts.filter, pcap_geterr(p));
			pcap_freecode(&prog);
			pcap_close(p);
			return NULL;
		}
		pcap_freecode(&prog);
	}
	r = xcalloc(1, sizeof(*r));
	r->a = a;
	r->p = p;
	r->f = pcap_file(p);
	r->linktype = pcap_datalink(p);
	if (a->par == NULL)
		a->par = esp_par_new(a);
	if (r->f != NULL && fstat(fileno(r->f), &st) == 0 &&
	    S_ISREG(st.st_mode))
		r->size = (uint64_t)st.st_size;
	isc_analysis_begin_capture(a, strcmp(path, "-") == 0 ? "-" : path,
	    pcap_datalink(p));
	return r;
}

int
isc_reader_step(struct isc_reader *r, uint64_t max_frames)
{
	struct isc_analysis *a = r->a;
	struct pcap_pkthdr  *h;
	const u_char	    *data;
	uint64_t	     n = 0;
	int		     rc = 0;

	if (r->ended)
		return 0;
	while ((max_frames == 0 || n < max_frames) &&
	    (rc = pcap_next_ex(r->p, &h, &data)) == 1) {
		struct isc_time ts;

		ts.sec = h->ts.tv_sec;
		ts.usec = (uint32_t)h->ts.tv_usec;
		n++;
		if (a->par == NULL || !esp_par_batching(a->par)) {
			isc_analysis_frame(a, data, h->caplen, h->len, ts);
			continue;
		}
		/* A batch: ESP decrypted on two threads, then analysed. */
		if (esp_par_add(a->par, data, h->caplen, h->len, ts))
			continue;
		esp_par_flush(a->par, r->linktype);
	}
	if (a->par != NULL) {
		esp_par_flush(a->par, r->linktype);
		esp_par_drain(a->par);
	}
	if (r->f != NULL && r->size != 0) {
		long off = ftell(r->f);

		if (off > 0)
			r->done = (uint64_t)off;
	}
	if (max_frames != 0 && n == max_frames)
		return 1;
	r->ended = 1;
	r->done = r->size;
	if (rc == PCAP_ERROR) {
		/* A record cut short or a broken block: keep what we read. */
		a->cur->truncated = 1;
		diag_add(&a->cur->diags, ISC_SEV_ERROR, "capture-truncated", 0,
		    "capture ends in a damaged or cut-short record after "
		    "frame %llu: %s",
		    (unsigned long long)a->frames, pcap_geterr(r->p));
	}
	return 0;
}

void
isc_reader_progress(const struct isc_reader *r, uint64_t *done, uint64_t *size)
{
	*done = r->done;
	*size = r->size;
}

void
isc_reader_close(struct isc_reader *r)
{
	if (r == NULL)
		return;
	pcap_close(r->p);
	free(r);
}

int
isc_analysis_read_file(struct isc_analysis *a, const char *path, char *err,
    size_t errlen)
{
	struct isc_reader *r;

	if ((r = isc_reader_open(a, path, err, errlen)) == NULL)
		return -1;
	while (isc_reader_step(r, 0) != 0)
		;
	isc_reader_close(r);
	return 0;
}
