#!/usr/bin/env bash
# Installs every Debian 12 package neo-zkvm needs to build, test, fuzz and benchmark.
# Idempotent: packages already present are left alone. Run as root (or with sudo available).
set -euo pipefail

packages=(
  # build tools
  build-essential cmake ninja-build pkg-config git clang lld libclang-rt-14-dev binutils
  # rv32im bare-metal cross toolchain: compiler, C library, C++ standard library headers
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf libstdc++-12-dev-riscv64-cross
  # host libraries
  libsecp256k1-dev libcrypto++-dev libgmp-dev libfmt-dev libspdlog-dev libcli11-dev
  nlohmann-json3-dev libtbb-dev
  # tests and benchmarks
  catch2 libbenchmark-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
