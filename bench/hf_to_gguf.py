#!/usr/bin/env python3
"""A LLaMA-style Hugging Face folder (float safetensors, single or sharded, and a sentencepiece
tokenizer.model) written as a GGUF file with the same float tensors, for timing llama.cpp's kernels on
the same shapes as owq's (bench/compare_llamacpp.sh). Standard library only.

Only for speed: q_proj and k_proj stay in Hugging Face's row order, where llama.cpp's converter undoes
the rotary permutation, so the file computes the same amount of work but not the same text.

    python3 bench/hf_to_gguf.py MODEL_DIR OUT.gguf

GGUF (version 3): header, metadata key/values, tensor infos (dimensions innermost first), then the data,
each tensor aligned to 32 bytes. Matrices are copied as they are (F32, F16 or BF16); vectors (the norms)
are written as F32, as llama.cpp's CPU backend multiplies by them only in float32.
"""
import json
import os
import struct
import sys

ALIGN = 32
# GGUF metadata value types
U32, I32, F32, STRING, ARRAY = 4, 5, 6, 8, 9
# GGUF tensor types for the safetensors dtypes copied as they are, and llama.cpp's file type for a model
# whose matrices all have that dtype (general.file_type: ALL_F32, MOSTLY_F16, MOSTLY_BF16)
TENSOR_TYPE = {"F32": 0, "F16": 1, "BF16": 30}
FILE_TYPE = {"F32": 0, "F16": 1, "BF16": 32}
DTYPE_BYTES = {"F32": 4, "F16": 2, "BF16": 2}

LAYER_NAMES = {
    "input_layernorm.weight": "attn_norm.weight",
    "self_attn.q_proj.weight": "attn_q.weight",
    "self_attn.k_proj.weight": "attn_k.weight",
    "self_attn.v_proj.weight": "attn_v.weight",
    "self_attn.o_proj.weight": "attn_output.weight",
    "post_attention_layernorm.weight": "ffn_norm.weight",
    "mlp.gate_proj.weight": "ffn_gate.weight",
    "mlp.up_proj.weight": "ffn_up.weight",
    "mlp.down_proj.weight": "ffn_down.weight",
}


def fail(msg):
    sys.exit(f"hf_to_gguf.py: {msg}")


def vector_as_f32(raw, dtype):
    if dtype == "F32":
        return raw
    if dtype == "BF16":  # the high 16 bits of a float32
        return b"".join(b"\0\0" + raw[i:i + 2] for i in range(0, len(raw), 2))
    n = len(raw) // 2
    return struct.pack(f"<{n}f", *struct.unpack(f"<{n}e", raw))


def gguf_name(hf):
    if hf == "model.embed_tokens.weight":
        return "token_embd.weight"
    if hf == "model.norm.weight":
        return "output_norm.weight"
    if hf == "lm_head.weight":
        return "output.weight"
    parts = hf.split(".", 3)
    if len(parts) == 4 and parts[0] == "model" and parts[1] == "layers" and parts[3] in LAYER_NAMES:
        return f"blk.{parts[2]}.{LAYER_NAMES[parts[3]]}"
    return None  # e.g. rotary caches some checkpoints store: not a weight llama.cpp reads


