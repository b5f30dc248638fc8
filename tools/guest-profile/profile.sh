#!/bin/sh
# Builds guest_profile against a host build's static libraries (if it is older than its source or the
# libraries) and profiles the Neo guest of that build on a .neoasm program.
#   tools/guest-profile/profile.sh <build dir> <program.neoasm> [--arg N | --array-arg N,N,...]...
#                                  [--gas DATOSHI] [--top K] [--annotate TEXT]
# Example: tools/guest-profile/profile.sh build/dev examples/bubble-sort.neoasm --array-arg 5,3,9 --top 30
# NEO_GUEST_ELF=<path> profiles another guest ELF than the build's own.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
shift
elf=${NEO_GUEST_ELF:-"$build/neo-zkvm-program-rv32/elf/neo-guest.elf"}
tool="$build/guest-profile/guest_profile"
libs="$build/neo-zkvm-prover/libneo_zkvm_prover.a $build/neo-zkvm-verifier/libneo_zkvm_verifier.a \
      $build/neo-vm-guest/libneo_vm_guest.a $build/neo-vm-core/libneo_vm_core.a"
mkdir -p "$build/guest-profile"
rebuild=0
[ -x "$tool" ] || rebuild=1
for f in "$here/guest_profile.cpp" $libs; do [ "$f" -nt "$tool" ] 2>/dev/null && rebuild=1; done
if [ "$rebuild" = 1 ]; then
  g++ -std=c++20 -O2 -Wall -Wextra -Wpedantic -o "$tool" "$here/guest_profile.cpp" \
    -I"$root/neo-zkvm-prover/include" -I"$root/neo-zkvm-verifier/include" -I"$root/neo-vm-guest/include" \
    -I"$root/neo-vm-core/include" $libs -lcrypto++ -lsecp256k1 -ltbb -lfmt -lspdlog
fi
symbols=$(mktemp)
trap 'rm -f "$symbols"' EXIT
riscv64-unknown-elf-nm -C -n --defined-only "$elf" > "$symbols"
program=$1
shift
"$tool" "$elf" "$symbols" "$program" "$@"
