package dev.rabbittune.client.codec;

import dev.rabbittune.core.RabbitTuneException;

/**
 * A message body could not be encoded or decoded: unknown {@code content_encoding}, corrupt or truncated payload, or a
 * payload that would decode to more than the allowed size. The message names the encoding and the reason; the
 * encoding is also available from {@link #encoding()}.
 */
public final class CodecException extends RabbitTuneException {

    private final String encoding;

    CodecException(String encoding, String reason) {
        this(encoding, reason, null);
    }

    CodecException(String encoding, String reason, Throwable cause) {
        super("content_encoding '" + encoding + "': " + reason, cause);
        this.encoding = encoding;
    }

    static CodecException corrupt(String encoding, String detail, Throwable cause) {
        return new CodecException(encoding, "corrupt or truncated payload (" + detail + ")", cause);
    }

    static CodecException corrupt(String encoding, String detail) {
        return corrupt(encoding, detail, null);
    }

    static CodecException tooLarge(String encoding, long decodedBytes, int maxDecodedBytes) {
        String size = decodedBytes < 0 ? "more than " + maxDecodedBytes : Long.toString(decodedBytes);
        return new CodecException(encoding, "payload decodes to " + size + " bytes, over the limit of "
                + maxDecodedBytes + " bytes (a decompression bomb, or a bigger message than expected: raise the limit"
                + " with Codecs.named(\"" + encoding + "\", maxDecodedBytes))");
    }

    /** The {@code content_encoding} value involved, as given (may be empty, never null). */
    public String encoding() {
        return encoding;
    }

    /** A corrupt or unreadable message is bad input, like an invalid option. */
    @Override
    public Kind kind() {
        return Kind.BAD_INPUT;
    }
}
