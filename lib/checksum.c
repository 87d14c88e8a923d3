/* checksum.c - SHA-256 of revision files, recorded in the version log so an
 * edit to an applied revision is noticed. The hash is libmd's (Debian's
 * libmd, BSD's message digests): a small library, where loading and
 * initialising OpenSSL's libcrypto cost more (about 8 ms a process) than
 * hashing a history of 1,000 files. */
#include "mg_revfile.h"

#include <stdint.h>
#include <sha2.h>

void
mg_sha256_hex(const void *data, size_t len, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t md[SHA256_DIGEST_LENGTH];
    SHA2_CTX ctx;
    int i;

    SHA256Init(&ctx);
    SHA256Update(&ctx, data, len);
    SHA256Final(md, &ctx);
    for (i = 0; i < SHA256_DIGEST_LENGTH; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
}
