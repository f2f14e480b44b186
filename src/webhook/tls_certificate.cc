// The reloading serving certificate (see tls_certificate.h).
#include "webhook/tls_certificate.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <fmt/format.h>

namespace sidecarctl::webhook {

struct TlsCertificate::Pair {
  X509* cert = nullptr;
  EVP_PKEY* key = nullptr;
  STACK_OF(X509)* chain = nullptr;
  Pair() = default;
  Pair(const Pair&) = delete;
  Pair& operator=(const Pair&) = delete;
  ~Pair() {
    X509_free(cert);
    EVP_PKEY_free(key);
    if (chain != nullptr) sk_X509_pop_free(chain, X509_free);
  }
};

namespace {

std::string openssl_error() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no PEM data";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  return buf;
}

int cert_callback(SSL* ssl, void* arg) { return static_cast<TlsCertificate*>(arg)->install(ssl) ? 1 : 0; }

}  // namespace

TlsCertificate::TlsCertificate(std::string cert_file, std::string key_file, ReloadListener listener)
    : cert_file_(std::move(cert_file)), key_file_(std::move(key_file)), listener_(std::move(listener)) {}

TlsCertificate::~TlsCertificate() = default;

Result<std::shared_ptr<TlsCertificate::Pair>> TlsCertificate::read_pair(const std::string& cert_file,
                                                                       const std::string& key_file) {
  auto pair = std::make_shared<Pair>();
  BIO* bio = BIO_new_file(cert_file.c_str(), "r");
  if (bio == nullptr) return make_error(ErrorKind::kInvalidInput, cert_file + ": cannot read the certificate file");
  pair->cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  if (pair->cert == nullptr) {
    BIO_free(bio);
    return make_error(ErrorKind::kInvalidInput, cert_file + ": no PEM certificate (" + openssl_error() + ")");
  }
  pair->chain = sk_X509_new_null();
  while (X509* extra = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) sk_X509_push(pair->chain, extra);
  ERR_clear_error();  // the end of the file reads as an error
  BIO_free(bio);
  bio = BIO_new_file(key_file.c_str(), "r");
  if (bio == nullptr) return make_error(ErrorKind::kInvalidInput, key_file + ": cannot read the private key file");
  pair->key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (pair->key == nullptr) {
    return make_error(ErrorKind::kInvalidInput, key_file + ": no PEM private key (" + openssl_error() + ")");
  }
  if (X509_check_private_key(pair->cert, pair->key) != 1) {
    ERR_clear_error();
    return make_error(ErrorKind::kInvalidInput,
                      fmt::format("{}: the private key does not match the certificate of {}", key_file, cert_file));
  }
  return pair;
}

std::pair<TlsCertificate::Stamp, TlsCertificate::Stamp> TlsCertificate::stamps() const {
  auto stamp = [](const std::string& path) {
    Stamp s;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      s.mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec;
      s.size = static_cast<long long>(st.st_size);
      s.inode = static_cast<long long>(st.st_ino);
    }
    return s;
  };
  return {stamp(cert_file_), stamp(key_file_)};
}

Result<std::shared_ptr<TlsCertificate>> TlsCertificate::load(std::string cert_file, std::string key_file,
                                                             ReloadListener listener) {
  std::shared_ptr<TlsCertificate> self(new TlsCertificate(std::move(cert_file), std::move(key_file), std::move(listener)));
  self->stamps_ = self->stamps();
  TRY_ASSIGN(self->pair_, read_pair(self->cert_file_, self->key_file_));
  return self;
}

void TlsCertificate::attach(SSL_CTX* ctx) { SSL_CTX_set_cert_cb(ctx, cert_callback, this); }

bool TlsCertificate::install(SSL* ssl) {
  std::shared_ptr<Pair> pair;
  {
    std::lock_guard lock(mu_);
    auto now = stamps();
    if (now != stamps_) {
      stamps_ = now;
      auto fresh = read_pair(cert_file_, key_file_);
      if (fresh) pair_ = std::move(*fresh);
      if (listener_) listener_(fresh ? Result<void>() : Result<void>(fresh.error()));
    }
    pair = pair_;
  }
  if (pair == nullptr) return false;
  return SSL_use_cert_and_key(ssl, pair->cert, pair->key, pair->chain, 1) == 1;
}

}  // namespace sidecarctl::webhook
