// Post images on both engines: upload (re-encoded, rate-limited, capped), who may fetch an
// image (uploader before attachment; afterwards whoever can see the post), the purge of
// stale unattached uploads, and the erasure consumers (post deleted, account deleted) —
// files shared by content address survive while another row still uses them.
#include "modules/community/post_images.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "cache/cache.hpp"
#include "core/random.hpp"
#include "db/migrations.hpp"
#include "db/testing/engine_fixture.hpp"
#include "events/dispatcher.hpp"
#include "modules/community/community_repository.hpp"
#include "modules/community/feed_score.hpp"
#include "modules/community/image_codec.hpp"
#include "modules/identity/identity.hpp"

namespace soom::community {
namespace {

const Instant kT0 = from_unix_ms(1'764'000'000'000);

std::string png(int width = 24, int height = 16, int seed = 0) {
  std::string rgb(static_cast<std::size_t>(width * height * 3), '\0');
  for (std::size_t i = 0; i < rgb.size(); ++i) rgb[i] = static_cast<char>((i * 7 + static_cast<std::size_t>(seed)) % 251);
  return encode_rgb(ImageFormat::kPng, rgb, width, height).value();
}

class PostImagesTest : public db::testing::MigratedEngineTest {
 protected:
  void SetUp() override {
    MigratedEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    dir_ = std::filesystem::temp_directory_path() / ("soom-images-" + new_uuid_v7());
    clock_ = std::make_shared<ManualClock>(kT0);
    deps_.db = std::shared_ptr<db::Database>(db::open_database(temp().options()));
    deps_.clock = clock_;
    deps_.cache = cache::make_memory_cache(deps_.clock);
    deps_.images = make_image_store(dir_.string());
    deps_.settings.images_per_window = 5;
    deps_.settings.max_unattached_images = 3;
    service_ = make_community_service(deps_);
  }
  void TearDown() override {
    service_.reset();
    deps_ = {};
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    EngineTest::TearDown();
  }

  std::string add_post(const std::string& author) {
    repo::NewPost p;
    p.id = new_uuid_v7();
    p.author_id = author;
    p.author_nickname = "닉" + author;
    p.category = "daily";
    p.body = "본문";
    p.body_hash = p.id;
    p.score = popularity_score(0, 0, kT0);
    p.now = clock_->now();
    auto tx = db().begin();
    repo::insert_post(tx, p);
    tx.commit();
    return p.id;
  }
  void attach(const std::string& image_id, const std::string& post_id, int position = 0) {
    auto tx = db().begin();
    ASSERT_TRUE(image_repo::attach(tx, image_id, post_id, position));
    tx.commit();
  }
  std::string key_of(const std::string& image_id) {
    auto tx = db().read();
    return image_repo::find_image(tx, image_id).value().storage_key;
  }
  bool stored(const std::string& key) { return deps_.images->get(key).value().has_value(); }
  std::shared_ptr<events::Consumer> consumer(const std::string& name) {
    for (auto& c : make_community_consumers(deps_)) {
      if (c->name() == name) return c;
    }
    return nullptr;
  }
  static events::Event event(const std::string& type, const std::string& aggregate) {
    events::Event e;
    e.id = new_uuid_v7();
    e.type = type;
    e.aggregate_id = aggregate;
    e.payload = "{}";
    e.created_at = kT0;
    return e;
  }

