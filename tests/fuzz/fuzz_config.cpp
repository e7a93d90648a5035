// config.json parser: any bytes give a ModelConfig or an owq::Error, never a crash.
#include "owq/config.h"
#include "owq/error.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const owq::ModelConfig c =
            owq::parseModelConfig(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
        (void)c.toJson();
        (void)c.parameterCount();
    } catch (const owq::Error&) {
    }
    return 0;
}
