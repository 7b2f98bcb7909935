/*
 * registry_v1.c - the IKEv1 / ISAKMP name tables, built from the
 * v1_*.def lists (RFC 2407, 2408, 2409, 3947, 6407, IANA ipsec-registry
 * and isakmp-registry).
 */
#include <stddef.h>

#include "registry_v1.h"

/* Every table ends with an entry whose name is NULL. */
#define V1(sym, id, name, desc, src) { id, name, desc, 1, src },
#define END \
	{ \
		0, NULL, NULL, 0, NULL \
	}

static const struct reg_entry v1_doi[] = {
#include "v1_doi.def"
	END
};

static const struct reg_entry v1_situation[] = {
#include "v1_situation.def"
	END
};

static const struct reg_entry v1_proto[] = {
#include "v1_proto.def"
	END
};

static const struct reg_entry v1_xf_isakmp[] = {
#include "v1_xf_isakmp.def"
	END
};

static const struct reg_entry v1_xf_ah[] = {
#include "v1_xf_ah.def"
	END
};

static const struct reg_entry v1_xf_esp[] = {
#include "v1_xf_esp.def"
	END
};

static const struct reg_entry v1_xf_ipcomp[] = {
#include "v1_xf_ipcomp.def"
	END
};

static const struct reg_entry v1_ike_attr[] = {
#include "v1_ike_attr.def"
	END
};

static const struct reg_entry v1_ike_encr[] = {
#include "v1_ike_encr.def"
	END
};

static const struct reg_entry v1_ike_hash[] = {
#include "v1_ike_hash.def"
	END
};

static const struct reg_entry v1_ike_auth[] = {
#include "v1_ike_auth.def"
	END
};

static const struct reg_entry v1_ike_group_type[] = {
#include "v1_ike_group_type.def"
	END
};

static const struct reg_entry v1_ike_life_type[] = {
#include "v1_ike_life_type.def"
	END
};

static const struct reg_entry v1_ike_prf[] = {
#include "v1_ike_prf.def"
	END
};

static const struct reg_entry v1_group_desc[] = {
#include "v1_group_desc.def"
	END
};

static const struct reg_entry v1_ipsec_attr[] = {
#include "v1_ipsec_attr.def"
	END
};

static const struct reg_entry v1_sa_life_type[] = {
#include "v1_sa_life_type.def"
	END
};

static const struct reg_entry v1_encap_mode[] = {
#include "v1_encap_mode.def"
	END
};

static const struct reg_entry v1_auth_alg[] = {
#include "v1_auth_alg.def"
	END
};

static const struct reg_entry v1_ecn_tunnel[] = {
#include "v1_ecn_tunnel.def"
	END
};

static const struct reg_entry v1_esn[] = {
#include "v1_esn.def"
	END
};

static const struct reg_entry v1_sig_encoding[] = {
#include "v1_sig_encoding.def"
	END
};

static const struct reg_entry v1_addr_preservation[] = {
#include "v1_addr_preservation.def"
	END
};

static const struct reg_entry v1_sa_direction[] = {
#include "v1_sa_direction.def"
	END
};

static const struct reg_entry v1_id_type[] = {
#include "v1_id_type.def"
	END
};

static const struct reg_entry v1_cert_encoding[] = {
#include "v1_cert_encoding.def"
	END
};

static const struct reg_entry v1_notify[] = {
#include "v1_notify.def"
	END
};

static const struct reg_entry v1_cfg_type[] = {
#include "v1_cfg_type.def"
	END
};

static const struct reg_entry v1_cfg_attr[] = {
#include "v1_cfg_attr.def"
	END
};

static const struct reg_entry v1_xauth_type[] = {
#include "v1_xauth_type.def"
	END
};

static const struct reg_entry v1_xauth_status[] = {
#include "v1_xauth_status.def"
	END
};

static const struct reg_entry v1_gdoi_kek_attr[] = {
#include "v1_gdoi_kek_attr.def"
	END
};

static const struct reg_entry v1_gdoi_kek_mgmt[] = {
#include "v1_gdoi_kek_mgmt.def"
	END
};

