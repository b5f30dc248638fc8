// rv32im guest build: the Linux os_defines.h includes glibc's <features.h>; a bare-metal guest needs none of it.
#ifndef _GLIBCXX_OS_DEFINES
#define _GLIBCXX_OS_DEFINES 1
#endif
