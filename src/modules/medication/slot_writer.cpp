#include "modules/medication/slot_writer.hpp"

#include <cmath>
#include <cstdio>

#include "core/encoding.hpp"
#include "modules/medication/medication_repository.hpp"
#include "modules/medication/slot_times.hpp"

namespace soom::medication {

std::string slot_id_for(std::string_view medication_id, std::string_view local_time) {
  auto digest = sha256("soomcare.medication.slot\n" + std::string(medication_id) + "\n" + std::string(local_time));
  digest.resize(16);
  digest[6] = static_cast<char>((static_cast<unsigned char>(digest[6]) & 0x0F) | 0x80);  // version 8
  digest[8] = static_cast<char>((static_cast<unsigned char>(digest[8]) & 0x3F) | 0x80);  // RFC 9562 variant
  const auto hex = hex_encode(digest);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

int write_slots(db::Transaction& tx, const Medication& m, std::string_view zone, Instant from, Instant to, Instant now) {
  int created = 0;
  for (const auto& t : slots_between(m, zone, from, to)) {
    repo::NewSlot slot{slot_id_for(m.id, t.local_time), m.user_id, m.id, t.at, t.local_time, t.local_date,
                       std::string(zone)};
    if (repo::insert_slot(tx, slot, now)) ++created;
  }
  return created;
}

std::string dose_text(double dose, std::string_view unit) {
  char number[32];
  if (std::fabs(dose - std::round(dose)) < 1e-9) {
    std::snprintf(number, sizeof number, "%.0f", dose);
  } else {
    std::snprintf(number, sizeof number, "%g", dose);
  }
  const std::string n = number;
  if (unit == "puff") return n + "회 흡입";
  if (unit == "tablet") return n + "정";
  if (unit == "capsule") return n + "캡슐";
  if (unit == "ml") return n + " mL";
  if (unit == "ampoule") return n + "앰플";
  if (unit == "injection") return n + "회 주사";
  return n + " " + std::string(unit);
}

}  // namespace soom::medication
