// libFuzzer target: kubeconfig parsing. The input is the kubeconfig file; every other file it
// names (certificates, keys, token files) reads as not found. Loading must end in a configuration
// or an error naming the entry, never a crash. Nothing is run (exec plugins run at request time).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/environment.h"
#include "kube/kubeconfig.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  sidecarctl::kube::FileReader reader = [&text](const std::string& path) -> sidecarctl::Result<std::string> {
    if (path == "/fuzz/config") return text;
    return sidecarctl::make_error(sidecarctl::ErrorKind::kNotFound, "open " + path + ": no such file or directory");
  };
  sidecarctl::kube::ClientOptions options;
  options.kubeconfig = "/fuzz/config";
  const sidecarctl::Environment env({{"HOME", "/fuzz"}});
  (void)sidecarctl::kube::load_rest_config(options, env, reader);
  options.context = "ctx";
  options.namespace_override = "ns";
  (void)sidecarctl::kube::load_rest_config(options, env, reader);
  return 0;
}
