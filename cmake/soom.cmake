# soom_unit_tests(<library> <test sources…>): one gtest executable per library,
# registered with ctest under the label "unit".
function(soom_unit_tests lib)
  if(NOT ARGN)
    return()
  endif()
  set(target ${lib}_tests)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE ${lib} GTest::gtest GTest::gmock GTest::gtest_main)
  # Tests that read files of the source tree use this, not __FILE__ (ccache's base_dir
  # makes __FILE__ relative to the build directory).
  target_compile_definitions(${target} PRIVATE SOOM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME unit.${lib} COMMAND ${target})
  set_tests_properties(unit.${lib} PROPERTIES LABELS "unit" TIMEOUT 300)
endfunction()

# Embeds text files into a generated C++ source as a table of (name, contents).
# soom_embed_files(<out.cpp> <function name> <files…>)
function(soom_embed_files out function_name)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DFUNCTION=${function_name} "-DFILES=${ARGN}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${ARGN} ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    COMMENT "Embedding ${function_name}"
    VERBATIM)
endfunction()

# soom_library(<name> <dir> [DEPS libs…]): a static library from <dir>/*.cpp, with
# <dir>/*_test.cpp as its unit tests. Sources are globbed so that adding a file
# needs no CMake edit.
function(soom_library name dir)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS;EXTRA_SOURCES" ${ARGN})
  file(GLOB_RECURSE all_sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  set(sources)
  set(tests)
  foreach(src IN LISTS all_sources)
    if(src MATCHES "_test\\.cpp$")
      list(APPEND tests ${src})
    else()
      list(APPEND sources ${src})
    endif()
  endforeach()
  add_library(${name} STATIC ${sources} ${ARG_EXTRA_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  soom_unit_tests(${name} ${tests})
endfunction()
