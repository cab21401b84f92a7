package dev.rabbittune.doctor.internal.rules;

import static dev.rabbittune.doctor.Severity.CRITICAL;
import static dev.rabbittune.doctor.Severity.WARNING;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Rule;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.snapshot.CertificateFacts;
import dev.rabbittune.doctor.snapshot.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Certificates of the TLS listeners, as presented in a handshake: expiring at 30 days, critical at 7. */
final class TlsRules {

    static final Advice EXPIRING = new Advice("tls-certificate-expiring", Scope.BROKER,
            "A TLS listener's certificate expires soon (or has): from then on clients that verify certificates "
                    + "cannot connect to it, and a node reloads a renewed certificate only when told to.",
            "replace the certificate (and key) files on disk, then rabbitmqctl eval -n NODE "
                    + "'ssl:clear_pem_cache().' so new connections use them (TLS guide, rotation)",
            Docs.TLS + "#rotation");

    private TlsRules() {
    }

    static List<Rule> rules() {
        return List.of(Rule.of(EXPIRING.id(), TlsRules::expiring));
    }

    /** Days left are counted from the snapshot's time, so a saved snapshot gives the same answer later. */
    static List<Finding> expiring(Snapshot s) {
        Instant now = instant(s.takenAt());
        List<Finding> findings = new ArrayList<>();
        for (CertificateFacts c : s.broker().certificates()) {
            Instant notAfter = instant(c.notAfter());
            if (now == null || notAfter == null) {
                continue;
            }
            double days = Duration.between(now, notAfter).toMinutes() / (24 * 60.0);
            if (days >= 30) {
                continue;
            }
            findings.add(EXPIRING.finding(days < 7 ? CRITICAL : WARNING, c.node() + ":" + c.port(), Evidence.of(
                    "protocol", c.protocol(), "address", c.address(), "subject", c.subject(), "notAfter",
                    c.notAfter(), "daysLeft", Evidence.round(days))));
        }
        return findings;
    }

    private static Instant instant(String iso) {
        try {
            return iso == null ? null : Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
