/*
 * capture.c - reading pcap and pcapng files through libpcap.
 *
 * The only file that includes <pcap.h>.  Several files in one analysis
 * are read in order as one stream of frames, numbered from 1 across all.
 */
#include <pcap.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "util.h"

int
isc_analysis_read_file(struct isc_analysis *a, const char *path, char *err,
    size_t errlen)
{
	char		    ebuf[PCAP_ERRBUF_SIZE] = "";
	struct pcap_pkthdr *h;
	const u_char	   *data;
	pcap_t		   *p;
	int		    rc;

	p = pcap_open_offline_with_tstamp_precision(path,
	    PCAP_TSTAMP_PRECISION_MICRO, ebuf);
	if (p == NULL) {
		snprintf(err, errlen, "%s: cannot read capture: %s",
		    strcmp(path, "-") == 0 ? "standard input" : path, ebuf);
		return -1;
	}
	if (a->opts.filter != NULL) {
		struct bpf_program prog;

		if (pcap_compile(p, &prog, a->opts.filter, 1,
			PCAP_NETMASK_UNKNOWN) != 0) {
			snprintf(err, errlen, "filter \"%s\": %s",
			    a->opts.filter, pcap_geterr(p));
			pcap_close(p);
			return -1;
		}
		if (pcap_setfilter(p, &prog) != 0) {
			snprintf(err, errlen, "filter \"%s\": %s",
			    a->opts.filter, pcap_geterr(p));
			pcap_freecode(&prog);
			pcap_close(p);
			return -1;
		}
		pcap_freecode(&prog);
	}
	isc_analysis_begin_capture(a, strcmp(path, "-") == 0 ? "-" : path,
	    pcap_datalink(p));
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		struct isc_time ts;

		ts.sec = h->ts.tv_sec;
		ts.usec = (uint32_t)h->ts.tv_usec;
		isc_analysis_frame(a, data, h->caplen, h->len, ts);
	}
	if (rc == PCAP_ERROR) {
		/* A record cut short or a broken block: keep what we read. */
		a->cur->truncated = 1;
		diag_add(&a->cur->diags, ISC_SEV_ERROR, "capture-truncated", 0,
		    "capture ends in a damaged or cut-short record after "
		    "frame %llu: %s",
		    (unsigned long long)a->frames, pcap_geterr(p));
	}
	pcap_close(p);
	return 0;
}
