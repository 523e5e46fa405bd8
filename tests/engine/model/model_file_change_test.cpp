// A model file changed under a loaded Session (copied over, truncated, rewritten in place, renamed over,
// deleted): never a signal, the answer in progress ends with "changed on disk", later answers fail with the
// same reason for a damaged file, and a file replaced by rename keeps the loaded copy answering while
// modelFileStatus() reports the replacement. Runs the same mid-answer and between answers.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "gguf/mapped_file.h"
#include "runtime/session.h"
#include "tiny_model.h"

using namespace peregrine;
using peregrine::testing::TinyModelSpec;
using peregrine::testing::writeTinyModel;
namespace fs = std::filesystem;

namespace {

GenerateOptions greedy(int n) {
    GenerateOptions g;
    g.maxTokens = n;
    g.sampling.temperature = 0.0f;
    return g;
}

TinyModelSpec biggerSpec(uint32_t seed = 1) {
    TinyModelSpec spec;  // a few hundred KiB, so truncation drops pages the forward pass reads
    spec.embd = 128;
    spec.ff = 256;
    spec.layers = 3;
    spec.seed = seed;
    return spec;
}

std::unique_ptr<Session> load(const fs::path& path) {
    auto s = Session::load(path.string(), SessionOptions{});
    EXPECT_TRUE(s.isOk()) << s.message();
    return s ? std::move(s).value() : nullptr;
}

// What `truncate -s SIZE` does; pages past the new end are dropped from every mapping (reads would SIGBUS).
void truncateTo(const fs::path& path, uint64_t size) {
    fs::resize_file(path, size);
}

void copyOver(const fs::path& from, const fs::path& to) {
    // What `cp from to` does: open with O_TRUNC, then write.
    std::ifstream in(from, std::ios::binary);
    std::ofstream out(to, std::ios::binary | std::ios::trunc);
    out << in.rdbuf();
}

}  // namespace

TEST(MappedFile, TruncationIsAbsorbedAndReported) {
    const fs::path path = writeTinyModel(biggerSpec(), "mapped-trunc.gguf");
    auto f = MappedFile::open(path.string());
    ASSERT_TRUE(f.isOk()) << f.message();
    const MappedFile& m = **f;
    EXPECT_EQ(m.damaged(), "");
    EXPECT_EQ(m.replaced(), "");
    const uint64_t size = m.size();
    truncateTo(path, 4096);
    // Reading past the new end would be SIGBUS: the guard turns it into zeros.
    volatile uint8_t sum = 0;
    for (uint64_t i = 8192; i < size; i += 4096) sum = static_cast<uint8_t>(sum + m.data()[i]);
    EXPECT_EQ(sum, 0);
    EXPECT_TRUE(m.faulted());
    EXPECT_NE(m.damaged(), "");
}

// InMemory (what a Session loads): the file's bytes in anonymous memory, so a truncation or a rewrite later
// cannot fault or change them, and damaged() still reports it.
TEST(MappedFile, InMemoryCopyKeepsTheBytesAndReportsTheChange) {
    const fs::path path = writeTinyModel(biggerSpec(), "mapped-copy.gguf");
    auto mapped = MappedFile::open(path.string());
    auto copy = MappedFile::open(path.string(), Residency::InMemory);
    ASSERT_TRUE(mapped.isOk()) << mapped.message();
    ASSERT_TRUE(copy.isOk()) << copy.message();
    const MappedFile& c = **copy;
    EXPECT_TRUE(c.inMemory());
    EXPECT_FALSE((*mapped)->inMemory());
    ASSERT_EQ(c.size(), (*mapped)->size());
    EXPECT_EQ(std::memcmp(c.data(), (*mapped)->data(), c.size()), 0);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(c.data()) % 64, 0u);
    const std::vector<uint8_t> before(c.data(), c.data() + c.size());
    mapped->reset();
    truncateTo(path, 4096);
    EXPECT_EQ(std::memcmp(c.data(), before.data(), before.size()), 0);  // no SIGBUS, nothing changed
    EXPECT_FALSE(c.faulted());
    EXPECT_NE(c.damaged(), "");
}

// The copy can start any file offset on a 64-byte line (GgufFile puts the tensor data there). A file of
// several huge pages, so that every loading thread's slice is shifted by the lead.
TEST(MappedFile, InMemoryCopyPutsTheAskedOffsetOnACacheLine) {
    const fs::path path = fs::temp_directory_path() / "peregrine-mapped-lead.bin";
    std::vector<uint8_t> bytes((size_t{9} << 20) + 12345);
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>((i * 2654435761u) >> 13);
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    for (uint64_t offset : {uint64_t{0}, uint64_t{32}, uint64_t{5}, uint64_t{4096 + 63}}) {
        SCOPED_TRACE(offset);
        auto copy = MappedFile::open(path.string(), Residency::InMemory, offset);
        ASSERT_TRUE(copy.isOk()) << copy.message();
        const MappedFile& c = **copy;
        ASSERT_TRUE(c.inMemory());
        EXPECT_EQ(reinterpret_cast<uintptr_t>(c.data() + offset) % 64, 0u);
        ASSERT_EQ(c.size(), bytes.size());
        EXPECT_EQ(std::memcmp(c.data(), bytes.data(), bytes.size()), 0);
    }
    fs::remove(path);
}

