// OpenSSL 3, loaded on first use: libcrypto for ed25519 and (bn.h) the PDA curve check, libssl
// for https (TLS over our own socket, so every body byte is counted — Chain/HTTP/Connection.swift).
//
// Why not link them: loading and relocating libssl + libcrypto (~4,900 symbol relocations) cost
// ~0.9 ms at every start of `osvm`, a sixth of `osvm ovsm eval 1`, and most commands never sign
// or speak https. Each `osvm_X` below has exactly the type of OpenSSL's `X` (declared with
// __typeof__, so a wrong signature does not compile) and calls it through a pointer resolved
// on first use from libssl.so.3 (dlopen, which brings libcrypto.so.3). The headers give the
// types and constants only.
#ifndef OSVM_COPENSSL_H
#define OSVM_COPENSSL_H

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/bn.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

/// NULL when OpenSSL 3 is loaded (loading it on the first call), else why it is not.
const char *osvm_openssl_load_error(void);

// libssl
__typeof__(TLS_client_method) osvm_TLS_client_method;
__typeof__(SSL_CTX_new) osvm_SSL_CTX_new;
__typeof__(SSL_CTX_set_default_verify_paths) osvm_SSL_CTX_set_default_verify_paths;
__typeof__(SSL_CTX_set_verify) osvm_SSL_CTX_set_verify;
__typeof__(SSL_new) osvm_SSL_new;
__typeof__(SSL_free) osvm_SSL_free;
__typeof__(SSL_set_fd) osvm_SSL_set_fd;
__typeof__(SSL_set_connect_state) osvm_SSL_set_connect_state;
__typeof__(SSL_set1_host) osvm_SSL_set1_host;
__typeof__(SSL_get0_param) osvm_SSL_get0_param;
__typeof__(SSL_do_handshake) osvm_SSL_do_handshake;
__typeof__(SSL_get_error) osvm_SSL_get_error;
__typeof__(SSL_get_verify_result) osvm_SSL_get_verify_result;
__typeof__(SSL_read) osvm_SSL_read;
__typeof__(SSL_write) osvm_SSL_write;
__typeof__(SSL_pending) osvm_SSL_pending;
__typeof__(SSL_ctrl) osvm_SSL_ctrl;
__typeof__(SSL_CTX_ctrl) osvm_SSL_CTX_ctrl;
__typeof__(SSL_CTX_set_options) osvm_SSL_CTX_set_options;
// Function-like macros of ssl.h, as functions.
long osvm_ssl_set_sni(SSL *ssl, const char *name);
long osvm_ssl_ctx_min_tls12(SSL_CTX *ctx);
long osvm_ssl_ctx_auto_retry_off(SSL_CTX *ctx);
// A peer that closes without close_notify reads as end of stream (our framing —
// Content-Length, chunked — detects truncation itself), as curl and browsers treat it.
void osvm_ssl_ctx_ignore_unexpected_eof(SSL_CTX *ctx);

// libcrypto
__typeof__(X509_VERIFY_PARAM_set1_ip_asc) osvm_X509_VERIFY_PARAM_set1_ip_asc;
__typeof__(X509_verify_cert_error_string) osvm_X509_verify_cert_error_string;
__typeof__(ERR_clear_error) osvm_ERR_clear_error;
__typeof__(ERR_get_error) osvm_ERR_get_error;
__typeof__(ERR_reason_error_string) osvm_ERR_reason_error_string;
__typeof__(RAND_bytes) osvm_RAND_bytes;
__typeof__(EVP_PKEY_new_raw_private_key) osvm_EVP_PKEY_new_raw_private_key;
__typeof__(EVP_PKEY_new_raw_public_key) osvm_EVP_PKEY_new_raw_public_key;
__typeof__(EVP_PKEY_get_raw_public_key) osvm_EVP_PKEY_get_raw_public_key;
__typeof__(EVP_PKEY_free) osvm_EVP_PKEY_free;
__typeof__(EVP_MD_CTX_new) osvm_EVP_MD_CTX_new;
__typeof__(EVP_MD_CTX_free) osvm_EVP_MD_CTX_free;
__typeof__(EVP_DigestSignInit) osvm_EVP_DigestSignInit;
__typeof__(EVP_DigestSign) osvm_EVP_DigestSign;
__typeof__(EVP_DigestVerifyInit) osvm_EVP_DigestVerifyInit;
__typeof__(EVP_DigestVerify) osvm_EVP_DigestVerify;
__typeof__(BN_CTX_new) osvm_BN_CTX_new;
__typeof__(BN_CTX_free) osvm_BN_CTX_free;
__typeof__(BN_new) osvm_BN_new;
__typeof__(BN_free) osvm_BN_free;
__typeof__(BN_copy) osvm_BN_copy;
__typeof__(BN_is_one) osvm_BN_is_one;
__typeof__(BN_is_zero) osvm_BN_is_zero;
__typeof__(BN_lebin2bn) osvm_BN_lebin2bn;
__typeof__(BN_lshift) osvm_BN_lshift;
__typeof__(BN_rshift1) osvm_BN_rshift1;
__typeof__(BN_mod_add) osvm_BN_mod_add;
__typeof__(BN_mod_sub) osvm_BN_mod_sub;
__typeof__(BN_mod_mul) osvm_BN_mod_mul;
__typeof__(BN_mod_sqr) osvm_BN_mod_sqr;
__typeof__(BN_mod_exp) osvm_BN_mod_exp;
__typeof__(BN_mod_inverse) osvm_BN_mod_inverse;
__typeof__(BN_nnmod) osvm_BN_nnmod;
__typeof__(BN_set_word) osvm_BN_set_word;
__typeof__(BN_sub) osvm_BN_sub;
__typeof__(BN_sub_word) osvm_BN_sub_word;

#endif
