#pragma once
// Adherence arithmetic, free of storage so it can be tested with plain values.
//
// A slot counts once its time has come. Intake records that were not made through a
// slot (e.g. logged in the records screen with the medication's id) are matched to the
// nearest unanswered slot of the same medication within ±match window — nearest in time,
// not by calendar half-day, so an evening dose taken at 00:30 counts for the evening slot.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "modules/medication/medication.hpp"

namespace soom::medication {

struct SlotFact final {
  std::string slot_id;
  std::string medication_id;
  Instant scheduled_at;
  std::string local_date;
  std::string status;  // pending | taken | skipped | missed
  std::optional<Instant> taken_at;
};

struct IntakeFact final {
  std::string medication_id;
  Instant at;
};

struct AdherenceWindows final {
  std::chrono::milliseconds on_time{3'600'000};
  std::chrono::milliseconds match{6 * 3'600'000};
  std::chrono::milliseconds missed_after{3 * 3'600'000};
};

// Figures for one set of slots (one medication, or all of them).
AdherenceFigures compute_adherence(std::vector<SlotFact> slots, const std::vector<IntakeFact>& intakes, Instant now,
                                   const AdherenceWindows& windows);

// Slots matched to free intakes: slot_id → intake instant (exposed for tests).
std::map<std::string, Instant> match_intakes(const std::vector<SlotFact>& slots, const std::vector<IntakeFact>& intakes,
                                             std::chrono::milliseconds window);

}  // namespace soom::medication
