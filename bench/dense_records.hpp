#pragma once
// Shared by the records and report benchmarks: a plausible dense diary (mostly PEF and
// intakes, some symptoms, a status, now and then a control test) written through
// RecordsService::batch, and latency percentiles.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/random.hpp"
#include "core/time.hpp"
#include "modules/records/records.hpp"

namespace soom::bench {

inline constexpr const char* kBenchZone = "Asia/Seoul";

inline records::RecordInput sample_record(std::mt19937_64& rng, Instant at) {
  records::RecordInput in;
  in.occurred_at = at;
  in.time_zone = kBenchZone;
  const int kind = static_cast<int>(rng() % 100);
  if (kind < 30) {
    records::LungFunctionDetail d;
    d.pef = 300 + static_cast<int>(rng() % 250);
    in.detail = d;
  } else if (kind < 60) {
    records::IntakeDetail d;
    d.medication_name = kind < 50 ? "심비코트 터부헬러" : "벤토린 흡입기";
    d.category = kind < 50 ? "controller" : "rescue";
    d.doses = kind < 50 ? 2 : 1;
    in.detail = d;
  } else if (kind < 85) {
    records::SymptomDetail d;
    static const char* kinds[] = {"cough", "wheeze", "chest_tightness", "shortness_of_breath", "night_waking"};
    d.symptoms = {kinds[rng() % 5]};
    d.severity = 1 + static_cast<int>(rng() % 3);
    d.triggers = {"fine_dust"};
    in.detail = d;
  } else if (kind < 97) {
    records::StatusDetail d;
    d.mood = 1 + static_cast<int>(rng() % 5);
    d.note = "오늘은 조금 답답했어요";
    in.detail = d;
  } else {
    records::ControlTestDetail d;
    d.instrument = "act";
    for (int i = 1; i <= 5; ++i) d.answers["act_" + std::to_string(i)] = 1 + static_cast<int>(rng() % 5);
    in.detail = d;
  }
  in.memo = "벤치마크 기록";
  return in;
}

// Writes `count` records for `user` spread evenly between `from` and `to`, in batches of
// `batch`; throws on any failed item. Returns the number written.
inline std::int64_t write_records(records::RecordsService& service, const std::string& user, Instant from, Instant to,
                                  std::int64_t count, int batch, std::mt19937_64& rng) {
  const auto span = (to - from).count();
  std::int64_t written = 0;
  std::vector<records::BatchItem> items;
  for (std::int64_t i = 0; i < count; ++i) {
    const auto offset = count > 1 ? span * i / count : 0;
    records::BatchItem item;
    item.id = new_uuid_v7();
    item.input = sample_record(rng, from + std::chrono::milliseconds(offset + static_cast<std::int64_t>(rng() % 60'000)));
    items.push_back(std::move(item));
    if (static_cast<int>(items.size()) == batch || i + 1 == count) {
      auto result = service.batch(user, items);
      if (!result) throw std::runtime_error("batch: " + result.error().internal_message);
      for (const auto& r : *result) {
        if (r.status >= 300) throw std::runtime_error("batch item failed with " + std::to_string(r.status));
      }
      written += static_cast<std::int64_t>(items.size());
      items.clear();
    }
  }
  return written;
}

inline double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

inline double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace soom::bench
