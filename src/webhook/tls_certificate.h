// The serving certificate and key, read from PEM files and read again when either file changes on
// disk: every TLS handshake checks the files' modification time, size and inode (one stat each)
// and installs the current pair on the connection. A broken new pair keeps the previous one.
#pragma once

#include <openssl/ssl.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "base/result.h"

namespace sidecarctl::webhook {

// What tells a changed file: modification time, size, inode (all 0 when it cannot be read).
struct FileStamp {
  long long mtime_ns = 0, size = 0, inode = 0;
  bool operator==(const FileStamp&) const = default;
};

class TlsCertificate {
 public:
  // Called after each reload attempt caused by a change: success, or the error.
  using ReloadListener = std::function<void(const Result<void>& outcome)>;

  // Reads the pair; an error names the file (unreadable, not PEM, key not matching the certificate).
  static Result<std::shared_ptr<TlsCertificate>> load(std::string cert_file, std::string key_file,
                                                      ReloadListener listener = nullptr);
  ~TlsCertificate();
  TlsCertificate(const TlsCertificate&) = delete;
  TlsCertificate& operator=(const TlsCertificate&) = delete;

  // Makes `ctx` ask this object for the certificate on every handshake (SSL_CTX_set_cert_cb).
  void attach(SSL_CTX* ctx);

  // Reloads when the files changed, then installs the current pair on `ssl`. False when no pair.
  bool install(SSL* ssl);

 private:
  struct Pair;
  using Stamp = FileStamp;
  TlsCertificate(std::string cert_file, std::string key_file, ReloadListener listener);
  static Result<std::shared_ptr<Pair>> read_pair(const std::string& cert_file, const std::string& key_file);
  std::pair<Stamp, Stamp> stamps() const;

  std::string cert_file_, key_file_;
  ReloadListener listener_;
  std::mutex mu_;
  std::shared_ptr<Pair> pair_;
  std::pair<Stamp, Stamp> stamps_;
};

}  // namespace sidecarctl::webhook
