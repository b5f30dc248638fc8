// rv32im guest build: no threads, so libstdc++ uses its single-threaded gthreads model.
#include <bits/gthr-single.h>
