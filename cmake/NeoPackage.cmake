# neo_add_package_library(): one static library per package, exported as neo::<export_name>, with an
# installed CMake package config so an outside project can find_package() it after `cmake --install`.
include_guard(GLOBAL)
include(CMakePackageConfigHelpers)



# neo_add_package_library(<target> EXPORT_NAME <name> [PORTABLE] SOURCES <files...> [DEPENDS <targets...>])
function(neo_add_package_library target)
  cmake_parse_arguments(ARG "PORTABLE" "EXPORT_NAME" "SOURCES;DEPENDS" ${ARGN})
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(neo::${ARG_EXPORT_NAME} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${ARG_EXPORT_NAME})
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(${target} PUBLIC cxx_std_20)
  if(ARG_DEPENDS)
    target_link_libraries(${target} PUBLIC ${ARG_DEPENDS})
  endif()
  neo_target_warnings(${target})
  if(ARG_PORTABLE)
    neo_target_portable(${target})
  endif()
  if(NEO_SANITIZE AND NOT NEO_GUEST_TARGET)
    # A sanitized static library needs the sanitizer runtimes wherever it is linked: say so in the installed
    # package too (in this build, add_link_options of NeoCommon already covers every executable).
    target_link_options(${target} INTERFACE $<INSTALL_INTERFACE:-fsanitize=address,undefined>)
  endif()
endfunction()

# neo_install_package(<PackageName> TARGETS <targets...> [FIND_DEPENDENCIES <packages...>] [CONFIG_CODE <code>])
# Installs the targets, the headers of include/, and <PackageName>Config.cmake + ConfigVersion.cmake.
# FIND_DEPENDENCIES are find_dependency() arguments, one package per entry, e.g. "NeoVmCore". CONFIG_CODE is
# CMake code the config runs first (e.g. pkg-config imports of private link dependencies of a static library).
function(neo_install_package package)
  cmake_parse_arguments(ARG "" "CONFIG_CODE" "TARGETS;FIND_DEPENDENCIES" ${ARGN})
  install(TARGETS ${ARG_TARGETS} EXPORT ${package}Targets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/include")
    install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  endif()
  set(config_dir "${CMAKE_INSTALL_LIBDIR}/cmake/${package}")
  install(EXPORT ${package}Targets NAMESPACE neo:: DESTINATION ${config_dir})

  set(NEO_PACKAGE ${package})
  set(NEO_FIND_DEPENDENCIES "${ARG_CONFIG_CODE}\n")
  foreach(dep IN LISTS ARG_FIND_DEPENDENCIES)
    string(APPEND NEO_FIND_DEPENDENCIES "find_dependency(${dep})\n")
  endforeach()
  configure_package_config_file("${CMAKE_CURRENT_FUNCTION_LIST_DIR}/NeoPackageConfig.cmake.in"
    "${CMAKE_CURRENT_BINARY_DIR}/${package}Config.cmake"
    INSTALL_DESTINATION ${config_dir})
  write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/${package}ConfigVersion.cmake"
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
  install(FILES "${CMAKE_CURRENT_BINARY_DIR}/${package}Config.cmake"
                "${CMAKE_CURRENT_BINARY_DIR}/${package}ConfigVersion.cmake"
          DESTINATION ${config_dir})
endfunction()
