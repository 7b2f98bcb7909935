/*
 * crypto_dh.c - Diffie-Hellman for IKE by Key Exchange Method ID: MODP
 * groups (RFC 2409, RFC 3526, RFC 5114), ECP groups (RFC 5903, RFC 5114),
 * Brainpool groups (RFC 6954) and Curve25519/Curve448 (RFC 8031, RFC 7748),
 * computed with libgcrypt.
 *
 * Wire encodings (RFC 7296 3.4): MODP values big-endian, left-padded to
 * the length of the prime; ECP public values x | y, each padded to the
 * field size, no point-format octet (RFC 5903 section 7), the shared
 * secret is x alone (RFC 5903 section 9); X25519/X448 values are the
 * 32/56-byte little-endian strings of RFC 7748 section 5.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gcrypt.h>

#include "analyzer/crypto.h"

enum dh_kind {
	DH_MODP,
	DH_ECP,
	DH_XDH
};

struct dh_group {
	uint16_t     id;
	enum dh_kind kind;
	size_t	     len;    /* prime, field or u-coordinate bytes */
	const char  *p;	     /* MODP: prime, hex */
	const char  *g;	     /* MODP: generator, hex */
	const char  *q;	     /* MODP: subgroup order, hex, or NULL */
	const char  *curve;  /* ECP: libgcrypt curve name */
	int	     xcurve; /* XDH: GCRY_ECC_CURVE25519 or 448 */
};

