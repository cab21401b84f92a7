package dev.rabbittune.report;

/** One result file, read and reduced to what the report shows. */
sealed interface ReportInput permits BenchInput, SweepInput, FindingsInput {

    /** The file's name, which labels it in the report. */
    String name();

    /** {@code bench: run.json (1p/1c, 133,845 received)}. */
    String describe();
}
