package dev.tokenpose;

/**
 * The arithmetic a model's TensorFlow session uses on the CPU.
 *
 * <p>oneDNN's bfloat16 mixed precision runs the bundled student 1.8× as fast on a CPU with native
 * bfloat16 (AVX512_BF16 or AMX) and moves its poses by less than the noise of its evaluation (see the
 * model card), so {@link #AUTO} uses it there. Any other checkpoint keeps float32 unless asked: its
 * keypoints under bfloat16 have not been measured.
 */
public enum Precision {
    /** bfloat16 for the bundled student where the CPU has native bfloat16, float32 otherwise. */
    AUTO,
    /** float32 throughout: bit-faithful to the official code (within 1e-4). */
    FP32,
    /** oneDNN's automatic bfloat16 mixed precision (emulated, and slower, on CPUs without it). */
    BF16
}
