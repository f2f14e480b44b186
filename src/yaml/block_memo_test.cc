// The memo of parsed blocks: what it keeps, finds and forgets (block_memo.h). Loading with a memo
// is checked against loading without one in fast_parser_test.cc.
#include "yaml/block_memo.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace sidecarctl::yaml {
namespace {

using Json = nlohmann::json;

TEST_CASE("a block's value is kept the second time its text is met, and found by text, column and parent") {
  BlockMemo memo;
  const std::string text = "name: istio-proxy\nimage: proxyv2\n";
  const BlockMemo::Block block{4, 2, text};
  BlockMemo::Probe first = memo.look(block);
  CHECK(first.built == nullptr);
  CHECK_FALSE(first.wanted);
  BlockMemo::Probe second = memo.look(block);
  REQUIRE(second.built == nullptr);
  REQUIRE(second.wanted);
  memo.keep(second, block, {Json{{"name", "istio-proxy"}}, 3, 1, 2});
  CHECK(memo.kept_blocks() == 1);

  BlockMemo::Probe found = memo.look(BlockMemo::Block{4, 2, std::string(text)});  // equal text elsewhere
  REQUIRE(found.built != nullptr);
  CHECK(found.built->value == Json{{"name", "istio-proxy"}});
  CHECK(found.built->nodes == 3);
  CHECK(found.built->lines == 2);
  CHECK(memo.look(BlockMemo::Block{6, 2, text}).built == nullptr);  // another column
  CHECK(memo.look(BlockMemo::Block{4, 0, text}).built == nullptr);  // another parent
  CHECK(memo.look(BlockMemo::Block{4, 2, "name: istio-proxy\nimage: proxyv3\n"}).built == nullptr);
}

TEST_CASE("the memo starts over past its bound") {
  BlockMemo memo;
  std::vector<std::string> texts;
  for (int i = 0; i < 40; ++i) texts.push_back(std::to_string(i) + std::string(100'000, 'x'));
  for (const std::string& t : texts) {
    const BlockMemo::Block block{0, -1, t};
    memo.look(block);
    memo.keep(memo.look(block), block, {Json(t.substr(0, 3)), 1, 0, 1});
  }
  CHECK(memo.kept_blocks() < 40);  // 4 MB of text: more than a memo keeps
  const BlockMemo::Block last{0, -1, texts.back()};
  REQUIRE(memo.look(last).built != nullptr);
  CHECK(memo.look(last).built->value == Json(texts.back().substr(0, 3)));
}

TEST_CASE("blocks met once are forgotten before the kept ones") {
  BlockMemo memo;
  const BlockMemo::Block kept{2, 0, "name: istio-init\nimage: proxyv2\n"};
  memo.look(kept);
  memo.keep(memo.look(kept), kept, {Json("init"), 1, 0, 2});
  std::vector<std::string> once;
  for (int i = 0; i < 20'000; ++i) once.push_back("name: app-" + std::to_string(i) + "\n");
  for (const std::string& t : once) CHECK_FALSE(memo.look(BlockMemo::Block{2, 0, t}).wanted);
  REQUIRE(memo.look(kept).built != nullptr);
  CHECK(memo.look(kept).built->value == Json("init"));
  // The first of them was forgotten: met again, it counts as met once.
  CHECK_FALSE(memo.look(BlockMemo::Block{2, 0, once.front()}).wanted);
}

TEST_CASE("collection_depth counts nested collections") {
  CHECK(collection_depth(Json("a")) == 0);
  CHECK(collection_depth(Json::object()) == 1);
  CHECK(collection_depth(Json{{"a", {1, {{"b", Json::array()}}}}}) == 4);
}

}  // namespace
}  // namespace sidecarctl::yaml