  std::filesystem::path dir_;
  std::shared_ptr<ManualClock> clock_;
  Dependencies deps_;
  std::shared_ptr<CommunityService> service_;
};

TEST_P(PostImagesTest, UploadIsReencodedAndOnlyItsUploaderSeesItBeforeAttachment) {
  const auto bytes = png();
  auto up = service_->upload_image("alice", bytes, "image/png");
  ASSERT_TRUE(up.ok()) << up.error().public_message;
  EXPECT_EQ(up->content_type, "image/png");
  EXPECT_EQ(up->width, 24);
  EXPECT_EQ(up->height, 16);
  auto mine = service_->image("alice", up->id);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->content_type, "image/png");
  EXPECT_EQ(mine->etag, image_key(mine->bytes));  // content address of what is served
  EXPECT_EQ(static_cast<std::int64_t>(mine->bytes.size()), up->bytes);
  EXPECT_EQ(sniff_image_format(mine->bytes), ImageFormat::kPng);
  EXPECT_EQ(service_->image("bob", up->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_->image("alice", new_uuid_v7()).error().code, ErrorCode::kNotFound);
}

TEST_P(PostImagesTest, UploadRefusesBadInputAndWritesNothing) {
  const auto bytes = png();
  EXPECT_EQ(service_->upload_image("alice", bytes, "text/plain").error().code, ErrorCode::kUnsupportedMediaType);
  EXPECT_EQ(service_->upload_image("alice", bytes, "image/jpeg").error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(service_->upload_image("alice", bytes.substr(0, bytes.size() / 2), "image/png").error().code,
            ErrorCode::kValidationFailed);
  EXPECT_EQ(service_->upload_image("alice", std::string(kMaxImageBytes + 1, 'x'), "image/png").error().code,
            ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(count("community_images"), 0);
  EXPECT_FALSE(std::filesystem::exists(dir_) && !std::filesystem::is_empty(dir_));
}

TEST_P(PostImagesTest, UnattachedUploadsAreCappedAndUploadsRateLimited) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(service_->upload_image("alice", png(8, 8, i), "image/png").ok());
  EXPECT_EQ(service_->upload_image("alice", png(8, 8, 9), "image/png").error().code, ErrorCode::kConflict);
  EXPECT_EQ(count("community_images"), 3);
  // Another user has their own cap; the rate limit (5 per window) counts attempts.
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(service_->upload_image("bob", png(8, 8, i), "image/png").ok());
  {
    auto tx = db().begin();
    tx.query("UPDATE community_images SET post_id = 'p' WHERE owner_id = 'bob'");
    tx.commit();
  }
  ASSERT_TRUE(service_->upload_image("bob", png(8, 8, 5), "image/png").ok());
  ASSERT_TRUE(service_->upload_image("bob", png(8, 8, 6), "image/png").ok());
  EXPECT_EQ(service_->upload_image("bob", png(8, 8, 7), "image/png").error().code, ErrorCode::kRateLimited);
}

TEST_P(PostImagesTest, AttachedImageFollowsThePostsVisibility) {
  auto up = service_->upload_image("alice", png(), "image/png");
  ASSERT_TRUE(up.ok());
  const auto post = add_post("alice");
  attach(up->id, post);
  EXPECT_TRUE(service_->image("bob", up->id).ok());
  {
    auto tx = db().begin();
    ASSERT_TRUE(repo::set_post_status(tx, post, "visible", "hidden", std::string("reports"), kT0));
    tx.commit();
  }
  EXPECT_EQ(service_->image("bob", up->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->image("alice", up->id).ok());  // the author still sees a hidden post
  {
    auto tx = db().begin();
    ASSERT_TRUE(repo::set_post_status(tx, post, "hidden", "visible", std::nullopt, kT0));
    repo::insert_block(tx, "carol", "alice", "닉alice", kT0);
    tx.commit();
  }
  EXPECT_TRUE(service_->image("bob", up->id).ok());
  EXPECT_EQ(service_->image("carol", up->id).error().code, ErrorCode::kNotFound);
  {
    auto tx = db().begin();
    ASSERT_TRUE(repo::set_post_status(tx, post, "visible", "deleted", std::nullopt, kT0));
    tx.commit();
  }
  EXPECT_EQ(service_->image("alice", up->id).error().code, ErrorCode::kNotFound);
}

TEST_P(PostImagesTest, ImagesOfPostsComeInPositionOrderInOneQuery) {
  const auto p1 = add_post("alice");
  const auto p2 = add_post("alice");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(service_->upload_image("alice", png(8, 8, i), "image/png")->id);
  attach(ids[0], p1, 1);
  attach(ids[1], p1, 0);
  attach(ids[2], p2, 0);
  auto tx = db().begin();
  const auto rows = image_repo::images_of_posts(tx, {p1, p2, "unknown"});
  ASSERT_EQ(rows.size(), 3u);
  const auto first = p1 < p2 ? 0u : 1u;  // ordered by post id, then position
  EXPECT_EQ(rows[first].id, ids[1]);
  EXPECT_EQ(rows[first + 1].id, ids[0]);
  // An image on one post cannot be taken by another.
  EXPECT_FALSE(image_repo::attach(tx, ids[0], p2, 1));
}

TEST_P(PostImagesTest, PurgeTakesOnlyStaleUnattachedImagesAndKeepsSharedFiles) {
  const auto shared_bytes = png(10, 10, 1);
  auto stale = service_->upload_image("alice", png(10, 10, 2), "image/png");
  auto stale_shared = service_->upload_image("alice", shared_bytes, "image/png");
  auto attached = service_->upload_image("bob", shared_bytes, "image/png");  // same bytes → same file
  ASSERT_TRUE(stale.ok() && stale_shared.ok() && attached.ok());
  EXPECT_EQ(key_of(stale_shared->id), key_of(attached->id));
  attach(attached->id, add_post("bob"));
  clock_->advance(std::chrono::hours(23));
  auto fresh = service_->upload_image("alice", png(10, 10, 3), "image/png");
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(service_->purge_unattached_images().value(), 0);  // nothing is 24 h old yet
  clock_->advance(std::chrono::hours(1) + std::chrono::minutes(1));
  const auto stale_key = key_of(stale->id);
  EXPECT_EQ(service_->purge_unattached_images().value(), 2);
  EXPECT_EQ(count("community_images"), 2);
  EXPECT_FALSE(stored(stale_key));
  EXPECT_TRUE(service_->image("bob", attached->id).ok());  // its file was shared: kept
  EXPECT_TRUE(service_->image("alice", fresh->id).ok());
  EXPECT_EQ(service_->image("alice", stale->id).error().code, ErrorCode::kNotFound);
}

TEST_P(PostImagesTest, DeletedPostAndErasedAccountLoseTheirImagesIdempotently) {
  auto a1 = service_->upload_image("alice", png(12, 12, 1), "image/png");
  auto a2 = service_->upload_image("alice", png(12, 12, 2), "image/png");
  auto a3 = service_->upload_image("alice", png(12, 12, 3), "image/png");
  auto b1 = service_->upload_image("bob", png(12, 12, 4), "image/png");
  ASSERT_TRUE(a1.ok() && a2.ok() && a3.ok() && b1.ok());
  const auto post = add_post("alice");
  attach(a1->id, post, 0);
  attach(a2->id, post, 1);
  const auto k1 = key_of(a1->id);
  const auto k3 = key_of(a3->id);
  const auto kb = key_of(b1->id);

  auto post_eraser = consumer("community.post_image_erasure");
  ASSERT_NE(post_eraser, nullptr);
  EXPECT_EQ(post_eraser->type_prefix(), kPostDeleted);
  for (int run = 0; run < 2; ++run) ASSERT_TRUE(post_eraser->handle(event(kPostDeleted, post)).ok());
  EXPECT_EQ(count("community_images"), 2);
  EXPECT_FALSE(stored(k1));
  EXPECT_TRUE(stored(k3));

  auto user_eraser = consumer("community.user_image_erasure");
  ASSERT_NE(user_eraser, nullptr);
  EXPECT_EQ(user_eraser->type_prefix(), identity::kUserDeleted);
  for (int run = 0; run < 2; ++run) ASSERT_TRUE(user_eraser->handle(event(identity::kUserDeleted, "alice")).ok());
  EXPECT_EQ(count("community_images"), 1);
  EXPECT_FALSE(stored(k3));
  EXPECT_TRUE(stored(kb));
  EXPECT_TRUE(service_->image("bob", b1->id).ok());
}

SOOM_INSTANTIATE_FOR_ENGINES(PostImagesTest);

}  // namespace
}  // namespace soom::community
