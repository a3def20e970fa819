#include "db/sealed_columns.hpp"

#include <gtest/gtest.h>

#include "db/testing/engine_fixture.hpp"

namespace soom::db {
namespace {

class SealedColumnsTest : public testing::EngineTest {};

TEST_P(SealedColumnsTest, SealsPlaintextInBatchesAndLeavesSealedValues) {
  const SecretBox box(std::string(48, 'k'));
  {
    auto tx = db().begin();
    tx.query("CREATE TABLE vault (id TEXT PRIMARY KEY, secret TEXT NOT NULL)");
    tx.query("INSERT INTO vault (id, secret) VALUES ('a', 'seed-a'), ('b', 'seed-b'), ('c', 'seed-c')");
    tx.query("INSERT INTO vault (id, secret) VALUES ('d', $1)", {box.seal("seed-d", "vault")});
    tx.commit();
  }
  const SealedColumn vault{"vault", "id", "secret", "vault"};
  const auto seal = [&] {
    auto tx = db().begin();
    const int n = seal_plaintext(tx, box, vault, 2);
    tx.commit();
    return n;
  };
  EXPECT_EQ(seal(), 2);
  EXPECT_EQ(seal(), 1);
  EXPECT_EQ(seal(), 0);
  auto tx = db().read();
  for (const auto& r : tx.query("SELECT id, secret FROM vault ORDER BY id").rows) {
    EXPECT_TRUE(SecretBox::is_sealed(r.get_text(1))) << r.get_text(0);
    EXPECT_EQ(box.open(r.get_text(1), "vault"), std::optional<std::string>("seed-" + r.get_text(0)));
  }
}

SOOM_INSTANTIATE_FOR_ENGINES(SealedColumnsTest);

}  // namespace
}  // namespace soom::db
