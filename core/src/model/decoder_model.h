// The decoder of every family in the architecture table (owq/architecture.h) in LibTorch: embeddings (with
// learned positions or RoPE), norms, grouped-query attention with optional sliding windows, soft-capping and
// per-head norms, gated or plain MLPs, tied or separate head, KV cache. Exposed layer by layer (embed ->
// decoder layer i -> head) so calibration can run one layer at a time. Autograd-friendly: nothing in forward
// is in-place on weights, so training reuses it.
#pragma once

#include "model/linear.h"
#include "model/rope.h"
#include "owq/architecture.h"
#include "owq/checkpoint.h"
#include "owq/job.h"
#include "owq/kernels/packed_cpu.h"
#include "owq/quant_pipeline.h"
#include "util/batch_budget.h"

#include <ATen/ATen.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace owq::detail {

// kAttentionScoreFloats: util/batch_budget.h.
// Query rows per attention block at most: a block scores only the keys up to its last row, so smaller blocks
// skip most of the causally masked half of a long sequence's scores (128: 44% of the work at 512 tokens,
// against 100% in one block), while staying large enough for the per-block overhead not to matter.
inline constexpr std::int64_t kAttentionRowBlock = 128;

class CompactHead;

struct Norm {
    at::Tensor weight; // undefined when the layer has no norm in this place
    at::Tensor bias;   // LayerNorm only
};

struct DecoderLayer {
    bool loaded = false; // false while a deferred layer's weights are still only in the checkpoint
    std::shared_ptr<const std::vector<LinearSpec>> specs; // what each entry of `linears` is
    std::vector<std::shared_ptr<LinearOp>> linears;       // in layerLinears(cfg) order
    std::array<Norm, 6> norms;                            // indexed by NormRole

    Norm& norm(NormRole r) { return norms[std::size_t(r)]; }
    const Norm& norm(NormRole r) const { return norms[std::size_t(r)]; }
};

// The linears of a layer by their names inside it ("self_attn.q_proj", ..., "mlp.down_proj"), in
// true-sequential order, as slots that may be replaced.
std::vector<std::pair<std::string, std::shared_ptr<LinearOp>*>> linearsOf(DecoderLayer& L);
// The norms of a layer by their names inside it ("input_layernorm"), as slots.
std::vector<std::pair<std::string, Norm*>> normsOf(const ModelConfig& cfg, DecoderLayer& L);

// Per-layer key/value history for incremental decoding, preallocated to `capacity` positions.
struct KvCache {
    std::vector<at::Tensor> k, v; // [B, kvHeads, capacity, headDim]
    std::int64_t length = 0;
    std::int64_t capacity = 0;
};

class DecoderModel {
public:
    // Reads weights layer by layer, up-casting F16/BF16 to float32 as each layer is read; the linears of a
    // packed OWQ checkpoint stay packed. deferLayers: read only embeddings, final norm and head now; each
    // decoder layer is read when first used (or by loadLayer), so a layer-wise pass over a large model
    // holds one float32 layer at a time.
    static std::shared_ptr<DecoderModel> fromCheckpoint(std::shared_ptr<const Checkpoint> ckpt,
                                                        at::Device device, const JobContext& job = {},
                                                        bool deferLayers = false);
    // An untrained model with random weights (for training the demo model).
    static std::shared_ptr<DecoderModel> randomInit(const ModelConfig& cfg, std::uint64_t seed,
                                                    at::Device device);

    const ModelConfig& config() const { return cfg_; }
    at::Device device() const { return device_; }

    const Architecture& architecture() const { return *arch_; }

    // [B, T] int64 whose first position is pos0 -> [B, T, hidden]
    at::Tensor embed(const at::Tensor& ids, std::int64_t pos0 = 0) const;
    // Runs decoder layer i on h [B, T, hidden] whose first position is pos0; uses/extends cache when given.
    at::Tensor decoderLayer(std::size_t i, const at::Tensor& h, std::int64_t pos0, KvCache* cache) const;

