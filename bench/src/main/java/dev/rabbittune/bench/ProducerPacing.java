package dev.rabbittune.bench;

/**
 * How rate-limited producers change their rate over the run and when they start. Immutable.
 *
 * @param variableRate            per-producer rates over time ({@code --variable-rate}); null = the fixed rate
 * @param randomStartDelaySeconds each producer starts after a random delay of up to this many seconds
 *                                ({@code --producer-random-start-delay}); 0 = at once (rate-limited producers still
 *                                spread their first sends over one interval)
 */
public record ProducerPacing(VariableValues variableRate, int randomStartDelaySeconds) {

    public static ProducerPacing steady() {
        return new ProducerPacing(null, 0);
    }

    /** True when producers are scheduled by the pacing threads rather than publishing flat out. */
    public boolean paced(double ratePerProducer) {
        return ratePerProducer > 0 || variableRate != null;
    }
}
