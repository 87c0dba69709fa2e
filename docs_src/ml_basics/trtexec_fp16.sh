#!/usr/bin/env bash
set -euo pipefail

# Build an FP16 engine whose batch dimension is dynamic: any batch from 1 to 32 runs,
# and the kernels are tuned for the usual batch of 8. For TensorRT 10.x, where --fp16
# lets the builder pick FP16 kernels; TensorRT 11 removed the flag: give it an ONNX
# model already converted to FP16 (ModelOpt AutoCast) and drop --fp16.
trtexec --onnx=model.onnx --saveEngine=model.plan --fp16 \
        --minShapes=input:1x3x224x224 \
        --optShapes=input:8x3x224x224 \
        --maxShapes=input:32x3x224x224

# Time the saved engine at batch 8 (latency percentiles and throughput).
trtexec --loadEngine=model.plan --shapes=input:8x3x224x224
