# cmake -DNEO_CLI=<neo-zkvm> -DNEO_GUEST_ELF=<neo-guest.elf> -P compare_vkey.cmake
# The machine verifying key embedded at build time (what `verify` holds stark proofs to, printed by
# `neo-zkvm vkey`) is the one computed from the guest ELF now (`neo-zkvm rv32 vkey`).
execute_process(COMMAND "${NEO_CLI}" vkey --json RESULT_VARIABLE rc OUTPUT_VARIABLE embedded)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "neo-zkvm vkey failed (exit ${rc})")
endif()
string(JSON embedded_hash GET "${embedded}" stark)
execute_process(COMMAND "${NEO_CLI}" rv32 vkey "${NEO_GUEST_ELF}" RESULT_VARIABLE rc OUTPUT_VARIABLE computed)
string(STRIP "${computed}" computed)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "neo-zkvm rv32 vkey failed (exit ${rc})")
endif()
if(NOT embedded_hash MATCHES "^[0-9a-f]+$" OR NOT embedded_hash STREQUAL computed)
  message(FATAL_ERROR "embedded vkey hash ${embedded_hash} != computed ${computed}")
endif()
message("embedded machine vkey hash ${embedded_hash} matches the guest ELF")
