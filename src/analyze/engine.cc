#include "analyze/engine.h"

#include <algorithm>
#include <exception>
#include <functional>
#include <memory>
#include <span>

#include "analyze/input.h"
#include "analyze/kinds.h"
#include "analyze/proto_decode.h"
#include "base/file_io.h"
#include "base/parallel_for.h"
#include "yaml/build_value.h"

namespace sidecarctl::analyze {

namespace {

constexpr std::string_view kSuppressAnnotation = "galley.istio.io/analyze-suppress";

// The resources of an object (a List's items, one by one), appended to `out`. `doc` is null for
// objects read from a cluster. `value` is moved into them (documents are parsed once and not
// copied).
void make_resources(yaml::Document* doc, Json&& value, const std::string& prefix,
                    const std::string& default_namespace, std::vector<std::unique_ptr<Resource>>& out) {
  if (!value.is_object()) return;
  std::string api_version = str(value, "apiVersion");
  std::string k = str(value, "kind");
  // A file's List expands (istioctl's file source); from a cluster, `<Kind>List` answers do too.
  bool list_answer = doc == nullptr && k.size() > 4 && k.compare(k.size() - 4, 4, "List") == 0;
  if (k == "List" || (list_answer && field(value, "items").is_array())) {
    Json& items = value["items"];
    for (std::size_t i = 0; i < items.size(); ++i)
      make_resources(doc, std::move(items[i]), prefix + "/items/" + std::to_string(i), default_namespace,
                     out);
    return;
  }
  auto info = classify(api_version, k);
  if (!info) return;
  const Json& meta = field(value, "metadata");
  auto r = std::make_unique<Resource>();
  r->kind = info->id;
  r->display_kind = info->display;
  r->name = str(meta, "name");
  r->ns = info->cluster_scoped ? "" : str(meta, "namespace");
  if (r->ns.empty() && !info->cluster_scoped) r->ns = default_namespace;
  if (is_system_namespace(r->ns)) return;
  if (r->kind == kind::kNamespace && is_system_namespace(r->name)) return;
  r->labels = string_map(field(meta, "labels"));
  r->annotations = string_map(field(meta, "annotations"));
  r->set_value(std::move(value));
  r->doc = doc;
  r->pointer_prefix = prefix;
  out.push_back(std::move(r));
}

std::unique_ptr<Resource> synthetic(const std::string& k, const std::string& ns, const std::string& name,
                                    Json value) {
  auto r = std::make_unique<Resource>();
  r->kind = k;
  r->display_kind = k;
  r->ns = ns;
  r->name = name;
  r->set_value(std::move(value));
  r->labels = string_map(field(field(r->value, "metadata"), "labels"));
  r->annotations = string_map(field(field(r->value, "metadata"), "annotations"));
  return r;
}

bool suppressed(const Message& m, const std::vector<Suppression>& rules) {
  for (const Suppression& s : rules) {
    if ((s.code == "*" || s.code == m.type->code) && glob_match(s.glob, m.origin)) return true;
  }
  if (m.resource == nullptr) return false;
  auto it = m.resource->annotations.find(std::string(kSuppressAnnotation));
  if (it == m.resource->annotations.end()) return false;
  std::string_view list = it->second;
  while (!list.empty()) {
    auto comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == "*" || item == m.type->code) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

std::string comparator(const Message& m) {
  if (m.resource == nullptr) return "";
  return m.resource->display_kind + "/" + m.resource->name + "/" + m.resource->ns;
}

}  // namespace

Result<Suppression> parse_suppression(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    return make_error(ErrorKind::kUsage, "--suppress \"" + text + "\": expected CODE=RESOURCE (e.g. \"IST0102=Namespace frod\")");
  return Suppression{text.substr(0, eq), text.substr(eq + 1)};
}

bool glob_match(std::string_view p, std::string_view t) {
  std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == t[ti])) {
      ++pi;
      ++ti;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

void add_documents(std::vector<yaml::Document>& docs, Store& store, const std::string& default_namespace,
                   int jobs) {
  // The resources of a part of the documents at a time, made by `jobs` threads; added in order.
  const std::size_t parts =
      std::min<std::size_t>(docs.size(), static_cast<std::size_t>(std::max(jobs, 1)) * 8);
  std::vector<std::vector<std::unique_ptr<Resource>>> made(parts);
  parallel_for_ranges(docs.size(), parts, jobs, [&](std::size_t part, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      make_resources(&docs[i], std::move(docs[i].value), "", default_namespace, made[part]);
  });
  for (auto& resources : made)
    for (auto& r : resources) store.add(std::move(r));
}

void add_objects(std::vector<Json> objects, Store& store) {
  for (Json& object : objects) {
    // As read from files: the spec as Istio's decoder leaves it (the API server has validated the
    // types already; an object that still does not decode is analyzed as it is).
    if (auto info = classify(str(object, "apiVersion"), str(object, "kind")))
      decode_istio_spec(info->id, object);
    std::vector<std::unique_ptr<Resource>> resources;
    make_resources(nullptr, std::move(object), "", "", resources);
    for (auto& r : resources) store.add(std::move(r));
  }
}

std::string message_namespace(const Message& m) {
  if (m.resource == nullptr) return "";
  if (m.resource->kind == kind::kNamespace) return m.resource->name;
  return m.resource->ns;
}

void add_environment(const Json& mesh_config, const Json& mesh_networks, Store& store,
                     bool default_resources) {
  const std::string system_ns = "istio-system";
  store.add(synthetic(kind::kMeshConfig, system_ns, "meshconfig", mesh_config));
  store.add(synthetic(kind::kMeshNetworks, system_ns, "meshnetworks",
                      mesh_networks.is_object() ? mesh_networks : Json::object()));
  if (!default_resources || str(mesh_config, "ingressControllerMode") == "OFF") return;
  std::string svc = str(mesh_config, "ingressService");
  if (svc.empty()) svc = "istio-ingressgateway";
  Json ports = Json::array();
  for (auto [port, name] : std::initializer_list<std::pair<int, const char*>>{
           {80, "http2"}, {443, "https"}, {31400, "tcp"}, {15443, "tls"}})
    ports.push_back({{"name", name}, {"port", port}, {"targetPort", port}, {"protocol", "TCP"}});
  Json service = {{"apiVersion", "v1"},
                  {"kind", "Service"},
                  {"metadata", {{"name", svc}, {"namespace", system_ns}}},
                  {"spec", {{"ports", ports}, {"selector", {{"istio", "ingressgateway"}}}}}};
  Json pod = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata",
               {{"name", svc + "-dummypod"}, {"namespace", system_ns}, {"labels", {{"istio", "ingressgateway"}}}}},
              {"spec", {{"containers", Json::array({{{"name", "istio-proxy"}}})}}}};
  if (!store.exists(kind::kService, system_ns, svc))
    store.add(synthetic(kind::kService, system_ns, svc, std::move(service)));
  if (!store.exists(kind::kPod, system_ns, svc + "-dummypod"))
    store.add(synthetic(kind::kPod, system_ns, svc + "-dummypod", std::move(pod)));
}

