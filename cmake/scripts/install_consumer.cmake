# Installs the build tree into a fresh prefix, then configures, builds and runs tests/install-consumer
# against it with find_package() — the way an outside project would use neo-zkvm — and builds two packages
# standalone.
set(prefix "${NEO_WORK_DIR}/prefix")
set(consumer_build "${NEO_WORK_DIR}/build")
file(REMOVE_RECURSE "${NEO_WORK_DIR}")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install "${NEO_BUILD_DIR}" --prefix "${prefix}")
run(${CMAKE_COMMAND} -S "${NEO_CONSUMER_SOURCE}" -B "${consumer_build}" -G "${NEO_GENERATOR}"
    "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build "${consumer_build}")
run("${consumer_build}/neo-install-consumer")

# The packages build on their own too: neo-vm-core from its folder alone, and neo-vm-guest against the
# installed NeoVmCore (find_package instead of the top-level build's target).
run(${CMAKE_COMMAND} -S "${NEO_SOURCE_DIR}/neo-vm-core" -B "${NEO_WORK_DIR}/standalone-core" -G "${NEO_GENERATOR}"
    -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build "${NEO_WORK_DIR}/standalone-core")
run(${CMAKE_COMMAND} -S "${NEO_SOURCE_DIR}/neo-vm-guest" -B "${NEO_WORK_DIR}/standalone-guest" -G "${NEO_GENERATOR}"
    "-DCMAKE_PREFIX_PATH=${prefix}" -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build "${NEO_WORK_DIR}/standalone-guest")
