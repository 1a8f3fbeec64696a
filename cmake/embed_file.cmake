# Writes OUT: the bytes of IN as a NUL-terminated C string named SYMBOL.
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${hex}")
file(WRITE "${OUT}.tmp" "/* Generated from ${IN} by cmake/embed_file.cmake. Do not edit. */\n\
const char ${SYMBOL}[] = \"${escaped}\";\n")
file(RENAME "${OUT}.tmp" "${OUT}")