namespace {

// Makes every message's reference, `jobs` threads at once. A reference records node positions in
// its document (a document's positions take more memory than its value), so the messages are
// grouped by document, a document's group made by one thread, and a document's positions are let
// go of once its messages have their references, unless it had them before. The groups go in
// document order, a run of them to a thread: a thread reading released texts back reads its file
// forward through one open file.
void make_references(std::vector<std::vector<Context::Reported>>& reported, int jobs) {
  std::vector<Context::Reported*> messages;
  for (auto& list : reported)
    for (Context::Reported& r : list) messages.push_back(&r);
  auto doc_of = [](const Context::Reported* r) { return r->message.resource->doc; };
  std::stable_sort(messages.begin(), messages.end(),
                   [&](const Context::Reported* a, const Context::Reported* b) {
                     return std::less<const yaml::Document*>{}(doc_of(a), doc_of(b));
                   });
  std::vector<std::size_t> group_starts;  // where each document's messages start in `messages`
  for (std::size_t i = 0; i < messages.size(); ++i)
    if (i == 0 || doc_of(messages[i]) != doc_of(messages[i - 1])) group_starts.push_back(i);
  group_starts.push_back(messages.size());
  const std::size_t groups = group_starts.size() - 1;
  const std::size_t parts = std::min<std::size_t>(groups, static_cast<std::size_t>(std::max(jobs, 1)) * 8);
  parallel_for_ranges(groups, parts, jobs, [&](std::size_t, std::size_t begin, std::size_t end) {
    FileRangeReader files;
    for (std::size_t group = begin; group < end; ++group) {
      const std::span<Context::Reported*> of_doc(messages.data() + group_starts[group],
                                                 group_starts[group + 1] - group_starts[group]);
      yaml::Document* doc = doc_of(of_doc.front());
      const bool had_positions = doc != nullptr && !doc->positions.empty();
      if (doc != nullptr && !had_positions) {  // the positions of the nodes these references read
        std::vector<std::string> wanted;
        for (const Context::Reported* r : of_doc) r->message.resource->reference_pointers(r->field, wanted);
        if (!wanted.empty()) yaml::record_positions(*doc, manifest_load_options(), &wanted, &files);
      }
      for (Context::Reported* r : of_doc) r->message.reference = r->message.resource->reference(r->field);
      if (doc != nullptr && !had_positions) doc->positions = yaml::PositionMap();
    }
  });
}

// Every analyzer's messages, in analyzer order and each analyzer's report order: what running them
// one after the other gives, however many threads (`jobs`) take analyzers from the list. The store
// and mesh config are only read meanwhile; references, which record node positions in the
// documents, are made afterwards. An analyzer's exception is rethrown here, the first by analyzer
// order, as one thread would have thrown it.
std::vector<Message> analyzer_messages(const Store& store, const std::vector<const Analyzer*>& analyzers,
                                       const Json& mesh_config, int jobs) {
  std::vector<std::vector<Context::Reported>> reported(analyzers.size());
  // The analyzers reading the most resources start first, so that no long one is left to run alone.
  std::vector<std::size_t> order(analyzers.size());
  std::vector<std::size_t> reads(analyzers.size());
  for (std::size_t i = 0; i < analyzers.size(); ++i) {
    order[i] = i;
    for (const std::string& k : analyzers[i]->inputs()) reads[i] += store.of(k).size();
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return reads[a] > reads[b]; });
  std::vector<std::exception_ptr> failures(analyzers.size());
  parallel_for(order.size(), jobs, [&](std::size_t n) {
    const std::size_t i = order[n];
    Context ctx(store, mesh_config);
    try {
      analyzers[i]->analyze(ctx);
    } catch (...) {
      failures[i] = std::current_exception();
    }
    reported[i] = std::move(ctx.reported());
  });
  for (const std::exception_ptr& failure : failures)
    if (failure) std::rethrow_exception(failure);
  make_references(reported, jobs);
  std::vector<Message> messages;
  for (auto& list : reported)
    for (Context::Reported& r : list) messages.push_back(std::move(r.message));
  return messages;
}

}  // namespace

