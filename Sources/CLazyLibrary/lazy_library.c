#include "lazy_library.h"
#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

const char *lazy_library_error(lazy_library *lib) {
    pthread_mutex_lock(&lib->lock);
    if (!lib->tried) {
        lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
        if (!lib->handle) {
            const char *e = dlerror();
            snprintf(lib->error, sizeof lib->error, "%s is not installed (%s): %s", lib->soname,
                     e ? e : "not found", lib->install_hint);
        }
        lib->tried = 1;
    }
    const char *result = lib->handle ? NULL : lib->error;
    pthread_mutex_unlock(&lib->lock);
    return result;
}

void *lazy_library_symbol(lazy_library *lib, const char *name) {
    const char *e = lazy_library_error(lib);
    void *p = e ? NULL : dlsym(lib->handle, name);
    if (!p) {
        fprintf(stderr, "osvm: cannot use %s from %s: %s\n", name, lib->soname, e ? e : "symbol not found");
        _exit(70);
    }
    return p;
}
