package dev.rabbittune.client.codec;

import java.util.Objects;

/**
 * A message body ready to publish, with the {@code content_encoding} to set on the message.
 *
 * @param body            the bytes to publish
 * @param contentEncoding the codec's name, or null when the body is not compressed (leave the property unset)
 */
public record EncodedBody(byte[] body, String contentEncoding) {

    public EncodedBody {
        Objects.requireNonNull(body, "body");
    }

    /** True when the body was compressed and {@link #contentEncoding()} must be set on the message. */
    public boolean compressed() {
        return contentEncoding != null;
    }
}
