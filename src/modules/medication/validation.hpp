#pragma once
// Validation of medication input (all field errors at once, Korean messages).
#include <vector>

#include "core/error.hpp"
#include "modules/medication/medication.hpp"

namespace soom::medication {

inline constexpr std::size_t kMaxNameChars = 100;
inline constexpr std::size_t kMaxMemoChars = 1000;
inline constexpr std::size_t kMaxTimesPerDay = 12;
inline constexpr double kMaxDose = 100;
inline constexpr double kMaxInventory = 100'000;

// Checks ranges and shapes; sorts and de-duplicates times. Catalog checks are the service's.
std::vector<FieldError> validate_input(MedicationInput& input);

}  // namespace soom::medication
