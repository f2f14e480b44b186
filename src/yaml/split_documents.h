// Splitting a stream into document texts the way k8s.io/apimachinery's YAMLReader does.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace sidecarctl::yaml {

// The text of one document and where it starts.
struct DocumentText {
  std::string text;     // lines as YAMLReader returns them: each ends in "\n", "\r\n" became "\n"
  int first_line = 1;   // 1-based source line of the text's first line
  std::size_t offset = 0;  // the bytes of those lines in the stream, as written: [offset, offset + size)
  std::size_t size = 0;
};

// Splits `stream` at separator lines: lines starting with "---" whose rest is blank or a comment.
// A separator with nothing collected before it ends no document (so a leading "---" and "---"
// pairs yield nothing); a document of blank or comment lines is kept. Any other text after "---"
// is an error, as in apimachinery ("invalid Yaml document separator: ...").
Result<std::vector<DocumentText>> split_documents(std::string_view stream, const std::string& source);

// split_documents over a stream given a piece at a time (a file read in chunks): each document goes
// to the visitor as soon as the line that ends it has been fed, so only one is held.
class DocumentSplitter {
 public:
  using Visitor = std::function<Result<void>(DocumentText&& document)>;

  // `keep_text` false keeps no text (the documents come with empty texts): for counting them and
  // checking the separators without holding anything.
  DocumentSplitter(std::string source, bool keep_text);

  // The stream's next bytes; a bad separator among them is an error (and the visitor's errors pass
  // through).
  Result<void> feed(std::string_view bytes, const Visitor& visit);

  // The end of the stream: its last line (when it has no final newline) and last document.
  Result<void> finish(const Visitor& visit);

 private:
  // Where the run of whole lines from `pos` in `bytes` ends that add_line would only append: no
  // separator line, no line ending in "\r\n" (just past the run's last '\n'; `pos` when none).
  static std::size_t plain_lines_end(std::string_view bytes, std::size_t pos);
  // Such a run, appended at once (what add_line does line by line).
  void add_plain_lines(std::string_view lines);
  Result<void> add_line(std::string_view line, std::size_t next_offset, const Visitor& visit);

  std::string source_;
  bool keep_text_;
  std::string partial_;     // the start of a line whose end has not been fed yet
  std::size_t offset_ = 0;  // where that line starts in the stream
  int line_no_ = 0;
  bool started_ = false;    // a document has begun (`current_` holds at least one line)
  DocumentText current_;
};

}  // namespace sidecarctl::yaml
