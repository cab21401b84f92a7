package dev.rabbittune.doctor.internal.rules;

import dev.rabbittune.doctor.Finding;
import dev.rabbittune.doctor.Scope;
import dev.rabbittune.doctor.Severity;
import java.util.Map;

/**
 * The fixed text of one rule: its id, scope, why it matters, the usual fix and the doc it rests on. Rules add the
 * severity, subject and evidence they observed, and may size the fix.
 */
record Advice(String id, Scope scope, String why, String fix, String reference) {

    Finding finding(Severity severity, String subject, Map<String, Object> evidence) {
        return new Finding(id, severity, scope, subject, evidence, why, fix, reference);
    }

    Finding finding(Severity severity, String subject, Map<String, Object> evidence, String sizedFix) {
        return new Finding(id, severity, scope, subject, evidence, why, sizedFix, reference);
    }
}
