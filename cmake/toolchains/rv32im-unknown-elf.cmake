# Bare-metal rv32im toolchain for the guest build, from Debian packages only:
#   gcc-riscv64-unknown-elf         the compiler (multilib, rv32im/ilp32 included)
#   picolibc-riscv64-unknown-elf    the C library (memcpy & co; no stdio or malloc is used)
#   libstdc++-12-dev-riscv64-cross  the C++ standard library headers (header-only use: its compiled parts are
#                                   built for riscv64 Linux and never linked; the guest runtime provides the few
#                                   runtime symbols a guest needs)
# cmake/rv32-sysroot/include overrides the handful of libstdc++ configuration headers that assume Linux.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)

include("${CMAKE_CURRENT_LIST_DIR}/../NeoRv32Check.cmake")
neo_check_rv32_toolchain()

set(CMAKE_C_COMPILER "${NEO_RV32_GCC}")
set(CMAKE_CXX_COMPILER "${NEO_RV32_GXX}")
set(CMAKE_ASM_COMPILER "${NEO_RV32_GCC}")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

execute_process(COMMAND "${NEO_RV32_GCC}" -print-file-name=include OUTPUT_VARIABLE _gcc_include
                OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND "${NEO_RV32_GCC}" -print-file-name=include-fixed OUTPUT_VARIABLE _gcc_include_fixed
                OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND "${NEO_RV32_GCC}" -march=rv32im -mabi=ilp32 -print-libgcc-file-name
                OUTPUT_VARIABLE NEO_RV32_LIBGCC OUTPUT_STRIP_TRAILING_WHITESPACE)
set(NEO_RV32_LIBC "${NEO_RV32_PICOLIBC}/lib/release/rv32im/ilp32/libc.a")

set(_arch "-march=rv32im -mabi=ilp32")
# No unwind tables: the guest has no unwinder, and the proof pays for every byte of the image.
set(_common "${_arch} -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables -nostdinc")
set(CMAKE_C_FLAGS_INIT "${_common}")
set(CMAKE_CXX_FLAGS_INIT "${_common} -nostdinc++ -fno-exceptions -fno-rtti -fno-threadsafe-statics")
set(CMAKE_ASM_FLAGS_INIT "${_arch}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_arch} -nostdlib -nostartfiles -static -Wl,--gc-sections -Wl,--no-undefined")

# Include order matters: the libstdc++ headers #include_next the C library's, which #include_next GCC's.
set(_cxx_includes
  "${CMAKE_CURRENT_LIST_DIR}/../rv32-sysroot/include"
  "${NEO_RV32_CXX_HEADERS}"
  "${NEO_RV32_CXX_HEADERS}/riscv64-linux-gnu"
  "${NEO_RV32_PICOLIBC}/include"
  "${_gcc_include}"
  "${_gcc_include_fixed}")
set(CMAKE_CXX_STANDARD_INCLUDE_DIRECTORIES ${_cxx_includes})
set(CMAKE_C_STANDARD_INCLUDE_DIRECTORIES "${NEO_RV32_PICOLIBC}/include" "${_gcc_include}" "${_gcc_include_fixed}")

# The C library and libgcc (64-bit integer division helpers and the like) close every guest link.
set(CMAKE_CXX_STANDARD_LIBRARIES "\"${NEO_RV32_LIBC}\" \"${NEO_RV32_LIBGCC}\"")
set(CMAKE_C_STANDARD_LIBRARIES "\"${NEO_RV32_LIBC}\" \"${NEO_RV32_LIBGCC}\"")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
