#pragma once
// Handlers translate JSON ⇄ service structs; no logic lives here.
#include "http/message.hpp"
#include "modules/community/community.hpp"

namespace soom::community::handlers {

http::Response list_categories(CommunityService& service, http::Request& request);
http::Response list_posts(CommunityService& service, http::Request& request);
http::Response create_post(CommunityService& service, http::Request& request);
http::Response get_post(CommunityService& service, http::Request& request);
http::Response edit_post(CommunityService& service, http::Request& request);
http::Response delete_post(CommunityService& service, http::Request& request);
http::Response add_comment(CommunityService& service, http::Request& request);
http::Response edit_comment(CommunityService& service, http::Request& request);
http::Response delete_comment(CommunityService& service, http::Request& request);
http::Response like_post(CommunityService& service, http::Request& request);
http::Response unlike_post(CommunityService& service, http::Request& request);
http::Response like_comment(CommunityService& service, http::Request& request);
http::Response unlike_comment(CommunityService& service, http::Request& request);
http::Response add_bookmark(CommunityService& service, http::Request& request);
http::Response remove_bookmark(CommunityService& service, http::Request& request);
http::Response list_bookmarks(CommunityService& service, http::Request& request);
http::Response add_block(CommunityService& service, http::Request& request);
http::Response list_blocks(CommunityService& service, http::Request& request);
http::Response remove_block(CommunityService& service, http::Request& request);
http::Response add_report(CommunityService& service, http::Request& request);
http::Response upload_image(CommunityService& service, http::Request& request);
http::Response get_image(CommunityService& service, http::Request& request);

// Back office.
http::Response moderation_queue(CommunityService& service, http::Request& request);
http::Response staff_post(CommunityService& service, http::Request& request);
http::Response moderate_post(CommunityService& service, http::Request& request);
http::Response moderate_comment(CommunityService& service, http::Request& request);
http::Response suspend_user(CommunityService& service, http::Request& request);
http::Response audit_log(CommunityService& service, http::Request& request);

}  // namespace soom::community::handlers
