# Guest entry point: set up gp and sp, then hand over to C++ (start.cpp). The loader zero-fills .bss
# (ELF memsz > filesz), so nothing is cleared here.
    .section .text._start, "ax"
    .globl _start
    .type _start, @function
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    li sp, 0x7FFFF000          # neo::guest::abi::kStackTop
    call __neo_runtime_start
1:  j 1b                       # not reached: __neo_runtime_start halts
    .size _start, . - _start