static const struct reg_entry v1_gdoi_kek_alg[] = {
#include "v1_gdoi_kek_alg.def"
	END
};

static const struct reg_entry v1_gdoi_sig_hash[] = {
#include "v1_gdoi_sig_hash.def"
	END
};

static const struct reg_entry v1_gdoi_sig_alg[] = {
#include "v1_gdoi_sig_alg.def"
	END
};

static const struct reg_entry v1_gdoi_tek_proto[] = {
#include "v1_gdoi_tek_proto.def"
	END
};

static const struct reg_entry v1_gdoi_kd_type[] = {
#include "v1_gdoi_kd_type.def"
	END
};

static const struct reg_entry v1_gdoi_kd_tek_attr[] = {
#include "v1_gdoi_kd_tek_attr.def"
	END
};

static const struct reg_entry v1_gdoi_kd_kek_attr[] = {
#include "v1_gdoi_kd_kek_attr.def"
	END
};

static const struct reg_entry v1_gdoi_kd_lkh_attr[] = {
#include "v1_gdoi_kd_lkh_attr.def"
	END
};

static const struct reg_entry v1_gdoi_kd_sid_attr[] = {
#include "v1_gdoi_kd_sid_attr.def"
	END
};

static const struct reg_entry v1_gdoi_gap_attr[] = {
#include "v1_gdoi_gap_attr.def"
	END
};

#undef V1
#undef END

static const struct {
	unsigned		reg;
	const struct reg_entry *t;
} v1_regs[] = {
	{ REG_V1_DOI, v1_doi },
	{ REG_V1_SITUATION, v1_situation },
	{ REG_V1_PROTO, v1_proto },
	{ REG_V1_XF_ISAKMP, v1_xf_isakmp },
	{ REG_V1_XF_AH, v1_xf_ah },
	{ REG_V1_XF_ESP, v1_xf_esp },
	{ REG_V1_XF_IPCOMP, v1_xf_ipcomp },
	{ REG_V1_IKE_ATTR, v1_ike_attr },
	{ REG_V1_IKE_ENCR, v1_ike_encr },
	{ REG_V1_IKE_HASH, v1_ike_hash },
	{ REG_V1_IKE_AUTH, v1_ike_auth },
	{ REG_V1_IKE_GROUP_TYPE, v1_ike_group_type },
	{ REG_V1_IKE_LIFE_TYPE, v1_ike_life_type },
	{ REG_V1_IKE_PRF, v1_ike_prf },
	{ REG_V1_GROUP_DESC, v1_group_desc },
	{ REG_V1_IPSEC_ATTR, v1_ipsec_attr },
	{ REG_V1_SA_LIFE_TYPE, v1_sa_life_type },
	{ REG_V1_ENCAP_MODE, v1_encap_mode },
	{ REG_V1_AUTH_ALG, v1_auth_alg },
	{ REG_V1_ECN_TUNNEL, v1_ecn_tunnel },
	{ REG_V1_ESN, v1_esn },
	{ REG_V1_SIG_ENCODING, v1_sig_encoding },
	{ REG_V1_ADDR_PRESERVATION, v1_addr_preservation },
	{ REG_V1_SA_DIRECTION, v1_sa_direction },
	{ REG_V1_ID_TYPE, v1_id_type },
	{ REG_V1_CERT_ENCODING, v1_cert_encoding },
	{ REG_V1_NOTIFY, v1_notify },
	{ REG_V1_CFG_TYPE, v1_cfg_type },
	{ REG_V1_CFG_ATTR, v1_cfg_attr },
	{ REG_V1_XAUTH_TYPE, v1_xauth_type },
	{ REG_V1_XAUTH_STATUS, v1_xauth_status },
	{ REG_V1_GDOI_KEK_ATTR, v1_gdoi_kek_attr },
	{ REG_V1_GDOI_KEK_MGMT, v1_gdoi_kek_mgmt },
	{ REG_V1_GDOI_KEK_ALG, v1_gdoi_kek_alg },
	{ REG_V1_GDOI_SIG_HASH, v1_gdoi_sig_hash },
	{ REG_V1_GDOI_SIG_ALG, v1_gdoi_sig_alg },
	{ REG_V1_GDOI_TEK_PROTO, v1_gdoi_tek_proto },
	{ REG_V1_GDOI_KD_TYPE, v1_gdoi_kd_type },
	{ REG_V1_GDOI_KD_TEK_ATTR, v1_gdoi_kd_tek_attr },
	{ REG_V1_GDOI_KD_KEK_ATTR, v1_gdoi_kd_kek_attr },
	{ REG_V1_GDOI_KD_LKH_ATTR, v1_gdoi_kd_lkh_attr },
	{ REG_V1_GDOI_KD_SID_ATTR, v1_gdoi_kd_sid_attr },
	{ REG_V1_GDOI_GAP_ATTR, v1_gdoi_gap_attr },
};

