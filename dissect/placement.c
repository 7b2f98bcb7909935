/*
 * placement.c - may this payload appear in this message?  RFC 2408 4,
 * RFC 2409 5, RFC 3947, draft-dukes-ike-mode-cfg, RFC 7296 1.2-1.4,
 * RFC 5723, RFC 7383, RFC 8019, RFC 9242 and RFC 9370, as the rows of
 * placement.def state them.
 *
 * The answer only feeds a diagnostic: dissection goes on whatever it is.
 * Rows are few (tens), so a linear scan is cheap next to parsing.
 */
#include <stddef.h>

#include "placement.h"

/* Payload types (RFC 2408 3.1, RFC 3947, RFC 7296 3.2 and IANA). */
enum {
	V1_SA = 1,
	V1_KE = 4,
	V1_ID = 5,
	V1_CERT = 6,
	V1_CR = 7,
	V1_HASH = 8,
	V1_SIG = 9,
	V1_NONCE = 10,
	V1_N = 11,
	V1_D = 12,
	V1_VID = 13,
	V1_ATTR = 14,
	V1_NATD = 20,
	V1_NATOA = 21,
	V1_NATD_DRAFT = 130, /* draft-ietf-ipsec-nat-t-ike-02/03 */
	V1_NATOA_DRAFT = 131,
	V1_FRAG = 132, /* Cisco IKE fragment */

	V2_SA = 33,
	V2_KE = 34,
	V2_IDI = 35,
	V2_IDR = 36,
	V2_CERT = 37,
	V2_CERTREQ = 38,
	V2_AUTH = 39,
	V2_NONCE = 40,
	V2_N = 41,
	V2_D = 42,
	V2_V = 43,
	V2_TSI = 44,
	V2_TSR = 45,
	V2_SK = 46,
	V2_CP = 47,
	V2_EAP = 48,
	V2_GSPM = 49,
	V2_SKF = 53,
	V2_PS = 54,
};

/* Exchange types (RFC 2408 4, RFC 2409, RFC 7296 3.1 and IANA). */
enum {
	X_MAIN = 2,
	X_AGGRESSIVE = 4,
	X_INFO = 5,
	X_TRANSACTION = 6,
	X_QUICK = 32,
	X_NEW_GROUP = 33,
	X_IKE_SA_INIT = 34,
	X_IKE_AUTH = 35,
	X_CREATE_CHILD_SA = 36,
	X_INFORMATIONAL = 37,
	X_IKE_SESSION_RESUME = 38,
	X_IKE_INTERMEDIATE = 43,
	X_IKE_FOLLOWUP_KE = 44,
};

enum {
	DIR_REQ,
	DIR_RESP,
	DIR_BOTH
};
enum {
	W_ANY,
	W_CLEAR,
	W_SK
};

struct pl_row {
	uint8_t	       version;
	uint8_t	       exch;
	uint8_t	       dir;
	uint8_t	       msg; /* 0: all messages in dir */
	uint8_t	       where;
	uint8_t	       npt;
	const uint8_t *pt;
	const char    *source;
};

static const struct pl_row rows[] = {
#define PL(v, x, d, m, w, src, ...) \
	{ v, X_##x, DIR_##d, m, W_##w, \
		sizeof((const uint8_t[]){ __VA_ARGS__ }), \
		(const uint8_t[]){ __VA_ARGS__ }, src },
#include "placement.def"
#undef PL
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

static int
lists(const struct pl_row *r, uint8_t type)
{
	unsigned int i;

	for (i = 0; i < r->npt; i++)
		if (r->pt[i] == type)
			return 1;
	return 0;
}

/*
 * Does row r describe this message?  A known message number picks its
 * own row whatever the caller thinks the direction is; without one the
 * direction picks every row of that side.
 */
static int
fits(const struct pl_row *r, int is_response, int inside_sk, unsigned msg_no)
{
	if (r->where != W_ANY && (r->where == W_SK) != (inside_sk != 0))
		return 0;
	if (r->msg != 0 && msg_no != 0)
		return r->msg == msg_no;
	return r->dir == DIR_BOTH || (r->dir == DIR_RESP) == (is_response != 0);
}

enum placement
placement_check(uint8_t version, uint8_t exch_type, int is_response,
    int inside_sk, unsigned msg_no, uint8_t type)
{
	size_t i;
	int    described = 0, numbered = 0;

	for (i = 0; i < NROWS; i++) {
		if (rows[i].version != version || rows[i].exch != exch_type)
			continue;
		described = 1;
		if (msg_no != 0 && rows[i].msg == msg_no)
			numbered = 1;
	}
	if (!described)
		return PLACE_NO_RULE;
	if (type == 0)
		return PLACE_ALLOWED;
	/*
	 * A number past the last described message (a retransmission
	 * counted twice, a Quick Mode without message 4 rows) says nothing
	 * useful: fall back to the direction.
	 */
	if (!numbered)
		msg_no = 0;
	for (i = 0; i < NROWS; i++) {
		if (rows[i].version != version || rows[i].exch != exch_type)
			continue;
		if (fits(&rows[i], is_response, inside_sk, msg_no) &&
		    lists(&rows[i], type))
			return PLACE_ALLOWED;
	}
	return PLACE_NOT_ALLOWED;
}
