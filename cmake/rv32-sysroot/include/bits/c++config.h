// rv32im guest build: libstdc++ is configured for riscv64 Linux; the guest has no kernel, threads, futexes or
// TLS, so those features are switched off after the real configuration header is read.
#include_next <bits/c++config.h>
#undef _GLIBCXX_HAVE_LINUX_FUTEX
#undef _GLIBCXX_HAVE_LINUX_RANDOM_H
#undef _GLIBCXX_HAVE_LINUX_TYPES_H
#undef _GLIBCXX_HAS_GTHREADS
#undef _GLIBCXX_HAVE_TLS
#undef _GLIBCXX_USE_NANOSLEEP
#undef _GLIBCXX_USE_SCHED_YIELD
#undef _GLIBCXX_HAVE_POSIX_SEMAPHORE
#undef _GLIBCXX_USE_PTHREAD_COND_CLOCKWAIT
#undef _GLIBCXX_USE_PTHREAD_MUTEX_CLOCKLOCK
#undef _GLIBCXX_USE_PTHREAD_RWLOCK_CLOCKLOCK
#undef _GLIBCXX_USE_PTHREAD_RWLOCK_T
