#include "packed/head_tensors.h"

#include "owq/architecture.h"
#include "owq/error.h"
#include "util/text_util.h"

#include <vector>

namespace owq::detail {

std::string headTensorName(const ModelConfig& cfg) {
    return cfg.tieWordEmbeddings ? architectureOf(cfg).embedName : headName(cfg);
}

std::string headBaseName(const ModelConfig& cfg) {
    const std::string w = headTensorName(cfg);
    return w.substr(0, w.size() - 7); // ".weight"
}

namespace {

void expect(const Checkpoint& ckpt, const std::string& name, DType dtype,
            const std::vector<std::int64_t>& shape, const std::string& why) {
    if (!ckpt.has(name))
        throw Error(ErrorKind::Format, ckpt.dir() + ": tensor '" + name + "' is missing (" + why + ")");
    const TensorRef& ref = ckpt.tensor(name);
    const std::string what = ref.file->path() + ": tensor '" + name + "' ";
    if (ref.info->dtype != dtype)
        throw Error(ErrorKind::Format, what + "has dtype " + dtypeName(ref.info->dtype) + ", expected " +
                                           dtypeName(dtype) + " (" + why + ")");
    if (ref.info->shape != shape)
        throw Error(ErrorKind::Format, what + "has shape " + shapeString(ref.info->shape) + ", expected " +
                                           shapeString(shape) + " (" + why + ")");
}

} // namespace

void checkStoredHead(const Checkpoint& ckpt) {
    const ModelConfig& cfg = ckpt.config();
    const std::string& head = cfg.quantization.head;
    if (head.empty()) return;
    const std::string why = "config.json has quantization_config.head '" + head + "'";
    const std::int64_t V = cfg.vocabSize, E = cfg.embedDim();
    if (head != "int8") {
        expect(ckpt, headTensorName(cfg), head == "bf16" ? DType::BF16 : DType::F32, {V, E}, why);
        return;
    }
    const std::string base = headBaseName(cfg);
    expect(ckpt, base + kHeadCodes, DType::I8, {V, E}, why);
    expect(ckpt, base + kHeadScales, DType::F32, {V}, why);
    if (ckpt.has(headTensorName(cfg)))
        throw Error(ErrorKind::Format, ckpt.tensor(headTensorName(cfg)).file->path() + ": tensor '" +
                                           headTensorName(cfg) + "' is there as well as its int8 codes (" +
                                           why + ")");
}

} // namespace owq::detail
