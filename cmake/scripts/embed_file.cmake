# cmake -DNEO_INPUT=<file> -DNEO_OUTPUT=<file.cpp> -DNEO_SYMBOL=<name> -P embed_file.cmake
# Writes a C++ source defining `const unsigned char <name>[]` and `const std::size_t <name>_size` with the
# bytes of the input file, so a binary carries the file (e.g. the guest ELF) instead of looking for it.
file(READ "${NEO_INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes
       "${bytes}")
file(WRITE "${NEO_OUTPUT}.tmp"
  "// Generated from ${NEO_INPUT} by cmake/scripts/embed_file.cmake. Do not edit.\n"
  "#include <cstddef>\n"
  "extern const unsigned char ${NEO_SYMBOL}[];\n"
  "extern const std::size_t ${NEO_SYMBOL}_size;\n"
  "alignas(16) const unsigned char ${NEO_SYMBOL}[] = {\n${bytes}};\n"
  "const std::size_t ${NEO_SYMBOL}_size = ${size};\n")
file(RENAME "${NEO_OUTPUT}.tmp" "${NEO_OUTPUT}")
