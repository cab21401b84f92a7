package dev.rabbittune.doctor.snapshot;

/** One exchange: where it is, what it is called and its type. */
public record ExchangeFacts(String vhost, String name, String type) {
}
