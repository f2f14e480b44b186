// Workloads in a manifest and the istio-iptables invocation each one gets: the args and env of
// its injected istio-init container; under Istio CNI (an istio-validation init container and no
// istio-init) the same args, applied by the CNI plugin; for a pod not injected yet, the args the
// injection template would write from the pod's annotations and Istio's default values.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "iptables/settings.h"
#include "yaml/document.h"

namespace sidecarctl::iptables {

enum class CaptureSource {
  kInitContainer,   // an injected istio-init container's args
  kCniValidation,   // istio-validation: the CNI plugin applies the rules with these args
  kAnnotations,     // not injected: derived as the injection template would
};

struct WorkloadCapture {
  std::string kind;        // "Deployment"
  std::string namespace_;  // "" when the manifest does not say
  std::string name;
  SourceLoc loc;           // the document
  CaptureSource source = CaptureSource::kInitContainer;
  std::vector<FlagValue> flags;        // istio-iptables flags, in order
  EnvSource env;                       // the container's env (kContainerEnv), or empty
  std::vector<std::string> app_ports;  // TCP container ports of the app containers
  std::vector<std::string> notes;      // how the args were found, what was ignored

  // "Deployment default/hello" ("Deployment hello" without a namespace).
  std::string title() const;
};

// The pod-bearing workloads of `documents` (Pod, Deployment, DaemonSet, StatefulSet, ReplicaSet,
// ReplicationController, Job, CronJob, DeploymentConfig; the items of a `kind: List`), in order.
// Other kinds are skipped. Malformed args or env are kInvalidInput errors with their location.
Result<std::vector<WorkloadCapture>> workloads_from_documents(const std::vector<yaml::Document>& documents);

// Whether `w` is selected by `selector`: its name, Kind/name, namespace/name or Kind/namespace/name.
bool workload_matches(const WorkloadCapture& w, const std::string& selector);

}  // namespace sidecarctl::iptables
