// Reading analyze's inputs (see input.h).
#include "analyze/input.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <deque>
#include <iterator>
#include <optional>

#include "analyze/kinds.h"
#include "analyze/proto_decode.h"
#include "base/file_io.h"
#include "base/ordered_workers.h"
#include "kube/typed_object.h"
#include "yaml/build_value.h"
#include "yaml/released_text.h"
#include "yaml/visit.h"

namespace sidecarctl::analyze {

namespace {

using Json = nlohmann::json;

std::string json_type(const Json& value) {
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  if (value.is_number()) return "a number";
  if (value.is_array()) return "a list";
  return "a mapping";
}

// Why istioctl's file source refuses a document (the chunk is reported and skipped), or "" when it
// reads it: not a mapping; apiVersion or kind not strings; neither of them set; a List without a
// list of items, or with an item refused for one of these reasons (the whole List is refused, as
// istioctl does when it says so; it also drops a List silently at an item of a kind it does not
// read from files, which sidecarctl does not copy: tests/differential/DIFFERENCES.md).
std::string unreadable(const Json& value, const char* what = "the document") {
  if (!value.is_object()) return fmt::format("{} is {}, not a Kubernetes object (a mapping)", what, json_type(value));
  const Json* api_version = nullptr;
  const Json* kind = nullptr;
  if (auto it = value.find("apiVersion"); it != value.end() && !it->is_null()) api_version = &*it;
  if (auto it = value.find("kind"); it != value.end() && !it->is_null()) kind = &*it;
  for (const Json* field : {api_version, kind}) {
    if (field != nullptr && !field->is_string()) {
      return fmt::format("{} is {}, not a string", field == kind ? "kind" : "apiVersion", json_type(*field));
    }
  }
  bool no_version = api_version == nullptr || api_version->get_ref<const std::string&>().empty();
  bool no_kind = kind == nullptr || kind->get_ref<const std::string&>().empty();
  if (no_version && no_kind) return "no apiVersion and kind: not a Kubernetes object";
  if (!no_kind && kind->get_ref<const std::string&>() == "List") {
    auto items = value.find("items");
    if (items == value.end() || !items->is_array()) return "a List needs a list of items";
    for (std::size_t i = 0; i < items->size(); ++i) {
      const Json& item = (*items)[i];
      if (item.is_null()) continue;
      if (std::string why = unreadable(item, "the item"); !why.empty()) return fmt::format("List item {}: {}", i, why);
    }
  }
  return "";
}

// Decodes the spec of an Istio resource at `prefix` in `d` (the document, or an item of a List)
// in place, as istioctl decodes it; the error names where it failed.
std::optional<Error> decode_spec(yaml::Document& d, Json& object, const std::string& prefix) {
  auto info = classify(str(object, "apiVersion"), str(object, "kind"));
  if (!info) return std::nullopt;
  auto failure = decode_istio_spec(info->id, object);
  if (!failure) return std::nullopt;
  std::string at = prefix + failure->pointer;
  yaml::record_positions(d, manifest_load_options());
  return Error{ErrorKind::kInvalidInput, "decoding " + info->display + " at " + at + ": " + failure->message,
               d.loc(at)};
}

// A List fails as a whole when one of its items does not decode, as istioctl reads it (only `List`
// expands in a file; other `<Kind>List` documents are unknown kinds).
std::optional<Error> decode_specs(yaml::Document& d) {
  Json& value = d.value;
  if (!value.is_object()) return std::nullopt;
  std::string k = str(value, "kind");
  if (k == "List" && field(value, "items").is_array()) {
    Json& items = value["items"];
    for (std::size_t i = 0; i < items.size(); ++i)
      if (auto err = decode_spec(d, items[i], "/items/" + std::to_string(i))) return err;
    return std::nullopt;
  }
  return decode_spec(d, value, "");
}

// What one input (a file, or standard input) gives: kept only when all of it parses.
struct FileInputs {
  std::deque<yaml::Document> documents;  // no spare capacity while the input is read
  std::vector<Error> errors;
  std::vector<std::string> warnings;
  std::optional<Error> failure;  // the first error reading or parsing it (by input order): its only error
};

// What one document gives its input: itself, or the error that leaves it out; its warnings.
struct DocumentOutcome {
  std::optional<yaml::Document> kept;
  std::optional<Error> error;
  std::vector<std::string> warnings;
};

// Checks a document as istioctl reads it and keeps it, or the error that leaves it out.
// `rereadable`: the source is a regular file, so the text is let go of once read (released_text.h)
// and read back only if a message needs the document's lines.
void check_document(DocumentOutcome& out, yaml::Document&& d, bool rereadable) {
  out.warnings = std::move(d.warnings);
  if (!d.value.is_null()) {
    if (std::string why = unreadable(d.value); !why.empty()) {
      yaml::record_positions(d, manifest_load_options());
      out.error = make_error(ErrorKind::kInvalidInput, why + " (skipped)", d.loc());
      return;
    }
  }
  // A workload istioctl could not decode into its Go type (`containers: 5`) is a parse error
  // of its file, not a resource to analyze.
  if (!kube::typed_root_name(d.value).empty()) {
    if (auto typed = kube::check_typed(d.value, &d); !typed.has_value()) {
      // Checked again with positions, for the error's line:col; it fails the same way.
      yaml::record_positions(d, manifest_load_options());
      auto located = kube::check_typed(d.value, &d);
      out.error = located.has_value() ? typed.error() : located.error();
      return;
    }
  }
  if (auto err = decode_specs(d)) {
    out.error = std::move(*err);
    return;
  }
  if (rereadable) {
    yaml::release_text(d);
  } else {
    d.text.shrink_to_fit();  // read line by line, its buffer grew by doubling
  }
  out.kept = std::move(d);
}

// A document on its way from the input's text to its input's FileInputs.
struct PendingDocument {
  yaml::Document doc;
  std::size_t input = 0;  // which of the inputs read
  bool rereadable = false;
  Result<void> parsed;
  DocumentOutcome outcome;
};

// Parses and checks a document (in a worker thread with --jobs).
void prepare(PendingDocument& pending) {
  pending.parsed = yaml::parse_document(pending.doc, manifest_load_options());
  if (pending.parsed) check_document(pending.outcome, std::move(pending.doc), pending.rereadable);
}

// Documents handed to a worker at once: enough text that handing them over costs little next to
// parsing them.
using Batch = std::vector<PendingDocument>;
constexpr std::size_t kBatchBytes = 64 * 1024;

void prepare_batch(Batch& batch) {
  for (PendingDocument& pending : batch) prepare(pending);
}

// Reads inputs one after the other, their documents parsed and checked by `jobs` worker threads
// (by the calling thread with one job) and gathered in input order: the same Inputs for any number.
class InputReader {
 public:
  explicit InputReader(int jobs)
      : jobs_(jobs), workers_(jobs, 4 * static_cast<std::size_t>(jobs), prepare_batch) {}

