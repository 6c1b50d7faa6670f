// OpenSSL 3 resolved on first use (see include/COpenSSL.h for why), through the shared loader
// (Sources/CLazyLibrary): libssl.so.3 opened once, RTLD_LOCAL so that nothing else in the
// process binds to it by accident; dlsym on it also finds libcrypto.so.3's functions.
#include "COpenSSL.h"
#include "lazy_library.h"

static lazy_library lib = LAZY_LIBRARY("libssl.so.3", "apt-get install libssl3");

const char *osvm_openssl_load_error(void) { return lazy_library_error(&lib); }

#define LAZY(ret, name, params, args) LAZY_FUNCTION(&lib, osvm_, ret, name, params, args)
#define LAZY_VOID(name, params, args) LAZY_VOID_FUNCTION(&lib, osvm_, name, params, args)

// libssl
LAZY(const SSL_METHOD *, TLS_client_method, (void), ())
LAZY(SSL_CTX *, SSL_CTX_new, (const SSL_METHOD *meth), (meth))
LAZY(int, SSL_CTX_set_default_verify_paths, (SSL_CTX *ctx), (ctx))
LAZY_VOID(SSL_CTX_set_verify, (SSL_CTX *ctx, int mode, SSL_verify_cb cb), (ctx, mode, cb))
LAZY(long, SSL_CTX_ctrl, (SSL_CTX *ctx, int cmd, long larg, void *parg), (ctx, cmd, larg, parg))
LAZY(uint64_t, SSL_CTX_set_options, (SSL_CTX *ctx, uint64_t op), (ctx, op))
LAZY(SSL *, SSL_new, (SSL_CTX *ctx), (ctx))
LAZY_VOID(SSL_free, (SSL *ssl), (ssl))
LAZY(int, SSL_set_fd, (SSL *s, int fd), (s, fd))
LAZY_VOID(SSL_set_connect_state, (SSL *s), (s))
LAZY(int, SSL_set1_host, (SSL *s, const char *hostname), (s, hostname))
LAZY(long, SSL_ctrl, (SSL *ssl, int cmd, long larg, void *parg), (ssl, cmd, larg, parg))
LAZY(X509_VERIFY_PARAM *, SSL_get0_param, (SSL *ssl), (ssl))
LAZY(int, SSL_do_handshake, (SSL *s), (s))
LAZY(int, SSL_get_error, (const SSL *s, int ret_code), (s, ret_code))
LAZY(long, SSL_get_verify_result, (const SSL *ssl), (ssl))
LAZY(int, SSL_read, (SSL *ssl, void *buf, int num), (ssl, buf, num))
LAZY(int, SSL_write, (SSL *ssl, const void *buf, int num), (ssl, buf, num))
LAZY(int, SSL_pending, (const SSL *s), (s))

long osvm_ssl_set_sni(SSL *ssl, const char *name) {
    return osvm_SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)name);
}
long osvm_ssl_ctx_min_tls12(SSL_CTX *ctx) { return osvm_SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, NULL); }
long osvm_ssl_ctx_auto_retry_off(SSL_CTX *ctx) { return osvm_SSL_CTX_ctrl(ctx, SSL_CTRL_CLEAR_MODE, SSL_MODE_AUTO_RETRY, NULL); }
void osvm_ssl_ctx_ignore_unexpected_eof(SSL_CTX *ctx) { (void)osvm_SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF); }

