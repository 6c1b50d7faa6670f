// OpenSSL 3: libcrypto for ed25519 and (bn.h) the PDA curve check (a 4 s build instead of
// swift-crypto's 145 s; SHA-256 is OVSMKit's) and libssl for https (TLS over our own socket, so
// every body byte is counted and nothing is inflated behind our back — see Chain/HTTP/Connection.swift).
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/bn.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

// Function-like macros Swift cannot import.
static inline long osvm_ssl_set_sni(SSL *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }
static inline long osvm_ssl_ctx_min_tls12(SSL_CTX *ctx) { return SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION); }
static inline long osvm_ssl_ctx_auto_retry_off(SSL_CTX *ctx) { return SSL_CTX_clear_mode(ctx, SSL_MODE_AUTO_RETRY); }
// A peer that closes without close_notify reads as end of stream (our framing —
// Content-Length, chunked — detects truncation itself), as curl and browsers treat it.
static inline void osvm_ssl_ctx_ignore_unexpected_eof(SSL_CTX *ctx) { SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF); }
