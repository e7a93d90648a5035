#include "testutil.h"

#include "random_models.h"
#include "stories_config.h"

#include "owq/random_model.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace fs = std::filesystem;

namespace owqtest {

std::string sharedDir() {
    if (const char* env = std::getenv("OWQ_SHARED_DIR")) return env;
    return OWQ_SHARED_DIR;
}

std::string sharedPath(const std::string& rel) {
    return (fs::path(sharedDir()) / rel).string();
}

bool haveShared() {
    return fs::exists(fs::path(sharedDir()) / "models" / "stories260K" / "config.json");
}

std::string scratchDir(const std::string& tag) {
    static std::atomic<int> counter{0};
    fs::path p =
        fs::path(OWQ_TEST_TMP) / (tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(p);
    fs::create_directories(p);
    return p.string();
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path);
}

void setFloat32(const std::string& path, const std::string& tensor, std::size_t index, float value) {
    std::string bytes = readFile(path);
    std::uint64_t headerSize = 0;
    std::memcpy(&headerSize, bytes.data(), 8);
    const QJsonObject header =
        QJsonDocument::fromJson(QByteArray::fromStdString(bytes.substr(8, headerSize))).object();
    const QJsonValue info = header[QString::fromStdString(tensor)];
    if (info["dtype"].toString() != "F32") throw std::runtime_error(path + ": no F32 tensor " + tensor);
    const std::size_t at = 8 + headerSize + std::size_t(info["data_offsets"][0].toInteger()) + 4 * index;
    std::memcpy(bytes.data() + at, &value, sizeof value);
    writeFile(path, bytes);
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

std::string idsToString(const std::vector<std::int32_t>& ids) {
    std::ostringstream ss;
    ss << "[";
    for (std::size_t i = 0; i < ids.size(); ++i) ss << (i ? ", " : "") << ids[i];
    ss << "]";
    return ss.str();
}

bool validUtf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t len = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (std::size_t k = 1; k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (b & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += len;
    }
    return true;
}

namespace {

// GPT-2's byte-to-character map (bytes_to_unicode), written out here: printable bytes stand for
// themselves, the others for U+0100 onwards in byte order.
std::string byteChar(int b) {
    const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    int cp = b;
    if (!printable) {
        int n = 0;
        for (int x = 0; x < b; ++x)
            if (!((x >= 33 && x <= 126) || (x >= 161 && x <= 172) || (x >= 174 && x <= 255))) ++n;
        cp = 256 + n;
    }
    std::string s;
    if (cp < 0x80) {
        s += char(cp);
    } else {
        s += char(0xC0 | (cp >> 6));
        s += char(0x80 | (cp & 0x3F));
    }
    return s;
}

} // namespace

// A byte-level tokenizer.json with no merges (one token per byte, 256 ids) plus <s> and </s>: a tiny
// random model needs no fixture.
std::string byteTokenizer(const std::string& dir) {
    QJsonObject vocab;
    for (int b = 0; b < 256; ++b) vocab[QString::fromStdString(byteChar(b))] = b;
    const QJsonArray added{QJsonObject{{"id", 256}, {"content", "<s>"}, {"special", true}},
                           QJsonObject{{"id", 257}, {"content", "</s>"}, {"special", true}}};
    const QJsonObject tok{
        {"version", "1.0"},
        {"added_tokens", added},
        {"pre_tokenizer",
         QJsonObject{{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}},
        {"decoder", QJsonObject{{"type", "ByteLevel"}}},
        {"model", QJsonObject{{"type", "BPE"}, {"vocab", vocab}, {"merges", QJsonArray{}}}}};
    const std::string path = dir + "/tokenizer.json";
    writeFile(path, QJsonDocument(tok).toJson().toStdString());
    return path;
}

std::string tinyRandomModel(const std::string& tag, const std::string& tokenizer, const std::string& arch) {
    const std::string dir = scratchDir(tag);
    owq::writeRandomModel(dir, tokenizer, tinyRandomOptions(arch));
    return dir;
}

owq::ModelConfig stories260KConfig() {
    owq::ModelConfig c;
    c.modelType = "llama";
    c.hiddenSize = 64;
    c.intermediateSize = 172;
    c.numLayers = 5;
    c.numHeads = 8;
    c.numKvHeads = 4;
    c.headDim = 8;
    c.vocabSize = 512;
    c.maxPositions = 512;
    return c;
}

} // namespace owqtest
