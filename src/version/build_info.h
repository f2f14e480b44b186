// What sidecarctl says about itself: the git state it was built from (read at build time by
// cmake/GitVersion.cmake), the Istio version it reproduces, the istioctl it is checked against, and
// how it was built.
#pragma once

#include <string>

namespace sidecarctl::version {

// The git state of the source tree when the binary was built.
struct GitFacts {
  bool known = false;         // false: built outside a git checkout, or without git
  std::string tag;            // the nearest tag reachable from the commit; "" when there is none
  int commits_since_tag = 0;  // commits after that tag (all commits when there is no tag)
  std::string commit;         // the full hash
  bool dirty = false;         // tracked files differed from the commit
};

struct BuildInfo {
  std::string project_version;  // CMake's project version ("0.1.0")
  GitFacts git;
  std::string istio_version;    // the Istio release whose sidecar the embedded injection settings produce
  std::string istio_reference;  // the pinned istioctl ("istio.io/istio v0.0.0-20260827124520-eed52ebb66ad");
                                // "" unknown
  std::string build_type;       // "Debug", "Release", ...
  std::string sanitizers;       // "ASan+UBSan" for an instrumented build, else ""
  std::string compiler;         // "GNU 12.2.0"
};

// This binary's build information.
BuildInfo current_build_info();

// The git state cmake/GitVersion.cmake compiled in (defined in a generated file).
GitFacts compiled_git_facts();

// Our version, as git describe would say it: "1.2.3" at tag v1.2.3, "1.2.3-4-g0123456789ab" four
// commits later, "-dirty" appended for a modified tree; without a tag the project version and the
// commit ("0.1.0-g0123456789ab"); the project version alone outside git.
std::string version_string(const BuildInfo& info);

// "tag v1.2.3, 4 commits since, commit <hash>, dirty", "no tag, 122 commits, commit <hash>, clean",
// or "unknown (not built from a git checkout)".
std::string git_description(const GitFacts& git);

// What a pinned istioctl module version means: "Istio 1.27.1" for "istio.io/istio v1.27.1",
// "Istio commit eed52ebb66ad of 2026-08-27" for a pseudo-version, "unknown" for "".
std::string reference_description(const std::string& module_and_version);

}  // namespace sidecarctl::version