    // decoderLayer in its pieces, in order; each true-sequential group's input is one of them (group 0:
    // attentionInput, 1: attentionMix, 2: mlpInput, 3: mlpHidden), so the quantization pipeline runs a layer
    // only as far as the group it calibrates.
    at::Tensor attentionInput(std::size_t i, const at::Tensor& h) const; // the input of q/k/v
    // The heads' mixed values [B, T, heads x headDim], the input of the output projection.
    at::Tensor attentionMix(std::size_t i, const at::Tensor& x, std::int64_t pos0, KvCache* cache) const;
    at::Tensor afterAttention(std::size_t i, const at::Tensor& h, const at::Tensor& mix) const; // residual
    at::Tensor mlpInput(std::size_t i, const at::Tensor& x) const;  // the input of gate/up (fc1)
    at::Tensor mlpHidden(std::size_t i, const at::Tensor& n) const; // the input of down (fc2)
    at::Tensor layerOutput(std::size_t i, const at::Tensor& x, const at::Tensor& hidden) const;
    at::Tensor head(const at::Tensor& h) const; // final norm (+ projection) + lm head -> logits [B, T, vocab]
    at::Tensor forward(const at::Tensor& ids, KvCache* cache = nullptr) const;
    // forward's logits at the last position only [B, 1, vocab]: what generation samples from. A prompt of T
    // tokens skips T - 1 rows of the head (and their T x vocab floats: 2.5 GB for 4096 tokens of Qwen3).
    at::Tensor forwardLast(const at::Tensor& ids, KvCache* cache = nullptr) const;
    // The last decoder layer's output [B, T, hidden]: forward without the head.
    at::Tensor hidden(const at::Tensor& ids, KvCache* cache = nullptr) const;
    // What forwardLast runs for one token of one sequence on the CPU with no tensor op between the products
    // (decode_step_cpu.cpp): the same logits and cache. False, with nothing done, where the model or the call
    // is not one it covers; the caller then takes the tensor path.
    bool decodeStepCpu(const at::Tensor& ids, KvCache& cache, at::Tensor& logits) const;
    // A prompt of T >= 1 tokens into `cache`, `piece` tokens per pass (the last pass takes the rest; 0: all
    // in one), and the logits at its last position [B, 1, vocab].
    at::Tensor prompt(const at::Tensor& ids, KvCache& cache, std::int64_t piece) const;
    // The piece for prompts: kPackedGemmMaxBatch tokens where packed linears run on CPU kernels that take
    // integer products (avx512vnni): there a piece's products take those kernels, faster than one GEMM of
    // dequantized weights for the whole prompt (docs/BENCHMARKS.md, "Prefill"), and round the activations
    // as every decode step does. Elsewhere 0.
    std::int64_t promptPiece() const;

    // A cache of kvCacheType() elements.
    KvCache newCache(std::int64_t batch, std::int64_t capacity) const;
    // What new caches hold: float32 (the default), or bfloat16 (half the memory, and half the bytes a decode
    // step reads from a long cache; keys and values rounded to 8 significant bits as they are stored).
    void setKvCacheType(at::ScalarType type);
    at::ScalarType kvCacheType() const { return kvType_; }

    // Reads decoder layer i from the checkpoint if it is still deferred; a no-op otherwise.
    void loadLayer(std::size_t i);
    // Packed linears' activations in 8 bits per 128-column block where the CPU kernels take integer
    // products (kernels::ActivationRounding::Int8), or the default 15; applies to deferred layers when read.
    // Not while a forward pass runs.
    void setInt8Activations(bool on);
    bool int8Activations() const { return rounding_ == kernels::ActivationRounding::Int8; }
    // Some loaded layer holds a packed linear (a packed checkpoint, or a model quantized in memory).
    bool hasPackedLinears() const;
    bool layerLoaded(std::size_t i) const { return layers_.at(i).loaded; }

