#pragma once
// The stored popularity key of a post. A time-decayed score needs no periodic rewrite if
// the decay is expressed as a bonus for being new: every 12.5 hours of age is worth one
// order of magnitude of engagement, so
//   score = log10(1 + likes + 2 × comments) + created_at_seconds / 45000
// orders posts exactly like a decaying score would, and only changes on a like or a
// comment. It is stored as an integer (× 1e6) so that keyset cursors compare exactly.
#include <cstdint>

#include "core/time.hpp"

namespace soom::community {

inline constexpr double kScoreSecondsPerDecade = 45'000;
inline constexpr double kScoreCommentWeight = 2;

std::int64_t popularity_score(std::int64_t likes, std::int64_t comments, Instant created_at);

}  // namespace soom::community
