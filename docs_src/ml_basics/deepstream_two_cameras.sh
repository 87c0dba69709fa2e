#!/usr/bin/env bash
set -euo pipefail

# Two recorded camera streams, batched together, detected, tracked, tiled side by side and
# written as one annotated MP4. Check element properties against your DeepStream version.
# -e sends end-of-stream on Ctrl-C, so mp4mux still writes a playable file.
gst-launch-1.0 -e \
  nvstreammux name=mux batch-size=2 width=1280 height=720 batched-push-timeout=40000 ! \
  nvinfer config-file-path=detector.txt batch-size=2 ! \
  nvtracker ll-lib-file=/opt/nvidia/deepstream/deepstream/lib/libnvds_nvmultiobjecttracker.so ! \
  nvmultistreamtiler rows=1 columns=2 width=2560 height=720 ! \
  nvvideoconvert ! nvdsosd ! nvvideoconvert ! nvv4l2h264enc ! h264parse ! \
  mp4mux ! filesink location=annotated.mp4 \
  uridecodebin uri=file:///data/cam1.mp4 ! mux.sink_0 \
  uridecodebin uri=file:///data/cam2.mp4 ! mux.sink_1
