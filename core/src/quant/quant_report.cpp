// JSON forms of QuantRecipe and QuantReport (the diagnostics file beside every quantized model).
#include "model/engine_impl.h"
#include "owq/error.h"
#include "owq/quant_pipeline.h"
#include "owq/safetensors.h"
#include "owq/text_file.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace owq {

namespace {

Method methodFromName(const std::string& s) {
    if (s == "rtn") return Method::RTN;
    if (s == "gptq" || s == "optq") return Method::GPTQ;
    if (s == "owq") return Method::OWQ;
    throw Error(ErrorKind::InvalidArgument, "unknown method '" + s + "' (use owq, gptq or rtn)");
}

json recipeJson(const QuantRecipe& r) {
    json j = {{"method", methodName(r.method)},
              {"bits", r.quantizer.bits},
              {"group_size", r.quantizer.groupSize},
              {"sym", r.quantizer.symmetric},
              {"mse", r.quantizer.mse},
              {"quantizer_style", r.quantizer.style == QuantizerStyle::Owq ? "owq" : "gptq"},
              {"percdamp", r.gptq.percdamp},
              {"block_size", r.gptq.blockSize},
              {"act_order", r.gptq.actOrder},
              {"static_groups", r.gptq.staticGroups},
              {"target_bit", r.targetBits},
              {"weak_columns", r.weakColumns},
              {"weak_overrides", r.weakOverrides},
              {"allocation", allocationName(r.allocation)},
              {"ratio_attention", r.attentionRatio},
              {"ratio_mlp", r.mlpRatio},
              {"sensitivity_h_diag_only", r.sensitivityFromHDiagOnly},
              {"nsamples", r.nsamples},
              {"seqlen", r.seqlen},
              {"seed", r.seed},
              {"sampling", samplingName(r.sampling)},
              {"true_sequential", r.trueSequential}};
    if (r.head != HeadFormat::Source) j["head"] = headFormatName(r.head);
    if (r.gptq.clipSearch) j["clip_search"] = true; // older recipes stay identical
    if (r.outputErrorWindows != 16) j["output_error_windows"] = r.outputErrorWindows;
    if (!r.bitsOverrides.empty()) j["bits_overrides"] = r.bitsOverrides;
    if (!r.allocationBits.empty()) j["allocation_bits"] = r.allocationBits;
    if (r.allocationProbe != AllocationProbe::Auto)
        j["allocation_probe"] = allocationProbeName(r.allocationProbe);
    return j;
}

QuantRecipe recipeFrom(const json& j) {
    QuantRecipe r;
    try {
        r.method = methodFromName(j.value("method", std::string("owq")));
        r.quantizer.bits = j.value("bits", r.quantizer.bits);
        r.quantizer.groupSize = j.value("group_size", r.quantizer.groupSize);
        r.quantizer.symmetric = j.value("sym", r.quantizer.symmetric);
        r.quantizer.mse = j.value("mse", r.quantizer.mse);
        r.quantizer.style = j.value("quantizer_style", std::string("gptq")) == "owq" ? QuantizerStyle::Owq
                                                                                     : QuantizerStyle::Gptq;
        r.gptq.percdamp = j.value("percdamp", r.gptq.percdamp);
        r.gptq.blockSize = j.value("block_size", r.gptq.blockSize);
        r.gptq.actOrder = j.value("act_order", r.gptq.actOrder);
        r.gptq.staticGroups = j.value("static_groups", r.gptq.staticGroups);
        r.gptq.clipSearch = j.value("clip_search", r.gptq.clipSearch);
        r.targetBits = j.value("target_bit", r.targetBits);
        r.weakColumns = j.value("weak_columns", r.weakColumns);
        if (j.contains("weak_overrides"))
            r.weakOverrides = j.at("weak_overrides").get<std::map<std::string, int>>();
        r.allocation = allocationFromName(j.value("allocation", std::string(allocationName(r.allocation))));
        if (j.contains("bits_overrides"))
            r.bitsOverrides = j.at("bits_overrides").get<std::map<std::string, int>>();
        if (j.contains("allocation_bits")) r.allocationBits = j.at("allocation_bits").get<std::vector<int>>();
        r.allocationProbe = allocationProbeFromName(j.value("allocation_probe", std::string("auto")));
        for (const auto& [name, b] : r.bitsOverrides)
            if (b < 2 || b > 4)
                throw Error(ErrorKind::InvalidArgument, "quantization recipe: bits_overrides gives " + name +
                                                            " " + std::to_string(b) + " bits (2, 3 or 4)");
        for (int b : r.allocationBits)
            if (b < 2 || b > 4)
                throw Error(ErrorKind::InvalidArgument, "quantization recipe: allocation_bits holds " +
                                                            std::to_string(b) + " (2, 3 or 4)");
        r.attentionRatio = j.value("ratio_attention", r.attentionRatio);
        r.mlpRatio = j.value("ratio_mlp", r.mlpRatio);
        r.sensitivityFromHDiagOnly = j.value("sensitivity_h_diag_only", r.sensitivityFromHDiagOnly);
        r.nsamples = j.value("nsamples", r.nsamples);
        r.seqlen = j.value("seqlen", r.seqlen);
        r.seed = j.value("seed", r.seed);
        r.sampling = samplingFromName(j.value("sampling", std::string(samplingName(r.sampling))));
        r.trueSequential = j.value("true_sequential", r.trueSequential);
        r.head = headFormatFromName(j.value("head", std::string(headFormatName(r.head))));
        r.outputErrorWindows = j.value("output_error_windows", r.outputErrorWindows);
        if (r.outputErrorWindows < 0)
            throw Error(ErrorKind::InvalidArgument,
                        "quantization recipe: output_error_windows must be 0 (all) or a window count");
    } catch (const json::exception& e) {
        throw Error(ErrorKind::InvalidArgument, std::string("quantization recipe: ") + e.what());
    }
    return r;
}

} // namespace

