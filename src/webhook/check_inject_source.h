// Where check-inject reads the objects it judges: manifests (MutatingWebhookConfigurations,
// Namespaces, ConfigMaps, pods and workloads from files), the API server, or files first and the
// API server for what they lack. Also the `[TYPE/]NAME[.NAMESPACE]` argument istioctl accepts.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "kube/api_client.h"

namespace sidecarctl::webhook {

using Json = nlohmann::json;

// The objects check-inject needs, whatever holds them.
class ObjectSource {
 public:
  virtual ~ObjectSource() = default;
  virtual Result<std::vector<Json>> webhook_configurations() = 0;
  // One object by kind ("Namespace", "ConfigMap", "Pod", "Deployment", ...); nullopt when absent.
  virtual Result<std::optional<Json>> get(std::string_view kind, const std::string& ns,
                                          const std::string& name) = 0;
  // The pods of a namespace.
  virtual Result<std::vector<Json>> pods(const std::string& ns) = 0;
  // Whether objects absent here exist nowhere (files alone): a Namespace missing from files is
  // then assumed to carry no labels.
  virtual bool offline() const = 0;
};

// Objects of manifests (List items included). A namespace-scoped object without a namespace is in
// `default_ns`.
class FileSource : public ObjectSource {
 public:
  FileSource(std::vector<Json> objects, std::string default_ns);
  Result<std::vector<Json>> webhook_configurations() override;
  Result<std::optional<Json>> get(std::string_view kind, const std::string& ns,
                                  const std::string& name) override;
  Result<std::vector<Json>> pods(const std::string& ns) override;
  bool offline() const override { return true; }
  // How many MutatingWebhookConfigurations the files hold.
  std::size_t webhook_count() const;
  // The pods and workloads of the files.
  std::vector<const Json*> workloads() const;

 private:
  std::vector<Json> objects_;
  std::string default_ns_;
};

// Objects read through the API server.
class ClusterSource : public ObjectSource {
 public:
  explicit ClusterSource(kube::ApiClient& client) : client_(client) {}
  Result<std::vector<Json>> webhook_configurations() override;
  Result<std::optional<Json>> get(std::string_view kind, const std::string& ns,
                                  const std::string& name) override;
  Result<std::vector<Json>> pods(const std::string& ns) override;
  bool offline() const override { return false; }

 private:
  kube::ApiClient& client_;
};

// Files first, the cluster for what they do not hold (webhook configurations come from the cluster
// only when the files hold none). The pods of a workload the files hold are the files' pods only:
// `-f deploy.yaml` asks about the manifest, not about the pods an older version left running.
class LayeredSource : public ObjectSource {
 public:
  LayeredSource(FileSource& files, ObjectSource& cluster) : files_(files), cluster_(cluster) {}
  Result<std::vector<Json>> webhook_configurations() override;
  Result<std::optional<Json>> get(std::string_view kind, const std::string& ns,
                                  const std::string& name) override;
  Result<std::vector<Json>> pods(const std::string& ns) override;
  bool offline() const override { return false; }

 private:
  FileSource& files_;
  ObjectSource& cluster_;
  bool workload_from_files_ = false;  // the last workload looked up came from the files
};

// istioctl's `[TYPE/]NAME[.NAMESPACE]`: TYPE a kubectl resource name or short name (po, deploy,
// sts, ds, rs, rc, job, cj and their singular/plural forms), resolved to a kind.
struct Target {
  std::string kind = "Pod";
  std::string name;
  std::string ns;
};
Result<Target> parse_target(std::string_view arg, const std::string& default_ns);

// istioctl's error for a missing target: `pods "web-1" not found`, or for a workload
// `failed retrieving: deployments.apps "web" not found in the "shop" namespace`.
std::string target_not_found(const Target& target);

// The API path of a namespaced object of a supported kind ("/apis/apps/v1/namespaces/NS/deployments/NAME").
Result<std::string> object_path(std::string_view kind, const std::string& ns, const std::string& name);

}  // namespace sidecarctl::webhook
