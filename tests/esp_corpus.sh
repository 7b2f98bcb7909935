#!/bin/bash
# esp_corpus.sh - ikescope's ESP decryption against TShark's, on third-party
# captures (DESIGN.md, "How correctness is established").
#
# tests/data/esp holds ESP captures from the Wireshark wiki (Linux KAME,
# transport and tunnel, IPv4 and IPv6, nested ESP, DES, 3DES, AES-CBC,
# Blowfish, Twofish, NULL x HMAC-SHA1-96, HMAC-MD5-96, NULL) and from
# tcpdump's test suite (3DES and AES-256-CBC with a 12-byte ICV whose key
# is unknown, nested ESP, ESP in UDP 4500), each with
#   NAME.keys        its Wireshark esp_sa table in ikescope's key format;
#   NAME.oracle.tsv  TShark 4.0's decryption with that table: one row per
#                    ESP layer per frame (SPI, sequence number, ICV
#                    verdict, the carried packet's addresses, protocol,
#                    ports, ICMP type/code).
# Both were made by tests/data/esp/make_oracle.py and are committed, so
# this test needs no tshark.  For every capture ikescope is run once,
#     ikescope --json -v -k NAME.keys NAME.pcap
# and tests/esp_corpus.py compares its esp_sas[].packet_list with the
# oracle; six TAP lines per capture (its header says exactly what):
# clean run; every oracle row has an entry (frame, SPI, seq); ICV good <=>
# "ok", unchecked/none <=> "unverified"; same carried packet; no "ok"
# without an oracle row; per-SA counts add up.
# Details of a failure go to standard error, as "# [N] NAME: frame F spi
# S: ..." lines (at most 8 per check, 20 per capture), N the number of
# the test line they explain.  Without python3 every check is skipped.
# By hand:
#     tests/esp_corpus.sh [NAME...]      (default: every capture)

. "$(dirname "$0")/lib.sh"

if ! command -v python3 > /dev/null 2>&1; then
	tap_skip "ikescope decrypts the ESP corpus like tshark" \
	    "python3 not installed"
	tap_done
fi
need_ikescope

DATA=$top_srcdir/tests/data/esp
CHECK=$top_srcdir/tests/esp_corpus.py
[ -r "$CHECK" ] || tap_bail "no $CHECK"
[ -d "$DATA" ] || tap_bail "no $DATA"

rc=0
python3 "$CHECK" "$DATA" "$IKESCOPE" "$TEST_TMP" "$@" \
    > "$TEST_TMP/results" 2> "$TEST_TMP/check.err" || rc=$?
tap_results esp_corpus.py "$rc" "$TEST_TMP/results" "$TEST_TMP/check.err"

tap_done
