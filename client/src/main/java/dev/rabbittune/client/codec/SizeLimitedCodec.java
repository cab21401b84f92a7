package dev.rabbittune.client.codec;

/** A compressing codec: its {@code content_encoding} name and the most bytes it will decode one payload to. */
abstract class SizeLimitedCodec implements Codec {

    private final String name;
    final int maxDecodedBytes;

    SizeLimitedCodec(String name, int maxDecodedBytes) {
        this.name = name;
        this.maxDecodedBytes = maxDecodedBytes;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String toString() {
        return name;
    }
}
