# neo_check_rv32_toolchain(): fails the configure, naming the Debian packages to install, when the rv32im
# cross toolchain is incomplete. Used by the host configure (before it schedules the guest build) and by the
# toolchain file itself. NEO_RV32_PREFIX (default riscv64-unknown-elf) names the compiler driver prefix.

set(NEO_RV32_PACKAGES "gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf libstdc++-12-dev-riscv64-cross")
if(NOT DEFINED NEO_RV32_PREFIX)
  set(NEO_RV32_PREFIX "riscv64-unknown-elf")
endif()
set(NEO_RV32_PICOLIBC "/usr/lib/picolibc/riscv64-unknown-elf")
set(NEO_RV32_CXX_HEADERS "/usr/riscv64-linux-gnu/include/c++/12")

macro(neo_check_rv32_toolchain)
  find_program(NEO_RV32_GCC ${NEO_RV32_PREFIX}-gcc)
  find_program(NEO_RV32_GXX ${NEO_RV32_PREFIX}-g++)
  set(_neo_rv32_missing "")
  if(NOT NEO_RV32_GCC OR NOT NEO_RV32_GXX)
    list(APPEND _neo_rv32_missing "the compiler ${NEO_RV32_PREFIX}-gcc/g++ (gcc-riscv64-unknown-elf)")
  endif()
  if(NOT EXISTS "${NEO_RV32_PICOLIBC}/lib/release/rv32im/ilp32/libc.a")
    list(APPEND _neo_rv32_missing "picolibc for rv32im (picolibc-riscv64-unknown-elf)")
  endif()
  if(NOT EXISTS "${NEO_RV32_CXX_HEADERS}/vector")
    list(APPEND _neo_rv32_missing "the C++ standard library headers (libstdc++-12-dev-riscv64-cross)")
  endif()
  if(_neo_rv32_missing)
    list(JOIN _neo_rv32_missing ", " _neo_rv32_missing_text)
    message(FATAL_ERROR
      "The rv32im cross toolchain that builds the guest programs is incomplete: missing ${_neo_rv32_missing_text}.\n"
      "Install the Debian packages: ${NEO_RV32_PACKAGES}\n"
      "(bash scripts/install-deps.sh installs everything neo-zkvm needs).")
  endif()
endmacro()
