// apimachinery's YAMLReader reads lines with bufio.ReadLine (dropping "\n" or "\r\n"), appends
// "\n" to each, and cuts at separator lines that end a non-empty document. This reproduces its
// output byte for byte.
#include "yaml/split_documents.h"

#include <algorithm>

namespace sidecarctl::yaml {
namespace {

bool is_go_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_go_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_go_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

DocumentSplitter::DocumentSplitter(std::string source, bool keep_text)
    : source_(std::move(source)), keep_text_(keep_text) {}

Result<void> DocumentSplitter::feed(std::string_view bytes, const Visitor& visit) {
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    if (partial_.empty()) {
      if (std::size_t end = plain_lines_end(bytes, pos); end > pos) {
        add_plain_lines(bytes.substr(pos, end - pos));
        pos = end;
        continue;
      }
    }
    std::size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) {
      partial_.append(bytes.substr(pos));
      break;
    }
    std::string_view line = bytes.substr(pos, nl - pos);
    if (!partial_.empty()) {
      partial_.append(line);
      line = partial_;
    }
    const std::size_t next = offset_ + line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // bufio.ReadLine drops "\r\n"
    TRY(add_line(line, next, visit));
    offset_ = next;
    partial_.clear();
    pos = nl + 1;
  }
  return {};
}

Result<void> DocumentSplitter::finish(const Visitor& visit) {
  if (!partial_.empty()) {  // a last line without "\n" keeps a "\r" it ends with
    const std::size_t next = offset_ + partial_.size();
    TRY(add_line(partial_, next, visit));
    offset_ = next;
    partial_.clear();
  }
  if (!started_) return {};
  started_ = false;
  return visit(std::move(current_));
}

std::size_t DocumentSplitter::plain_lines_end(std::string_view bytes, std::size_t pos) {
  if (bytes.compare(pos, 3, "---") == 0) return pos;
  std::size_t limit = bytes.size();
  if (std::size_t separator = bytes.find("\n---", pos); separator != std::string_view::npos)
    limit = separator + 1;
  if (std::size_t crlf = bytes.substr(0, limit).find("\r\n", pos); crlf != std::string_view::npos)
    limit = crlf;
  std::size_t last_newline = bytes.substr(0, limit).rfind('\n');
  return last_newline == std::string_view::npos || last_newline < pos ? pos : last_newline + 1;
}

void DocumentSplitter::add_plain_lines(std::string_view lines) {
  if (!started_) {
    started_ = true;
    current_.first_line = line_no_ + 1;
    current_.offset = offset_;
  }
  line_no_ += static_cast<int>(std::count(lines.begin(), lines.end(), '\n'));
  offset_ += lines.size();
  current_.size = offset_ - current_.offset;
  if (keep_text_) current_.text.append(lines);
}

Result<void> DocumentSplitter::add_line(std::string_view line, std::size_t next_offset, const Visitor& visit) {
  ++line_no_;
  if (line.substr(0, 3) == "---") {
    std::string_view rest = trim(line.substr(3));
    if (!rest.empty() && rest[0] != '#') {
      return make_error(ErrorKind::kInvalidInput, "invalid Yaml document separator: " + std::string(rest),
                        SourceLoc{source_, -1, line_no_, 1});
    }
    if (started_) {
      started_ = false;
      TRY(visit(std::move(current_)));
      current_ = DocumentText{};
      current_.first_line = line_no_ + 1;
      return {};
    }
    // A separator that opens a document (the stream's first line, or one right after another
    // separator) is not a cut: YAMLReader keeps it as the document's first line, so istioctl
    // copies it into the output with a document it passes through.
  }
  if (!started_) {
    started_ = true;
    current_.first_line = line_no_;
    current_.offset = offset_;
  }
  current_.size = next_offset - current_.offset;
  if (keep_text_) {
    current_.text.append(line);
    current_.text.push_back('\n');
  }
  return {};
}

Result<std::vector<DocumentText>> split_documents(std::string_view stream, const std::string& source) {
  std::vector<DocumentText> docs;
  DocumentSplitter splitter(source, true);
  auto keep = [&](DocumentText&& doc) -> Result<void> {
    docs.push_back(std::move(doc));
    return {};
  };
  TRY(splitter.feed(stream, keep));
  TRY(splitter.finish(keep));
  return docs;
}

}  // namespace sidecarctl::yaml
