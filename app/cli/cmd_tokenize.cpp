// owq tokenize DIR (--text S | --file F): the ids a model's tokenizer gives a text (tokenizer.json or
// tokenizer.model, chosen as transformers would), with the pieces under --json.
#include "cli_common.h"
#include "owq/error.h"
#include "owq/text_file.h"
#include "owq/tokenizer.h"

#include <cstdio>

namespace owqcli {

void addTokenizeCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand("tokenize", "Print the token ids of a text");
    struct Args {
        std::string dir, text, file;
        bool noSpecial = false, specialAsText = false;
    };
    auto a = std::make_shared<Args>();
    cmd->add_option("DIR", a->dir, "Model folder, or a folder holding only the tokenizer files")->required();
    auto* text = cmd->add_option("--text", a->text, "The text to tokenize");
    auto* file = cmd->add_option("--file", a->file, "Tokenize the bytes of this file");
    text->excludes(file);
    cmd->add_flag("--no-special", a->noSpecial,
                  "Add no special tokens around the text (BOS etc.; transformers' add_special_tokens=False)");
    cmd->add_flag("--special-as-text", a->specialAsText,
                  "Tokenize special-token text such as <|im_end|> as ordinary text");
    cmd->callback([&g, a, text, file] {
        if (text->count() == 0 && file->count() == 0)
            throw owq::Error(owq::ErrorKind::InvalidArgument, "tokenize needs --text or --file");
        const std::string input = file->count() ? owq::readTextFile(a->file) : a->text;
        auto tok = owq::Tokenizer::loadFromFolder(a->dir);
        const std::vector<std::int32_t> ids = tok->encode(
            input, !a->noSpecial, a->specialAsText ? owq::SpecialTokens::AsText : owq::SpecialTokens::Parse);
        if (g.json) {
            nlohmann::json pieces = nlohmann::json::array();
            for (std::int32_t id : ids) pieces.push_back(tok->idToPiece(id));
            printJson({{"tokenizer", tok->kindName()},
                       {"path", tok->path()},
                       {"count", ids.size()},
                       {"ids", ids},
                       {"pieces", pieces}});
            return;
        }
        for (std::size_t i = 0; i < ids.size(); ++i) std::printf(i ? " %d" : "%d", ids[i]);
        std::printf("\n");
    });
}

} // namespace owqcli
