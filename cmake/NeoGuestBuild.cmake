# neo_add_guest_build(): builds neo-zkvm-program (the guest runtime and the guest ELFs) for rv32im as a
# separate CMake build inside the host build tree, through cmake/toolchains/rv32im-unknown-elf.cmake.
#
# The toolchain is checked here, at configure time, so a machine without it gets a configure error naming
# the packages to install. Afterwards:
#   NEO_GUEST_BINARY_DIR   the rv32im build tree
#   NEO_GUEST_ELF_DIR      where the guest ELFs are (<name>.elf)
#   target neo_zkvm_program builds them (part of `all`)
include_guard(GLOBAL)
include(ExternalProject)
include(NeoRv32Check)

function(neo_add_guest_build)
  neo_check_rv32_toolchain()
  set(binary_dir "${CMAKE_BINARY_DIR}/neo-zkvm-program-rv32")
  set(guest_build_type Release)
  ExternalProject_Add(neo_zkvm_program
    SOURCE_DIR "${PROJECT_SOURCE_DIR}/neo-zkvm-program"
    BINARY_DIR "${binary_dir}"
    CMAKE_ARGS
      "-DCMAKE_TOOLCHAIN_FILE=${PROJECT_SOURCE_DIR}/cmake/toolchains/rv32im-unknown-elf.cmake"
      "-DCMAKE_BUILD_TYPE=${guest_build_type}"
      "-DNEO_SOURCE_ROOT=${PROJECT_SOURCE_DIR}"
      "-DNEO_WERROR=${NEO_WERROR}"
      "-DCMAKE_INSTALL_PREFIX=${CMAKE_INSTALL_PREFIX}"
    BUILD_ALWAYS ON  # the guest depends on core and guest sources the host build cannot see
    INSTALL_COMMAND ""
    BUILD_BYPRODUCTS "${binary_dir}/elf/fibonacci.elf" "${binary_dir}/elf/neo-guest.elf"
                     "${binary_dir}/elf/runtime-check.elf"
    USES_TERMINAL_BUILD ON)
  set(NEO_GUEST_BINARY_DIR "${binary_dir}" PARENT_SCOPE)
  set(NEO_GUEST_ELF_DIR "${binary_dir}/elf" PARENT_SCOPE)
  # `cmake --install` of the host build also installs the rv32im tree (runtime, its CMake package, the
  # guest ELFs) under <prefix>/lib/neo-zkvm/rv32im, apart from the host libraries of the same names.
  install(CODE "execute_process(COMMAND \"${CMAKE_COMMAND}\" --install \"${binary_dir}\"
    --prefix \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/neo-zkvm/rv32im\" COMMAND_ERROR_IS_FATAL ANY)")
endfunction()
