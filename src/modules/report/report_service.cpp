// The report context's service: gathers what the other contexts' public APIs say about the
// user (records, settings, medications, adherence, profile), hands it to the pure builders
// and keeps the action plan's texts in its own table.
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "cache/cache.hpp"
#include "cache/rate_limiter.hpp"
#include "core/random.hpp"
#include "db/db.hpp"
#include "events/outbox.hpp"
#include "modules/identity/identity.hpp"
#include "modules/medication/medication.hpp"
#include "modules/notification/notification.hpp"
#include "modules/records/records.hpp"
#include "modules/report/action_plan.hpp"
#include "modules/report/charts.hpp"
#include "modules/report/csv_export.hpp"
#include "modules/report/export_json.hpp"
#include "modules/report/fhir_bundle.hpp"
#include "modules/report/report.hpp"
#include "modules/report/report_builder.hpp"
#include "modules/report/report_pdf.hpp"
#include "modules/report/share_opened.hpp"
#include "modules/report/shares.hpp"

namespace soom::report {
namespace {

namespace json = boost::json;
using std::chrono::days;

// Records keep their own zone for their day; fetch a margin wide enough for any UTC offset.
constexpr days kZoneMargin{2};
constexpr int kDefaultPeriodDays = 28;
constexpr int kNotificationPages = 50;  // personal-data export: at most 50 × 100 notifications
constexpr int kDoseHorizonDays = 15;
// Public share links: a clinician opens a report a few times; anything faster is a script.
constexpr std::int64_t kShareOpensPerToken = 30;   // per window, per link
constexpr std::int64_t kShareOpensPerClient = 60;  // per window, per client address (also unknown links)
constexpr std::chrono::minutes kShareRateWindow{10};    // beyond the reminder scheduler's longest horizon (14 days)

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// As-needed ICS-formoterol is recognized through the medication catalog: a medication
// linked to a catalog drug whose class is an ICS combination and whose generic name
// contains formoterol (budesonide/formoterol, e.g. Symbicort, DuoResp). Free-text
// medications are not guessed at and count as SABA (the conservative side for GINA).
bool is_ics_formoterol(const medication::Drug& d) {
  return d.drug_class.rfind("ICS", 0) == 0 && contains(d.generic_en, "formoterol");
}

ControllerFigures figures_of(const medication::AdherenceFigures& f) {
  return {f.scheduled, f.taken, f.missed, f.skipped, f.taken_percent, f.on_time_percent};
}

class Service final : public ReportService {
 public:
  explicit Service(Dependencies deps) : deps_(std::move(deps)) {}

  Result<Report> report(const std::string& user_id, const std::optional<std::string>& from_text,
                        const std::optional<std::string>& to_text) override {
    auto profile = deps_.identity->profile(user_id);
    if (!profile) return profile.error();
    auto settings = deps_.records->settings(user_id);  // also the health-data consent gate
    if (!settings) return settings.error();
    auto period = resolve_period(from_text, to_text, profile->time_zone);
    if (!period) return period.error();
    const auto [from, to] = *period;
    const int n = days_between_inclusive(from, to);

    ReportInputs in;
    in.from = from;
    in.to = to;
    in.time_zone = profile->time_zone;
    in.now = deps_.clock->now();
    const Day earliest = std::min(from - days(n), to - days(deps_.settings.personal_best_window_days - 1));
    // The lean read: only the fields the figures (and adherence's intake matching) use.
    auto found =
        deps_.records->record_facts_between(user_id, Instant(earliest - kZoneMargin), Instant(to + kZoneMargin));
    if (!found) return found.error();
    in.records = std::move(*found);
    in.ics_formoterol_medication_ids = ics_formoterol_medications(user_id);
    in.peak_flow.user_entered_best = settings->personal_best_pef;
    in.peak_flow.green_min_percent = settings->green_min_percent;
    in.peak_flow.yellow_min_percent = settings->yellow_min_percent;
    in.peak_flow.personal_best_window_days = deps_.settings.personal_best_window_days;
    if (profile->birth_year) {
      in.peak_flow.age_years = static_cast<int>(std::chrono::year_month_day{to}.year()) - *profile->birth_year;
    }
    in.peak_flow.sex = profile->sex;
    in.peak_flow.height_cm = profile->height_cm;

    // The period, the one before it and every week, in one pass over the slots; the intake
    // records are the ones just read (they span the previous period too).
    std::vector<medication::DatePeriod> periods{{format_day(from), format_day(to)},
                                                {format_day(from - days(n)), format_day(from - days(1))}};
    for (Day start = from; start <= to; start += days(7)) {
      periods.push_back({format_day(start), format_day(std::min(to, start + days(6)))});
    }
    const medication::LoadedRecords loaded{Instant(earliest - kZoneMargin), Instant(to + kZoneMargin), &in.records};
    auto adherence = deps_.medication->adherence_for_periods(user_id, periods, &loaded);
    if (!adherence) spdlog::warn("report: adherence unavailable: {}", adherence.error().internal_message);
    const auto weeks = periods.size() - 2;
    if (adherence && adherence->size() == periods.size()) {
      const auto& current = (*adherence)[0];
      in.adherence.available = true;
      in.adherence.overall = figures_of(current.overall);
      for (const auto& m : current.medications) {
        in.adherence.medications.push_back({m.medication_id, m.name, figures_of(m.figures)});
      }
      in.previous_adherence_percent = (*adherence)[1].overall.taken_percent;
      for (std::size_t w = 0; w < weeks; ++w) in.weekly_controller.push_back(figures_of((*adherence)[w + 2].overall));
    } else {
      in.weekly_controller.assign(weeks, std::nullopt);
    }
    return build_report(in);
  }

