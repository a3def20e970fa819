#pragma once
// Handlers translate JSON ⇄ service structs; no logic lives here.
#include "http/message.hpp"
#include "modules/records/records.hpp"

namespace soom::records::handlers {

http::Response put_record(RecordsService& service, http::Request& request);
http::Response get_record(RecordsService& service, http::Request& request);
http::Response patch_record(RecordsService& service, http::Request& request);
http::Response delete_record(RecordsService& service, http::Request& request);
http::Response batch_records(RecordsService& service, http::Request& request);
http::Response list_records(RecordsService& service, http::Request& request);
http::Response sync_records(RecordsService& service, http::Request& request);
http::Response get_calendar(RecordsService& service, http::Request& request);
http::Response get_calendar_day(RecordsService& service, http::Request& request);
http::Response get_settings(RecordsService& service, http::Request& request);
http::Response put_settings(RecordsService& service, http::Request& request);

}  // namespace soom::records::handlers
