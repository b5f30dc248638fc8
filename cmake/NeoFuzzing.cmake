# Fuzz harnesses (libFuzzer's LLVMFuzzerTestOneInput) for every decoder and the VM.
#
# With NEO_BUILD_FUZZERS=ON (clang; the `fuzz` preset) each harness is a libFuzzer binary with ASan + UBSan,
# and CTest runs it for NEO_FUZZ_SECONDS over its seed corpus. In every other build the same harness is
# linked with a small driver that replays the seed corpus and the saved crash inputs, so a fixed crash stays
# fixed in ordinary CI.
#
# Layout per package: fuzz/<name>.cpp, fuzz/corpus/<name>/ (seeds), fuzz/regressions/<name>/ (crash inputs).
include_guard(GLOBAL)

option(NEO_BUILD_FUZZERS "Build libFuzzer harnesses (requires clang)" OFF)
set(NEO_FUZZ_SECONDS 30 CACHE STRING "How long CTest runs each fuzzer in a fuzzing build")

if(NEO_BUILD_FUZZERS AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "NEO_BUILD_FUZZERS needs clang (libFuzzer): configure with the `fuzz` preset")
endif()
if(NEO_BUILD_FUZZERS)
  # Coverage instrumentation for everything in this build, so the fuzzer sees inside the libraries.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# neo_add_fuzzer(<name> SOURCE <file> LIBRARIES <libs...>)
function(neo_add_fuzzer name)
  cmake_parse_arguments(ARG "" "SOURCE" "LIBRARIES" ${ARGN})
  set(corpus "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/${name}")
  set(regressions "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/regressions/${name}")
  set(inputs "")
  foreach(dir IN ITEMS "${corpus}" "${regressions}")
    if(IS_DIRECTORY "${dir}")
      list(APPEND inputs "${dir}")
    endif()
  endforeach()

  if(NEO_BUILD_FUZZERS)
    add_executable(${name} "${ARG_SOURCE}")
    target_link_libraries(${name} PRIVATE ${ARG_LIBRARIES})
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    set(work "${CMAKE_CURRENT_BINARY_DIR}/${name}-corpus")
    add_test(NAME fuzz-${name}
      COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1
              $<TARGET_FILE:${name}> -max_total_time=${NEO_FUZZ_SECONDS} -timeout=10 -rss_limit_mb=4096
              "-artifact_prefix=${CMAKE_CURRENT_BINARY_DIR}/${name}-" "${work}" ${inputs})
    file(MAKE_DIRECTORY "${work}")
    set_tests_properties(fuzz-${name} PROPERTIES LABELS fuzz TIMEOUT 900)
  else()
    add_executable(${name}-replay "${ARG_SOURCE}" "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/fuzz/replay_main.cpp")
    target_link_libraries(${name}-replay PRIVATE ${ARG_LIBRARIES})
    neo_target_warnings(${name}-replay)
    if(inputs)
      add_test(NAME fuzz-replay-${name} COMMAND ${name}-replay ${inputs})
      set_tests_properties(fuzz-replay-${name} PROPERTIES LABELS fuzz-replay)
    endif()
  endif()
endfunction()
