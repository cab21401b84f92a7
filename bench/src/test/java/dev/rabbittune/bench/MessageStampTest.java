package dev.rabbittune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageStampTest {

    @Test
    void roundTripsTheStampOfThisRun() {
        byte[] body = new byte[100];
        MessageStamp.write(body, 123_456_789_012L, 0xCAFEBABE);
        assertThat(MessageStamp.read(body, 0xCAFEBABE)).isEqualTo(123_456_789_012L);
    }

    @Test
    void aBodyFromAnotherRunOrTooSmallGivesNoLatency() {
        byte[] body = new byte[12];
        MessageStamp.write(body, 42, 1);
        assertThat(MessageStamp.read(body, 2)).isEqualTo(-1);
        assertThat(MessageStamp.read(new byte[11], 1)).isEqualTo(-1);
        assertThat(MessageStamp.read(null, 1)).isEqualTo(-1);
    }
}
