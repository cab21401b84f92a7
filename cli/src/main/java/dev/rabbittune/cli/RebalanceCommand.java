package dev.rabbittune.cli;

import dev.rabbittune.core.BadInputException;
import dev.rabbittune.doctor.rebalance.RebalancePlan;
import dev.rabbittune.doctor.rebalance.RebalancePlan.QueueKind;
import dev.rabbittune.doctor.rebalance.Rebalancer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rabbittune rebalance}: queue leaders per node now and after a rebalance; with {@code --apply} the node
 * named by {@code --node} performs it ({@code rabbitmq-queues rebalance}) and the placement is read again.
 */
@Command(name = "rebalance", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Show queue leaders per node now and after a rebalance; --apply performs it.",
            "Without --apply nothing changes. Applying runs 'rabbitmq-queues --node NODE rebalance TYPE' (the",
            "management API has no rebalance endpoint), so it needs the RabbitMQ CLI and the Erlang cookie here."})
final class RebalanceCommand implements Callable<Integer> {

    private static final int MOVES_SHOWN = 20;
    /** The API shows a quorum queue's new leader with its next statistics (collect_statistics_interval, 5 s+). */
    private static final java.time.Duration STATS_CATCH_UP = java.time.Duration.ofSeconds(45);

    @picocli.CommandLine.Mixin
    ManagementOptions management;

    @Option(names = "--type", paramLabel = "TYPE", converter = KindConverter.class,
            description = "queues to rebalance: all (default), quorum, stream (3.12+) or classic (mirrored, before 4.0)")
    QueueKind kind = QueueKind.ALL;

    @Option(names = "--apply", description = "perform the rebalance (default: only show the plan)")
    boolean apply;

    @Option(names = "--node", paramLabel = "NODE",
            description = "node that runs the rebalance (default: the node serving the management API)")
    String node;

    @Option(names = "--queues-cli", paramLabel = "PATH",
            description = "the rabbitmq-queues command (default: rabbitmq-queues on the PATH)")
    String queuesCli = "rabbitmq-queues";

    @Option(names = "--verbose", description = "print stack traces of errors")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        Rebalancer rebalancer = new Rebalancer(management.api());
        RebalancePlan plan;
        try {
            plan = rebalancer.plan(kind);
        } catch (BadInputException notTaken) {
            throw withOption(notTaken, "--type TYPE");
        }
        print(plan);
        if (!apply) {
            System.out.println(plan.balanced() ? "nothing to do"
                    : "dry run: nothing changed; run again with --apply to perform it");
            return ExitCodes.OK;
        }
        if (plan.balanced()) {
            System.out.println("already balanced: nothing to apply");
            return ExitCodes.OK;
        }
        String target = node != null ? node : rebalancer.apiNode();
        if (target == null) {
            throw new BadInputException("cannot tell which node serves the management API", "pass --node NODE", null);
        }
        System.out.println("applying: " + queuesCli + " --node " + target + " rebalance " + kind.cliName());
        try {
            rebalancer.apply(target, kind, queuesCli);
        } catch (BadInputException cannotRun) {
            throw withOption(cannotRun, "--queues-cli PATH");
        }
        RebalancePlan now = rebalancer.awaitPlacement(plan, STATS_CATCH_UP);
        System.out.println("leaders per node after the rebalance (from the management API):");
        table(now.before(), null);
        if (now.before().equals(plan.before())) {
            System.out.println("(the management API still shows the old placement after "
                    + STATS_CATCH_UP.toSeconds() + " s: it reports leaders from queue statistics; look again later)");
        }
        return ExitCodes.OK;
    }

    private void print(RebalancePlan plan) {
        System.out.println("queue leaders per node (" + plan.kind().cliName() + " replicated queues), now -> "
                + "after a rebalance:");
        table(plan.before(), plan.after());
        List<RebalancePlan.Move> moves = plan.moves();
        System.out.println(moves.size() + " leadership transfer(s) planned" + (moves.isEmpty() ? "" : ":"));
        moves.stream().limit(MOVES_SHOWN).forEach(m ->
                System.out.println("  " + m.queue() + ": " + m.from() + " -> " + m.to()));
        if (moves.size() > MOVES_SHOWN) {
            System.out.println("  … and " + (moves.size() - MOVES_SHOWN) + " more");
        }
        if (plan.notMovable() > 0) {
            System.out.println(plan.notMovable() + " queue(s) cannot move (streams, or no other replica online)");
        }
    }

    private static void table(Map<String, Integer> now, Map<String, Integer> after) {
        now.forEach((n, count) -> System.out.printf(Locale.ROOT, "  %-32s %6d%s%n", n, count,
                after == null ? "" : String.format(Locale.ROOT, " -> %6d", after.getOrDefault(n, 0))));
    }

    /** Accepts all/quorum/stream/classic in any case. */
    static final class KindConverter implements CommandLine.ITypeConverter<QueueKind> {
        @Override
        public QueueKind convert(String value) {
            try {
                return QueueKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("invalid queue type '" + value
                        + "': expected all, quorum, stream or classic");
            }
        }
    }

    /** The doctor's hint in its own terms, with the option of this command that acts on it. */
    private static BadInputException withOption(BadInputException refused, String option) {
        return new BadInputException(refused.getMessage(), refused.hint() + " (" + option + ")", refused);
    }
}
