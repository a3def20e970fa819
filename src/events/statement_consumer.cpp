#include "events/statement_consumer.hpp"

namespace soom::events {
namespace {

class StatementConsumer final : public Consumer {
 public:
  StatementConsumer(std::string name, std::string prefix, std::shared_ptr<db::Database> db,
                    std::vector<std::string> statements)
      : name_(std::move(name)), prefix_(std::move(prefix)), db_(std::move(db)), statements_(std::move(statements)) {}
  std::string name() const override { return name_; }
  std::string type_prefix() const override { return prefix_; }
  Status handle(const Event& event) override {
    auto tx = db_->begin();
    for (const auto& sql : statements_) tx.query(sql, {event.aggregate_id});
    tx.commit();
    return {};
  }

 private:
  std::string name_;
  std::string prefix_;
  std::shared_ptr<db::Database> db_;
  std::vector<std::string> statements_;
};

}  // namespace

std::shared_ptr<Consumer> make_statement_consumer(std::string name, std::string type_prefix,
                                                  std::shared_ptr<db::Database> db,
                                                  std::vector<std::string> statements) {
  return std::make_shared<StatementConsumer>(std::move(name), std::move(type_prefix), std::move(db),
                                             std::move(statements));
}

}  // namespace soom::events
