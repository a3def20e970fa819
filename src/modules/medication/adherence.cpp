#include "modules/medication/adherence.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

namespace soom::medication {
namespace {

std::chrono::milliseconds distance(Instant a, Instant b) { return a > b ? a - b : b - a; }

double percent(int part, int whole) { return std::round(1000.0 * part / whole) / 10.0; }

}  // namespace

std::map<std::string, Instant> match_intakes(const std::vector<SlotFact>& slots, const std::vector<IntakeFact>& intakes,
                                             std::chrono::milliseconds window) {
  // Every (intake, open slot) pair within the window, closest first; each side used once.
  std::vector<std::tuple<std::chrono::milliseconds, std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < intakes.size(); ++i) {
    for (std::size_t s = 0; s < slots.size(); ++s) {
      const auto& slot = slots[s];
      if (slot.medication_id != intakes[i].medication_id) continue;
      if (slot.status == "taken" || slot.status == "skipped") continue;
      const auto d = distance(slot.scheduled_at, intakes[i].at);
      if (d <= window) pairs.emplace_back(d, i, s);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  std::set<std::size_t> used_intakes, used_slots;
  std::map<std::string, Instant> out;
  for (const auto& [d, i, s] : pairs) {
    if (used_intakes.count(i) || used_slots.count(s)) continue;
    used_intakes.insert(i);
    used_slots.insert(s);
    out[slots[s].slot_id] = intakes[i].at;
  }
  return out;
}

AdherenceFigures compute_adherence(std::vector<SlotFact> slots, const std::vector<IntakeFact>& intakes, Instant now,
                                   const AdherenceWindows& windows) {
  slots.erase(std::remove_if(slots.begin(), slots.end(), [&](const SlotFact& s) { return s.scheduled_at > now; }),
              slots.end());
  const auto matched = match_intakes(slots, intakes, windows.match);
  AdherenceFigures f;
  // Per local day: 1 all taken, 0 neutral (nothing due, or still open), -1 broken.
  std::map<std::string, int> day_state;
  for (auto& s : slots) {
    if (auto it = matched.find(s.slot_id); it != matched.end()) {
      s.status = "taken";
      s.taken_at = it->second;
    }
    ++f.scheduled;
    auto& day = day_state.try_emplace(s.local_date, 1).first->second;
    if (s.status == "taken") {
      ++f.taken;
      if (s.taken_at && distance(*s.taken_at, s.scheduled_at) <= windows.on_time) ++f.on_time;
    } else if (s.status == "skipped") {
      ++f.skipped;
      day = -1;
    } else if (s.status == "missed" || now - s.scheduled_at >= windows.missed_after) {
      ++f.missed;
      day = -1;
    } else {
      ++f.open;
      if (day == 1) day = 0;
    }
  }
  if (f.scheduled > 0) {
    f.taken_percent = percent(f.taken, f.scheduled);
    f.on_time_percent = percent(f.on_time, f.scheduled);
  }
  // Streak: walk back from the latest day; open days are neutral, a broken day ends it.
  for (auto it = day_state.rbegin(); it != day_state.rend(); ++it) {
    if (it->second < 0) break;
    if (it->second == 1) ++f.streak_days;
  }
  return f;
}

}  // namespace soom::medication
