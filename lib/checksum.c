/* checksum.c - SHA-256 of revision files, recorded in the version log so an
 * edit to an applied revision is noticed. OpenSSL's libcrypto does the
 * hashing. */
#include "mg_revfile.h"

#include <openssl/evp.h>

void
mg_sha256_hex(const void *data, size_t len, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0, i;

    if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL))
        mdlen = 0;
    for (i = 0; i < mdlen && i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * i] = '\0';
}
