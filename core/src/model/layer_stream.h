// The layer-streamed evaluation path (owq/eval_path.h): every window embedded into an activation store,
// then each decoder layer read from the checkpoint, run over all windows a batch at a time into the next
// store and released, so one decoder layer's weights are in memory at a time. The batches are the whole
// path's, so the logits are the same bit for bit. Internal: LibTorch types.
#pragma once

#include "model/perplexity_windows.h"
#include "quant/activation_store.h"

#include <memory>

namespace owq::detail {

// The final hidden states [windows, seqlen, hidden] of every window of `w` (before the head), the decoder
// layers of `lm` run one at a time. Layers that were loaded before stay loaded; the ones this reads are
// released after their pass (also on cancel and error). The stores are in memory, or spilled files when
// they do not fit the memory budget (OWQ_ACTIVATION_SPILL=1|0 forces either, as for quantization).
// Progress: stage "layers", one unit per window and pass (embedding, then each layer).
std::unique_ptr<ActivationStore> streamLayers(const LanguageModel& lm, const Windows& w,
                                              const JobContext& job);

// A model's logits [count, seqlen, vocab] of windows [first, first + count), on the model's device.
using LogitsSource = std::function<at::Tensor(std::int64_t first, std::int64_t count)>;
// `lm`'s logits of `w`'s windows by its evaluation path: the whole model's forward per batch, or the head
// over the final hidden states of streamLayers, which runs here, before this returns. A whole model with
// 8-bit activations that apply (int8ActivationsEvaluated) runs each window as generation does instead, 16
// tokens at a time through the packed kernels with a KV cache, so the numbers measure those numerics.
LogitsSource logitsOf(const LanguageModel& lm, const Windows& w, const JobContext& job);

// The model evaluates whole, has packed linears, asks for 8-bit activations, and its packed CPU kernels take
// them (the avx512vnni path): then perplexity and KL run through the kernels (protocol eval_path
// "int8-activations").
bool int8ActivationsEvaluated(const LanguageModel& lm);

} // namespace owq::detail
