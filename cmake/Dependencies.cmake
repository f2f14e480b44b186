# Finds the Debian 12 packages sidecarctl builds on (installed by scripts/install-deps).
find_package(PkgConfig REQUIRED)
find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CURL REQUIRED)
# libcurl's headers only: the library is loaded at the first request (src/kube/curl_library.h).
add_library(sidecarctl_curl_headers INTERFACE)
target_include_directories(sidecarctl_curl_headers INTERFACE ${CURL_INCLUDE_DIRS})
# OpenSSL (libssl-dev): the webhook server links it; analyze reads only its headers and loads
# libcrypto at the first certificate (src/analyze/crypto_library.h).
find_package(OpenSSL REQUIRED)
add_library(sidecarctl_openssl_headers INTERFACE)
target_include_directories(sidecarctl_openssl_headers INTERFACE ${OPENSSL_INCLUDE_DIR})
find_package(fmt REQUIRED)
find_package(doctest REQUIRED)
find_package(Threads REQUIRED)
