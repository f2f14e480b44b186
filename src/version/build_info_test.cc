#include "version/build_info.h"

#include <doctest/doctest.h>

namespace sidecarctl::version {
namespace {

BuildInfo built_from(GitFacts git) {
  BuildInfo info;
  info.project_version = "0.1.0";
  info.git = std::move(git);
  return info;
}

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";

TEST_CASE("version_string: as git describe, from the tag, the commits since and the tree") {
  CHECK(version_string(built_from({true, "v1.2.3", 0, kCommit, false})) == "1.2.3");
  CHECK(version_string(built_from({true, "v1.2.3", 4, kCommit, false})) == "1.2.3-4-g0123456789ab");
  CHECK(version_string(built_from({true, "v1.2.3", 4, kCommit, true})) == "1.2.3-4-g0123456789ab-dirty");
  CHECK(version_string(built_from({true, "v1.2.3", 0, kCommit, true})) == "1.2.3-dirty");
  CHECK(version_string(built_from({true, "release-7", 1, kCommit, false})) == "release-7-1-g0123456789ab");
  CHECK(version_string(built_from({true, "vnext", 0, kCommit, false})) == "vnext");
  // No tag: the project version and the commit; outside git: the project version alone.
  CHECK(version_string(built_from({true, "", 122, kCommit, false})) == "0.1.0-g0123456789ab");
  CHECK(version_string(built_from({true, "", 122, kCommit, true})) == "0.1.0-g0123456789ab-dirty");
  CHECK(version_string(built_from({false, "", 0, "", false})) == "0.1.0");
}

TEST_CASE("git_description") {
  CHECK(git_description({true, "v1.2.3", 4, kCommit, true}) ==
        "tag v1.2.3, 4 commits since, commit " + kCommit + ", dirty");
  CHECK(git_description({true, "v1.2.3", 1, kCommit, false}) ==
        "tag v1.2.3, 1 commit since, commit " + kCommit + ", clean");
  CHECK(git_description({true, "", 122, kCommit, false}) ==
        "no tag, 122 commits, commit " + kCommit + ", clean");
  CHECK(git_description({false, "", 0, "", false}) == "unknown (not built from a git checkout)");
}

TEST_CASE("reference_description: release and pseudo-versions of the pinned istioctl") {
  CHECK(reference_description("istio.io/istio v0.0.0-20260827124520-eed52ebb66ad") ==
        "Istio commit eed52ebb66ad of 2026-08-27");
  CHECK(reference_description("istio.io/istio v1.28.0-alpha.1.0.20260102030405-0123456789ab") ==
        "Istio commit 0123456789ab of 2026-01-02");
  CHECK(reference_description("istio.io/istio v1.27.2-0.20251231235959-abcdefabcdef") ==
        "Istio commit abcdefabcdef of 2025-12-31");
  CHECK(reference_description("istio.io/istio v1.27.1") == "Istio 1.27.1");
  CHECK(reference_description("") == "unknown");
  // Not pseudo-versions: a short hash, a letter in the stamp, no separator before the stamp, no patch.
  CHECK(reference_description("istio.io/istio v1.2.3-20260102030405-0123456789a") == "Istio 1.2.3-20260102030405-0123456789a");
  CHECK(reference_description("istio.io/istio v1.2.3-2026010203040x-0123456789ab") == "Istio 1.2.3-2026010203040x-0123456789ab");
  CHECK(reference_description("istio.io/istio v1.2.3-rc20260102030405-0123456789ab") ==
        "Istio 1.2.3-rc20260102030405-0123456789ab");
  CHECK(reference_description("istio.io/istio v1.2-20260102030405-0123456789ab") == "Istio 1.2-20260102030405-0123456789ab");
  CHECK(reference_description("istio.io/istio v1.2.3-20260102030405-0123456789AB") ==
        "Istio 1.2.3-20260102030405-0123456789AB");
}

TEST_CASE("this binary's build information") {
  BuildInfo info = current_build_info();
  CHECK(info.istio_version == "1.27.1");
  CHECK(info.istio_reference.rfind("istio.io/istio v", 0) == 0);
  CHECK_FALSE(info.project_version.empty());
  CHECK_FALSE(info.compiler.empty());
  if (info.git.known) CHECK(info.git.commit.size() == 40);
}

}  // namespace
}  // namespace sidecarctl::version
