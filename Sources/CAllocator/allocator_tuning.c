#include "allocator_tuning.h"
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int osvm_tune_allocator(void) {
#if defined(__GLIBC__)
    static const char *user_settings[] = {
        "GLIBC_TUNABLES", "MALLOC_ARENA_MAX", "MALLOC_TOP_PAD_", "MALLOC_MMAP_THRESHOLD_",
        "MALLOC_TRIM_THRESHOLD_",
    };
    for (unsigned i = 0; i < sizeof user_settings / sizeof user_settings[0]; i++) {
        if (getenv(user_settings[i]) != NULL) return 0;
    }
    int set = 0;
    set += mallopt(M_ARENA_MAX, 1);
    set += mallopt(M_TOP_PAD, 16 << 20);
    set += mallopt(M_MMAP_THRESHOLD, 32 << 20);
    set += mallopt(M_TRIM_THRESHOLD, 64 << 20);
    return set;
#else
    return 0;
#endif
}
