/*
 * text_ok_len (eight octets at a time where they are printable ASCII)
 * against a plain octet-by-octet reading of the same rule, on seeded
 * random strings of ASCII, controls, DEL, NUL and UTF-8 (good and broken).
 */
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "util.h"

/* The rule, one octet at a time. */
static int reference(const unsigned char *p, size_t n, int allow_newlines)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		int k;
		uint32_t cp;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && !(allow_newlines && (c == '\n' || c == '\r'))) || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			k = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			k = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			k = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		i++;
		for (int j = 0; j < k; j++, i++) {
			if (i >= n || (p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
	}
	return 1;
}

static uint64_t rng = 0x74657874ull;

static unsigned pick(unsigned n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (unsigned)((rng * 2685821657736338717u) % n);
}

int main(void)
{
	static const char *const pieces[] = {
		"Meeting of the Council", "Совет", "اجتماع", "Oʻzbekiston", "😀", "\t", "\n", "\r", "\x01", "\x1f",
		"\x7f", " ", "~", "\xc3", "\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\xe2\x82",
		"abcdefgh", "ABCDEFGHIJKLMNOP", "!\"#$%&'()*+,-./", "0123456789:;<=>?",
	};
	unsigned char buf[256];
	int bad = 0, cases = 20000, mixed = 0;

	for (int c = 0; c < cases; c++) {
		size_t n = 0;
		int pieces_n = (int)pick(12), allow = (int)pick(2);

		for (int i = 0; i < pieces_n; i++) {
			const char *p = pieces[pick(sizeof(pieces) / sizeof(pieces[0]))];
			size_t k = strlen(p);

			/* Mostly plain text, so that the fast loop runs. */
			if (pick(3) && i > 0) {
				p = pieces[19 + pick(4)];
				k = strlen(p);
			}
			if (n + k >= sizeof(buf))
				break;
			memcpy(buf + n, p, k);
			n += k;
		}
		if (pick(20) == 0 && n)
			buf[pick((unsigned)n)] = '\0';
		if (text_ok_len((const char *)buf, n, allow) != reference(buf, n, allow)) {
			if (bad++ < 5)
				diag("case %d: %zu octets, text_ok_len %d", c, n, text_ok_len((const char *)buf, n, allow));
		}
		mixed += reference(buf, n, allow);
	}
	ok(bad == 0, "text_ok_len agrees with the octet-by-octet rule on %d strings (%d of them text)", cases,
	   mixed);
	ok(text_ok("plain", 0) && !text_ok("new\nline", 0) && text_ok("new\nline", 1), "text_ok as before");
	ok(!text_ok_len("a\0b", 3, 1), "a NUL is not text");
	return done_testing();
}