  Result<ActionPlan> action_plan(const std::string& user_id) override {
    auto settings = deps_.records->settings(user_id);
    if (!settings) return settings.error();
    ActionPlan plan;
    {
      auto tx = deps_.db->read();
      if (auto stored = repo::load_plan(tx, user_id)) plan = std::move(*stored);
    }
    plan.personal_best_pef = settings->personal_best_pef;
    plan.green_min_percent = settings->green_min_percent;
    plan.yellow_min_percent = settings->yellow_min_percent;
    return plan;
  }

  Result<ActionPlan> save_action_plan(const std::string& user_id, const ActionPlan& plan) override {
    if (auto errors = validate_action_plan(plan); !errors.empty()) return Error::validation(std::move(errors));
    // The thresholds belong to the records context: written through its API (which checks
    // the consent and the same rules), then the texts here. Validation above makes a
    // refusal of the second step after the first impossible short of an outage.
    records::RecordsSettings s;
    s.personal_best_pef = plan.personal_best_pef;
    s.green_min_percent = plan.green_min_percent;
    s.yellow_min_percent = plan.yellow_min_percent;
    auto saved = deps_.records->update_settings(user_id, s);
    if (!saved) return saved.error();
    {
      auto tx = deps_.db->begin();
      repo::save_plan(tx, user_id, plan, deps_.clock->now());
      tx.commit();
    }
    return action_plan(user_id);
  }

  Result<Download> export_csv(const std::string& user_id) override {
    auto all = all_records(user_id);
    if (!all) return all.error();
    return Download{"text/csv; charset=utf-8", "soomcare-records.csv", records_csv(*all), {}};
  }

  Result<Download> export_fhir(const std::string& user_id) override {
    auto profile = deps_.identity->profile(user_id);
    if (!profile) return profile.error();
    auto all = all_records(user_id);
    if (!all) return all.error();
    FhirInputs in;
    in.patient_id = user_id;
    in.birth_year = profile->birth_year;
    in.sex = profile->sex;
    in.records = std::move(*all);
    if (auto meds = deps_.medication->list(user_id)) in.medications = std::move(*meds);
    in.now = deps_.clock->now();
    in.today = format_day(local_day_of(in.now, profile->time_zone));
    return Download{"application/fhir+json", "soomcare-fhir.json", json::serialize(fhir_bundle(in)), {}};
  }

  Result<Download> export_personal_data(const std::string& user_id) override {
    auto profile = deps_.identity->profile(user_id);
    if (!profile) return profile.error();
    json::object out{{"exported_at", format_rfc3339(deps_.clock->now())},
                     {"profile", profile_export_json(*profile)}};
    json::array consents;
    if (auto cs = deps_.identity->consents(user_id)) {
      for (const auto& c : *cs) consents.push_back(consent_export_json(c));
    }
    out["consents"] = std::move(consents);
    // Health data needs the health-data consent; without it this part is empty (and says why).
    auto settings = deps_.records->settings(user_id);
    if (settings) {
      out["records_settings"] = {{"personal_best_pef", settings->personal_best_pef
                                                           ? json::value(*settings->personal_best_pef)
                                                           : json::value(nullptr)},
                                 {"green_min_percent", settings->green_min_percent},
                                 {"yellow_min_percent", settings->yellow_min_percent}};
      json::array records;
      if (auto all = all_records(user_id)) {
        for (const auto& r : *all) records.push_back(record_export_json(r));
      }
      out["records"] = std::move(records);
      if (auto plan = action_plan(user_id)) out["action_plan"] = action_plan_json(*plan);
    } else {
      out["health_data"] = "건강정보 수집 동의가 없어 기록이 없습니다";
    }
    json::array meds;
    if (auto list = deps_.medication->list(user_id)) {
      for (const auto& m : *list) meds.push_back(medication_export_json(m));
    }
    out["medications"] = std::move(meds);
    out["doses"] = dose_slots(user_id, profile->created_at);
    json::array partners;
    if (auto list = deps_.medication->partners(user_id)) {
      for (const auto& p : list->partners) partners.push_back(partner_export_json(p));
      for (const auto& p : list->patients) partners.push_back(partner_export_json(p));
    }
    out["care_partners"] = std::move(partners);
    out["notifications"] = notifications(user_id);
    return Download{"application/json", "soomcare-personal-data.json", json::serialize(out), {}};
  }

