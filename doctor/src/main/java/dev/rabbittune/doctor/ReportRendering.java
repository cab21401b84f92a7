package dev.rabbittune.doctor;

import dev.rabbittune.core.Json;
import dev.rabbittune.doctor.internal.report.ConsoleRenderer;
import dev.rabbittune.doctor.internal.report.MarkdownRenderer;
import java.io.UncheckedIOException;

/** A {@link DoctorReport} written out: console text, JSON, Markdown. The report is data; it knows no renderer. */
public final class ReportRendering {

    private ReportRendering() {
    }

    /** One line per finding grouped by severity; {@code explain} adds why, fix and reference under each. */
    public static String console(DoctorReport report, boolean explain) {
        return ConsoleRenderer.render(report, explain);
    }

    /** The JSON form: {@code {"tool": "rabbittune-doctor", "formatVersion": 1, "findings": [...], "summary": {...}}}. */
    public static String json(DoctorReport report) {
        try {
            return Json.mapper().writeValueAsString(report);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Markdown document: summary, then a table per severity, then each finding's why and fix. */
    public static String markdown(DoctorReport report) {
        return MarkdownRenderer.render(report);
    }
}
