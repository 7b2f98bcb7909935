/*
 * registry_v1.h - the IKEv1 / ISAKMP registries (numbers 100..199).
 *
 * Each registry is one X-macro list, dissect/v1_<name>.def, with the
 * number, the name IANA or the defining document gives, a long name and
 * the RFC of every entry:
 *
 *	V1(symbol, value, "short name", "long name" or NULL, "source")
 *
 * The same list makes the name table (registry_v1.c, looked up through
 * reg_name() in registry.h) and the enum below (V1_<PREFIX>_<symbol>),
 * so code and names cannot drift apart.  Sources: IANA "Internet Key
 * Exchange (IKE) Attributes" (ipsec-registry) and "Magic Numbers for
 * ISAKMP Protocol" (isakmp-registry), both closed by RFC 9395; RFC 2407,
 * 2408, 2409, 3947, 6407; the Mode-Config and XAUTH drafts; vendor
 * values as real peers send them, each with where it was published.
 */
#ifndef IKESCOPE_REGISTRY_V1_H
#define IKESCOPE_REGISTRY_V1_H

#include <stdint.h>

#include "registry.h"

#define REG_V1_DOI		 100 /* v1_doi.def */
#define REG_V1_SITUATION	 101 /* v1_situation.def */
#define REG_V1_PROTO		 102 /* v1_proto.def */
#define REG_V1_XF_ISAKMP	 103 /* v1_xf_isakmp.def */
#define REG_V1_XF_AH		 104 /* v1_xf_ah.def */
#define REG_V1_XF_ESP		 105 /* v1_xf_esp.def */
#define REG_V1_XF_IPCOMP	 106 /* v1_xf_ipcomp.def */
#define REG_V1_IKE_ATTR		 107 /* v1_ike_attr.def */
#define REG_V1_IKE_ENCR		 108 /* v1_ike_encr.def */
#define REG_V1_IKE_HASH		 109 /* v1_ike_hash.def */
#define REG_V1_IKE_AUTH		 110 /* v1_ike_auth.def */
#define REG_V1_IKE_GROUP_TYPE	 111 /* v1_ike_group_type.def */
#define REG_V1_IKE_LIFE_TYPE	 112 /* v1_ike_life_type.def */
#define REG_V1_IKE_PRF		 113 /* v1_ike_prf.def */
#define REG_V1_GROUP_DESC	 114 /* v1_group_desc.def, then REG_DH_GROUP */
#define REG_V1_IPSEC_ATTR	 115 /* v1_ipsec_attr.def */
#define REG_V1_SA_LIFE_TYPE	 116 /* v1_sa_life_type.def */
#define REG_V1_ENCAP_MODE	 117 /* v1_encap_mode.def */
#define REG_V1_AUTH_ALG		 118 /* v1_auth_alg.def */
#define REG_V1_ECN_TUNNEL	 119 /* v1_ecn_tunnel.def */
#define REG_V1_ESN		 120 /* v1_esn.def */
#define REG_V1_SIG_ENCODING	 121 /* v1_sig_encoding.def */
#define REG_V1_ADDR_PRESERVATION 122 /* v1_addr_preservation.def */
#define REG_V1_SA_DIRECTION	 123 /* v1_sa_direction.def */
#define REG_V1_ID_TYPE		 124 /* v1_id_type.def */
#define REG_V1_CERT_ENCODING	 125 /* v1_cert_encoding.def */
#define REG_V1_NOTIFY		 126 /* v1_notify.def */
#define REG_V1_CFG_TYPE		 127 /* v1_cfg_type.def */
#define REG_V1_CFG_ATTR		 128 /* v1_cfg_attr.def */
#define REG_V1_XAUTH_TYPE	 129 /* v1_xauth_type.def */
#define REG_V1_XAUTH_STATUS	 130 /* v1_xauth_status.def */
#define REG_V1_GDOI_KEK_ATTR	 131 /* v1_gdoi_kek_attr.def */
#define REG_V1_GDOI_KEK_MGMT	 132 /* v1_gdoi_kek_mgmt.def */
#define REG_V1_GDOI_KEK_ALG	 133 /* v1_gdoi_kek_alg.def */
#define REG_V1_GDOI_SIG_HASH	 134 /* v1_gdoi_sig_hash.def */
#define REG_V1_GDOI_SIG_ALG	 135 /* v1_gdoi_sig_alg.def */
#define REG_V1_GDOI_TEK_PROTO	 136 /* v1_gdoi_tek_proto.def */
#define REG_V1_GDOI_KD_TYPE	 137 /* v1_gdoi_kd_type.def */
#define REG_V1_GDOI_KD_TEK_ATTR	 138 /* v1_gdoi_kd_tek_attr.def */
#define REG_V1_GDOI_KD_KEK_ATTR	 139 /* v1_gdoi_kd_kek_attr.def */
#define REG_V1_GDOI_KD_LKH_ATTR	 140 /* v1_gdoi_kd_lkh_attr.def */
#define REG_V1_GDOI_KD_SID_ATTR	 141 /* v1_gdoi_kd_sid_attr.def */
#define REG_V1_GDOI_GAP_ATTR	 142 /* v1_gdoi_gap_attr.def */

