#!/bin/sh
# Guest cycles of the Neo guest on the workloads of docs/performance.md ("The Neo guest: rv32 cycles per Neo
# opcode"), each at two sizes so that the per-iteration cost is exact. Builds guest_profile like profile.sh.
#   tools/guest-profile/measure.sh <build dir> [neo-guest.elf]
# The ELF defaults to the build's own; pass another (e.g. an older build's) to compare.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
elf=${2:-"$build/neo-zkvm-program-rv32/elf/neo-guest.elf"}
# profile.sh builds the tool; its run is not needed here.
NEO_GUEST_ELF="$elf" "$here/profile.sh" "$build" "$here/workloads/tiny.neoasm" --top 0 > /dev/null
symbols=$(mktemp)
trap 'rm -f "$symbols"' EXIT
riscv64-unknown-elf-nm -C -n --defined-only "$elf" > "$symbols"
run() {
  "$build/guest-profile/guest_profile" "$elf" "$symbols" "$@" --top 0 | head -2 | tr '\n' ' ' |
    sed 's/status: halted, exit code 0, //; s/ (profiled [0-9]*)//'
  echo
}
cd "$root"
w=tools/guest-profile/workloads
for spec in "counting-loop 1000 101000" "big-arithmetic 100 1100" "arrays-maps 50 550" "calls 100 1100" \
            "bytes 100 1100"; do
  set -- $spec
  echo "$1 n=$2: $(run "$w/$1.neoasm" --arg "$2")"
  echo "$1 n=$3: $(run "$w/$1.neoasm" --arg "$3")"
done
echo "bubble-sort, 60 integers in descending order: $(run examples/bubble-sort.neoasm --array-arg "$(seq -s, 60 -1 1)")"
echo "PUSH1 PUSH2 ADD RET: $(run "$w/tiny.neoasm")"
