#include "app/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace takt::app {
namespace {

using ::testing::HasSubstr;

ConfigSources Sources(std::map<std::string, std::string> env,
                      std::map<std::string, std::string> flags = {}) {
  ConfigSources sources;
  sources.flags = std::move(flags);
  sources.getenv = [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  return sources;
}

std::string WriteFile(const std::string& name, const std::string& text) {
  auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(ConfigTest, DefaultsNeedNoConfiguration) {
  auto config = LoadConfig(Sources({}));
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->host, "127.0.0.1");
  EXPECT_EQ(config->port, 8080);
  EXPECT_EQ(config->database_url, "sqlite://data/takt.db");
  EXPECT_EQ(config->body_limit_bytes, 1024 * 1024);
  EXPECT_FALSE(config->demo);
}

TEST(ConfigTest, FileThenEnvironmentThenFlagsWin) {
  const std::string file = WriteFile("takt_config_test_order.json",
                                     R"({"port": 9000, "host": "0.0.0.0", "log_level": "warn",
                                         "demo": true, "worker_threads": 3})");
  auto sources = Sources(
      {{"TAKT_PORT", "9100"}, {"TAKT_LOG_LEVEL", "debug"}, {"TAKT_WRITE_WORKER_THREADS", "12"}},
      {{"port", "9200"}});
  sources.config_file = file;
  auto config = LoadConfig(sources);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->port, 9200);          // flag
  EXPECT_EQ(config->log_level, "debug");  // environment over file
  EXPECT_EQ(config->host, "0.0.0.0");     // file over default
  EXPECT_EQ(config->worker_threads, 3);
  EXPECT_EQ(config->write_worker_threads, 12);  // environment over default
  EXPECT_TRUE(config->demo);
  std::remove(file.c_str());
}

TEST(ConfigTest, EveryBadSettingIsReportedWithKeySourceAndRule) {
  auto config = LoadConfig(Sources({{"TAKT_PORT", "70000"}, {"TAKT_LOG_LEVEL", "loud"}},
                                   {{"host", "localhost:1"}, {"io_threads", "x"}}));
  ASSERT_FALSE(config);
  const auto& errors = config.error().field_errors;
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].field, "port");
  EXPECT_THAT(errors[0].message, HasSubstr("environment TAKT_PORT"));
  EXPECT_THAT(errors[0].message, HasSubstr("from 1 to 65535"));
  EXPECT_THAT(errors[0].message, HasSubstr("'70000'"));
  EXPECT_EQ(errors[1].field, "log_level");
  EXPECT_EQ(errors[2].field, "host");
  EXPECT_THAT(errors[2].message, HasSubstr("command line"));
  EXPECT_EQ(errors[3].field, "io_threads");
}

TEST(ConfigTest, ConfigFileProblems) {
  const std::string bad_json = WriteFile("takt_config_test_bad.json", "{port: 1}");
  auto sources = Sources({});
  sources.config_file = bad_json;
  auto config = LoadConfig(sources);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().field_errors.at(0).field, "config");

  const std::string unknown = WriteFile("takt_config_test_unknown.json",
                                        R"({"prot": 1, "port": [1], "database_url": "mysql://x"})");
  sources.config_file = unknown;
  config = LoadConfig(sources);
  ASSERT_FALSE(config);
  const auto& errors = config.error().field_errors;
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].field, "prot");
  EXPECT_THAT(errors[0].message, HasSubstr("not a known setting"));
  EXPECT_EQ(errors[1].field, "port");
  EXPECT_EQ(errors[2].field, "database_url");

  sources.config_file = "/nonexistent/takt.json";
  config = LoadConfig(sources);
  ASSERT_FALSE(config);
  EXPECT_THAT(config.error().field_errors.at(0).message, HasSubstr("cannot read"));
  std::remove(bad_json.c_str());
  std::remove(unknown.c_str());
}

TEST(ConfigTest, ConfigFileFromEnvironmentAndShortTokenKey) {
  const std::string file = WriteFile("takt_config_test_env.json", R"({"port": 8181})");
  auto config = LoadConfig(Sources({{"TAKT_CONFIG", file}, {"TAKT_TOKEN_KEY", "short"}}));
  ASSERT_FALSE(config);
  ASSERT_EQ(config.error().field_errors.size(), 1u);
  EXPECT_EQ(config.error().field_errors[0].field, "token_key");
  config = LoadConfig(Sources({{"TAKT_CONFIG", file}}));
  ASSERT_TRUE(config);
  EXPECT_EQ(config->port, 8181);
  std::remove(file.c_str());
}

TEST(ConfigTest, EveryKeyHasAnEnvironmentVariableAndDescription) {
  for (const ConfigKey& key : ConfigKeys()) {
    EXPECT_EQ(key.env.rfind("TAKT_", 0), 0u) << key.key;
    EXPECT_FALSE(key.description.empty()) << key.key;
  }
}

}  // namespace
}  // namespace takt::app

namespace takt::app {
namespace {

// docs/configuration.md must document every setting with its environment variable.
TEST(ConfigTest, EveryKeyIsDocumented) {
  const char* source_dir = std::getenv("TAKT_SOURCE_DIR");
  if (source_dir == nullptr) GTEST_SKIP() << "TAKT_SOURCE_DIR is set by ctest";
  std::ifstream in(std::filesystem::path(source_dir) / "docs" / "configuration.md");
  ASSERT_TRUE(in) << "docs/configuration.md is missing";
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const ConfigKey& key : ConfigKeys()) {
    EXPECT_NE(text.find("| `" + key.key + "` | `" + key.env + "` |"), std::string::npos)
        << key.key << " is not documented in docs/configuration.md";
  }
}

}  // namespace
}  // namespace takt::app
