# Settings shared by every neo-zkvm package, whether built from the top level or standalone.
include_guard(GLOBAL)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

option(NEO_WERROR "Treat compiler warnings as errors (CI turns this on)" OFF)
option(NEO_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer (host builds only)" OFF)

include(GNUInstallDirs)

# True when this configure targets the bare-metal rv32im guest (cmake/toolchains/rv32im-unknown-elf.cmake).
if(CMAKE_SYSTEM_PROCESSOR STREQUAL "riscv32")
  set(NEO_GUEST_TARGET ON)
else()
  set(NEO_GUEST_TARGET OFF)
endif()

# Host-side sanitizers apply to everything built in this configure, tests included.
if(NEO_SANITIZE AND NOT NEO_GUEST_TARGET)
  # vptr checks need RTTI in every object that defines a polymorphic class; core and guest build without
  # RTTI (their tests with it), so the check would only fail to link.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# neo_target_warnings(<target>): the project's warning set, -Werror under NEO_WERROR.
function(neo_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(NEO_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# neo_target_portable(<target>): code that also runs inside the rv32im guest. Faults are values, so it is
# compiled without exceptions and RTTI on the host too — the host build then proves the guest build's rules.
function(neo_target_portable target)
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti>)
endfunction()
