#!/usr/bin/env bash
set -euo pipefail

# TensorRT 11 builds every network strongly typed: each tensor runs in the type the ONNX
# graph gives it, and the old precision flags (--fp16, --bf16, --int8, --fp8, --best) are
# gone. So the FP16 decision is made on the model, before the build.

# 1. Rewrite the FP32 ONNX model as mixed FP16 with NVIDIA Model Optimizer's AutoCast, which
#    keeps numerically sensitive nodes in FP32 and inserts the casts. --keep_io_types leaves
#    the inputs and outputs in FP32, so clients send and receive the same tensors as before.
python3 -m modelopt.onnx.autocast --onnx_path model.onnx --output_path model_fp16.onnx \
        --low_precision_type fp16 --keep_io_types

# 2. Build an engine from it whose batch dimension is dynamic: any batch from 1 to 32 runs,
#    and the kernels are tuned for the usual batch of 8. No precision flag: the types are
#    already in the graph.
trtexec --onnx=model_fp16.onnx --saveEngine=model.plan \
        --minShapes=input:1x3x224x224 \
        --optShapes=input:8x3x224x224 \
        --maxShapes=input:32x3x224x224

# 3. Time the saved engine at batch 8 (latency percentiles and throughput).
trtexec --loadEngine=model.plan --shapes=input:8x3x224x224