enum v1_doi {
#define V1(sym, id, name, desc, src) V1_DOI_##sym = id,
#include "v1_doi.def"
#undef V1
};

enum v1_situation {
#define V1(sym, id, name, desc, src) V1_SIT_##sym = id,
#include "v1_situation.def"
#undef V1
};

enum v1_proto {
#define V1(sym, id, name, desc, src) V1_PROTO_##sym = id,
#include "v1_proto.def"
#undef V1
};

enum v1_xf_isakmp {
#define V1(sym, id, name, desc, src) V1_XF_##sym = id,
#include "v1_xf_isakmp.def"
#undef V1
};

enum v1_xf_ah {
#define V1(sym, id, name, desc, src) V1_AH_##sym = id,
#include "v1_xf_ah.def"
#undef V1
};

enum v1_xf_esp {
#define V1(sym, id, name, desc, src) V1_ESP_##sym = id,
#include "v1_xf_esp.def"
#undef V1
};

enum v1_xf_ipcomp {
#define V1(sym, id, name, desc, src) V1_IPCOMP_##sym = id,
#include "v1_xf_ipcomp.def"
#undef V1
};

enum v1_ike_attr {
#define V1(sym, id, name, desc, src) V1_IKE_##sym = id,
#include "v1_ike_attr.def"
#undef V1
};

enum v1_ike_encr {
#define V1(sym, id, name, desc, src) V1_ENCR_##sym = id,
#include "v1_ike_encr.def"
#undef V1
};

enum v1_ike_hash {
#define V1(sym, id, name, desc, src) V1_HASH_##sym = id,
#include "v1_ike_hash.def"
#undef V1
};

enum v1_ike_auth {
#define V1(sym, id, name, desc, src) V1_AUTH_##sym = id,
#include "v1_ike_auth.def"
#undef V1
};

enum v1_ike_group_type {
#define V1(sym, id, name, desc, src) V1_GRP_##sym = id,
#include "v1_ike_group_type.def"
#undef V1
};

enum v1_ike_life_type {
#define V1(sym, id, name, desc, src) V1_LIFE_##sym = id,
#include "v1_ike_life_type.def"
#undef V1
};

enum v1_group_desc {
#define V1(sym, id, name, desc, src) V1_GROUP_##sym = id,
#include "v1_group_desc.def"
#undef V1
};

enum v1_ipsec_attr {
#define V1(sym, id, name, desc, src) V1_IPSEC_##sym = id,
#include "v1_ipsec_attr.def"
#undef V1
};

enum v1_sa_life_type {
#define V1(sym, id, name, desc, src) V1_SALIFE_##sym = id,
#include "v1_sa_life_type.def"
#undef V1
};

enum v1_encap_mode {
#define V1(sym, id, name, desc, src) V1_ENCAP_##sym = id,
#include "v1_encap_mode.def"
#undef V1
};

enum v1_auth_alg {
#define V1(sym, id, name, desc, src) V1_AALG_##sym = id,
#include "v1_auth_alg.def"
#undef V1
};

enum v1_ecn_tunnel {
#define V1(sym, id, name, desc, src) V1_ECN_##sym = id,
#include "v1_ecn_tunnel.def"
#undef V1
};

enum v1_esn {
#define V1(sym, id, name, desc, src) V1_ESN_##sym = id,
#include "v1_esn.def"
#undef V1
};

enum v1_sig_encoding {
#define V1(sym, id, name, desc, src) V1_SIGENC_##sym = id,
#include "v1_sig_encoding.def"
#undef V1
};

enum v1_addr_preservation {
#define V1(sym, id, name, desc, src) V1_ADDRPRES_##sym = id,
#include "v1_addr_preservation.def"
#undef V1
};

