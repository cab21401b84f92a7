package dev.rabbittune.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Publisher settings refuse what would fail later, mid-alarm. */
class PublisherSettingsTest {

    @Test
    void blockedSettingsAreChecked() {
        assertThatThrownBy(() -> PublisherSettings.defaults().withBlockedPolicy(null, java.time.Duration.ZERO))
                .hasMessageContaining("blocked policy");
        assertThatThrownBy(() -> PublisherSettings.defaults().withBlockedPolicy(
                PublisherSettings.BlockedPolicy.WAIT, null)).hasMessageContaining("blocked timeout");
        assertThatThrownBy(() -> PublisherSettings.defaults().withBlockedPolicy(
                PublisherSettings.BlockedPolicy.WAIT, java.time.Duration.ofDays(400 * 365)))
                .hasMessageContaining("between 0 and 365 days");
    }
}
