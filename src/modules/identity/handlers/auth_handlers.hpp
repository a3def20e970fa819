#pragma once
// Handlers translate JSON ⇄ service structs; no logic lives here.
#include "http/message.hpp"
#include "modules/identity/identity.hpp"

namespace soom::identity::handlers {

http::Response signup(IdentityService& service, http::Request& request);
http::Response login(IdentityService& service, http::Request& request);
http::Response refresh(IdentityService& service, http::Request& request);
http::Response logout(IdentityService& service, http::Request& request);
http::Response consent_documents(IdentityService& service, http::Request& request);

http::Response get_me(IdentityService& service, http::Request& request);
http::Response patch_me(IdentityService& service, http::Request& request);
http::Response delete_me(IdentityService& service, http::Request& request);
http::Response change_password(IdentityService& service, http::Request& request);
http::Response get_consents(IdentityService& service, http::Request& request);
http::Response put_consents(IdentityService& service, http::Request& request);
http::Response begin_totp(IdentityService& service, http::Request& request);
http::Response confirm_totp(IdentityService& service, http::Request& request);

}  // namespace soom::identity::handlers