def read_safetensors(model_dir):
    """[(hf name, dtype, shape, file, absolute offset, nbytes)] over every shard."""
    index = os.path.join(model_dir, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    elif os.path.exists(os.path.join(model_dir, "model.safetensors")):
        files = ["model.safetensors"]
    else:
        fail(f"{model_dir}: no model.safetensors or model.safetensors.index.json")
    tensors = []
    for name in files:
        path = os.path.join(model_dir, name)
        with open(path, "rb") as f:
            raw = f.read(8)
            if len(raw) != 8:
                fail(f"{path}: truncated header")
            n = struct.unpack("<Q", raw)[0]
            header = json.loads(f.read(n))
        base = 8 + n
        for key, t in header.items():
            if key == "__metadata__":
                continue
            if t["dtype"] not in TENSOR_TYPE:
                fail(f"{path}: tensor {key} is {t['dtype']}; only F32, F16 and BF16 are copied")
            begin, end = t["data_offsets"]
            tensors.append((key, t["dtype"], t["shape"], path, base + begin, end - begin))
    return tensors


def read_varint(buf, pos):
    value, shift = 0, 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, pos
        shift += 7


def skip_field(buf, pos, wire):
    if wire == 0:
        return read_varint(buf, pos)[1]
    if wire == 1:
        return pos + 8
    if wire == 2:
        n, pos = read_varint(buf, pos)
        return pos + n
    if wire == 5:
        return pos + 4
    raise ValueError(f"wire type {wire}")


def sentencepiece_vocab(path):
    """(pieces, scores, types) from a sentencepiece ModelProto: field 1 repeats SentencePiece
    {1: piece, 2: score (float), 3: type (enum; llama.cpp's token types use the same numbers)}."""
    with open(path, "rb") as f:
        buf = f.read()
    pieces, scores, types = [], [], []
    pos = 0
    try:
        while pos < len(buf):
            tag, pos = read_varint(buf, pos)
            field, wire = tag >> 3, tag & 7
            if field != 1 or wire != 2:
                pos = skip_field(buf, pos, wire)
                continue
            n, pos = read_varint(buf, pos)
            end = pos + n
            piece, score, kind = b"", 0.0, 1
            while pos < end:
                tag, pos = read_varint(buf, pos)
                f2, w2 = tag >> 3, tag & 7
                if f2 == 1 and w2 == 2:
                    m, pos = read_varint(buf, pos)
                    piece = buf[pos:pos + m]
                    pos += m
                elif f2 == 2 and w2 == 5:
                    score = struct.unpack("<f", buf[pos:pos + 4])[0]
                    pos += 4
                elif f2 == 3 and w2 == 0:
                    kind, pos = read_varint(buf, pos)
                else:
                    pos = skip_field(buf, pos, w2)
            pieces.append(piece)
            scores.append(score)
            types.append(kind)
    except (IndexError, ValueError, struct.error) as e:
        fail(f"{path}: not a sentencepiece model ({e})")
    if not pieces:
        fail(f"{path}: no pieces")
    return pieces, scores, types


def gguf_string(s):
    b = s if isinstance(s, bytes) else s.encode()
    return struct.pack("<Q", len(b)) + b


def kv(key, kind, value):
    out = gguf_string(key) + struct.pack("<I", kind)
    if kind == U32:
        return out + struct.pack("<I", value)
    if kind == F32:
        return out + struct.pack("<f", value)
    if kind == STRING:
        return out + gguf_string(value)
    elem, items = value
    out += struct.pack("<IQ", elem, len(items))
    if elem == STRING:
        return out + b"".join(gguf_string(v) for v in items)
    fmt = {F32: "f", I32: "i"}[elem]
    return out + struct.pack(f"<{len(items)}{fmt}", *items)


def main():
    if len(sys.argv) != 3:
        fail("usage: hf_to_gguf.py MODEL_DIR OUT.gguf")
    model_dir, out_path = sys.argv[1], sys.argv[2]
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    if cfg.get("model_type", "llama") != "llama":
        fail(f"{model_dir}: model_type {cfg.get('model_type')}; only llama is written")
    tok_path = os.path.join(model_dir, "tokenizer.model")
    if not os.path.exists(tok_path):
        fail(f"{model_dir}: no tokenizer.model (a sentencepiece tokenizer is needed)")
    pieces, scores, types = sentencepiece_vocab(tok_path)

    tensors = []
    for hf, dtype, shape, path, offset, nbytes in read_safetensors(model_dir):
        name = gguf_name(hf)
        if name is None:
            continue
        count = 1
        for d in shape:
            count *= d
        if count * DTYPE_BYTES[dtype] != nbytes:
            fail(f"{path}: tensor {hf} has {nbytes} bytes for shape {shape} in {dtype}")
        if len(shape) == 1:  # written as F32 (read into memory: a vector is small)
            with open(path, "rb") as f:
                f.seek(offset)
                raw = vector_as_f32(f.read(nbytes), dtype)
            tensors.append((name, "F32", shape, raw, 0, len(raw)))
        else:
            tensors.append((name, dtype, shape, path, offset, nbytes))
    if not any(t[0] == "token_embd.weight" for t in tensors):
        fail(f"{model_dir}: no model.embed_tokens.weight")
    dtypes = {t[1] for t in tensors if len(t[2]) > 1}  # the matrices' (vectors are written as F32)

    hidden, heads = cfg["hidden_size"], cfg["num_attention_heads"]
    meta = [
        kv("general.architecture", STRING, "llama"),
        kv("general.name", STRING, os.path.basename(os.path.normpath(model_dir))),
        kv("general.file_type", U32, FILE_TYPE[dtypes.pop()] if len(dtypes) == 1 else 0),
        kv("llama.context_length", U32, cfg.get("max_position_embeddings", 2048)),
        kv("llama.embedding_length", U32, hidden),
        kv("llama.block_count", U32, cfg["num_hidden_layers"]),
        kv("llama.feed_forward_length", U32, cfg["intermediate_size"]),
        kv("llama.rope.dimension_count", U32, cfg.get("head_dim", hidden // heads)),
        kv("llama.attention.head_count", U32, heads),
        kv("llama.attention.head_count_kv", U32, cfg.get("num_key_value_heads", heads)),
        kv("llama.attention.layer_norm_rms_epsilon", F32, cfg.get("rms_norm_eps", 1e-5)),
        kv("llama.rope.freq_base", F32, cfg.get("rope_theta", 10000.0)),
        kv("tokenizer.ggml.model", STRING, "llama"),
        kv("tokenizer.ggml.tokens", ARRAY, (STRING, pieces)),
        kv("tokenizer.ggml.scores", ARRAY, (F32, scores)),
        kv("tokenizer.ggml.token_type", ARRAY, (I32, types)),
        kv("tokenizer.ggml.bos_token_id", U32, cfg.get("bos_token_id", 1)),
        kv("tokenizer.ggml.eos_token_id", U32, cfg.get("eos_token_id", 2)),
    ]

    infos, data_offset = [], 0
    for name, dtype, shape, _, _, nbytes in tensors:
        dims = list(reversed(shape))  # GGUF lists the innermost (contiguous) dimension first
        infos.append(gguf_string(name) + struct.pack("<I", len(dims)) +
                     struct.pack(f"<{len(dims)}Q", *dims) + struct.pack("<IQ", TENSOR_TYPE[dtype], data_offset))
        data_offset += (nbytes + ALIGN - 1) // ALIGN * ALIGN

    tmp = out_path + ".tmp"
    with open(tmp, "wb") as out:
        out.write(b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(meta)))
        for m in meta:
            out.write(m)
        for i in infos:
            out.write(i)
        out.write(b"\0" * ((ALIGN - out.tell() % ALIGN) % ALIGN))
        for _, _, _, path, offset, nbytes in tensors:
            if isinstance(path, bytes):  # a vector converted above
                out.write(path)
                out.write(b"\0" * ((ALIGN - nbytes % ALIGN) % ALIGN))
                continue
            with open(path, "rb") as src:
                src.seek(offset)
                left = nbytes
                while left > 0:
                    chunk = src.read(min(left, 64 << 20))
                    if not chunk:
                        fail(f"{path}: truncated tensor data")
                    out.write(chunk)
                    left -= len(chunk)
            out.write(b"\0" * ((ALIGN - nbytes % ALIGN) % ALIGN))
    os.replace(tmp, out_path)
    print(f"{out_path}: {len(tensors)} tensors, {len(pieces)} tokens")


if __name__ == "__main__":
    main()
