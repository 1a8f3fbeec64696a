# Compiles PROBE (a file including <sqlite3.h>) with the include directories INCLUDES of a
# layer above the store, and passes only when it fails on the store's #error (any other
# failure, a missing compiler say, proves nothing and fails the test).
# Usage: cmake -DCC=... -DINCLUDES=a;b -DPROBE=file.c -P expect_no_sqlite.cmake
set(flags "")
foreach(dir IN LISTS INCLUDES)
  list(APPEND flags "-I${dir}")
endforeach()
execute_process(COMMAND "${CC}" ${flags} -fsyntax-only "${PROBE}"
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(status EQUAL 0)
  message(FATAL_ERROR "sqlite3.h compiled with ${INCLUDES}: the layer can speak SQL")
endif()
if(NOT out MATCHES "the store is opaque")
  message(FATAL_ERROR "the probe failed, but not on the store's #error:\n${out}")
endif()
message(STATUS "refused as it should be: sqlite3.h with ${INCLUDES}")
