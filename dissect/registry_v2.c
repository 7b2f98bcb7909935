/*
 * registry_v2.c - the IKEv2 name tables, one per IANA registry, built from
 * the v2_*.def lists (RFC 7296 3.3-3.16, RFC 9370 and the extensions each
 * row names).
 */
#include <stddef.h>

#include "registry_v2.h"

#define R(id, sym, name, desc, v, src) { id, name, desc, v, src },
static const struct reg_entry ke_methods[] = {
#include "v2_ke_methods.def"
};
static const struct reg_entry transform_types[] = {
#include "v2_transform_types.def"
};
static const struct reg_entry encr[] = {
#include "v2_encr.def"
};
static const struct reg_entry prf[] = {
#include "v2_prf.def"
};
static const struct reg_entry integ[] = {
#include "v2_integ.def"
};
static const struct reg_entry sn[] = {
#include "v2_sn.def"
};
static const struct reg_entry transform_attrs[] = {
#include "v2_transform_attrs.def"
};
static const struct reg_entry protocols[] = {
#include "v2_protocols.def"
};
static const struct reg_entry id_types[] = {
#include "v2_id_types.def"
};
static const struct reg_entry cert_encodings[] = {
#include "v2_cert_encodings.def"
};
static const struct reg_entry auth_methods[] = {
#include "v2_auth_methods.def"
};
static const struct reg_entry notify[] = {
#include "v2_notify.def"
};
static const struct reg_entry cfg_types[] = {
#include "v2_cfg_types.def"
};
static const struct reg_entry cfg_attrs[] = {
#include "v2_cfg_attrs.def"
};
static const struct reg_entry ts_types[] = {
#include "v2_ts_types.def"
};
static const struct reg_entry gw_id_types[] = {
#include "v2_gw_id_types.def"
};
static const struct reg_entry hash_algs[] = {
#include "v2_hash_algs.def"
};
static const struct reg_entry eap_codes[] = {
#include "v2_eap_codes.def"
};
static const struct reg_entry eap_types[] = {
#include "v2_eap_types.def"
};
static const struct reg_entry ipcomp[] = {
#include "v2_ipcomp.def"
};
static const struct reg_entry ppk_id_types[] = {
#include "v2_ppk_id_types.def"
};
static const struct reg_entry spm[] = {
#include "v2_spm.def"
};
static const struct reg_entry rohc_attrs[] = {
#include "v2_rohc_attrs.def"
};
#undef R

#define TABLE(r, t) \
	{ \
		(r), (t), sizeof(t) / sizeof((t)[0]) \
	}

static const struct {
	unsigned		reg;
	const struct reg_entry *v;
	size_t			n;
} tables[] = {
	TABLE(REG_DH_GROUP, ke_methods),
	TABLE(REG_V2_TRANSFORM_TYPE, transform_types),
	TABLE(REG_V2_ENCR, encr),
	TABLE(REG_V2_PRF, prf),
	TABLE(REG_V2_INTEG, integ),
	TABLE(REG_V2_SN, sn),
	TABLE(REG_V2_TRANSFORM_ATTR, transform_attrs),
	TABLE(REG_V2_PROTOCOL, protocols),
	TABLE(REG_V2_ID_TYPE, id_types),
	TABLE(REG_V2_CERT_ENCODING, cert_encodings),
	TABLE(REG_V2_AUTH_METHOD, auth_methods),
	TABLE(REG_V2_NOTIFY, notify),
	TABLE(REG_V2_CFG_TYPE, cfg_types),
	TABLE(REG_V2_CFG_ATTR, cfg_attrs),
	TABLE(REG_V2_TS_TYPE, ts_types),
	TABLE(REG_V2_GW_ID_TYPE, gw_id_types),
	TABLE(REG_V2_HASH_ALG, hash_algs),
	TABLE(REG_V2_EAP_CODE, eap_codes),
	TABLE(REG_V2_EAP_TYPE, eap_types),
	TABLE(REG_V2_IPCOMP, ipcomp),
	TABLE(REG_V2_PPK_ID_TYPE, ppk_id_types),
	TABLE(REG_V2_SPM, spm),
	TABLE(REG_V2_ROHC_ATTR, rohc_attrs),
};

const struct reg_entry *
reg_v2_lookup(unsigned reg, uint32_t id)
{
	size_t i, j;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		if (tables[i].reg != reg)
			continue;
		for (j = 0; j < tables[i].n; j++)
			if (tables[i].v[j].id == id)
				return &tables[i].v[j];
		return NULL;
	}
	return NULL;
}

unsigned
reg_v2_transform_reg(unsigned transform_type)
{
	switch (transform_type) {
	case V2_TT_ENCR:
		return REG_V2_ENCR;
	case V2_TT_PRF:
		return REG_V2_PRF;
	case V2_TT_INTEG:
		return REG_V2_INTEG;
	case V2_TT_SN:
		return REG_V2_SN;
	case V2_TT_KE:
	case V2_TT_ADDKE1:
	case V2_TT_ADDKE2:
	case V2_TT_ADDKE3:
	case V2_TT_ADDKE4:
	case V2_TT_ADDKE5:
	case V2_TT_ADDKE6:
	case V2_TT_ADDKE7:
		return REG_DH_GROUP;
	}
	return 0;
}