// libcrypto
LAZY(int, X509_VERIFY_PARAM_set1_ip_asc, (X509_VERIFY_PARAM *param, const char *ipasc), (param, ipasc))
LAZY(const char *, X509_verify_cert_error_string, (long n), (n))
LAZY_VOID(ERR_clear_error, (void), ())
LAZY(unsigned long, ERR_get_error, (void), ())
LAZY(const char *, ERR_reason_error_string, (unsigned long e), (e))
LAZY(int, RAND_bytes, (unsigned char *buf, int num), (buf, num))
LAZY(EVP_PKEY *, EVP_PKEY_new_raw_private_key, (int type, ENGINE *e, const unsigned char *priv, size_t len), (type, e, priv, len))
LAZY(EVP_PKEY *, EVP_PKEY_new_raw_public_key, (int type, ENGINE *e, const unsigned char *pub, size_t len), (type, e, pub, len))
LAZY(int, EVP_PKEY_get_raw_public_key, (const EVP_PKEY *pkey, unsigned char *pub, size_t *len), (pkey, pub, len))
LAZY_VOID(EVP_PKEY_free, (EVP_PKEY *pkey), (pkey))
LAZY(EVP_MD_CTX *, EVP_MD_CTX_new, (void), ())
LAZY_VOID(EVP_MD_CTX_free, (EVP_MD_CTX *ctx), (ctx))
LAZY(int, EVP_DigestSignInit, (EVP_MD_CTX *ctx, EVP_PKEY_CTX **pctx, const EVP_MD *type, ENGINE *e, EVP_PKEY *pkey), (ctx, pctx, type, e, pkey))
LAZY(int, EVP_DigestSign, (EVP_MD_CTX *ctx, unsigned char *sigret, size_t *siglen, const unsigned char *tbs, size_t tbslen), (ctx, sigret, siglen, tbs, tbslen))
LAZY(int, EVP_DigestVerifyInit, (EVP_MD_CTX *ctx, EVP_PKEY_CTX **pctx, const EVP_MD *type, ENGINE *e, EVP_PKEY *pkey), (ctx, pctx, type, e, pkey))
LAZY(int, EVP_DigestVerify, (EVP_MD_CTX *ctx, const unsigned char *sigret, size_t siglen, const unsigned char *tbs, size_t tbslen), (ctx, sigret, siglen, tbs, tbslen))
LAZY(BN_CTX *, BN_CTX_new, (void), ())
LAZY_VOID(BN_CTX_free, (BN_CTX *c), (c))
LAZY(BIGNUM *, BN_new, (void), ())
LAZY_VOID(BN_free, (BIGNUM *a), (a))
LAZY(BIGNUM *, BN_copy, (BIGNUM *a, const BIGNUM *b), (a, b))
LAZY(int, BN_is_one, (const BIGNUM *a), (a))
LAZY(int, BN_is_zero, (const BIGNUM *a), (a))
LAZY(BIGNUM *, BN_lebin2bn, (const unsigned char *s, int len, BIGNUM *ret), (s, len, ret))
LAZY(int, BN_lshift, (BIGNUM *r, const BIGNUM *a, int n), (r, a, n))
LAZY(int, BN_rshift1, (BIGNUM *r, const BIGNUM *a), (r, a))
LAZY(int, BN_mod_add, (BIGNUM *r, const BIGNUM *a, const BIGNUM *b, const BIGNUM *m, BN_CTX *ctx), (r, a, b, m, ctx))
LAZY(int, BN_mod_sub, (BIGNUM *r, const BIGNUM *a, const BIGNUM *b, const BIGNUM *m, BN_CTX *ctx), (r, a, b, m, ctx))
LAZY(int, BN_mod_mul, (BIGNUM *r, const BIGNUM *a, const BIGNUM *b, const BIGNUM *m, BN_CTX *ctx), (r, a, b, m, ctx))
LAZY(int, BN_mod_sqr, (BIGNUM *r, const BIGNUM *a, const BIGNUM *m, BN_CTX *ctx), (r, a, m, ctx))
LAZY(int, BN_mod_exp, (BIGNUM *r, const BIGNUM *a, const BIGNUM *p, const BIGNUM *m, BN_CTX *ctx), (r, a, p, m, ctx))
LAZY(BIGNUM *, BN_mod_inverse, (BIGNUM *ret, const BIGNUM *a, const BIGNUM *n, BN_CTX *ctx), (ret, a, n, ctx))
LAZY(int, BN_nnmod, (BIGNUM *r, const BIGNUM *m, const BIGNUM *d, BN_CTX *ctx), (r, m, d, ctx))
LAZY(int, BN_set_word, (BIGNUM *a, BN_ULONG w), (a, w))
LAZY(int, BN_sub, (BIGNUM *r, const BIGNUM *a, const BIGNUM *b), (r, a, b))
LAZY(int, BN_sub_word, (BIGNUM *a, BN_ULONG w), (a, w))
