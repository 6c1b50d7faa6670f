// libcrypto (OpenSSL 3) for ed25519, SHA-256 and (bn.h) the PDA curve check: a 4 s build instead of swift-crypto's 145 s.
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/bn.h>
