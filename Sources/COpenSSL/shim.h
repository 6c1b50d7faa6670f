// libcrypto (OpenSSL 3) for ed25519 (SHA-256 is OVSMKit's): a 4 s build instead of swift-crypto's 145 s.
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