std::vector<const Analyzer*> select_analyzers(const std::vector<std::string>& names) {
  std::vector<const Analyzer*> chosen;
  for (const AnalyzerEntry& e : all_analyzers()) {
    if (std::find(names.begin(), names.end(), std::string(e.analyzer->name())) != names.end())
      chosen.push_back(e.analyzer.get());
  }
  if (!chosen.empty()) return chosen;
  for (const AnalyzerEntry& e : all_analyzers())
    if (e.registered) chosen.push_back(e.analyzer.get());
  return chosen;
}

std::vector<Message> run_analyzers(const Store& store, const std::vector<const Analyzer*>& analyzers,
                                   const Json& mesh_config, const std::vector<Suppression>& suppressions,
                                   int jobs) {
  std::vector<Message> messages = analyzer_messages(store, analyzers, mesh_config, jobs);
  // Each kept message with its resource's sort key, made once rather than in every comparison.
  struct Keyed {
    Message* message;
    std::string resource;  // comparator()
  };
  std::vector<Keyed> kept;
  for (Message& m : messages)
    if (!suppressed(m, suppressions)) kept.push_back({&m, comparator(m)});
  auto before = [](const Keyed& ka, const Keyed& kb) {
    const Message& a = *ka.message;
    const Message& b = *kb.message;
    if (a.type->level != b.type->level) return a.type->level < b.type->level;
    if (a.type->code != b.type->code) return a.type->code < b.type->code;
    if ((a.resource == nullptr) != (b.resource == nullptr)) return a.resource == nullptr;
    return ka.resource < kb.resource;
  };
  std::stable_sort(kept.begin(), kept.end(), before);
  // Within a group (one code on one resource) messages are ordered by their log line, and a line
  // seen already is dropped. Lines differ across groups (they name the level, code and resource),
  // so they are made only for groups of more than one message.
  std::vector<Message> out;
  out.reserve(kept.size());
  for (std::size_t begin = 0, end = 0; begin < kept.size(); begin = end) {
    end = begin + 1;
    while (end < kept.size() && !before(kept[begin], kept[end])) ++end;  // sorted: equal keys
    if (end - begin == 1) {
      out.push_back(std::move(*kept[begin].message));
      continue;
    }
    std::vector<std::pair<std::string, Message*>> lines;
    lines.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) lines.emplace_back(kept[i].message->log_line(), kept[i].message);
    std::stable_sort(lines.begin(), lines.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (i == 0 || lines[i].first != lines[i - 1].first) out.push_back(std::move(*lines[i].second));
  }
  return out;
}

void Context::report(std::string_view code, const Resource& r, std::vector<Arg> args, std::string_view field_ptr) {
  Reported reported;
  Message& m = reported.message;
  m.type = find_message_type(code);
  if (m.type == nullptr) m.type = find_message_type("IST0001");
  m.resource = &r;
  m.text = go_sprintf(m.type->templ, args);
  m.origin = r.origin();
  reported.field = field_ptr;
  reported_.push_back(std::move(reported));
}

}  // namespace sidecarctl::analyze
