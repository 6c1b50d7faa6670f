#ifndef OSVM_ALLOCATOR_TUNING_H
#define OSVM_ALLOCATOR_TUNING_H

/// Sets glibc malloc's options for an interpreter process (see MallocTuning.swift for
/// the why and the figures). Returns the number of options set: 0 when the user's own
/// allocator settings are in the environment, or on a C library other than glibc.
int osvm_tune_allocator(void);

#endif
