// IdentityAuthenticator: the api::Authenticator the request pipeline uses, backed by the identity
// service's bearer-token authentication (service/identity/authentication.hpp): the token must be
// a valid Takt access token of an existing, active user; the Principal carries that user's current
// roles and permissions. Refused permissions go to the security audit ("auth.permission_denied").
// Thread-safe as Authentication is; it must outlive the dispatcher.
#pragma once

#include "api/authenticator.hpp"
#include "service/identity/authentication.hpp"

namespace takt::api {

class IdentityAuthenticator final : public Authenticator {
 public:
  explicit IdentityAuthenticator(identity::Authentication& authentication)
      : authentication_(authentication) {}

  Result<Principal> Authenticate(std::string_view bearer_token) override {
    return authentication_.Authenticate(bearer_token);
  }

  void PermissionDenied(const Principal& principal, std::string_view permission,
                        std::string_view method, std::string_view path,
                        std::string_view request_id) override {
    authentication_.RecordPermissionDenied(principal, permission, method, path, request_id);
  }

 private:
  identity::Authentication& authentication_;
};

}  // namespace takt::api
