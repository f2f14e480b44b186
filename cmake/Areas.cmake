# Compiler warnings, sanitizers, and the helper that turns a src/<area> folder into a library
# plus a unit-test binary registered with CTest.

set(SIDECARCTL_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference -Wdouble-promotion -Wformat=2
    -Wimplicit-fallthrough)
# GCC 12's optimiser reports std::string copies it inlined as overlapping memcpy (GCC bug 105651) and
# null dereferences on paths through inlined std::function and shared_ptr code that cannot run: both
# only in optimised builds, and only false positives there. Debug builds (the tests, with -Werror) keep
# both warnings.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND SIDECARCTL_WARNINGS $<$<NOT:$<CONFIG:Debug>>:-Wno-restrict> $<$<NOT:$<CONFIG:Debug>>:-Wno-null-dereference>)
endif()
if(SIDECARCTL_WERROR)
  list(APPEND SIDECARCTL_WARNINGS -Werror)
endif()

option(SIDECARCTL_FUZZ "Build the libFuzzer targets (*_fuzz.cc; needs clang)" OFF)
# Long campaigns trade AddressSanitizer for speed (about 3x more executions per second): leaks are
# still caught by LeakSanitizer and undefined behaviour traps; scripts/fuzz --campaign then replays
# the corpus it grew through the AddressSanitizer build.
option(SIDECARCTL_FUZZ_CAMPAIGN "With SIDECARCTL_FUZZ: LeakSanitizer and trapping UBSan instead of ASan" OFF)
if(SIDECARCTL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SIDECARCTL_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize-coverage-ignorelist=${PROJECT_SOURCE_DIR}/cmake/fuzz_coverage_ignorelist.txt)
  if(SIDECARCTL_FUZZ_CAMPAIGN)
    add_compile_options(-fsanitize=fuzzer-no-link,leak,undefined -fsanitize-trap=undefined -fno-omit-frame-pointer)
    add_link_options(-fsanitize=leak,undefined -fsanitize-trap=undefined)
  else()
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
  endif()
elseif(SIDECARCTL_SANITIZE AND SIDECARCTL_SANITIZE_THREAD)
  message(FATAL_ERROR "SIDECARCTL_SANITIZE and SIDECARCTL_SANITIZE_THREAD exclude each other: use two build folders")
elseif(SIDECARCTL_SANITIZE_THREAD)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(SIDECARCTL_SANITIZE)
  # GCC's "undefined" leaves out float-cast-overflow (a double outside an integer's range cast to it).
  add_compile_options(-fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined,float-cast-overflow)
endif()

# sidecarctl_area(NAME DEPS <areas...> LIBS <imported targets...> [EXCLUDE <files...>])
# Builds sidecarctl_<NAME> from src/<NAME>/*.cc (except *_test.cc, *_fuzz.cc and the EXCLUDE file
# names, which the area's CMakeLists builds into a library of their own) and, with tests on,
# <NAME>_test from src/<NAME>/*_test.cc.
function(sidecarctl_area name)
  cmake_parse_arguments(AREA "" "" "DEPS;LIBS;EXCLUDE" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  list(FILTER sources EXCLUDE REGEX "_(test|fuzz)\\.cc$")
  list(FILTER sources EXCLUDE REGEX "/test_main\\.cc$")
  foreach(excluded ${AREA_EXCLUDE})
    list(REMOVE_ITEM sources ${CMAKE_CURRENT_SOURCE_DIR}/${excluded})
  endforeach()
  if(NOT sources)
    return()  # an area whose first file has not landed yet
  endif()
  set(deps)
  foreach(dep ${AREA_DEPS})
    list(APPEND deps sidecarctl_${dep})
  endforeach()
  add_library(sidecarctl_${name} STATIC ${sources})
  target_include_directories(sidecarctl_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(sidecarctl_${name} PRIVATE ${SIDECARCTL_WARNINGS})
  target_link_libraries(sidecarctl_${name} PUBLIC ${deps} ${AREA_LIBS})
  if(SIDECARCTL_FUZZ)
    file(GLOB fuzzers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_fuzz.cc)
    foreach(fuzzer ${fuzzers})
      get_filename_component(fuzz_name ${fuzzer} NAME_WE)
      add_executable(${fuzz_name} ${fuzzer})
      target_link_libraries(${fuzz_name} PRIVATE sidecarctl_${name})
      target_link_options(${fuzz_name} PRIVATE -fsanitize=fuzzer)
      set_target_properties(${fuzz_name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
    endforeach()
  endif()
  if(SIDECARCTL_TESTS AND tests)
    add_executable(${name}_test ${tests})
    target_compile_options(${name}_test PRIVATE ${SIDECARCTL_WARNINGS})
    target_link_libraries(${name}_test PRIVATE sidecarctl_${name} sidecarctl_test_main doctest::doctest)
    # Relative to the working directory CTest gives them (the source tree), so the compile commands
    # are the same in every clone and ccache's entries serve a fresh clone too.
    target_compile_definitions(${name}_test PRIVATE
      SIDECARCTL_SOURCE_DIR="."
      SIDECARCTL_CONFORMANCE_DIR="../shared/conformance")
    add_test(NAME unit.${name} COMMAND ${name}_test WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  endif()
endfunction()
