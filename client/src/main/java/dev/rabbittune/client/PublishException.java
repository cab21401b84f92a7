package dev.rabbittune.client;

/** A message the broker did not take responsibility for; the future of its publish fails with a subtype. */
public class PublishException extends RuntimeException {

    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
