/*
 * registry_v2.h - the IKEv2 name tables (IANA "Internet Key Exchange
 * Version 2 (IKEv2) Parameters" and the EAP registry), RFC 7296 and its
 * extensions.
 *
 * Each registry is one X-macro list, dissect/v2_*.def, whose rows read
 *
 *	R(id, symbol, short name, description, IKE version, source)
 *
 * The same list makes the table reg_lookup() searches (registry_v2.c) and
 * the enum constants below, so a number is written down once.  Numbers a
 * list leaves out (Reserved, Unassigned, Private Use) have no name:
 * reg_name() returns NULL and front-ends print UNKNOWN(n).
 */
#ifndef IKESCOPE_REGISTRY_V2_H
#define IKESCOPE_REGISTRY_V2_H

#include "registry.h"

/* Registry numbers 200..299 (registry.h); 200 is REG_DH_GROUP. */
enum {
	REG_V2_TRANSFORM_TYPE = 201, /* v2_transform_types.def */
	REG_V2_ENCR = 202,	     /* v2_encr.def: Transform Type 1 */
	REG_V2_PRF = 203,	     /* v2_prf.def: Transform Type 2 */
	REG_V2_INTEG = 204,	     /* v2_integ.def: Transform Type 3 */
	REG_V2_SN = 205,	     /* v2_sn.def: Transform Type 5 */
	REG_V2_TRANSFORM_ATTR = 206, /* v2_transform_attrs.def */
	REG_V2_PROTOCOL = 207,	     /* v2_protocols.def */
	REG_V2_ID_TYPE = 208,	     /* v2_id_types.def */
	REG_V2_CERT_ENCODING = 209,  /* v2_cert_encodings.def */
	REG_V2_AUTH_METHOD = 210,    /* v2_auth_methods.def */
	REG_V2_NOTIFY = 211,	     /* v2_notify.def */
	REG_V2_CFG_TYPE = 212,	     /* v2_cfg_types.def */
	REG_V2_CFG_ATTR = 213,	     /* v2_cfg_attrs.def */
	REG_V2_TS_TYPE = 214,	     /* v2_ts_types.def */
	REG_V2_GW_ID_TYPE = 215,     /* v2_gw_id_types.def */
	REG_V2_HASH_ALG = 216,	     /* v2_hash_algs.def */
	REG_V2_EAP_CODE = 217,	     /* v2_eap_codes.def */
	REG_V2_EAP_TYPE = 218,	     /* v2_eap_types.def */
	REG_V2_IPCOMP = 219,	     /* v2_ipcomp.def */
	REG_V2_PPK_ID_TYPE = 220,    /* v2_ppk_id_types.def */
	REG_V2_SPM = 221,	     /* v2_spm.def */
	REG_V2_ROHC_ATTR = 222,	     /* v2_rohc_attrs.def */
	/* REG_DH_GROUP (200) is v2_ke_methods.def */
};

/* Enum constants from the lists: V2_KE_MODP2048, V2N_COOKIE, ... */
#define R(id, sym, name, desc, v, src) V2_KE_##sym = id,
enum v2_ke_method {
#include "v2_ke_methods.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_TT_##sym = id,
enum v2_transform_type {
#include "v2_transform_types.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_ENCR_##sym = id,
enum v2_encr {
#include "v2_encr.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_PRF_##sym = id,
enum v2_prf {
#include "v2_prf.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_INTEG_##sym = id,
enum v2_integ {
#include "v2_integ.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_SN_##sym = id,
enum v2_sn {
#include "v2_sn.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_TA_##sym = id,
enum v2_transform_attr {
#include "v2_transform_attrs.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_PROTO_##sym = id,
enum v2_protocol {
#include "v2_protocols.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_ID_##sym = id,
enum v2_id_type {
#include "v2_id_types.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_CERT_##sym = id,
enum v2_cert_encoding {
#include "v2_cert_encodings.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_AUTH_##sym = id,
enum v2_auth_method {
#include "v2_auth_methods.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2N_##sym = id,
enum v2_notify_type {
#include "v2_notify.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_CFG_##sym = id,
enum v2_cfg_type {
#include "v2_cfg_types.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_CA_##sym = id,
enum v2_cfg_attr {
#include "v2_cfg_attrs.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_TS_##sym = id,
enum v2_ts_type {
#include "v2_ts_types.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_GW_##sym = id,
enum v2_gw_id_type {
#include "v2_gw_id_types.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_HASH_##sym = id,
enum v2_hash_alg {
#include "v2_hash_algs.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_EAPC_##sym = id,
enum v2_eap_code {
#include "v2_eap_codes.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_EAPT_##sym = id,
enum v2_eap_type {
#include "v2_eap_types.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_IPCOMP_##sym = id,
enum v2_ipcomp {
#include "v2_ipcomp.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_PPK_##sym = id,
enum v2_ppk_id_type {
#include "v2_ppk_id_types.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_SPM_##sym = id,
enum v2_spm {
#include "v2_spm.def"
};
#undef R
#define R(id, sym, name, desc, v, src) V2_ROHC_##sym = id,
enum v2_rohc_attr {
#include "v2_rohc_attrs.def"
};
#undef R

/*
 * The registry that names the Transform IDs of a Transform Type: ENCR,
 * PRF, INTEG, SN, and REG_DH_GROUP for KE and ADDKE1..7 (RFC 9370).
 * 0 for types without a list here (KWA, GCAUTH, private use).
 */
unsigned reg_v2_transform_reg(unsigned transform_type);

#endif
