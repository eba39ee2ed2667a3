package dev.tokenpose.track;

import java.io.Serializable;

/**
 * The One-Euro filter (Casiez et al. 2012) as a pure function of its previous state and a sample.
 *
 * <p>The filter object holds only its settings; everything that changes lives in the returned
 * {@link OneEuroState}, an immutable record of primitives. A stream can therefore keep the state in
 * keyed state and snapshot it as is, and replaying from an older state gives the same outputs. The
 * time step comes from the timestamps, so irregular frame intervals and gaps are handled: a long gap
 * makes the smoothing factor approach 1 and the filter follows the new sample.
 */
public final class OneEuroFilter implements Serializable {

    private static final long serialVersionUID = 1L;

    private final OneEuroSettings settings;

    /**
     * Creates a filter.
     *
     * @param settings cutoffs and beta
     */
    public OneEuroFilter(OneEuroSettings settings) {
        this.settings = settings;
    }

    /**
     * The settings of this filter.
     *
     * @return the settings
     */
    public OneEuroSettings settings() {
        return settings;
    }

    /**
     * Filters one sample; the filtered value is {@code result.value()}.
     *
     * @param state the state after the previous sample, or {@link OneEuroState#UNSET}
     * @param x the raw sample
     * @param t the sample time in seconds, later than the previous sample's
     * @return the new state, whose {@code value} is the filtered sample
     * @throws IllegalArgumentException if {@code t} is not finite or not after the previous sample
     */
    public OneEuroState filter(OneEuroState state, double x, double t) {
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("sample time must be finite, got " + t);
        }
        if (!settings.enabled() || !state.initialised()) {
            // The first sample has no past to smooth against, so it passes through with zero speed.
            return new OneEuroState(x, 0, t, true);
        }
        double dt = t - state.time();
        if (!(dt > 0)) {
            throw new IllegalArgumentException("sample time " + t + " is not after the previous " + state.time());
        }
        // As in the paper's pseudo-code, the speed is taken against the previous filtered value.
        double dx = (x - state.value()) / dt;
        double dxHat = state.derivative() + alpha(dt, settings.dCutoff()) * (dx - state.derivative());
        double cutoff = settings.minCutoff() + settings.beta() * Math.abs(dxHat);
        double xHat = state.value() + alpha(dt, cutoff) * (x - state.value());
        return new OneEuroState(xHat, dxHat, t, true);
    }

    /**
     * The smoothing factor of a first-order low-pass filter with this cutoff, sampled after {@code dt}.
     *
     * @param dt time since the previous sample, seconds
     * @param cutoff cutoff frequency, Hz
     * @return the weight of the new sample, in (0, 1)
     */
    static double alpha(double dt, double cutoff) {
        double tau = 1.0 / (2 * Math.PI * cutoff);
        return 1.0 / (1.0 + tau / dt);
    }
}
