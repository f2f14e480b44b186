// Formatting `sidecarctl version`: text, istioctl's short form, JSON.
#include "version/report.h"

#include <algorithm>
#include <map>

namespace sidecarctl::version {
namespace {

std::string count_of(int n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string build_text(const BuildInfo& info) {
  std::string out = info.build_type.empty() ? "unknown build type" : info.build_type;
  if (!info.sanitizers.empty()) out += ", " + info.sanitizers;
  return out + ", " + info.compiler;
}

std::string control_plane_line(const kube::ControlPlaneVersion& cp) {
  std::string where =
      cp.deployment.empty() ? "no istiod Deployment" : "Deployment " + cp.deployment + ", image " + cp.image;
  std::string injector = cp.injector.empty() ? "no injector ConfigMap" : "injector ConfigMap " + cp.injector;
  return "control plane version: " + (cp.deployment.empty() ? std::string("none") : cp.version) +
         " (revision " + cp.revision + ": " + where + "; " + injector + ")\n";
}

std::string mesh_text(const kube::MeshVersions& mesh) {
  std::string out;
  if (mesh.control_planes.empty()) {
    out +=
        "control plane version: none (no istiod Deployment labelled app=istiod and no injector ConfigMap in "
        "namespace " +
        mesh.istio_namespace + ")\n";
  }
  for (const auto& cp : mesh.control_planes) out += control_plane_line(cp);
  if (mesh.proxies.empty()) out += "data plane version: none (no pod with an istio-proxy container)\n";
  for (const auto& c : kube::count_proxies(mesh)) {
    out += "data plane version: " + c.version + " (revision " + c.revision +
           (c.has_control_plane ? "" : ", which has no istiod Deployment") + ": " +
           count_of(c.proxies, "proxy", "proxies") + ")\n";
  }
  auto restarts = kube::outdated_proxy_restarts(mesh);
  auto outdated =
      std::count_if(mesh.proxies.begin(), mesh.proxies.end(), [](const auto& p) { return p.outdated; });
  if (outdated > 0) {
    out += std::to_string(outdated) + " of " + std::to_string(mesh.proxies.size()) +
           " proxies run another version than their revision's control plane; restarting updates them:\n";
    for (const std::string& line : restarts) out += "  " + line + "\n";
  } else if (!mesh.proxies.empty()) {
    out += "every proxy runs its revision's control plane version (or one it cannot be compared with)\n";
  }
  return out;
}

}  // namespace

std::string format_text(const VersionReport& report) {
  const BuildInfo& info = report.client;
  std::string out = "client version: " + version_string(info) + "\n";
  out += "  git: " + git_description(info.git) + "\n";
  out +=
      "  istio: " + info.istio_version + " (the sidecar of the embedded injection templates and settings)\n";
  out += "  checked against: istioctl of " + reference_description(info.istio_reference) +
         (info.istio_reference.empty() ? "" : " (" + info.istio_reference + ")") + "\n";
  out += "  build: " + build_text(info) + "\n";
  if (report.mesh) out += mesh_text(*report.mesh);
  return out;
}

std::string format_short(const VersionReport& report) {
  std::string out = "client version: " + version_string(report.client) + "\n";
  if (!report.mesh) return out;
  std::vector<const kube::ControlPlaneVersion*> running;
  for (const auto& cp : report.mesh->control_planes) {
    if (!cp.deployment.empty()) running.push_back(&cp);
  }
  bool identical = !running.empty() && std::all_of(running.begin(), running.end(), [&](const auto* cp) {
    return cp->version == running.front()->version;
  });
  if (identical) {
    out += "control plane version: " + running.front()->version + "\n";
  } else {
    for (const auto* cp : running) out += cp->component + " version: " + cp->version + "\n";
  }
  // istioctl counts per version only, and says "proxies" for one too.
  std::map<std::string, int> per_version;
  for (const auto& p : report.mesh->proxies) per_version[p.version]++;
  std::string counts;
  for (const auto& [version, n] : per_version) {
    counts += (counts.empty() ? "" : ", ") + version + " (" + std::to_string(n) + " proxies)";
  }
  return out + "data plane version: " + (counts.empty() ? "none" : counts) + "\n";
}

Json to_json(const VersionReport& report) {
  const BuildInfo& info = report.client;
  const GitFacts& git = info.git;
  Json client = {{"version", version_string(info)},
                 {"revision", git.known ? git.commit : "unknown"},
                 {"status", !git.known  ? "unknown"
                            : git.dirty ? "Modified"
                                        : "Clean"},
                 {"tag", git.known ? git.tag : "unknown"},
                 {"commitsSinceTag", git.known ? Json(git.commits_since_tag) : Json(nullptr)},
                 {"istioVersion", info.istio_version},
                 {"istioReference", info.istio_reference},
                 {"buildType", info.build_type},
                 {"sanitizers", info.sanitizers},
                 {"compiler", info.compiler}};
  Json out = {{"clientVersion", client}};
  if (!report.mesh) return out;
  Json mesh = Json::array();
  for (const auto& cp : report.mesh->control_planes) {
    mesh.push_back({{"Component", cp.component},
                    {"Revision", cp.revision},
                    {"Info", {{"version", cp.version}}},
                    {"Deployment", cp.deployment},
                    {"Image", cp.image},
                    {"Injector", cp.injector}});
  }
  Json proxies = Json::array();
  for (const auto& p : report.mesh->proxies) {
    proxies.push_back({{"ID", p.pod + "." + p.ns},
                       {"IstioVersion", p.version},
                       {"Type", p.type},
                       {"Revision", p.revision},
                       {"Image", p.image},
                       {"Owner", p.owner},
                       {"ControlPlaneVersion", p.control_plane_version},
                       {"Outdated", p.outdated}});
  }
  out["meshVersion"] = mesh;
  out["dataPlaneVersion"] = proxies;
  out["restarts"] = kube::outdated_proxy_restarts(*report.mesh);
  return out;
}

}  // namespace sidecarctl::version
