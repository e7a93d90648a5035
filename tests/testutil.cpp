#include "testutil.h"

#include <atomic>
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

} // namespace owqtest
