# neo_add_command_test(<name> EXIT <code> [OUTPUT <regex>] [FRESH_DIR <dir>] COMMAND <cmd> <args...>)
# Registers a CTest test that runs a command and checks its exact exit status and, optionally, that its
# combined stdout/stderr matches a regular expression. (CTest alone can only tell zero from non-zero.)
include_guard(GLOBAL)

function(neo_add_command_test name)
  cmake_parse_arguments(ARG "" "EXIT;OUTPUT;FRESH_DIR" "COMMAND" ${ARGN})
  add_test(NAME ${name}
    COMMAND ${CMAKE_COMMAND} "-DNEO_EXPECT_EXIT=${ARG_EXIT}" "-DNEO_EXPECT_OUTPUT=${ARG_OUTPUT}"
            "-DNEO_FRESH_DIR=${ARG_FRESH_DIR}"
            -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/scripts/expect_command.cmake" -- ${ARG_COMMAND})
endfunction()
