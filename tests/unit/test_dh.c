/*
 * test_dh.c - Diffie-Hellman through crypto.h against published vectors:
 * RFC 5903 section 8 (groups 19-21), RFC 5114 appendix A.4/A.5 (groups
 * 25/26), RFC 7027 appendix A (Brainpool, groups 28-30), RFC 7748
 * sections 6.1/6.2 (groups 31/32); MODP by small known cases and
 * two-party agreement; invalid inputs.
 */
#include <stdint.h>
#include <string.h>

#include "../../analyzer/crypto.h"
#include "tap.h"

#define MAXV 1024

/* Decode hex, skipping blanks; returns the byte count. */
static size_t
unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	int    hi = -1, v;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			v = *s - 'A' + 10;
		else
			continue;
		if (hi < 0)
			hi = v;
		else {
			if (n < max)
				out[n] = (uint8_t)(hi << 4 | v);
			n++;
			hi = -1;
		}
	}
	return n;
}

struct kat {
	uint16_t    group;
	const char *src;
	const char *i;	 /* initiator private */
	const char *gi;	 /* initiator public, wire form */
	const char *r;	 /* responder private */
	const char *gr;	 /* responder public, wire form */
	const char *gir; /* shared secret, wire form */
};

static const struct kat kats[] = {
	{ 19, "RFC 5903 8.1",
	    "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
	    "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
	    "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
	    "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
	    "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
	    "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
	    "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE" },
	{ 20, "RFC 5903 8.2",
	    "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655"
	    "E35B538041E649EE3FAEF896783AB194",
	    "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6"
	    "DE3AC808ACB4BDB4C88732AEE95F41AA"
	    "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38E"
	    "EB9FCFF3C2C947DAE69B4C634573A81C",
	    "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942"
	    "E0308312916B8ED2960E4BD55A7448FC",
	    "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D"
	    "0D1AC43A0336DEF96FDA41D0774A3571"
	    "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FF"
	    "F83FA40142209DFF5EAAD96DB9E6386C",
	    "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4"
	    "D603135569B9E9D09CF5D4A270F59746" },
	{ 21, "RFC 5903 8.3",
	    "0037ADE9319A89F4DABDB3EF411AACCCA5123C61ACAB57B5393DCE47608172A0"
	    "95AA85A30FE1C2952C6771D937BA9777F5957B2639BAB072462F68C27A57382D"
	    "4A52",
	    "0015417E84DBF28C0AD3C278713349DC7DF153C897A1891BD98BAB4357C9ECBE"
	    "E1E3BF42E00B8E380AEAE57C2D107564941885942AF5A7F4601723C4195D176C"
	    "ED3E"
	    "017CAE20B6641D2EEB695786D8C946146239D099E18E1D5A514C739D7CB4A10A"
	    "D8A788015AC405D7799DC75E7B7D5B6CF2261A6A7F1507438BF01BEB6CA3926F"
	    "9582",
	    "0145BA99A847AF43793FDD0E872E7CDFA16BE30FDC780F97BCCC3F078380201E"
	    "9C677D600B343757A3BDBF2A3163E4C2F869CCA7458AA4A4EFFC311F5CB15168"
	    "5EB9",
	    "00D0B3975AC4B799F5BEA16D5E13E9AF971D5E9B984C9F39728B5E5739735A21"
	    "9B97C356436ADC6E95BB0352F6BE64A6C2912D4EF2D0433CED2B6171640012D9"
	    "460F"
	    "015C68226383956E3BD066E797B623C27CE0EAC2F551A10C2C724D9852077B87"
	    "220B6536C5C408A1D2AEBB8E86D678AE49CB57091F4732296579AB44FCD17F0F"
	    "C56A",
	    "01144C7D79AE6956BC8EDB8E7C787C4521CB086FA64407F97894E5E6B2D79B04"
	    "D1427E73CA4BAA240A34786859810C06B3C715A3A8CC3151F2BEE417996D19F3"
	    "DDEA" },
	{ 25, "RFC 5114 A.4",
	    "323FA3169D8E9C6593F59476BC142000AB5BE0E249C43426",
	    "CD46489ECFD6C105E7B3D32566E2B122E249ABAADD870612"
	    "68887B4877DF51DD4DC3D6FD11F0A26F8FD3844317916E9A",
	    "631F95BB4A67632C9C476EEE9AB695AB240A0499307FCF62",
	    "519A121680E0045466BA21DF2EEE47F5973B500577EF13D5"
	    "FF613AB4D64CEE3A20875BDB10F953F6B30CA072C60AA57F",
	    "AD420182633F8526BFE954ACDA376F05E5FF4F837F54FEBE" },
	{ 26, "RFC 5114 A.5",
	    "B558EB6C288DA707BBB4F8FBAE2AB9E9CB62E3BC5C7573E22E26D37F",
	    "49DFEF309F81488C304CFF5AB3EE5A2154367DC7833150E0A51F3EEB"
	    "4F2B5EE45762C4F654C1A0C67F54CF88B016B51BCE3D7C228D57ADB4",
	    "AC3B1ADD3D9770E6F6A708EE9F3B8E0AB3B480E9F27F85C88B5E6D18",
	    "6B3AC96A8D0CDE6A5599BE8032EDF10C162D0A8AD219506DCD42A207"
	    "D491BE99C213A7D1CA3706DEBFE305F361AFCBB33E2609C8B1618AD5",
	    "52272F50F46F4EDC9151569092F46DF2D96ECC3B6DC1714A4EA949FA" },
	{ 28, "RFC 7027 A.1",
	    "81DB1EE100150FF2EA338D708271BE38300CB54241D79950F77B063039804F1D",
	    "44106E913F92BC02A1705D9953A8414DB95E1AAA49E81D9E85F929A8E3100BE5"
	    "8AB4846F11CACCB73CE49CBDD120F5A900A69FD32C272223F789EF10EB089BDC",
	    "55E40BC41E37E3E2AD25C3C6654511FFA8474A91A0032087593852D3E7D76BD3",
	    "8D2D688C6CF93E1160AD04CC4429117DC2C41825E1E9FCA0ADDD34E6F1B39F7B"
	    "990C57520812BE512641E47034832106BC7D3E8DD0E4C7F1136D7006547CEC6A",
	    "89AFC39D41D3B327814B80940B042590F96556EC91E6AE7939BCE31F3A18BF2B" },
	{ 29, "RFC 7027 A.2",
	    "1E20F5E048A5886F1F157C74E91BDE2B98C8B52D58E5003D57053FC4B0BD65D6"
	    "F15EB5D1EE1610DF870795143627D042",
	    "68B665DD91C195800650CDD363C625F4E742E8134667B767B1B476793588F885"
	    "AB698C852D4A6E77A252D6380FCAF068"
	    "55BC91A39C9EC01DEE36017B7D673A931236D2F1F5C83942D049E3FA20607493"
	    "E0D038FF2FD30C2AB67D15C85F7FAA59",
	    "032640BC6003C59260F7250C3DB58CE647F98E1260ACCE4ACDA3DD869F74E01F"
	    "8BA5E0324309DB6A9831497ABAC96670",
	    "4D44326F269A597A5B58BBA565DA5556ED7FD9A8A9EB76C25F46DB69D19DC8CE"
	    "6AD18E404B15738B2086DF37E71D1EB4"
	    "62D692136DE56CBE93BF5FA3188EF58BC8A3A0EC6C1E151A21038A42E9185329"
	    "B5B275903D192F8D4E1F32FE9CC78C48",
	    "0BD9D3A7EA0B3D519D09D8E48D0785FB744A6B355E6304BC51C229FBBCE239BB"
	    "ADF6403715C35D4FB2A5444F575D4F42" },
	{ 30, "RFC 7027 A.3",
	    "16302FF0DBBB5A8D733DAB7141C1B45ACBC8715939677F6A56850A38BD87BD59"
	    "B09E80279609FF333EB9D4C061231FB26F92EEB04982A5F1D1764CAD57665422",
	    "0A420517E406AAC0ACDCE90FCD71487718D3B953EFD7FBEC5F7F27E28C614999"
	    "9397E91E029E06457DB2D3E640668B392C2A7E737A7F0BF04436D11640FD09FD"
	    "72E6882E8DB28AAD36237CD25D580DB23783961C8DC52DFA2EC138AD472A0FCE"
	    "F3887CF62B623B2A87DE5C588301EA3E5FC269B373B60724F5E82A6AD147FDE7",
	    "230E18E1BCC88A362FA54E4EA3902009292F7F8033624FD471B5D8ACE49D12CF"
	    "ABBC19963DAB8E2F1EBA00BFFB29E4D72D13F2224562F405CB80503666B25429",
	    "9D45F66DE5D67E2E6DB6E93A59CE0BB48106097FF78A081DE781CDB31FCE8CCB"
	    "AAEA8DD4320C4119F1E9CD437A2EAB3731FA9668AB268D871DEDA55A5473199F"
	    "2FDC313095BCDD5FB3A91636F07A959C8E86B5636A1E930E8396049CB481961D"
	    "365CC11453A06C719835475B12CB52FC3C383BCE35E27EF194512B71876285FA",
	    "A7927098655F1F9976FA50A9D566865DC530331846381C87256BAF3226244B76"
	    "D36403C024D7BBF0AA0803EAFF405D3D24F11A9B5C0BEF679FE1454B21C4CD1F" },
	{ 31, "RFC 7748 6.1",
	    "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	    "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
	    "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	    "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
	    "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742" },
	{ 32, "RFC 7748 6.2",
	    "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28d"
	    "d9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b",
	    "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c"
	    "22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0",
	    "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d"
	    "6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d",
	    "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b430"
	    "27d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
	    "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282b"
	    "b60c0b56fd2464c335543936521c24403085d59a449a5037514a879d" },
};

