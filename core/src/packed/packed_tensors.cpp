#include "packed/packed_tensors.h"

#include "owq/architecture.h"

#include "owq/error.h"
#include "util/text_util.h"

#include <cmath>
#include <vector>

namespace owq::detail {

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

[[noreturn]] void fail(const TensorRef& ref, const std::string& what) {
    throw Error(ErrorKind::Format, ref.file->path() + ": tensor '" + ref.info->name + "' " + what);
}

TensorRef require(const Checkpoint& ckpt, const std::string& name) {
    if (!ckpt.has(name))
        throw Error(ErrorKind::Format,
                    ckpt.dir() + ": required tensor '" + name + "' of the packed OWQ model is missing");
    return ckpt.tensor(name);
}

TensorRef optional(const Checkpoint& ckpt, const std::string& name) {
    return ckpt.has(name) ? ckpt.tensor(name) : TensorRef{};
}

void expect(const TensorRef& ref, DType dtype, const std::vector<std::int64_t>& shape) {
    if (ref.info->dtype != dtype)
        fail(ref, std::string("has dtype ") + dtypeName(ref.info->dtype) + ", expected " + dtypeName(dtype));
    if (ref.info->shape != shape)
        fail(ref, "has shape " + shapeString(ref.info->shape) + ", expected " + shapeString(shape));
}

bool finiteF16(std::uint16_t h) {
    return (h & 0x7c00u) != 0x7c00u;
}

template <typename T> const T* as(const TensorRef& ref) {
    return reinterpret_cast<const T*>(ref.file->data(*ref.info));
}

} // namespace

bool isLinearWeightName(const ModelConfig& cfg, const std::string& name) {
    return endsWith(name, ".weight") && parseLinearName(cfg, name.substr(0, name.size() - 7)).first >= 0;
}

kernels::PackedLinearView PackedLinearRefs::view() const {
    kernels::PackedLinearView v;
    v.bits = bits;
    v.rows = rows;
    v.cols = cols;
    v.dense = dense;
    v.groupSize = groupSize;
    v.nGroups = nGroups;
    v.rowBytes = rowBytes;
    v.qweight = as<std::uint8_t>(qweight);
    v.scales = as<std::uint16_t>(scales);
    v.zeros = as<std::uint8_t>(qzeros);
    v.perm = perm.info ? as<std::int32_t>(perm) : nullptr;
    v.weak = weak;
    v.weakIdx = weak ? as<std::int32_t>(weakIdx) : nullptr;
    v.weakWeight = weak ? as<std::uint16_t>(weakWeight) : nullptr;
    return v;
}

PackedLinearRefs findPackedLinear(const Checkpoint& ckpt, const std::string& base, std::int64_t rows,
                                  std::int64_t cols) {
    const QuantizationInfo& q = ckpt.config().quantization;
    PackedLinearRefs r;
    r.base = base;
    r.rows = rows;
    r.cols = cols;
    r.bits = q.bitsOf(base);
    r.groupSize = q.groupSize;
    if (ckpt.has(base + ".weight"))
        throw Error(ErrorKind::Format, ckpt.dir() + ": tensor '" + base +
                                           ".weight' is a float weight, but config.json says the model is "
                                           "packed");
    r.qweight = require(ckpt, base + kQWeight);
    r.scales = require(ckpt, base + kScales);
    r.qzeros = require(ckpt, base + kQZeros);
    r.weakIdx = optional(ckpt, base + kWeakIdx);
    r.weakWeight = optional(ckpt, base + kWeakWeight);
    r.perm = optional(ckpt, base + kPerm);
    if (bool(r.weakIdx.info) != bool(r.weakWeight.info))
        throw Error(ErrorKind::Format, ckpt.dir() + ": linear '" + base + "' has only one of " + kWeakIdx +
                                           " and " + kWeakWeight);
    if (r.weakIdx.info) {
        if (r.weakIdx.info->shape.size() != 1) fail(r.weakIdx, "must be one-dimensional");
        r.weak = r.weakIdx.info->shape[0];
        if (r.weak > cols)
            fail(r.weakIdx, "lists " + std::to_string(r.weak) + " weak columns but the linear has only " +
                                std::to_string(cols) + " input columns");
        expect(r.weakIdx, DType::I32, {r.weak});
        expect(r.weakWeight, DType::F16, {rows, r.weak});
    }
    r.dense = cols - r.weak;
    r.nGroups = kernels::packedGroups(r.dense, r.groupSize);
    r.rowBytes = kernels::packedRowBytes(r.dense, r.bits);
    expect(r.qweight, DType::U8, {rows, r.rowBytes});
    expect(r.scales, DType::F16, {rows, r.nGroups});
    expect(r.qzeros, DType::U8, {rows, r.nGroups});
    if (r.perm.info)
        expect(r.perm, DType::I32, {r.dense});
    else if (r.weak > 0)
        throw Error(ErrorKind::Format,
                    ckpt.dir() + ": linear '" + base + "' has weak columns but no " + kPerm + " tensor");
    const std::string bias = base + ".bias";
    if (ckpt.has(bias)) {
        const TensorRef b = ckpt.tensor(bias);
        if (b.info->shape != std::vector<std::int64_t>{rows})
            fail(b, "has shape " + shapeString(b.info->shape) + ", expected " + shapeString({rows}));
    }
    return r;
}

void validatePackedContent(const PackedLinearRefs& r) {
    std::vector<char> seen(std::size_t(r.cols), 0);
    if (r.weak > 0) {
        const std::int32_t* idx = as<std::int32_t>(r.weakIdx);
        for (std::int64_t k = 0; k < r.weak; ++k) {
            if (idx[k] < 0 || idx[k] >= r.cols)
                fail(r.weakIdx, "holds column index " + std::to_string(idx[k]) + ", outside [0, " +
                                    std::to_string(r.cols) + ")");
            if (seen[std::size_t(idx[k])])
                fail(r.weakIdx, "lists column " + std::to_string(idx[k]) + " twice");
            seen[std::size_t(idx[k])] = 1;
        }
        const std::uint16_t* w = as<std::uint16_t>(r.weakWeight);
        for (std::int64_t i = 0; i < r.rows * r.weak; ++i)
            if (!finiteF16(w[i])) fail(r.weakWeight, "contains NaN or Inf values");
    }
    if (r.perm.info) {
        const std::int32_t* p = as<std::int32_t>(r.perm);
        for (std::int64_t j = 0; j < r.dense; ++j) {
            if (p[j] < 0 || p[j] >= r.cols)
                fail(r.perm, "holds column index " + std::to_string(p[j]) + ", outside [0, " +
                                 std::to_string(r.cols) + ")");
            if (seen[std::size_t(p[j])])
                fail(r.perm, "repeats column " + std::to_string(p[j]) + " (or lists a weak column)");
            seen[std::size_t(p[j])] = 1;
        }
    }
    const std::int64_t maxq = (std::int64_t(1) << r.bits) - 1;
    const std::uint8_t* z = as<std::uint8_t>(r.qzeros);
    for (std::int64_t i = 0; i < r.rows * r.nGroups; ++i)
        if (z[i] > maxq)
            fail(r.qzeros, "holds zero point " + std::to_string(z[i]) + ", above the " +
                               std::to_string(r.bits) + "-bit maximum " + std::to_string(maxq));
    const std::uint16_t* s = as<std::uint16_t>(r.scales);
    for (std::int64_t i = 0; i < r.rows * r.nGroups; ++i)
        if (!finiteF16(s[i])) fail(r.scales, "contains NaN or Inf values");
}

} // namespace owq::detail
