package dev.tokenpose.tf;

/**
 * Known ways to port TokenPose wrongly. A graph can be built with one of them on purpose, so that
 * the conformance tests prove the reference fixtures and tolerances catch each of them.
 */
enum Deviation {
    /** tanh-approximate GELU instead of the exact erf form. */
    TANH_GELU,
    /** D^-0.5 and (D/heads)^-0.5 attention scales exchanged between S and the other families. */
    SWAPPED_ATTENTION_SCALE,
    /** No position re-add before encoder layers 1 and later. */
    NO_POSITION_READD,
    /** BatchNorm eps 1e-3 instead of 1e-5. */
    BATCHNORM_EPS_1E3
}