TEST(MappedFile, InMemoryOfAFileThatIsNotThere) {
    auto copy = MappedFile::open("/nonexistent/peregrine-model.gguf", Residency::InMemory);
    ASSERT_FALSE(copy.isOk());
    EXPECT_NE(copy.message().find("cannot open"), std::string::npos) << copy.message();
}

TEST(MappedFile, RenameOverIsReplacementNotDamage) {
    const fs::path path = writeTinyModel(TinyModelSpec{}, "mapped-rename.gguf");
    const fs::path other = writeTinyModel(TinyModelSpec{.seed = 7}, "mapped-rename-new.gguf");
    auto f = MappedFile::open(path.string());
    ASSERT_TRUE(f.isOk()) << f.message();
    fs::rename(other, path);
    EXPECT_EQ((*f)->damaged(), "");
    EXPECT_EQ((*f)->replaced(), "it was replaced by another file");
    fs::remove(path);
    EXPECT_EQ((*f)->replaced(), "it was removed");
}

TEST(ModelFileChange, TruncatedMidAnswerEndsTheAnswerWithTheReason) {
    const fs::path path = writeTinyModel(biggerSpec(), "change-mid-trunc.gguf");
    auto s = load(path);
    ASSERT_TRUE(s);
    int tokens = 0;
    auto stats = s->complete("the truck", greedy(40), [&](std::string_view, int32_t t) {
        if (t >= 0 && ++tokens == 3) truncateTo(path, 1024);
        return true;
    });
    ASSERT_FALSE(stats.isOk());
    EXPECT_NE(stats.message().find("changed on disk"), std::string::npos) << stats.message();
    EXPECT_EQ(tokens, 3);  // ended right after the change, not at maxTokens
    // Every later answer says the same until the model is reloaded.
    auto again = s->complete("the road", greedy(4), {});
    ASSERT_FALSE(again.isOk());
    EXPECT_NE(again.message().find("changed on disk"), std::string::npos);
    EXPECT_FALSE(s->modelFileStatus().isOk());
}

TEST(ModelFileChange, CopiedOverBetweenAnswers) {
    const fs::path path = writeTinyModel(biggerSpec(), "change-copy.gguf");
    const fs::path replacement = writeTinyModel(biggerSpec(9), "change-copy-src.gguf");
    auto s = load(path);
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->complete("the truck", greedy(4), {}).isOk());
    copyOver(replacement, path);  // same size, new bytes, same inode
    auto stats = s->complete("the truck", greedy(4), {});
    ASSERT_FALSE(stats.isOk());
    EXPECT_NE(stats.message().find("changed on disk"), std::string::npos) << stats.message();
    // The new file loads and answers.
    auto fresh = load(path);
    ASSERT_TRUE(fresh);
    EXPECT_TRUE(fresh->complete("the truck", greedy(4), {}).isOk());
}

TEST(ModelFileChange, TruncatedBetweenAnswersAndEvaluate) {
    const fs::path path = writeTinyModel(biggerSpec(), "change-between.gguf");
    auto s = load(path);
    ASSERT_TRUE(s);
    truncateTo(path, 100);
    const int32_t toks[3] = {1, 5, 9};
    auto logits = s->evaluate(toks);
    ASSERT_FALSE(logits.isOk());
    EXPECT_NE(logits.message().find("truncated"), std::string::npos) << logits.message();
    // Loading the truncated file is refused with a reason, not a crash.
    auto reload = Session::load(path.string(), SessionOptions{});
    EXPECT_FALSE(reload.isOk());
}

TEST(ModelFileChange, RenamedOverKeepsAnsweringFromTheLoadedCopy) {
    const fs::path path = writeTinyModel(biggerSpec(), "change-rename.gguf");
    const fs::path replacement = writeTinyModel(biggerSpec(11), "change-rename-src.gguf");
    auto s = load(path);
    ASSERT_TRUE(s);
    std::string before;
    ASSERT_TRUE(s->complete("the truck", greedy(6), [&](std::string_view t, int32_t) {
                     before += t;
                     return true;
                 }).isOk());
    fs::rename(replacement, path);
    s->reset();
    std::string after;
    ASSERT_TRUE(s->complete("the truck", greedy(6), [&](std::string_view t, int32_t) {
                     after += t;
                     return true;
                 }).isOk());
    EXPECT_EQ(before, after);  // the loaded copy is intact
    const Status st = s->modelFileStatus();
    ASSERT_FALSE(st.isOk());
    EXPECT_NE(st.message().find("replaced"), std::string::npos) << st.message();
}