/* group 1: RFC 2409, generator 2 */
static const char modp768_p[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E08"
    "8A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B"
    "302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
    "A63A3620FFFFFFFFFFFFFFFF";

/* group 2: RFC 2409, generator 2 */
static const char modp1024_p[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E08"
    "8A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B"
    "302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
    "A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE6"
    "49286651ECE65381FFFFFFFFFFFFFFFF";

/* group 5: RFC 3526, generator 2 */
static const char modp1536_p[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E08"
    "8A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B"
    "302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
    "A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE6"
    "49286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8"
    "FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA237327FFFFFFFFFFFFFFFF";

/* group 14: RFC 3526, generator 2 */
static const char modp2048_p[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E08"
    "8A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B"
    "302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
    "A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE6"
    "49286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8"
    "FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C"
    "180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
    "3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFF"
    "FFFFFFFF";

/* group 15: RFC 3526, generator 2 */
static const char modp3072_p[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E08"
    "8A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B"
    "302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
    "A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE6"
    "49286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8"
    "FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C"
    "180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D"
    "04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7D"
    "B3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226"
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFC"
    "E0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

/* group 16: RFC 3526, generator 2 */
static const char modp4096_p[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E08"
    "8A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B"
    "302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
    "A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE6"
    "49286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8"
    "FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C"
    "180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D"
    "04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7D"
    "B3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226"
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFC"
    "E0FD108E4B82D120A92108011A723C12A787E6D788719A10BDBA5B26"
    "99C327186AF4E23C1A946834B6150BDA2583E9CA2AD44CE8DBBBC2DB"
    "04DE8EF92E8EFC141FBECAA6287C59474E6BC05D99B2964FA090C3A2"
    "233BA186515BE7ED1F612970CEE2D7AFB81BDD762170481CD0069127"
    "D5B05AA993B4EA988D8FDDC186FFB7DC90A6C08F4DF435C934063199"
    "FFFFFFFFFFFFFFFF";

/* group 17: RFC 3526, generator 2 */
static const char modp6144_p[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E08"
    "8A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B"
    "302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
    "A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE6"
    "49286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8"
    "FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C"
    "180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D"
    "04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7D"
    "B3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226"
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFC"
    "E0FD108E4B82D120A92108011A723C12A787E6D788719A10BDBA5B26"
    "99C327186AF4E23C1A946834B6150BDA2583E9CA2AD44CE8DBBBC2DB"
    "04DE8EF92E8EFC141FBECAA6287C59474E6BC05D99B2964FA090C3A2"
    "233BA186515BE7ED1F612970CEE2D7AFB81BDD762170481CD0069127"
    "D5B05AA993B4EA988D8FDDC186FFB7DC90A6C08F4DF435C934028492"
    "36C3FAB4D27C7026C1D4DCB2602646DEC9751E763DBA37BDF8FF9406"
    "AD9E530EE5DB382F413001AEB06A53ED9027D831179727B0865A8918"
    "DA3EDBEBCF9B14ED44CE6CBACED4BB1BDB7F1447E6CC254B33205151"
    "2BD7AF426FB8F401378CD2BF5983CA01C64B92ECF032EA15D1721D03"
    "F482D7CE6E74FEF6D55E702F46980C82B5A84031900B1C9E59E7C97F"
    "BEC7E8F323A97A7E36CC88BE0F1D45B7FF585AC54BD407B22B4154AA"
    "CC8F6D7EBF48E1D814CC5ED20F8037E0A79715EEF29BE32806A1D58B"
    "B7C5DA76F550AA3D8A1FBFF0EB19CCB1A313D55CDA56C9EC2EF29632"
    "387FE8D76E3C0468043E8F663F4860EE12BF2D5B0B7474D6E694F91E"
    "6DCC4024FFFFFFFFFFFFFFFF";

/* group 18: RFC 3526, generator 2 */
static const char modp8192_p[] =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E08"
    "8A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B"
    "302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
    "A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE6"
    "49286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8"
    "FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C"
    "180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D"
    "04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7D"
    "B3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226"
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFC"
    "E0FD108E4B82D120A92108011A723C12A787E6D788719A10BDBA5B26"
    "99C327186AF4E23C1A946834B6150BDA2583E9CA2AD44CE8DBBBC2DB"
    "04DE8EF92E8EFC141FBECAA6287C59474E6BC05D99B2964FA090C3A2"
    "233BA186515BE7ED1F612970CEE2D7AFB81BDD762170481CD0069127"
    "D5B05AA993B4EA988D8FDDC186FFB7DC90A6C08F4DF435C934028492"
    "36C3FAB4D27C7026C1D4DCB2602646DEC9751E763DBA37BDF8FF9406"
    "AD9E530EE5DB382F413001AEB06A53ED9027D831179727B0865A8918"
    "DA3EDBEBCF9B14ED44CE6CBACED4BB1BDB7F1447E6CC254B33205151"
    "2BD7AF426FB8F401378CD2BF5983CA01C64B92ECF032EA15D1721D03"
    "F482D7CE6E74FEF6D55E702F46980C82B5A84031900B1C9E59E7C97F"
    "BEC7E8F323A97A7E36CC88BE0F1D45B7FF585AC54BD407B22B4154AA"
    "CC8F6D7EBF48E1D814CC5ED20F8037E0A79715EEF29BE32806A1D58B"
    "B7C5DA76F550AA3D8A1FBFF0EB19CCB1A313D55CDA56C9EC2EF29632"
    "387FE8D76E3C0468043E8F663F4860EE12BF2D5B0B7474D6E694F91E"
    "6DBE115974A3926F12FEE5E438777CB6A932DF8CD8BEC4D073B931BA"
    "3BC832B68D9DD300741FA7BF8AFC47ED2576F6936BA424663AAB639C"
    "5AE4F5683423B4742BF1C978238F16CBE39D652DE3FDB8BEFC848AD9"
    "22222E04A4037C0713EB57A81A23F0C73473FC646CEA306B4BCBC886"
    "2F8385DDFA9D4B7FA2C087E879683303ED5BDD3A062B3CF5B3A278A6"
    "6D2A13F83F44F82DDF310EE074AB6A364597E899A0255DC164F31CC5"
    "0846851DF9AB48195DED7EA1B1D510BD7EE74D73FAF36BC31ECFA268"
    "359046F4EB879F924009438B481C6CD7889A002ED5EE382BC9190DA6"
    "FC026E479558E4475677E9AA9E3050E2765694DFC81F56E880B96E71"
    "60C980DD98EDD3DFFFFFFFFFFFFFFFFF";

/* group 22: RFC 5114 section 2.1 */
static const char modp1024s160_p[] =
    "B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA"
    "52D23B616073E28675A23D189838EF1E2EE652C013ECB4AEA9061123"
    "24975C3CD49B83BFACCBDD7D90C4BD7098488E9C219A73724EFFD6FA"
    "E5644738FAA31A4FF55BCCC0A151AF5F0DC8B4BD45BF37DF365C1A65"
    "E68CFDA76D4DA708DF1FB2BC2E4A4371";
static const char modp1024s160_g[] =
    "A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF"
    "14266D31266FEA1E5C41564B777E690F5504F213160217B4B01B886A"
    "5E91547F9E2749F4D7FBD7D3B9A92EE1909D0D2263F80A76A6A24C08"
    "7A091F531DBF0A0169B6A28AD662A4D18E73AFA32D779D5918D08BC8"
    "858F4DCEF97C2A24855E6EEB22B3B2E5";
static const char modp1024s160_q[] = "F518AA8781A8DF278ABA4E7D64B7CB9D49462353";

/* group 23: RFC 5114 section 2.2 */
static const char modp2048s224_p[] =
    "AD107E1E9123A9D0D660FAA79559C51FA20D64E5683B9FD1B54B1597"
    "B61D0A75E6FA141DF95A56DBAF9A3C407BA1DF15EB3D688A309C180E"
    "1DE6B85A1274A0A66D3F8152AD6AC2129037C9EDEFDA4DF8D91E8FEF"
    "55B7394B7AD5B7D0B6C12207C9F98D11ED34DBF6C6BA0B2C8BBC27BE"
    "6A00E0A0B9C49708B3BF8A317091883681286130BC8985DB1602E714"
    "415D9330278273C7DE31EFDC7310F7121FD5A07415987D9ADC0A486D"
    "CDF93ACC44328387315D75E198C641A480CD86A1B9E587E8BE60E69C"
    "C928B2B9C52172E413042E9B23F10B0E16E79763C9B53DCF4BA80A29"
    "E3FB73C16B8E75B97EF363E2FFA31F71CF9DE5384E71B81C0AC4DFFE"
    "0C10E64F";
static const char modp2048s224_g[] =
    "AC4032EF4F2D9AE39DF30B5C8FFDAC506CDEBE7B89998CAF74866A08"
    "CFE4FFE3A6824A4E10B9A6F0DD921F01A70C4AFAAB739D7700C29F52"
    "C57DB17C620A8652BE5E9001A8D66AD7C17669101999024AF4D02727"
    "5AC1348BB8A762D0521BC98AE247150422EA1ED409939D54DA7460CD"
    "B5F6C6B250717CBEF180EB34118E98D119529A45D6F834566E3025E3"
    "16A330EFBB77A86F0C1AB15B051AE3D428C8F8ACB70A8137150B8EEB"
    "10E183EDD19963DDD9E263E4770589EF6AA21E7F5F2FF381B539CCE3"
    "409D13CD566AFBB48D6C019181E1BCFE94B30269EDFE72FE9B6AA4BD"
    "7B5A0F1C71CFFF4C19C418E1F6EC017981BC087F2A7065B384B890D3"
    "191F2BFA";
static const char modp2048s224_q[] =
    "801C0D34C58D93FE997177101F80535A4738CEBCBF389A99B36371EB";

/* group 24: RFC 5114 section 2.3 */
static const char modp2048s256_p[] =
    "87A8E61DB4B6663CFFBBD19C651959998CEEF608660DD0F25D2CEED4"
    "435E3B00E00DF8F1D61957D4FAF7DF4561B2AA3016C3D91134096FAA"
    "3BF4296D830E9A7C209E0C6497517ABD5A8A9D306BCF67ED91F9E672"
    "5B4758C022E0B1EF4275BF7B6C5BFC11D45F9088B941F54EB1E59BB8"
    "BC39A0BF12307F5C4FDB70C581B23F76B63ACAE1CAA6B7902D525267"
    "35488A0EF13C6D9A51BFA4AB3AD8347796524D8EF6A167B5A41825D9"
    "67E144E5140564251CCACB83E6B486F6B3CA3F7971506026C0B857F6"
    "89962856DED4010ABD0BE621C3A3960A54E710C375F26375D7014103"
    "A4B54330C198AF126116D2276E11715F693877FAD7EF09CADB094AE9"
    "1E1A1597";
static const char modp2048s256_g[] =
    "3FB32C9B73134D0B2E77506660EDBD484CA7B18F21EF205407F4793A"
    "1A0BA12510DBC15077BE463FFF4FED4AAC0BB555BE3A6C1B0C6B47B1"
    "BC3773BF7E8C6F62901228F8C28CBB18A55AE31341000A650196F931"
    "C77A57F2DDF463E5E9EC144B777DE62AAAB8A8628AC376D282D6ED38"
    "64E67982428EBC831D14348F6F2F9193B5045AF2767164E1DFC967C1"
    "FB3F2E55A4BD1BFFE83B9C80D052B985D182EA0ADB2A3B7313D3FE14"
    "C8484B1E052588B9B7D2BBD2DF016199ECD06E1557CD0915B3353BBB"
    "64E0EC377FD028370DF92B52C7891428CDC67EB6184B523D1DB246C3"
    "2F63078490F00EF8D647D148D47954515E2327CFEF98C582664B4C0F"
    "6CC41659";
static const char modp2048s256_q[] =
    "8CF83642A709A097B447997640129DA299B1A47D1EB3750BA308B0FE"
    "64F5FBD3";

/* The generator of the RFC 2409/3526 groups. */
static const char gen2[] = "02";

static const struct dh_group dh_groups[] = {
	{ 1, DH_MODP, 96, modp768_p, gen2, NULL, NULL, 0 },
	{ 2, DH_MODP, 128, modp1024_p, gen2, NULL, NULL, 0 },
	{ 5, DH_MODP, 192, modp1536_p, gen2, NULL, NULL, 0 },
	{ 14, DH_MODP, 256, modp2048_p, gen2, NULL, NULL, 0 },
	{ 15, DH_MODP, 384, modp3072_p, gen2, NULL, NULL, 0 },
	{ 16, DH_MODP, 512, modp4096_p, gen2, NULL, NULL, 0 },
	{ 17, DH_MODP, 768, modp6144_p, gen2, NULL, NULL, 0 },
	{ 18, DH_MODP, 1024, modp8192_p, gen2, NULL, NULL, 0 },
	{ 19, DH_ECP, 32, NULL, NULL, NULL, "NIST P-256", 0 },
	{ 20, DH_ECP, 48, NULL, NULL, NULL, "NIST P-384", 0 },
	{ 21, DH_ECP, 66, NULL, NULL, NULL, "NIST P-521", 0 },
	{ 22, DH_MODP, 128, modp1024s160_p, modp1024s160_g, modp1024s160_q,
	    NULL, 0 },
	{ 23, DH_MODP, 256, modp2048s224_p, modp2048s224_g, modp2048s224_q,
	    NULL, 0 },
	{ 24, DH_MODP, 256, modp2048s256_p, modp2048s256_g, modp2048s256_q,
	    NULL, 0 },
	{ 25, DH_ECP, 24, NULL, NULL, NULL, "NIST P-192", 0 },
	{ 26, DH_ECP, 28, NULL, NULL, NULL, "NIST P-224", 0 },
	{ 27, DH_ECP, 28, NULL, NULL, NULL, "brainpoolP224r1", 0 },
	{ 28, DH_ECP, 32, NULL, NULL, NULL, "brainpoolP256r1", 0 },
	{ 29, DH_ECP, 48, NULL, NULL, NULL, "brainpoolP384r1", 0 },
	{ 30, DH_ECP, 64, NULL, NULL, NULL, "brainpoolP512r1", 0 },
	{ 31, DH_XDH, 32, NULL, NULL, NULL, NULL, GCRY_ECC_CURVE25519 },
	{ 32, DH_XDH, 56, NULL, NULL, NULL, NULL, GCRY_ECC_CURVE448 },
};

static const struct dh_group *
dh_lookup(uint16_t id)
{
	size_t i;

	for (i = 0; i < sizeof(dh_groups) / sizeof(dh_groups[0]); i++)
		if (dh_groups[i].id == id)
			return &dh_groups[i];
	return NULL;
}

/*
 * A big-endian unsigned string as an MPI.  libgcrypt wipes an MPI's
 * limbs when it is released, so private values need no extra step
 * (marking a zero MPI secure after the scan trips an assertion in
 * libgcrypt 1.10, so it is not done).
 */
static gcry_mpi_t
dh_mpi_be(const uint8_t *buf, size_t len)
{
	gcry_mpi_t a = NULL;

	if (gcry_mpi_scan(&a, GCRYMPI_FMT_USG, buf, len, NULL) != 0)
		return NULL;
	return a;
}

static gcry_mpi_t
dh_mpi_hex(const char *hex)
{
	gcry_mpi_t a = NULL;

	if (gcry_mpi_scan(&a, GCRYMPI_FMT_HEX, hex, 0, NULL) != 0)
		return NULL;
	return a;
}

/*
 * Write a as big-endian, left-padded with zeroes to exactly len bytes;
 * -1 when it does not fit.
 */
static int
dh_mpi_put(gcry_mpi_t a, uint8_t *out, size_t len)
{
	size_t n;

	if ((gcry_mpi_get_nbits(a) + 7) / 8 > len)
		return -1;
	memset(out, 0, len);
	if (gcry_mpi_cmp_ui(a, 0) == 0)
		return 0;
	n = (gcry_mpi_get_nbits(a) + 7) / 8;
	if (gcry_mpi_print(GCRYMPI_FMT_USG, out + (len - n), n, NULL, a) != 0)
		return -1;
	return 0;
}

size_t
crypto_dh_public_len(uint16_t group)
{
	const struct dh_group *g;

	if ((g = dh_lookup(group)) == NULL)
		return 0;
	/* ECP public values carry both coordinates (RFC 5903 section 7). */
	return g->kind == DH_ECP ? 2 * g->len : g->len;
}

size_t
crypto_dh_shared_len(uint16_t group)
{
	const struct dh_group *g;

	if ((g = dh_lookup(group)) == NULL)
		return 0;
	return g->len;
}

/*
 * MODP: out = base^x mod p, padded to the prime length.  The private
 * value must be 0 < x and no longer than the prime.
 */
static int
modp_pow(const struct dh_group *g, const uint8_t *priv, size_t privlen,
    gcry_mpi_t base, gcry_mpi_t p, uint8_t *out)
{
	gcry_mpi_t x, r;
	int	   rc = -1;

	if (privlen == 0 || privlen > g->len)
		return -1;
	if ((x = dh_mpi_be(priv, privlen)) == NULL)
		return -1;
	r = gcry_mpi_snew(g->len * 8);
	if (gcry_mpi_cmp_ui(x, 0) != 0) {
		gcry_mpi_powm(r, base, x, p);
		rc = dh_mpi_put(r, out, g->len);
	}
	gcry_mpi_release(r);
	gcry_mpi_release(x);
	return rc;
}

static int
modp_public(const struct dh_group *g, const uint8_t *priv, size_t privlen,
    uint8_t *pub)
{
	gcry_mpi_t p, gen;
	int	   rc = -1;

	p = dh_mpi_hex(g->p);
	gen = dh_mpi_hex(g->g);
	/* g^x mod p */
	if (p != NULL && gen != NULL)
		rc = modp_pow(g, priv, privlen, gen, p, pub);
	gcry_mpi_release(gen);
	gcry_mpi_release(p);
	return rc;
}

static int
modp_shared(const struct dh_group *g, const uint8_t *priv, size_t privlen,
    const uint8_t *peer, uint8_t *shared)
{
	gcry_mpi_t p, pm1, y, q, t;
	uint8_t	  *tmp;
	int	   rc = -1;

	p = dh_mpi_hex(g->p);
	y = dh_mpi_be(peer, g->len);
	pm1 = gcry_mpi_new(0);
	q = NULL;
	t = NULL;
	if (p == NULL || y == NULL)
		goto out;
	gcry_mpi_sub_ui(pm1, p, 1);
	/* The peer's value must satisfy 1 < y < p-1 (RFC 6989 section 2.1). */
	if (gcry_mpi_cmp_ui(y, 1) <= 0 || gcry_mpi_cmp(y, pm1) >= 0)
		goto out;
	/*
	 * RFC 5114 groups have a prime-order subgroup: y^q mod p must be 1
	 * (RFC 6989 section 2.2), else y leaks the private value's residue.
	 */
	if (g->q != NULL) {
		if ((q = dh_mpi_hex(g->q)) == NULL)
			goto out;
		t = gcry_mpi_new(0);
		gcry_mpi_powm(t, y, q, p);
		if (gcry_mpi_cmp_ui(t, 1) != 0)
			goto out;
	}
	if ((tmp = gcry_malloc_secure(g->len)) == NULL)
		goto out;
	/* g^xy mod p = y^x mod p */
	if (modp_pow(g, priv, privlen, y, p, tmp) == 0) {
		memcpy(shared, tmp, g->len);
		rc = 0;
	}
	crypto_wipe(tmp, g->len);
	gcry_free(tmp);
out:
	gcry_mpi_release(t);
	gcry_mpi_release(q);
	gcry_mpi_release(pm1);
	gcry_mpi_release(y);
	gcry_mpi_release(p);
	return rc;
}

/*
 * ECP: the private scalar d must satisfy 0 < d < n; Q = d * P, and the
 * affine coordinates of Q are written as x | y (want_y) or x alone.
 * P is the base point G when peer is NULL, else the peer's point, which
 * must have coordinates below p and lie on the curve (all curves here
 * have cofactor 1, so on the curve means in the group).
 */
static int
ecp_mul(const struct dh_group *g, const uint8_t *priv, size_t privlen,
    const uint8_t *peer, uint8_t *out, int want_y)
{
	gcry_ctx_t	 ctx = NULL;
	gcry_mpi_t	 d = NULL, n = NULL, p = NULL, x = NULL, y = NULL;
	gcry_mpi_t	 one = NULL, ax = NULL, ay = NULL;
	gcry_mpi_point_t P = NULL, Q = NULL;
	uint8_t		*tmp = NULL;
	size_t		 outlen = want_y ? 2 * g->len : g->len;
	int		 rc = -1;

	if (privlen == 0 || privlen > g->len)
		return -1;
	if (gcry_mpi_ec_new(&ctx, NULL, g->curve) != 0)
		return -1;
	if ((d = dh_mpi_be(priv, privlen)) == NULL)
		goto out;
	n = gcry_mpi_ec_get_mpi("n", ctx, 1);
	p = gcry_mpi_ec_get_mpi("p", ctx, 1);
	if (n == NULL || p == NULL)
		goto out;
	if (gcry_mpi_cmp_ui(d, 0) == 0 || gcry_mpi_cmp(d, n) >= 0)
		goto out;
	if (peer == NULL) {
		if ((P = gcry_mpi_ec_get_point("g", ctx, 1)) == NULL)
			goto out;
	} else {
		x = dh_mpi_be(peer, g->len);
		y = dh_mpi_be(peer + g->len, g->len);
		if (x == NULL || y == NULL)
			goto out;
		if (gcry_mpi_cmp(x, p) >= 0 || gcry_mpi_cmp(y, p) >= 0)
			goto out;
		one = gcry_mpi_set_ui(NULL, 1);
		P = gcry_mpi_point_set(NULL, x, y, one);
		if (!gcry_mpi_ec_curve_point(P, ctx))
			goto out;
	}
	/* Q = d * P; the point at infinity has no affine form and fails. */
	Q = gcry_mpi_point_new(0);
	gcry_mpi_ec_mul(Q, d, P, ctx);
	ax = gcry_mpi_snew(0);
	ay = gcry_mpi_snew(0);
	if (gcry_mpi_ec_get_affine(ax, ay, Q, ctx) != 0)
		goto out;
	if ((tmp = gcry_malloc_secure(outlen)) == NULL)
		goto out;
	if (dh_mpi_put(ax, tmp, g->len) != 0)
		goto out;
	if (want_y && dh_mpi_put(ay, tmp + g->len, g->len) != 0)
		goto out;
	memcpy(out, tmp, outlen);
	rc = 0;
out:
	if (tmp != NULL) {
		crypto_wipe(tmp, outlen);
		gcry_free(tmp);
	}
	gcry_mpi_point_release(Q);
	gcry_mpi_point_release(P);
	gcry_mpi_release(ay);
	gcry_mpi_release(ax);
	gcry_mpi_release(one);
	gcry_mpi_release(y);
	gcry_mpi_release(x);
	gcry_mpi_release(p);
	gcry_mpi_release(n);
	gcry_mpi_release(d);
	gcry_ctx_release(ctx);
	return rc;
}

/*
 * X25519/X448 (RFC 7748 section 5): scalar and u-coordinate are
 * little-endian strings; libgcrypt clamps the scalar itself.  The base
 * point is u = 9 (X25519) or u = 5 (X448).  An all-zero result means a
 * small-order peer value and is refused (RFC 8031 section 2.3).
 */
static int
xdh_mul(const struct dh_group *g, const uint8_t *priv, size_t privlen,
    const uint8_t *peer, uint8_t *out)
{
	uint8_t k[56], u[56], r[56], acc;
	size_t	i;
	int	rc = -1;

	if (privlen != g->len)
		return -1;
	memcpy(k, priv, g->len);
	if (peer != NULL)
		memcpy(u, peer, g->len);
	else {
		memset(u, 0, g->len);
		u[0] = g->xcurve == GCRY_ECC_CURVE25519 ? 9 : 5;
	}
	if (gcry_ecc_mul_point(g->xcurve, r, k, u) == 0) {
		for (acc = 0, i = 0; i < g->len; i++)
			acc |= r[i];
		if (acc != 0) {
			memcpy(out, r, g->len);
			rc = 0;
		}
	}
	crypto_wipe(k, sizeof(k));
	crypto_wipe(r, sizeof(r));
	return rc;
}

int
crypto_dh_public(uint16_t group, const uint8_t *priv, size_t privlen,
    uint8_t *pub, size_t publen)
{
	const struct dh_group *g;

	if ((g = dh_lookup(group)) == NULL || priv == NULL || pub == NULL)
		return -1;
	if (crypto_init() == -1)
		return -1;
	if (publen != crypto_dh_public_len(group))
		return -1;
	switch (g->kind) {
	case DH_MODP:
		return modp_public(g, priv, privlen, pub);
	case DH_ECP:
		return ecp_mul(g, priv, privlen, NULL, pub, 1);
	case DH_XDH:
		return xdh_mul(g, priv, privlen, NULL, pub);
	}
	return -1;
}

int
crypto_dh_shared(uint16_t group, const uint8_t *priv, size_t privlen,
    const uint8_t *peer_pub, size_t peerlen, uint8_t *shared, size_t sharedlen)
{
	const struct dh_group *g;

	if ((g = dh_lookup(group)) == NULL || priv == NULL ||
	    peer_pub == NULL || shared == NULL)
		return -1;
	if (crypto_init() == -1)
		return -1;
	if (peerlen != crypto_dh_public_len(group) ||
	    sharedlen != crypto_dh_shared_len(group))
		return -1;
	switch (g->kind) {
	case DH_MODP:
		return modp_shared(g, priv, privlen, peer_pub, shared);
	case DH_ECP:
		/* g^ir is the x coordinate only (RFC 5903 section 9). */
		return ecp_mul(g, priv, privlen, peer_pub, shared, 0);
	case DH_XDH:
		return xdh_mul(g, priv, privlen, peer_pub, shared);
	}
	return -1;
}