const struct reg_entry *
reg_v1_lookup(unsigned reg, uint32_t id)
{
	const struct reg_entry *e;
	size_t			i;

	for (i = 0; i < sizeof(v1_regs) / sizeof(v1_regs[0]); i++) {
		if (v1_regs[i].reg != reg)
			continue;
		for (e = v1_regs[i].t; e->name != NULL; e++)
			if (e->id == id)
				return e;
		break;
	}
	/*
	 * RFC 2409 A: Group Description values are shared with the IKEv2
	 * key exchange methods except for the two EC2N groups listed here.
	 */
	if (reg == REG_V1_GROUP_DESC)
		return reg_lookup(REG_DH_GROUP, id);
	return NULL;
}

unsigned
reg_v1_transform_reg(uint32_t proto)
{
	switch (proto) {
	case V1_PROTO_ISAKMP:
		return REG_V1_XF_ISAKMP;
	case V1_PROTO_AH:
		return REG_V1_XF_AH;
	case V1_PROTO_ESP:
		return REG_V1_XF_ESP;
	case V1_PROTO_IPCOMP:
		return REG_V1_XF_IPCOMP;
	}
	return 0;
}

unsigned
reg_v1_attr_reg(uint32_t proto)
{
	return proto == V1_PROTO_ISAKMP ? REG_V1_IKE_ATTR : REG_V1_IPSEC_ATTR;
}

unsigned
reg_v1_attr_value_reg(uint32_t proto, uint32_t attr)
{
	if (proto == V1_PROTO_ISAKMP) {
		switch (attr) {
		case V1_IKE_ENCR:
			return REG_V1_IKE_ENCR;
		case V1_IKE_HASH:
			return REG_V1_IKE_HASH;
		case V1_IKE_AUTH:
			return REG_V1_IKE_AUTH;
		case V1_IKE_GROUP_DESC:
			return REG_V1_GROUP_DESC;
		case V1_IKE_GROUP_TYPE:
			return REG_V1_IKE_GROUP_TYPE;
		case V1_IKE_LIFE_TYPE:
			return REG_V1_IKE_LIFE_TYPE;
		case V1_IKE_PRF:
			return REG_V1_IKE_PRF;
		}
		return 0;
	}
	switch (attr) {
	case V1_IPSEC_LIFE_TYPE:
		return REG_V1_SA_LIFE_TYPE;
	case V1_IPSEC_GROUP_DESC:
		return REG_V1_GROUP_DESC;
	case V1_IPSEC_ENCAP_MODE:
		return REG_V1_ENCAP_MODE;
	case V1_IPSEC_AUTH_ALG:
		return REG_V1_AUTH_ALG;
	case V1_IPSEC_ECN_TUNNEL:
		return REG_V1_ECN_TUNNEL;
	case V1_IPSEC_ESN:
		return REG_V1_ESN;
	case V1_IPSEC_SIG_ENCODING:
		return REG_V1_SIG_ENCODING;
	case V1_IPSEC_ADDR_PRESERVATION:
		return REG_V1_ADDR_PRESERVATION;
	case V1_IPSEC_SA_DIRECTION:
		return REG_V1_SA_DIRECTION;
	}
	return 0;
}