    std::vector<DecoderLayer>& layers() { return layers_; }
    const std::vector<DecoderLayer>& layers() const { return layers_; }
    at::Tensor& embedTokens() { return embed_; }
    at::Tensor& lmHead() { return lmHead_; } // same storage as embedTokens when tied
    // Keeps the head (and a tied embedding) as a bf16 or int8 head would be saved (recipe --head): compact on
    // the CPU, its float32 expansion elsewhere, as a packed folder with that head loads. Other formats, or a
    // head already compact: nothing changes.
    void useCompactHead(HeadFormat format);

    // Every float parameter (for training): HF name -> tensor. Packed linears have none (their weights are
    // codes); exportWeights lists them dequantized.
    std::vector<std::pair<std::string, at::Tensor>> namedParameters() const;
    // Every weight as float32, packed linears dequantized (for writing fake-quantized checkpoints). Loads
    // deferred layers.
    std::vector<std::pair<std::string, at::Tensor>> exportWeights();

    // The weights outside the decoder layers, by checkpoint name (embeddings, positions, projections, final
    // norm, head when untied).
    std::vector<std::pair<std::string, at::Tensor>> globalWeights() const;

private:
    explicit DecoderModel(const ModelConfig& cfg, at::Device device);
    // Layer i's norms and linears by checkpoint name onto `out`: float linears' own tensors, packed ones
    // dequantized only when `dequantized` (namedParameters and exportWeights share it).
    void appendLayerWeights(std::size_t i, bool dequantized,
                            std::vector<std::pair<std::string, at::Tensor>>& out) const;
    at::Tensor norm(const at::Tensor& x, const Norm& n) const;
    at::Tensor activation(const at::Tensor& x) const;
    // A decode step's embedded token [1, 1, D] float32, a fresh tensor (decode_step_cpu.cpp).
    at::Tensor embedRow(const at::Tensor& ids, std::int64_t pos) const;
    // Whether activation(x) and the gated MLP's product take activation_cpu.h's rows (SiLU, CPU inference).
    bool siluOnRows(const at::Tensor& x) const;
    const LinearOp& linear(const DecoderLayer& L, LinearRole role) const;
    at::Tensor mix(const DecoderLayer& L, std::size_t index, const at::Tensor& x, std::int64_t pos0,
                   KvCache* cache) const;

    const DecoderLayer& layer(std::size_t i) const; // loads a deferred layer on first use
    DecoderLayer readLayer(std::size_t i) const;
    DecoderLayer emptyLayer() const;

    ModelConfig cfg_;
    const Architecture* arch_;
    std::shared_ptr<const std::vector<LinearSpec>> specs_;
    std::array<int, 11> roleIndex_{}; // LinearRole -> index into a layer's linears (-1: none)
    at::Device device_;
    std::shared_ptr<const Checkpoint> ckpt_; // source of deferred layers (null for random models)
    at::Tensor embed_, positions_, projectIn_, projectOut_, lmHead_;
    // A bf16/int8 head on the CPU (model/compact_head.h); lmHead_ (and embed_ when tied) are then undefined.
    std::shared_ptr<const CompactHead> compactHead_;
    Norm finalNorm_;
    std::vector<DecoderLayer> layers_;
    kernels::ActivationRounding rounding_ = kernels::ActivationRounding::Split15; // of packed linears
    at::ScalarType kvType_ = at::kFloat;                                          // of new KV caches
    mutable Rope rope_;
};

// LibTorch's type for a stored float dtype (F32/F16/BF16/F64); throws Error(Unsupported) for the others.
at::ScalarType storedFloatType(DType d);

// Tensor from a checkpoint entry, converted to float32 on `device`.
at::Tensor loadFloatTensor(const Checkpoint& ckpt, const std::string& name, at::Device device);

} // namespace owq::detail