static void
test_kat(const struct kat *k)
{
	uint8_t i[MAXV], r[MAXV], gi[MAXV], gr[MAXV], gir[MAXV];
	uint8_t out[MAXV];
	size_t	il, rl, gil, grl, girl, pl, sl;

	il = unhex(k->i, i, sizeof(i));
	rl = unhex(k->r, r, sizeof(r));
	gil = unhex(k->gi, gi, sizeof(gi));
	grl = unhex(k->gr, gr, sizeof(gr));
	girl = unhex(k->gir, gir, sizeof(gir));
	pl = crypto_dh_public_len(k->group);
	sl = crypto_dh_shared_len(k->group);
	ok(pl == gil && pl == grl, "group %u (%s): public length %zu", k->group,
	    k->src, pl);
	ok(sl == girl, "group %u (%s): shared length %zu", k->group, k->src,
	    sl);
	ok(crypto_dh_public(k->group, i, il, out, pl) == 0 &&
		memcmp(out, gi, pl) == 0,
	    "group %u (%s): g^i", k->group, k->src);
	ok(crypto_dh_public(k->group, r, rl, out, pl) == 0 &&
		memcmp(out, gr, pl) == 0,
	    "group %u (%s): g^r", k->group, k->src);
	ok(crypto_dh_shared(k->group, i, il, gr, grl, out, sl) == 0 &&
		memcmp(out, gir, sl) == 0,
	    "group %u (%s): g^ir from i, g^r", k->group, k->src);
	ok(crypto_dh_shared(k->group, r, rl, gi, gil, out, sl) == 0 &&
		memcmp(out, gir, sl) == 0,
	    "group %u (%s): g^ir from r, g^i", k->group, k->src);
}

