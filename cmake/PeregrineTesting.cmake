# peregrine_add_gtest(NAME name SOURCES a.cpp ... [LIBS ...] [LABELS unit ...] [ENV "K=V" ...])
# One gtest executable registered as one ctest test (labels default to "unit").
find_package(GTest REQUIRED)
function(peregrine_add_gtest)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE peregrine_engine GTest::gtest GTest::gtest_main ${T_LIBS})
  target_compile_definitions(${T_NAME} PRIVATE
    PEREGRINE_CONFORMANCE_DIR="${PEREGRINE_CONFORMANCE_DIR}"
    PEREGRINE_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT 600)
  if(T_ENV)
    set_tests_properties(${T_NAME} PROPERTIES ENVIRONMENT "${T_ENV}")
  endif()
endfunction()
