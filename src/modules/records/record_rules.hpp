#pragma once
// Domain rules of a record, independent of JSON: ranges, code lists, best-of-blows and
// questionnaire scoring. Every write path (HTTP or another module) goes through them.
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "modules/records/records.hpp"

namespace soom::records {

inline constexpr auto kMaxFutureSkew = std::chrono::minutes(5);

// Validates and normalizes in place (sorted unique code lists, pef = best blow, control-test
// score/result). Returns every field error at once; empty when valid.
std::vector<FieldError> validate_and_normalize(RecordInput& input, Instant now);

// ACT-style: five items act_1..act_5 answered 1–5; total 5–25.
struct ControlScore final {
  int score = 0;
  std::string result;
};
ControlScore score_act(int total);
// GINA symptom control: number of "yes" answers among the four items.
ControlScore score_gina(int yes_count);

const std::vector<std::string>& symptom_codes();
const std::vector<std::string>& trigger_codes();
const std::vector<std::string>& gina_item_codes();
const std::vector<std::string>& act_item_codes();

}  // namespace soom::records