  Result<Download> chart_svg(const std::string& user_id, const std::string& chart,
                             const std::optional<std::string>& from, const std::optional<std::string>& to) override {
    const auto kind = chart_kind(chart);
    if (!kind) return Error::not_found("chart");
    auto r = report(user_id, from, to);
    if (!r) return r.error();
    return Download{"image/svg+xml", chart + ".svg", render_chart_svg(*kind, *r), {}};
  }

  Result<Download> report_pdf(const std::string& user_id, const std::optional<std::string>& from,
                              const std::optional<std::string>& to) override {
    auto r = report(user_id, from, to);
    if (!r) return r.error();
    auto plan = action_plan(user_id);
    if (!plan) return plan.error();
    auto profile = deps_.identity->profile(user_id);
    if (!profile) return profile.error();
    const auto span = r->period.from + "_" + r->period.to;
    return Download{"application/pdf", "soomcare-report-" + span + ".pdf",
                    render_report_pdf(*r, *plan, profile->nickname), "숨케어-리포트-" + span + ".pdf"};
  }

  Result<CreatedShare> create_share(const std::string& user_id, const ShareInput& input) override {
    if (auto errors = validate_share_input(input); !errors.empty()) return Error::validation(std::move(errors));
    auto profile = deps_.identity->profile(user_id);
    if (!profile) return profile.error();
    auto settings = deps_.records->settings(user_id);  // the health-data consent gate
    if (!settings) return settings.error();
    auto period = resolve_period(input.from, input.to, profile->time_zone);
    if (!period) return period.error();
    const auto now = deps_.clock->now();
    CreatedShare created;
    created.token = random_token(32);  // 256 bits
    auto& share = created.share;
    share.id = new_uuid_v7();
    share.from = format_day(period->first);
    share.to = format_day(period->second);
    share.note = input.note;
    share.created_at = now;
    share.expires_at = now + days(input.expires_in_days);
    share.status = share_status(share, now);
    auto tx = deps_.db->begin();
    repo::insert_share(tx, user_id, share, share_token_hash(created.token));
    tx.commit();
    return created;
  }

  Result<std::vector<ReportShare>> list_shares(const std::string& user_id) override {
    auto tx = deps_.db->read();
    return repo::list_shares(tx, user_id, deps_.clock->now());
  }

  Status revoke_share(const std::string& user_id, const std::string& share_id) override {
    auto tx = deps_.db->begin();
    if (!repo::revoke_share(tx, user_id, share_id, deps_.clock->now())) return Error::not_found("share");
    tx.commit();
    return {};
  }

  Result<std::vector<ShareAccess>> share_accesses(const std::string& user_id, const std::string& share_id) override {
    auto tx = deps_.db->read();
    if (!repo::find_share(tx, user_id, share_id, deps_.clock->now())) return Error::not_found("share");
    return repo::list_accesses(tx, user_id, share_id);
  }

  Result<SharedReport> open_share(const std::string& token, const ShareVisitor& visitor) override {
    // The client limit comes first, so guessing tokens is throttled like opening one.
    if (auto limited = over_limit("client:" + visitor.client_ip, kShareOpensPerClient)) return *limited;
    const auto hash = share_token_hash(token);
    const auto now = deps_.clock->now();
    std::optional<std::pair<std::string, ReportShare>> found;
    {
      auto tx = deps_.db->read();
      found = repo::find_share_by_hash(tx, hash, now);
    }
    // Unknown, expired and revoked links look the same from outside.
    if (!found || found->second.status != "active") return Error::not_found("report");
    if (auto limited = over_limit("token:" + hash, kShareOpensPerToken)) return *limited;
    const auto& [owner, share] = *found;
    auto r = report(owner, share.from, share.to);
    if (!r) return Error::not_found("report");  // e.g. the patient withdrew the health-data consent
    auto plan = action_plan(owner);
    if (!plan) return Error::not_found("report");
    auto profile = deps_.identity->profile(owner);
    if (!profile) return Error::not_found("report");
    {
      auto tx = deps_.db->begin();
      const auto access_id = new_uuid_v7();
      repo::log_access(tx, owner, share.id,
                       {access_id, now, visitor.resource, clean_user_agent(visitor.user_agent),
                        visitor.client_ip.substr(0, 64)});
      events::publish(tx, kShareOpened, owner, {{"share_id", share.id}, {"access_id", access_id}}, now);
      tx.commit();
    }
    return SharedReport{std::move(*r), std::move(*plan), profile->nickname, share.expires_at};
  }

