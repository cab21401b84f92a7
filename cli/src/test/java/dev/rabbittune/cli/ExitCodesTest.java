package dev.rabbittune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rabbittune.client.codec.CodecException;
import dev.rabbittune.core.BadInputException;
import dev.rabbittune.core.BrokerRefusedException;
import dev.rabbittune.core.BrokerUnreachableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The one table of exit codes, and the duration forms the commands take. */
class ExitCodesTest {

    @Test
    void eachKindOfCauseHasItsCode() {
        assertThat(ExitCodes.MAPPER.getExitCode(new BadInputException("x"))).isEqualTo(2);
        assertThat(ExitCodes.MAPPER.getExitCode(new BrokerUnreachableException("x", "", null))).isEqualTo(3);
        assertThat(ExitCodes.MAPPER.getExitCode(new BrokerRefusedException("x", "", null))).isEqualTo(4);
        CodecException unknownEncoding = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> dev.rabbittune.client.codec.Codecs.named("br"), CodecException.class);
        assertThat(ExitCodes.MAPPER.getExitCode(unknownEncoding)).isEqualTo(2);
        assertThat(ExitCodes.MAPPER.getExitCode(new InterruptedException())).isEqualTo(130);
        assertThat(ExitCodes.MAPPER.getExitCode(new IllegalStateException("a bug"))).isEqualTo(1);
        assertThat(ExitCodes.MAPPER.getExitCode(new CommandLine.ParameterException(new CommandLine(new Main()),
                "bad"))).isEqualTo(2);
    }

    @Test
    void durationsAreSecondsMinutesOrHours() {
        assertThat(Durations.parse("90")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse(" 90s ")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse("10m")).contains(Duration.ofMinutes(10));
        assertThat(Durations.parse("1 h")).contains(Duration.ofHours(1));
        assertThat(Durations.parse("1d")).isEmpty();
        assertThat(Durations.parse("-5s")).isEmpty();
        assertThat(Durations.parse("soon")).isEmpty();
    }
}
