// sidecarctl's own version: build-time facts (compile definitions from src/version/CMakeLists.txt,
// the generated git facts) and how they read.
#include "version/build_info.h"

#include <optional>
#include <string>
#include <string_view>

#include "inject/embedded_defaults.h"

#if !defined(SIDECARCTL_PROJECT_VERSION) || !defined(SIDECARCTL_BUILD_TYPE) || \
    !defined(SIDECARCTL_COMPILER) || !defined(SIDECARCTL_SANITIZERS) || !defined(SIDECARCTL_ISTIO_REFERENCE)
#error "src/version/CMakeLists.txt defines the SIDECARCTL_* build facts"
#endif

namespace sidecarctl::version {

BuildInfo current_build_info() {
  BuildInfo info;
  info.project_version = SIDECARCTL_PROJECT_VERSION;
  info.git = compiled_git_facts();
  info.istio_version = std::string(inject::kEmbeddedIstioRelease);
  info.istio_reference = SIDECARCTL_ISTIO_REFERENCE;
  info.build_type = SIDECARCTL_BUILD_TYPE;
  info.sanitizers = SIDECARCTL_SANITIZERS;
  info.compiler = SIDECARCTL_COMPILER;
  return info;
}

std::string version_string(const BuildInfo& info) {
  const GitFacts& git = info.git;
  if (!git.known) return info.project_version;
  std::string out;
  std::string abbrev = "-g" + git.commit.substr(0, 12);
  if (git.tag.empty()) {
    out = info.project_version + abbrev;
  } else {
    out = git.tag.size() > 1 && git.tag[0] == 'v' && git.tag[1] >= '0' && git.tag[1] <= '9'
              ? git.tag.substr(1)
              : git.tag;
    if (git.commits_since_tag > 0) out += "-" + std::to_string(git.commits_since_tag) + abbrev;
  }
  return git.dirty ? out + "-dirty" : out;
}

std::string git_description(const GitFacts& git) {
  if (!git.known) return "unknown (not built from a git checkout)";
  std::string out;
  if (git.tag.empty()) {
    out = "no tag, " + std::to_string(git.commits_since_tag) +
          (git.commits_since_tag == 1 ? " commit" : " commits");
  } else {
    out = "tag " + git.tag + ", " + std::to_string(git.commits_since_tag) +
          (git.commits_since_tag == 1 ? " commit since" : " commits since");
  }
  return out + ", commit " + git.commit + (git.dirty ? ", dirty" : ", clean");
}

namespace {

struct PseudoVersion {
  std::string date;    // yyyy-mm-dd
  std::string commit;  // 12 hex digits
};

// Reads `version` as ^v[0-9]+\.[0-9]+\.[0-9]+-(?:.*\.)?[0-9]{14}-[0-9a-f]{12}$.
std::optional<PseudoVersion> parse_pseudo_version(std::string_view version) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0;
  if (version.empty() || version[i++] != 'v') return std::nullopt;
  for (int part = 0; part < 3; ++part) {
    std::size_t start = i;
    while (i < version.size() && digit(version[i])) ++i;
    if (i == start || i >= version.size() || version[i] != (part < 2 ? '.' : '-')) return std::nullopt;
    ++i;
  }
  constexpr std::size_t kTail = 14 + 1 + 12;  // yyyymmddhhmmss-hash
  if (version.size() < i + kTail) return std::nullopt;
  const std::size_t stamp = version.size() - kTail;
  if (stamp != i && version[stamp - 1] != '.') return std::nullopt;
  for (std::size_t k = stamp; k < stamp + 14; ++k) {
    if (!digit(version[k])) return std::nullopt;
  }
  if (version[stamp + 14] != '-') return std::nullopt;
  for (char c : version.substr(stamp + 15)) {
    if (!digit(c) && !(c >= 'a' && c <= 'f')) return std::nullopt;
  }
  std::string date = std::string(version.substr(stamp, 4)) + "-" + std::string(version.substr(stamp + 4, 2)) + "-" +
                     std::string(version.substr(stamp + 6, 2));
  return PseudoVersion{std::move(date), std::string(version.substr(stamp + 15))};
}

}  // namespace

std::string reference_description(const std::string& module_and_version) {
  std::size_t space = module_and_version.rfind(' ');
  std::string version =
      space == std::string::npos ? module_and_version : module_and_version.substr(space + 1);
  if (version.empty()) return "unknown";
  // Go pseudo-versions: vX.0.0-yyyymmddhhmmss-hash, vX.Y.Z-pre.0.yyyymmddhhmmss-hash,
  // vX.Y.Z-0.yyyymmddhhmmss-hash (read by hand: a std::regex cost a third of `version`'s start-up).
  if (std::optional<PseudoVersion> pseudo = parse_pseudo_version(version)) {
    return "Istio commit " + pseudo->commit + " of " + pseudo->date;
  }
  if (version.size() > 1 && version[0] == 'v') return "Istio " + version.substr(1);
  return "Istio " + version;
}

}  // namespace sidecarctl::version