  Result<Download> shared_pdf(const std::string& token, const ShareVisitor& visitor) override {
    auto shared = open_share(token, visitor);
    if (!shared) return shared.error();
    const auto span = shared->report.period.from + "_" + shared->report.period.to;
    return Download{"application/pdf", "soomcare-report-" + span + ".pdf",
                    render_report_pdf(shared->report, shared->plan, shared->nickname),
                    "숨케어-리포트-" + span + ".pdf"};
  }

 private:
  std::optional<Error> over_limit(const std::string& key, std::int64_t limit) {
    if (!deps_.cache) return std::nullopt;
    const auto counter = deps_.cache->increment("report_share:" + key, kShareRateWindow);
    if (counter.count <= limit) return std::nullopt;
    return cache::rate_limited("요청이 너무 많습니다. 잠시 후 다시 시도해 주세요", counter.remaining);
  }

  Result<std::pair<Day, Day>> resolve_period(const std::optional<std::string>& from_text,
                                             const std::optional<std::string>& to_text,
                                             const std::string& time_zone) {
    std::vector<FieldError> errors;
    if (from_text.has_value() != to_text.has_value()) {
      errors.push_back({from_text ? "to" : "from", "required", "from과 to는 함께 보내야 합니다"});
      return Error::validation(std::move(errors));
    }
    if (!from_text) {
      const Day today = local_day_of(deps_.clock->now(), time_zone);
      return std::pair{today - days(kDefaultPeriodDays - 1), today};
    }
    const auto from = parse_day(*from_text);
    const auto to = parse_day(*to_text);
    if (!from) errors.push_back({"from", "invalid", "YYYY-MM-DD 형식이어야 합니다"});
    if (!to) errors.push_back({"to", "invalid", "YYYY-MM-DD 형식이어야 합니다"});
    if (from && to && *from > *to) errors.push_back({"to", "out_of_range", "to는 from 이후여야 합니다"});
    if (from && to && *from <= *to && days_between_inclusive(*from, *to) > kMaxReportDays) {
      errors.push_back({"to", "out_of_range", "기간은 최대 366일입니다"});
    }
    if (!errors.empty()) return Error::validation(std::move(errors));
    return std::pair{*from, *to};
  }

  std::set<std::string> ics_formoterol_medications(const std::string& user_id) {
    std::set<std::string> ids;
    auto meds = deps_.medication->list(user_id);
    if (!meds) return ids;
    for (const auto& m : *meds) {
      if (!m.drug_id) continue;
      if (auto drug = deps_.medication->drug(*m.drug_id); drug && is_ics_formoterol(*drug)) ids.insert(m.id);
    }
    return ids;
  }

  Result<std::vector<records::Record>> all_records(const std::string& user_id) {
    // Records cannot lie in the future beyond a day's margin; the epoch bounds the past.
    return deps_.records->records_between(user_id, Instant{}, deps_.clock->now() + days(2));
  }

  // Dose slots exist only since the account was created; the medication API answers at
  // most 62 days per call, so walk the account's lifetime in 60-day steps (ahead to the
  // scheduler's horizon).
  json::array dose_slots(const std::string& user_id, Instant account_created) {
    json::array out;
    const Instant end = deps_.clock->now() + days(kDoseHorizonDays);
    for (Instant from = account_created - days(1); from < end; from += days(60)) {
      auto list = deps_.medication->doses(user_id, from, std::min(end, from + days(60)));
      if (!list) {
        spdlog::warn("report: dose slots unavailable: {}", list.error().internal_message);
        break;
      }
      for (const auto& d : *list) out.push_back(dose_export_json(d));
    }
    return out;
  }

  json::array notifications(const std::string& user_id) {
    json::array out;
    if (!deps_.notifications) return out;
    notification::InboxQuery q;
    q.limit = 100;
    for (int page = 0; page < kNotificationPages; ++page) {
      auto p = deps_.notifications->list(user_id, q);
      if (!p) break;
      for (const auto& n : p->items) out.push_back(notification_export_json(n));
      if (!p->next_cursor) break;
      q.cursor = p->next_cursor;
    }
    return out;
  }

  Dependencies deps_;
};

}  // namespace

std::shared_ptr<ReportService> make_report_service(const Dependencies& deps) {
  return std::make_shared<Service>(deps);
}

}  // namespace soom::report
