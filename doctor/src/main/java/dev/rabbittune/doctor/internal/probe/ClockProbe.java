package dev.rabbittune.doctor.internal.probe;

import dev.rabbittune.doctor.snapshot.ListenerFacts;
import dev.rabbittune.doctor.snapshot.NodeClockFacts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks each node's own management listener for the time: Cowboy puts an RFC 1123 {@code Date} header on every
 * reply, even a 401 or the UI's index page, so no credentials are sent. Nodes are reached through
 * {@link NodeHosts}.
 */
final class ClockProbe {

    private ClockProbe() {
    }

    static List<NodeClockFacts> clocks(String managementBaseUrl, String apiNode, List<ListenerFacts> listeners) {
        NodeHosts hosts = new NodeHosts(managementBaseUrl, apiNode);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        List<NodeClockFacts> clocks = new ArrayList<>();
        for (ListenerFacts l : listeners) {
            if (!"http".equals(l.protocol()) && !"https".equals(l.protocol())) {
                continue;
            }
            NodeClockFacts clock = ask(http, l, l.protocol() + "://" + hosts.hostOf(l.node()) + ":" + l.port() + "/");
            if (clock != null) {
                clocks.add(clock);
            }
        }
        return clocks;
    }

    private static NodeClockFacts ask(HttpClient http, ListenerFacts l, String url) {
        try {
            long before = System.currentTimeMillis();
            HttpResponse<Void> reply = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            long after = System.currentTimeMillis();
            String date = reply.headers().firstValue("date").orElse(null);
            if (date == null) {
                return null;
            }
            long nodeMillis = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            // Cowboy serves a Date cached and refreshed once a second (cowboy_clock: send_interval(1000), at any
            // phase) and truncated to the second: the node's time lies in [nodeMillis, nodeMillis + 2000)
            long midpoint = (before + after) / 2;
            return new NodeClockFacts(l.node(), URI.create(url).getAuthority(), nodeMillis + 1000 - midpoint,
                    1000 + (after - before) / 2);
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            return null; // not reachable from here: the clock stays unknown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