/*
 * Not independent: both sides computed here.  Shows that the group's
 * constants make a working group and that padding round-trips.
 */
static void
test_agree(uint16_t group)
{
	uint8_t a[64], b[64], pa[MAXV], pb[MAXV], s1[MAXV], s2[MAXV];
	size_t	pl, sl, n;

	for (n = 0; n < sizeof(a); n++) {
		a[n] = (uint8_t)(0x5a ^ (n * 37));
		b[n] = (uint8_t)(0xc3 ^ (n * 101));
	}
	/* Keep the scalars below every curve order used here. */
	a[0] = 0x01;
	b[0] = 0x02;
	pl = crypto_dh_public_len(group);
	sl = crypto_dh_shared_len(group);
	n = group == 31 ? 32 : group == 32 ? 56 : group == 27 ? 27 : 32;
	ok(crypto_dh_public(group, a, n, pa, pl) == 0 &&
		crypto_dh_public(group, b, n, pb, pl) == 0 &&
		crypto_dh_shared(group, a, n, pb, pl, s1, sl) == 0 &&
		crypto_dh_shared(group, b, n, pa, pl, s2, sl) == 0 &&
		memcmp(s1, s2, sl) == 0 && memcmp(pa, pb, pl) != 0,
	    "group %u: two-party agreement (not an independent vector)", group);
}