const char* samplingName(CalibrationSampling s) {
    return s == CalibrationSampling::Reference ? "reference" : "uniform";
}

CalibrationSampling samplingFromName(const std::string& name) {
    if (name == "uniform") return CalibrationSampling::Uniform;
    if (name == "reference") return CalibrationSampling::Reference;
    throw Error(ErrorKind::InvalidArgument,
                "unknown calibration sampling '" + name + "' (use uniform or reference)");
}

const char* headFormatName(HeadFormat h) {
    switch (h) {
    case HeadFormat::F32:
        return "f32";
    case HeadFormat::BF16:
        return "bf16";
    case HeadFormat::Int8:
        return "int8";
    default:
        return "source";
    }
}

HeadFormat headFormatFromName(const std::string& name) {
    for (HeadFormat h : {HeadFormat::Source, HeadFormat::F32, HeadFormat::BF16, HeadFormat::Int8})
        if (name == headFormatName(h)) return h;
    throw Error(ErrorKind::InvalidArgument,
                "unknown head format '" + name + "' (use source, f32, bf16 or int8)");
}

std::string QuantRecipe::toJson() const {
    return recipeJson(*this).dump();
}

QuantRecipe QuantRecipe::fromJson(const std::string& text) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(ErrorKind::InvalidArgument, std::string("quantization recipe: not JSON: ") + e.what());
    }
    return recipeFrom(j);
}

QuantRecipe QuantRecipe::defaults(Method method, int bits) {
    QuantRecipe r;
    r.method = method;
    r.quantizer.bits = bits;
    // OWQ's reference searches the grid (mse) with its own quantizer; GPTQ and RTN use plain min-max.
    r.quantizer.mse = method == Method::OWQ;
    r.quantizer.style = method == Method::OWQ ? QuantizerStyle::Owq : QuantizerStyle::Gptq;
    return r;
}

std::string QuantReport::toJson() const {
    json lin = json::array();
    for (const LinearDiagnostics& d : linears)
        lin.push_back({{"name", d.name},
                       {"layer", d.layer},
                       {"kind", d.kind},
                       {"rows", d.rows},
                       {"cols", d.cols},
                       {"weak_columns", d.weakColumns},
                       {"h_diag", d.hDiag},
                       {"sensitivity", d.sensitivity},
                       {"error_before", d.errorBefore},
                       {"error_after", d.errorAfter},
                       {"bits", d.bits},
                       {"packed", d.packed},
                       {"seconds", d.seconds}});
    json lay = json::array();
    for (const LayerDiagnostics& l : layers)
        lay.push_back({{"layer", l.layer},
                       {"output_mse", l.outputMse},
                       {"seconds", l.seconds},
                       {"pass_seconds", l.passSeconds},
                       {"hessian_seconds", l.hessianSeconds},
                       {"solve_seconds", l.solveSeconds}});
    json j = {{"format", "owq-diagnostics"},
              {"version", 1},
              {"model", model},
              {"recipe", recipeJson(recipe)},
              {"average_bits", averageBits},
              {"weak_columns_total", weakColumnsTotal},
              {"calibration_tokens", calibrationTokens},
              {"seconds", seconds},
              {"threads", threads},
              {"linears", lin},
              {"layers", lay}};
    return j.dump();
}

QuantReport QuantReport::fromJson(const std::string& text) {
    QuantReport r;
    try {
        const json j = json::parse(text);
        if (j.value("format", std::string()) != "owq-diagnostics")
            throw Error(ErrorKind::Format, "not an OWQ diagnostics file (format field missing)");
        if (j.value("version", 0) != 1)
            throw Error(ErrorKind::Unsupported, "diagnostics version " +
                                                    std::to_string(j.value("version", 0)) +
                                                    " is not supported (this build reads version 1)");
        r.recipe = recipeFrom(j.at("recipe"));
        r.model = j.value("model", std::string());
        r.averageBits = j.at("average_bits").get<double>();
        r.weakColumnsTotal = j.at("weak_columns_total").get<std::int64_t>();
        r.calibrationTokens = j.value("calibration_tokens", std::int64_t(0));
        r.seconds = j.value("seconds", 0.0);
        r.threads = j.value("threads", 0);
        for (const json& d : j.at("linears")) {
            LinearDiagnostics x;
            x.name = d.at("name").get<std::string>();
            x.layer = d.at("layer").get<std::int64_t>();
            x.kind = d.at("kind").get<std::string>();
            x.rows = d.at("rows").get<std::int64_t>();
            x.cols = d.at("cols").get<std::int64_t>();
            x.weakColumns = d.at("weak_columns").get<std::vector<std::int32_t>>();
            x.hDiag = d.at("h_diag").get<std::vector<float>>();
            x.sensitivity = d.at("sensitivity").get<std::vector<float>>();
            x.errorBefore = d.at("error_before").get<double>();
            x.errorAfter = d.at("error_after").get<double>();
            x.bits = d.at("bits").get<double>();
            x.seconds = d.value("seconds", 0.0);
            x.packed = d.value("packed", false);
            r.linears.push_back(std::move(x));
        }
        for (const json& l : j.at("layers"))
            r.layers.push_back({l.at("layer").get<std::int64_t>(), l.at("output_mse").get<double>(),
                                l.value("seconds", 0.0), l.value("pass_seconds", 0.0),
                                l.value("hessian_seconds", 0.0), l.value("solve_seconds", 0.0)});
    } catch (const json::exception& e) {
        throw Error(ErrorKind::Format, std::string("diagnostics JSON: ") + e.what());
    }
    return r;
}

} // namespace owq
