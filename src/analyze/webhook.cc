// webhook.Analyzer: Istio injection webhooks that overlap (double injection) or point at a
// control-plane Service that does not exist.
#include <map>
#include <set>

#include "analyze/analyzer.h"
#include "analyze/kinds.h"
#include "analyze/labels.h"
#include "analyze/pod_util.h"

namespace sidecarctl::analyze {

namespace {

bool ends_with_istio_io(const std::string& s) { return s.size() >= 8 && s.compare(s.size() - 8, 8, "istio.io") == 0; }

void collect_revisions(const Json& selector, std::set<std::string>& revs) {
  if (!selector.is_object()) return;
  const Json& ml = field(selector, "matchLabels");
  if (ml.is_object() && ml.contains(kRevLabel)) revs.insert(scalar_string(ml[std::string(kRevLabel)]));
  for (const Json& e : array(selector, "matchExpressions"))
    if (str(e, "key") == kRevLabel)
      for (const Json& v : array(e, "values")) revs.insert(scalar_string(v));
}

void analyze_webhooks(Context& ctx) {
  struct Hook {
    std::string id;  // "config/webhook"
    const Resource* owner;
    const Json* hook;
  };
  std::vector<Hook> hooks;
  std::set<std::string> revisions;
  for (const Resource* mwc : ctx.of(kind::kMutatingWebhook)) {
    std::set<std::string> revs;
    if (auto it = mwc->labels.find(std::string(kRevLabel)); it != mwc->labels.end()) revs.insert(it->second);
    bool istio = false;
    for (const Json& wh : array(mwc->value, "webhooks")) {
      collect_revisions(field(wh, "namespaceSelector"), revs);
      collect_revisions(field(wh, "objectSelector"), revs);
      if (ends_with_istio_io(str(wh, "name"))) istio = true;
    }
    if (revs.empty() && !istio) continue;
    for (const Json& wh : array(mwc->value, "webhooks")) hooks.push_back({mwc->full_name() + "/" + str(wh, "name"), mwc, &wh});
    revisions.insert(revs.begin(), revs.end());
  }
  auto base_sets = [](std::string_view key, std::string_view on, std::string_view off) {
    return std::vector<Labels>{{}, {{std::string(key), std::string(on)}}, {{std::string(key), std::string(off)}}};
  };
  std::vector<Labels> ns_labels = base_sets(kInjectionLabel, "enabled", "disabled");
  std::vector<Labels> obj_labels = base_sets(kSidecarInject, "true", "false");
  for (const std::string& rev : revisions) {
    for (Labels l : base_sets(kInjectionLabel, "enabled", "disabled")) {
      l[std::string(kRevLabel)] = rev;
      ns_labels.push_back(l);
    }
    for (Labels l : base_sets(kSidecarInject, "true", "false")) {
      l[std::string(kRevLabel)] = rev;
      obj_labels.push_back(l);
    }
  }
  for (const Labels& nl : ns_labels)
    for (const Labels& ol : obj_labels) {
      std::map<std::string, const Resource*> matches;
      for (const Hook& h : hooks)
        if (label_selector_matches(field(*h.hook, "namespaceSelector"), nl) &&
            label_selector_matches(field(*h.hook, "objectSelector"), ol))
          matches[h.id] = h.owner;
      if (matches.size() <= 1) continue;
      for (const auto& [id, owner] : matches) {
        std::vector<std::string> others;
        for (const auto& [other, unused] : matches)
          if (other != id) others.push_back(other);
        ctx.report("IST0139", *owner,
                   {Arg("Webhook overlaps with others: " + Arg(others).format('v') +
                        ". This may cause injection to occur twice.")});
      }
    }
  for (const Hook& h : hooks) {
    const Json& svc = field(field(*h.hook, "clientConfig"), "service");
    if (!svc.is_object()) continue;
    std::string ns = str(svc, "namespace"), name = str(svc, "name");
    if (!ctx.exists(kind::kService, ns, name))
      ctx.report("IST0139", *h.owner,
                 {Arg("Injector refers to a control plane service that does not exist: " +
                      (ns.empty() ? name : ns + "/" + name) + ".")});
  }
}

}  // namespace

std::unique_ptr<Analyzer> make_webhook_analyzer() {
  return std::make_unique<FunctionAnalyzer>("webhook.Analyzer", "Checks the validity of Istio webhooks",
                                            std::vector<std::string>{kind::kMutatingWebhook, kind::kService},
                                            analyze_webhooks);
}

}  // namespace sidecarctl::analyze
