// owq tune MODEL --data FILE [--eval FILE] --steps N --lr X [--batch B --seqlen L --accum A --warmup W --clip
// C
// --seed S --eval-every N --save-every N --checkpoint-dir DIR --resume DIR --extra-weak K] --out DIR
// [--lora-out DIR]: weak column tuning of a packed OWQ model (docs/TUNING.md).
#include "cli_common.h"
#include "owq/error.h"
#include "owq/memory_estimate.h"
#include "owq/tune.h"

#include <cmath>
#include <cstdio>

namespace owqcli {

void addTuneCommand(CLI::App& app, GlobalOptions& g) {
    auto* cmd = app.add_subcommand(
        "tune", "Weak column tuning: train only the fp16 weak columns of a packed OWQ model on a task");
    struct Flags {
        owq::TuneOptions o;
        std::string model, out, format = "auto", schedule = "cosine", loraOut, loraGptqFormat = "gptq";
        bool loraDenseFallback = false;
    };
    auto f = std::make_shared<Flags>();
    owq::TuneOptions& o = f->o;
    cmd->add_option("MODEL", f->model, "Packed OWQ model folder (what `owq quantize` writes)")->required();
    cmd->add_option("--data", o.dataFile, "Training data: plain text, or .jsonl of {\"prompt\",\"response\"}")
        ->required();
    cmd->add_option("--eval", o.evalFile,
                    "Held-out data in the same format (default: split off --eval-split)");
    cmd->add_option("--format", f->format, "auto (by file name), text or jsonl")->capture_default_str();
    cmd->add_option("--eval-split", o.evalSplit, "Without --eval: fraction of the data held out")
        ->capture_default_str();
    cmd->add_option("--eval-windows", o.evalMaxWindows, "At most this many evaluation windows / examples")
        ->capture_default_str();
    cmd->add_option("--steps", o.steps, "Optimizer steps")->capture_default_str();
    cmd->add_option("--lr", o.lr, "Peak learning rate (AdamW)")->capture_default_str();
    cmd->add_option("--batch", o.batch, "Sequences per micro-batch")->capture_default_str();
    cmd->add_option("--seqlen", o.seqlen, "Tokens per sequence")->capture_default_str();
    cmd->add_option("--accum", o.accum, "Micro-batches per step (gradient accumulation)")
        ->capture_default_str();
    cmd->add_option("--warmup", o.warmup, "Linear warm-up steps")->capture_default_str();
    cmd->add_option("--schedule", f->schedule, "Decay after warm-up: cosine, linear or constant")
        ->capture_default_str();
    cmd->add_option("--min-lr-ratio", o.minLrRatio, "Final learning rate as a fraction of --lr")
        ->capture_default_str();
    cmd->add_option("--clip", o.clip, "Gradient-norm clipping (0: off)")->capture_default_str();
    cmd->add_option("--weight-decay", o.weightDecay, "AdamW decoupled weight decay")->capture_default_str();
    cmd->add_option("--seed", o.seed, "Seed of the batch sampling")->capture_default_str();
    cmd->add_option("--eval-every", o.evalEvery, "Evaluate every N steps (0: first and last only)")
        ->capture_default_str();
    cmd->add_option("--save-every", o.saveEvery, "Checkpoint every N steps (0: never)")
        ->capture_default_str();
    cmd->add_option("--checkpoint-dir", o.checkpointDir, "Where checkpoints go (default: OUT.checkpoints)");
    cmd->add_option("--resume", o.resumeFrom,
                    "Resume from a checkpoint (step folder, or the checkpoint folder)");
    cmd->add_option("--extra-weak", o.extraWeak,
                    "Make K more columns of every linear weak (trainable) before tuning (group size 0 only)")
        ->capture_default_str();
    cmd->add_option("--out", f->out, "Output folder for the tuned packed model (must not exist)")->required();
    cmd->add_option("--lora-out", f->loraOut, "Also export the tuned model as gptq+lora (PEFT adapter) here");
    cmd->add_option("--lora-gptq-format", f->loraGptqFormat, "gptq or gptq_v2 (see owq export)")
        ->capture_default_str();
    cmd->add_flag("--lora-dense-fallback", f->loraDenseFallback,
                  "gptq+lora: keep linears GPTQ cannot pack (features not multiples of 32) as float weights");
    cmd->callback([&g, f] {
        owq::TuneOptions o = f->o;
        o.format = owq::parseTuneDataFormat(f->format);
        o.schedule = owq::parseLrSchedule(f->schedule);
        if (o.saveEvery > 0 && o.checkpointDir.empty()) o.checkpointDir = f->out + ".checkpoints";
        owq::ExportOptions lora;
        lora.format = owq::ExportFormat::GptqLora;
        lora.gptqCheckpointFormat = f->loraGptqFormat;
        lora.denseFallback = f->loraDenseFallback;
        const int every = std::max(1, o.steps / 20);
        const bool text = !g.json;
        auto onStep = [&](const owq::TuneStep& s) {
            if (!text) return;
            if (s.step == 0) {
                std::printf("step %5d  eval loss %.4f (ppl %.3f)\n", 0, *s.evalLoss, std::exp(*s.evalLoss));
            } else if (s.evalLoss || s.step % every == 0) {
                std::printf("step %5d  loss %.4f  lr %.3g  grad %.3g", s.step, s.loss, s.lr, s.gradNorm);
                if (s.evalLoss)
                    std::printf("  eval loss %.4f (ppl %.3f)", *s.evalLoss, std::exp(*s.evalLoss));
                std::printf("  %.1f s\n", s.seconds);
            } else {
                return;
            }
            std::fflush(stdout);
        };
        owq::LoadOptions load = loadOptions(g);
        const owq::TuneResult r = owq::tuneModelFolder(
            f->model, f->out, o, onStep, {progressBar(g), interruptToken()}, load, f->loraOut, lora);
        finishProgress(g);
        if (g.json) {
            printJson(nlohmann::json::parse(r.toJson()));
            return;
        }
        const owq::TuneMemoryEstimate& m = r.memory;
        std::printf("tuned %lld weak columns in %lld linears (%lld extra): %lld trainable parameters\n",
                    (long long)r.weakColumns, (long long)r.linears, (long long)r.extraWeakColumns,
                    (long long)r.trainableParameters);
        std::printf("eval loss %.4f -> %.4f (ppl %.3f -> %.3f), %d steps in %.1f s -> %s\n",
                    r.initialEvalLoss, r.finalEvalLoss, std::exp(r.initialEvalLoss),
                    std::exp(r.finalEvalLoss), r.steps - r.startStep, r.seconds, r.out.c_str());
        std::printf(
            "training memory (computed): WCT %s, LoRA r=%.2f on the packed model %s, on fp16 %s, full "
            "fine-tuning %s; measured peak RSS %s\n",
            owq::formatBytes(m.wctBytes).c_str(), m.loraRank, owq::formatBytes(m.loraPackedBytes).c_str(),
            owq::formatBytes(m.loraFp16Bytes).c_str(), owq::formatBytes(m.fullBytes).c_str(),
            owq::formatBytes(r.peakRssBytes).c_str());
        if (!r.loraOut.empty()) std::printf("gptq+lora export -> %s\n", r.loraOut.c_str());
    });
}

} // namespace owqcli
