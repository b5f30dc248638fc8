# Test helpers: Catch2 v2 (Debian's catch2 package) registered with CTest, one test executable per package.
# Not include-guarded: find_package() targets are directory-scoped, so every including directory needs them.

find_package(Catch2 2 REQUIRED)
include(Catch)

# The Catch2 main is compiled once per configure and shared by every package's test executable.
if(NOT TARGET neo_catch_main)
  set(_neo_main "${CMAKE_BINARY_DIR}/neo_catch_main.cpp")
  file(WRITE "${_neo_main}" "#define CATCH_CONFIG_MAIN\n#include <catch2/catch.hpp>\n")
  add_library(neo_catch_main OBJECT "${_neo_main}")
  target_link_libraries(neo_catch_main PUBLIC Catch2::Catch2)
endif()

# neo_add_catch_tests(<target> SOURCES <files...> [LIBRARIES <libs...>])
# Builds one Catch2 executable and registers each TEST_CASE as a CTest test. Tests find ../shared through
# the NEO_SHARED_DIR environment variable that this sets (they skip with a message when it is absent).
function(neo_add_catch_tests target)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE neo_catch_main Catch2::Catch2 ${ARG_LIBRARIES})
  neo_target_warnings(${target})
  catch_discover_tests(${target}
    PROPERTIES ENVIRONMENT "NEO_SHARED_DIR=${NEO_SHARED_DIR}" LABELS "${target}"
    DISCOVERY_TIMEOUT 60)
endfunction()

# Where the reference material lives: ../shared beside the repository root, unless given.
if(NOT DEFINED NEO_SHARED_DIR)
  get_filename_component(_neo_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
  get_filename_component(NEO_SHARED_DIR "${_neo_root}/../shared" ABSOLUTE)
  set(NEO_SHARED_DIR "${NEO_SHARED_DIR}" CACHE PATH "Folder with the shared reference material (conformance data)")
endif()
