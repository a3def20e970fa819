# Writes OUT: std::vector<std::pair<std::string, std::string>> FUNCTION() with the
# base name and contents of each file in FILES (a ;-list). Contents are emitted as
# raw string literals split into chunks to stay under compiler literal limits.
set(body "#include <string>\n#include <utility>\n#include <vector>\n\nnamespace soom::embedded {\n")
string(APPEND body "std::vector<std::pair<std::string, std::string>> ${FUNCTION}() {\n  std::vector<std::pair<std::string, std::string>> out;\n")
foreach(file IN LISTS FILES)
  get_filename_component(name ${file} NAME)
  file(READ ${file} content HEX)
  string(APPEND body "  {\n    static const unsigned char kData[] = {")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
  string(APPEND body "${bytes}")
  string(APPEND body "0};\n    out.emplace_back(\"${name}\", std::string(reinterpret_cast<const char*>(kData), sizeof(kData) - 1));\n  }\n")
endforeach()
string(APPEND body "  return out;\n}\n}  // namespace soom::embedded\n")
file(WRITE ${OUT} "${body}")
