package dev.rabbittune.cli;

import dev.rabbittune.bench.BrokerInfo;
import dev.rabbittune.bench.Percentiles;
import dev.rabbittune.bench.Result;
import dev.rabbittune.bench.RunListener;
import dev.rabbittune.bench.Sample;
import dev.rabbittune.bench.Workload;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints a run as it goes: a header, one line per second, warnings, and the final summary; plus a progress bar on
 * stderr when stderr is a terminal (redrawn below the per-second lines, never mixed into piped output).
 */
final class ConsoleReport implements RunListener {

    private static final String LINE_FORMAT = "%8s %10s %10s %7s %8s %10s %9s %9s %9s %9s%n";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean quiet;
    private final boolean progressBar;
    private boolean barShown;

    ConsoleReport(PrintStream out, PrintStream err, boolean quiet, boolean progressBar) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.progressBar = progressBar;
    }

    @Override
    public void started(Workload workload, BrokerInfo broker, String exchange, List<String> queues) {
        out.printf(Locale.ROOT, "rabbittune bench '%s' against %s (%s %s, %s, %s)%n", workload.label(), broker.uri(),
                broker.product(), broker.version(), broker.erlang(),
                broker.nodes() < 0 ? "nodes unknown" : broker.nodes() + (broker.nodes() == 1 ? " node" : " nodes"));
        out.printf(Locale.ROOT, "  %d producers, %d consumers, %s exchange '%s', %d %s queue(s) %s%s%n",
                workload.producers(), workload.consumers(), workload.exchangeType().amqpName(), exchange,
                queues.size(), workload.queueType().argument(), queues.size() <= 3 ? queues : queues.subList(0, 3)
                        + "...", workload.targetRate() > 0
                        ? String.format(Locale.ROOT, ", target %.0f msg/s", workload.targetRate()) : "");
        if (!quiet) {
            out.printf(LINE_FORMAT, "time", "sent/s", "confirm/s", "nacked", "returned", "received/s", "p50 ms",
                    "p95 ms", "p99 ms", "max ms");
        }
    }

    @Override
    public void sample(Sample s, double progress) {
        clearBar();
        if (!quiet) {
            out.printf(Locale.ROOT, LINE_FORMAT, String.format(Locale.ROOT, "%.1fs%s", s.elapsedSeconds(),
                            marker(s.phase())), rate(s.sentRate()), rate(s.confirmedRate()),
                    s.nacked(), s.returned(), rate(s.receivedRate()), ms(s.latency().p50Ms()),
                    ms(s.latency().p95Ms()), ms(s.latency().p99Ms()), ms(s.latency().maxMs()));
            if (s.connectionsDown() > 0) {
                out.printf(Locale.ROOT, "         %d connection(s) down, recovering%n", s.connectionsDown());
            }
            out.flush();
        }
        if (progressBar) {
            int width = 30;
            int filled = (int) Math.round(progress * width);
            err.printf(Locale.ROOT, "\r[%s%s] %3.0f%% %.0fs", "#".repeat(filled), ".".repeat(width - filled),
                    progress * 100, s.elapsedSeconds());
            err.flush();
            barShown = true;
        }
    }

    /** "w" marks warm-up seconds (not in the summary), "*" the drain after publishing. */
    private static String marker(String phase) {
        return switch (phase) {
            case "warmup" -> "w";
            case "drain" -> "*";
            default -> "";
        };
    }

    @Override
    public void warning(String message) {
        clearBar();
        err.println("warning: " + message);
    }

    void summary(Result r) {
        clearBar();
        Result.Counts c = r.counts();
        out.println();
        out.printf(Locale.ROOT, "summary%s: %.1f s publishing, %.1f s in all%s%s%n",
                r.interrupted() ? " (interrupted, partial)" : r.failure() != null ? " (failed, partial)" : "",
                r.publishSeconds(), r.totalSeconds(), r.warmupSeconds() > 0 ? String.format(Locale.ROOT,
                        "; rates and latency after a %.0f s warm-up", r.warmupSeconds()) : "",
                r.drained() ? "" : ", NOT every message accounted for");
        out.printf(Locale.ROOT, "  sent       %,12d  %,10.0f msg/s%s%n", c.sent(), r.rates().sent(),
                r.rates().target() > 0 ? String.format(Locale.ROOT, "  (target %,.0f)", r.rates().target()) : "");
        if (c.missed() > 0) {
            out.printf(Locale.ROOT, "  missed     %,12d  fixed-rate slots due and never sent%n", c.missed());
        }
        if (r.workload().publish().confirmWindow() > 0) {
            out.printf(Locale.ROOT, "  confirmed  %,12d  %,10.0f msg/s   nacked %d   unconfirmed %d%n", c.confirmed(),
                    r.rates().confirmed(), c.nacked(), c.unconfirmed());
        }
        if (r.workload().publish().txSize() > 0) {
            out.printf(Locale.ROOT, "  committed  %,12d  in transactions of %d%n", c.committed(),
                    r.workload().publish().txSize());
        }
        if (r.workload().publish().mandatory()) {
            out.printf(Locale.ROOT, "  returned   %,12d%n", c.returned());
        }
        out.printf(Locale.ROOT, "  received   %,12d  %,10.0f msg/s%s%n", c.received(), r.rates().received(),
                accounting(c));
        out.println("  latency    " + percentiles(r.latency()));
        out.println("             from " + r.latencyFrom());
        if (r.workload().publish().confirmWindow() > 0) {
            out.println("  confirm    " + percentiles(r.confirmLatency()));
            Result.SlotWait wait = r.confirmSlotWait();
            out.printf(Locale.ROOT, "  slot wait  %,d waits for a confirm slot (a full window), %.2f s in all%s%n",
                    wait.waits(), wait.totalSeconds(), wait.waits() > 0 ? ", p99 " + ms(wait.perWait().p99Ms())
                            + " ms" : "");
        }
        if (r.warmupSeconds() > 0) {
            out.println("  warm-up    " + percentiles(r.warmupLatency()));
        }
        for (Result.Outage outage : r.outages()) {
            out.printf(Locale.ROOT, "  outage     %s down %.1f s from %.1f s%s%n", outage.connection(),
                    outage.durationSeconds(), outage.startedAtSeconds(), outage.recovered() ? "" : ", not recovered");
        }
        double messages = Math.max(1, c.sent() + c.received());
        out.printf(Locale.ROOT, "  client CPU %.2f s (%.2f us per message sent or received)%s%n",
                r.clientCpuSeconds(), r.clientCpuSeconds() * 1e6 / messages, r.machineCpuPercent() >= 0
                        ? String.format(Locale.ROOT, "; machine %.0f%% busy", r.machineCpuPercent()) : "");
        out.flush();
    }

    /** Undelivered, duplicates and lost where they are known. */
    private static String accounting(Result.Counts c) {
        StringBuilder text = new StringBuilder();
        if (c.undelivered() >= 0) {
            text.append("   undelivered ").append(c.undelivered());
        }
        if (c.duplicates() >= 0) {
            text.append("   duplicates ").append(c.duplicates());
        }
        if (c.lost() >= 0) {
            text.append("   lost ").append(c.lost());
        }
        return text.toString();
    }

    private static String percentiles(Percentiles p) {
        if (p.count() == 0) {
            return "no samples (bodies under 12 bytes carry no timestamp)";
        }
        return String.format(Locale.ROOT, "p50 %s  p95 %s  p99 %s  p99.9 %s  max %s ms  (n=%,d)", ms(p.p50Ms()),
                ms(p.p95Ms()), ms(p.p99Ms()), ms(p.p999Ms()), ms(p.maxMs()), p.count());
    }

    private void clearBar() {
        if (barShown) {
            err.print("\r" + " ".repeat(50) + "\r");
            err.flush();
            barShown = false;
        }
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String ms(double millis) {
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f", millis) : String.format(Locale.ROOT, "%.2f", millis);
    }
}
