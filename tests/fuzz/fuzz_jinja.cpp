// Chat templates come with downloaded model folders: any template source gives a rendered prompt or an
// owq::Error (unsupported feature, malformed template, raise_exception, output or recursion limits), never a
// crash or a hang.
#include "chat_templates/jinja.h"
#include "owq/error.h"

#include <nlohmann/json.hpp>

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const nlohmann::json context = {{"messages",
                                            {{{"role", "system"}, {"content", "S"}},
                                             {{"role", "user"}, {"content", "Hi"}},
                                             {{"role", "assistant"}, {"content", "<think>a</think>\nb"}},
                                             {{"role", "user"}, {"content", "Bye"}}}},
                                           {"add_generation_prompt", true},
                                           {"bos_token", "<s>"},
                                           {"eos_token", "</s>"}};
    try {
        const auto t =
            owq::jinja::Template::parse(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
        (void)t.render(context);
    } catch (const owq::Error&) {
    }
    return 0;
}