  // Reads one input (a file a document at a time, or standard input's text).
  void read(const std::string& source, std::string_view stdin_text) {
    const std::size_t input = files_.size();
    files_.emplace_back();
    const bool from_stdin = source == "-";
    struct stat st {};
    const bool rereadable = !from_stdin && ::stat(source.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    auto hand_on = [&](yaml::Document&& d) -> Result<void> {
      // A document of this input failed to parse: the rest of it is not read.
      if (const auto& failure = files_[input].failure) return *failure;
      PendingDocument pending;
      pending.doc = std::move(d);
      pending.input = input;
      pending.rereadable = rereadable;
      if (jobs_ <= 1) {
        prepare(pending);
        gather(std::move(pending));
        return {};
      }
      batch_bytes_ += pending.doc.text.size();
      batch_.push_back(std::move(pending));
      if (batch_bytes_ >= kBatchBytes) submit_batch();
      return {};
    };
    auto read = from_stdin ? yaml::visit_stream_documents(stdin_text, source, hand_on)
                           : yaml::visit_input_documents({source}, false, {}, hand_on);
    if (!read.has_value()) {
      // A parse error of a document read before the reading failed comes first, as one thread
      // would have stopped there: wait for every document in flight.
      drain();
      if (!files_[input].failure) fail(files_[input], std::move(read.error()));
    }
  }

  // An input that could not even be listed (a missing path): its error, in its place.
  void unreadable(Error error) { fail(files_.emplace_back(), std::move(error)); }

  // Every input read, in order: an input that did not read or parse whole gives its first error only.
  Inputs finish() {
    drain();
    Inputs in;
    for (FileInputs& file : files_) {
      if (file.failure) {
        in.errors.push_back(std::move(*file.failure));
        continue;
      }
      // Every document is kept to the end of the run: little spare capacity in the list (exact for
      // one file, a quarter more at most over many).
      const std::size_t needed = in.documents.size() + file.documents.size();
      if (in.documents.capacity() < needed)
        in.documents.reserve(std::max(needed, in.documents.capacity() + in.documents.capacity() / 4));
      for (; !file.documents.empty(); file.documents.pop_front())
        in.documents.push_back(std::move(file.documents.front()));
      std::move(file.errors.begin(), file.errors.end(), std::back_inserter(in.errors));
      std::move(file.warnings.begin(), file.warnings.end(), std::back_inserter(in.warnings));
      file = FileInputs{};
    }
    return in;
  }

 private:
  // A document's outcome into its input, unless an earlier document of that input failed to parse
  // (one thread would have stopped reading the input there).
  void gather(PendingDocument&& pending) {
    FileInputs& file = files_[pending.input];
    if (file.failure) return;
    if (!pending.parsed) {
      fail(file, std::move(pending.parsed.error()));
      return;
    }
    DocumentOutcome& outcome = pending.outcome;
    std::move(outcome.warnings.begin(), outcome.warnings.end(), std::back_inserter(file.warnings));
    if (outcome.error) file.errors.push_back(std::move(*outcome.error));
    if (outcome.kept) file.documents.push_back(std::move(*outcome.kept));
  }

  // The input's error: what was gathered of it is let go of at once.
  static void fail(FileInputs& file, Error error) {
    file = FileInputs{};
    file.failure = std::move(error);
  }

  // Every document read so far, gathered.
  void drain() {
    if (!batch_.empty()) submit_batch();
    while (!workers_.empty()) gather_batch(workers_.take_oldest());
  }

  void gather_batch(Batch&& batch) {
    for (PendingDocument& pending : batch) gather(std::move(pending));
  }

  void submit_batch() {
    while (workers_.full()) gather_batch(workers_.take_oldest());
    workers_.add(std::move(batch_));
    batch_ = Batch();
    batch_bytes_ = 0;
  }

  const int jobs_;
  std::deque<FileInputs> files_;  // one per input read, in order
  Batch batch_;                   // documents read and not yet handed to the workers
  std::size_t batch_bytes_ = 0;
  OrderedWorkers<Batch> workers_;
};
}  // namespace

yaml::LoadOptions manifest_load_options() {
  yaml::LoadOptions options;
  options.positions = false;
  options.duplicate_keys_last_wins = true;
  return options;
}

Inputs read_inputs(const std::vector<std::string>& paths, bool recursive, std::string_view stdin_text,
                   int jobs) {
  InputReader reader(jobs);
  for (const std::string& path : paths) {
    if (path == "-") {
      reader.read(path, stdin_text);
      continue;
    }
    auto files = list_input_files(path, recursive, {".yaml", ".yml", ".json"});
    if (!files.has_value()) {
      reader.unreadable(files.error());
      continue;
    }
    for (const std::string& file : *files) reader.read(file, stdin_text);
  }
  return reader.finish();
}

}  // namespace sidecarctl::analyze
