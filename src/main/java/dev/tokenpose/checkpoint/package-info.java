/**
 * Reading and writing PyTorch checkpoints ({@code .pth}) without PyTorch: the reader takes the zip
 * format of torch 1.6 and later, the legacy single-stream format, and training-checkpoint dicts
 * that wrap a state dict; the writer writes the zip format as {@code torch.save} does.
 *
 * <p>{@link dev.tokenpose.checkpoint.PthReader#read(java.nio.file.Path)} returns a
 * {@link dev.tokenpose.checkpoint.StateDict}, an ordered map from parameter name to
 * {@link dev.tokenpose.checkpoint.TensorData}, and
 * {@link dev.tokenpose.checkpoint.PthWriter#write(java.nio.file.Path, dev.tokenpose.checkpoint.StateDict)}
 * writes one; every problem is reported as a {@link dev.tokenpose.checkpoint.CheckpointException}.
 */
package dev.tokenpose.checkpoint;
