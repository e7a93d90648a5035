// Helpers shared by the Qt Test executables: fixture paths and scratch folders.
#pragma once

#include <QString>
#include <string>

namespace owqtest {

// ../shared beside the checkout, or empty when absent (tests then QSKIP with a message).
std::string sharedDir();
std::string sharedPath(const std::string& rel);
bool haveShared();
// A fresh empty scratch folder under the build tree, unique per call.
std::string scratchDir(const std::string& tag);
std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& bytes);

} // namespace owqtest

#define OWQ_REQUIRE_SHARED()                                                                                 \
    do {                                                                                                     \
        if (!owqtest::haveShared()) QSKIP("../shared fixtures are absent (a user's clone): skipped");        \
    } while (0)
