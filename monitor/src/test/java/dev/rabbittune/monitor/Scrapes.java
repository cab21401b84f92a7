package dev.rabbittune.monitor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

/** Reads the exporter the way Prometheus does: an HTTP GET of /metrics, then one sample by name and labels. */
final class Scrapes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Scrapes() {
    }

    static String get(Monitor monitor) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + monitor.address().getPort() + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /** The value of the sample whose name and labels start as {@code selector} (e.g. {@code x{node="a"}}). */
    static OptionalDouble value(String scrape, String selector) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            boolean match = selector.contains("{") ? line.startsWith(selector.substring(0, selector.length() - 1))
                    && line.contains(selector.substring(selector.indexOf('{') + 1, selector.length() - 1))
                    : line.startsWith(selector + " ") || line.startsWith(selector + "{");
            if (match) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    /** The value, or NaN when the exporter has no such sample (yet). */
    static double of(Monitor monitor, String selector) {
        try {
            return value(get(monitor), selector).orElse(Double.NaN);
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }
}
