# `format` rewrites the C++ sources with clang-format (style: .clang-format); `format-check` fails when any
# file differs from its formatted form (CI-friendly, changes nothing). Globs are re-evaluated at build time
# (CONFIGURE_DEPENDS), so new files are picked up without a manual re-configure.
find_program(CLANG_FORMAT_EXE NAMES clang-format clang-format-14)
file(GLOB_RECURSE PEREGRINE_FORMAT_SOURCES CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/engine/*.cpp ${CMAKE_SOURCE_DIR}/engine/*.h
     ${CMAKE_SOURCE_DIR}/app/*.cpp ${CMAKE_SOURCE_DIR}/app/*.h
     ${CMAKE_SOURCE_DIR}/tests/*.cpp ${CMAKE_SOURCE_DIR}/tests/*.h
     ${CMAKE_SOURCE_DIR}/bench/*.cpp ${CMAKE_SOURCE_DIR}/bench/*.h)
if(CLANG_FORMAT_EXE)
  add_custom_target(format COMMAND ${CLANG_FORMAT_EXE} -i ${PEREGRINE_FORMAT_SOURCES}
                    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} COMMENT "clang-format -i" VERBATIM)
  add_custom_target(format-check COMMAND ${CLANG_FORMAT_EXE} --dry-run --Werror ${PEREGRINE_FORMAT_SOURCES}
                    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} COMMENT "clang-format --dry-run --Werror" VERBATIM)
else()
  foreach(target format format-check)
    add_custom_target(${target} COMMAND ${CMAKE_COMMAND} -E echo "clang-format not found: run scripts/setup.sh --deps"
                      COMMAND ${CMAKE_COMMAND} -E false VERBATIM)
  endforeach()
endif()
