// A shared library opened on first use (dlopen) instead of linked: what COpenSSL and CNcurses
// do so that `osvm` does not load and relocate OpenSSL and ncurses at every start (see their
// headers). A wrapper `PREFIXname` has the library function's exact type (__typeof__), and
// fetches its address once into an atomic.
#ifndef OSVM_LAZY_LIBRARY_H
#define OSVM_LAZY_LIBRARY_H
#include <pthread.h>

typedef struct {
    const char *soname;        // e.g. "libssl.so.3" (its dependencies come with it)
    const char *install_hint;  // e.g. "apt-get install libssl3"
    pthread_mutex_t lock;
    int tried;
    void *handle;
    char error[512];
} lazy_library;

#define LAZY_LIBRARY(soname, hint) { soname, hint, PTHREAD_MUTEX_INITIALIZER, 0, 0, {0} }

/// NULL when the library is open (opening it on the first call, RTLD_NOW | RTLD_LOCAL),
/// else why it cannot be.
const char *lazy_library_error(lazy_library *lib);

/// The address of `name` in the library or its dependencies. A caller that did not check
/// `lazy_library_error` first gets a one-line message and exit status 70 instead of a jump
/// through a null pointer.
void *lazy_library_symbol(lazy_library *lib, const char *name);

#define LAZY_LIBRARY_PTR(lib, name)                                                      \
    static __typeof__(&name) lazy_fp;                                                    \
    __typeof__(&name) lazy_fn = __atomic_load_n(&lazy_fp, __ATOMIC_ACQUIRE);              \
    if (!lazy_fn) {                                                                      \
        lazy_fn = (__typeof__(&name))lazy_library_symbol(lib, #name);                    \
        __atomic_store_n(&lazy_fp, lazy_fn, __ATOMIC_RELEASE);                           \
    }
/// `ret PREFIX##name params` calling `name args` in `lib`.
#define LAZY_FUNCTION(lib, prefix, ret, name, params, args) \
    ret prefix##name params { LAZY_LIBRARY_PTR(lib, name) return lazy_fn args; }
#define LAZY_VOID_FUNCTION(lib, prefix, name, params, args) \
    void prefix##name params { LAZY_LIBRARY_PTR(lib, name) lazy_fn args; }

#endif
