// apimachinery's YAMLReader reads lines with bufio.ReadLine (dropping "\n" or "\r\n"), appends
// "\n" to each, and cuts at separator lines that end a non-empty document. This reproduces its
// output byte for byte.
#include "yaml/split_documents.h"

namespace sidecarctl::yaml {
namespace {

bool is_go_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_go_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_go_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::vector<DocumentText>> split_documents(std::string_view stream, const std::string& source) {
  std::vector<DocumentText> docs;
  DocumentText current;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < stream.size()) {
    std::size_t line_start = pos;
    std::size_t nl = stream.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? stream.size() : nl;
    std::string_view line = stream.substr(pos, end - pos);
    pos = nl == std::string_view::npos ? stream.size() : nl + 1;
    ++line_no;
    if (nl != std::string_view::npos && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.substr(0, 3) == "---") {
      std::string_view rest = trim(line.substr(3));
      if (!rest.empty() && rest[0] != '#') {
        return make_error(ErrorKind::kInvalidInput,
                          "invalid Yaml document separator: " + std::string(rest),
                          SourceLoc{source, -1, line_no, 1});
      }
      if (!current.text.empty()) {
        docs.push_back(std::move(current));
        current = DocumentText{};
        current.first_line = line_no + 1;
        continue;
      }
      // A separator that opens a document (the stream's first line, or one right after another
      // separator) is not a cut: YAMLReader keeps it as the document's first line, so istioctl
      // copies it into the output with a document it passes through.
    }
    if (current.text.empty()) {
      current.first_line = line_no;
      current.offset = line_start;
    }
    current.size = pos - current.offset;
    current.text.append(line);
    current.text.push_back('\n');
  }
  if (!current.text.empty()) docs.push_back(std::move(current));
  return docs;
}

}  // namespace sidecarctl::yaml