/* RFC 3526 section 3, the 2048-bit prime. */
static const char modp2048[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
    "3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF";

static void
test_modp_small(void)
{
	uint8_t x[2], out[256], want[256], p[256], pm1[256], s[256];
	size_t	n;

	ok(crypto_dh_public_len(14) == 256 && crypto_dh_shared_len(14) == 256,
	    "group 14: lengths 256");
	memset(want, 0, sizeof(want));
	x[0] = 1;
	want[255] = 2;
	ok(crypto_dh_public(14, x, 1, out, 256) == 0 &&
		memcmp(out, want, 256) == 0,
	    "group 14: 2^1 padded to 256 bytes");
	x[0] = 2;
	want[255] = 4;
	ok(crypto_dh_public(14, x, 1, out, 256) == 0 &&
		memcmp(out, want, 256) == 0,
	    "group 14: 2^2 = 4");
	/* 2^256 = 0x01 followed by 32 zero bytes */
	x[0] = 0x01;
	x[1] = 0x00;
	memset(want, 0, sizeof(want));
	want[255 - 32] = 1;
	ok(crypto_dh_public(14, x, 2, out, 256) == 0 &&
		memcmp(out, want, 256) == 0,
	    "group 14: 2^256 placed right");
	/* y^1 = y: the shared value of private 1 is the peer value itself */
	x[0] = 1;
	memset(want, 0, sizeof(want));
	want[200] = 0x12;
	want[255] = 0x34;
	ok(crypto_dh_shared(14, x, 1, want, 256, out, 256) == 0 &&
		memcmp(out, want, 256) == 0,
	    "group 14: y^1 = y, padded");

	/* Invalid peer values: 0, 1, p-1, p, 2^2048-1 */
	n = unhex(modp2048, p, sizeof(p));
	ok(n == 256, "group 14: test prime decodes");
	memcpy(pm1, p, 256);
	pm1[255] -= 1;
	memset(s, 0xee, sizeof(s));
	memset(want, 0, sizeof(want));
	ok(crypto_dh_shared(14, x, 1, want, 256, s, 256) == -1,
	    "group 14: y = 0 refused");
	want[255] = 1;
	ok(crypto_dh_shared(14, x, 1, want, 256, s, 256) == -1,
	    "group 14: y = 1 refused");
	ok(crypto_dh_shared(14, x, 1, pm1, 256, s, 256) == -1,
	    "group 14: y = p-1 refused");
	ok(crypto_dh_shared(14, x, 1, p, 256, s, 256) == -1,
	    "group 14: y = p refused");
	memset(want, 0xff, sizeof(want));
	ok(crypto_dh_shared(14, x, 1, want, 256, s, 256) == -1,
	    "group 14: y > p refused");
	want[0] = 0;
	want[255] = 2;
	memset(want, 0, 255);
	ok(crypto_dh_shared(14, x, 1, want, 255, s, 256) == -1,
	    "group 14: peer value one byte short refused");
	ok(crypto_dh_shared(14, x, 1, want, 256, s, 255) == -1,
	    "group 14: short shared buffer refused");
	ok(crypto_dh_public(14, x, 1, out, 257) == -1,
	    "group 14: wrong public buffer length refused");
	ok(crypto_dh_public(14, x, 0, out, 256) == -1,
	    "group 14: empty private value refused");
	x[0] = 0;
	ok(crypto_dh_public(14, x, 1, out, 256) == -1,
	    "group 14: private value 0 refused");
	ok(s[0] == 0xee && s[255] == 0xee,
	    "group 14: output untouched on "
	    "failure");
}

/* RFC 5114 groups: private 1 gives the group's own generator back. */
static void
test_modp_5114(void)
{
	uint8_t	 x[1] = { 1 }, g[256], y[256], s[256];
	uint16_t grp;

	for (grp = 22; grp <= 24; grp++) {
		size_t n = crypto_dh_public_len(grp);

		ok(crypto_dh_public(grp, x, 1, g, n) == 0 && g[n - 1] != 2,
		    "group %u: generator is not 2", grp);
		/* g lies in the order-q subgroup, so it passes the check */
		ok(crypto_dh_shared(grp, x, 1, g, n, s, n) == 0 &&
			memcmp(s, g, n) == 0,
		    "group %u: g accepted as peer", grp);
		/* 2 is outside the order-q subgroup (RFC 6989 2.2) */
		memset(y, 0, n);
		y[n - 1] = 2;
		ok(crypto_dh_shared(grp, x, 1, y, n, s, n) == -1,
		    "group %u: peer 2 outside the subgroup refused", grp);
	}
	ok(crypto_dh_public_len(22) == 128 && crypto_dh_public_len(23) == 256 &&
		crypto_dh_public_len(24) == 256,
	    "groups 22-24: lengths");
}

static void
test_ecp_invalid(void)
{
	uint8_t		  d[33], q[64], s[32];
	const struct kat *k = &kats[0];
	size_t		  n;

	n = unhex(k->r, d, sizeof(d));
	unhex(k->gi, q, sizeof(q));
	memset(s, 0xee, sizeof(s));
	q[63] ^= 1;
	ok(crypto_dh_shared(19, d, n, q, 64, s, 32) == -1,
	    "group 19: point off the curve refused");
	q[63] ^= 1;
	ok(crypto_dh_shared(19, d, n, q, 63, s, 32) == -1,
	    "group 19: 63-byte peer value refused");
	ok(crypto_dh_shared(19, d, n, q, 64, s, 31) == -1,
	    "group 19: short shared buffer refused");
	ok(crypto_dh_shared(19, d, n, q, 65, s, 32) == -1,
	    "group 19: 65-byte (0x04-prefixed length) peer value refused");
	memset(q, 0xff, 32);
	ok(crypto_dh_shared(19, d, n, q, 64, s, 32) == -1,
	    "group 19: x >= p refused");
	memset(q, 0, sizeof(q));
	ok(crypto_dh_shared(19, d, n, q, 64, s, 32) == -1,
	    "group 19: (0, 0) refused");
	memset(d, 0, sizeof(d));
	unhex(k->gi, q, sizeof(q));
	ok(crypto_dh_shared(19, d, 32, q, 64, s, 32) == -1,
	    "group 19: private 0 refused");
	memset(d, 0xff, sizeof(d));
	ok(crypto_dh_shared(19, d, 32, q, 64, s, 32) == -1,
	    "group 19: private >= n refused");
	ok(crypto_dh_shared(19, d, 33, q, 64, s, 32) == -1,
	    "group 19: 33-byte private value refused");
	ok(crypto_dh_public(19, d, 32, q, 65) == -1,
	    "group 19: 65-byte public buffer refused");
	ok(s[0] == 0xee && s[31] == 0xee,
	    "group 19: output untouched on failure");
	ok(crypto_dh_public_len(21) == 132 && crypto_dh_shared_len(21) == 66,
	    "group 21: lengths 132/66");
}

static void
test_xdh_invalid(void)
{
	uint8_t a[56], u[56], s[56];

	unhex(kats[8].i, a, sizeof(a));
	memset(u, 0, sizeof(u));
	memset(s, 0xee, sizeof(s));
	ok(crypto_dh_shared(31, a, 32, u, 32, s, 32) == -1,
	    "group 31: all-zero result (u = 0) refused");
	u[0] = 1;
	ok(crypto_dh_shared(31, a, 32, u, 32, s, 32) == -1,
	    "group 31: all-zero result (u = 1, small order) refused");
	ok(crypto_dh_shared(31, a, 31, u, 32, s, 32) == -1,
	    "group 31: 31-byte private value refused");
	ok(crypto_dh_shared(31, a, 32, u, 33, s, 32) == -1,
	    "group 31: 33-byte peer value refused");
	ok(crypto_dh_public(32, a, 56, s, 32) == -1,
	    "group 32: 32-byte public buffer refused");
	ok(s[0] == 0xee, "group 31: output untouched on failure");
	ok(crypto_dh_public_len(31) == 32 && crypto_dh_public_len(32) == 56,
	    "groups 31/32: lengths 32/56");
}

static void
test_unknown(void)
{
	uint8_t		      x[1] = { 1 }, out[256];
	static const uint16_t bad[] = { 0, 3, 4, 13, 33, 34, 0xffff };
	size_t		      i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(crypto_dh_public_len(bad[i]) == 0 &&
			crypto_dh_shared_len(bad[i]) == 0 &&
			crypto_dh_public(bad[i], x, 1, out, 256) == -1 &&
			crypto_dh_shared(bad[i], x, 1, out, 256, out, 256) ==
			    -1,
		    "group %u: unknown", bad[i]);
}

int
main(void)
{
	static const uint16_t modp[] = { 1, 2, 5, 14, 15, 16, 17, 18, 22, 23,
		24 };
	size_t		      i;

	ok(crypto_init() == 0, "crypto_init");
	for (i = 0; i < sizeof(kats) / sizeof(kats[0]); i++)
		test_kat(&kats[i]);
	test_modp_small();
	test_modp_5114();
	for (i = 0; i < sizeof(modp) / sizeof(modp[0]); i++)
		test_agree(modp[i]);
	/* brainpoolP224r1 has no published IKE or TLS vector. */
	test_agree(27);
	test_agree(19);
	test_agree(31);
	test_agree(32);
	test_ecp_invalid();
	test_xdh_invalid();
	test_unknown();
	return done();
}
