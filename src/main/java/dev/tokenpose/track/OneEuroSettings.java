package dev.tokenpose.track;

import java.io.Serializable;

/**
 * Parameters of the One-Euro filter (Casiez, Roussel and Vogel, CHI 2012).
 *
 * <p>The cutoff frequency adapts to the signal speed: {@code cutoff = minCutoff + beta · |dx/dt|}, so
 * a still joint is smoothed hard (jitter goes) and a moving one lightly (lag stays small). The
 * {@link #DEFAULTS} are tuned for keypoints in image pixels at 10–30 fps, following the paper's
 * procedure (first {@code minCutoff} against jitter at rest, then {@code beta} against lag):
 * <ul>
 *   <li>{@code minCutoff = 0.5 Hz}: at 30 fps it cuts the RMS of 1 px Gaussian jitter on a still joint
 *       by 3.4–3.7× (2.3× at 10 fps, where fewer samples per second limit any causal filter).</li>
 *   <li>{@code beta = 0.02 /px}: a joint moving at 100 px/s trails by 3.5 px at 30 fps (4.6 px at
 *       10 fps, 5.0 px at 300 px/s). The often quoted pair minCutoff 1 Hz, beta 0.007 (tuned for a mouse
 *       pointer) trails by 5.5 px and cuts the jitter only about 3.0×. Because beta is per pixel, a much
 *       larger image scale calls for a smaller beta.</li>
 *   <li>{@code dCutoff = 1 Hz}: the paper's value for the speed estimate.</li>
 * </ul>
 *
 * @param enabled whether to filter at all; a disabled filter passes every sample through unchanged
 * @param minCutoff cutoff frequency at zero speed, Hz
 * @param beta cutoff increase per unit of speed, Hz per (unit/s), so 1/unit; for pixels, 1/px
 * @param dCutoff cutoff frequency of the speed estimate, Hz
 */
public record OneEuroSettings(boolean enabled, double minCutoff, double beta, double dCutoff) implements Serializable {

    /** Filtering on with the defaults described above. */
    public static final OneEuroSettings DEFAULTS = new OneEuroSettings(true, 0.5, 0.02, 1.0);

    /** Filtering off: the output is the input. */
    public static final OneEuroSettings DISABLED = new OneEuroSettings(false, 0.5, 0.02, 1.0);

    /** Checks that the cutoffs are positive and beta is not negative. */
    public OneEuroSettings {
        if (!(minCutoff > 0)
                || !(dCutoff > 0)
                || !(beta >= 0)
                || Double.isInfinite(minCutoff)
                || Double.isInfinite(dCutoff)
                || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("One-Euro needs finite minCutoff > 0, dCutoff > 0, beta >= 0, got "
                    + minCutoff + ", " + dCutoff + ", " + beta);
        }
    }
}
