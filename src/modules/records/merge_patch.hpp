#pragma once
// JSON Merge Patch (RFC 7396): objects merge recursively, null removes a member, anything
// else (arrays included) replaces the target wholesale.
#include <boost/json.hpp>

namespace soom::records {

boost::json::value apply_merge_patch(const boost::json::value& target, const boost::json::value& patch);

}  // namespace soom::records
