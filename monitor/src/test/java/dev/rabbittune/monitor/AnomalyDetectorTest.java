package dev.rabbittune.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The detector on synthetic series with a known answer: one sample a second, noise from a fixed seed. */
class AnomalyDetectorTest {

    private static final AnomalyDetector.Settings LATENCY = AnomalyDetector.Settings.perSecond(2.0, 0.5);

    /** Feeds the series and returns the indexes at which a verdict came, with its direction. */
    private static List<String> verdicts(AnomalyDetector detector, double[] series) {
        List<String> said = new ArrayList<>();
        for (int i = 0; i < series.length; i++) {
            int at = i;
            detector.observe(series[i]).ifPresent(v -> said.add(at + (v.unusual() ? " started" : " ended")));
        }
        return said;
    }

    private static double[] noisy(int length, double level, double sigma, long seed) {
        Random random = new Random(seed);
        double[] series = new double[length];
        for (int i = 0; i < length; i++) {
            series[i] = level + random.nextGaussian() * sigma;
        }
        return series;
    }

    @Test
    void noiseAloneNeverPages() {
        assertThat(verdicts(new AnomalyDetector("latency", LATENCY), noisy(3600, 5, 0.5, 1))).isEmpty();
    }

    @Test
    void aStepToThreeTimesTheLatencyIsSaidWithinSecondsAndNotBeforeIt() {
        double[] series = noisy(600, 5, 0.5, 2);
        for (int i = 300; i < 600; i++) {
            series[i] += 10;
        }

        List<String> said = verdicts(new AnomalyDetector("latency", LATENCY), series);

        assertThat(said).isNotEmpty();
        int first = Integer.parseInt(said.get(0).split(" ")[0]);
        assertThat(said.get(0)).endsWith("started");
        assertThat(first).isBetween(300, 305);
    }

    @Test
    void aOneSecondSpikeIsNoAnomalyButOneOfFiveSecondsIs() {
        double[] blip = noisy(400, 5, 0.5, 3);
        blip[250] = 500;
        assertThat(verdicts(new AnomalyDetector("latency", LATENCY), blip)).isEmpty();

        double[] burst = noisy(400, 5, 0.5, 3);
        for (int i = 250; i < 255; i++) {
            burst[i] = 500;
        }
        assertThat(verdicts(new AnomalyDetector("latency", LATENCY), burst)).first().asString().endsWith("started");
    }

    @Test
    void aDriftThatTriplesTheLatencyOverTenMinutesIsSaid() {
        double[] series = noisy(900, 5, 0.3, 4);
        for (int i = 300; i < 900; i++) {
            series[i] += (i - 300) * 10.0 / 600;
        }

        assertThat(verdicts(new AnomalyDetector("latency", LATENCY), series)).first().asString().endsWith("started");
    }

    @Test
    void aQuietBrokerWithRatesAtZeroDoesNotPageOnAFewMessages() {
        AnomalyDetector rate = new AnomalyDetector("publish_rate", AnomalyDetector.Settings.perSecond(50, 0.5));
        double[] series = new double[600];
        for (int i = 0; i < series.length; i++) {
            series[i] = i % 97 == 0 ? 3 : 0; // an odd message now and then, MAD 0
        }
        for (int i = 400; i < 406; i++) {
            series[i] = 20; // a handful more: below the minimum effect
        }

        assertThat(verdicts(rate, series)).isEmpty();
    }

    @Test
    void nothingIsSaidDuringTheWarmUpButAStepInItIsSaidRightAfter() {
        double[] series = noisy(100, 5, 0.5, 5);
        for (int i = 40; i < 100; i++) {
            series[i] = 50;
        }

        List<String> said = verdicts(new AnomalyDetector("latency", LATENCY), series);

        assertThat(said).isNotEmpty().first().asString().isEqualTo("59 started");
    }

    @Test
    void aLevelNearTheThresholdDoesNotFlapAndAFallIsNoRiseAnomaly() {
        double[] step = noisy(900, 5, 0.3, 6);
        for (int i = 300; i < 900; i++) {
            step[i] += 10;
        }
        assertThat(verdicts(new AnomalyDetector("latency", LATENCY.risesOnly()), step).stream()
                .filter(v -> v.endsWith("started"))).as("one step, one start").hasSize(1);

        double[] fall = noisy(600, 10, 0.3, 7);
        for (int i = 300; i < 600; i++) {
            fall[i] = 4 + fall[i] - 10;
        }
        assertThat(verdicts(new AnomalyDetector("latency", LATENCY.risesOnly()), fall)).isEmpty();
    }

    @Test
    void theSettingsSpanTheSameTimesWhateverTheSampleInterval() {
        java.time.Duration minute = java.time.Duration.ofMinutes(1);
        // reads every 5 s: the two dozen samples of two minutes
        assertThat(AnomalyDetector.Settings.every(java.time.Duration.ofSeconds(5), minute, 50, 0.5))
                .isEqualTo(new AnomalyDetector.Settings(24, 3, 12, 5, 50, 0.5, 120));
        assertThat(AnomalyDetector.Settings.perSecond(2, 0.5))
                .isEqualTo(new AnomalyDetector.Settings(120, 5, 60, 5, 2, 0.5, 600));
        assertThat(AnomalyDetector.Settings.every(java.time.Duration.ofMillis(250), java.time.Duration.ofSeconds(15),
                2, 0.5)).isEqualTo(new AnomalyDetector.Settings(480, 20, 60, 5, 2, 0.5, 2400));
        // a slow interval still keeps a few samples in each window
        assertThat(AnomalyDetector.Settings.every(java.time.Duration.ofSeconds(60), java.time.Duration.ZERO, 2, 0.5))
                .isEqualTo(new AnomalyDetector.Settings(3, 3, 6, 5, 2, 0.5, 10));
    }
}
