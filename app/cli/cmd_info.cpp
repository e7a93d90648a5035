// owq info MODEL: architecture, sizes, tokenizer and the memory estimate, without loading the weights.
#include "cli_common.h"
#include "owq/architecture.h"
#include "owq/chat_template.h"
#include "owq/checkpoint.h"
#include "owq/eval_path.h"
#include "owq/memory_estimate.h"
#include "owq/tokenizer.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace owqcli {

void addInfoCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand("info", "Show a model folder's architecture, size and memory estimate");
    auto model = std::make_shared<std::string>();
    auto context = std::make_shared<long long>(0);
    cmd->add_option("MODEL", *model, "Model folder (Hugging Face layout)")->required();
    cmd->add_option("--context", *context, "Context length for the KV-cache estimate (default: the model's)");
    auto calib = std::make_shared<std::pair<long long, long long>>(128, 0);
    cmd->add_option("--nsamples", calib->first, "Calibration windows for the quantize estimate")
        ->capture_default_str();
    cmd->add_option("--seqlen", calib->second,
                    "Tokens per window for the quantize estimate (default: min(2048, "
                    "context))");
    cmd->callback([&g, model, context, calib] {
        auto ckpt = owq::Checkpoint::open(*model);
        const owq::ModelConfig& c = ckpt->config();
        const long long ctx = *context > 0 ? *context : c.maxPositions;
        const owq::KvCacheType kv = owq::kvCacheTypeFromName(g.kvCache);
        const owq::MemoryEstimate mem = owq::estimateInferenceMemory(c, ctx, kv);
        // owq quantize streams: one float32 decoder layer at a time (deferred loading) plus the pipeline's
        // buffers, with the calibration activations in memory or spilled to disk.
        const long long qn = calib->first,
                        qT = calib->second > 0 ? calib->second : (long long)c.defaultSeqlen();
        const std::uint64_t qLoad = owq::estimateLoadBytes(c, true);
        const std::uint64_t qMem = qLoad + owq::estimateQuantizeBytes(c, qn, qT),
                            qSpill = qLoad + owq::estimateQuantizeBytes(c, qn, qT, true),
                            qDisk = owq::activationBufferBytes(c, qn, qT);
        // The path owq ppl takes for this model (docs/EVALUATION.md), at the quantize estimate's window.
        const owq::EvalPathChoice eval = owq::chooseEvalPath(c, qT);
        // The tokenizer transformers would load (tokenizer.json before tokenizer.model) and the chat
        // template.
        std::string tokPath = owq::Tokenizer::fileInFolder(*model);
        std::int32_t tokVocab = 0;
        std::string tokError, tokKind, tokDescription;
        try {
            if (!tokPath.empty()) {
                auto tok = owq::Tokenizer::loadFromFolder(*model);
                tokVocab = tok->vocabSize();
                tokKind = tok->kindName();
                tokDescription = tok->describe();
            }
        } catch (const std::exception& e) {
            tokError = e.what();
        }
        std::string chat, chatFallback;
        try {
            const owq::ChatTemplate t = owq::ChatTemplate::fromFolder(*model);
            chat = t.name();
            chatFallback = t.fallbackReason();
        } catch (const std::exception& e) {
            chat = "unusable";
            chatFallback = e.what();
        }
        if (g.json) {
            nlohmann::json j;
            j["path"] = std::filesystem::absolute(*model).string();
            j["config"] = nlohmann::json::parse(c.toJson());
            j["family"] = owq::architectureOf(c).family;
            j["architecture_summary"] = owq::describeArchitecture(c);
            nlohmann::json linears = nlohmann::json::array();
            for (const owq::LinearSpec& l : owq::layerLinears(c))
                linears.push_back({{"kind", l.kind},
                                   {"name", l.path},
                                   {"rows", l.rows},
                                   {"cols", l.cols},
                                   {"bias", l.bias},
                                   {"attention", l.attention},
                                   {"group", l.group}});
            j["linears_per_layer"] = linears;
            j["parameters"] = c.parameterCount();
            j["weight_dtype"] = ckpt->weightDtype();
            j["shards"] = ckpt->shardPaths().size();
            j["bytes_on_disk"] = ckpt->totalBytes();
            j["tokenizer"] = {{"path", tokPath},
                              {"kind", tokKind},
                              {"description", tokDescription},
                              {"vocab_size", tokVocab},
                              {"error", tokError}};
            j["chat_template"] = chat;
            j["chat_template_fallback_reason"] = chatFallback;
            j["memory_estimate"] = {{"context", ctx},
                                    {"weights_bytes", mem.weightBytes},
                                    {"kv_cache_bytes", mem.kvCacheBytes},
                                    {"kv_cache", owq::kvCacheTypeName(kv)},
                                    {"activation_bytes", mem.activationBytes},
                                    {"total_bytes", mem.total()},
                                    {"available_bytes", owq::availableMemoryBytes()}};
            j["eval_path"] = {{"path", owq::evalPathName(eval.path)},
                              {"reason", eval.reason},
                              {"forced", eval.forced},
                              {"seqlen", qT},
                              {"whole_bytes", eval.wholeBytes},
                              {"layers_bytes", eval.layersBytes},
                              {"available_bytes", eval.availableBytes}};
            if (c.quantization.method.empty())
                j["quantize_estimate"] = {{"nsamples", qn},
                                          {"seqlen", qT},
                                          {"in_memory_bytes", qMem},
                                          {"spilled_bytes", qSpill},
                                          {"spill_disk_bytes", qDisk}};
            printJson(j);
            return;
        }
        std::printf("Model            %s\n", std::filesystem::absolute(*model).c_str());
        std::printf("Architecture     %s (%s)\n", c.architecture.c_str(), c.modelType.c_str());
        std::printf("Family           %s\n", owq::describeArchitecture(c).c_str());
        std::printf("Linears/layer    %s\n", owq::describeLinears(c).c_str());
        std::printf("Parameters       %.3f M\n", double(c.parameterCount()) / 1e6);
        std::printf("Layers           %lld, hidden %lld, intermediate %lld\n", (long long)c.numLayers,
                    (long long)c.hiddenSize, (long long)c.intermediateSize);
        std::printf("Attention        %lld heads, %lld KV heads, head dim %lld%s\n", (long long)c.numHeads,
                    (long long)c.numKvHeads, (long long)c.headDim, c.attentionBias ? ", q/k/v bias" : "");
        std::printf("Vocabulary       %lld%s\n", (long long)c.vocabSize,
                    c.tieWordEmbeddings ? " (tied embeddings)" : "");
        if (owq::architectureOf(c).positions == owq::PositionKind::Learned)
            std::printf("Context          %lld, learned positions\n", (long long)c.maxPositions);
        else
            std::printf("Context          %lld, RoPE theta %g, scaling %s\n", (long long)c.maxPositions,
                        c.ropeTheta, c.ropeScaling.type.c_str());
        std::printf("Weights          %s in %zu file(s), %s on disk\n", ckpt->weightDtype().c_str(),
                    ckpt->shardPaths().size(), owq::formatBytes(ckpt->totalBytes()).c_str());
        if (c.quantization.packed) {
            const std::string groups = c.quantization.groupSize > 0
                                           ? "groups of " + std::to_string(c.quantization.groupSize)
                                           : std::string("per channel");
            std::printf("Quantization     OWQ packed v%d, %d-bit, %s", c.quantization.formatVersion,
                        c.quantization.bits, groups.c_str());
            if (c.quantization.averageBits > 0) std::printf(", %.3f bits/weight", c.quantization.averageBits);
            if (!c.quantization.head.empty() && c.quantization.head != "source")
                std::printf(", LM head %s", c.quantization.head.c_str());
            std::printf("\n");
        } else if (c.quantization.fake) {
            std::printf("Quantization     OWQ fake-quantized (float weights)\n");
        }
        if (!tokError.empty())
            std::printf("Tokenizer        unusable: %s\n", tokError.c_str());
        else if (tokPath.empty())
            std::printf("Tokenizer        missing (no tokenizer.json or tokenizer.model)\n");
        else
            std::printf("Tokenizer        %s: %s\n", tokPath.c_str(), tokDescription.c_str());
        if (chatFallback.empty())
            std::printf("Chat template    %s\n",
                        chat == "model template" ? "the model's own (Jinja)" : chat.c_str());
        else
            std::printf("Chat template    built-in %s (the model's template cannot be used: %s)\n",
                        chat.c_str(), chatFallback.c_str());
        std::printf("Memory estimate  %s (weights %s, %s KV cache %s at %lld tokens, activations %s); %s "
                    "available\n",
                    owq::formatBytes(mem.total()).c_str(), owq::formatBytes(mem.weightBytes).c_str(),
                    owq::kvCacheTypeName(kv), owq::formatBytes(mem.kvCacheBytes).c_str(), ctx,
                    owq::formatBytes(mem.activationBytes).c_str(),
                    owq::formatBytes(owq::availableMemoryBytes()).c_str());
        std::printf("Evaluation       %s (owq ppl at %lld tokens): %s\n",
                    eval.path == owq::EvalPath::Layers ? "layer by layer" : "whole model", qT,
                    eval.reason.c_str());
        if (c.quantization.method.empty())
            std::printf(
                "Quantize memory  %s streaming layer by layer (%lld x %lld calibration tokens in memory); "
                "%s with the activations spilled to disk (%s on disk)\n",
                owq::formatBytes(qMem).c_str(), qn, qT, owq::formatBytes(qSpill).c_str(),
                owq::formatBytes(qDisk).c_str());
    });
}

} // namespace owqcli
