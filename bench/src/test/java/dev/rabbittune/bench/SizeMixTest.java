package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rabbittune.core.BadInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SizeMixTest {

    @Test
    void drawsSizesInProportionToTheirWeights() {
        SizeMix mix = SizeMix.parse("100:70,4096:30");
        SplittableRandom random = new SplittableRandom(1);
        int small = 0;
        for (int i = 0; i < 100_000; i++) {
            if (mix.draw(random) == 100) {
                small++;
            }
        }
        assertThat(small / 100_000.0).isCloseTo(0.70, within(0.01));
        assertThat(mix.meanBytes()).isCloseTo(0.7 * 100 + 0.3 * 4096, within(0.001));
        assertThat(mix).hasToString("100:70,4096:30");
    }

    @Test
    void aBareSizeIsAMixOfOne() {
        assertThat(SizeMix.parse("512")).isEqualTo(SizeMix.fixed(512));
    }

    @Test
    void rejectsGarbageNegativeAndHugeSizes() {
        assertThatThrownBy(() -> SizeMix.parse("100:x")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> SizeMix.parse("-1")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> SizeMix.parse("100:0")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> SizeMix.fixed(Workload.MAX_MESSAGE_BYTES + 1)).isInstanceOf(BadInputException.class);
    }
}
