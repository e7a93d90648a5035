#!/usr/bin/env python3
"""Bytes one decode step streams, for the rooflines of bench/packed_decode.sh and bench/compare_llamacpp.sh.

    python3 bench/step_bytes.py MODEL_DIR_OR_GGUF   # prints the byte count

An owq folder: packed tensors as stored, a bf16 or int8 head as stored (quantization_config.head,
docs/FORMAT.md), every other tensor as float32 (how owq holds it in memory), and one embedding row. A GGUF
file: every tensor as stored (sizes from the offsets in its header) but one row of token_embd.
"""
import glob
import json
import struct
import sys

SAFETENSORS_BYTES = {"F32": 4, "F16": 2, "BF16": 2, "U8": 1, "I8": 1, "I32": 4, "I64": 8}
PACKED = (".qweight", ".scales", ".qzeros", ".perm", ".weak_idx", ".weak_weight")


def owq_step_bytes(folder):
    with open(folder + "/config.json") as f:
        head = (json.load(f).get("quantization_config") or {}).get("head", "")
    total = 0
    for path in glob.glob(folder + "/*.safetensors"):
        with open(path, "rb") as f:
            header = json.loads(f.read(struct.unpack("<Q", f.read(8))[0]))
        for name, t in header.items():
            if name == "__metadata__":
                continue
            n = 1
            for d in t["shape"]:
                n *= d
            if name.endswith(PACKED) or (head in ("bf16", "int8") and name.startswith("lm_head.")):
                total += n * SAFETENSORS_BYTES[t["dtype"]]
            elif "embed_tokens" in name:
                total += 4 * t["shape"][-1]  # one row per token
            else:
                total += 4 * n  # float32 in memory
    return total


def gguf_step_bytes(path):
    with open(path, "rb") as f:
        def u(fmt):
            return struct.unpack("<" + fmt, f.read(struct.calcsize("<" + fmt)))[0]

        def string():
            return f.read(u("Q")).decode("utf-8", "replace")

        scalar = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}

        def value(kind):
            if kind == 8:
                return string()
            if kind == 9:
                elem, n = u("I"), u("Q")
                return [value(elem) for _ in range(n)]
            return u(scalar[kind])

        if f.read(4) != b"GGUF":
            sys.exit(f"{path}: not a GGUF file")
        u("I")  # version
        n_tensors, n_kv = u("Q"), u("Q")
        align = 32
        for _ in range(n_kv):
            key = string()
            v = value(u("I"))
            if key == "general.alignment":
                align = v
        infos = []
        for _ in range(n_tensors):
            name = string()
            dims = [u("Q") for _ in range(u("I"))]
            u("I")  # type
            infos.append((u("Q"), name, dims))
        start = (f.tell() + align - 1) // align * align
        end = f.seek(0, 2) - start
    infos.sort()
    total = 0
    for i, (off, name, dims) in enumerate(infos):
        size = (infos[i + 1][0] if i + 1 < len(infos) else end) - off
        total += size // dims[-1] if name == "token_embd.weight" else size  # dims[-1]: its rows
    return total


def step_bytes(path):
    return gguf_step_bytes(path) if path.endswith(".gguf") else owq_step_bytes(path)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: step_bytes.py MODEL_DIR_OR_GGUF")
    print(step_bytes(sys.argv[1]))
