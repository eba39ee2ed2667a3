/**
 * Reading PyTorch checkpoints ({@code .pth}) without PyTorch: the zip format of torch 1.6 and
 * later, the legacy single-stream format, and training-checkpoint dicts that wrap a state dict.
 *
 * <p>{@link dev.tokenpose.checkpoint.PthReader#read(java.nio.file.Path)} returns a
 * {@link dev.tokenpose.checkpoint.StateDict}, an ordered map from parameter name to
 * {@link dev.tokenpose.checkpoint.TensorData}; every problem is reported as a
 * {@link dev.tokenpose.checkpoint.CheckpointException}.
 */
package dev.tokenpose.checkpoint;
