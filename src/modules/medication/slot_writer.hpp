#pragma once
// Writing slots: deterministic slot ids (one local dose = one id, so concurrent or
// repeated materialization never duplicates), and slot creation for a time range.
#include <string>
#include <string_view>

#include "db/db.hpp"
#include "modules/medication/medication.hpp"

namespace soom::medication {

// Name-based UUID (SHA-256, RFC 9562 version 8) of medication id + local wall time.
std::string slot_id_for(std::string_view medication_id, std::string_view local_time);
// Inserts the slots of [from, to) that do not exist yet; returns how many were created.
int write_slots(db::Transaction& tx, const Medication& medication, std::string_view zone, Instant from, Instant to,
                Instant now);
// "2회 흡입", "1정", "5 mL" … for reminder texts.
std::string dose_text(double dose, std::string_view unit);

}  // namespace soom::medication