enum v1_sa_direction {
#define V1(sym, id, name, desc, src) V1_SADIR_##sym = id,
#include "v1_sa_direction.def"
#undef V1
};

enum v1_id_type {
#define V1(sym, id, name, desc, src) V1_ID_##sym = id,
#include "v1_id_type.def"
#undef V1
};

enum v1_cert_encoding {
#define V1(sym, id, name, desc, src) V1_CERT_##sym = id,
#include "v1_cert_encoding.def"
#undef V1
};

enum v1_notify {
#define V1(sym, id, name, desc, src) V1_N_##sym = id,
#include "v1_notify.def"
#undef V1
};

enum v1_cfg_type {
#define V1(sym, id, name, desc, src) V1_CFG_##sym = id,
#include "v1_cfg_type.def"
#undef V1
};

enum v1_cfg_attr {
#define V1(sym, id, name, desc, src) V1_CFGA_##sym = id,
#include "v1_cfg_attr.def"
#undef V1
};

enum v1_xauth_type {
#define V1(sym, id, name, desc, src) V1_XAUTH_TYPE_##sym = id,
#include "v1_xauth_type.def"
#undef V1
};

enum v1_xauth_status {
#define V1(sym, id, name, desc, src) V1_XAUTH_STATUS_##sym = id,
#include "v1_xauth_status.def"
#undef V1
};

enum v1_gdoi_kek_attr {
#define V1(sym, id, name, desc, src) V1_KEKA_##sym = id,
#include "v1_gdoi_kek_attr.def"
#undef V1
};

enum v1_gdoi_kek_mgmt {
#define V1(sym, id, name, desc, src) V1_KEKMGMT_##sym = id,
#include "v1_gdoi_kek_mgmt.def"
#undef V1
};

enum v1_gdoi_kek_alg {
#define V1(sym, id, name, desc, src) V1_KEKALG_##sym = id,
#include "v1_gdoi_kek_alg.def"
#undef V1
};

enum v1_gdoi_sig_hash {
#define V1(sym, id, name, desc, src) V1_SIGHASH_##sym = id,
#include "v1_gdoi_sig_hash.def"
#undef V1
};

enum v1_gdoi_sig_alg {
#define V1(sym, id, name, desc, src) V1_SIGALG_##sym = id,
#include "v1_gdoi_sig_alg.def"
#undef V1
};

enum v1_gdoi_tek_proto {
#define V1(sym, id, name, desc, src) V1_TEKPROTO_##sym = id,
#include "v1_gdoi_tek_proto.def"
#undef V1
};

enum v1_gdoi_kd_type {
#define V1(sym, id, name, desc, src) V1_KD_##sym = id,
#include "v1_gdoi_kd_type.def"
#undef V1
};

enum v1_gdoi_kd_tek_attr {
#define V1(sym, id, name, desc, src) V1_KDTEK_##sym = id,
#include "v1_gdoi_kd_tek_attr.def"
#undef V1
};

enum v1_gdoi_kd_kek_attr {
#define V1(sym, id, name, desc, src) V1_KDKEK_##sym = id,
#include "v1_gdoi_kd_kek_attr.def"
#undef V1
};

enum v1_gdoi_kd_lkh_attr {
#define V1(sym, id, name, desc, src) V1_KDLKH_##sym = id,
#include "v1_gdoi_kd_lkh_attr.def"
#undef V1
};

enum v1_gdoi_kd_sid_attr {
#define V1(sym, id, name, desc, src) V1_KDSID_##sym = id,
#include "v1_gdoi_kd_sid_attr.def"
#undef V1
};

enum v1_gdoi_gap_attr {
#define V1(sym, id, name, desc, src) V1_GAP_##sym = id,
#include "v1_gdoi_gap_attr.def"
#undef V1
};

/*
 * The registry that names a transform ID of security protocol proto
 * (PROTO_ISAKMP, _IPSEC_AH, _IPSEC_ESP, _IPCOMP), or 0 for none.
 */
unsigned reg_v1_transform_reg(uint32_t proto);
/*
 * The registry that names the attribute types of proto's transforms:
 * the IKE attribute classes for PROTO_ISAKMP, the IPsec DOI SA
 * attributes for the others.
 */
unsigned reg_v1_attr_reg(uint32_t proto);
/*
 * The registry that names the values of attribute type attr (of proto's
 * transforms), or 0 when its values are numbers (lifetimes, key
 * lengths) or bytes (group primes).
 */
unsigned reg_v1_attr_value_reg(uint32_t proto, uint32_t attr);

#endif
