/*
 * test_placement.c - payload placement per exchange, direction, message
 * and SK nesting (RFC 2409 5, RFC 7296 1.2-1.4 and extensions).
 */
#include "../../dissect/placement.h"
#include "tap.h"

/* Payload and exchange numbers, spelled out so the test stands alone. */
enum {
	SA = 1,
	KE = 4,
	ID = 5,
	CERT = 6,
	CR = 7,
	HASH = 8,
	SIG = 9,
	NONCE = 10,
	N = 11,
	D = 12,
	VID = 13,
	ATTR = 14,
	NATD = 20,
	NATOA = 21,
	NATD_DRAFT = 130,
	NATOA_DRAFT = 131,
	FRAG = 132,
	SA2 = 33,
	KE2 = 34,
	IDI = 35,
	IDR = 36,
	CERT2 = 37,
	CERTREQ = 38,
	AUTH = 39,
	NONCE2 = 40,
	N2 = 41,
	D2 = 42,
	V = 43,
	TSI = 44,
	TSR = 45,
	SK = 46,
	CP = 47,
	EAP = 48,
	SKF = 53,
	PS = 54
};

enum {
	MAIN = 2,
	AGGR = 4,
	INFO = 5,
	TRANS = 6,
	QUICK = 32,
	NGM = 33,
	INIT = 34,
	IAUTH = 35,
	CHILD = 36,
	INFORMATIONAL = 37,
	RESUME = 38,
	INTER = 43,
	FOLLOWUP = 44
};

#define REQ   0
#define RESP  1
#define CLEAR 0
#define INSK  1

#define YES(v, x, r, s, m, t, what) \
	ok(placement_check(v, x, r, s, m, t) == PLACE_ALLOWED, "%s", what)
#define NO(v, x, r, s, m, t, what) \
	ok(placement_check(v, x, r, s, m, t) == PLACE_NOT_ALLOWED, "%s", what)

static void
test_v1(void)
{
	/* Main Mode, one message at a time. */
	YES(1, MAIN, REQ, 0, 1, SA, "MM1 carries SA");
	YES(1, MAIN, REQ, 0, 1, VID, "MM1 carries VID");
	NO(1, MAIN, REQ, 0, 1, KE, "MM1 carries no KE");
	NO(1, MAIN, RESP, 0, 2, ID, "MM2 carries no ID");
	YES(1, MAIN, REQ, 0, 3, KE, "MM3 carries KE");
	YES(1, MAIN, REQ, 0, 3, NONCE, "MM3 carries Ni");
	YES(1, MAIN, REQ, 0, 3, NATD, "MM3 carries NAT-D (RFC 3947)");
	YES(1, MAIN, REQ, 0, 3, NATD_DRAFT, "MM3 carries draft NAT-D (130)");
	YES(1, MAIN, REQ, 0, 3, ID, "MM3 carries ID (public key methods)");
	YES(1, MAIN, REQ, 0, 3, HASH, "MM3 carries HASH(1) (public key)");
	NO(1, MAIN, REQ, 0, 3, SA, "MM3 carries no SA");
	NO(1, MAIN, REQ, 0, 3, SIG, "MM3 carries no SIG");
	YES(1, MAIN, RESP, 0, 4, CR, "MM4 carries CR");
	NO(1, MAIN, RESP, 0, 4, HASH, "MM4 carries no HASH");
	YES(1, MAIN, REQ, 0, 5, ID, "MM5 carries IDii");
	YES(1, MAIN, REQ, 0, 5, SIG, "MM5 carries SIG_I");
	YES(1, MAIN, REQ, 0, 5, N, "MM5 carries N (INITIAL-CONTACT)");
	NO(1, MAIN, REQ, 0, 5, NATD, "MM5 carries no NAT-D");
	NO(1, MAIN, REQ, 0, 5, KE, "MM5 carries no KE");
	YES(1, MAIN, RESP, 0, 6, HASH, "MM6 carries HASH_R");
	NO(1, MAIN, RESP, 0, 6, SA, "MM6 carries no SA");
	YES(1, MAIN, RESP, 0, 6, FRAG, "MM6 may be a Cisco fragment");
	YES(1, MAIN, RESP, 0, 0, SA, "MM response, number unknown: SA ok");
	YES(1, MAIN, RESP, 0, 0, SIG, "MM response, number unknown: SIG ok");
	NO(1, MAIN, RESP, 0, 0, D, "MM response never carries D");
	YES(1, MAIN, RESP, 0, 3, KE,
	    "a known number wins over the direction flag");
	YES(1, MAIN, REQ, 0, 9, SA,
	    "a number past 6 falls back to the direction");
	YES(1, MAIN, REQ, 0, 1, 0, "NONE is always fine");

	/* Aggressive Mode. */
	YES(1, AGGR, REQ, 0, 1, ID, "AM1 carries IDii");
	YES(1, AGGR, REQ, 0, 1, KE, "AM1 carries KE");
	NO(1, AGGR, REQ, 0, 1, SIG, "AM1 carries no SIG");
	NO(1, AGGR, REQ, 0, 1, NATD, "AM1 carries no NAT-D");
	YES(1, AGGR, RESP, 0, 2, NATD, "AM2 carries NAT-D");
	YES(1, AGGR, RESP, 0, 2, HASH, "AM2 carries HASH_R");
	YES(1, AGGR, REQ, 0, 3, HASH, "AM3 carries HASH_I");
	NO(1, AGGR, REQ, 0, 3, SA, "AM3 carries no SA");

	/* Quick Mode. */
	YES(1, QUICK, REQ, 0, 1, NATOA, "QM1 carries NAT-OA");
	YES(1, QUICK, REQ, 0, 1, NATOA_DRAFT, "QM1 carries draft NAT-OA");
	YES(1, QUICK, REQ, 0, 0, ID, "QM request carries IDci/IDcr");
	YES(1, QUICK, RESP, 0, 0, N, "QM response carries N");
	NO(1, QUICK, REQ, 0, 3, SA, "QM3 carries only HASH: no SA");
	YES(1, QUICK, REQ, 0, 3, HASH, "QM3 carries HASH(3)");
	NO(1, QUICK, REQ, 0, 0, CERT, "QM carries no CERT");
	NO(1, QUICK, RESP, 0, 0, NATD, "QM carries no NAT-D");

	/* New Group, Informational, Transaction. */
	YES(1, NGM, REQ, 0, 0, SA, "New Group Mode carries SA");
	NO(1, NGM, RESP, 0, 0, KE, "New Group Mode carries no KE");
	YES(1, INFO, REQ, 0, 0, D, "Informational carries D");
	YES(1, INFO, RESP, 0, 0, HASH, "Informational carries HASH");
	NO(1, INFO, REQ, 0, 0, SA, "Informational carries no SA");
	NO(1, INFO, REQ, 0, 0, VID, "Informational carries no VID");
	YES(1, TRANS, REQ, 0, 0, ATTR, "Transaction carries ATTR");
	NO(1, TRANS, RESP, 0, 0, NONCE, "Transaction carries no NONCE");
	NO(1, MAIN, REQ, 0, 1, SA2, "an IKEv2 payload type in Main Mode");
}

