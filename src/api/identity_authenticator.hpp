// IdentityAuthenticator: the api::Authenticator the request pipeline uses, backed by the identity
// service's bearer-token authentication (service/identity/authentication.hpp): the token must be
// a valid Takt access token of an existing, active user; the Principal carries that user's current
// roles and permissions. Thread-safe as Authentication is; it must outlive the dispatcher.
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

 private:
  identity::Authentication& authentication_;
};

}  // namespace takt::api
