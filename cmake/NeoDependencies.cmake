# Host libraries that ship no CMake package config on Debian 12 are imported through pkg-config, each once.
include_guard(GLOBAL)
find_package(PkgConfig REQUIRED)

# neo_pkg_config(<name> <module>) defines the imported target PkgConfig::<name>.
macro(neo_pkg_config name module)
  if(NOT TARGET PkgConfig::${name})
    pkg_check_modules(${name} REQUIRED IMPORTED_TARGET GLOBAL ${module})
  endif()
endmacro()