static void
test_v2(void)
{
	/* IKE_SA_INIT. */
	YES(2, INIT, REQ, CLEAR, 0, SA2, "IKE_SA_INIT request: SA");
	YES(2, INIT, REQ, CLEAR, 0, KE2, "IKE_SA_INIT request: KE");
	YES(2, INIT, REQ, CLEAR, 0, N2, "IKE_SA_INIT request: N");
	YES(2, INIT, REQ, CLEAR, 0, PS, "IKE_SA_INIT request: PS (RFC 8019)");
	NO(2, INIT, REQ, CLEAR, 0, CERTREQ,
	    "IKE_SA_INIT request: CERTREQ belongs in IKE_AUTH");
	YES(2, INIT, RESP, CLEAR, 0, CERTREQ, "IKE_SA_INIT response: CERTREQ");
	YES(2, INIT, RESP, CLEAR, 0, V, "IKE_SA_INIT response: V");
	NO(2, INIT, RESP, CLEAR, 0, AUTH, "IKE_SA_INIT response: no AUTH");
	NO(2, INIT, REQ, CLEAR, 0, SK, "IKE_SA_INIT: no SK");
	NO(2, INIT, REQ, INSK, 0, SA2, "IKE_SA_INIT: nothing inside SK");

	/* IKE_AUTH. */
	YES(2, IAUTH, REQ, CLEAR, 0, SK, "IKE_AUTH: SK outside");
	YES(2, IAUTH, RESP, CLEAR, 0, SKF, "IKE_AUTH: SKF outside");
	NO(2, IAUTH, REQ, CLEAR, 0, IDI, "IKE_AUTH: IDi only inside SK");
	NO(2, IAUTH, RESP, CLEAR, 0, N2, "IKE_AUTH: no clear N");
	YES(2, IAUTH, REQ, INSK, 0, IDI, "IKE_AUTH request: IDi in SK");
	YES(2, IAUTH, REQ, INSK, 0, AUTH, "IKE_AUTH request: AUTH in SK");
	YES(2, IAUTH, REQ, INSK, 0, TSI, "IKE_AUTH request: TSi in SK");
	YES(2, IAUTH, REQ, INSK, 0, CP, "IKE_AUTH request: CP in SK");
	YES(2, IAUTH, REQ, INSK, 0, EAP, "IKE_AUTH request: EAP in SK");
	YES(2, IAUTH, RESP, INSK, 0, IDR, "IKE_AUTH response: IDr in SK");
	YES(2, IAUTH, RESP, INSK, 0, CERT2, "IKE_AUTH response: CERT in SK");
	NO(2, IAUTH, RESP, INSK, 0, IDI, "IKE_AUTH response: no IDi");
	NO(2, IAUTH, REQ, INSK, 0, KE2, "IKE_AUTH: no KE");
	NO(2, IAUTH, REQ, INSK, 0, SK, "IKE_AUTH: no SK inside SK");
	NO(2, IAUTH, REQ, INSK, 0, NONCE2, "IKE_AUTH: no Nonce");

	/* CREATE_CHILD_SA. */
	YES(2, CHILD, REQ, INSK, 0, NONCE2, "CREATE_CHILD_SA: Ni in SK");
	YES(2, CHILD, RESP, INSK, 0, KE2, "CREATE_CHILD_SA: KEr in SK");
	YES(2, CHILD, REQ, INSK, 0, TSR, "CREATE_CHILD_SA: TSr in SK");
	NO(2, CHILD, REQ, INSK, 0, AUTH, "CREATE_CHILD_SA: no AUTH");
	NO(2, CHILD, REQ, INSK, 0, D2, "CREATE_CHILD_SA: no D");
	NO(2, CHILD, REQ, CLEAR, 0, SA2, "CREATE_CHILD_SA: no clear SA");

	/* INFORMATIONAL. */
	YES(2, INFORMATIONAL, REQ, INSK, 0, D2, "INFORMATIONAL: D in SK");
	YES(2, INFORMATIONAL, RESP, INSK, 0, CP, "INFORMATIONAL: CP in SK");
	YES(2, INFORMATIONAL, REQ, CLEAR, 0, N2,
	    "INFORMATIONAL: unprotected N (RFC 7296 2.21.4)");
	NO(2, INFORMATIONAL, REQ, INSK, 0, SA2, "INFORMATIONAL: no SA");
	NO(2, INFORMATIONAL, REQ, CLEAR, 0, D2, "INFORMATIONAL: no clear D");

	/* Extensions. */
	YES(2, INTER, REQ, INSK, 0, KE2, "IKE_INTERMEDIATE: KE (RFC 9370)");
	NO(2, INTER, REQ, INSK, 0, SA2, "IKE_INTERMEDIATE: no SA");
	YES(2, FOLLOWUP, RESP, INSK, 0, N2, "IKE_FOLLOWUP_KE: N");
	NO(2, FOLLOWUP, RESP, INSK, 0, TSI, "IKE_FOLLOWUP_KE: no TSi");
	YES(2, RESUME, REQ, CLEAR, 0, NONCE2, "IKE_SESSION_RESUME: Ni");
	NO(2, RESUME, REQ, CLEAR, 0, SA2, "IKE_SESSION_RESUME: no SA");
	YES(2, CHILD, REQ, INSK, 0, 0, "NONE is always fine");
}

static void
test_no_rule(void)
{
	ok(placement_check(1, 1, 0, 0, 0, SA) == PLACE_NO_RULE,
	    "ISAKMP Base exchange is not described");
	ok(placement_check(1, 3, 0, 0, 0, SA) == PLACE_NO_RULE,
	    "Authentication Only is not described");
	ok(placement_check(2, 39, 0, 1, 0, SA2) == PLACE_NO_RULE,
	    "GSA_AUTH is not described");
	ok(placement_check(2, 240, 1, 0, 0, 0) == PLACE_NO_RULE,
	    "a private exchange type is not described, even for NONE");
	ok(placement_check(2, MAIN, 0, 0, 1, SA2) == PLACE_NO_RULE,
	    "IKEv1 exchange numbers under IKEv2 are not described");
	ok(placement_check(1, INIT, 0, 0, 0, SA) == PLACE_NO_RULE,
	    "IKEv2 exchange numbers under IKEv1 are not described");
	ok(placement_check(3, MAIN, 0, 0, 1, SA) == PLACE_NO_RULE,
	    "unknown major version is not described");
}

int
main(void)
{
	test_v1();
	test_v2();
	test_no_rule();
	return done();
}
