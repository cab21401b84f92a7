package dev.rabbittune.benchmarks.codecs;

import dev.rabbittune.client.codec.Codecs;

/** Prints "codec size encodedBytes rawEncodedBytes" for each codec and benchmark payload, for benchmarks/codecs-jmh. */
public final class CompressionRatios {

    private CompressionRatios() {
    }

    public static void main(String[] args) {
        for (RawLibrary raw : RawLibrary.values()) {
            for (int size : new int[] {1024, 4096, 10240}) {
                byte[] body = OrderDocuments.order(size);
                System.out.println(raw.contentEncoding + " " + body.length + " "
                        + Codecs.named(raw.contentEncoding).encode(body).length + " " + raw.encode(body).length);
            }
        }
    }
}
